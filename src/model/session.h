/*
 * session.h - what a session is: the rules the solver, the explanations and
 * the writers share.
 *
 * One place per rule: whether a State has a session, its interval and the
 * minutes it leaves for statements, where its first statement starts,
 * which rooms can hold it, which speakers can speak in it, and the list of
 * its possible starts.
 * Everything that plans or describes a session asks here; the checker
 * (src/check/) keeps its own code on purpose, so that it stays an
 * independent judge of what these rules produce.
 *
 * Every rule takes the State, even where today's rule is the same for all
 * of them (one session.length for the event), so that a rule per State
 * changes this file and not its callers.  A caller that builds one table
 * for every State (the solver's slots) passes UPR_SESSION_ANY where noted:
 * grep for it to find what assumes that all sessions are alike.
 *
 *   start                stmts_start                          end
 *   | opening | remarks | stmt 1 .. stmt n  (statement minutes) | questions |
 */
#ifndef UPR_MODEL_SESSION_H
#define UPR_MODEL_SESSION_H

#include "model/model.h"

/* A time during which a speaker may not speak in the session being planned,
 * because of its statement in another session (travel included). */
struct upr_blocked {
	int speaker;
	int64_t start, end;
};

/* "a session of any State", for the rules marked (any) below */
#define UPR_SESSION_ANY (-1)

/* ---- its interval ---- */
/* Minutes of the session of state, opening to questions (any). */
int upr_session_length(const struct upr_problem *p, int state);
/* End of the session of state starting at start, local minutes (any). */
int64_t upr_session_end(const struct upr_problem *p, int state, int64_t start);
/* Minutes it leaves for statements: length - opening - remarks - questions. */
int upr_session_statement_minutes(const struct upr_problem *p, int state);
/* Start of its first statement, after the opening and the State's remarks. */
int64_t upr_session_stmts_start(const struct upr_problem *p, int state, int64_t start);

/* ---- whether ---- */
/* Is there a session of state at all: as many speakers as
 * session.min_statements (else the State is listed as not held)? */
bool upr_session_held(const struct upr_problem *p, int state);

/* ---- where and when ---- */
/* May the session of state run in room (its room pin)? */
bool upr_session_room_allowed(const struct upr_problem *p, int state, int room);
/* Is room available for the whole session of state starting at start (any)? */
bool upr_session_room_open(const struct upr_problem *p, int room, int state, int64_t start);
/* May the session of state start at start (its start pin, its own
 * unavailable times)?  Rooms aside. */
bool upr_session_state_free(const struct upr_problem *p, int state, int64_t start);
/* Do rooms a and b hold the same speakers (same languages, video)?  Then a
 * session's inside does not depend on which of them it gets. */
bool upr_session_rooms_alike(const struct upr_room *a, const struct upr_room *b);
/*
 * Every possible start of a session of state: event days x event.hours,
 * every session.grid minutes while the session fits in the window; sorted,
 * each once (any).  *n set.  Returns a new array (upr_free), or NULL out of memory.
 */
int64_t *upr_session_starts(const struct upr_problem *p, int state, size_t *n);

/* ---- who can speak in it ---- */
/* Does room offer what speaker needs (its language; video when remote)? */
bool upr_session_room_takes(const struct upr_problem *p, int room, int speaker);
/* May speaker speak during [s, e): its availability, its unavailable times,
 * and blocked[0..nblocked) (times it speaks elsewhere)? */
bool upr_session_speaker_free(const struct upr_problem *p, int speaker, int64_t s, int64_t e,
			      const struct upr_blocked *blocked, size_t nblocked);
/* Could speaker give a statement of statement.min minutes somewhere in the
 * statement part of the session of state starting at start? */
bool upr_session_speaker_fits(const struct upr_problem *p, int state, int speaker,
			      int64_t start, const struct upr_blocked *blocked, size_t nblocked);

/* ---- who waits ---- */
/* Which of speakers a and b is waitlisted first when one of them must
 * wait (docs/reference.md#who-waits): the lower priority, then the later
 * application (a later `applied`; none counts as later than any), then
 * the later in the input.  < 0: a first, > 0: b first, 0: a == b. */
int upr_session_wait_order(const struct upr_problem *p, int a, int b);

#endif
