/*
 * cmd_plan.c - `upr-schedule plan`: load, solve, check, write.
 *
 * Every timetable the solver returns goes through the independent checker
 * before anything is written; a timetable that breaks a hard constraint is
 * never published (it would be a bug in the search, reported as such).
 *
 * With --baseline (a published timetable.json) the baseline is read
 * leniently: a speaker or State that is gone from the input is what a
 * re-plan is for, so its id is not an error; its events are cancelled.
 * The solver keeps what it can (score `moved`), and the history of the
 * calendars (SEQUENCE, cancelled events) and changes.txt come from the
 * difference between the baseline and the new plan (docs/replan.md).
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/check.h"
#include "cli/common.h"
#include "export/export.h"
#include "load/timetable_read.h"
#include "solve/solve.h"
#include "upr/upr.h"

struct progress {
	bool tty;
	bool shown;
};

static void on_progress(void *ctx, const struct upr_solve_progress *pr)
{
	struct progress *g = ctx;
	if (!g->tty)
		return;
	fprintf(stderr, "\rupr-schedule: best %lld, bound %lld, %.1f s   ",
		(long long)pr->best, (long long)pr->bound, pr->seconds);
	g->shown = true;
}

int upr_cmd_plan(int argc, char **argv)
{
	enum { OPT_SEED = 256, OPT_EFFORT, OPT_TIME, OPT_BASELINE };
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "effort", required_argument, NULL, OPT_EFFORT },
		{ "time-limit", required_argument, NULL, OPT_TIME },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = "out", *baseline = NULL;
	unsigned formats = upr_formats_all();
	struct upr_solve_opts so;
	memset(&so, 0, sizeof(so));
	so.seed = 1;
	int quiet = 0, verbose = 0;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:f:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f': {
			const char *bad;
			size_t badlen;
			formats = upr_formats_parse(optarg, &bad, &badlen);
			if (!formats)
				return upr_cli_format_error("plan", bad, badlen);
			break;
		}
		case OPT_SEED: {
			long long v;
			/* timetable.json stores the seed as a JSON number: keep it
			 * exact in a double (2^53) */
			if (upr_cli_number(optarg, 0, 9007199254740992LL, &v) != 0)
				return upr_cli_usage_error("plan", "--seed needs a whole number from 0 to 2^53, got '%s'", optarg);
			so.seed = (uint64_t)v;
			break;
		}
		case OPT_EFFORT: {
			long long v;
			if (upr_cli_number(optarg, 1, LONG_MAX / 8, &v) != 0)
				return upr_cli_usage_error("plan", "--effort needs a whole number >= 1, got '%s'", optarg);
			so.effort = (long)v;
			break;
		}
		case OPT_TIME: {
			char *end;
			errno = 0;
			double v = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(v > 0) || v > 1e7)
				return upr_cli_usage_error("plan", "--time-limit needs seconds > 0, got '%s'", optarg);
			so.time_limit = v;
			break;
		}
		case OPT_BASELINE:
			baseline = optarg;
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
	/* `-o -`: the one file of a single-file format goes to stdout */
	bool to_stdout = strcmp(out, "-") == 0;
	if (to_stdout && (baseline || upr_formats_single_file(formats) < 0)) {
		char names[256];
		upr_formats_list(names, sizeof(names), ", ", " or ", true);
		return upr_cli_usage_error("plan", "'-o -' writes one file: give one of -f %s, and no --baseline",
					   names);
	}

	double t0 = upr_cli_now();
	struct upr_diags diags;
	upr_diags_init(&diags);
	struct upr_problem *p = NULL;
	struct upr_timetable *base = NULL, *t = NULL;
	struct upr_tt_events base_events = { NULL, 0 };
	struct upr_history hist;
	upr_history_init(&hist);
	int rc = UPR_EXIT_USAGE;
	if (upr_load((const char *const *)argv + optind, (size_t)(argc - optind), &p, &diags) != 0)
		goto done;
	if (baseline) {
		if (upr_timetable_read_file_mode(p, baseline, UPR_TT_BASELINE, &base, &base_events,
						 &diags) != 0)
			goto done;
		so.baseline = base;
	}
	if (so.time_limit > 0 && !quiet)
		fprintf(stderr, "upr-schedule: --time-limit may stop the search at a point that depends on this machine's speed; the output may differ between runs\n");

	/* progress only on a terminal; CI logs get the one summary line */
	struct progress prog = { !quiet && isatty(fileno(stderr)), false };
	so.progress = on_progress;
	so.progress_ctx = &prog;
	struct upr_solve_stats stats;
	int s = upr_solve(p, &so, &t, &diags, &stats);
	if (prog.shown)
		fputc('\n', stderr);
	if (s < 0) {
		upr_error(&diags, NULL, "out of memory");
		rc = UPR_EXIT_FAIL;
		goto done;
	}
	if (s > 0) {
		rc = UPR_EXIT_FAIL;
		goto done;
	}

	/* The independent judge: nothing is written that it rejects. */
	struct upr_check_result cr;
	upr_check_result_init(&cr);
	struct upr_check_opts co = { false, base };
	long nv = upr_check(p, t, &co, &cr);
	if (nv != 0) {
		if (nv < 0)
			upr_error(&diags, NULL, "out of memory");
		for (size_t i = 0; i < cr.n; i++)
			upr_error(&diags, NULL, "internal error: the plan breaks %s: %s",
				  upr_hard_names[cr.v[i].code], cr.v[i].message);
		upr_check_result_release(&cr);
		rc = UPR_EXIT_FAIL;
		goto done;
	}
	t->score = cr.score;
	upr_check_result_release(&cr);
	if (t->optimal && t->lower_bound != t->score.total)
		t->lower_bound = t->score.total;

	struct upr_export_opts eo;
	memset(&eo, 0, sizeof(eo));
	eo.dtstamp = upr_cli_dtstamp(p);
	if (base) {
		if (upr_history_build(&hist, p, t, base, &base_events, eo.dtstamp) != 0) {
			upr_error(&diags, NULL, "out of memory");
			rc = UPR_EXIT_FAIL;
			goto done;
		}
		eo.history = hist.events;
		eo.nhistory = hist.nevents;
		/* changes.txt goes with every re-plan, whatever -f asks */
		formats |= UPR_FMT(UPR_FORMAT_CHANGES);
	}
	if (to_stdout) {
		const struct upr_write_ctx ctx = { p, p, t, &eo, NULL };
		int w = upr_formats[upr_formats_single_file(formats)].files[0].write(&ctx, 0, stdout);
		if (w != 0 || fflush(stdout) != 0 || ferror(stdout)) {
			upr_error(&diags, NULL, "cannot write to standard output");
			rc = UPR_EXIT_WRITE;
			goto done;
		}
	} else if (upr_write_outputs_history(p, t, out, formats, &eo, base ? &hist : NULL,
					     &diags) != 0) {
		rc = UPR_EXIT_WRITE;
		goto done;
	}
	rc = UPR_EXIT_OK;
	if (!quiet) {
		size_t nst = 0;
		for (size_t i = 0; i < t->nsessions; i++)
			nst += t->sessions[i].nstmts;
		double ms = (upr_cli_now() - t0) * 1000.0;
		fprintf(stderr, "upr-schedule: %zu sessions, %zu statements, %zu waitlisted, score %lld (%s), %.1f ms\n",
			t->nsessions, nst, t->nwaitlist, (long long)t->score.total,
			t->optimal ? "optimal" : "best found", ms);
		if (!t->optimal)
			fprintf(stderr, "upr-schedule: lower bound %lld\n", (long long)t->lower_bound);
		if (base)
			fprintf(stderr, "upr-schedule: against %s: %zu session%s moved, %zu change%s, %zu calendar event%s updated (%zu cancelled); see %s/changes.txt\n",
				baseline, (size_t)t->score.count[UPR_W_MOVED],
				t->score.count[UPR_W_MOVED] == 1 ? "" : "s", hist.nchanges,
				hist.nchanges == 1 ? "" : "s", hist.changed, hist.changed == 1 ? "" : "s",
				hist.cancelled, out);
	}
	if (verbose)
		fprintf(stderr,
			"upr-schedule: slots %ld, greedy %lld, intra evaluations %ld (%ld nodes), branch and bound %ld nodes %ld leaves%s, lns %ld iterations %ld improvements, setup %.1f ms, search %.1f ms%s\n",
			stats.slots, (long long)stats.greedy_cost, stats.intra_evals, stats.intra_nodes, stats.bb_nodes,
			stats.bb_leaves, stats.bb_complete ? " (complete)" : "",
			stats.lns_iterations, stats.lns_improvements, stats.seconds_setup * 1000,
			stats.seconds_search * 1000, stats.time_out ? ", stopped by --time-limit" : "");
done:
	upr_cli_print_diags(&diags);
	upr_diags_release(&diags);
	upr_history_release(&hist);
	upr_timetable_free(t);
	upr_timetable_free(base);
	upr_problem_free(p);
	return rc;
}
