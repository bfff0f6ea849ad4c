/*
 * export.h - writers of the output files (output.md).
 *
 * Each writer prints one file to a FILE* that the caller opened (a temporary
 * file that is renamed into place once complete, or stdout).  They return 0,
 * or -1 when writing or allocating failed; the caller then discards the
 * temporary file, so nothing half-written is ever published.
 *
 * Writers never read the clock: everything that varies lives in
 * struct upr_export_opts, so the same input gives the same bytes.
 */
#ifndef UPR_EXPORT_EXPORT_H
#define UPR_EXPORT_EXPORT_H

#include <stdio.h>

#include "model/timetable.h"

/* What a calendar event looked like in the published baseline (--baseline):
 * its SEQUENCE, and whether this plan changed or removed it. */
struct upr_event_history {
	const char *uid;	/* UID of the event */
	int sequence;		/* SEQUENCE to write */
	int64_t last_modified;	/* seconds since the epoch, UTC; 0: none */
	bool cancelled;		/* gone from this plan: publish as CANCELLED */
	/* for a cancelled event, what it was (to write it again) */
	int state, room, speaker;
	int64_t start, end;	/* local minutes */
};

struct upr_export_opts {
	int64_t dtstamp;	/* seconds since the epoch, UTC (SOURCE_DATE_EPOCH
				 * or the newest input file's mtime) */
	/* Optional, with --baseline: history of every event, looked up by
	 * UID; NULL/0 without a baseline (then every SEQUENCE is 0). */
	const struct upr_event_history *history;
	size_t nhistory;
};

int upr_export_json(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
int upr_export_csv(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
/* calendar.ics: every session */
int upr_export_ics_all(const struct upr_problem *p, const struct upr_timetable *t,
		       const struct upr_export_opts *o, FILE *f);
/* delegations/ID.ics: the sessions delegation d follows (its own State's included) */
int upr_export_ics_delegation(const struct upr_problem *p, const struct upr_timetable *t,
			      int d, const struct upr_export_opts *o, FILE *f);
/* speakers/ID.ics: speaker s's statements */
int upr_export_ics_speaker(const struct upr_problem *p, const struct upr_timetable *t,
			   int s, const struct upr_export_opts *o, FILE *f);
int upr_export_html(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
int upr_export_frab(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);

/* UIDs: "<event.id>/<state id>@upr-schedule" for a session and
 * "<event.id>/<state id>/<speaker id>@upr-schedule" for a statement; stable
 * across re-plans because ids are, and unique because ids hold no '/'.
 * Written into buf (always terminated). */
void upr_uid_session(const struct upr_problem *p, int state, char *buf, size_t size);
void upr_uid_statement(const struct upr_problem *p, int state, int speaker, char *buf, size_t size);

/* Output formats (plan/export -f). */
enum {
	UPR_FMT_JSON = 1 << 0,
	UPR_FMT_CSV = 1 << 1,
	UPR_FMT_ICS = 1 << 2,
	UPR_FMT_HTML = 1 << 3,
	UPR_FMT_FRAB = 1 << 4,
	UPR_FMT_ALL = (1 << 5) - 1,
};
/* Parses "json,csv,..." into a mask; 0 with *bad set to the first unknown
 * name (pointing into list) on error. */
unsigned upr_formats_parse(const char *list, const char **bad, size_t *badlen);

/*
 * Writes every file of formats into dir (created if missing): each to a
 * temporary name first, and renamed into place only when all are complete.
 * Returns 0, or -1 with errors in d and nothing published.
 */
int upr_write_outputs(const struct upr_problem *p, const struct upr_timetable *t,
		      const char *dir, unsigned formats, const struct upr_export_opts *o,
		      struct upr_diags *d);

#endif
