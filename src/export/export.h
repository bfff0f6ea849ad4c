/*
 * export.h - writers of the output files (docs/reference.md#output-files).
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

#include "export/lang.h"
#include "model/timetable.h"

/* What a calendar event looked like in the published baseline (--baseline):
 * its SEQUENCE, and whether this plan changed or removed it. */
struct upr_event_history {
	const char *uid;	/* UID of the event */
	int sequence;		/* SEQUENCE to write */
	int64_t last_modified;	/* seconds since the epoch, UTC; 0: none */
	/* gone from this plan: publish as CANCELLED, and record it in
	 * timetable.json's "cancelled" */
	bool cancelled;
	/* cancelled by an earlier run and still gone (the baseline's
	 * "cancelled"): only recorded, not published again, so state, room
	 * and speaker are -1 and no calendar holds it */
	bool carried;
	/* for a cancelled event, what it was (to write it again): indices in
	 * the history's view */
	int state, room, speaker;
	/* ... and its ids as published (speaker_id NULL for a session) */
	const char *state_id, *speaker_id, *room_id;
	int64_t start, end;	/* local minutes */
};

struct upr_export_opts {
	int64_t dtstamp;	/* seconds since the epoch, UTC (SOURCE_DATE_EPOCH
				 * or the newest input file's mtime) */
	/* Optional, with --baseline: history of every event, looked up by
	 * UID; NULL/0 without a baseline (then every SEQUENCE is 0). */
	const struct upr_event_history *history;
	size_t nhistory;
	/* the language of the fixed words of programme.html, organiser.html,
	 * the calendars and changes.txt (lang.h); 0 is English */
	enum upr_ui_lang lang;
};

int upr_export_json(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
int upr_export_csv(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
/* calendar.ics: every session */
int upr_export_ics_all(const struct upr_problem *p, const struct upr_timetable *t,
		       const struct upr_export_opts *o, FILE *f);
/* delegations/ID.ics: the sessions delegation d follows (its own State's included) */
int upr_export_ics_delegation(const struct upr_problem *p, const struct upr_timetable *t,
			      int d, const struct upr_export_opts *o, FILE *f);
/* speakers/ID.ics: speaker s's statements, each an event over its whole
 * session, with the arrival time, an alarm before it and, for a remote
 * speaker, the video link */
int upr_export_ics_speaker(const struct upr_problem *p, const struct upr_timetable *t,
			   int s, const struct upr_export_opts *o, FILE *f);
/* Does speaker s's calendar hold an event: a statement in t, or one that
 * o's history cancels?  A speaker without one gets no calendar file. */
bool upr_export_ics_speaker_has_events(const struct upr_problem *p,
				       const struct upr_timetable *t, int s,
				       const struct upr_export_opts *o);
/* Where remote speaker `speaker` joins a session in room: its video_link,
 * else the room's; NULL for a speaker in the room or without a link. */
const char *upr_ex_video_link(const struct upr_problem *p, int speaker, int room);
/* What to do with a calendar of DIR that the new set does not write. */
enum upr_retire {
	UPR_RETIRE_DROP,	/* every event was cancelled already: remove it */
	UPR_RETIRE_PUBLISH,	/* out holds it with every event cancelled */
	UPR_RETIRE_KEEP,	/* not a calendar of ours: leave it as it is */
};
struct upr_ebuf;
/* old: the calendar's text (NUL-terminated).  An enum upr_retire, or -1
 * out of memory. */
int upr_export_ics_retire(const char *old, const struct upr_export_opts *o,
			  struct upr_ebuf *out);
/* programme.html in language lang */
int upr_export_html(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
int upr_export_html_lang(const struct upr_problem *p, const struct upr_timetable *t,
			 enum upr_ui_lang lang, FILE *f);
int upr_export_frab(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
/* timetable.xlsx: a sheet per day and "Statements"; o->dtstamp is its
 * creation time.  Sets errno on failure (EIO: libxlsxwriter failed). */
int upr_export_xlsx(const struct upr_problem *p, const struct upr_timetable *t,
		    const struct upr_export_opts *o, FILE *f);
/* organiser.html: the team's view (score, clashes, waitlist, room use) */
int upr_export_organiser(const struct upr_problem *p, const struct upr_timetable *t, FILE *f);
int upr_export_organiser_lang(const struct upr_problem *p, const struct upr_timetable *t,
			      enum upr_ui_lang lang, FILE *f);

/* UIDs: "<event.id>/<state id>@upr-schedule" for a session and
 * "<event.id>/<state id>/<speaker id>@upr-schedule" for a statement; stable
 * across re-plans because ids are, and unique because ids hold no '/'.
 * Written into buf (always terminated). */
void upr_uid_session(const struct upr_problem *p, int state, char *buf, size_t size);
void upr_uid_statement(const struct upr_problem *p, int state, int speaker, char *buf, size_t size);

/*
 * Writes every file of formats into dir (created if missing): each to a
 * temporary name first, and renamed into place only when all are complete.
 * Returns 0, or -1 with errors in d and nothing published.
 */
int upr_write_outputs(const struct upr_problem *p, const struct upr_timetable *t,
		      const char *dir, unsigned formats, const struct upr_export_opts *o,
		      struct upr_diags *d);

/* ---- re-planning against a published timetable (history.c, changes.c) ----
 * docs/replan.md describes the whole flow. */

struct upr_tt_events;

/* One change against the baseline, as changes.txt words it. */
enum upr_change_kind {
	UPR_CHANGE_MOVED,	/* a session at another time or in another room */
	UPR_CHANGE_HELD,	/* a session the baseline did not have */
	UPR_CHANGE_NOT_HELD,	/* a session of the baseline that is gone */
	UPR_CHANGE_ADDED,	/* a statement the baseline did not have */
	UPR_CHANGE_FROM_WAITLIST, /* ... that the baseline had waitlisted */
	UPR_CHANGE_WITHDRAWN,	/* a statement gone: its speaker or application removed */
	UPR_CHANGE_WAITLISTED,	/* a statement gone to the waitlist */
	UPR_CHANGE_RETIMED,	/* a statement at other times in a session that did not move */
};

struct upr_change {
	enum upr_change_kind kind;
	int state;			/* index in upr_history.view */
	const char *state_name;
	const char *organisation;	/* statements only; NULL for a session */
	const char *old_room, *new_room; /* room names; NULL where there is none */
	int64_t old_start, old_end, new_start, new_end; /* local minutes; 0 where none */
};

/*
 * What a re-plan changed against its baseline: the calendar history (every
 * changed, kept-with-a-SEQUENCE and cancelled event) and the changes for
 * changes.txt.  Everything lives in arena; view shares p's arrays except
 * states, speakers and rooms, so it is valid while p is and is never given
 * to upr_problem_free.
 */
struct upr_history {
	struct upr_arena arena;
	/* for upr_export_opts.history: sorted by UID, UIDs unique */
	struct upr_event_history *events;
	size_t nevents;
	/* changes.txt, in State input order (States only the baseline
	 * names last, in its order); names point into the view's entities */
	struct upr_change *changes;
	size_t nchanges;
	/* p as the calendars see it: its States, speakers and rooms, then
	 * those that only the baseline names (a withdrawn speaker), so that
	 * their cancelled events and calendars (speakers/ID.ics) can be
	 * written; the cancelled entries of events use these indices. */
	struct upr_problem view;
	size_t changed, cancelled;	/* events with a raised SEQUENCE, and of them cancelled */
};

void upr_history_init(struct upr_history *h);
void upr_history_release(struct upr_history *h);
/*
 * Compares the new timetable t of p with the baseline (base as read for p in
 * UPR_TT_BASELINE mode, and the events of its file) and fills h:
 * - a session changed when its room, start, end or running order (speakers,
 *   and each statement's start and minutes) differ; a statement when its
 *   start, minutes or room do.  A changed event gets SEQUENCE old + 1 and
 *   LAST-MODIFIED dtstamp; an unchanged one keeps its SEQUENCE (and, as the
 *   baseline does not record it, has no LAST-MODIFIED);
 * - an event of the baseline that t does not have is cancelled with
 *   SEQUENCE old + 1, its old times and room;
 * - an event of the baseline's "cancelled" list (cancelled by an earlier
 *   run) that t has again gets SEQUENCE old + 1, above its cancellation;
 *   one that t still lacks is carried (cancelled and carried, SEQUENCE
 *   kept), so that timetable.json records it again;
 * - any other event that only t has starts at SEQUENCE 0 and needs no entry.
 * Events are matched by UID, so by ids: the first of a UID in the file wins.
 * h must have been initialised (upr_history_init); what it held is released
 * first.  Returns 0, or -1 out of memory (h then holds nothing).
 */
int upr_history_build(struct upr_history *h, const struct upr_problem *p,
		      const struct upr_timetable *t, const struct upr_timetable *base,
		      const struct upr_tt_events *ev, int64_t dtstamp);

/*
 * An index of o's history by UID, for lookups with upr_history_find: *idx
 * gets an array (upr_free) of pointers sorted by UID, ties in input order,
 * *n its length (0 and NULL without a history).  0, or -1 out of memory.
 */
int upr_history_index(const struct upr_export_opts *o,
		      const struct upr_event_history ***idx, size_t *n);
/* The first entry with uid in an index, or NULL. */
const struct upr_event_history *upr_history_find(const struct upr_event_history *const *idx,
						 size_t n, const char *uid);

/* timetable.json with each event's "sequence" from o's history (written
 * only when > 0, so a plan without a baseline has none), and the history's
 * cancelled events in "cancelled" (only when there is one); o may be NULL. */
int upr_export_json_opts(const struct upr_problem *p, const struct upr_timetable *t,
			 const struct upr_export_opts *o, FILE *f);

/* One change as changes.txt words it, with its line end (a RETIMED one
 * alone: "France: new statement times: Ocle 11:12-11:19"). */
void upr_ex_put_change(struct upr_ebuf *b, enum upr_ui_lang lang, const struct upr_change *x);

/* changes.txt: one line per change in h, "No changes." when none. */
int upr_export_changes(const struct upr_history *h, FILE *f);
/* ... in language lang (lang.h) */
int upr_export_changes_lang(const struct upr_history *h, enum upr_ui_lang lang, FILE *f);

/*
 * upr_write_outputs for a re-plan: the calendars are written for h->view
 * (so a withdrawn speaker's calendar is written again, with its statement
 * cancelled), timetable.json carries the SEQUENCEs of o's history, and
 * changes.txt is written when formats has UPR_FMT(UPR_FORMAT_CHANGES).  h may be NULL
 * (then it is upr_write_outputs).
 */
int upr_write_outputs_history(const struct upr_problem *p, const struct upr_timetable *t,
			      const char *dir, unsigned formats,
			      const struct upr_export_opts *o, const struct upr_history *h,
			      struct upr_diags *d);


/* ---- the format registry (formats.c) ----
 *
 * One row per output format: its name for -f, the files it writes and the
 * writer of each.  Writing (write.c), the parsing of -f, the help of plan
 * and export, the bash completion and the docs test (test_formats) all read
 * this table; docs/internals/export.md says how to add a row.
 *
 *   format ──> files[]: { name, suffix, per, write }
 *                per RUN:         DIR/name                 (one file)
 *                per DELEGATION:  DIR/name + ID + suffix   (one per delegation)
 *                per SPEAKER:     DIR/name + ID + suffix   (one per speaker)
 */

/* The formats, in the order they are written; the index of a row of
 * upr_formats[] and the bit of a format set (UPR_FMT). */
enum upr_format_id {
	UPR_FORMAT_JSON,
	UPR_FORMAT_CSV,
	UPR_FORMAT_ICS,
	UPR_FORMAT_HTML,
	UPR_FORMAT_FRAB,
	UPR_FORMAT_XLSX,
	UPR_FORMAT_ORGANISER,
	UPR_FORMAT_NOTICES,	/* private: never in "all" (struct upr_format.private_data) */
	UPR_FORMAT_CHANGES,	/* changes.txt: with every re-plan, not a -f choice */
	UPR_FORMAT_COUNT
};
#define UPR_FMT(id) (1u << (id))
_Static_assert(UPR_FORMAT_COUNT <= 32, "a set of formats is an unsigned of bits");

/* What a writer gets. */
struct upr_write_ctx {
	const struct upr_problem *p;
	/* the problem the calendars see: the history's view on a re-plan
	 * (upr_history.view), else p */
	const struct upr_problem *cp;
	const struct upr_timetable *t;
	const struct upr_export_opts *o;	/* never NULL */
	const struct upr_history *h;		/* NULL but on a re-plan */
};

/* Which entities a file is written for. */
enum upr_per { UPR_PER_RUN, UPR_PER_DELEGATION, UPR_PER_SPEAKER };

struct upr_format_file {
	const char *name;	/* the file; per entity, its folder ("speakers/") */
	const char *suffix;	/* per entity: after the entity's id (".ics"); else NULL */
	enum upr_per per;
	/* index: the delegation or speaker of a per-entity file (in c->cp);
	 * 0 or -1 as export.h's writers return */
	int (*write)(const struct upr_write_ctx *c, int index, FILE *f);
	/* per entity: is there a file for entity index?  NULL: for every one */
	bool (*wanted)(const struct upr_write_ctx *c, int index);
	/* per entity, may be NULL: the file of an entity that is gone, as
	 * DIR holds it (upr_export_ics_retire) */
	int (*retire)(const char *old, const struct upr_export_opts *o, struct upr_ebuf *out);
};

#define UPR_FORMAT_MAX_FILES 3

struct upr_format {
	const char *name;	/* for -f; NULL: not chosen by -f (changes.txt) */
	const char *help;	/* what it is, for people */
	struct upr_format_file files[UPR_FORMAT_MAX_FILES]; /* until .write is NULL */
	/* holds what must not be published (contacts): chosen only by name,
	 * never by "all" or by default, and written alone (plan, export) */
	bool private_data;
	/* what writing it costs, for the time limit's reserve (api/plan.c):
	 * in units of the time that loading one byte of input took, per
	 * statement applied for, per State, per file of an entity */
	struct upr_format_cost {
		int per_statement, per_state, per_file;
	} cost;
};

/* Indexed by enum upr_format_id; every row filled (test_formats). */
extern const struct upr_format upr_formats[UPR_FORMAT_COUNT];

/* Every format "all" means: those -f can choose, but the private ones. */
unsigned upr_formats_all(void);
/* The private formats (notices). */
unsigned upr_formats_private(void);
/* Does the set hold a private format beside a public one?  Then true, with
 * an error in d: what holds contacts is never written into the folder
 * that is published. */
bool upr_formats_mixes_private(unsigned formats, struct upr_diags *d);
/* The cost of writing formats for p, in the units of struct
 * upr_format_cost: an estimate made before the search, from the input's
 * counts (every applied statement is either seated or waitlisted). */
double upr_formats_cost(unsigned formats, const struct upr_problem *p);
/* Does the set hold exactly one format, and does it write one file (so it
 * can go to standard output)?  Then its id, else -1. */
int upr_formats_single_file(unsigned formats);
/* The id of the one format of a set of one, else -1. */
int upr_formats_single(unsigned formats);

/* ---- the notices to speakers (notices.c) ---- */

/* Does speaker index of c->cp get a notice: it has a contact and something
 * to be told; after a re-plan (c->h), a change that concerns it. */
bool upr_export_notice_wanted(const struct upr_write_ctx *c, int index);
/* notices/ID.eml: speaker index's notice, an RFC 5322 message. */
int upr_export_notice(const struct upr_write_ctx *c, int index, FILE *f);
/* A notice of DIR that this set does not write (a retire function, as
 * upr_export_ics_retire): a notice of an earlier run, dropped so that the
 * folder holds only what is to be sent now; any other file is kept. */
int upr_export_notice_retire(const char *old, const struct upr_export_opts *o,
			     struct upr_ebuf *out);
/* notices/notices.csv: one row per notice written (who, kind, file). */
int upr_export_notices_index(const struct upr_write_ctx *c, FILE *f);

#endif
