/*
 * explain.h - why no timetable exists, in an organiser's words: a minimal
 * set of conflicting constraint groups, each at its file:line:col, with one
 * relaxation per member, cheapest first (docs/internals/explain.md).
 *
 * explain sits above the search: it calls upr_solve_subset (solve.h) as
 * the oracle of its conflict search, and the search never calls it.  A
 * caller asks here after upr_solve reported UPR_SOLVE_NONE.
 */
#ifndef UPR_SOLVE_EXPLAIN_H
#define UPR_SOLVE_EXPLAIN_H

#include "model/model.h"

/*
 * Appends an error per member of a minimal conflict (together they leave
 * no timetable, proved; without any one the rest leaves one), then a note
 * "relax: WORDS [EDIT]" per member, where EDIT is a change a script can
 * apply to the input (explain.c).  When no conflict is proved within the
 * oracle's effort, a general error; proved: the search proved that no
 * timetable exists (upr_solve_stats.bb_complete; else it only failed to
 * find one) picks its words.  Returns 0, -1 out of memory.
 */
int upr_explain_infeasible(const struct upr_problem *p, struct upr_diags *d, bool proved);
/*
 * The same, stopping at deadline (upr_solve_clock's seconds, solve.h; 0:
 * none): past it the oracle answers "unknown" without asking, so a
 * conflict reported is still proved but may not be minimal, and the
 * message says so; when none was proved a note says the time limit
 * passed.
 */
int upr_explain_infeasible_until(const struct upr_problem *p, struct upr_diags *d, bool proved,
				 double deadline);

#endif
