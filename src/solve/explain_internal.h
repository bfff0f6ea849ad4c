/*
 * explain_internal.h - the constraint groups of an explanation, and the
 * oracle that says whether a timetable exists with some of them relaxed.
 *
 *   explain.c        the conflict search (QuickXplain, then a check that
 *                    the set is minimal) and the words of the report
 *   explain_relax.c  a copy of the problem with some groups relaxed, a
 *                    fast feasibility test, and the solver as the oracle
 *
 * docs/internals/explain.md describes the algorithm.  Nothing here is seen
 * outside src/solve/explain*.c; the search (src/solve/) never calls it.
 */
#ifndef UPR_SOLVE_EXPLAIN_INTERNAL_H
#define UPR_SOLVE_EXPLAIN_INTERNAL_H

#include "model/session.h"

/* A group: constraints that an organiser changes together.  Relaxing a
 * group only ever adds timetables (the relaxations are monotone), so the
 * conflict search may rely on it.  Cheapest to relax first. */
enum ex_kind {
	EX_STATE_START,		/* a State's start pin: unpinned */
	EX_STATE_ROOM,		/* a State's room pin: unpinned */
	EX_ROOM_VIDEO,		/* a room without video: given video */
	EX_ROOM_LANG,		/* a room's languages: every language */
	EX_ROOM_TIMES,		/* a room's available times: always */
	EX_EVENT_HOURS,		/* event.hours: each window to the next one */
	EX_EVENT_DAYS,		/* event.days: every day an availability names */
	EX_CAPACITY,		/* statement.min: low enough for every session */
	EX_SPK_VIDEO,		/* a remote speaker: in person */
	EX_SPK_TIMES,		/* a speaker's (un)available times: always */
	EX_STATE_TIMES,		/* a State's unavailable times: none */
	EX_SPK_SHARED,		/* a speaker on several States: one per State */
	EX_SPK_LANG,		/* a speaker's language: one every room offers */
	EX_NKINDS
};

struct ex_group {
	enum ex_kind kind;
	int who;		/* room, State or speaker index; -1 the event */
};

/* The groups of p that constrain anything, cheapest first.  *n set.
 * Returns a new array (upr_free), or NULL out of memory. */
struct ex_group *upr_ex_groups(const struct upr_problem *p, size_t *n);

/*
 * *q: a copy of p with the groups i where !active[i] relaxed (days, if not
 * NULL: the days event.days gains instead of every day an availability
 * names).  Its arrays live in a (upr_arena_release), the rest is p's: q is
 * valid while p and a are.  Returns 0, -1 out of memory.
 */
int upr_ex_relax(const struct upr_problem *p, const struct ex_group *g, size_t ng,
		 const unsigned char *active, const int64_t *days, size_t ndays,
		 struct upr_problem *q, struct upr_arena *a);

struct ex_oracle {
	const struct upr_problem *p;
	const struct ex_group *g;
	size_t ng;
	long budget;		/* work of one solver call */
	/* past this (upr_solve_clock's seconds; 0: never) every answer is
	 * "unknown", which counts as yes, and timed_out is set */
	double deadline;
	bool timed_out;
	/* solver calls allowed (0: EX_MAX_SOLVER_CALLS); past them every
	 * answer is "unknown", counted as yes, and capped is set */
	long max_solver_calls;
	bool capped;
	/* answers so far: ncache rows of ng bytes each, and the answers */
	unsigned char *keys;
	signed char *answers;
	size_t ncache, capcache;
	long calls, solver_calls;
};

/*
 * Is there a timetable with only the groups active[i] != 0 in force (the
 * others relaxed)?  1 yes (or not proved no), 0 proved no, -1 out of
 * memory.  Answers are cached.
 */
int upr_ex_feasible(struct ex_oracle *o, const unsigned char *active);
/* The same, with event.days (if relaxed) gaining days[0..ndays) instead;
 * not cached. */
int upr_ex_feasible_days(struct ex_oracle *o, const unsigned char *active, const int64_t *days,
			 size_t ndays);

/* Beyond this many solver calls in one explanation, the oracle answers
 * "feasible" (not proved otherwise) without asking: a bound on the work an
 * explanation of a very large input takes (the deadline bounds its time). */
#define EX_MAX_SOLVER_CALLS 400

/* upr_explain_infeasible_until with at most max_solver_calls solver calls
 * (0: EX_MAX_SOLVER_CALLS); tests lower it to see the cap's words. */
int upr_ex_explain(const struct upr_problem *p, struct upr_diags *d, bool proved, double deadline,
		   long max_solver_calls);

/* A language every room offers (the first room's first such), if any. */
bool upr_ex_common_language(const struct upr_problem *p, upr_lang *out);
void upr_ex_oracle_release(struct ex_oracle *o);

/*
 * A minimal conflict among o's groups into mus[0..o->ng) (indices, the
 * cheapest group first): returns its size, 0 when the oracle finds no
 * proof that the whole problem is infeasible, -1 out of memory (explain.c).
 */
long upr_ex_conflict(struct ex_oracle *o, size_t *mus);

/* The must-speak rule: with waitlist: true only the NHRI must speak. */
bool upr_ex_must_speak(const struct upr_problem *p, int speaker);

/* The value statement.min takes when EX_CAPACITY is relaxed: the largest
 * that fits every held State's must-speak statements (>= 1). */
int upr_ex_capacity_min(const struct upr_problem *p);

/* The days event.days gains when EX_EVENT_DAYS is relaxed, restricted to
 * the availabilities of the groups active[] (NULL: every one): sorted day
 * numbers not yet event days, at most max.  Returns how many. */
size_t upr_ex_extra_days(const struct upr_problem *p, const struct ex_group *g, size_t ng,
			 const unsigned char *active, int64_t *out, size_t max);

#endif
