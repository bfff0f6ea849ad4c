/*
 * cmd_edit.c - `upr-schedule edit INPUT... --timetable FILE VERB ...`:
 * parse the options and the verb, load the input, call upr_edit
 * (src/api/edit.c: change the timetable, refit, judge, publish as a
 * re-plan) and print the score before and after, part by part.
 *
 * The verbs are the rows of verbs[] below: the first argument that names
 * one ends the inputs; its own options (--to, --room, --state,
 * --in-place) are refused with another verb.  `pin` writes no timetable:
 * it prints the pins of States (or writes them into their YAML file) with
 * upr_edit_pin (src/api/pin.c).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/common.h"
#include "upr/upr.h"

/* The options a verb takes, besides the common ones. */
enum { VOPT_TO = 1, VOPT_ROOM = 2, VOPT_STATE = 4, VOPT_IN_PLACE = 8 };

static const struct verb {
	const char *name;
	enum upr_edit_verb verb;	/* (pin: none) */
	bool pin;
	unsigned opts;		/* VOPT_ bits it takes */
	const char *usage;
} verbs[] = {
	{ "move", UPR_EDIT_MOVE, false, VOPT_TO | VOPT_ROOM, "move STATE --to \"YYYY-MM-DD HH:MM\" [--room ROOM]" },
	{ "swap", UPR_EDIT_SWAP, false, 0, "swap STATE STATE" },
	{ "order", UPR_EDIT_ORDER, false, 0, "order STATE SPEAKER..." },
	{ "waitlist", UPR_EDIT_WAITLIST, false, VOPT_STATE, "waitlist SPEAKER [--state STATE]" },
	{ "seat", UPR_EDIT_SEAT, false, VOPT_STATE, "seat SPEAKER [--state STATE]" },
	{ "pin", UPR_EDIT_MOVE, true, VOPT_IN_PLACE, "pin STATE... [--in-place]" },
};

static const struct verb *find_verb(const char *name)
{
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

/* "+100", "-5", "0" */
static void signed_num(char out[24], int64_t v)
{
	snprintf(out, 24, v > 0 ? "+%lld" : "%lld", (long long)v);
}

/* The score before and after, and each part that differs, on stderr. */
static void print_score(const struct upr_edit_report *r)
{
	char diff[24];
	signed_num(diff, r->after - r->before);
	fprintf(stderr, "score: %lld before the edit, %lld after (%s)\n", (long long)r->before,
		(long long)r->after, r->after == r->before ? "no change" : diff);
	for (size_t k = 0; k < r->nparts; k++) {
		const struct upr_score_part *x = &r->part[k];
		if (x->before == x->after)
			continue;
		signed_num(diff, x->after - x->before);
		fprintf(stderr, "  %-18s %lld -> %lld (%s)\n", x->name, (long long)x->before,
			(long long)x->after, diff);
	}
}

int upr_cmd_edit(int argc, char **argv)
{
	enum { OPT_FORCE = 256, OPT_LANG, OPT_TO, OPT_ROOM, OPT_STATE, OPT_IN_PLACE };
	static const struct option opts[] = {
		{ "timetable", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "to", required_argument, NULL, OPT_TO },
		{ "room", required_argument, NULL, OPT_ROOM },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "in-place", no_argument, NULL, OPT_IN_PLACE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ttpath = NULL, *out = NULL, *lang = NULL, *to = NULL, *room = NULL,
		   *state = NULL;
	unsigned formats = 0, given = 0;
	bool force = false, quiet = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:o:f:qh", opts, NULL)) != -1) {
		switch (c) {
		case 't': ttpath = optarg; break;
		case 'o': out = optarg; break;
		case 'f':
			if (upr_cli_formats("edit", optarg, &formats) != 0)
				return UPR_EXIT_USAGE;
			break;
		case OPT_FORCE: force = true; break;
		case OPT_LANG:
			if (upr_cli_lang("edit", optarg, &lang) != 0)
				return UPR_EXIT_USAGE;
			break;
		case OPT_TO: to = optarg; given |= VOPT_TO; break;
		case OPT_ROOM: room = optarg; given |= VOPT_ROOM; break;
		case OPT_STATE: state = optarg; given |= VOPT_STATE; break;
		case OPT_IN_PLACE: given |= VOPT_IN_PLACE; break;
		case 'q': quiet = true; break;
		case 'h':
			upr_cli_print_help("edit");
			return UPR_EXIT_OK;
		case ':':
			return upr_cli_usage_error("edit", "option '%s' needs a value", argv[optind - 1]);
		default:
			return upr_cli_usage_error("edit", "unknown option '%s'", argv[optind - 1]);
		}
	}
	/* INPUT... VERB ARGS...: the first argument naming a verb ends the inputs */
	int at = optind;
	while (at < argc && !find_verb(argv[at]))
		at++;
	if (at == optind)
		return upr_cli_usage_error("edit", "edit needs at least one INPUT before the verb");
	if (at == argc)
		return upr_cli_usage_error("edit", "edit needs a verb: move, swap, order, waitlist, seat or pin");
	const struct verb *v = find_verb(argv[at]);
	if (!ttpath)
		return upr_cli_usage_error("edit", "edit needs --timetable FILE");
	if (given & ~v->opts)
		return upr_cli_usage_error("edit", "%s takes no %s: usage: edit ... %s", v->name,
					   (given & ~v->opts & VOPT_TO)      ? "--to" :
					   (given & ~v->opts & VOPT_ROOM)    ? "--room" :
					   (given & ~v->opts & VOPT_STATE)   ? "--state" : "--in-place",
					   v->usage);
	if (out && strcmp(out, "-") == 0)
		return upr_cli_usage_error("edit", "edit writes a directory: -o DIR");

	struct upr_edit_request rq = {
		.timetable = ttpath,
		.out = out,
		.formats = formats,
		.verb = v->verb,
		.ids = (const char *const *)argv + at + 1,
		.nids = (size_t)(argc - at - 1),
		.state = state,
		.to = to,
		.room = room,
		.force = force,
		.dtstamp = upr_cli_dtstamp(),
		.lang = lang,
	};
	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_problem *p = NULL;
	struct upr_edit_report r;
	memset(&r, 0, sizeof(r));
	int rc = UPR_BAD_INPUT;
	if (upr_load((const char *const *)argv + optind, (size_t)(at - optind), &p, &d) != 0)
		goto done;
	if (v->pin) {
		struct upr_pin_request pq = { ttpath, rq.ids, rq.nids, (given & VOPT_IN_PLACE) != 0,
					      stdout };
		rc = upr_edit_pin(p, &pq, &d);
		if (rc == UPR_OK && pq.in_place && !quiet)
			fprintf(stderr, "upr-schedule: edit pin: %zu State%s pinned in the input\n",
				rq.nids, rq.nids == 1 ? "" : "s");
	} else {
		rc = upr_edit(p, &rq, &r, &d);
	}
done:
	upr_cli_print_diags(&d);
	upr_diags_release(&d);
	upr_problem_free(p);
	if (r.nparts && !quiet)
		print_score(&r);
	if (r.written && !quiet)
		fprintf(stderr, "upr-schedule: edit %s written: %zu change%s in changes.txt, %zu calendar event%s updated, %zu cancelled\n",
			v->name, r.changes, r.changes == 1 ? "" : "s", r.events_changed,
			r.events_changed == 1 ? "" : "s", r.events_cancelled);
	return upr_cli_exit(rc);
}
