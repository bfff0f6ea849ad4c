/*
 * export.c - upr_export: the files of plan from an existing timetable,
 * without solving.
 *
 * A timetable that breaks a hard constraint is refused unless forced: a
 * published calendar should never show an impossible programme by accident.
 * Without a baseline the timetable is its own, so every calendar event
 * keeps the SEQUENCE the file records and re-exported calendars match the
 * published ones.  With one (a timetable edited by any other means than a
 * re-plan, against the published one), the baseline is read as plan reads
 * it and the history is built against it exactly as after a re-plan:
 * SEQUENCE raised on the changed events only, removed ones CANCELLED, the
 * score's `moved` counted, and changes.txt written (docs/replan.md).  One delegation's or one speaker's calendar, or the one file of one
 * format, can go to a stream or to a file of its own.
 */
#include "api/api.h"

#include <string.h>

#include "export/export.h"
#include "load/timetable_read.h"
#include "util/outfile.h"

/* The file written alone: the calendar of the delegation or the speaker
 * (the ics row's per-entity file), or the first file of the one format;
 * NULL when the request names neither. */
static const struct upr_format_file *one_file(const struct upr_export_request *rq,
					      unsigned formats)
{
	if (rq->delegation || rq->speaker) {
		enum upr_per per = rq->delegation ? UPR_PER_DELEGATION : UPR_PER_SPEAKER;
		const struct upr_format *ics = &upr_formats[UPR_FORMAT_ICS];
		for (int k = 0; k < UPR_FORMAT_MAX_FILES && ics->files[k].write; k++)
			if (ics->files[k].per == per)
				return &ics->files[k];
		return NULL;
	}
	int f = upr_formats_single(formats);
	return f >= 0 ? &upr_formats[f].files[0] : NULL;
}

/* Refuses a timetable that breaks a hard constraint unless forced; the
 * recomputed score (`moved` against base when there is one) becomes t's.
 * UPR_OK or UPR_FAILED. */
static int judge(const struct upr_problem *p, struct upr_timetable *t,
		 const struct upr_timetable *base, const struct upr_export_request *rq,
		 struct upr_diags *d)
{
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts co = { false, base };
	long n = upr_check(p, t, &co, &r);
	if (n != 0 && !rq->force) {
		struct upr_loc tl = { rq->timetable, 0, 0 };
		if (n < 0)
			upr_error(d, NULL, "out of memory");
		for (size_t i = 0; i < r.n; i++)
			upr_error(d, &tl, "H%d %s: %s", (int)r.v[i].code,
				  upr_hard_names[r.v[i].code], r.v[i].message);
		if (n > 0)
			upr_note(d, &tl, "the timetable breaks hard constraints; --force exports it anyway");
		upr_check_result_release(&r);
		return UPR_FAILED;
	}
	/* the recomputed score, so that an exported timetable.json is right */
	t->score = r.score;
	upr_check_result_release(&r);
	return UPR_OK;
}

/* Writes ff (for entity who) alone to rq->stream or to the file rq->out. */
static int write_one(const struct upr_write_ctx *ctx, const struct upr_format_file *ff,
		     int who, const struct upr_export_request *rq, struct upr_diags *d)
{
	if (rq->stream) {
		if (ff->write(ctx, who, rq->stream) != 0 || fflush(rq->stream) != 0 ||
		    ferror(rq->stream)) {
			upr_error(d, NULL, "cannot write to standard output");
			return UPR_WRITE_ERROR;
		}
		return UPR_OK;
	}
	struct upr_outfile of;
	if (upr_outfile_open(&of, rq->out, d) != 0)
		return UPR_WRITE_ERROR;
	int rc = UPR_OK;
	if (ff->write(ctx, who, of.f) != 0) {
		upr_error(d, NULL, "cannot write '%s'", rq->out);
		rc = UPR_WRITE_ERROR;
	} else if (upr_outfile_close(&of, d) != 0 || upr_outfile_rename(&of, d) != 0) {
		rc = UPR_WRITE_ERROR;
	}
	upr_outfile_release(&of);
	return rc;
}

int upr_api_output_lang(const char *code, int *lang, struct upr_diags *d)
{
	*lang = upr_ui_lang_parse(code);
	if (*lang >= 0)
		return UPR_OK;
	upr_error(d, NULL, "unknown language '%s': give one of %s", code, upr_output_lang_list());
	return UPR_BAD_INPUT;
}

int upr_export(const struct upr_problem *p, const struct upr_export_request *rq,
	       struct upr_diags *d)
{
	int lang;
	if (upr_api_output_lang(rq->lang, &lang, d) != UPR_OK)
		return UPR_BAD_INPUT;
	unsigned formats = rq->notices ? UPR_FMT(UPR_FORMAT_NOTICES)
		: rq->formats ? rq->formats : upr_formats_all();
	if (upr_formats_mixes_private(formats | (rq->notices ? rq->formats : 0), d))
		return UPR_BAD_INPUT;
	bool private_set = (formats & upr_formats_private()) != 0;
	bool alone = rq->delegation || rq->speaker || rq->stream;
	const struct upr_format_file *ff = one_file(rq, formats);
	if ((formats & ~(upr_formats_all() | upr_formats_private())) ||
	    (private_set && alone) || (rq->delegation && rq->speaker) ||
	    (alone && !ff) || (alone && !rq->stream && !rq->out)) {
		upr_error(d, NULL, "export: a request of one file names one format, or one delegation or speaker, and where to write it");
		return UPR_BAD_INPUT;
	}
	struct upr_timetable *t = NULL, *base = NULL;
	struct upr_history hist;
	upr_history_init(&hist);
	int rc = UPR_BAD_INPUT;
	struct upr_tt_events events = { NULL, 0 }, base_events = { NULL, 0 };
	if (upr_timetable_read_file_mode(p, rq->timetable, UPR_TT_STRICT, &t, &events, d) != 0)
		goto done;
	if (rq->baseline && upr_timetable_read_file_mode(p, rq->baseline, UPR_TT_BASELINE, &base,
							 &base_events, d) != 0)
		goto done;
	int who = -1;
	if (rq->delegation && (who = upr_problem_delegation_index(p, rq->delegation)) < 0) {
		upr_error(d, NULL, "delegation '%s' is not defined in the input", rq->delegation);
		goto done;
	}
	if (rq->speaker && (who = upr_problem_speaker_index(p, rq->speaker)) < 0) {
		upr_error(d, NULL, "speaker '%s' is not defined in the input", rq->speaker);
		goto done;
	}
	if ((rc = judge(p, t, base, rq, d)) != UPR_OK)
		goto done;

	struct upr_export_opts eo;
	memset(&eo, 0, sizeof(eo));
	eo.dtstamp = rq->dtstamp >= 0 ? rq->dtstamp : p->newest_mtime;
	eo.lang = (enum upr_ui_lang)lang;
	if (upr_history_build(&hist, p, t, base ? base : t, base ? &base_events : &events,
			      eo.dtstamp) != 0) {
		upr_error(d, NULL, "out of memory");
		rc = UPR_FAILED;
		goto done;
	}
	eo.history = hist.events;
	eo.nhistory = hist.nevents;
	if (alone) {
		const struct upr_write_ctx ctx = { p, p, t, &eo, NULL };
		rc = write_one(&ctx, ff, who, rq, d);
	} else {
		/* changes.txt goes with every export against a baseline, as
		 * with every re-plan, whatever the formats (but never among
		 * the notices, which are not published) */
		if (base && !private_set)
			formats |= UPR_FMT(UPR_FORMAT_CHANGES);
		/* Notices go to every speaker with something to be told: the
		 * timetable's own history has no change, so it is not theirs;
		 * against a baseline, only to those a change concerns. */
		const char *dir = rq->notices ? rq->notices : rq->out ? rq->out : "out";
		rc = upr_write_outputs_history(p, t, dir, formats, &eo,
					       private_set && !base ? NULL : &hist,
					       d) != 0 ? UPR_WRITE_ERROR : UPR_OK;
	}
done:
	upr_history_release(&hist);
	upr_timetable_free(t);
	upr_timetable_free(base);
	return rc;
}
