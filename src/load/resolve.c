/*
 * resolve.c - what needs every file: references, the checks that span files,
 * the derived fields, and the move of the entities into the problem.
 *
 * What must hold when upr_loader_finish returns 0: every index in the model
 * is valid; state->speakers lists the speakers of each State in input order;
 * state->nhri is its only NHRI or -1; delegation->follows is unique and holds
 * its own State when that State is under review; every array lives in the
 * problem's arena.  Each step is linear in the input (marks instead of
 * pairwise comparisons), so 100,000 speakers load in one pass.
 *
 * When part of the input could not be read (a file that is not YAML, a
 * section that is not a list, an entry without an id), the checks that span
 * files are skipped: "not defined" errors about what is missing would only
 * bury the real one.
 */
#include "load/build.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "load/values.h"
#include "model/tz.h"

/* Did-you-mean searches over ids per load: beyond this many unknown
 * references the message goes without a suggestion. */
#define MAX_ID_SUGGESTIONS 1000

void upr_loader_init(struct upr_loader *L, struct upr_problem *p, struct upr_diags *d)
{
	memset(L, 0, sizeof(*L));
	L->p = p;
	L->d = d;
	L->errors0 = d->errors;
	L->suggestions_left = MAX_ID_SUGGESTIONS;
	upr_strmap_init(&L->speaker_files);
	upr_strmap_init(&L->delegation_files);
}

void upr_loader_release(struct upr_loader *L)
{
	upr_free(L->rooms);
	upr_free(L->states);
	upr_free(L->speakers);
	upr_free(L->delegations);
	upr_free(L->refs);
	upr_strmap_release(&L->speaker_files);
	upr_strmap_release(&L->delegation_files);
	L->rooms = NULL;
	L->states = NULL;
	L->speakers = NULL;
	L->delegations = NULL;
	L->refs = NULL;
}

const char *upr_loader_suggest_id(struct upr_loader *L, const char *word, size_t n,
				  const char *(*get)(const void *ctx, size_t i),
				  const void *ctx)
{
	if (L->suggestions_left == 0)
		return NULL;
	L->suggestions_left--;
	struct upr_suggest s;
	upr_suggest_init(&s, word);
	for (size_t i = 0; i < n; i++) {
		const char *id = get(ctx, i);
		if (id)
			upr_suggest_add(&s, id);
	}
	return s.best;
}

static const char *state_id_at(const void *ctx, size_t i)
{
	return ((const struct upr_state *)ctx)[i].id;
}

static const char *room_id_at(const void *ctx, size_t i)
{
	return ((const struct upr_room *)ctx)[i].id;
}

static void not_defined(struct upr_loader *L, const struct upr_ref *r, const char *what,
			const char *suggestion)
{
	char q[UPR_QUOTE_MAX];
	upr_quote(q, r->id, strlen(r->id));
	if (suggestion)
		upr_error(L->d, &r->loc, "%s %s is not defined (did you mean '%s'?)", what, q,
			  suggestion);
	else
		upr_error(L->d, &r->loc, "%s %s is not defined", what, q);
}

/* A State written by its name where its id belongs ("Burkina Faso" for
 * BF): names compared as time zone names are (upr_name_fold), exactly or,
 * from six letters, within one edit; the first in input order wins. */
static const char *state_by_name(struct upr_loader *L, const char *word, char *out,
				 size_t size)
{
	char w[UPR_ID_MAX + 1], f[UPR_ID_MAX + 1];
	if (strlen(word) > UPR_ID_MAX)
		return NULL;
	upr_name_fold(word, w, sizeof(w));
	size_t max = strlen(w) >= 6 ? 1 : 0, best = SIZE_MAX;
	const struct upr_state *hit = NULL;
	for (size_t i = 0; i < L->nstates && best > 0; i++) {
		const struct upr_state *s = &L->states[i];
		if (!s->id || !s->name || strlen(s->name) > UPR_ID_MAX)
			continue;
		upr_name_fold(s->name, f, sizeof(f));
		size_t d = upr_edit_distance(w, f);
		if (d <= max && d < best) {
			best = d;
			hit = s;
		}
	}
	if (!hit)
		return NULL;
	/* not_defined quotes the whole hint: "'BF', the id of 'Burkina Faso'" */
	snprintf(out, size, "%s', the id of '%s", hit->id, hit->name);
	return out;
}

static int lookup_state(struct upr_loader *L, const struct upr_ref *r)
{
	int idx = upr_strmap_get(&L->p->state_ids, r->id);
	char byname[2 * UPR_ID_MAX + 64];
	if (idx < 0) {
		const char *hint = L->suggestions_left ? state_by_name(L, r->id, byname, sizeof(byname))
						       : NULL;
		not_defined(L, r, "state", hint ? hint :
			    upr_loader_suggest_id(L, r->id, L->nstates, state_id_at, L->states));
	}
	return idx;
}

/* A speaker's reference to a State: listed once, and at most one NHRI per
 * State.  mark[state] holds 1 + the last speaker that named it. */
static void speaker_state(struct upr_loader *L, const struct upr_ref *r, size_t *mark)
{
	int idx = lookup_state(L, r);
	if (idx < 0)
		return;
	struct upr_speaker *sp = &L->speakers[r->owner];
	struct upr_state *st = &L->states[idx];
	char q[UPR_QUOTE_MAX];
	if (mark[idx] == r->owner + 1) {
		upr_error(L->d, &r->loc, "state %s is listed twice",
			  upr_quote(q, r->id, strlen(r->id)));
		return;
	}
	mark[idx] = r->owner + 1;
	sp->states[r->pos] = idx;
	if (sp->kind != UPR_KIND_NHRI)
		return;
	if (st->nhri >= 0) {
		/* A speaker without an id was reported where it is written. */
		const char *a = L->speakers[st->nhri].id, *b = sp->id;
		char qa[UPR_QUOTE_MAX], qb[UPR_QUOTE_MAX];
		upr_error(L->d, &r->loc, "two NHRIs for state %s (%s and %s)",
			  upr_quote(q, r->id, strlen(r->id)),
			  upr_quote(qa, a ? a : "?", a ? strlen(a) : 1),
			  upr_quote(qb, b ? b : "?", b ? strlen(b) : 1));
		return;
	}
	st->nhri = (int)r->owner;
}

static void resolve_refs(struct upr_loader *L)
{
	size_t *mark = upr_calloc(L->nstates ? L->nstates : 1, sizeof(*mark));
	if (!mark) {
		upr_loader_oom(L);
		return;
	}
	for (size_t i = 0; i < L->nrefs; i++) {
		const struct upr_ref *r = &L->refs[i];
		int idx;
		switch (r->kind) {
		case UPR_REF_SPEAKER_STATE:
			speaker_state(L, r, mark);
			break;
		case UPR_REF_STATE_ROOM:
			idx = upr_strmap_get(&L->p->room_ids, r->id);
			if (idx < 0)
				not_defined(L, r, "room",
					    upr_loader_suggest_id(L, r->id, L->nrooms,
								  room_id_at, L->rooms));
			else
				L->states[r->owner].room = idx;
			break;
		case UPR_REF_FOLLOW:
			idx = lookup_state(L, r);
			if (idx >= 0)
				L->delegations[r->owner].follows[r->pos] = idx;
			break;
		}
	}
	upr_free(mark);
}

static bool is_event_day(const struct upr_event *e, int64_t day)
{
	size_t lo = 0, hi = e->ndays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->ndays && e->days[lo] == day;
}

/* A pinned start off the event's days can never be kept.  (Whether it fits
 * the hours, the grid and the room is for the checker and the solver.) */
static void check_pins(struct upr_loader *L)
{
	const struct upr_event *e = &L->p->event;
	for (size_t i = 0; i < L->nstates; i++) {
		const struct upr_state *s = &L->states[i];
		if (!s->has_start || is_event_day(e, upr_floor_div(s->start, UPR_MIN_PER_DAY)))
			continue;
		char t[17];
		upr_format_local(s->start, t);
		upr_error(L->d, &s->start_loc, "start '%s' is not on an event day", t);
	}
}

/* A pinned start or a review time must exist and be unambiguous: not
 * skipped or repeated by a change of the zone's UTC offset (model/tz.h). */
static void check_instant_clock(struct upr_loader *L, const char *label, int64_t t,
				const struct upr_loc *loc)
{
	const char *zone = L->p->event.timezone;
	struct upr_tz_change c;
	int off;
	if (upr_tz_span(zone, t, t, &c, &off) == UPR_TZ_CLEAR)
		return;
	char when[17], what[160];
	upr_format_local(t, when);
	upr_tz_change_text(zone, &c, what, sizeof(what));
	upr_error(L->d, loc, "%s '%s' %s by %s", label, when,
		  c.to > c.from ? "does not exist: it is skipped"
				: "is ambiguous: it is repeated",
		  what);
}

static void check_pin_clocks(struct upr_loader *L)
{
	if (!L->p->event.timezone)
		return;
	for (size_t i = 0; i < L->nstates; i++) {
		const struct upr_state *s = &L->states[i];
		if (s->has_review)
			check_instant_clock(L, "review", s->review, &s->review_loc);
		if (s->has_start)
			check_instant_clock(L, "start", s->start, &s->start_loc);
	}
}

/* ---- derived fields, only for input without errors ---- */

/* follows: unique, in the order written, the own State added at the end. */
static void derive_follows(struct upr_loader *L, size_t *mark)
{
	for (size_t i = 0; i < L->ndelegations; i++) {
		struct upr_delegation *g = &L->delegations[i];
		if (g->state_id)
			g->state = upr_strmap_get(&L->p->state_ids, g->state_id);
		size_t k = 0;
		for (size_t j = 0; j < g->nfollows; j++) {
			int s = g->follows[j];
			if (mark[s] == i + 1)
				continue;
			mark[s] = i + 1;
			g->follows[k++] = s;
		}
		/* build.c left one spare slot for this. */
		if (g->state >= 0 && mark[g->state] != i + 1) {
			mark[g->state] = i + 1;
			g->follows[k++] = g->state;
		}
		g->nfollows = k;
	}
}

/* state->speakers: each State's speakers in input order. */
static bool derive_speakers(struct upr_loader *L)
{
	for (size_t i = 0; i < L->nspeakers; i++)
		for (size_t j = 0; j < L->speakers[i].nstates; j++)
			L->states[L->speakers[i].states[j]].nspeakers++;
	for (size_t s = 0; s < L->nstates; s++) {
		struct upr_state *st = &L->states[s];
		if (st->nspeakers == 0)
			continue;
		st->speakers = upr_arena_alloc(&L->p->arena, st->nspeakers * sizeof(int));
		if (!st->speakers) {
			upr_loader_oom(L);
			return false;
		}
		st->nspeakers = 0;
	}
	for (size_t i = 0; i < L->nspeakers; i++)
		for (size_t j = 0; j < L->speakers[i].nstates; j++) {
			struct upr_state *st = &L->states[L->speakers[i].states[j]];
			st->speakers[st->nspeakers++] = (int)i;
		}
	return true;
}

/* Copies a vector into the arena; false after reporting. */
static bool move(struct upr_loader *L, const void *v, size_t n, size_t size, void **out)
{
	*out = NULL;
	if (n == 0)
		return true;
	*out = upr_arena_alloc(&L->p->arena, n * size);
	if (!*out) {
		upr_loader_oom(L);
		return false;
	}
	memcpy(*out, v, n * size);
	return true;
}

int upr_loader_finish(struct upr_loader *L)
{
	if (!L->oom && !L->incomplete) {
		if (!L->have_event)
			upr_error(L->d, NULL, "no 'event' in the input (one file must have it)");
		if (L->nrooms == 0)
			upr_error(L->d, NULL, "no room in the input (at least one is needed)");
		if (L->nstates == 0)
			upr_error(L->d, NULL, "no state in the input (at least one is needed)");
		resolve_refs(L);
		if (L->have_event && L->event_days_ok)
			check_pins(L);
		if (L->have_event)
			check_pin_clocks(L);
	}
	if (L->oom || L->d->errors != L->errors0)
		return -1;

	size_t *mark = upr_calloc(L->nstates ? L->nstates : 1, sizeof(*mark));
	if (!mark) {
		upr_loader_oom(L);
		return -1;
	}
	derive_follows(L, mark);
	upr_free(mark);
	if (!derive_speakers(L))
		return -1;

	struct upr_problem *p = L->p;
	void *rooms, *states, *speakers, *delegations;
	if (!move(L, L->rooms, L->nrooms, sizeof(*L->rooms), &rooms) ||
	    !move(L, L->states, L->nstates, sizeof(*L->states), &states) ||
	    !move(L, L->speakers, L->nspeakers, sizeof(*L->speakers), &speakers) ||
	    !move(L, L->delegations, L->ndelegations, sizeof(*L->delegations), &delegations))
		return -1;
	p->rooms = rooms;
	p->nrooms = L->nrooms;
	p->states = states;
	p->nstates = L->nstates;
	p->speakers = speakers;
	p->nspeakers = L->nspeakers;
	p->delegations = delegations;
	p->ndelegations = L->ndelegations;
	return 0;
}
