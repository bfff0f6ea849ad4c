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
 * Which speakers the room takes, when a speaker is free, where the
 * statements start and how many minutes they share: model/session.h.
 */
#include "solve/solve.h"
#include "model/session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	if (++x->nodes > x->budget) {
		x->cut = true;
		return true;
	}
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

/* Waitlist cost of the combination comb[0..extra) of opt[], on top of base. */
static int64_t set_cost(const struct intra *x, const int *opt, const int *comb, int extra,
			int64_t base)
{
	const struct upr_event *e = &x->p->event;
	int64_t cost = base;
	for (int i = 0; i < extra; i++)
		cost += e->weights[UPR_W_WAITLIST] + e->weights[UPR_W_WAITLIST_PRIORITY] *
			x->p->speakers[x->spk[opt[comb[i]]]].priority;
	return cost;
}

/*
 * Advances comb[0..extra) to the next combination of 0..nopt-1 in
 * lexicographic order whose waitlist cost is below x->best.  opt[] is
 * sorted by priority, so raising comb[i] (and the ones after it, which
 * restart right after it) never lowers the cost: once that costs too
 * much, only an earlier position can still move.  The order of the
 * combinations that remain is the order of cmp_drop, and the first one
 * of a cost wins ties (record keeps strictly cheaper ones), which is what
 * makes the latest applicants wait.  false when none is left.
 */
static bool next_comb(const struct intra *x, const int *opt, int *comb, int extra, int nopt,
		      int64_t base)
{
	int i = extra - 1;
	for (;;) {
		while (i >= 0 && comb[i] == nopt - extra + i)
			i--;
		if (i < 0)
			return false;
		comb[i]++;
		for (int j = i + 1; j < extra; j++)
			comb[j] = comb[j - 1] + 1;
		if (set_cost(x, opt, comb, extra, base) < x->best)
			return true;
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

static int intra_run(const struct upr_problem *p, int state, int room, int64_t start,
		     const struct upr_blocked *blocked, size_t nblocked, int64_t bound,
		     long node_budget, struct upr_intra_result *res, long *nodes,
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
	int *ints = upr_malloc(7 * k1 * sizeof(int));
	unsigned char *bytes = upr_calloc(2 * k1, 1);
	if (!ints || !bytes) {
		upr_free(ints);
		upr_free(bytes);
		return -1;
	}
	x.sidx = ints;
	x.path = ints + k1;
	x.plen = ints + 2 * k1;
	x.cur_wl = ints + 3 * k1;
	int *opt = ints + 4 * k1, *comb = ints + 5 * k1;
	x.fixed_c = ints + 6 * k1;
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
	for (int i = 1; i < nopt; i++)
		for (int j = i; j > 0 && cmp_drop(&opt[j], &opt[j - 1], &x) < 0; j--) {
			int t = opt[j];
			opt[j] = opt[j - 1];
			opt[j - 1] = t;
		}

	int extra_max = e->waitlist ? nopt : 0;
	for (int extra = 0; extra <= extra_max && !x.cut; extra++) {
		int64_t lower = forced_cost + e->weights[UPR_W_WAITLIST] * (int64_t)extra;
		if (lower >= x.best)
			break;
		int m = x.k - nforced - extra;
		if ((long)m * e->statement_min > L && m > 0)
			continue;	/* too many still: waitlist more */
		/* combinations of `extra` among opt[], lexicographic, cheapest
		 * first within each run (next_comb) */
		for (int i = 0; i < extra; i++)
			comb[i] = i;
		for (;;) {
			int64_t cost = set_cost(&x, opt, comb, extra, forced_cost);
			for (int i = 0; i < extra; i++)
				wl[opt[comb[i]]] = 1;
			if (cost < x.best && try_set(&x, wl, cost) < 0)
				rc = -1;
			for (int i = 0; i < extra; i++)
				wl[opt[comb[i]]] = 0;
			if (rc < 0 || x.cut)
				break;
			if (++x.nodes > x.budget) {
				x.cut = true;
				break;
			}
			if (!next_comb(&x, opt, comb, extra, nopt, forced_cost))
				break;
		}
		if (rc < 0)
			break;
	}
done:
	upr_free(x.dead);
	upr_free(ints);
	upr_free(bytes);
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
	return intra_run(p, state, room, start, blocked, nblocked, INF, node_budget,
			 res, nodes, NULL, NULL, NULL, 0, false);
}

int upr_intra_enum(const struct upr_problem *p, int state, int room, int64_t start,
		   const struct upr_blocked *blocked, size_t nblocked, int64_t bound,
		   long node_budget, struct upr_intra_result *res, long *nodes,
		   bool (*cb)(void *ctx, const struct upr_intra_result *res), void *ctx)
{
	return intra_run(p, state, room, start, blocked, nblocked, bound, node_budget,
			 res, nodes, cb, ctx, NULL, 0, false);
}

int upr_intra_fit(const struct upr_problem *p, int state, int room, int64_t start,
		  const struct upr_blocked *blocked, size_t nblocked, const int *order, int m,
		  bool lenient, struct upr_intra_result *res)
{
	return intra_run(p, state, room, start, blocked, nblocked, INF, 0, res, NULL, NULL,
			 NULL, order, m, lenient);
}
