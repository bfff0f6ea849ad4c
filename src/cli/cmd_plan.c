/*
 * cmd_plan.c - `upr-schedule plan`: parse the options, load the input, call
 * upr_plan (src/api/plan.c: baseline, search, explanation, checker,
 * history, files), print the summary and pick the exit code.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/common.h"
#include "upr/upr.h"

struct progress {
	bool tty;	/* show the search's progress, on a terminal */
	bool warn;	/* --time-limit: say that the output may vary */
	bool shown;
};

static void on_progress(void *ctx, const struct upr_plan_progress *pr)
{
	struct progress *g = ctx;
	if (pr->started) {
		if (g->warn)
			fprintf(stderr, "upr-schedule: --time-limit may stop the search at a point that depends on this machine's speed; the output may differ between runs\n");
		return;
	}
	if (!g->tty)
		return;
	fprintf(stderr, "\rupr-schedule: best %lld, bound %lld, %.1f s   ",
		(long long)pr->best, (long long)pr->bound, pr->seconds);
	g->shown = true;
}

int upr_cmd_plan(int argc, char **argv)
{
	/* --time-limit counts from here: loading is part of the run */
	double t0 = upr_cli_now();
	enum { OPT_SEED = 256, OPT_EFFORT, OPT_TIME, OPT_BASELINE, OPT_FRESH, OPT_LANG };
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "effort", required_argument, NULL, OPT_EFFORT },
		{ "time-limit", required_argument, NULL, OPT_TIME },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "fresh", no_argument, NULL, OPT_FRESH },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct upr_plan_opts po;
	memset(&po, 0, sizeof(po));
	po.seed = 1;
	po.out = "out";
	int quiet = 0, verbose = 0;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:f:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			po.out = optarg;
			break;
		case 'f':
			if (upr_cli_formats("plan", optarg, &po.formats) != 0)
				return UPR_EXIT_USAGE;
			break;
		case OPT_LANG:
			if (upr_cli_lang("plan", optarg, &po.lang) != 0)
				return UPR_EXIT_USAGE;
			break;
		case OPT_SEED: {
			long long v;
			/* timetable.json stores the seed as a JSON number: keep it
			 * exact in a double (2^53) */
			if (upr_cli_number(optarg, 0, 9007199254740992LL, &v) != 0)
				return upr_cli_usage_error("plan", "--seed needs a whole number from 0 to 2^53, got '%s'", optarg);
			po.seed = (uint64_t)v;
			break;
		}
		case OPT_EFFORT: {
			long long v;
			if (upr_cli_number(optarg, 1, LONG_MAX / 8, &v) != 0)
				return upr_cli_usage_error("plan", "--effort needs a whole number >= 1, got '%s'", optarg);
			po.effort = (long)v;
			break;
		}
		case OPT_TIME: {
			char *end;
			errno = 0;
			double v = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(v > 0) || v > 1e7)
				return upr_cli_usage_error("plan", "--time-limit needs seconds > 0, got '%s'", optarg);
			po.time_limit = v;
			break;
		}
		case OPT_BASELINE:
			po.baseline = optarg;
			break;
		case OPT_FRESH:
			po.fresh = true;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			upr_cli_print_help("plan");
			return UPR_EXIT_OK;
		case ':':
			return upr_cli_usage_error("plan", "option '%s' needs a value", argv[optind - 1]);
		default:
			return upr_cli_usage_error("plan", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return upr_cli_usage_error("plan", "plan needs at least one INPUT");
	if (po.fresh && po.baseline)
		return upr_cli_usage_error("plan", "--fresh and --baseline exclude each other: give one");
	/* `-o -`: the one file of a single-file format goes to stdout */
	if (strcmp(po.out, "-") == 0) {
		if (po.baseline || !upr_formats_one_file(po.formats)) {
			char names[256];
			upr_formats_list(names, sizeof(names), ", ", " or ", true);
			return upr_cli_usage_error("plan", "'-o -' writes one file: give one of -f %s, and no --baseline",
						   names);
		}
		po.stream = stdout;
	}

	struct upr_diags diags;
	upr_diags_init(&diags);
	struct upr_problem *p = NULL;
	struct upr_plan_report r = { 0 };
	int rc = UPR_BAD_INPUT;
	if (upr_load((const char *const *)argv + optind, (size_t)(argc - optind), &p, &diags) != 0)
		goto done;
	/* progress only on a terminal; CI logs get the one summary line */
	struct progress prog = { !quiet && isatty(fileno(stderr)), po.time_limit > 0 && !quiet,
				 false };
	po.progress = on_progress;
	po.progress_ctx = &prog;
	po.dtstamp = upr_cli_dtstamp();
	po.time_spent = upr_cli_now() - t0;
	rc = upr_plan(p, &po, &r, &diags);
	if (prog.shown)
		fputc('\n', stderr);
	if (rc != UPR_OK)
		goto done;
	if (!quiet) {
		double ms = (upr_cli_now() - t0) * 1000.0;
		fprintf(stderr, "upr-schedule: %zu sessions, %zu statements, %zu waitlisted, score %lld (%s), %.1f ms\n",
			r.sessions, r.statements, r.waitlisted, (long long)r.score,
			r.optimal ? "optimal" : "best found", ms);
		/* who waits and which States are not held, one line each:
		 * the reasons of timetable.json, where an organiser looks first */
		for (size_t i = 0; i < r.nleft; i++) {
			const struct upr_plan_left *l = &r.left[i];
			if (l->speaker)
				fprintf(stderr, "upr-schedule: waitlisted: %s (%s) for %s: %s\n",
					l->speaker, l->speaker_id, l->state, l->reason);
			else
				fprintf(stderr, "upr-schedule: not held: %s: %s\n", l->state,
					l->reason);
		}
		/* the bound in words: how far the best found may be from the
		 * best possible, which is what an organiser can act on */
		if (!r.optimal && r.score > 0 && r.lower_bound <= r.score)
			fprintf(stderr,
				"upr-schedule: lower bound %lld: no timetable can score less, so this one is at most %lld points (%.1f %%) above the best possible; a larger --effort may narrow the gap\n",
				(long long)r.lower_bound, (long long)(r.score - r.lower_bound),
				100.0 * (double)(r.score - r.lower_bound) / (double)r.score);
		else if (!r.optimal)
			fprintf(stderr, "upr-schedule: lower bound %lld\n", (long long)r.lower_bound);
		if (r.found && !r.fresh)
			fprintf(stderr, "upr-schedule: re-planned against %s, the timetable published there, to keep its calendars in step; give --fresh to start over\n",
				r.baseline);
		else if (r.fresh)
			fprintf(stderr, "upr-schedule: planned afresh; the calendar events of %s that the new plan does not have are published as cancelled\n",
				r.baseline);
		if (r.baseline)
			fprintf(stderr, "upr-schedule: against %s: %zu session%s moved, %zu change%s, %zu calendar event%s updated (%zu cancelled); see %s/changes.txt\n",
				r.baseline, r.moved, r.moved == 1 ? "" : "s", r.changes,
				r.changes == 1 ? "" : "s", r.events_changed,
				r.events_changed == 1 ? "" : "s", r.events_cancelled, po.out);
	}
	if (verbose) {
		const struct upr_search_counters *sc = &r.search;
		fprintf(stderr,
			"upr-schedule: slots %ld, greedy %lld, intra evaluations %ld (%ld nodes), branch and bound %ld nodes %ld leaves%s, lns %ld iterations %ld improvements, load %.1f ms, setup %.1f ms, search %.1f ms%s\n",
			sc->slots, (long long)sc->greedy_cost, sc->intra_evals, sc->intra_nodes, sc->bb_nodes,
			sc->bb_leaves, sc->bb_complete ? " (complete)" : "",
			sc->lns_iterations, sc->lns_improvements, po.time_spent * 1000,
			sc->seconds_setup * 1000,
			sc->seconds_search * 1000, sc->time_out ? ", stopped by --time-limit" : "");
	}
done:
	upr_plan_report_release(&r);
	upr_cli_print_diags(&diags);
	upr_diags_release(&diags);
	upr_problem_free(p);
	return upr_cli_exit(rc);
}
