/*
 * intra.c - inside one session: who speaks, in which order, for how long.
 *
 * For a session at a fixed room and start, choose the waitlisted set W, the
 * total statement time T and the running order, minimising
 *
 *     waitlist * |W| + waitlist-priority * prio(W) + short * (m*max - T)
 *       + order * inversions
 *
 * under H3-H5 and H7-H9 (and H6 against statements fixed elsewhere, given as
 * blocked times).  H4 makes the lengths unique for given m and T: r = T mod m
 * statements of q+1 minutes and m - r of q = T div m.
 *
 * The search is exhaustive over (W, T, order) with bounds: W in increasing
 * cost, T from the longest down, orders by depth-first search that adds
 * inversions as it goes.  Because the usual answer is "everyone, in input
 * order, at full length", the first leaf is almost always optimal and the
 * bounds cut the rest at once.  A position (set placed, longs used) fixes
 * the clock, so a position proved dead is remembered.
 *
 * A running order fixed from outside (upr_intra_fit, for `edit`) runs the
 * same search with one candidate per position, so its lengths are those
 * plan would give that order; leniently, it ignores the speakers' times
 * and takes the longest T even below statement.min, so that a hand edit
 * that cannot hold still gets times for the checker to judge.
 *
 * It must stay cheap for a State with many speakers (1,000 at one State,
 * most of whom must wait): the optional speakers are sorted in k log k,
 * a waitlisted set is priced in O(1) from prefix sums, and a set is
 * skipped unless its waitlist price plus the least `short` price of its
 * size (every statement as long as the session allows) beats the best,
 * which try_set would refuse at once anyway: so when the first set of a
 * size plans at that least price, the sets after it cost one step each.
 * A node budget bounds the rest, and a deadline (upr_intra_best_until)
 * is checked every few thousand nodes.
 *
 * Which speakers the room takes, when a speaker is free, where the
 * statements start and how many minutes they share: model/session.h.
 */
#include "solve/solve.h"
#include "model/session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INF INT64_MAX

struct intra {
	const struct upr_problem *p;
	const struct upr_state *st;
	int state, room;
	const struct upr_blocked *blocked;
	size_t nblocked;
	int64_t base;		/* start of the first statement */
	int k;			/* speakers of the State, any number */
	const int *spk;		/* their indices, input order */
	int nhri_pos;		/* position of the NHRI in spk, -1 */
	/* the current (W, T); arrays of k entries, allocated by intra_run */
	int m;			/* scheduled */
	int *sidx;		/* positions in spk of the scheduled, input order */
	int q, r;		/* lengths q+1 (r of them) and q */
	int64_t fixed_cost;	/* W and T part */
	/* DFS: path[pos] indexes sidx, placed[c] marks sidx[c] as placed */
	int *path, *plen;
	unsigned char *placed;
	/* (set placed, longs) proved to have no completion, only for m <=
	 * DEAD_MAX_M: the set is then a bit mask of m bits */
	unsigned char *dead;
	size_t dead_size;
	long nodes, budget;
	double deadline;	/* CLOCK_MONOTONIC seconds; 0: none */
	bool cut;
	/* best */
	int64_t best;
	struct upr_intra_result *res;
	int *cur_wl;
	int ncur_wl;
	/* enumeration mode: every leaf below best goes to cb; best stays */
	bool (*cb)(void *ctx, const struct upr_intra_result *res);
	void *cbctx;
	/* a fixed running order (upr_intra_fit): the speakers in order, and
	 * fixed_c[pos], the index into sidx of the one placed at pos */
	const int *fixed;
	int nfixed;
	int *fixed_c;
	bool lenient;		/* ignore the speakers' times; any T */
};

/* The dead-position table has 2^m * (r+1) bits: kept for small sessions. */
#define DEAD_MAX_M 16

/* One more node: false when the budget or the deadline (read every 4,096
 * nodes) is spent, which cuts the search. */
static bool node(struct intra *x)
{
	if (++x->nodes > x->budget) {
		x->cut = true;
		return false;
	}
	if (x->deadline > 0 && (x->nodes & 4095) == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if ((double)ts.tv_sec + ts.tv_nsec / 1e9 > x->deadline) {
			x->nodes = x->budget + 1;	/* reported as a lost search */
			x->cut = true;
			return false;
		}
	}
	return true;
}

static bool can_speak(const struct intra *x, int speaker, int64_t s, int64_t e)
{
	if (x->lenient)
		return true;
	return upr_session_speaker_free(x->p, speaker, s, e, x->blocked, x->nblocked);
}

static void record(struct intra *x, int64_t cost)
{
	struct upr_intra_result *res = x->res;
	if (!x->cb)
		x->best = cost;
	res->cost = cost;
	res->feasible = true;
	res->nscheduled = x->m;
	for (int i = 0; i < x->m; i++) {
		res->order[i] = x->spk[x->sidx[x->path[i]]];
		res->minutes[i] = x->plen[i];
	}
	res->nwaitlisted = x->ncur_wl;
	for (int i = 0; i < x->ncur_wl; i++)
		res->waitlisted[i] = x->spk[x->cur_wl[i]];
	if (x->cb && !x->cb(x->cbctx, res))
		x->cut = true;
}

/* Returns true when some completion exists from here (whatever its cost),
 * so that dead positions can be remembered.  dmask mirrors placed[] as a
 * bit mask while the dead table is kept (m <= DEAD_MAX_M), else it is 0. */
static bool dfs(struct intra *x, uint32_t dmask, int pos, int longs, int64_t inv)
{
	const int64_t w_order = x->p->event.weights[UPR_W_ORDER];
	if (pos == x->m) {
		int64_t cost = x->fixed_cost + w_order * inv;
		if (cost < x->best)
			record(x, cost);
		return true;
	}
	if (x->cut)
		return true;	/* unknown: do not mark dead */
	if (!node(x))
		return true;
	size_t key = 0;
	if (x->dead) {
		key = (size_t)dmask * (size_t)(x->r + 1) + (size_t)longs;
		if (x->dead[key >> 3] >> (key & 7) & 1)
			return false;
	}

	bool any = false;
	int64_t t = x->base + (int64_t)pos * x->q + longs;
	bool nhri_must = pos == 0 && x->p->event.nhri_first && x->nhri_pos >= 0 && !x->fixed;
	int64_t before = 0;	/* unplaced non-NHRI speakers earlier in the input */
	for (int c = 0; c < x->m; c++) {
		if (x->placed[c])
			continue;
		int sp_pos = x->sidx[c];
		bool is_nhri = sp_pos == x->nhri_pos;
		/* inversions: remaining non-NHRI speakers earlier in the input */
		int64_t add = is_nhri ? 0 : before;
		if (!is_nhri)
			before++;
		if (nhri_must && !is_nhri)
			continue;
		if (x->fixed && c != x->fixed_c[pos])
			continue;
		if (x->fixed_cost + w_order * (inv + add) >= x->best) {
			/* cannot improve; still unknown for deadness */
			any = true;
			continue;
		}
		for (int lng = 1; lng >= 0; lng--) {
			if (lng && longs >= x->r)
				continue;
			if (!lng && (pos - longs) >= x->m - x->r)
				continue;
			int len = x->q + lng;
			if (!can_speak(x, x->spk[sp_pos], t, t + len))
				continue;
			x->path[pos] = c;
			x->plen[pos] = len;
			x->placed[c] = 1;
			bool done = dfs(x, x->dead ? dmask | (uint32_t)1 << c : 0, pos + 1,
					longs + lng, inv + add);
			x->placed[c] = 0;
			if (done)
				any = true;
		}
	}
	if (!any && x->dead && !x->cut)
		x->dead[key >> 3] |= (unsigned char)(1u << (key & 7));
	return any;
}

/* Tries one waitlisted set (wl marks positions in spk) at every T. */
static int try_set(struct intra *x, const unsigned char *wl, int64_t wl_cost)
{
	const struct upr_event *e = &x->p->event;
	const int L = upr_session_statement_minutes(x->p, x->state);
	x->m = 0;
	x->ncur_wl = 0;
	for (int i = 0; i < x->k; i++) {
		if (wl[i])
			x->cur_wl[x->ncur_wl++] = i;
		else
			x->sidx[x->m++] = i;
	}
	int m = x->m;
	for (int pos = 0; x->fixed && pos < m; pos++)
		for (int c = 0; c < m; c++)
			if (x->spk[x->sidx[c]] == x->fixed[pos])
				x->fixed_c[pos] = c;
	if (m == 0) {
		x->fixed_cost = wl_cost;
		x->q = x->r = 0;
		if (wl_cost < x->best)
			record(x, wl_cost);
		return 0;
	}
	int tmax = m * e->statement_max < L ? m * e->statement_max : L;
	int tmin = x->lenient ? tmax : m * e->statement_min;
	for (int T = tmax; T >= tmin && T > 0; T--) {
		int64_t shortc = e->weights[UPR_W_SHORT] * (int64_t)(m * e->statement_max - T);
		if (wl_cost + shortc >= x->best)
			break;
		x->q = T / m;
		x->r = T % m;
		x->fixed_cost = wl_cost + shortc;
		upr_free(x->dead);
		x->dead = NULL;
		if (m <= DEAD_MAX_M) {
			x->dead_size = (((size_t)1 << m) * (size_t)(x->r + 1) + 7) / 8;
			x->dead = upr_calloc(x->dead_size, 1);
			if (!x->dead)
				return -1;
		}
		dfs(x, 0, 0, 0, 0);
		if (x->cut)
			break;
	}
	return 0;
}

/* Who waits first among the optional speakers (model/session.h). */
static int cmp_drop(const void *pa, const void *pb, const struct intra *x)
{
	return upr_session_wait_order(x->p, x->spk[*(const int *)pa], x->spk[*(const int *)pb]);
}

/* Waitlist cost of opt[j] (position j of the sorted optional ones). */
static int64_t opt_cost(const struct intra *x, const int *opt, int j)
{
	const struct upr_event *e = &x->p->event;
	return e->weights[UPR_W_WAITLIST] +
	       e->weights[UPR_W_WAITLIST_PRIORITY] * x->p->speakers[x->spk[opt[j]]].priority;
}

/* The combinations of `extra` among the nopt sorted optional speakers,
 * priced in O(1): sum[j] is the cost of opt[0..j), pre[i] that of
 * opt[comb[0]], ..., opt[comb[i-1]]. */
struct combs {
	const int *opt;
	int *comb;
	int extra, nopt;
	const int64_t *sum;
	int64_t *pre;
};

/* The cost of comb[0..i) as it stands and comb[i..extra) consecutive
 * from comb[i], on top of base. */
static int64_t comb_cost(const struct combs *c, int i, int64_t base)
{
	return base + c->pre[i] + c->sum[c->comb[i] + c->extra - i] - c->sum[c->comb[i]];
}

/* comb[i+1..extra) consecutive after comb[i], and their pre[]. */
static void comb_fill(const struct intra *x, struct combs *c, int i)
{
	for (int j = i + 1; j < c->extra; j++)
		c->comb[j] = c->comb[j - 1] + 1;
	for (int j = i; j < c->extra; j++)
		c->pre[j + 1] = c->pre[j] + opt_cost(x, c->opt, c->comb[j]);
}

/*
 * Advances comb[0..extra) to the next combination of 0..nopt-1 in
 * lexicographic order whose waitlist cost is below limit (*cost gets
 * it).  opt[] is sorted by priority, so raising comb[i] (and the ones
 * after it, which restart right after it) never lowers the cost: once
 * that costs too much, only an earlier position can still move.  The
 * order of the combinations that remain is the order of cmp_drop, and the
 * first one of a cost wins ties (record keeps strictly cheaper ones),
 * which is what makes the latest applicants wait.  false when none is
 * left.
 */
static bool next_comb(const struct intra *x, struct combs *c, int64_t base, int64_t limit,
		      int64_t *cost)
{
	int i = c->extra - 1;
	for (;;) {
		while (i >= 0 && c->comb[i] == c->nopt - c->extra + i)
			i--;
		if (i < 0)
			return false;
		c->comb[i]++;
		int64_t k = comb_cost(c, i, base);
		if (k < limit) {
			comb_fill(x, c, i);
			*cost = k;
			return true;
		}
		i--;
	}
}

/* The fixed running order x->fixed, everyone else of the State
 * waitlisted: the one set tried. */
static int run_fixed(struct intra *x, unsigned char *wl)
{
	const struct upr_event *e = &x->p->event;
	int64_t cost = 0;
	for (int i = 0; i < x->k; i++) {
		wl[i] = 1;
		for (int j = 0; j < x->nfixed; j++)
			if (x->fixed[j] == x->spk[i])
				wl[i] = 0;
		if (wl[i])
			cost += e->weights[UPR_W_WAITLIST] + e->weights[UPR_W_WAITLIST_PRIORITY] *
				x->p->speakers[x->spk[i]].priority;
	}
	return try_set(x, wl, cost);
}

/* Sorts opt[0..n) by cmp_drop, tmp[n] scratch: a merge sort, k log k for
 * a State with many speakers (cmp_drop is a total order). */
static void sort_drop(const struct intra *x, int *opt, int *tmp, int n)
{
	if (n < 2)
		return;
	int h = n / 2;
	sort_drop(x, opt, tmp, h);
	sort_drop(x, opt + h, tmp, n - h);
	int i = 0, j = h, o = 0;
	while (i < h && j < n)
		tmp[o++] = cmp_drop(&opt[j], &opt[i], x) < 0 ? opt[j++] : opt[i++];
	while (i < h)
		tmp[o++] = opt[i++];
	while (j < n)
		tmp[o++] = opt[j++];
	memcpy(opt, tmp, (size_t)n * sizeof(*opt));
}

static int intra_run(const struct upr_problem *p, int state, int room, int64_t start,
		     const struct upr_blocked *blocked, size_t nblocked, int64_t bound,
		     long node_budget, double deadline, struct upr_intra_result *res, long *nodes,
		     bool (*cb)(void *, const struct upr_intra_result *), void *cbctx,
		     const int *fixed, int nfixed, bool lenient)
{
	const struct upr_event *e = &p->event;
	const struct upr_state *st = &p->states[state];
	struct intra x;
	memset(&x, 0, sizeof(x));
	x.p = p;
	x.st = st;
	x.state = state;
	x.room = room;
	x.blocked = blocked;
	x.nblocked = nblocked;
	x.base = upr_session_stmts_start(p, state, start);
	x.k = (int)st->nspeakers;
	x.spk = st->speakers;
	x.nhri_pos = -1;
	x.budget = node_budget > 0 ? node_budget : 1000000;
	x.deadline = deadline;
	x.best = bound;
	x.res = res;
	x.cb = cb;
	x.cbctx = cbctx;
	x.fixed = fixed;
	x.nfixed = nfixed;
	x.lenient = lenient;
	res->feasible = false;
	res->exact = true;
	res->cost = INF;
	res->nscheduled = res->nwaitlisted = 0;

	/* every array has one entry per speaker of the State, whatever their
	 * number: the session's minutes, not a word size, bound who is seated */
	size_t k1 = (size_t)x.k + 1;
	int *ints = upr_malloc(8 * k1 * sizeof(int));
	unsigned char *bytes = upr_calloc(2 * k1, 1);
	int64_t *sums = upr_malloc(2 * (k1 + 1) * sizeof(int64_t));
	if (!ints || !bytes || !sums) {
		upr_free(ints);
		upr_free(bytes);
		upr_free(sums);
		return -1;
	}
	x.sidx = ints;
	x.path = ints + k1;
	x.plen = ints + 2 * k1;
	x.cur_wl = ints + 3 * k1;
	int *opt = ints + 4 * k1, *comb = ints + 5 * k1, *tmp = ints + 6 * k1;
	x.fixed_c = ints + 7 * k1;
	unsigned char *wl = bytes;
	x.placed = bytes + k1;
	int rc = 0;

	for (int i = 0; i < x.k; i++)
		if (st->speakers[i] == st->nhri)
			x.nhri_pos = i;
	if (fixed) {
		rc = run_fixed(&x, wl);
		goto done;
	}

	/* Forced onto the waitlist: speakers the room cannot take. */
	int nforced = 0, nopt = 0;
	int64_t forced_cost = 0;
	const int L = upr_session_statement_minutes(p, state);
	for (int i = 0; i < x.k; i++) {
		/* the room must take the speaker, and the speaker must have
		 * time for a shortest statement somewhere in the session */
		if (!upr_session_room_takes(p, room, st->speakers[i]) ||
		    !upr_session_speaker_fits(p, state, st->speakers[i], start, blocked,
					      nblocked)) {
			if (!e->waitlist || i == x.nhri_pos)
				goto done;	/* infeasible here */
			wl[i] = 1;
			nforced++;
			forced_cost += e->weights[UPR_W_WAITLIST] +
				       e->weights[UPR_W_WAITLIST_PRIORITY] *
				       p->speakers[st->speakers[i]].priority;
		} else if (i != x.nhri_pos) {
			opt[nopt++] = i;
		}
	}
	/* Sort the optional ones so that combinations come out cheapest first. */
	sort_drop(&x, opt, tmp, nopt);
	struct combs cs = { opt, comb, 0, nopt, sums, sums + k1 + 1 };
	sums[0] = 0;
	for (int j = 0; j < nopt; j++)
		sums[j + 1] = sums[j] + opt_cost(&x, opt, j);
	cs.pre[0] = 0;

	int extra_max = e->waitlist ? nopt : 0;
	for (int extra = 0; extra <= extra_max && !x.cut; extra++) {
		int64_t lower = forced_cost + e->weights[UPR_W_WAITLIST] * (int64_t)extra;
		if (lower >= x.best)
			break;
		int m = x.k - nforced - extra;
		if ((long)m * e->statement_min > L && m > 0)
			continue;	/* too many still: waitlist more */
		/* the least `short` price of m statements: each as long as
		 * statement.max allows, the session's minutes shared */
		int64_t tmax = (int64_t)m * e->statement_max < L ? (int64_t)m * e->statement_max : L;
		int64_t least = e->weights[UPR_W_SHORT] * ((int64_t)m * e->statement_max - tmax);
		/* combinations of `extra` among opt[], lexicographic, cheapest
		 * first within each run (next_comb) */
		cs.extra = extra;
		comb[0] = 0;
		if (extra > 0)
			comb_fill(&x, &cs, 0);
		int64_t cost = forced_cost + sums[extra];
		for (;;) {
			/* try_set refuses at once a set that cannot beat the
			 * best even at its least `short` price */
			if (cost < x.best - least) {
				for (int i = 0; i < extra; i++)
					wl[opt[comb[i]]] = 1;
				if (try_set(&x, wl, cost) < 0)
					rc = -1;
				for (int i = 0; i < extra; i++)
					wl[opt[comb[i]]] = 0;
			}
			if (rc < 0 || x.cut)
				break;
			if (!node(&x))
				break;
			if (!next_comb(&x, &cs, forced_cost, x.best - least, &cost))
				break;
		}
		if (rc < 0)
			break;
	}
done:
	upr_free(x.dead);
	upr_free(ints);
	upr_free(bytes);
	upr_free(sums);
	/* In enumeration mode a stop asked for by cb is not a lost search. */
	if (x.cut && x.nodes > x.budget)
		res->exact = false;
	if (nodes)
		*nodes += x.nodes;
	return rc;
}

int upr_intra_best(const struct upr_problem *p, int state, int room, int64_t start,
		   const struct upr_blocked *blocked, size_t nblocked,
		   long node_budget, struct upr_intra_result *res, long *nodes)
{
	return intra_run(p, state, room, start, blocked, nblocked, INF, node_budget, 0, res,
			 nodes, NULL, NULL, NULL, 0, false);
}

int upr_intra_best_until(const struct upr_problem *p, int state, int room, int64_t start,
			 long node_budget, double deadline, struct upr_intra_result *res,
			 long *nodes)
{
	return intra_run(p, state, room, start, NULL, 0, INF, node_budget, deadline, res, nodes,
			 NULL, NULL, NULL, 0, false);
}

int upr_intra_enum(const struct upr_problem *p, int state, int room, int64_t start,
		   const struct upr_blocked *blocked, size_t nblocked, int64_t bound,
		   long node_budget, struct upr_intra_result *res, long *nodes,
		   bool (*cb)(void *ctx, const struct upr_intra_result *res), void *ctx)
{
	return intra_run(p, state, room, start, blocked, nblocked, bound, node_budget, 0, res,
			 nodes, cb, ctx, NULL, 0, false);
}

int upr_intra_fit(const struct upr_problem *p, int state, int room, int64_t start,
		  const struct upr_blocked *blocked, size_t nblocked, const int *order, int m,
		  bool lenient, struct upr_intra_result *res)
{
	return intra_run(p, state, room, start, blocked, nblocked, INF, 0, 0, res, NULL, NULL,
			 NULL, order, m, lenient);
}
