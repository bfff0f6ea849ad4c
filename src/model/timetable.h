/*
 * timetable.h - a timetable: one session (room, start) per held State and,
 * inside it, one statement (start, minutes) per scheduled speaker.
 *
 * The solver builds it, the checker judges it, the readers of validate and
 * export rebuild it from timetable.json, and the writers print it.  Like the
 * problem it lives in one arena.  Entities are indices into the problem.
 *
 *   session:  start - opening - remarks - stmt 1 .. stmt n - questions - end
 *
 * The opening, remarks and questions items are derived, never stored: the
 * opening runs from start for event.opening minutes, the remarks follow for
 * event.state_statement, the questions from the last statement's end to end.
 */
#ifndef UPR_MODEL_TIMETABLE_H
#define UPR_MODEL_TIMETABLE_H

#include "model/model.h"

struct upr_stmt {
	int speaker;
	int64_t start;		/* local minutes */
	int minutes;
};

struct upr_session {
	int state;
	int room;
	int64_t start, end;	/* local minutes; end = start + session.length */
	struct upr_stmt *stmts;	/* in running order */
	size_t nstmts;
};

struct upr_waitlisted {
	int speaker, state;
	const char *reason;
};

struct upr_not_held {
	int state;
	const char *reason;
};

struct upr_score {
	int64_t total;
	int64_t count[UPR_W_COUNT];	/* violations of each soft constraint */
	int64_t part[UPR_W_COUNT];	/* weight * count */
};

struct upr_timetable {
	struct upr_arena arena;
	struct upr_session *sessions;	/* sorted by start, then room index */
	size_t nsessions;
	struct upr_waitlisted *waitlist;
	size_t nwaitlist;
	struct upr_not_held *not_held;	/* in input order of the States */
	size_t nnot_held;
	struct upr_score score;
	/* solver facts, written to timetable.json's "solver" */
	uint64_t seed;
	bool optimal;
	int64_t lower_bound;
	/* read from a file: the score it states (validate compares) */
	bool has_stated_score;
	struct upr_score stated;
};

/* A new empty timetable (upr_calloc); free with upr_timetable_free. */
struct upr_timetable *upr_timetable_new(void);
void upr_timetable_free(struct upr_timetable *t);
/* Sorts sessions by start, then room (the order of timetable.json). */
void upr_timetable_sort(struct upr_timetable *t);
/* Start of the first statement of session s of p: the checker's reading of
 * the rule, kept apart from model/session.h (which the solver and the
 * writers call) so that the judge does not share the planners' code. */
int64_t upr_session_first_stmt(const struct upr_problem *p, const struct upr_session *s);

/* ---- time zone (tz.c, libical) ---- */
/* Is name a zone or link of the tz database's list (tzdata.zi), and can
 * libical load it?  No other name ever reaches libical's file reader. */
bool upr_tz_exists(const char *name);
/* Calls f with each name of that list until f returns true; returns how
 * many it was given, or -1 when the list cannot be read. */
int upr_tz_each_name(bool (*f)(void *ctx, const char *name), void *ctx);
/* The directory of the tz database that libical reads (zone.tab, ...). */
const char *upr_tz_dir(void);
/* UTC offset in minutes east of UTC that applies at local minutes t in zone
 * name; 0 when unknown. */
int upr_tz_offset(const char *name, int64_t t);
/* "2017-12-12T10:00:00+01:00" into out[26]. */
void upr_format_iso(const char *zone, int64_t t, char out[26]);

#endif
