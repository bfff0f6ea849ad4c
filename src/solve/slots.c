/*
 * slots.c - the problem as the search sees it.
 *
 * The held States (held index h), the rooms grouped into classes (rooms
 * that hold the same speakers: model/session.h), the possible starts and
 * the slots (room, start) where the room is open, the unary price table
 * ucost[h][class][start] (statements inside, by intra.c, plus `prefer`),
 * and the pairs: clash neighbours (delegations) and States that share a
 * speaker.  Built once by upr_sv_setup; read-only during the search.
 *
 * The tables assume one session length and one list of starts for every
 * State (UPR_SESSION_ANY): the rules module gives the same for all today.
 */
#include "solve/internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int upr_sv_find_start(const struct solver *s, int64_t t)
{
	int lo = 0, hi = s->nstarts;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->starts[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;	/* first start >= t */
}

bool upr_sv_apart_range(const struct solver *s, int j, int *lo, int *hi)
{
	if (s->assign[j] < 0)
		return false;
	int64_t t = s->starts[s->slots[s->assign[j]].si];
	*lo = upr_sv_find_start(s, t - s->apart + 1);
	*hi = upr_sv_find_start(s, t + s->apart);
	return true;
}

static int build_slots(struct solver *s)
{
	const struct upr_problem *p = s->p;
	const struct upr_event *e = &p->event;
	/* one list of starts for every State (UPR_SESSION_ANY) */
	size_t n = 0;
	s->starts = upr_session_starts(p, UPR_SESSION_ANY, &n);
	s->start_day = upr_malloc((n + 1) * sizeof(*s->start_day));
	if (!s->starts || !s->start_day)
		return -1;
	int k = (int)n;
	s->nstarts = k;
	/* the day of each start: a binary search when the days are sorted
	 * and distinct (the loader's rule), else a scan (the last match) */
	bool sorted = true;
	for (size_t d = 1; d < e->ndays; d++)
		sorted &= e->days[d - 1] < e->days[d];
	for (int i = 0; i < k; i++) {
		int64_t day = upr_floor_div(s->starts[i], UPR_MIN_PER_DAY);
		if (sorted) {
			size_t lo = 0, hi = e->ndays;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (e->days[mid] < day)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < e->ndays && e->days[lo] == day)
				s->start_day[i] = (int)lo;
			continue;
		}
		for (size_t d = 0; d < e->ndays; d++)
			if (e->days[d] == day)
				s->start_day[i] = (int)d;
	}
	/* runs of starts on one day, for the greedy start's day-wise scan */
	s->day_end = upr_malloc(((size_t)k + 1) * sizeof(int));
	if (!s->day_end)
		return -1;
	for (int i = k - 1; i >= 0; i--)
		s->day_end[i] = i + 1 < k && s->start_day[i + 1] == s->start_day[i] ? s->day_end[i + 1]
										 : i + 1;

	size_t nr = p->nrooms;
	s->slot_at = upr_malloc((nr * (size_t)k + 1) * sizeof(*s->slot_at));
	s->slots = upr_malloc((nr * (size_t)k + 1) * sizeof(*s->slots));
	s->conf_lo = upr_malloc(((size_t)k + 1) * sizeof(int));
	s->conf_hi = upr_malloc(((size_t)k + 1) * sizeof(int));
	if (!s->slot_at || !s->slots || !s->conf_lo || !s->conf_hi)
		return -1;
	s->nopen = upr_calloc((size_t)s->nclasses * (size_t)k + 1, sizeof(int));
	s->nopen_class = upr_calloc((size_t)s->nclasses + 1, sizeof(long));
	s->nopen_room = upr_calloc(nr + 1, sizeof(long));
	if (!s->nopen || !s->nopen_class || !s->nopen_room)
		return -1;
	s->nslots = 0;
	/* Slots sorted by start, then room: the order the search tries them. */
	for (int i = 0; i < k; i++) {
		for (size_t r = 0; r < nr; r++) {
			s->slot_at[r * (size_t)k + (size_t)i] = -1;
			if (!upr_session_room_open(p, (int)r, UPR_SESSION_ANY, s->starts[i]))
				continue;
			s->slot_at[r * (size_t)k + (size_t)i] = s->nslots;
			s->slots[s->nslots++] = (struct slot){ (int)r, i, s->start_day[i] };
			int c = s->class_of[r];
			s->nopen[(size_t)c * k + (size_t)i]++;
			s->nopen_class[c]++;
			s->nopen_room[r]++;
		}
		/* same room, starts less than len + gap apart, clash (H2) */
		s->conf_lo[i] = upr_sv_find_start(s, s->starts[i] - s->len - s->gap + 1);
		s->conf_hi[i] = upr_sv_find_start(s, s->starts[i] + s->len + s->gap) - 1;
	}
	s->stats->slots = s->nslots;
	return 0;
}

static int build_classes(struct solver *s)
{
	const struct upr_problem *p = s->p;
	s->class_of = upr_malloc((p->nrooms + 1) * sizeof(int));
	s->class_room = upr_malloc((p->nrooms + 1) * sizeof(int));
	if (!s->class_of || !s->class_room)
		return -1;
	s->nclasses = 0;
	for (size_t r = 0; r < p->nrooms; r++) {
		int c;
		for (c = 0; c < s->nclasses; c++)
			if (upr_session_rooms_alike(&p->rooms[r], &p->rooms[s->class_room[c]]))
				break;
		if (c == s->nclasses)
			s->class_room[s->nclasses++] = (int)r;
		s->class_of[r] = c;
	}
	s->class_rooms = upr_calloc((size_t)s->nclasses + 1, sizeof(int *));
	s->nclass_rooms = upr_calloc((size_t)s->nclasses + 1, sizeof(int));
	if (!s->class_rooms || !s->nclass_rooms)
		return -1;
	for (int c = 0; c < s->nclasses; c++) {
		s->class_rooms[c] = upr_malloc((p->nrooms + 1) * sizeof(int));
		if (!s->class_rooms[c])
			return -1;
	}
	for (size_t r = 0; r < p->nrooms; r++) {
		int c = s->class_of[r];
		s->class_rooms[c][s->nclass_rooms[c]++] = (int)r;
	}
	return 0;
}

static bool timeless(const struct upr_problem *p, const struct upr_state *st)
{
	/* The unary cost does not depend on the start when no speaker of the
	 * State has availability limits. */
	for (size_t i = 0; i < st->nspeakers; i++) {
		const struct upr_speaker *sp = &p->speakers[st->speakers[i]];
		if (sp->has_available || sp->unavailable.n)
			return false;
	}
	return true;
}

/* Does h's unary price vary with the start?  Then it needs a row. */
static bool needs_row(const struct upr_problem *p, const struct upr_state *st)
{
	return !timeless(p, st) || st->has_start || st->unavailable.n || st->prefer.n;
}

static long dense_max = UPR_SV_DENSE_MAX;

void upr_sv_test_dense_max(long prices)
{
	dense_max = prices < 0 ? UPR_SV_DENSE_MAX : prices;
}

/* Start indices where a State's unary price may change (its row's
 * breakpoints): a growing array. */
struct brk {
	int *v;
	size_t n, cap;
};

static int brk_add(struct brk *b, int i)
{
	if (b->n == b->cap) {
		size_t n = b->cap ? b->cap * 2 : 64;
		int *v = upr_realloc(b->v, n * sizeof(*v));
		if (!v)
			return -1;
		b->v = v;
		b->cap = n;
	}
	b->v[b->n++] = i;
	return 0;
}

/* The starts t where t + off passes x, whether a rule compares them with
 * < or <=: the first start at or after x - off, and after x - off + 1. */
static int brk_cross(const struct solver *s, struct brk *b, int64_t x, int64_t off)
{
	if (brk_add(b, upr_sv_find_start(s, x - off)) < 0)
		return -1;
	return brk_add(b, upr_sv_find_start(s, x - off + 1));
}

/* A set of times that the session, start to end (len minutes), must
 * avoid or lie in (ivals.c compares the session's ends with the
 * intervals' ends only): each end passes start or end. */
static int brk_session(const struct solver *s, struct brk *b, const struct upr_ivals *set,
		       int len)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct upr_interval *v = &set->v[i];
		if (brk_cross(s, b, v->start, 0) < 0 || brk_cross(s, b, v->start, len) < 0 ||
		    brk_cross(s, b, v->end, 0) < 0 || brk_cross(s, b, v->end, len) < 0)
			return -1;
	}
	return 0;
}

/* A speaker's set of times, which intra.c compares with parts of the
 * statements' span, base to base + m (base = start + off): every start
 * whose span, a minute either side, holds an end of the set is its own
 * run (the price may differ at each); between them each end lies wholly
 * before or wholly after the span, so the session sees the same free
 * and busy times. */
static int brk_speaker(const struct solver *s, struct brk *b, const struct upr_ivals *set,
		       int64_t off, int m)
{
	for (size_t i = 0; i < set->n; i++)
		for (int e = 0; e < 2; e++) {
			int64_t x = e ? set->v[i].end : set->v[i].start;
			int lo = upr_sv_find_start(s, x - off - m - 1);
			int hi = upr_sv_find_start(s, x - off + 2);
			for (int k = lo; k <= hi; k++)
				if (brk_add(b, k) < 0)
					return -1;
		}
	return 0;
}

static int cmp_int(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	return (a > b) - (a < b);
}

/*
 * The breakpoints of held State h's row, sorted and distinct, from 0 to
 * nstarts: between two, every rule of its unary price (the State free,
 * `prefer`, its speakers' times in intra.c) answers alike, so one price
 * stands for the run.  The intervals' ends give them (a few per
 * interval), so a row costs about its intervals, not the starts.  All
 * those rules look at times relative to the start only.
 */
static int row_breaks(const struct solver *s, int h, bool tl, struct brk *b)
{
	const struct upr_problem *p = s->p;
	int state = s->held[h];
	const struct upr_state *st = &p->states[state];
	int len = upr_session_length(p, state);
	b->n = 0;
	if (brk_add(b, 0) < 0 || brk_add(b, s->nstarts) < 0)
		return -1;
	if (st->has_start && brk_cross(s, b, st->start, 0) < 0)
		return -1;
	if (brk_session(s, b, &st->unavailable, len) < 0 ||
	    brk_session(s, b, &st->prefer, len) < 0)
		return -1;
	if (!tl) {
		int64_t off = upr_session_stmts_start(p, state, 0);
		int m = upr_session_statement_minutes(p, state);
		for (size_t i = 0; i < st->nspeakers; i++) {
			const struct upr_speaker *sp = &p->speakers[st->speakers[i]];
			if (brk_speaker(s, b, &sp->available, off, m) < 0 ||
			    brk_speaker(s, b, &sp->unavailable, off, m) < 0)
				return -1;
		}
	}
	qsort(b->v, b->n, sizeof(*b->v), cmp_int);
	size_t u = 0;
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i] >= 0 && b->v[i] <= s->nstarts && (u == 0 || b->v[u - 1] != b->v[i]))
			b->v[u++] = b->v[i];
	b->n = u;
	return 0;
}

/* Appends run (si, v) to the runs, growing them; 0 or -1. */
static int push_run(struct solver *s, size_t *at, size_t *cap, int si, int64_t v)
{
	if (*at == *cap) {
		size_t n = *cap ? *cap * 2 : 1024;
		struct urun *u = upr_realloc(s->uruns, n * sizeof(*u));
		if (!u)
			return -1;
		s->uruns = u;
		*cap = n;
	}
	s->uruns[(*at)++] = (struct urun){ si, v };
	return 0;
}

/* The unary price of h in a room of class c at start i into *out: 0, -1
 * out of memory, -2 the time limit passed.  *cached: the price wherever
 * the State is free, when it is timeless (tl); -1 not yet known. */
static int unary_at(struct solver *s, int h, int c, int i, bool tl, int64_t *cached,
		    struct upr_intra_result *res, int64_t *out)
{
	const struct upr_problem *p = s->p;
	const struct upr_state *st = &p->states[s->held[h]];
	int64_t t = s->starts[i];
	if (!upr_session_state_free(p, s->held[h], t)) {
		*out = BIG;
		return 0;
	}
	if (!tl || *cached < 0) {
		s->stats->intra_evals++;
		if (upr_intra_best_until(p, s->held[h], s->class_room[c], t, 200000, s->deadline,
					 res, &s->stats->intra_nodes) < 0)
			return -1;
		/* a State's row may take many sessions: the clock now and
		 * then, and when one was cut */
		if ((!res->exact || (s->stats->intra_evals & 255) == 0) &&
		    upr_sv_past_time_limit(s))
			return -2;
		if (!res->exact)
			s->unary_inexact = true;
		*cached = res->feasible ? res->cost : BIG;
	}
	*out = *cached;
	if (*out < BIG && st->prefer.n &&
	    !upr_ivals_contains(&st->prefer, t, upr_session_end(p, s->held[h], t)))
		*out += s->w[UPR_W_PREFER];
	return 0;
}

static int build_unary(struct solver *s)
{
	const struct upr_problem *p = s->p;
	size_t per = (size_t)s->nclasses * (size_t)s->nstarts;
	s->urow = upr_malloc(((size_t)s->nheld + 1) * sizeof(long));
	s->ucst = upr_malloc(((size_t)s->nheld * (size_t)s->nclasses + 1) * sizeof(int64_t));
	if (!s->urow || !s->ucst)
		return -1;
	long nrows = 0;
	for (int h = 0; h < s->nheld; h++)
		s->urow[h] = needs_row(p, &p->states[s->held[h]]) ? nrows++ : -1;
	/* dense rows, or runs */
	bool dense = (double)nrows * (double)per <= (double)dense_max;
	size_t cap = 0;
	if (dense) {
		s->ucost = upr_malloc(((size_t)nrows * per + 1) * sizeof(int64_t));
		if (!s->ucost)
			return -1;
	} else {
		s->uoff = upr_malloc(((size_t)nrows * s->nclasses + 1) * sizeof(size_t));
		if (!s->uoff)
			return -1;
		s->uoff[0] = 0;
		size_t w = (size_t)s->nstarts + 1;
		s->open_before = upr_malloc(((size_t)s->nclasses * w + 1) * sizeof(long));
		s->room_before = upr_malloc((p->nrooms * w + 1) * sizeof(long));
		if (!s->open_before || !s->room_before)
			return -1;
		for (int c = 0; c < s->nclasses; c++) {
			long *o = s->open_before + (size_t)c * w;
			o[0] = 0;
			for (int i = 0; i < s->nstarts; i++)
				o[i + 1] = o[i] + s->nopen[(size_t)c * s->nstarts + i];
		}
		for (size_t r = 0; r < p->nrooms; r++) {
			long *o = s->room_before + r * w;
			o[0] = 0;
			for (int i = 0; i < s->nstarts; i++)
				o[i + 1] = o[i] + (s->slot_at[r * (size_t)s->nstarts + i] >= 0);
		}
	}
	int maxk = 1;
	for (int h = 0; h < s->nheld; h++)
		if ((int)p->states[s->held[h]].nspeakers > maxk)
			maxk = (int)p->states[s->held[h]].nspeakers;
	int rc = -1;
	struct brk b = { NULL, 0, 0 };
	int *buf = upr_malloc((size_t)maxk * 3 * sizeof(int));
	if (!buf)
		goto out;
	struct upr_intra_result res = { .order = buf, .minutes = buf + maxk, .waitlisted = buf + 2 * maxk };

	for (int h = 0; h < s->nheld; h++) {
		if (upr_sv_past_time_limit(s)) {
			rc = -2;
			goto out;
		}
		const struct upr_state *st = &p->states[s->held[h]];
		bool tl = timeless(p, st);
		long row = s->urow[h];
		if (row < 0) {
			/* the price at the first start stands for every start
			 * (the State is free at all of them) */
			for (int c = 0; c < s->nclasses; c++) {
				int64_t cached = -1, *u = &s->ucst[(size_t)h * s->nclasses + c];
				*u = BIG;
				if (s->nstarts > 0 &&
				    (rc = unary_at(s, h, c, 0, tl, &cached, &res, u)) < 0)
					goto out;
			}
			continue;
		}
		/* a row: one price per run between breakpoints */
		if ((rc = row_breaks(s, h, tl, &b)) < 0)
			goto out;
		for (int c = 0; c < s->nclasses; c++) {
			int64_t cached = -1, v = BIG;
			size_t first = dense ? 0 : s->uoff[(size_t)row * s->nclasses + c], at = first;
			for (size_t k = 0; k + 1 < b.n; k++) {
				int lo = b.v[k], hi = b.v[k + 1];
				if ((rc = unary_at(s, h, c, lo, tl, &cached, &res, &v)) < 0)
					goto out;
				if (dense) {
					int64_t *u = s->ucost + (size_t)row * per + (size_t)c * s->nstarts;
					for (int i = lo; i < hi; i++)
						u[i] = v;
				} else if ((at == first || s->uruns[at - 1].v != v) &&
					   push_run(s, &at, &cap, lo, v) < 0) {
					rc = -1;
					goto out;
				}
			}
			if (dense)
				continue;
			/* a row has one run at least (never read without starts) */
			if (s->nstarts == 0 && push_run(s, &at, &cap, 0, BIG) < 0) {
				rc = -1;
				goto out;
			}
			s->uoff[(size_t)row * s->nclasses + c + 1] = at;
		}
	}
	rc = 0;
out:
	upr_free(buf);
	upr_free(b.v);
	return rc;
}

static int add_edge(struct edge **list, int *n, int to, int64_t w)
{
	for (int i = 0; i < *n; i++)
		if ((*list)[i].to == to) {
			(*list)[i].w += w;
			return 0;
		}
	/* grow in powers of two */
	if ((*n & (*n - 1)) == 0) {
		struct edge *v = upr_realloc(*list, (size_t)(*n ? *n * 2 : 4) * sizeof(**list));
		if (!v)
			return -1;
		*list = v;
	}
	(*list)[(*n)++] = (struct edge){ to, w };
	return 0;
}

/* A speaker's held States, sorted and without repeats, and their hash. */
struct spset {
	uint64_t hash;
	int sp, off, n;
};

static int cmp_int_asc(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	return a < b ? -1 : a > b;
}

static int cmp_spset(const void *pa, const void *pb)
{
	const struct spset *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->sp < b->sp ? -1 : a->sp > b->sp;
}

/*
 * same[sp] = 1 for every speaker whose set of held States equals an
 * earlier speaker's: each set sorted, hashed, the speakers ordered by
 * hash and index, equal hashes compared in full.  Work about the input's
 * size (and its logarithm).  0, or -1 out of memory.
 */
static int mark_same_speakers(const struct solver *s, unsigned char *same)
{
	const struct upr_problem *p = s->p;
	size_t total = 0;
	for (size_t sp = 0; sp < p->nspeakers; sp++)
		total += p->speakers[sp].nstates;
	int *v = upr_malloc((total + 1) * sizeof(int));
	struct spset *set = upr_malloc((p->nspeakers + 1) * sizeof(*set));
	if (!v || !set) {
		upr_free(v);
		upr_free(set);
		return -1;
	}
	int off = 0;
	for (size_t sp = 0; sp < p->nspeakers; sp++) {
		const struct upr_speaker *x = &p->speakers[sp];
		int k = 0;
		for (size_t i = 0; i < x->nstates; i++)
			if (s->hidx[x->states[i]] >= 0)
				v[off + k++] = s->hidx[x->states[i]];
		qsort(v + off, (size_t)k, sizeof(int), cmp_int_asc);
		int m = 0;
		uint64_t hash = 1469598103934665603ULL;
		for (int i = 0; i < k; i++)
			if (i == 0 || v[off + i] != v[off + i - 1]) {
				v[off + m++] = v[off + i];
				hash = (hash ^ (uint64_t)v[off + i]) * 1099511628211ULL;
			}
		set[sp] = (struct spset){ hash, (int)sp, off, m };
		off += m;
	}
	qsort(set, p->nspeakers, sizeof(*set), cmp_spset);
	for (size_t i = 0; i < p->nspeakers;) {
		size_t j = i;
		while (j < p->nspeakers && set[j].hash == set[i].hash && set[j].n == set[i].n)
			j++;
		/* [i, j): equal hashes by index; each against the earlier
		 * ones not already found equal to another */
		for (size_t a = i + 1; a < j; a++)
			for (size_t b = i; b < a && !same[set[a].sp]; b++)
				if (!same[set[b].sp] &&
				    memcmp(v + set[a].off, v + set[b].off, (size_t)set[a].n * sizeof(int)) == 0)
					same[set[a].sp] = 1;
		i = j;
	}
	upr_free(v);
	upr_free(set);
	return 0;
}

static int build_pairs(struct solver *s)
{
	const struct upr_problem *p = s->p;
	int n = s->nheld;
	s->clash = upr_calloc((size_t)n + 1, sizeof(*s->clash));
	s->nclash = upr_calloc((size_t)n + 1, sizeof(int));
	s->share = upr_calloc((size_t)n + 1, sizeof(*s->share));
	s->nshare = upr_calloc((size_t)n + 1, sizeof(int));
	if (!s->clash || !s->nclash || !s->share || !s->nshare)
		return -1;
	int *tmp = upr_malloc((p->nstates + 1) * sizeof(int));
	if (!tmp)
		return -1;
	for (size_t d = 0; d < p->ndelegations; d++) {
		const struct upr_delegation *dl = &p->delegations[d];
		int k = 0;
		for (size_t i = 0; i < dl->nfollows; i++)
			if (s->hidx[dl->follows[i]] >= 0)
				tmp[k++] = s->hidx[dl->follows[i]];
		for (int a = 0; a < k; a++)
			for (int b = 0; b < k; b++)
				if (a != b && add_edge(&s->clash[tmp[a]], &s->nclash[tmp[a]], tmp[b],
						       s->w[UPR_W_CLASH]) < 0) {
					upr_free(tmp);
					return -1;
				}
	}
	/* States sharing a speaker, each list in the order of first meeting
	 * over the speakers (by index) and their States: per State, its
	 * speakers' States, marked as met, so that the work is the sum of
	 * the squares of the speakers' State counts, not of their cubes.
	 * A speaker at the same held States as an earlier one meets no one
	 * new (the earlier comes first in each of those States' lists) and
	 * is left out: speakers who all go to one set of States cost that
	 * set's square once, not once each. */
	upr_free(tmp);
	int rc = -1;
	int *nsp = upr_calloc((size_t)n + 1, sizeof(int));
	int *first = upr_malloc(((size_t)n + 2) * sizeof(int));
	int *mark = upr_malloc(((size_t)n + 1) * sizeof(int));
	unsigned char *same = upr_calloc(p->nspeakers + 1, 1);
	size_t total = 0;
	for (size_t sp = 0; sp < p->nspeakers; sp++)
		total += p->speakers[sp].nstates;
	int *spk = upr_malloc((total + 1) * sizeof(int));
	if (!nsp || !first || !mark || !same || !spk || mark_same_speakers(s, same) < 0)
		goto out;
	for (size_t sp = 0; sp < p->nspeakers; sp++)
		for (size_t i = 0; i < p->speakers[sp].nstates && !same[sp]; i++)
			if (s->hidx[p->speakers[sp].states[i]] >= 0)
				nsp[s->hidx[p->speakers[sp].states[i]]]++;
	first[0] = 0;
	for (int h = 0; h < n; h++) {
		first[h + 1] = first[h] + nsp[h];
		nsp[h] = 0;
		mark[h] = -1;
	}
	for (size_t sp = 0; sp < p->nspeakers; sp++)
		for (size_t i = 0; i < p->speakers[sp].nstates && !same[sp]; i++) {
			int h = s->hidx[p->speakers[sp].states[i]];
			if (h >= 0)
				spk[first[h] + nsp[h]++] = (int)sp;
		}
	for (int ha = 0; ha < n; ha++) {
		if (upr_sv_past_time_limit(s)) {
			rc = -2;
			goto out;
		}
		mark[ha] = ha;
		for (int j = first[ha]; j < first[ha + 1]; j++) {
			const struct upr_speaker *x = &p->speakers[spk[j]];
			for (size_t i = 0; i < x->nstates; i++) {
				int hb = s->hidx[x->states[i]];
				if (hb < 0 || mark[hb] == ha)
					continue;
				mark[hb] = ha;
				if ((s->nshare[ha] & (s->nshare[ha] - 1)) == 0) {
					int *v = upr_realloc(s->share[ha],
						(size_t)(s->nshare[ha] ? s->nshare[ha] * 2 : 4) * sizeof(int));
					if (!v)
						goto out;
					s->share[ha] = v;
				}
				s->share[ha][s->nshare[ha]++] = hb;
			}
		}
	}
	rc = 0;
out:
	upr_free(nsp);
	upr_free(first);
	upr_free(mark);
	upr_free(same);
	upr_free(spk);
	return rc;
}

struct rev_item {
	int64_t key;
	int h;
};

static int cmp_rev(const void *pa, const void *pb)
{
	const struct rev_item *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->h < b->h ? -1 : a->h > b->h;
}

/* Fills rev_order and rev_pos: the held States by review time, those
 * without one last, ties by index. */
static int sort_by_review(struct solver *s)
{
	int n = s->nheld;
	struct rev_item *it = upr_malloc(((size_t)n + 1) * sizeof(*it));
	if (!it)
		return -1;
	for (int h = 0; h < n; h++)
		it[h] = (struct rev_item){ upr_sv_state_key(s, h), h };
	qsort(it, (size_t)n, sizeof(*it), cmp_rev);
	s->nrev = 0;
	for (int i = 0; i < n; i++) {
		s->rev_order[i] = it[i].h;
		s->rev_pos[it[i].h] = i;
		s->nrev += s->p->states[s->held[it[i].h]].has_review;
	}
	upr_free(it);
	return 0;
}

int upr_sv_setup(struct solver *s)
{
	const struct upr_problem *p = s->p;
	s->held = upr_malloc((p->nstates + 1) * sizeof(int));
	s->hidx = upr_malloc((p->nstates + 1) * sizeof(int));
	if (!s->held || !s->hidx)
		return -1;
	for (size_t i = 0; i < p->nstates; i++) {
		s->hidx[i] = -1;
		if (upr_session_held(p, (int)i) && (!s->keep || s->keep[i])) {
			s->hidx[i] = s->nheld;
			s->held[s->nheld++] = (int)i;
		}
	}
	if (build_classes(s) < 0 || build_slots(s) < 0)
		return -1;
	int n = s->nheld;
	s->assign = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->best = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->heur = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->occ = upr_malloc(((size_t)s->nslots + 1) * sizeof(int));
	s->day_count = upr_calloc(p->event.ndays + 1, sizeof(int));
	s->pc = upr_malloc(((size_t)s->nstarts + 1) * sizeof(int64_t));
	s->forbid = upr_malloc(((size_t)s->nstarts + 1) * sizeof(int));
	s->diff = upr_malloc((2 * (size_t)s->nstarts + 2) * sizeof(int64_t));
	s->rev_order = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->rev_pos = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->rev_hist = upr_calloc((size_t)s->nstarts + 1, sizeof(int));
	s->rev_placed = upr_calloc((size_t)n / 64 + 1, sizeof(uint64_t));
	if (!s->assign || !s->best || !s->heur || !s->occ || !s->day_count || !s->pc ||
	    !s->forbid || !s->diff || !s->rev_order || !s->rev_pos || !s->rev_hist ||
	    !s->rev_placed)
		return -1;
	if (sort_by_review(s) < 0)
		return -1;
	for (int h = 0; h < n; h++)
		s->assign[h] = s->best[h] = -1;
	s->blocked = upr_calloc((size_t)s->nslots + 1, sizeof(int));
	s->nfree_cs = upr_malloc(((size_t)s->nclasses * (size_t)s->nstarts + 1) * sizeof(int));
	if (!s->blocked || !s->nfree_cs)
		return -1;
	memcpy(s->nfree_cs, s->nopen, (size_t)s->nclasses * (size_t)s->nstarts * sizeof(int));
	for (int k = 0; k < s->nslots; k++)
		s->occ[k] = -1;
	s->pc_dirty = true;	/* s->pc and s->forbid hold nothing yet */
	if (s->o->baseline) {
		s->base_start = upr_malloc(((size_t)n + 1) * sizeof(int64_t));
		s->base_room = upr_malloc(((size_t)n + 1) * sizeof(int));
		if (!s->base_start || !s->base_room)
			return -1;
		for (int h = 0; h < n; h++)
			s->base_start[h] = INT64_MIN;
		const struct upr_timetable *b = s->o->baseline;
		for (size_t i = 0; i < b->nsessions; i++) {
			int h = s->hidx[b->sessions[i].state];
			if (h >= 0 && s->base_start[h] == INT64_MIN) {
				s->base_start[h] = b->sessions[i].start;
				s->base_room[h] = b->sessions[i].room;
			}
		}
	}
	int rc = build_unary(s);
	return rc < 0 ? rc : build_pairs(s);
}

void upr_sv_solver_release(struct solver *s)
{
	for (int k = 0; k < s->nsnap; k++)
		upr_free(s->snap[k]);
	for (int c = 0; s->class_rooms && c < s->nclasses; c++)
		upr_free(s->class_rooms[c]);
	upr_free(s->class_rooms);
	upr_free(s->nclass_rooms);
	upr_free(s->class_of);
	upr_free(s->class_room);
	upr_free(s->starts);
	upr_free(s->start_day);
	upr_free(s->slots);
	upr_free(s->slot_at);
	upr_free(s->conf_lo);
	upr_free(s->conf_hi);
	upr_free(s->held);
	upr_free(s->hidx);
	upr_free(s->ucost);
	upr_free(s->uruns);
	upr_free(s->uoff);
	upr_free(s->open_before);
	upr_free(s->room_before);
	upr_free(s->urow);
	upr_free(s->ucst);
	upr_free(s->day_end);
	upr_free(s->nopen);
	upr_free(s->blocked);
	upr_free(s->nfree_cs);
	upr_free(s->nopen_class);
	upr_free(s->nopen_room);
	for (int h = 0; s->clash && h < s->nheld; h++)
		upr_free(s->clash[h]);
	for (int h = 0; s->share && h < s->nheld; h++)
		upr_free(s->share[h]);
	upr_free(s->clash);
	upr_free(s->nclash);
	upr_free(s->share);
	upr_free(s->nshare);
	upr_free(s->base_start);
	upr_free(s->base_room);
	upr_free(s->assign);
	upr_free(s->occ);
	upr_free(s->day_count);
	upr_free(s->best);
	upr_free(s->heur);
	upr_free(s->rev_order);
	upr_free(s->rev_pos);
	upr_free(s->rev_hist);
	upr_free(s->rev_placed);
	upr_free(s->pc);
	upr_free(s->forbid);
	upr_free(s->diff);
}
