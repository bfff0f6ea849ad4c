/*
 * solve.h - the search: sessions to (room, start), then statements inside.
 *
 * upr_solve returns a timetable that upr_check accepts, or says that it
 * found none; explain.h then says why, in an organiser's words (explain
 * sits above the search: it calls upr_solve_subset, nothing here calls
 * it).  The search is deterministic for a seed and an effort; a time limit
 * can stop it earlier (then the result may depend on the machine's speed).
 * docs/internals/solver.md describes the algorithm; src/solve/internal.h
 * maps its files.
 */
#ifndef UPR_SOLVE_SOLVE_H
#define UPR_SOLVE_SOLVE_H

#include "model/session.h"
#include "model/timetable.h"

struct upr_solve_progress {
	int64_t best, bound;	/* best score so far (INT64_MAX: none yet), lower bound */
	double seconds;
};

struct upr_solve_opts {
	uint64_t seed;		/* default 1 */
	long effort;		/* work units; <= 0: the default */
	double time_limit;	/* seconds; <= 0: none */
	/* when time_limit passes, in upr_solve_clock's seconds: the caller
	 * counts it from the start of its run; 0: time_limit after the call */
	double deadline;
	const struct upr_timetable *baseline; /* keep close to it (score `moved`) */
	/* called now and then during a long search (may be NULL) */
	void (*progress)(void *ctx, const struct upr_solve_progress *pr);
	void *progress_ctx;
	/* the exact search bounds with each State's cheapest option alone,
	 * without the assignment and day bounds: for tests that compare */
	bool simple_bound;
	/* no greedy start and no local search before the exact search, which
	 * then finds its timetables itself: for tests of the exact search */
	bool exact_only;
	/* chains of the search on rounds too large for the exact search:
	 * 0 the default (two, in two threads, then the beam beside the
	 * bound), 1 one (chain 0 alone, no beam), -2 the same as 0, one
	 * after the other in the calling thread; for tests and benches
	 * that compare */
	int chains;
};

/* Counters of one search, printed with -v, never written to outputs. */
struct upr_solve_stats {
	long slots, candidates;
	long intra_evals, intra_nodes;
	long bb_nodes, bb_leaves;
	long lns_iterations, lns_improvements;
	long restarts;		/* of the neighbourhood search (restart.c) */
	int chains;		/* chains of the search that ran (portfolio.c) */
	/* successors the dynamic program's runs made (dp.c), the bound's
	 * and those beside it: what their time follows */
	long dp_successors;
	int64_t greedy_cost;	/* -1: the greedy start placed not every State */
	/* the search's own cost of the timetable it returned (-1: none);
	 * equals upr_check's score total, which tests assert */
	int64_t cost;
	bool bb_complete;	/* the exact search finished: the result is optimal */
	bool time_out;
	double seconds_setup, seconds_search;
};

#define UPR_DEFAULT_EFFORT 100000L

enum upr_solve_status {
	UPR_SOLVE_OOM = -1,	/* out of memory */
	UPR_SOLVE_OK = 0,	/* *out is a new timetable */
	/* no timetable found (stats->bb_complete: none exists); nothing is
	 * appended to diags: upr_explain_infeasible (explain.h) says why */
	UPR_SOLVE_NONE = 1,
	/* the search found a placement but cannot turn it into a timetable:
	 * a fault of the search, not of the input (an error in diags) */
	UPR_SOLVE_INTERNAL = 2,
	/* the time limit passed before a first timetable was made (an
	 * error in diags says so): nothing is known about the input */
	UPR_SOLVE_STOPPED = 3,
};

/*
 * Plans p.  *out is a new timetable (upr_timetable_free) with
 * UPR_SOLVE_OK, else NULL.  stats may be NULL.
 */
enum upr_solve_status upr_solve(const struct upr_problem *p, const struct upr_solve_opts *o,
				struct upr_timetable **out, struct upr_diags *diags,
				struct upr_solve_stats *stats);

/*
 * Is there a timetable for only the States with keep[state] set (the rest
 * left out)?  1 yes, 0 proved no, 2 unknown within budget or by deadline
 * (upr_solve_clock's seconds; 0: none), -1 out of memory.  For explain.c,
 * to narrow a conflict down.
 */
int upr_solve_subset(const struct upr_problem *p, const unsigned char *keep, long budget,
		     double deadline);

/* Seconds of a monotonic clock: the time base of deadlines. */
double upr_solve_clock(void);

/*
 * The dynamic-programming lower bound (src/solve/dp.c) alone, pruned by
 * incumbent, at most max_states states per start: for tests, which compare
 * it with proven optima.  1 and *bound (<= incumbent) when it completed,
 * 0 when it does not apply or a limit cut it short, -1 out of memory.
 */
int upr_solve_dp_bound(const struct upr_problem *p, int64_t incumbent, long max_states,
		       int64_t *bound);

/*
 * One run of the band neighbourhood (src/solve/band.c's upr_sv_dp_band)
 * of width band, from the best of the search with effort, its tables at
 * max_states states per start: for tests.  0 and the best's cost before
 * and after, and the most start times any held State moved; 1 when the
 * program does not apply or the search found nothing; -1 out of memory.
 */
int upr_solve_band(const struct upr_problem *p, long effort, int band, long max_states,
		   int64_t *before, int64_t *after, int *moved);

/* ---- inside one session (intra.c) ---- */

/* struct upr_blocked (model/session.h): a speaker's time taken elsewhere. */

struct upr_intra_result {
	int64_t cost;		/* waitlist + waitlist-priority + short + order, weighted */
	bool feasible;
	bool exact;		/* false: a node budget cut the search short */
	int nscheduled;
	int *order;		/* speakers in running order [nscheduled] (caller's buffer) */
	int *minutes;		/* their lengths */
	int nwaitlisted;
	int *waitlisted;	/* speakers waitlisted (caller's buffer) */
};

/*
 * Best running order, lengths and waitlist for the session of state in room
 * at start, given extra blocked times.  order/minutes/waitlisted must each
 * hold state's nspeakers entries.  Returns 0, or -1 out of memory.
 */
int upr_intra_best(const struct upr_problem *p, int state, int room, int64_t start,
		   const struct upr_blocked *blocked, size_t nblocked,
		   long node_budget, struct upr_intra_result *res, long *nodes);

/*
 * upr_intra_best without blocked times that also stops at deadline
 * (CLOCK_MONOTONIC seconds, upr_solve_clock; 0: none), read every few
 * thousand nodes: then res->exact is false.  For the set-up of the
 * search, whose States may have any number of speakers.
 */
int upr_intra_best_until(const struct upr_problem *p, int state, int room, int64_t start,
			 long node_budget, double deadline, struct upr_intra_result *res,
			 long *nodes);

/*
 * Every feasible running order of the session whose cost is below bound, in
 * no particular order: cb gets each (the result's arrays hold it during the
 * call).  cb returns false to stop.  Used where sessions share a speaker and
 * must be planned together.  Returns 0, or -1 out of memory.
 */
int upr_intra_enum(const struct upr_problem *p, int state, int room, int64_t start,
		   const struct upr_blocked *blocked, size_t nblocked, int64_t bound,
		   long node_budget, struct upr_intra_result *res, long *nodes,
		   bool (*cb)(void *ctx, const struct upr_intra_result *res), void *ctx);

/*
 * The lengths plan gives the running order order[0..m) (speakers of
 * state, each once; the State's others waitlisted) in room at start: the
 * same search as upr_intra_best with one candidate per position, so the
 * longest total and the long statements first where the speakers' times
 * allow.  NHRI-first is not imposed (the checker judges it).  lenient:
 * ignore the speakers' times and take the longest total even when it
 * leaves statements below statement.min, so that an order that cannot
 * hold still gets times.  res->feasible false: none fits.  Returns 0, or
 * -1 out of memory.
 */
int upr_intra_fit(const struct upr_problem *p, int state, int room, int64_t start,
		  const struct upr_blocked *blocked, size_t nblocked, const int *order, int m,
		  bool lenient, struct upr_intra_result *res);

#endif
