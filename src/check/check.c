/*
 * check.c - upr_check: runs every hard constraint (constraints.c), then the
 * score (score.c), and keeps what they find.
 *
 * Written for clarity first: the checker is the reference the solver is
 * tested against, so it shares no code with the search (nothing in
 * src/solve/) and judges from the model alone.  It runs in O(n log n) on
 * sessions and statements (constraints.c and score.c say how).
 *
 * Invariants: the score is a pure function of (problem, timetable,
 * baseline); violations and penalties come out in a deterministic order.
 */
#include "check/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void upr_check_result_init(struct upr_check_result *r)
{
	memset(r, 0, sizeof(*r));
}

void upr_check_result_release(struct upr_check_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		upr_free(r->v[i].message);
	for (size_t i = 0; i < r->npen; i++)
		upr_free(r->pen[i].message);
	upr_free(r->v);
	upr_free(r->pen);
	upr_check_result_init(r);
}

bool upr_state_held(const struct upr_problem *p, int state)
{
	return p->states[state].nspeakers >= (size_t)p->event.min_statements;
}

int upr_statement_minutes(const struct upr_problem *p)
{
	const struct upr_event *e = &p->event;
	return e->session_length - e->opening - e->state_statement - e->questions;
}

long upr_check_day_index(const struct upr_event *e, int64_t day)
{
	size_t lo = 0, hi = e->ndays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->ndays && e->days[lo] == day ? (long)lo : -1;
}

/* The formatted message, or NULL out of memory; the caller frees it. */
static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	char *s = upr_malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* Room for one more element in an array of n (cap grows by doubling);
 * 0, or -1 out of memory with *v unchanged. */
static int reserve(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *nv = upr_realloc(*v, c * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = c;
	return 0;
}

void upr_check_violation(struct upr_check_ctx *c, enum upr_hard code, int state,
			 int state2, int speaker, int room, int64_t start, int64_t end,
			 const char *fmt, ...)
{
	struct upr_check_result *r = c->r;
	if (reserve((void **)&r->v, &r->cap, r->n, sizeof(*r->v)) < 0) {
		r->oom = 1;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = vformat(fmt, ap);
	va_end(ap);
	if (!msg) {
		r->oom = 1;
		return;
	}
	r->v[r->n++] = (struct upr_violation){ code, state, state2, speaker, room,
					       start, end, msg };
}

void upr_check_penalty(struct upr_check_ctx *c, enum upr_weight kind, int64_t count,
		       int state, int state2, int speaker, int delegation, const char *fmt, ...)
{
	struct upr_check_result *r = c->r;
	if (!c->explain || count == 0)
		return;
	if (reserve((void **)&r->pen, &r->cappen, r->npen, sizeof(*r->pen)) < 0) {
		r->oom = 1;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = vformat(fmt, ap);
	va_end(ap);
	if (!msg) {
		r->oom = 1;
		return;
	}
	r->pen[r->npen++] = (struct upr_penalty){ kind, count, state, state2,
						  speaker, delegation, msg };
}

long upr_check(const struct upr_problem *p, const struct upr_timetable *t,
	       const struct upr_check_opts *opts, struct upr_check_result *r)
{
	struct upr_check_ctx c = { p, t, r, opts && opts->explain, false };
	if (upr_check_constraints(&c) < 0 ||
	    upr_check_score(&c, opts ? opts->baseline : NULL) < 0) {
		r->oom = 1;
		return -1;
	}
	return r->oom ? -1 : (long)r->n;
}

long upr_check_by_state(const struct upr_problem *p, const struct upr_timetable *t,
			struct upr_check_result *r)
{
	struct upr_check_ctx c = { p, t, r, true, true };
	if (upr_check_constraints(&c) < 0 || upr_check_score(&c, NULL) < 0) {
		r->oom = 1;
		return -1;
	}
	return r->oom ? -1 : (long)r->n;
}
