/*
 * precheck.h - what can be said of a problem without searching (precheck.c),
 * and the phrases it shares with the waitlist reasons of timetable.c.
 *
 * upr_problem_precheck (upr/upr.h) is the public call behind `check`.
 */
#ifndef UPR_SOLVE_PRECHECK_H
#define UPR_SOLVE_PRECHECK_H

#include "model/model.h"

/*
 * "on 2017-12-13", "from 2017-12-12 to 2017-12-13", "on 2017-12-13
 * 10:00-12:00", the first three of v joined by commas and "and", then
 * "and N more"; into out (always terminated when size > 0).
 */
void upr_describe_times(const struct upr_ivals *v, char *out, size_t size);

#endif
