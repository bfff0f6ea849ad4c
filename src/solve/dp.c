/*
 * dp.c - a lower bound by dynamic programming over start times.
 *
 * The sessions are placed one start time at a time, in time order.  A
 * state after start i is
 *
 *   the set of States that have started     (a bit mask: <= 64 held)
 *   per room, its last start if it still blocks a later one, and the
 *   State that started there while it still overlaps a later start and
 *   clashes with a State not started (else -1)
 *   the count of the current day, and the least and most of the days
 *   already closed
 *
 * and its value is the least cost of the sessions placed so far: their
 * unary price (statements inside, prefer, moved: exact per slot), the
 * review-order pairs they decide (a State that starts now is inverted with
 * every State reviewed earlier that has not started yet, and with every
 * State of another review time that starts at the same time), the clashes
 * they decide (with the sessions running when they start, and with each
 * other) and, at the end, balance.  All are exact.  Of the joint planning
 * of sessions that share a speaker it counts the pairs of a matching
 * (dp_shared), which is less than the whole, so the least value over
 * complete placements is a lower bound of every timetable.
 *
 * What keeps it small is a target T (at first the best known cost): a
 * state whose value plus what the unstarted States still add at least
 * (dp_tail.c: their unary prices and the review-order non-records among
 * them) and the balance already certain reaches T is dropped, and so is
 * a state that another of the same started set dominates (dp_dominate).
 * When the table of a start fills, the first run merges states of one
 * started set (dp_relax: a relaxation of each, so the bound stays valid,
 * but no placement is kept), the least promising sets first, until it is
 * half full; when merging them all is not enough the run gives up.
 * A run that finishes bounds every timetable by min(T, its least final
 * value): with T the incumbent, equal to it, a proof.  When it gives up,
 * lower targets prune harder and finish more often (upr_sv_dp_bound
 * moves T between the bound proven and the lowest target that gave up).
 * A run whose least final value is below T without a merged state on its
 * way has found the program's least placement; it is traced back
 * (dp_trace) and, priced with shared speakers planned in full, may become
 * the timetable.  Beside the bound, on another core, a beam (dp_beam,
 * upr_sv_dp_beam) and runs restricted to a band around the best
 * (upr_sv_dp_band, for band.c) look for a placement cheaper than the
 * best without proving anything.
 *
 * Only for inputs of at most 64 held States in at most DP_MAX_ROOMS rooms.
 * It runs after the search (solve.c), with a number of states per start
 * that the effort sets but that is not counted in it.  The completion
 * bound at the empty placement is a bound by itself, whether or not a run
 * finishes.  On bench M (42 States) it raises the bound but proves no
 * round: the completion bound sees the rooms and the clash of sessions
 * that overlap only through the State that set the review-order record,
 * so too many started sets survive (docs/internals/solver.md).
 */
#include "solve/internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define DP_MAX_ROOMS 4
#define DP_NONE_MIN 32767
#define DP_RELAXED (-1)		/* mn of a merged state: balance unknown, counted 0 */
#define DP_NO_PARENT UINT32_MAX
/* Entries of the archive of how states were reached (8 bytes each): 64
 * MB at most, else the run keeps no least placement */
#define DP_ARCHIVE_MAX (1L << 23)
/* Runs of one bound: the first at the best known cost, then bisection
 * of the target between the proven bound and the lowest target that gave
 * up */
#define DP_MAX_RUNS 12
/* States all runs of one bound may expand, per state a start may keep:
 * about three runs that give up (a run that gives up expands about 1.5
 * times the cap).  8 raised bench M's bounds a little more (seed 1: 9,358
 * against 9,344) for half as much time again, which a default plan of M
 * cannot spare within its second (docs/performance.md) */
#define DP_EXPAND_PER_STATE 4
/* States the first run (at the best cost) may expand, per state a start
 * may keep: as many as 8 starts with a full table.  On bench M it does
 * not finish at the default effort (seed 17's gave up after 200,000
 * states, 0.25 s, with twice this budget, and ran longer with none); on
 * rounds of 17-28 States it finishes within it (test_dp) */
#define DP_FIRST_PER_STATE 8
/* The width of the beam (upr_sv_dp_beam) and of the band runs
 * (upr_sv_dp_band): states a start's table holds before it keeps the
 * most promising half, a tenth of the states per start the bound may
 * keep, a fifth from DP_PAIR_MIN_STATES on.  They always count shared
 * speakers' pairs, below DP_PAIR_MIN_STATES with DP_BEAM_PAIR_NODES per
 * joint plan.  A band run on bench M expands some 10,000 states in all
 * and seldom fills a table.  At --effort 1000000 (125,000 states per
 * start) a beam of a tenth reached the best known then on 19 of 20 and
 * a fifth on 20, seed 4 at 8,600, its optimum; at the default, a beam of
 * 1,250 found less than the bands, at several times their cost
 * (docs/performance.md) */
#define DP_BEAM_DIVISOR 10
#define DP_BEAM_DIVISOR_PAIRS 5
/* On bench M's seed 13, 500 nodes found its optimum too and 200 did
 * not */
#define DP_BEAM_PAIR_NODES 1000L
/* Successors per state the bound's and the beam's budgets of states
 * allow on average.  On bench M (2 rooms) the bound's runs make 9-17 per
 * state expanded, and bind on nothing; a round of 64 States in 4 rooms
 * made up to 100 (the bound took 5 s of a default plan) */
#define DP_SUCC_PER_STATE 32
/* Successors all band runs from one best may make, per state a start
 * may keep (3,000,000 at the default's 12,500): bench M's make 50,000 to
 * 300,000; bench W (64 States in 4 rooms) made 52,000,000 (5 s) */
#define DP_BAND_SUCC_PER_STATE 240
/* Placements a search remembers as no cheaper (struct upr_sv_dp) */
#define DP_DEAR_MAX 64

static bool beam_off;

void upr_sv_test_beam_off(bool off)
{
	beam_off = off;
}

/* Node budget of the joint plan of two sessions that share a speaker
 * (dp_pair_extra): on bench M's rounds, 31,250 (a quarter of the states
 * per start at --effort 1000000) raised no bound above what 5,000 gives,
 * and 1,000 lost two */
#define DP_PAIR_NODES 5000L
/* States per start from which the bound counts shared speakers' pairs
 * (the beam always does): below, its runs on M-sized rounds give up
 * before they could matter, and the pairs' joint plans took a tenth of a
 * second of a default plan of M (docs/performance.md) */
#define DP_PAIR_MIN_STATES 65536L

struct dp_state {
	uint64_t mask;		/* States started */
	int64_t cost;		/* 0: empty entry (cost stored + 1) */
	int16_t last[DP_MAX_ROOMS]; /* a room's last start if it still blocks, -1 */
	int8_t who[DP_MAX_ROOMS];   /* the State that started there, -1 */
	int16_t cur, mn, mx;	/* current day's count; least and most of closed days */
	uint8_t matched;	/* rooms whose running State had a shared speaker's
				 * extra counted (dp_pair_extra): bit per room */
	/* not part of the key: how the state was reached, for the least
	 * placement (dp_trace) */
	uint32_t parent;	/* the state before it in the archive, DP_NO_PARENT */
	int8_t pick[DP_MAX_ROOMS]; /* the State started in each room at that start, -1 */
	bool relaxed;		/* merged, or reached from a merged state */
};

struct dp_table {
	struct dp_state *e;
	size_t cap, n;		/* cap: a power of two */
	size_t max;		/* the most entries it may grow to */
	size_t fill;		/* a beam's: full at this many entries (0: max) */
};

static uint64_t dp_hash(const struct dp_state *k, int nrooms)
{
	uint64_t h = k->mask * 0x9e3779b97f4a7c15ULL;
	for (int r = 0; r < nrooms; r++)
		h = (h ^ (uint64_t)(uint16_t)k->last[r] ^ (uint64_t)(uint8_t)k->who[r] << 16) *
		    0xbf58476d1ce4e5b9ULL;
	h ^= (uint64_t)(uint16_t)k->cur | (uint64_t)(uint16_t)k->mn << 16 |
	     (uint64_t)(uint16_t)k->mx << 32 | (uint64_t)k->matched << 48;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static bool dp_same(const struct dp_state *a, const struct dp_state *b, int nrooms)
{
	if (a->mask != b->mask || a->cur != b->cur || a->mn != b->mn || a->mx != b->mx ||
	    a->matched != b->matched)
		return false;
	for (int r = 0; r < nrooms; r++)
		if (a->last[r] != b->last[r] || a->who[r] != b->who[r])
			return false;
	return true;
}

static bool dp_put(struct dp_table *t, const struct dp_state *k, int64_t cost, int nrooms);
struct dp;
static int dp_relax(struct dp *d, int first);

/* Doubles t's capacity (entries kept).  false at its most or out of
 * memory. */
static bool dp_grow(struct dp_table *t, int nrooms)
{
	if (t->cap >= 2 * t->max)
		return false;
	struct dp_table g = { upr_calloc(2 * t->cap, sizeof(struct dp_state)), 2 * t->cap, 0, t->max,
			      t->fill };
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
			if (t->fill && t->n >= t->fill)
				return false;
			if (2 * (t->n + 1) > t->cap)
				return dp_grow(t, nrooms) && dp_put(t, k, cost, nrooms);
			*e = *k;
			e->cost = cost + 1;
			t->n++;
			return true;
		}
		if (dp_same(e, k, nrooms)) {
			/* the cheaper way in, and on a tie the exact one */
			if (cost + 1 < e->cost || (cost + 1 == e->cost && e->relaxed && !k->relaxed)) {
				e->cost = cost + 1;
				e->parent = k->parent;
				memcpy(e->pick, k->pick, sizeof(e->pick));
				e->relaxed = k->relaxed;
			}
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
	uint64_t *can;		/* [slot]: the States whose price there is below BIG */
	/* a band run's (upr_sv_dp_band): each State's slot in the placement
	 * it starts from, and how many starts it may move from there; NULL:
	 * anywhere */
	const int *band_at;
	int band;
	int loose;		/* a State that may start anywhere, -1: none */
	uint64_t *earlier;	/* [h]: States reviewed strictly before h */
	int64_t *cl;		/* [h][j]: clash of h and j when they overlap */
	uint64_t *clmask;	/* [h]: the States h clashes with */
	uint64_t *comask;	/* [h]: the States h shares a speaker with */
	/* dp_pair_extra's answers: key + 1 (0: empty), extra */
	struct dp_pair {
		uint64_t key;
		int64_t extra;
	} *pairs;
	size_t pcap, pn;
	bool pairs_on;		/* counted at all (DP_PAIR_MIN_STATES; the beam's always) */
	long pair_nodes;	/* each pair's joint plan's node budget */
	struct dp_tail tail;	/* what the unstarted States still add */
	size_t merged;		/* states merged into others (dp_relax) */
	size_t dominated;	/* states dropped as dominated */
	bool may_merge;		/* else a full table gives up */
	bool beam;		/* a full table keeps its most promising states */
	size_t beam_keep;	/* that many */
	int64_t beam_cut;	/* and drops later states no more promising */
	struct dp_state *lay;	/* the states of one start, expanded in order */
	size_t caplay;
	int64_t incumbent, best_final, wr, wb;
	struct dp_table *next;
	bool full;
	bool empty_day;		/* a day without any start: the least day is 0 */
	/* the transition being built */
	int free_room[DP_MAX_ROOMS], nfree;
	int chosen[DP_MAX_ROOMS];
	/* how each expanded state was reached: entry i of the archive is the
	 * i-th state expanded in this run (dp_trace follows it back) */
	struct dp_link {
		uint32_t parent;
		int8_t pick[DP_MAX_ROOMS];
	} *arch;
	size_t narch, caparch;
	bool arch_ok;		/* every expanded state is in it */
	uint32_t cur;		/* the state being expanded: its archive entry */
	long budget;		/* states all runs may still expand */
	/* successors all runs may still make: with four rooms a state can
	 * have a hundred or more (each a completion bound and a table
	 * entry), so states alone do not bound the time */
	long succ;
	/* the least final value's way in: exact (no merged state on it),
	 * the state before the last start and the States started there */
	bool best_exact;
	uint32_t best_parent;
	int8_t best_pick[DP_MAX_ROOMS];
};

/* Balance certain from the closed days and the current day's count. */
static int64_t dp_bal_lb(const struct dp *d, const struct dp_state *k)
{
	if (k->mn == DP_NONE_MIN || k->mn == DP_RELAXED)
		return 0;
	int mx = k->mx > k->cur ? k->mx : k->cur;
	return d->wb * (mx - k->mn);
}

/* Merging: when the states of the next start fill their table, groups of
 * them become one state that is a relaxation of each (decision diagrams'
 * relaxed nodes): the union of their started sets (fewer States left to
 * place, fewer pairs left to pay), in each room the least blocking of
 * their last starts, no running State unless all agree (no clash
 * counted), balance unknown (counted 0: with fewer sessions left it is
 * not monotone) unless all agree, and the least of their values.  Every
 * completion of a member, restricted to the merged state's unstarted
 * States, is a completion of it that costs no more, so the least final
 * value still bounds every timetable: the bound stays valid, only
 * weaker, and the state budget trades strength for time. */

static void dp_merge_into(struct dp_state *a, const struct dp_state *b, int nrooms)
{
	a->relaxed = true;
	a->parent = DP_NO_PARENT;
	a->mask |= b->mask;
	if (b->cost < a->cost)
		a->cost = b->cost;
	/* a running State counted as matched in either is matched: fewer
	 * extras to come */
	a->matched |= b->matched;
	for (int r = 0; r < nrooms; r++) {
		if (a->last[r] != b->last[r] || a->who[r] != b->who[r])
			a->who[r] = -1;
		if (b->last[r] < a->last[r])
			a->last[r] = b->last[r];
		if (a->last[r] < 0)
			a->who[r] = -1;
		if (a->who[r] < 0)
			a->matched &= (uint8_t)~(1u << r);
	}
	if (a->cur != b->cur || a->mn != b->mn || a->mx != b->mx) {
		a->mn = DP_RELAXED;
		a->cur = a->mx = 0;
	}
}

static int dp_cmp_mask(const void *x, const void *y)
{
	const struct dp_state *a = x, *b = y;
	if (a->mask != b->mask)
		return a->mask < b->mask ? -1 : 1;
	return a->cost < b->cost ? -1 : a->cost > b->cost;
}

/* Dominance: a state a of the same started set as b, whose rooms are
 * each no later blocked than b's and run no State that could clash
 * unless b's runs the same, reaches every completion of b at no more
 * cost but for balance, which differs by at most how much the closed
 * days' extremes and the current day's count differ.  So b is dropped
 * when a's value plus that is no more than b's: the least final value
 * stays (and is reached by a placement, a exact). */
static bool dp_dominates(const struct dp *d, const struct dp_state *a, const struct dp_state *b)
{
	if (a->relaxed || b->relaxed || a->mn == DP_RELAXED || b->mn == DP_RELAXED)
		return false;
	for (int r = 0; r < d->nrooms; r++) {
		if (a->last[r] >= 0 && (b->last[r] < 0 || a->last[r] > b->last[r]))
			return false;
		if (a->who[r] >= 0 && (a->who[r] != b->who[r] || a->last[r] != b->last[r]))
			return false;
		/* a's running State may still be counted an extra, b's not */
		if (a->who[r] >= 0 && !(a->matched >> r & 1) && (b->matched >> r & 1))
			return false;
	}
	int up = a->cur - b->cur, down = b->cur - a->cur;
	if (a->mn != DP_NONE_MIN) {
		if (a->mx - b->mx > up)
			up = a->mx - b->mx;
		if (b->mn - a->mn > down)
			down = b->mn - a->mn;
	}
	int64_t pen = d->wb * ((up > 0 ? up : 0) + (down > 0 ? down : 0));
	return a->cost + pen <= b->cost;
}

/* Drops the dominated states of e[0..n), sorted by started set then
 * value; each is compared with at most DP_DOMINATORS kept ones of its
 * set.  The number kept, at the front of e. */
#define DP_DOMINATORS 64
static size_t dp_dominate(const struct dp *d, struct dp_state *e, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n;) {
		size_t g0 = kept, q = i;
		for (; q < n && e[q].mask == e[i].mask; q++) {
			bool dom = false;
			for (size_t a = g0; a < kept && a < g0 + DP_DOMINATORS && !dom; a++)
				dom = dp_dominates(d, &e[a], &e[q]);
			if (!dom)
				e[kept++] = e[q];
		}
		i = q;
	}
	return kept;
}

/* What every completion of state k of value v, with start first next,
 * costs at least: v, what the unstarted States still add (dp_tail.c, or
 * their least prices) and the balance already certain.  Past the
 * incumbent it stops adding. */
static int64_t dp_promise(struct dp *d, const struct dp_state *k, int64_t v, int first)
{
	const struct solver *s = d->s;
	if (d->tail.ready && !d->band_at) {
		v += upr_sv_tail_bound(&d->tail, d->minu, k->mask, first);
	} else {
		for (int h = 0; h < d->n && v < d->incumbent; h++)
			if (!(k->mask >> h & 1))
				v += d->minu[(size_t)h * (s->nstarts + 1) + first];
	}
	return v + dp_bal_lb(d, k);
}

/* A state of a full table and how promising it is (dp_beam). */
struct dp_keyed {
	int64_t key;
	size_t i;
};

static int dp_keyed_cmp(const void *x, const void *y)
{
	const struct dp_keyed *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/*
 * The beam: a run that, when a start's table fills, keeps the half of
 * its states whose value, completion bound and certain balance are
 * least, and drops the rest and every later state of that start no more
 * promising than the last one kept (beam_cut).  It proves nothing (what
 * it drops may lead to the optimum), but its least final value, reached
 * without a merged state, is a placement, priced in full before it is
 * adopted: a search of its own, over start times in order, which finds
 * sessions that share a speaker planned together where the search keeps
 * them apart.
 */
/* Keeps the max / 2 states of e[0..n) (sorted by started set and value)
 * whose value and completion bound are least, in t. */
static int dp_beam(struct dp *d, struct dp_state *e, size_t n, int first)
{
	struct dp_table *t = d->next;
	struct dp_keyed *k = upr_malloc((n ? n : 1) * sizeof(*k));
	if (!k)
		return -1;
	for (size_t i = 0; i < n; i++)
		k[i] = (struct dp_keyed){ dp_promise(d, &e[i], e[i].cost - 1, first), i };
	qsort(k, n, sizeof(*k), dp_keyed_cmp);
	size_t keep = d->beam_keep < n ? d->beam_keep : n;
	for (size_t i = 0; i < keep; i++)
		dp_put(t, &e[k[i].i], e[k[i].i].cost - 1, d->nrooms);
	if (keep > 0 && k[keep - 1].key < d->beam_cut)
		d->beam_cut = k[keep - 1].key;
	upr_free(k);
	return 0;
}

/* A group of states of one started set, e[i..end) of dp_relax's, and the
 * least value and completion bound of its members. */
struct dp_group {
	int64_t least;
	size_t i, end;
};

/* The least promising group first; the order does not depend on the
 * hash. */
static int dp_group_cmp(const void *x, const void *y)
{
	const struct dp_group *a = x, *b = y;
	if (a->least != b->least)
		return a->least > b->least ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Drops the dominated states of d->next, then, when that leaves it more
 * than half full and d->may_merge, merges the states that share their
 * started set (rooms, running States and balance relaxed as said), the
 * least promising sets first, until it is half full.  0;
 * 1 when the table stays more than half full without merging, or three
 * quarters full after it (the caller gives up: merging different started
 * sets loses too much); -1 out of memory.  In a beam, keeps the
 * most promising half instead (dp_beam). */
static int dp_relax(struct dp *d, int first)
{
	struct dp_table *t = d->next;
	size_t n = t->n, j = 0;
	struct dp_state *e = upr_malloc((n ? n : 1) * sizeof(*e));
	if (!e)
		return -1;
	for (size_t i = 0; i < t->cap; i++)
		if (t->e[i].cost)
			e[j++] = t->e[i];
	qsort(e, n, sizeof(*e), dp_cmp_mask);
	memset(t->e, 0, t->cap * sizeof(struct dp_state));
	t->n = 0;
	/* dominated states first: dropping them keeps the bound exact;
	 * merging only when that leaves the table more than half full */
	size_t nd = dp_dominate(d, e, n);
	d->dominated += n - nd;
	n = nd;
	if (d->beam && n > d->beam_keep) {
		int rc = dp_beam(d, e, n, first);
		upr_free(e);
		return rc;
	}
	if (2 * n <= t->max || !d->may_merge) {
		for (size_t i = 0; i < n; i++)
			dp_put(t, &e[i], e[i].cost - 1, d->nrooms);
		upr_free(e);
		return 2 * n > t->max && !d->beam;
	}
	/* the groups of one started set, least promising first, are merged
	 * until the table is half full: the promising ones, whose
	 * completions decide the bound, stay exact */
	struct dp_group *g = upr_malloc(n * sizeof(*g));
	unsigned char *merge = upr_calloc(n, 1);
	if (!g || !merge) {
		upr_free(g);
		upr_free(merge);
		upr_free(e);
		return -1;
	}
	size_t ng = 0;
	for (size_t i = 0; i < n;) {
		struct dp_group *x = &g[ng++];
		x->least = BIG;
		x->i = i;
		for (; i < n && e[i].mask == e[x->i].mask; i++) {
			int64_t p = dp_promise(d, &e[i], e[i].cost - 1, first);
			if (p < x->least)
				x->least = p;
		}
		x->end = i;
	}
	qsort(g, ng, sizeof(*g), dp_group_cmp);
	size_t left = n;
	for (size_t x = 0; x < ng && 2 * left > t->max; x++) {
		merge[g[x].i] = 1;
		left -= g[x].end - g[x].i - 1;
	}
	for (size_t i = 0; i < n;) {
		size_t q = i + 1;
		while (q < n && e[q].mask == e[i].mask)
			q++;
		if (merge[i]) {
			struct dp_state m = e[i];
			for (size_t r = i + 1; r < q; r++)
				dp_merge_into(&m, &e[r], d->nrooms);
			dp_put(t, &m, m.cost - 1, d->nrooms);
			d->merged += q - i - 1;
		} else {
			for (size_t r = i; r < q; r++)
				dp_put(t, &e[r], e[r].cost - 1, d->nrooms);
		}
		i = q;
	}
	upr_free(g);
	upr_free(merge);
	upr_free(e);
	return 4 * t->n > 3 * t->max;
}

/*
 * Shared speakers.  Two sessions that share a speaker and overlap in
 * different rooms closer than s->apart may cost more planned together
 * than apart (coupled.c): upr_sv_pair_extra, with nothing else placed,
 * is a lower bound of that pair's part.  The extras of several pairs do
 * not add up (one order of statements may serve two pairs), but those of
 * pairs with no session in common do: dropping H6 between every other
 * pair only lowers the cost.  So a session that starts is counted the
 * largest extra with a session it overlaps that is not matched yet (the
 * running State of another room, or one starting with it), and both are
 * then matched (dp_state.matched): the pairs counted form a matching of
 * every placement, and its value stays a lower bound.  A pair that
 * cannot be planned together at all closes the transition.
 */

/* Where key's search starts in a table of cap (a power of two) entries. */
static size_t dp_pair_home(uint64_t key, size_t cap)
{
	return (size_t)(key * 0x9e3779b97f4a7c15ULL >> 7) & (cap - 1);
}

/* The extra of h at slot sh with j at slot sj; 0 when not known (a budget
 * cut the joint plan short, or out of memory). */
static int64_t dp_pair_extra(struct dp *d, int h, int sh, int j, int sj)
{
	struct solver *s = d->s;
	uint64_t ns = (uint64_t)s->nslots;
	/* one answer for both orders */
	if (j < h) {
		int t = h;
		h = j;
		j = t;
		t = sh;
		sh = sj;
		sj = t;
	}
	uint64_t key = (((uint64_t)h * ns + (uint64_t)sh) * 64 + (uint64_t)j) * ns + (uint64_t)sj + 1;
	if (2 * (d->pn + 1) > d->pcap) {
		size_t cap = d->pcap ? 2 * d->pcap : 1024;
		struct dp_pair *v = upr_calloc(cap, sizeof(*v));
		if (!v)
			return 0;
		for (size_t i = 0; i < d->pcap; i++)
			if (d->pairs[i].key) {
				size_t q = dp_pair_home(d->pairs[i].key, cap);
				while (v[q].key)
					q = (q + 1) & (cap - 1);
				v[q] = d->pairs[i];
			}
		upr_free(d->pairs);
		d->pairs = v;
		d->pcap = cap;
	}
	size_t q = dp_pair_home(key, d->pcap);
	for (; d->pairs[q].key; q = (q + 1) & (d->pcap - 1))
		if (d->pairs[q].key == key)
			return d->pairs[q].extra;
	bool exact = true;
	int64_t e = upr_sv_pair_extra(s, h, sh, j, sj, d->pair_nodes, &exact);
	if (!exact)
		e = 0;
	d->pairs[q] = (struct dp_pair){ key, e };
	d->pn++;
	return e;
}

/* What h at slot (room, start si) is counted for shared speakers in
 * state k, with chosen[0..r) starting with it and *nm the matched rooms
 * so far (updated): the extra, or BIG when it cannot start there. */
static int64_t dp_shared(struct dp *d, const struct dp_state *k, int si, int r, int h, int slot,
			 unsigned *nm)
{
	struct solver *s = d->s;
	int64_t best = 0;
	int partner = -1;
	int64_t t = s->starts[si];
	for (int r2 = 0; r2 < d->nrooms; r2++) {
		int g = k->who[r2];
		if (g < 0 || !(d->comask[h] >> g & 1) || t - s->starts[k->last[r2]] >= s->len ||
		    !upr_sv_too_close(s, t, s->starts[k->last[r2]]))
			continue;
		int64_t e = dp_pair_extra(d, h, slot, g, s->slot_at[(size_t)r2 * s->nstarts + k->last[r2]]);
		if (e >= BIG)
			return BIG;
		if (e > best && !(*nm >> r2 & 1)) {
			best = e;
			partner = r2;
		}
	}
	for (int j = 0; j < r; j++) {
		int g = d->chosen[j];
		if (g < 0 || !(d->comask[h] >> g & 1))
			continue;
		int room = d->free_room[j];
		int64_t e = dp_pair_extra(d, h, slot, g, s->slot_at[(size_t)room * s->nstarts + si]);
		if (e >= BIG)
			return BIG;
		if (e > best && !(*nm >> room & 1)) {
			best = e;
			partner = room;
		}
	}
	if (partner >= 0)
		*nm |= 1u << partner | 1u << d->free_room[r];
	return best;
}

/* All choices of one State (or none) per free room at start si for state
 * k.  base is k's value plus the least remaining unary prices from si of
 * the unstarted States; inc what the choices so far add to k's value
 * (their unary prices, the review-order pairs and clashes they decide),
 * and less what they take from base. */
static void dp_choose(struct dp *d, const struct dp_state *k, int si, int r, int64_t base,
		      int64_t inc, int64_t less, uint64_t mask, unsigned nm)
{
	struct solver *s = d->s;
	if (d->full || base + inc - less + dp_bal_lb(d, k) >= d->incumbent)
		return;
	/* r < nfree <= DP_MAX_ROOMS, said again for the compiler's bounds
	 * analysis */
	if (r < d->nfree && r < DP_MAX_ROOMS) {
		d->chosen[r] = -1;
		dp_choose(d, k, si, r + 1, base, inc, less, mask, nm);
		int room = d->free_room[r];
		int slot = s->slot_at[(size_t)room * s->nstarts + si];
		uint64_t all = d->n < 64 ? (1ULL << d->n) - 1 : ~0ULL;
		/* the unstarted States that may start there, in index order
		 * (the order of a table's states follows it) */
		for (uint64_t left = d->can[slot] & ~mask; left; left &= left - 1) {
			int h = __builtin_ctzll(left);
			int64_t uh = d->u[(size_t)h * s->nslots + slot];
			/* review order: every earlier-reviewed State still
			 * unstarted, and the earlier-reviewed ones chosen at
			 * this start (a later-reviewed one chosen before paid
			 * for h already, h being unstarted then) */
			uint64_t m2 = mask | 1ULL << h;
			int64_t c = uh + d->wr * __builtin_popcountll(~m2 & all & d->earlier[h]);
			for (int j = 0; j < r; j++) {
				int g = d->chosen[j];
				if (g < 0)
					continue;
				if (d->earlier[h] >> g & 1)
					c += d->wr;
				c += d->cl[(size_t)h * d->n + g];
			}
			/* clash with the sessions still running */
			for (int r2 = 0; r2 < d->nrooms; r2++)
				if (k->who[r2] >= 0 && s->starts[si] - s->starts[k->last[r2]] < s->len)
					c += d->cl[(size_t)h * d->n + k->who[r2]];
			unsigned nm2 = nm & ~(1u << room);
			if (d->pairs_on && d->comask[h]) {
				int64_t e = dp_shared(d, k, si, r, h, slot, &nm2);
				if (e >= BIG)
					continue;
				c += e;
			}
			d->chosen[r] = h;
			dp_choose(d, k, si, r + 1, base, inc + c,
				  less + d->minu[(size_t)h * (s->nstarts + 1) + si], m2, nm2);
		}
		d->chosen[r] = -1;
		return;
	}
	/* the successor */
	if (--d->succ < 0) {
		d->full = true;
		return;
	}
	struct dp_state nk = *k;
	nk.mask = mask;
	nk.matched = (uint8_t)nm;
	nk.parent = d->cur;
	memset(nk.pick, -1, sizeof(nk.pick));
	int started = 0;
	for (int j = 0; j < d->nfree; j++) {
		/* free_room holds rooms < nrooms <= DP_MAX_ROOMS; said
		 * again for the compiler's bounds analysis */
		unsigned room = (unsigned)d->free_room[j] % DP_MAX_ROOMS;
		if (d->chosen[j] >= 0) {
			nk.last[room] = (int16_t)si;
			nk.who[room] = (int8_t)d->chosen[j];
			nk.pick[room] = (int8_t)d->chosen[j];
			started++;
		}
	}
	uint64_t unstarted = ~nk.mask;
	if (d->n < 64)
		unstarted &= (1ULL << d->n) - 1;
	int64_t cost = k->cost - 1 + inc;
	nk.cur = (int16_t)(nk.cur + started);
	/* the day closes after this start: fold its count */
	bool last = si + 1 == s->nstarts;
	if (nk.mn == DP_RELAXED) {
		nk.cur = 0;
	} else if (last || s->start_day[si + 1] != s->start_day[si]) {
		if (nk.mn == DP_NONE_MIN || nk.cur < nk.mn)
			nk.mn = nk.cur;
		if (nk.cur > nk.mx)
			nk.mx = nk.cur;
		nk.cur = 0;
	}
	if (last) {
		if (unstarted == 0) {
			int64_t f = cost + (nk.mn == DP_RELAXED ? 0 : d->wb * (nk.mx - nk.mn));
			if (f < d->best_final || (f == d->best_final && !d->best_exact && !k->relaxed)) {
				d->best_final = f;
				d->best_exact = !k->relaxed;
				d->best_parent = d->cur;
				memcpy(d->best_pick, nk.pick, sizeof(d->best_pick));
			}
		}
		return;
	}
	/* rooms whose last start no longer blocks the next one forget it */
	for (int r2 = 0; r2 < d->nrooms; r2++) {
		if (nk.last[r2] >= 0 && nk.last[r2] < s->conf_lo[si + 1]) {
			nk.last[r2] = -1;
			nk.who[r2] = -1;
		}
		/* who runs there matters only while it overlaps a later start
		 * and clashes with a State not started: else states that
		 * differ only in it are one.  Not kept for a shared speaker
		 * alone: that made more states than the extras were worth
		 * (test_dp's test_adopts lost a proof at a small effort) */
		if (nk.who[r2] >= 0 &&
		    (s->starts[si + 1] - s->starts[nk.last[r2]] >= s->len ||
		     !(d->clmask[nk.who[r2]] & unstarted)))
			nk.who[r2] = -1;
		if (nk.who[r2] < 0)
			nk.matched &= (uint8_t)~(1u << r2);
	}
	int64_t lb = dp_promise(d, &nk, cost, si + 1);
	if (lb >= d->incumbent || (d->beam && lb > d->beam_cut))
		return;
	if (!dp_put(d->next, &nk, cost, d->nrooms) &&
	    (dp_relax(d, si + 1) != 0 || !dp_put(d->next, &nk, cost, d->nrooms)))
		d->full = true;
}

/* d's unary prices, their suffix minima and who may start where, within
 * d's band when it has one. */
static void dp_prices(struct dp *d)
{
	struct solver *s = d->s;
	int n = d->n, ns = s->nstarts;
	memset(d->can, 0, (size_t)s->nslots * sizeof(uint64_t));
	for (int h = 0; h < n; h++) {
		int64_t *m = d->minu + (size_t)h * (ns + 1);
		for (int si = 0; si <= ns; si++)
			m[si] = BIG;
		int at = d->band_at ? s->slots[d->band_at[h]].si : 0;
		for (int k = 0; k < s->nslots; k++) {
			int64_t c = upr_sv_unary(s, h, k);
			if (d->band_at && h != d->loose && abs(s->slots[k].si - at) > d->band)
				c = BIG;
			d->u[(size_t)h * s->nslots + k] = c;
			if (c < BIG)
				d->can[k] |= 1ULL << h;
			if (c < m[s->slots[k].si])
				m[s->slots[k].si] = c;
		}
		for (int si = ns - 1; si >= 0; si--)
			if (m[si + 1] < m[si])
				m[si] = m[si + 1];
	}
}

/* The tables of d: unary prices, their suffix minima, review relations,
 * and with tail the completion bound. */
static int dp_setup(struct dp *d, bool tail)
{
	struct solver *s = d->s;
	int n = d->n, ns = s->nstarts;
	d->u = upr_malloc((size_t)n * s->nslots * sizeof(int64_t));
	d->minu = upr_malloc((size_t)n * (ns + 1) * sizeof(int64_t));
	d->earlier = upr_calloc((size_t)n, sizeof(uint64_t));
	d->cl = upr_calloc((size_t)n * n, sizeof(int64_t));
	d->clmask = upr_calloc((size_t)n, sizeof(uint64_t));
	d->comask = upr_calloc((size_t)n, sizeof(uint64_t));
	d->can = upr_calloc((size_t)s->nslots, sizeof(uint64_t));
	if (!d->can || !d->u || !d->minu || !d->earlier || !d->cl || !d->clmask || !d->comask)
		return -1;
	dp_prices(d);
	for (int h = 0; h < n; h++) {
		const struct upr_state *x = &s->p->states[s->held[h]];
		for (int j = 0; j < n && x->has_review; j++) {
			const struct upr_state *y = &s->p->states[s->held[j]];
			if (!y->has_review || y->review == x->review)
				continue;
			if (y->review < x->review)
				d->earlier[h] |= 1ULL << j;
		}
		for (int i = 0; i < s->nclash[h]; i++)
			if (s->clash[h][i].w > 0) {
				d->cl[(size_t)h * n + s->clash[h][i].to] += s->clash[h][i].w;
				d->clmask[h] |= 1ULL << s->clash[h][i].to;
			}
		for (int i = 0; i < s->nshare[h]; i++)
			d->comask[h] |= 1ULL << s->share[h][i];
	}
	return !tail || upr_sv_tail_build(&d->tail, s, d->u) >= 0 ? 0 : -1;
}

/* Keeps how the state being expanded was reached; d->cur is its entry.
 * Past DP_ARCHIVE_MAX entries (or out of memory) the run keeps none. */
static void dp_archive(struct dp *d, const struct dp_state *k)
{
	if (!d->arch_ok)
		return;
	if (d->narch == d->caparch) {
		size_t cap = d->caparch ? 2 * d->caparch : 4096;
		struct dp_link *a = cap <= (size_t)DP_ARCHIVE_MAX ?
					    upr_realloc(d->arch, cap * sizeof(*a)) : NULL;
		if (!a) {
			d->arch_ok = false;
			return;
		}
		d->arch = a;
		d->caparch = cap;
	}
	d->cur = (uint32_t)d->narch;
	d->arch[d->narch].parent = k->parent;
	memcpy(d->arch[d->narch].pick, k->pick, sizeof(k->pick));
	d->narch++;
}

/* One run of the dynamic program with target T (pruning at T).
 * 1: complete (d->best_final, BIG when no placement is below T); 0: gave
 * up; -1 out of memory. */
static int dp_run(struct dp *d, struct dp_table tab[2], int64_t T)
{
	struct solver *s = d->s;
	int nrooms = d->nrooms;
	d->incumbent = T;
	d->best_final = BIG;
	d->best_exact = false;
	d->full = false;
	d->narch = 0;
	d->arch_ok = true;
	struct dp_state k0;
	memset(&k0, 0, sizeof(k0));
	for (int r = 0; r < DP_MAX_ROOMS; r++) {
		k0.last[r] = -1;
		k0.who[r] = -1;
		k0.pick[r] = -1;
	}
	k0.parent = DP_NO_PARENT;
	k0.mn = d->empty_day ? 0 : DP_NONE_MIN;
	k0.mx = 0;
	memset(tab[0].e, 0, tab[0].cap * sizeof(struct dp_state));
	tab[0].n = 0;
	if (!dp_put(&tab[0], &k0, 0, nrooms))
		return -1;
	long succ0 = d->succ;
	int cur = 0;
	for (int si = 0; si < s->nstarts && !d->full; si++) {
		struct dp_table *t = &tab[cur];
		d->next = &tab[1 - cur];
		d->beam_cut = BIG;
		memset(d->next->e, 0, d->next->cap * sizeof(struct dp_state));
		d->next->n = 0;
		/* the start's states by started set and value, the dominated
		 * dropped (an order that does not depend on the hash) */
		if (t->n > d->caplay) {
			struct dp_state *l = upr_realloc(d->lay, t->n * sizeof(*l));
			if (!l)
				return -1;
			d->lay = l;
			d->caplay = t->n;
		}
		size_t n = 0;
		for (size_t i = 0; i < t->cap; i++)
			if (t->e[i].cost)
				d->lay[n++] = t->e[i];
		qsort(d->lay, n, sizeof(*d->lay), dp_cmp_mask);
		size_t nd = dp_dominate(d, d->lay, n);
		d->dominated += n - nd;
		for (size_t i = 0; i < nd && !d->full; i++) {
			const struct dp_state *k = &d->lay[i];
			d->nfree = 0;
			for (int r = 0; r < nrooms; r++) {
				int slot = s->slot_at[(size_t)r * s->nstarts + si];
				if (slot >= 0 && (k->last[r] < 0 || k->last[r] < s->conf_lo[si]))
					d->free_room[d->nfree++] = r;
			}
			int64_t base = k->cost - 1;
			for (int h = 0; h < d->n && base < BIG; h++)
				if (!(k->mask >> h & 1))
					base += d->minu[(size_t)h * (s->nstarts + 1) + si];
			if (base >= BIG)
				continue;
			if (--d->budget < 0) {
				d->full = true;
				break;
			}
			dp_archive(d, k);
			dp_choose(d, k, si, 0, base, 0, 0, k->mask, k->matched);
		}
		if (upr_sv_past_time_limit(s))
			d->full = true;
		cur = 1 - cur;
	}
	s->stats->dp_successors += succ0 - (d->succ > 0 ? d->succ : 0);
	return !d->full;
}

/* The least placement of the last run, when it is exact and kept: each
 * held State's slot in slots.  false when it is not. */
static bool dp_trace(const struct dp *d, int *slots)
{
	const struct solver *s = d->s;
	if (!d->best_exact || !d->arch_ok || d->best_final >= BIG)
		return false;
	for (int h = 0; h < d->n; h++)
		slots[h] = -1;
	const int8_t *pick = d->best_pick;
	uint32_t at = d->best_parent;
	for (int si = s->nstarts - 1; si >= 0; si--) {
		for (int r = 0; r < d->nrooms; r++)
			if (pick[r] >= 0)
				slots[pick[r]] = s->slot_at[(size_t)r * s->nstarts + si];
		if (si == 0)
			break;
		if (at == DP_NO_PARENT || at >= d->narch)
			return false;
		pick = d->arch[at].pick;
		at = d->arch[at].parent;
	}
	for (int h = 0; h < d->n; h++)
		if (slots[h] < 0)
			return false;
	return true;
}

/* Can the timetable of the current placement be built?  The joint plan
 * of shared speakers (coupled.c) may find orders of interacting sessions
 * that the timetable's pass in start order does not, so the placement
 * is built once, as the best, before it becomes the best.  Out of
 * memory counts as no. */
static bool dp_plannable(struct solver *s)
{
	int *keep = upr_malloc(((size_t)s->nheld + 1) * sizeof(int));
	struct upr_timetable *t = upr_timetable_new();
	int b = 1;
	if (keep && t) {
		memcpy(keep, s->best, (size_t)s->nheld * sizeof(int));
		memcpy(s->best, s->assign, (size_t)s->nheld * sizeof(int));
		b = upr_sv_build_timetable(s, t, NULL);
		memcpy(s->best, keep, (size_t)s->nheld * sizeof(int));
	}
	if (t)
		upr_timetable_free(t);
	upr_free(keep);
	return b == 0;
}

/* Makes the placement slots the best when, priced in full (shared
 * speakers planned jointly), it is cheaper; leaves the best placed. */
static void dp_adopt(struct solver *s, const int *slots)
{
	upr_sv_place_all(s, slots);
	int64_t c = upr_sv_total_cost(s);
	if (c < s->best_cost) {
		bool exact = true;
		/* as the timetable will plan them; an extra of best - c or
		 * more makes it no cheaper, and the plan stops there (BIG) */
		int64_t extra = upr_sv_coupling_plan(s, s->best_cost - c, UPR_SV_JOINT_NODES, false,
						     NULL, NULL, &exact);
		if (exact && extra < BIG && c + extra < s->best_cost && dp_plannable(s))
			upr_sv_save_best(s, c + extra);
	}
	upr_sv_place_all(s, s->best);
	s->cost = upr_sv_total_cost(s);
}

bool upr_sv_dp_applies(const struct solver *s)
{
	return s->nheld <= 64 && s->nheld > 0 && s->p->nrooms <= DP_MAX_ROOMS && s->nstarts <= 32000;
}

/* The program's tables for s with at most max_states states per start:
 * d, tab and slots (room for a placement).  false when it does not apply
 * (d->n == 0 then) or out of memory; dp_close releases either way. */
static bool dp_open(struct dp *d, struct solver *s, struct dp_table tab[2], int **slots,
		    long max_states, bool pairs, bool tail)
{
	memset(d, 0, sizeof(*d));
	memset(tab, 0, 2 * sizeof(*tab));
	*slots = NULL;
	int nrooms = (int)s->p->nrooms;
	if (!upr_sv_dp_applies(s))
		return false;
	d->s = s;
	d->n = s->nheld;
	d->nrooms = nrooms;
	d->wr = s->w[UPR_W_REVIEW_ORDER];
	d->wb = s->w[UPR_W_BALANCE];
	d->pairs_on = pairs;
	d->pair_nodes = DP_PAIR_NODES;
	*slots = upr_malloc(((size_t)d->n + 1) * sizeof(int));
	if (!*slots || dp_setup(d, tail) < 0)
		return false;
	for (int i = 0; i < 2; i++) {
		tab[i].cap = 1024;
		tab[i].max = (size_t)max_states;
		tab[i].e = upr_calloc(tab[i].cap, sizeof(struct dp_state));
		if (!tab[i].e)
			return false;
	}
	/* days without any start hold no session: the least day is 0 */
	int nd = (int)s->p->event.ndays;
	for (int day = 0; day < nd && !d->empty_day; day++) {
		bool has = false;
		for (int si = 0; si < s->nstarts && !has; si++)
			has = s->start_day[si] == day;
		d->empty_day = !has;
	}
	return true;
}

static void dp_close(struct dp *d, struct dp_table tab[2], int *slots)
{
	upr_free(tab[0].e);
	upr_free(tab[1].e);
	upr_free(d->u);
	upr_free(d->minu);
	upr_free(d->can);
	upr_free(d->earlier);
	upr_free(d->cl);
	upr_free(d->clmask);
	upr_free(d->comask);
	upr_free(d->pairs);
	upr_free(d->arch);
	upr_free(d->lay);
	upr_free(slots);
	upr_sv_tail_release(&d->tail);
}

/* A beam of width w (dp_beam) from the target s->best_cost, within
 * succ successors (d->succ is what it leaves): true when its least
 * placement, exact and below the target, is in slots. */
static bool dp_beam_run(struct dp *d, struct dp_table tab[2], int *slots, long w, long succ)
{
	struct solver *s = d->s;
	tab[0].max = tab[1].max = (size_t)w;
	tab[0].fill = tab[1].fill = (size_t)w;
	d->beam_keep = (size_t)w / 2;
	d->beam = true;
	d->may_merge = false;
	d->budget = 2 * w * (long)s->nstarts;
	d->succ = succ;
	return dp_run(d, tab, s->best_cost) == 1 && d->best_final < s->best_cost && d->best_exact &&
	       dp_trace(d, slots);
}

/* The program's tables for searches from a best (upr_sv_dp_open): the
 * beam's and the band runs' (which share their joint plans' answers). */
struct upr_sv_dp {
	struct dp d;
	struct dp_table tab[2];
	int *slots;
	int *at;		/* a band run's centre: the best it starts from */
	long width;
	bool tail;		/* the completion bound is built */
	/* placements priced in full and found no cheaper than the best
	 * then (hashes): the program counts shared speakers in part, so its
	 * least placement may be one, and runs around one best find it
	 * again and again */
	uint64_t dear[DP_DEAR_MAX];
	int ndear;
	long succ_left;		/* successors the band runs may still make */
};

static uint64_t dp_slots_hash(const int *slots, int n)
{
	uint64_t h = 0x84222325cbf29ce4ULL;
	for (int i = 0; i < n; i++)
		h = (h ^ (uint64_t)(unsigned)slots[i]) * 0x100000001b3ULL;
	return h;
}

struct upr_sv_dp *upr_sv_dp_open(struct solver *s, long max_states)
{
	bool many = max_states >= DP_PAIR_MIN_STATES;
	long width = max_states / (many ? DP_BEAM_DIVISOR_PAIRS : DP_BEAM_DIVISOR);
	if (beam_off || s->best_cost >= BIG || width <= 0)
		return NULL;
	struct upr_sv_dp *q = upr_calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->width = width;
	q->succ_left = DP_BAND_SUCC_PER_STATE * max_states;
	q->at = upr_malloc(((size_t)s->nheld + 1) * sizeof(int));
	if (!q->at || !dp_open(&q->d, s, q->tab, &q->slots, width, true, false)) {
		upr_sv_dp_close(q);
		return NULL;
	}
	/* the beam proves nothing, so a pair's joint plan may be cut short
	 * sooner than the bound's (it then counts 0) */
	q->d.pair_nodes = many ? DP_PAIR_NODES : DP_BEAM_PAIR_NODES;
	return q;
}

void upr_sv_dp_close(struct upr_sv_dp *q)
{
	if (!q)
		return;
	dp_close(&q->d, q->tab, q->slots);
	upr_free(q->at);
	upr_free(q);
}

/* One run of q from the target s->best_cost within succ successors,
 * within d's band if any: its least placement becomes the best when
 * cheaper. */
static bool dp_search(struct upr_sv_dp *q, long succ)
{
	struct solver *s = q->d.s;
	if (s->best_cost >= BIG || !dp_beam_run(&q->d, q->tab, q->slots, q->width, succ))
		return false;
	uint64_t h = dp_slots_hash(q->slots, s->nheld);
	for (int i = 0; i < q->ndear; i++)
		if (q->dear[i] == h)
			return false;
	int64_t before = s->best_cost;
	dp_adopt(s, q->slots);
	if (s->best_cost < before)
		return true;
	/* the oldest makes room */
	if (q->ndear == DP_DEAR_MAX) {
		memmove(q->dear, q->dear + 1, (DP_DEAR_MAX - 1) * sizeof(q->dear[0]));
		q->ndear--;
	}
	q->dear[q->ndear++] = h;
	return false;
}

bool upr_sv_dp_beam(struct upr_sv_dp *q)
{
	struct dp *d = &q->d;
	if (d->band_at) {
		d->band_at = NULL;
		dp_prices(d);
	}
	if (!q->tail) {
		/* built once, from the prices without a band */
		if (upr_sv_tail_build(&d->tail, d->s, d->u) < 0)
			return false;
		q->tail = true;
	}
	return dp_search(q, 2 * q->width * (long)d->s->nstarts * DP_SUCC_PER_STATE);
}

bool upr_sv_dp_band(struct upr_sv_dp *q, int band, int loose)
{
	struct dp *d = &q->d;
	struct solver *s = d->s;
	if (s->best_cost >= BIG || q->succ_left <= 0)
		return false;
	memcpy(q->at, s->best, (size_t)s->nheld * sizeof(int));
	d->band_at = q->at;
	d->band = band;
	d->loose = loose;
	dp_prices(d);
	bool better = dp_search(q, q->succ_left);
	q->succ_left = d->succ > 0 ? d->succ : 0;
	return better;
}

int64_t upr_sv_dp_bound(struct solver *s, int64_t incumbent, long max_states, bool adopt,
			bool *complete)
{
	*complete = false;
	struct dp d;
	struct dp_table tab[2];
	int *slots;
	bool found = false;
	int64_t lo = 0;
	memset(&d, 0, sizeof(d));
	memset(tab, 0, sizeof(tab));
	slots = NULL;
	if (incumbent >= BIG ||
	    !dp_open(&d, s, tab, &slots, max_states, max_states >= DP_PAIR_MIN_STATES, true))
		goto done;	/* 0, not complete */
	/* what the completion bound gives the empty placement: a bound of
	 * its own, where the targets start */
	if (d.tail.ready) {
		lo = upr_sv_tail_bound(&d.tail, d.minu, 0, 0);
	} else {
		for (int h = 0; h < d.n; h++)
			lo += d.minu[(size_t)h * (s->nstarts + 1)];
	}
	if (lo > incumbent)
		lo = incumbent;
	/* a bound already, whether or not a run finishes */
	*complete = true;
	/*
	 * A run with target T that finishes proves every timetable costs at
	 * least min(T, its least final value); one that gives up proves
	 * nothing.  The first run aims at the incumbent (a proof if it
	 * finishes); when it gives up, lower targets prune harder and
	 * finish more often, so the target is moved between the bound
	 * proven so far (lo) and the lowest target that gave up (hi).  A
	 * run whose least final value F < T is exact (no merged state on its
	 * way) has found the least placement of the program: F is the bound
	 * and nothing above it needs a run.
	 */
	int64_t hi = incumbent, T = incumbent;
	for (int run = 0;
	     run < DP_MAX_RUNS && hi - lo > 0 && (run < 2 || (d.budget > 0 && d.succ > 0)); run++) {
		/* the first run within a budget of its own; the bisection's
		 * within a shared one */
		d.budget = run == 0   ? DP_FIRST_PER_STATE * max_states
			   : run == 1 ? DP_EXPAND_PER_STATE * max_states
				      : d.budget;
		if (run < 2)
			d.succ = d.budget * DP_SUCC_PER_STATE;
		/* merged states make a weaker bound and no placement: worth
		 * it only at the incumbent (where a finished run proves) */
		d.may_merge = run == 0;
		int rc = dp_run(&d, tab, T);
		if (rc < 0)
			break;
		if (rc == 1) {
			if (d.best_final >= T) {
				lo = T;
			} else {
				if (d.best_final > lo)
					lo = d.best_final;
				if (d.best_exact) {
					found = dp_trace(&d, slots);
					break;
				}
				hi = T;
			}
		} else {
			hi = T;
		}
		if (upr_sv_past_time_limit(s))
			break;
		if (hi - lo <= 1)
			break;	/* T = hi gave up already */
		/* halfway after a finished run, a quarter of the way after
		 * one that gave up (lower targets finish sooner) */
		T = lo + (hi - lo + (hi == T ? 3 : 1)) / (hi == T ? 4 : 2);
	}
	if (found && adopt && lo < s->best_cost)
		dp_adopt(s, slots);
done:
	dp_close(&d, tab, slots);
	return lo < incumbent ? lo : incumbent;
}

