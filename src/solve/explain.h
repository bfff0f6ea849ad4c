/*
 * explain.h - why no timetable exists, in an organiser's words.
 */
#ifndef UPR_SOLVE_EXPLAIN_H
#define UPR_SOLVE_EXPLAIN_H

#include "model/model.h"

/*
 * Appends errors that name a small set of constraints that cannot hold
 * together, each with what to relax.  proved: the search proved that no
 * timetable exists (else it only failed to find one).  Returns 0, -1 out of
 * memory.
 */
int upr_explain_infeasible(const struct upr_problem *p, struct upr_diags *d, bool proved);

/*
 * Is there a timetable for only the States with keep[state] set (the rest
 * left out)?  1 yes, 0 proved no, 2 unknown within budget, -1 out of memory.
 * Lives in solve.c; explain.c uses it to narrow a conflict down.
 */
int upr_solve_subset(const struct upr_problem *p, const unsigned char *keep, long budget);

#endif
