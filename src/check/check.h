/*
 * check.h - the independent judge: the hard constraints and the score.
 *
 * Every timetable the solver returns passes through upr_check before it is
 * written, and `validate` runs the same code on hand-edited ones.  The
 * checker depends only on the model: it never calls the search, so a bug in
 * the search cannot hide itself here.
 */
#ifndef UPR_CHECK_CHECK_H
#define UPR_CHECK_CHECK_H

#include "model/timetable.h"

/*
 * The hard constraints, the one list of them: their codes, their names, the
 * function of constraints.c that judges each, and what must hold (the very
 * sentence of docs/reference.md's table, which test_hard_docs holds to
 * it).  The enum, upr_hard_constraints[], upr_hard_names[], the checker's
 * table and `validate`'s help are all expanded from it;
 * docs/internals/check.md says how to add one.
 *
 *   X(code, IDENT, name, scope, check function, what must hold)
 *
 * Codes run 1, 2, ... in order.  Scope SESSION: the function judges one
 * session, called on its place, on each statement, then on its statements
 * together; TIMETABLE: it judges the whole timetable (constraints.c).
 */
#define UPR_HARD_CONSTRAINTS(X) \
	X(1, SESSION_WINDOW, "session-window", SESSION, check_session_window, \
	  "The session lasts exactly `session.length`; it starts on an " \
	  "event day; it lies inside one `hours` window of that day and " \
	  "starts a whole number of `session.grid` steps after that " \
	  "window's start; when its room has `available`, it lies inside " \
	  "those times.") \
	X(2, ROOM_OVERLAP, "room-overlap", TIMETABLE, check_room_overlap, \
	  "In one room, a session starts at least `session.gap` minutes " \
	  "after the previous one ends.") \
	X(3, STATEMENT_FIT, "statement-fit", SESSION, check_statement_fit, \
	  "The first statement starts `opening + state_statement` minutes " \
	  "after the session's start, each next one when the previous ends; " \
	  "each lasts from `statement.min` to `statement.max` minutes; the " \
	  "last ends at least `questions` minutes before the session's end.") \
	X(4, FAIR_SHARE, "fair-share", SESSION, check_fair_share, \
	  "The statements of one session differ in length by at most one " \
	  "minute.") \
	X(5, NHRI_FIRST, "nhri-first", SESSION, check_nhri_first, \
	  "With `nhri_first`, when the State's NHRI speaks in the session, " \
	  "it gives the first statement.") \
	X(6, SPEAKER_OVERLAP, "speaker-overlap", TIMETABLE, check_speaker_overlap, \
	  "One speaker's statements do not overlap, and when they are in " \
	  "different rooms, the later starts at least `travel` minutes " \
	  "after the earlier ends.") \
	X(7, SPEAKER_AVAILABLE, "speaker-available", SESSION, check_speaker_available, \
	  "Each statement lies inside its speaker's `available` times (when " \
	  "given) and overlaps none of its `unavailable` times.") \
	X(8, LANGUAGE, "language", SESSION, check_language, \
	  "The room offers the statement's language.") \
	X(9, VIDEO, "video", SESSION, check_video, \
	  "A remote statement is in a room with `video: true`.") \
	X(10, STATE_UNAVAILABLE, "state-unavailable", SESSION, check_state_unavailable, \
	  "The session overlaps none of its State's `unavailable` times.") \
	X(11, PINNED, "pinned", SESSION, check_pinned, \
	  "A State's `room` and `start` pins are kept.") \
	X(12, COMPLETE, "complete", TIMETABLE, check_complete, \
	  "Each held State has exactly one session and each State not held " \
	  "has none and is listed as not held; every statement of a held " \
	  "State is scheduled exactly once or waitlisted; waitlisting " \
	  "happens only with `waitlist: true`, and never to an NHRI; nobody " \
	  "speaks on a State they did not apply for.")

/* The last code, for texts that name the whole range ("H1-H<last>"): the
 * compiler checks it against the list. */
#define UPR_H_LAST 12
#define UPR_H_STR_(n) #n
#define UPR_H_STR(n) UPR_H_STR_(n)
#define UPR_H_RANGE "H1-H" UPR_H_STR(UPR_H_LAST)

enum upr_hard {
#define UPR_H_ENUM_(code, ident, name, scope, check, rule) UPR_H_##ident = code,
	UPR_HARD_CONSTRAINTS(UPR_H_ENUM_)
#undef UPR_H_ENUM_
	UPR_H_COUNT		/* last code + 1; index 0 of the arrays is unused */
};
_Static_assert(UPR_H_LAST == UPR_H_COUNT - 1, "UPR_H_LAST must be the last code");

/* One hard constraint as validate, help and docs see it. */
struct upr_hard_info {
	enum upr_hard code;
	const char *id;		/* "H1" */
	const char *name;	/* "session-window" */
	const char *rule;	/* what must hold, as docs/reference.md says it */
};
/* Indexed by enum upr_hard (index 0 unused). */
extern const struct upr_hard_info upr_hard_constraints[UPR_H_COUNT];
/* "session-window", ...: upr_hard_constraints[code].name, as an array. */
extern const char *const upr_hard_names[UPR_H_COUNT];

/* One broken hard constraint, with the entities involved (-1: none). */
struct upr_violation {
	enum upr_hard code;
	int state, state2, speaker, room;
	int64_t start, end;	/* the times involved, local minutes (0,0: none) */
	char *message;		/* lowercase sentence, owned by the result */
};

/* One soft penalty, for `validate --explain`. */
struct upr_penalty {
	enum upr_weight kind;
	int64_t count;		/* violations it stands for (cost = weight * count) */
	int state, state2, speaker, delegation; /* -1: none */
	char *message;
};

struct upr_check_result {
	struct upr_violation *v;
	size_t n, cap;
	struct upr_penalty *pen;	/* only filled when asked (explain) */
	size_t npen, cappen;
	struct upr_score score;
	int oom;
};

struct upr_check_opts {
	bool explain;		/* fill pen[] */
	/* With --baseline: the earlier timetable, for the `moved` count. */
	const struct upr_timetable *baseline;
};

void upr_check_result_init(struct upr_check_result *r);
void upr_check_result_release(struct upr_check_result *r);

/*
 * Checks every hard constraint of t against p and computes its score.
 * Returns the number of violations (0: t is valid), or -1 out of memory.
 * The score is computed even when hard constraints are broken.
 */
long upr_check(const struct upr_problem *p, const struct upr_timetable *t,
	       const struct upr_check_opts *opts, struct upr_check_result *r);

/*
 * upr_check explaining, but with the parts that may list a cause per pair
 * or per statement (review-order, waitlist, waitlist-priority) as one
 * penalty per State that counts its causes, in time about linear: what a
 * summary by State needs (organiser.html), where one penalty per pair of
 * 20,000 reviewed States took minutes.
 */
long upr_check_by_state(const struct upr_problem *p, const struct upr_timetable *t,
			struct upr_check_result *r);

/* Is state i held (enough speakers, session.min_statements)? */
bool upr_state_held(const struct upr_problem *p, int state);
/* Minutes a session leaves for statements (length - opening - remarks - questions). */
int upr_statement_minutes(const struct upr_problem *p);

#endif
