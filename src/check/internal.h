/*
 * internal.h - what check.c, constraints.c and score.c share: the context of
 * one check and the two ways of recording what it finds.
 *
 * Not for use outside src/check/.  Like the rest of the checker it depends
 * only on the model, never on the search.
 */
#ifndef UPR_CHECK_INTERNAL_H
#define UPR_CHECK_INTERNAL_H

#include <stdarg.h>

#include "check/check.h"

struct upr_check_ctx {
	const struct upr_problem *p;
	const struct upr_timetable *t;
	struct upr_check_result *r;
	bool explain;
	bool per_state;		/* upr_check_by_state */
};

/* Records a broken hard constraint; out of memory sets r->oom. */
__attribute__((format(printf, 9, 10)))
void upr_check_violation(struct upr_check_ctx *c, enum upr_hard code, int state,
			 int state2, int speaker, int room, int64_t start, int64_t end,
			 const char *fmt, ...);
/* Records a soft penalty when explaining (and count > 0); out of memory sets
 * r->oom. */
__attribute__((format(printf, 8, 9)))
void upr_check_penalty(struct upr_check_ctx *c, enum upr_weight kind, int64_t count,
		       int state, int state2, int speaker, int delegation, const char *fmt, ...);

/* The name of State s, for messages. */
static inline const char *upr_check_sname(const struct upr_check_ctx *c, int s)
{
	return c->p->states[s].name;
}

/* Index of day (local days since the epoch) in the sorted event.days, or
 * -1 when it is not an event day. */
long upr_check_day_index(const struct upr_event *e, int64_t day);

/* Every hard constraint, in the order of docs/internals/check.md
 * (constraints.c); 0, or -1 out of memory. */
int upr_check_constraints(struct upr_check_ctx *c);
/* The score into r->score, penalties when explaining (score.c); 0, or -1
 * out of memory. */
int upr_check_score(struct upr_check_ctx *c, const struct upr_timetable *baseline);

#endif
