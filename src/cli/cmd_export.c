/*
 * cmd_export.c - `upr-schedule export INPUT... --timetable FILE`: parse the
 * options, load the input, call upr_export (src/api/export.c: the files of
 * plan from an existing timetable, without solving) and pick the exit code.
 * One delegation's or one speaker's calendar goes to stdout (or to -o FILE);
 * its id may be typed in any case (upr_problem_find).  --baseline names the
 * published timetable.json that FILE was changed from: the calendars and
 * changes.txt are then those of a re-plan against it.  --notices DIR writes
 * the notices to speakers alone, into DIR/notices/ (they hold contacts).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/common.h"
#include "upr/upr.h"

int upr_cmd_export(int argc, char **argv)
{
	enum { OPT_DELEGATION = 256, OPT_SPEAKER, OPT_FORCE, OPT_LANG, OPT_BASELINE, OPT_NOTICES };
	static const struct option opts[] = {
		{ "timetable", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "delegation", required_argument, NULL, OPT_DELEGATION },
		{ "speaker", required_argument, NULL, OPT_SPEAKER },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "notices", required_argument, NULL, OPT_NOTICES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ttpath = NULL, *out = NULL, *delegation = NULL, *speaker = NULL;
	const char *baseline = NULL;
	unsigned formats = 0;	/* all */
	bool force = false;
	const char *lang = NULL;
	const char *notices = NULL;	/* the notices' directory: private */
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:o:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': ttpath = optarg; break;
		case 'o': out = optarg; break;
		case 'f':
			if (upr_cli_formats("export", optarg, &formats) != 0)
				return UPR_EXIT_USAGE;
			break;
		case OPT_DELEGATION: delegation = optarg; break;
		case OPT_SPEAKER: speaker = optarg; break;
		case OPT_FORCE: force = true; break;
		case OPT_BASELINE: baseline = optarg; break;
		case OPT_LANG:
			if (upr_cli_lang("export", optarg, &lang) != 0)
				return UPR_EXIT_USAGE;
			break;
		case OPT_NOTICES: notices = optarg; break;
		case 'h':
			upr_cli_print_help("export");
			return UPR_EXIT_OK;
		case ':':
			return upr_cli_usage_error("export", "option '%s' needs a value", argv[optind - 1]);
		default:
			return upr_cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return upr_cli_usage_error("export", "export needs at least one INPUT");
	if (!ttpath)
		return upr_cli_usage_error("export", "export needs --timetable FILE");
	if (delegation && speaker)
		return upr_cli_usage_error("export", "give --delegation or --speaker, not both");
	if (notices && (delegation || speaker || out || formats))
		return upr_cli_usage_error("export", "--notices DIR writes the notices alone: "
					   "not with --delegation, --speaker, --out or --format");
	if ((delegation || speaker) && formats && formats != upr_formats_parse("ics", NULL, NULL))
		return upr_cli_usage_error("export", "--delegation and --speaker export a calendar: --format ics");
	if (!delegation && !speaker && out && strcmp(out, "-") == 0 &&
	    (formats == 0 || (formats & (formats - 1)) != 0))
		return upr_cli_usage_error("export", "'-o -' writes one file: choose one --format");

	struct upr_export_request rq = {
		.timetable = ttpath,
		.baseline = baseline,
		.out = out,
		.formats = formats,
		.delegation = delegation,
		.speaker = speaker,
		.force = force,
		.lang = lang,
		.dtstamp = upr_cli_dtstamp(),
		.notices = notices,
	};
	/* one file: stdout, or a file named by -o */
	if ((delegation || speaker || out) && (!out || strcmp(out, "-") == 0))
		rq.stream = stdout;
	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_problem *p = NULL;
	int rc = UPR_BAD_INPUT;
	struct upr_found who;
	if (upr_load((const char *const *)argv + optind, (size_t)(argc - optind), &p, &d) != 0)
		goto done;
	/* an id in another case is taken; an unknown one gets did-you-mean */
	if (delegation || speaker) {
		unsigned kind = delegation ? UPR_ENTITY_DELEGATION : UPR_ENTITY_SPEAKER;
		if (upr_problem_find(p, kind, delegation ? delegation : speaker, &who, &d) != 0)
			goto done;
		*(delegation ? &rq.delegation : &rq.speaker) = who.id;
	}
	rc = upr_export(p, &rq, &d);
done:
	upr_cli_print_diags(&d);
	upr_diags_release(&d);
	upr_problem_free(p);
	return upr_cli_exit(rc);
}
