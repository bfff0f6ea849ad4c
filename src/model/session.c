/*
 * session.c - the rules of one session (session.h): its interval, its
 * rooms, its speakers and its possible starts.
 *
 * Each rule is written here once; src/solve/ and the writers in
 * src/export/ call it.  The checker has its own code and never calls this
 * file, so a mistake here shows as a broken hard constraint.
 */
#include "model/session.h"

#include <stdlib.h>

bool upr_session_held(const struct upr_problem *p, int state)
{
	return p->states[state].nspeakers >= (size_t)p->event.min_statements;
}

int upr_session_length(const struct upr_problem *p, int state)
{
	(void)state;	/* one session.length for the whole event; any State too */
	return p->event.session_length;
}

int64_t upr_session_end(const struct upr_problem *p, int state, int64_t start)
{
	return start + upr_session_length(p, state);
}

int upr_session_statement_minutes(const struct upr_problem *p, int state)
{
	const struct upr_event *e = &p->event;
	return upr_session_length(p, state) - e->opening - e->state_statement - e->questions;
}

int64_t upr_session_stmts_start(const struct upr_problem *p, int state, int64_t start)
{
	(void)state;
	return start + p->event.opening + p->event.state_statement;
}

bool upr_session_room_allowed(const struct upr_problem *p, int state, int room)
{
	return p->states[state].room < 0 || p->states[state].room == room;
}

bool upr_session_room_open(const struct upr_problem *p, int room, int state, int64_t start)
{
	const struct upr_room *r = &p->rooms[room];
	return !r->has_available ||
	       upr_ivals_contains(&r->available, start, upr_session_end(p, state, start));
}

bool upr_session_state_free(const struct upr_problem *p, int state, int64_t start)
{
	const struct upr_state *st = &p->states[state];
	if (st->has_start && st->start != start)
		return false;
	return !upr_ivals_overlaps(&st->unavailable, start, upr_session_end(p, state, start));
}

bool upr_session_rooms_alike(const struct upr_room *a, const struct upr_room *b)
{
	if (a->video != b->video || a->nlanguages != b->nlanguages)
		return false;
	for (size_t i = 0; i < a->nlanguages; i++)
		if (!upr_room_has_language(b, a->languages[i]))
			return false;
	return true;
}

static int cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

int64_t *upr_session_starts(const struct upr_problem *p, int state, size_t *n)
{
	const struct upr_event *e = &p->event;
	int len = upr_session_length(p, state);
	size_t cap = 0;
	for (size_t d = 0; d < e->ndays; d++)
		for (size_t h = 0; h < e->nhours; h++)
			if (e->hours[h].end - e->hours[h].start >= len)
				cap += (size_t)((e->hours[h].end - e->hours[h].start - len) / e->grid + 1);
	int64_t *v = upr_malloc((cap + 1) * sizeof(*v));
	if (!v)
		return NULL;
	size_t k = 0;
	for (size_t d = 0; d < e->ndays; d++)
		for (size_t h = 0; h < e->nhours; h++)
			for (int64_t t = e->hours[h].start; t + len <= e->hours[h].end; t += e->grid)
				v[k++] = e->days[d] * UPR_MIN_PER_DAY + t;
	/* windows of one day may overlap, and days come sorted but hours
	 * need not: sort, and keep each start once */
	qsort(v, k, sizeof(*v), cmp_i64);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	*n = u;
	return v;
}

bool upr_session_room_takes(const struct upr_problem *p, int room, int speaker)
{
	const struct upr_room *r = &p->rooms[room];
	const struct upr_speaker *sp = &p->speakers[speaker];
	return upr_room_has_language(r, sp->language) && (!sp->remote || r->video);
}

bool upr_session_speaker_free(const struct upr_problem *p, int speaker, int64_t s, int64_t e,
			      const struct upr_blocked *blocked, size_t nblocked)
{
	const struct upr_speaker *sp = &p->speakers[speaker];
	if (sp->has_available && !upr_ivals_contains(&sp->available, s, e))
		return false;
	if (upr_ivals_overlaps(&sp->unavailable, s, e))
		return false;
	for (size_t i = 0; i < nblocked; i++)
		if (blocked[i].speaker == speaker &&
		    upr_overlap(s, e, blocked[i].start, blocked[i].end))
			return false;
	return true;
}

bool upr_session_speaker_fits(const struct upr_problem *p, int state, int speaker,
			      int64_t start, const struct upr_blocked *blocked, size_t nblocked)
{
	int64_t base = upr_session_stmts_start(p, state, start);
	int64_t end = base + upr_session_statement_minutes(p, state);
	int mn = p->event.statement_min;
	for (int64_t t = base; t + mn <= end; t++)
		if (upr_session_speaker_free(p, speaker, t, t + mn, blocked, nblocked))
			return true;
	return false;
}

int upr_session_wait_order(const struct upr_problem *p, int a, int b)
{
	const struct upr_speaker *x = &p->speakers[a], *y = &p->speakers[b];
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	if (x->has_applied != y->has_applied)
		return x->has_applied ? 1 : -1;
	if (x->has_applied && x->applied != y->applied)
		return x->applied > y->applied ? -1 : 1;
	return (x->order < y->order) - (x->order > y->order);
}
