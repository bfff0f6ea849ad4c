/*
 * timetable.c - lifecycle and ordering of timetables.
 */
#include "model/timetable.h"

#include <stdlib.h>

struct upr_timetable *upr_timetable_new(void)
{
	struct upr_timetable *t = upr_calloc(1, sizeof(*t));
	if (t)
		upr_arena_init(&t->arena);
	return t;
}

void upr_timetable_free(struct upr_timetable *t)
{
	if (!t)
		return;
	upr_arena_release(&t->arena);
	upr_free(t);
}

static int cmp_session(const void *pa, const void *pb)
{
	const struct upr_session *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->room != b->room)
		return a->room < b->room ? -1 : 1;
	return (a->state > b->state) - (a->state < b->state);
}

void upr_timetable_sort(struct upr_timetable *t)
{
	if (t->nsessions > 1)
		qsort(t->sessions, t->nsessions, sizeof(*t->sessions), cmp_session);
}

int64_t upr_session_first_stmt(const struct upr_problem *p, const struct upr_session *s)
{
	return s->start + p->event.opening + p->event.state_statement;
}
