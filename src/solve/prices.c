/*
 * prices.c - what a placement costs.
 *
 * The score splits into parts that depend on one session (statements
 * inside it, `prefer`, `moved`: the unary price, from slots.c's table),
 * parts that depend on two (`clash`, `review-order`, and speakers shared
 * by two sessions) and one global part (`balance`).  Every phase prices
 * moves here; upr_sv_total_cost prices a whole placement from scratch.
 * What the search reports as the cost of its best placement
 * (upr_solve_stats.cost) must equal the checker's score of the timetable
 * built from it (tests/unit/test_cost.c).
 *
 * Outside the exact search, sessions that share a speaker start at
 * least their statements' minutes and `travel` apart (s->apart) in any
 * room: then no order of statements inside them breaks H6.
 */
#include "solve/internal.h"

#include <stdlib.h>
#include <string.h>

int64_t upr_sv_unary(const struct solver *s, int h, int slot)
{
	const struct slot *sl = &s->slots[slot];
	if (!upr_session_room_allowed(s->p, s->held[h], sl->room))
		return BIG;
	int64_t u = upr_sv_ucost(s, h, s->class_of[sl->room], sl->si);
	if (u >= BIG)
		return BIG;
	if (s->base_start && s->base_start[h] != INT64_MIN &&
	    (s->base_start[h] != s->starts[sl->si] || s->base_room[h] != sl->room))
		u += s->w[UPR_W_MOVED];
	return u;
}

bool upr_sv_room_free(const struct solver *s, int slot, int ignore)
{
	if (ignore < 0)
		return s->blocked[slot] == 0;
	const struct slot *sl = &s->slots[slot];
	size_t base = (size_t)sl->room * s->nstarts;
	for (int i = s->conf_lo[sl->si]; i <= s->conf_hi[sl->si]; i++) {
		int o = s->slot_at[base + i];
		if (o >= 0 && s->occ[o] >= 0 && s->occ[o] != ignore)
			return false;
	}
	return true;
}

static int64_t review_pair(const struct solver *s, int a, int64_t ta, int b, int64_t tb)
{
	const struct upr_state *x = &s->p->states[s->held[a]], *y = &s->p->states[s->held[b]];
	if (!x->has_review || !y->has_review)
		return 0;
	if (x->review < y->review && ta >= tb)
		return s->w[UPR_W_REVIEW_ORDER];
	if (y->review < x->review && tb >= ta)
		return s->w[UPR_W_REVIEW_ORDER];
	return 0;
}

static bool shares(const struct solver *s, int a, int b)
{
	for (int i = 0; i < s->nshare[a]; i++)
		if (s->share[a][i] == b)
			return true;
	return false;
}

/* Pair cost of two placed sessions (clash, review order); BIG when they
 * may not run together in the heuristic phases. */
int64_t upr_sv_pair_cost(const struct solver *s, int a, int sa, int b, int sb)
{
	int64_t ta = s->starts[s->slots[sa].si], tb = s->starts[s->slots[sb].si];
	int64_t c = review_pair(s, a, ta, b, tb);
	if (ta < tb + s->len && tb < ta + s->len)
		for (int i = 0; i < s->nclash[a]; i++)
			if (s->clash[a][i].to == b)
				c += s->clash[a][i].w;
	/* the heuristic phases keep sessions that share a speaker
	 * s->apart apart, in any room: the same rule as compute_pc */
	if (!s->exact_mode && upr_sv_too_close(s, ta, tb) && shares(s, a, b))
		return BIG;
	return c;
}

/*
 * For State h, the pair cost at every start against every placed State
 * (h itself unplaced), into s->pc, and the coupling conflicts into
 * s->forbid.  Linear in States and starts: histograms and prefix sums.
 */
void upr_sv_compute_pc(struct solver *s, int h)
{
	int ns = s->nstarts;
	int64_t *pc = s->pc, *diff = s->diff;
	const struct upr_state *st = &s->p->states[s->held[h]];
	int64_t wr = s->w[UPR_W_REVIEW_ORDER];
	/* Nothing to price (no review time, no placed neighbour): all
	 * zeros, which the arrays already hold when the last call left
	 * them so.  Spares two passes over the starts per State on inputs
	 * with many States and no pairs. */
	bool any_pair = st->has_review && wr;
	for (int i = 0; i < s->nclash[h] && !any_pair; i++)
		any_pair = s->assign[s->clash[h][i].to] >= 0;
	for (int i = 0; i < s->nshare[h] && !any_pair && !s->exact_mode; i++)
		any_pair = s->assign[s->share[h][i]] >= 0;
	if (!any_pair && !s->pc_dirty)
		return;
	memset(pc, 0, (size_t)ns * sizeof(*pc));
	memset(s->forbid, 0, (size_t)ns * sizeof(int));
	s->pc_dirty = any_pair;
	if (!any_pair)
		return;

	if (st->has_review && wr) {
		/* before[i]: placed States reviewed earlier starting at i;
		 * after[i]: reviewed later.  before is every placed reviewed
		 * State (rev_hist, h is unplaced) less those reviewed no
		 * earlier, which are read from rev_placed from h's review
		 * time on: in the greedy start, which goes in review order,
		 * few or none. */
		int64_t *before = diff, *after = diff + ns + 1;
		memset(after, 0, (size_t)(ns + 1) * sizeof(*after));
		for (int i = 0; i < ns; i++)
			before[i] = s->rev_hist[i];
		for (int pos = upr_sv_rev_first(s, h), j; (j = upr_sv_rev_next_placed(s, &pos)) >= 0;) {
			int si = s->slots[s->assign[j]].si;
			before[si]--;
			if (s->p->states[s->held[j]].review != st->review)
				after[si]++;
		}
		/* h at start i pays for earlier-reviewed at >= i, later-reviewed at <= i */
		int64_t acc = 0;
		for (int i = ns - 1; i >= 0; i--) {
			acc += before[i];
			pc[i] += wr * acc;
		}
		acc = 0;
		for (int i = 0; i < ns; i++) {
			acc += after[i];
			pc[i] += wr * acc;
		}
	}
	/* clash: a range of starts around each neighbour's start */
	memset(diff, 0, (size_t)(ns + 1) * sizeof(*diff));
	bool any = false;
	for (int i = 0; i < s->nclash[h]; i++) {
		int j = s->clash[h][i].to;
		if (s->assign[j] < 0)
			continue;
		int64_t t = s->starts[s->slots[s->assign[j]].si];
		int lo = upr_sv_find_start(s, t - s->len + 1), hi = upr_sv_find_start(s, t + s->len);
		diff[lo] += s->clash[h][i].w;
		diff[hi] -= s->clash[h][i].w;
		any = true;
	}
	if (any) {
		int64_t acc = 0;
		for (int i = 0; i < ns; i++) {
			acc += diff[i];
			pc[i] += acc;
		}
	}
	if (!s->exact_mode) {
		/* shared speakers: keep s->apart apart (any room, to
		 * stay simple; the exact phase knows better) */
		for (int i = 0; i < s->nshare[h]; i++) {
			int lo, hi;
			if (!upr_sv_apart_range(s, s->share[h][i], &lo, &hi))
				continue;
			for (int k = lo; k < hi; k++)
				s->forbid[k]++;
		}
	}
}

/* Cost of h at slot given s->pc/s->forbid of h, without balance. */
int64_t upr_sv_slot_cost(const struct solver *s, int h, int slot)
{
	const struct slot *sl = &s->slots[slot];
	if (s->forbid[sl->si] && !(s->exact_mode))
		return BIG;
	int64_t u = upr_sv_unary(s, h, slot);
	if (u >= BIG)
		return BIG;
	return u + s->pc[sl->si];
}

/* Inserts slot at cost into the list cand/ccost (n entries, at most max),
 * kept sorted by cost; equal costs keep their order. */
static void top_insert(int *cand, int64_t *ccost, int *n, int max, int slot, int64_t c)
{
	int pos = *n;
	if (pos == max) {
		if (c >= ccost[max - 1])
			return;
		pos = max - 1;
	} else {
		(*n)++;
	}
	while (pos > 0 && ccost[pos - 1] > c) {
		ccost[pos] = ccost[pos - 1];
		cand[pos] = cand[pos - 1];
		pos--;
	}
	ccost[pos] = c;
	cand[pos] = slot;
}

/*
 * The max cheapest free slots of h given s->pc/s->forbid (compute_pc).  The
 * unary cost depends on the room only through its class, so the scan goes
 * over (start, class) pairs and looks for free rooms only where the cost
 * could enter the list; at most two rooms per pair, so that the list holds
 * different times rather than one time in every room.
 */
void upr_sv_cheapest_slots(struct solver *s, int h, int *cand, int64_t *ccost, int *n, int max)
{
	const struct upr_state *st = &s->p->states[s->held[h]];
	*n = 0;
	if (s->base_start || st->room >= 0) {
		/* `moved` and room pins depend on the room itself */
		for (int sl = 0; sl < s->nslots; sl++) {
			if (s->occ[sl] >= 0)
				continue;
			int64_t c = upr_sv_slot_cost(s, h, sl);
			if (c < BIG && upr_sv_room_free(s, sl, -1))
				top_insert(cand, ccost, n, max, sl, c);
		}
		return;
	}
	for (int si = 0; si < s->nstarts; si++) {
		if (s->forbid[si] && !s->exact_mode)
			continue;
		for (int c = 0; c < s->nclasses; c++) {
			int64_t u = upr_sv_ucost(s, h, c, si);
			if (u >= BIG)
				continue;
			int64_t cost = u + s->pc[si];
			if (*n == max && cost >= ccost[max - 1])
				continue;
			int taken = 0;
			for (int k = 0; k < s->nclass_rooms[c] && taken < 2; k++) {
				int r = s->class_rooms[c][k];
				int sl = s->slot_at[(size_t)r * s->nstarts + si];
				if (sl < 0 || s->occ[sl] >= 0 || !upr_sv_room_free(s, sl, -1))
					continue;
				top_insert(cand, ccost, n, max, sl, cost);
				taken++;
			}
		}
	}
}

/* `balance` count of day counts c[0..n) */
int64_t upr_sv_balance_of(const int *c, int n)
{
	if (n == 0)
		return 0;
	int mx = c[0], mn = c[0];
	for (int i = 1; i < n; i++) {
		if (c[i] > mx)
			mx = c[i];
		if (c[i] < mn)
			mn = c[i];
	}
	return mx - mn;
}

struct rev_start {
	int64_t review;
	int si;
};

static int cmp_rev_start(const void *pa, const void *pb)
{
	const struct rev_start *a = pa, *b = pb;
	return a->review < b->review ? -1 : a->review > b->review;
}

/*
 * Pairs of placed States with review times in the wrong order (the
 * earlier-reviewed starting no earlier: review_pair's rule), in
 * O(n log n): by review time, counting with a Fenwick tree over the
 * starts the earlier-reviewed ones that start at or after each.  -1 out
 * of memory.
 */
static int64_t review_inversions(const struct solver *s)
{
	if (!s->w[UPR_W_REVIEW_ORDER])
		return 0;
	int m = 0;
	struct rev_start *it = upr_malloc(((size_t)s->nheld + 1) * sizeof(*it));
	int64_t *fw = upr_calloc((size_t)s->nstarts + 1, sizeof(int64_t));
	if (!it || !fw) {
		upr_free(it);
		upr_free(fw);
		return -1;
	}
	for (int h = 0; h < s->nheld; h++) {
		const struct upr_state *st = &s->p->states[s->held[h]];
		if (st->has_review)
			it[m++] = (struct rev_start){ st->review, s->slots[s->assign[h]].si };
	}
	qsort(it, (size_t)m, sizeof(*it), cmp_rev_start);
	int64_t inv = 0, done = 0;
	for (int i = 0; i < m;) {
		int j = i;
		/* a group of equal review times pays nothing among itself */
		for (; j < m && it[j].review == it[i].review; j++) {
			int64_t before = 0;	/* earlier-reviewed starting before it[j] */
			for (int x = it[j].si; x > 0; x -= x & -x)
				before += fw[x];
			inv += done - before;
		}
		for (; i < j; i++, done++)
			for (int x = it[i].si + 1; x <= s->nstarts; x += x & -x)
				fw[x]++;
	}
	upr_free(it);
	upr_free(fw);
	return inv;
}

void upr_sv_unary_summary(const struct solver *s, int h, int64_t *min, long *count)
{
	const struct upr_state *st = &s->p->states[s->held[h]];
	int64_t mn = BIG;
	long cnt = 0;
	int pin = st->room;
	for (int c = 0; c < s->nclasses; c++) {
		if (pin >= 0 && s->class_of[pin] != c)
			continue;
		if (s->urow[h] < 0) {
			int64_t u = upr_sv_ucost(s, h, c, 0);
			long n = pin >= 0 ? s->nopen_room[pin] : s->nopen_class[c];
			if (u < BIG && n > 0) {
				cnt += n;
				if (u < mn)
					mn = u;
			}
			continue;
		}
		if (!s->ucost) {
			/* runs of one price: each counted at once */
			size_t rc = (size_t)s->urow[h] * s->nclasses + c, w = (size_t)s->nstarts + 1;
			const long *o = pin >= 0 ? s->room_before + (size_t)pin * w
						 : s->open_before + (size_t)c * w;
			for (size_t j = s->uoff[rc]; j < s->uoff[rc + 1]; j++) {
				int a = s->uruns[j].si;
				int b = j + 1 < s->uoff[rc + 1] ? s->uruns[j + 1].si : s->nstarts;
				long n = a < b ? o[b] - o[a] : 0;
				if (s->uruns[j].v < BIG && n > 0) {
					cnt += n;
					if (s->uruns[j].v < mn)
						mn = s->uruns[j].v;
				}
			}
			continue;
		}
		for (int si = 0; si < s->nstarts; si++) {
			int64_t u = upr_sv_ucost(s, h, c, si);
			long n = pin >= 0 ? s->slot_at[(size_t)pin * s->nstarts + si] >= 0
					  : s->nopen[(size_t)c * s->nstarts + si];
			if (u < BIG && n > 0) {
				cnt += n;
				if (u < mn)
					mn = u;
			}
		}
	}
	/* `moved` (never negative) adds to every slot but the baseline's */
	if (mn < BIG && s->base_start && s->base_start[h] != INT64_MIN) {
		int64_t at_base = BIG;
		int si = upr_sv_find_start(s, s->base_start[h]);
		int r = s->base_room[h];
		if (si < s->nstarts && s->starts[si] == s->base_start[h] &&
		    s->slot_at[(size_t)r * s->nstarts + si] >= 0 && (pin < 0 || pin == r))
			at_base = upr_sv_ucost(s, h, s->class_of[r], si);
		mn += s->w[UPR_W_MOVED];
		if (at_base < mn)
			mn = at_base;
	}
	*min = mn;
	*count = cnt;
}

/* Full cost of the current complete placement, from scratch. */
int64_t upr_sv_total_cost(struct solver *s)
{
	int64_t c = 0;
	for (int h = 0; h < s->nheld; h++) {
		if (s->assign[h] < 0)
			return BIG;
		int64_t u = upr_sv_unary(s, h, s->assign[h]);
		if (u >= BIG)
			return BIG;
		c += u;
		for (int i = 0; i < s->nclash[h]; i++) {
			int j = s->clash[h][i].to;
			if (j > h) {
				int64_t ta = s->starts[s->slots[s->assign[h]].si];
				int64_t tb = s->starts[s->slots[s->assign[j]].si];
				if (ta < tb + s->len && tb < ta + s->len)
					c += s->clash[h][i].w;
			}
		}
	}
	int64_t inv = review_inversions(s);
	if (inv < 0)
		return BIG;
	c += s->w[UPR_W_REVIEW_ORDER] * inv;
	c += s->w[UPR_W_BALANCE] * upr_sv_balance_of(s->day_count, (int)s->p->event.ndays);
	return c;
}

/* A session at slot blocks its room's slots less than a session and gap
 * away (the relation is symmetric: conf_lo/conf_hi). */
static void block(struct solver *s, int slot, int by)
{
	const struct slot *sl = &s->slots[slot];
	size_t base = (size_t)sl->room * s->nstarts;
	size_t cls = (size_t)s->class_of[sl->room] * s->nstarts;
	for (int i = s->conf_lo[sl->si]; i <= s->conf_hi[sl->si]; i++) {
		int o = s->slot_at[base + i];
		if (o < 0)
			continue;
		if (by > 0 && s->blocked[o]++ == 0)
			s->nfree_cs[cls + i]--;
		else if (by < 0 && --s->blocked[o] == 0)
			s->nfree_cs[cls + i]++;
	}
}

/* The placed reviewed States (rev_hist, rev_placed) gain (by 1) or lose
 * (by -1) h at slot. */
static void review_mark(struct solver *s, int h, int slot, int by)
{
	if (!s->p->states[s->held[h]].has_review)
		return;
	int pos = s->rev_pos[h];
	s->rev_hist[s->slots[slot].si] += by;
	if (by > 0)
		s->rev_placed[pos / 64] |= (uint64_t)1 << (pos % 64);
	else
		s->rev_placed[pos / 64] &= ~((uint64_t)1 << (pos % 64));
}

int upr_sv_rev_first(const struct solver *s, int h)
{
	const struct upr_state *st = &s->p->states[s->held[h]];
	int lo = s->rev_pos[h];
	while (lo > 0 && s->p->states[s->held[s->rev_order[lo - 1]]].review == st->review)
		lo--;
	return lo;
}

int upr_sv_rev_next_placed(const struct solver *s, int *pos)
{
	for (int w = *pos / 64; w * 64 < s->nrev; w++) {
		uint64_t bits = s->rev_placed[w];
		if (w == *pos / 64)
			bits &= ~(uint64_t)0 << (*pos % 64);
		if (bits) {
			int at = w * 64 + __builtin_ctzll(bits);
			if (at >= s->nrev)
				return -1;
			*pos = at + 1;
			return s->rev_order[at];
		}
	}
	return -1;
}

void upr_sv_place(struct solver *s, int h, int slot)
{
	s->assign[h] = slot;
	s->occ[slot] = h;
	s->day_count[s->slots[slot].day]++;
	block(s, slot, 1);
	review_mark(s, h, slot, 1);
}

void upr_sv_unplace(struct solver *s, int h)
{
	int slot = s->assign[h];
	s->occ[slot] = -1;
	s->day_count[s->slots[slot].day]--;
	s->assign[h] = -1;
	block(s, slot, -1);
	review_mark(s, h, slot, -1);
}

int64_t upr_sv_state_key(const struct solver *s, int h)
{
	const struct upr_state *st = &s->p->states[s->held[h]];
	return st->has_review ? st->review : INT64_MAX;
}
