/*
 * explain_relax.c - the oracle of the conflict search: a copy of the
 * problem with some constraint groups relaxed, asked whether a timetable
 * exists.
 *
 * The copy shares every string and interval of the original (read-only)
 * and owns only the arrays it changes, in one arena freed after the call.
 * Each relaxation only adds timetables (a room gains languages, a pin goes,
 * a window grows, a shared speaker becomes one speaker per State), so the
 * answers are monotone, as QuickXplain and the deletion filter need.
 *
 * First a fast test of what needs no search (per held State: statements
 * that fit at statement.min, and one start and room where every speaker
 * who must speak could), then the solver (upr_solve_subset) with a small
 * effort.  Only a proof counts as "no": an answer the solver cannot give
 * within its effort, or before the plan's deadline, counts as "yes", so a
 * reported conflict is proved.
 */
#include "solve/explain_internal.h"
#include "solve/solve.h"

#include <string.h>

/* A language code no speaker has: every relaxed copy's rooms offer it, and
 * a speaker whose language is relaxed speaks it. */
#define LANG_ANY ((upr_lang)0xffff)
#define MAX_EXTRA_DAYS 62

bool upr_ex_must_speak(const struct upr_problem *p, int speaker)
{
	return !p->event.waitlist || p->speakers[speaker].kind == UPR_KIND_NHRI;
}

static int must_count(const struct upr_problem *p, int state)
{
	const struct upr_state *st = &p->states[state];
	int n = 0;
	for (size_t i = 0; i < st->nspeakers; i++)
		n += upr_ex_must_speak(p, st->speakers[i]);
	return n;
}

int upr_ex_capacity_min(const struct upr_problem *p)
{
	int best = p->event.statement_min;
	for (size_t s = 0; s < p->nstates; s++) {
		int need = must_count(p, (int)s);
		if (!upr_session_held(p, (int)s) || need == 0)
			continue;
		int fit = upr_session_statement_minutes(p, (int)s) / need;
		if (fit < best)
			best = fit;
	}
	return best < 1 ? 1 : best;
}

static bool is_event_day(const struct upr_problem *p, int64_t day)
{
	for (size_t i = 0; i < p->event.ndays; i++)
		if (p->event.days[i] == day)
			return true;
	return false;
}

static void add_days(const struct upr_problem *p, const struct upr_ivals *v, int64_t *out,
		     size_t *n, size_t max)
{
	for (size_t i = 0; i < v->n; i++) {
		int64_t a = upr_floor_div(v->v[i].start, UPR_MIN_PER_DAY);
		int64_t b = upr_floor_div(v->v[i].end - 1, UPR_MIN_PER_DAY);
		for (int64_t d = a; d <= b && *n < max; d++) {
			bool seen = is_event_day(p, d);
			for (size_t k = 0; k < *n && !seen; k++)
				seen = out[k] == d;
			if (!seen)
				out[(*n)++] = d;
		}
	}
}

size_t upr_ex_extra_days(const struct upr_problem *p, const struct ex_group *g, size_t ng,
			 const unsigned char *active, int64_t *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < ng; i++) {
		if (active && !active[i])
			continue;
		if (g[i].kind == EX_SPK_TIMES && p->speakers[g[i].who].has_available)
			add_days(p, &p->speakers[g[i].who].available, out, &n, max);
		else if (g[i].kind == EX_ROOM_TIMES && p->rooms[g[i].who].has_available)
			add_days(p, &p->rooms[g[i].who].available, out, &n, max);
	}
	/* insertion sort: a handful of days */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
			int64_t t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

/* Does an availability name a day that is not an event day?  (A superset
 * of the days the relaxation of event.days adds: enough to skip the group
 * when it would add none.) */
static bool extra_days_any(const struct upr_problem *p)
{
	int64_t day;
	for (size_t i = 0; i < p->nspeakers; i++) {
		size_t n = 0;
		if (p->speakers[i].has_available)
			add_days(p, &p->speakers[i].available, &day, &n, 1);
		if (n)
			return true;
	}
	for (size_t r = 0; r < p->nrooms; r++) {
		size_t n = 0;
		if (p->rooms[r].has_available)
			add_days(p, &p->rooms[r].available, &day, &n, 1);
		if (n)
			return true;
	}
	return false;
}

bool upr_ex_common_language(const struct upr_problem *p, upr_lang *out)
{
	if (p->nrooms == 0)
		return false;
	/* the first room's languages in its order: en first when it leads */
	for (size_t i = 0; i < p->rooms[0].nlanguages; i++) {
		bool all = true;
		for (size_t r = 1; r < p->nrooms && all; r++)
			all = upr_room_has_language(&p->rooms[r], p->rooms[0].languages[i]);
		if (all) {
			*out = p->rooms[0].languages[i];
			return true;
		}
	}
	return false;
}

struct ex_group *upr_ex_groups(const struct upr_problem *p, size_t *n)
{
	size_t cap = 4 + 3 * p->nrooms + 3 * p->nstates + 4 * p->nspeakers, k = 0;
	struct ex_group *g = upr_malloc(cap * sizeof(*g));
	if (!g)
		return NULL;
	upr_lang common;
	/* a speaker's language is relaxed to one every room offers, so only
	 * where there is one (else the rooms' languages are the groups) */
	bool has_common = upr_ex_common_language(p, &common);
	bool remote = false;
	for (size_t i = 0; i < p->nspeakers; i++)
		remote |= p->speakers[i].remote;
	for (int kind = 0; kind < EX_NKINDS; kind++) {
		switch ((enum ex_kind)kind) {
		case EX_STATE_START:
		case EX_STATE_ROOM:
		case EX_STATE_TIMES:
			for (size_t s = 0; s < p->nstates; s++) {
				const struct upr_state *st = &p->states[s];
				if (!upr_session_held(p, (int)s))
					continue;
				if ((kind == EX_STATE_START && st->has_start) ||
				    (kind == EX_STATE_ROOM && st->room >= 0) ||
				    (kind == EX_STATE_TIMES && st->unavailable.n))
					g[k++] = (struct ex_group){ (enum ex_kind)kind, (int)s };
			}
			break;
		case EX_ROOM_VIDEO:
		case EX_ROOM_LANG:
		case EX_ROOM_TIMES:
			for (size_t r = 0; r < p->nrooms; r++) {
				const struct upr_room *rm = &p->rooms[r];
				bool lacks = false;
				for (size_t i = 0; i < p->nspeakers && !lacks; i++)
					lacks = !upr_room_has_language(rm, p->speakers[i].language);
				if ((kind == EX_ROOM_VIDEO && remote && !rm->video) ||
				    (kind == EX_ROOM_LANG && lacks) ||
				    (kind == EX_ROOM_TIMES && rm->has_available))
					g[k++] = (struct ex_group){ (enum ex_kind)kind, (int)r };
			}
			break;
		case EX_EVENT_HOURS: {
			/* only if relaxing it widens a window */
			const struct upr_event *e = &p->event;
			bool wider = false;
			for (size_t h = 0; h < e->nhours; h++)
				wider |= e->hours[h].end <
					 (h + 1 < e->nhours ? e->hours[h + 1].start : UPR_MIN_PER_DAY);
			if (wider)
				g[k++] = (struct ex_group){ EX_EVENT_HOURS, -1 };
			break;
		}
		case EX_EVENT_DAYS: {
			/* only if an availability names a day that is not one */
			if (extra_days_any(p))
				g[k++] = (struct ex_group){ EX_EVENT_DAYS, -1 };
			break;
		}
		case EX_CAPACITY:
			if (upr_ex_capacity_min(p) < p->event.statement_min)
				g[k++] = (struct ex_group){ EX_CAPACITY, -1 };
			break;
		case EX_SPK_VIDEO:
		case EX_SPK_TIMES:
		case EX_SPK_SHARED:
		case EX_SPK_LANG:
			for (size_t i = 0; i < p->nspeakers; i++) {
				const struct upr_speaker *sp = &p->speakers[i];
				size_t held = 0;
				bool lang = false;
				for (size_t j = 0; j < sp->nstates; j++)
					held += upr_session_held(p, sp->states[j]);
				for (size_t r = 0; r < p->nrooms && !lang; r++)
					lang = !upr_room_has_language(&p->rooms[r], sp->language);
				if (!upr_ex_must_speak(p, (int)i) || held == 0)
					continue;
				if ((kind == EX_SPK_VIDEO && sp->remote) ||
				    (kind == EX_SPK_TIMES && (sp->has_available || sp->unavailable.n)) ||
				    (kind == EX_SPK_SHARED && held >= 2) ||
				    (kind == EX_SPK_LANG && lang && has_common))
					g[k++] = (struct ex_group){ (enum ex_kind)kind, (int)i };
			}
			break;
		case EX_NKINDS:
			break;
		}
	}
	*n = k;
	return g;
}

/* ---- the relaxed copy ---- */

static void *dup(struct upr_arena *a, const void *src, size_t n)
{
	void *d = upr_arena_alloc(a, n ? n : 1);
	if (d && n)
		memcpy(d, src, n);
	return d;
}

int upr_ex_relax(const struct upr_problem *p, const struct ex_group *g, size_t ng,
		 const unsigned char *active, const int64_t *days, size_t ndays,
		 struct upr_problem *q, struct upr_arena *a)
{
	*q = *p;	/* the arena inside is never used through q */
	struct upr_room *rooms = dup(a, p->rooms, p->nrooms * sizeof(*rooms));
	struct upr_state *states = dup(a, p->states, p->nstates * sizeof(*states));
	size_t nsp = p->nspeakers;
	for (size_t i = 0; i < ng; i++)
		if (!active[i] && g[i].kind == EX_SPK_SHARED)
			nsp += p->speakers[g[i].who].nstates - 1;
	struct upr_speaker *spk = upr_arena_alloc(a, (nsp + 1) * sizeof(*spk));
	struct upr_event *e = &q->event;
	if (!rooms || !states || !spk)
		return -1;
	memcpy(spk, p->speakers, p->nspeakers * sizeof(*spk));
	q->rooms = rooms;
	q->states = states;
	q->speakers = spk;
	q->nspeakers = nsp;
	/* every room offers LANG_ANY, so a relaxed speaker fits any room */
	for (size_t r = 0; r < p->nrooms; r++) {
		upr_lang *l = upr_arena_alloc(a, (rooms[r].nlanguages + 1) * sizeof(*l));
		if (!l)
			return -1;
		memcpy(l, rooms[r].languages, rooms[r].nlanguages * sizeof(*l));
		l[rooms[r].nlanguages++] = LANG_ANY;
		rooms[r].languages = l;
	}
	size_t next = p->nspeakers;
	for (size_t i = 0; i < ng; i++) {
		if (active[i])
			continue;
		int w = g[i].who;
		switch (g[i].kind) {
		case EX_STATE_START:
			states[w].has_start = false;
			break;
		case EX_STATE_ROOM:
			states[w].room = -1;
			break;
		case EX_STATE_TIMES:
			states[w].unavailable.n = 0;
			break;
		case EX_ROOM_VIDEO:
			rooms[w].video = true;
			break;
		case EX_ROOM_LANG: {
			/* every language a speaker speaks */
			upr_lang *l = upr_arena_alloc(a, (rooms[w].nlanguages + p->nspeakers) *
						      sizeof(*l));
			if (!l)
				return -1;
			memcpy(l, rooms[w].languages, rooms[w].nlanguages * sizeof(*l));
			for (size_t s = 0; s < p->nspeakers; s++)
				l[rooms[w].nlanguages + s] = p->speakers[s].language;
			rooms[w].languages = l;
			rooms[w].nlanguages += p->nspeakers;
			break;
		}
		case EX_ROOM_TIMES:
			rooms[w].has_available = false;
			break;
		case EX_EVENT_HOURS: {
			/* each window reaches the next one's start, the last
			 * midnight: the same anchors, so every start stays */
			struct upr_interval *h = dup(a, e->hours, e->nhours * sizeof(*h));
			if (!h)
				return -1;
			for (size_t k = 0; k < e->nhours; k++)
				h[k].end = k + 1 < e->nhours ? h[k + 1].start : UPR_MIN_PER_DAY;
			e->hours = h;
			break;
		}
		case EX_EVENT_DAYS: {
			int64_t extra[MAX_EXTRA_DAYS];
			size_t n = ndays;
			if (days)
				memcpy(extra, days, ndays * sizeof(*extra));
			else
				n = upr_ex_extra_days(p, g, ng, NULL, extra, MAX_EXTRA_DAYS);
			int64_t *d = upr_arena_alloc(a, (e->ndays + n + 1) * sizeof(*d));
			if (!d)
				return -1;
			/* merge two sorted lists */
			size_t x = 0, y = 0, k = 0;
			while (x < e->ndays || y < n)
				d[k++] = y >= n || (x < e->ndays && e->days[x] < extra[y])
					 ? e->days[x++] : extra[y++];
			e->days = d;
			e->ndays = k;
			break;
		}
		case EX_CAPACITY:
			e->statement_min = upr_ex_capacity_min(p);
			break;
		case EX_SPK_VIDEO:
			spk[w].remote = false;
			break;
		case EX_SPK_TIMES:
			spk[w].has_available = false;
			spk[w].unavailable.n = 0;
			break;
		case EX_SPK_LANG:
			spk[w].language = LANG_ANY;
			break;
		case EX_SPK_SHARED:	/* below, once every speaker is relaxed */
			break;
		case EX_NKINDS:
			break;
		}
	}
	/* one speaker per State, the first keeping the index: after the
	 * other relaxations, so that the clones carry them */
	for (size_t i = 0; i < ng; i++) {
		int w = g[i].who;
		if (active[i] || g[i].kind != EX_SPK_SHARED)
			continue;
		for (size_t j = 1; j < p->speakers[w].nstates; j++) {
			int st = p->speakers[w].states[j];
			int c = (int)next++;
			spk[c] = spk[w];
			spk[c].states = &p->speakers[w].states[j];
			spk[c].nstates = 1;
			int *v = dup(a, states[st].speakers, states[st].nspeakers * sizeof(*v));
			if (!v)
				return -1;
			for (size_t m = 0; m < states[st].nspeakers; m++)
				if (v[m] == w)
					v[m] = c;
			if (states[st].nhri == w)
				states[st].nhri = c;
			states[st].speakers = v;
		}
		spk[w].nstates = 1;
	}
	return 0;
}

/* Has the deadline (0: none) passed?  Then o->timed_out. */
static bool past(struct ex_oracle *o)
{
	if (o->deadline > 0 && upr_solve_clock() > o->deadline)
		o->timed_out = true;
	return o->timed_out;
}

/* What needs no search: does some held State have no start and room where
 * its must-speak statements fit?  true: proved infeasible.  It scans every
 * start of every State, so the deadline is read per State (then false:
 * not proved). */
static bool quick_no(struct ex_oracle *o, const struct upr_problem *q)
{
	const int mn = q->event.statement_min;
	for (size_t s = 0; s < q->nstates; s++) {
		if (!upr_session_held(q, (int)s))
			continue;
		if (past(o))
			return false;
		const struct upr_state *st = &q->states[s];
		if ((long)must_count(q, (int)s) * mn > upr_session_statement_minutes(q, (int)s))
			return true;
		size_t nstarts = 0;
		int64_t *starts = upr_session_starts(q, (int)s, &nstarts);
		if (!starts)
			return false;	/* the solver will say */
		bool some = false;
		for (size_t k = 0; k < nstarts && !some; k++) {
			if (!upr_session_state_free(q, (int)s, starts[k]))
				continue;
			bool fit = true;
			for (size_t i = 0; i < st->nspeakers && fit; i++)
				fit = !upr_ex_must_speak(q, st->speakers[i]) ||
				      upr_session_speaker_fits(q, (int)s, st->speakers[i],
							       starts[k], NULL, 0);
			for (size_t r = 0; r < q->nrooms && fit && !some; r++) {
				if (!upr_session_room_allowed(q, (int)s, (int)r) ||
				    !upr_session_room_open(q, (int)r, (int)s, starts[k]))
					continue;
				bool takes = true;
				for (size_t i = 0; i < st->nspeakers && takes; i++)
					takes = !upr_ex_must_speak(q, st->speakers[i]) ||
						upr_session_room_takes(q, (int)r, st->speakers[i]);
				some = takes;
			}
		}
		upr_free(starts);
		if (!some)
			return true;
	}
	return false;
}

static int ask(struct ex_oracle *o, const unsigned char *active, const int64_t *days,
	       size_t ndays)
{
	struct upr_arena a;
	struct upr_problem q;
	upr_arena_init(&a);
	int rc = -1;
	/* past the deadline even the copy would cost: unknown, counted as
	 * yes, so what is reported stays proved (maybe not minimal) */
	if (past(o)) {
		rc = 1;
		goto done;
	}
	if (upr_ex_relax(o->p, o->g, o->ng, active, days, ndays, &q, &a) < 0)
		goto done;
	if (quick_no(o, &q)) {
		rc = 0;
		goto done;
	}
	long cap = o->max_solver_calls > 0 ? o->max_solver_calls : EX_MAX_SOLVER_CALLS;
	if (o->solver_calls >= cap)
		o->capped = true;
	if (o->capped || past(o)) {
		rc = 1;	/* unknown counts as feasible: what is reported stays proved */
		goto done;
	}
	o->solver_calls++;
	int r = upr_solve_subset(&q, NULL, o->budget, o->deadline);
	rc = r < 0 ? -1 : r == 0 ? 0 : 1;
	if (r == 2)
		past(o);
done:
	upr_arena_release(&a);
	return rc;
}

int upr_ex_feasible(struct ex_oracle *o, const unsigned char *active)
{
	o->calls++;
	for (size_t i = 0; i < o->ncache; i++)
		if (memcmp(o->keys + i * o->ng, active, o->ng) == 0)
			return o->answers[i];
	int r = ask(o, active, NULL, 0);
	if (r < 0)
		return -1;
	if (o->ncache == o->capcache) {
		size_t cap = o->capcache ? 2 * o->capcache : 64;
		unsigned char *k = upr_realloc(o->keys, cap * (o->ng ? o->ng : 1));
		if (!k)
			return -1;
		o->keys = k;
		signed char *v = upr_realloc(o->answers, cap);
		if (!v)
			return -1;
		o->answers = v;
		o->capcache = cap;
	}
	if (o->ng)
		memcpy(o->keys + o->ncache * o->ng, active, o->ng);
	o->answers[o->ncache++] = (signed char)r;
	return r;
}

int upr_ex_feasible_days(struct ex_oracle *o, const unsigned char *active, const int64_t *days,
			 size_t ndays)
{
	o->calls++;
	return ask(o, active, days, ndays < MAX_EXTRA_DAYS ? ndays : MAX_EXTRA_DAYS);
}

void upr_ex_oracle_release(struct ex_oracle *o)
{
	upr_free(o->keys);
	upr_free(o->answers);
	o->keys = NULL;
	o->answers = NULL;
}
