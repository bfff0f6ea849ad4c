/*
 * cmd_export.c - `upr-schedule export INPUT... --timetable FILE`: the files
 * of plan from an existing timetable, without solving.
 *
 * A timetable that breaks a hard constraint is refused unless --force: a
 * published calendar should never show an impossible programme by accident.
 * One delegation's or one speaker's calendar goes to stdout (or to -o FILE).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "cli/common.h"
#include "load/timetable_read.h"
#include "export/export.h"
#include "upr/upr.h"
#include "util/outfile.h"

/* The file that `export` writes alone: a calendar of the delegation or the
 * speaker (ics), or the first file of the one format. */
static const struct upr_format_file *one_file(unsigned formats, const char *delegation,
					      const char *speaker)
{
	if (delegation || speaker) {
		enum upr_per per = delegation ? UPR_PER_DELEGATION : UPR_PER_SPEAKER;
		const struct upr_format *ics = &upr_formats[UPR_FORMAT_ICS];
		for (int k = 0; k < UPR_FORMAT_MAX_FILES && ics->files[k].write; k++)
			if (ics->files[k].per == per)
				return &ics->files[k];
	}
	return &upr_formats[upr_formats_single(formats)].files[0];
}

int upr_cmd_export(int argc, char **argv)
{
	enum { OPT_DELEGATION = 256, OPT_SPEAKER, OPT_FORCE };
	static const struct option opts[] = {
		{ "timetable", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "delegation", required_argument, NULL, OPT_DELEGATION },
		{ "speaker", required_argument, NULL, OPT_SPEAKER },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ttpath = NULL, *out = NULL, *delegation = NULL, *speaker = NULL;
	unsigned formats = upr_formats_all();
	bool force = false, format_given = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:o:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': ttpath = optarg; break;
		case 'o': out = optarg; break;
		case 'f': {
			const char *bad;
			size_t badlen;
			formats = upr_formats_parse(optarg, &bad, &badlen);
			if (!formats)
				return upr_cli_format_error("export", bad, badlen);
			format_given = true;
			break;
		}
		case OPT_DELEGATION: delegation = optarg; break;
		case OPT_SPEAKER: speaker = optarg; break;
		case OPT_FORCE: force = true; break;
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
	if ((delegation || speaker) && format_given && formats != UPR_FMT(UPR_FORMAT_ICS))
		return upr_cli_usage_error("export", "--delegation and --speaker export a calendar: --format ics");
	if (!delegation && !speaker && out && strcmp(out, "-") == 0 &&
	    (formats & (formats - 1)) != 0)
		return upr_cli_usage_error("export", "'-o -' writes one file: choose one --format");

	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_problem *p = NULL;
	struct upr_timetable *t = NULL;
	struct upr_history hist;
	upr_history_init(&hist);
	int rc = UPR_EXIT_USAGE;
	if (upr_load((const char *const *)argv + optind, (size_t)(argc - optind), &p, &d) != 0)
		goto done;
	struct upr_tt_events events = { NULL, 0 };
	if (upr_timetable_read_file_mode(p, ttpath, UPR_TT_STRICT, &t, &events, &d) != 0)
		goto done;
	int who = -1;
	if (delegation && (who = upr_problem_delegation_index(p, delegation)) < 0) {
		upr_error(&d, NULL, "delegation '%s' is not defined in the input", delegation);
		goto done;
	}
	if (speaker && (who = upr_problem_speaker_index(p, speaker)) < 0) {
		upr_error(&d, NULL, "speaker '%s' is not defined in the input", speaker);
		goto done;
	}

	struct upr_check_result r;
	upr_check_result_init(&r);
	long n = upr_check(p, t, NULL, &r);
	if (n != 0 && !force) {
		struct upr_loc tl = { ttpath, 0, 0 };
		if (n < 0)
			upr_error(&d, NULL, "out of memory");
		for (size_t i = 0; i < r.n; i++)
			upr_error(&d, &tl, "H%d %s: %s", (int)r.v[i].code,
				  upr_hard_names[r.v[i].code], r.v[i].message);
		if (n > 0)
			upr_note(&d, &tl, "the timetable breaks hard constraints; --force exports it anyway");
		upr_check_result_release(&r);
		rc = UPR_EXIT_FAIL;
		goto done;
	}
	/* the recomputed score, so that an exported timetable.json is right */
	t->score = r.score;
	upr_check_result_release(&r);

	struct upr_export_opts eo;
	memset(&eo, 0, sizeof(eo));
	eo.dtstamp = upr_cli_dtstamp(p);
	/* The timetable is its own baseline: every event keeps the SEQUENCE
	 * the file records, so re-exported calendars match the published
	 * ones. */
	if (upr_history_build(&hist, p, t, t, &events, eo.dtstamp) != 0) {
		upr_error(&d, NULL, "out of memory");
		rc = UPR_EXIT_FAIL;
		goto done;
	}
	eo.history = hist.events;
	eo.nhistory = hist.nevents;
	rc = UPR_EXIT_OK;
	if (delegation || speaker || (out && strcmp(out, "-") == 0)) {
		/* one file: stdout, or a file named by -o */
		bool to_stdout = !out || strcmp(out, "-") == 0;
		struct upr_outfile of;
		FILE *f = stdout;
		if (!to_stdout) {
			if (upr_outfile_open(&of, out, &d) != 0) {
				rc = UPR_EXIT_WRITE;
				goto done;
			}
			f = of.f;
		}
		/* a calendar of one delegation or speaker, or the first file
		 * of the one format */
		const struct upr_write_ctx ctx = { p, p, t, &eo, NULL };
		const struct upr_format_file *ff = one_file(formats, delegation, speaker);
		int w = ff->write(&ctx, who, f);
		if (to_stdout) {
			if (w != 0 || fflush(stdout) != 0 || ferror(stdout)) {
				upr_error(&d, NULL, "cannot write to standard output");
				rc = UPR_EXIT_WRITE;
			}
		} else {
			if (w != 0) {
				upr_error(&d, NULL, "cannot write '%s'", out);
				rc = UPR_EXIT_WRITE;
			} else if (upr_outfile_close(&of, &d) != 0 || upr_outfile_rename(&of, &d) != 0) {
				rc = UPR_EXIT_WRITE;
			}
			upr_outfile_release(&of);
		}
		goto done;
	}
	if (upr_write_outputs_history(p, t, out ? out : "out", formats, &eo, &hist, &d) != 0)
		rc = UPR_EXIT_WRITE;
done:
	upr_cli_print_diags(&d);
	upr_diags_release(&d);
	upr_history_release(&hist);
	upr_timetable_free(t);
	upr_problem_free(p);
	return rc;
}
