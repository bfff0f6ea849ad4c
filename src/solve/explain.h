/*
 * explain.h - why no timetable exists, in an organiser's words.
 *
 * explain sits above the search: it calls upr_solve_subset (solve.h) to
 * narrow a conflict down, and the search never calls it.  A caller asks
 * here after upr_solve reported UPR_SOLVE_NONE.
 */
#ifndef UPR_SOLVE_EXPLAIN_H
#define UPR_SOLVE_EXPLAIN_H

#include "model/model.h"

/*
 * Appends errors that name a small set of constraints that cannot hold
 * together, each with what to relax.  proved: the search proved that no
 * timetable exists (upr_solve_stats.bb_complete; else it only failed to
 * find one).  Returns 0, -1 out of memory.
 */
int upr_explain_infeasible(const struct upr_problem *p, struct upr_diags *d, bool proved);

#endif
