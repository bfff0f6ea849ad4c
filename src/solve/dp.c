/*
 * dp.c - a lower bound by dynamic programming over start times.
 *
 * The sessions are placed one start time at a time, in time order.  A
 * state after start i is
 *
 *   the set of States that have started     (a bit mask: <= 64 held)
 *   per room, its last start if it still blocks a later one
 *   the count of the current day, and the least and most of the days
 *   already closed
 *
 * and its value is the least cost of the sessions placed so far: their
 * unary price (statements inside, prefer, moved: exact per slot), the
 * review-order pairs they decide (a State that starts now is inverted with
 * every State reviewed earlier that has not started yet, and with every
 * State of another review time that starts at the same time) and, at the
 * end, balance.  All three are exact; clash and the joint planning of
 * sessions that share a speaker are left out (both only add), so the least
 * value over complete placements is a lower bound of every timetable.
 *
 * What keeps it small is the incumbent: a state whose value plus the
 * cheapest remaining unary prices (and the balance already certain) is not
 * below the best known cost is dropped.  When the search ends without a
 * state budget cutting it, every timetable cheaper than the incumbent was
 * among the states kept, so the bound is min(incumbent, least final
 * value): equal to the incumbent, it proves it optimal.
 *
 * Only for inputs of at most 64 held States in at most DP_MAX_ROOMS rooms.
 * It runs after the search (solve.c), with a number of states per start
 * that the effort sets but that is not counted in it: it changes no
 * timetable, only the bound.  What it lacks for bench M (42 States): a
 * bound of what the unstarted States still add beyond their cheapest
 * unary prices (their review order among themselves); without one, the
 * states of M's first day already pass 2^19.
 */
#include "solve/internal.h"

#include <string.h>

#define DP_MAX_ROOMS 4
#define DP_NONE_MIN 32767

struct dp_state {
	uint64_t mask;		/* States started */
	int64_t cost;		/* 0: empty entry (cost stored + 1) */
	int16_t last[DP_MAX_ROOMS]; /* a room's last start if it still blocks, -1 */
	int16_t cur, mn, mx;	/* current day's count; least and most of closed days */
};

struct dp_table {
	struct dp_state *e;
	size_t cap, n;		/* cap: a power of two */
	size_t max;		/* the most entries it may grow to */
};

static uint64_t dp_hash(const struct dp_state *k, int nrooms)
{
	uint64_t h = k->mask * 0x9e3779b97f4a7c15ULL;
	for (int r = 0; r < nrooms; r++)
		h = (h ^ (uint64_t)(uint16_t)k->last[r]) * 0xbf58476d1ce4e5b9ULL;
	h ^= (uint64_t)(uint16_t)k->cur | (uint64_t)(uint16_t)k->mn << 16 |
	     (uint64_t)(uint16_t)k->mx << 32;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static bool dp_same(const struct dp_state *a, const struct dp_state *b, int nrooms)
{
	if (a->mask != b->mask || a->cur != b->cur || a->mn != b->mn || a->mx != b->mx)
		return false;
	for (int r = 0; r < nrooms; r++)
		if (a->last[r] != b->last[r])
			return false;
	return true;
}

static bool dp_put(struct dp_table *t, const struct dp_state *k, int64_t cost, int nrooms);

/* Doubles t's capacity (entries kept).  false at its most or out of
 * memory. */
static bool dp_grow(struct dp_table *t, int nrooms)
{
	if (t->cap >= 2 * t->max)
		return false;
	struct dp_table g = { upr_calloc(2 * t->cap, sizeof(struct dp_state)), 2 * t->cap, 0, t->max };
	if (!g.e)
		return false;
	for (size_t i = 0; i < t->cap; i++)
		if (t->e[i].cost)
			dp_put(&g, &t->e[i], t->e[i].cost - 1, nrooms);
	upr_free(t->e);
	*t = g;
	return true;
}

/* Keeps k at cost in t (the cheaper of two equal keys), growing t while
 * it may.  false when it is full (max entries) or out of memory. */
static bool dp_put(struct dp_table *t, const struct dp_state *k, int64_t cost, int nrooms)
{
	size_t i = (size_t)dp_hash(k, nrooms) & (t->cap - 1);
	for (;;) {
		struct dp_state *e = &t->e[i];
		if (e->cost == 0) {
			if (2 * (t->n + 1) > t->cap)
				return dp_grow(t, nrooms) && dp_put(t, k, cost, nrooms);
			*e = *k;
			e->cost = cost + 1;
			t->n++;
			return true;
		}
		if (dp_same(e, k, nrooms)) {
			if (cost + 1 < e->cost)
				e->cost = cost + 1;
			return true;
		}
		i = (i + 1) & (t->cap - 1);
	}
}

struct dp {
	struct solver *s;
	int n, nrooms;
	int64_t *u;		/* [h][slot] unary price, BIG: not there */
	int64_t *minu;		/* [h][si]: least unary price at starts >= si */
	uint64_t *earlier;	/* [h]: States reviewed strictly before h */
	uint64_t *other;	/* [h]: States with a review time other than h's */
	int64_t incumbent, best_final, wr, wb;
	struct dp_table *next;
	bool full;
	/* the transition being built */
	int free_room[DP_MAX_ROOMS], nfree;
	int chosen[DP_MAX_ROOMS];
};

/* Balance certain from the closed days and the current day's count. */
static int64_t dp_bal_lb(const struct dp *d, const struct dp_state *k)
{
	if (k->mn == DP_NONE_MIN)
		return 0;
	int mx = k->mx > k->cur ? k->mx : k->cur;
	return d->wb * (mx - k->mn);
}

/* All choices of one State (or none) per free room at start si for state
 * k; base is k's value plus the least remaining unary prices from si of
 * the unstarted States; add what the choices so far add to it. */
static void dp_choose(struct dp *d, const struct dp_state *k, int si, int r, int64_t base,
		      int64_t add)
{
	struct solver *s = d->s;
	if (d->full || base + add + dp_bal_lb(d, k) >= d->incumbent)
		return;
	if (r < d->nfree) {
		d->chosen[r] = -1;
		dp_choose(d, k, si, r + 1, base, add);
		int room = d->free_room[r];
		int slot = s->slot_at[(size_t)room * s->nstarts + si];
		for (int h = 0; h < d->n; h++) {
			if (k->mask >> h & 1)
				continue;
			bool dup = false;
			for (int j = 0; j < r; j++)
				dup |= d->chosen[j] == h;
			int64_t uh = d->u[(size_t)h * s->nslots + slot];
			if (dup || uh >= BIG)
				continue;
			d->chosen[r] = h;
			dp_choose(d, k, si, r + 1, base,
				  add + uh - d->minu[(size_t)h * (s->nstarts + 1) + si]);
		}
		d->chosen[r] = -1;
		return;
	}
	/* the successor: review pairs decided now, then its own bound */
	struct dp_state nk = *k;
	int started = 0;
	for (int j = 0; j < d->nfree; j++)
		if (d->chosen[j] >= 0) {
			nk.mask |= 1ULL << d->chosen[j];
			nk.last[d->free_room[j]] = (int16_t)si;
			started++;
		}
	uint64_t unstarted = ~nk.mask;
	if (d->n < 64)
		unstarted &= (1ULL << d->n) - 1;
	int64_t cost = k->cost - 1;
	for (int j = 0; j < d->nfree; j++) {
		int h = d->chosen[j];
		if (h < 0)
			continue;
		cost += d->u[(size_t)h * s->nslots + s->slot_at[(size_t)d->free_room[j] * s->nstarts + si]];
		cost += d->wr * __builtin_popcountll(unstarted & d->earlier[h]);
		for (int i = 0; i < j; i++)
			if (d->chosen[i] >= 0 && (d->other[h] >> d->chosen[i] & 1))
				cost += d->wr;
	}
	nk.cur = (int16_t)(nk.cur + started);
	/* the day closes after this start: fold its count */
	bool last = si + 1 == s->nstarts;
	if (last || s->start_day[si + 1] != s->start_day[si]) {
		if (nk.mn == DP_NONE_MIN || nk.cur < nk.mn)
			nk.mn = nk.cur;
		if (nk.cur > nk.mx)
			nk.mx = nk.cur;
		nk.cur = 0;
	}
	if (last) {
		if (unstarted == 0) {
			int64_t f = cost + d->wb * (nk.mx - nk.mn);
			if (f < d->best_final)
				d->best_final = f;
		}
		return;
	}
	/* rooms whose last start no longer blocks the next one forget it */
	for (int r2 = 0; r2 < d->nrooms; r2++)
		if (nk.last[r2] >= 0 && nk.last[r2] < s->conf_lo[si + 1])
			nk.last[r2] = -1;
	int64_t lb = cost;
	for (int h = 0; h < d->n && lb < d->incumbent; h++)
		if (unstarted >> h & 1)
			lb += d->minu[(size_t)h * (s->nstarts + 1) + si + 1];
	if (lb + dp_bal_lb(d, &nk) >= d->incumbent)
		return;
	if (!dp_put(d->next, &nk, cost, d->nrooms))
		d->full = true;
}

/* The tables of d: unary prices, their suffix minima, review relations. */
static int dp_setup(struct dp *d)
{
	struct solver *s = d->s;
	int n = d->n, ns = s->nstarts;
	d->u = upr_malloc((size_t)n * s->nslots * sizeof(int64_t));
	d->minu = upr_malloc((size_t)n * (ns + 1) * sizeof(int64_t));
	d->earlier = upr_calloc((size_t)n, sizeof(uint64_t));
	d->other = upr_calloc((size_t)n, sizeof(uint64_t));
	if (!d->u || !d->minu || !d->earlier || !d->other)
		return -1;
	for (int h = 0; h < n; h++) {
		int64_t *m = d->minu + (size_t)h * (ns + 1);
		for (int si = 0; si <= ns; si++)
			m[si] = BIG;
		for (int k = 0; k < s->nslots; k++) {
			int64_t c = upr_sv_unary(s, h, k);
			d->u[(size_t)h * s->nslots + k] = c;
			if (c < m[s->slots[k].si])
				m[s->slots[k].si] = c;
		}
		for (int si = ns - 1; si >= 0; si--)
			if (m[si + 1] < m[si])
				m[si] = m[si + 1];
		const struct upr_state *x = &s->p->states[s->held[h]];
		for (int j = 0; j < n && x->has_review; j++) {
			const struct upr_state *y = &s->p->states[s->held[j]];
			if (!y->has_review || y->review == x->review)
				continue;
			d->other[h] |= 1ULL << j;
			if (y->review < x->review)
				d->earlier[h] |= 1ULL << j;
		}
	}
	return 0;
}

int64_t upr_sv_dp_bound(struct solver *s, int64_t incumbent, long max_states, bool *complete)
{
	*complete = false;
	int nrooms = (int)s->p->nrooms;
	if (s->nheld > 64 || s->nheld == 0 || nrooms > DP_MAX_ROOMS || s->nstarts > 32000 ||
	    incumbent >= BIG)
		return 0;
	struct dp d;
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.n = s->nheld;
	d.nrooms = nrooms;
	d.incumbent = incumbent;
	d.best_final = BIG;
	d.wr = s->w[UPR_W_REVIEW_ORDER];
	d.wb = s->w[UPR_W_BALANCE];
	struct dp_table tab[2];
	memset(tab, 0, sizeof(tab));
	int64_t result = 0;
	if (dp_setup(&d) < 0)
		goto done;
	for (int i = 0; i < 2; i++) {
		tab[i].cap = 1024;
		tab[i].max = (size_t)max_states;
		tab[i].e = upr_calloc(tab[i].cap, sizeof(struct dp_state));
		if (!tab[i].e)
			goto done;
	}
	/* days without any start hold no session: the least day is 0 */
	int nd = (int)s->p->event.ndays;
	bool empty_day = false;
	for (int day = 0; day < nd && !empty_day; day++) {
		bool has = false;
		for (int si = 0; si < s->nstarts && !has; si++)
			has = s->start_day[si] == day;
		empty_day = !has;
	}
	struct dp_state k0;
	memset(&k0, 0, sizeof(k0));
	for (int r = 0; r < DP_MAX_ROOMS; r++)
		k0.last[r] = -1;
	k0.mn = empty_day ? 0 : DP_NONE_MIN;
	k0.mx = 0;
	dp_put(&tab[0], &k0, 0, nrooms);
	int cur = 0;
	for (int si = 0; si < s->nstarts && !d.full; si++) {
		struct dp_table *t = &tab[cur];
		d.next = &tab[1 - cur];
		memset(d.next->e, 0, d.next->cap * sizeof(struct dp_state));
		d.next->n = 0;
		for (size_t i = 0; i < t->cap && !d.full; i++) {
			const struct dp_state *k = &t->e[i];
			if (k->cost == 0)
				continue;
			d.nfree = 0;
			for (int r = 0; r < nrooms; r++) {
				int slot = s->slot_at[(size_t)r * s->nstarts + si];
				if (slot >= 0 && (k->last[r] < 0 || k->last[r] < s->conf_lo[si]))
					d.free_room[d.nfree++] = r;
			}
			int64_t base = k->cost - 1;
			for (int h = 0; h < d.n && base < BIG; h++)
				if (!(k->mask >> h & 1))
					base += d.minu[(size_t)h * (s->nstarts + 1) + si];
			if (base >= BIG)
				continue;
			dp_choose(&d, k, si, 0, base, 0);
		}
		if (upr_sv_past_time_limit(s))
			d.full = true;
		cur = 1 - cur;
	}
	if (!d.full) {
		*complete = true;
		result = d.best_final < incumbent ? d.best_final : incumbent;
	}
done:
	upr_free(tab[0].e);
	upr_free(tab[1].e);
	upr_free(d.u);
	upr_free(d.minu);
	upr_free(d.earlier);
	upr_free(d.other);
	return result;
}
