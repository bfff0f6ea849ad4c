/*
 * lns.c - large-neighbourhood search.
 *
 * Free a few related States (a clash neighbour, the same day, neighbours
 * in review order, or any), re-place them exactly among their cheapest
 * slots given the fixed rest, keep the result when it is no worse (ties
 * move along plateaus).  Stops after `patience` repairs in a row that
 * brought nothing, or when the work runs out.
 */
#include "solve/internal.h"

#include <string.h>

uint64_t upr_sv_rnd(struct solver *s)
{
	/* splitmix64: small, fast, and the same on every machine */
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define LNS_CANDS 10

#define LNS_MAXK 6

/* per repair: the repair is exact only when small.  On bench L (200
 * States, effort-bound) 500 gives a median over 10 seeds 0.5 % below
 * 2000's: more repairs of the same units beat deeper ones */
#define LNS_NODES 500

struct lns {
	struct solver *s;
	int k;
	int freed[LNS_MAXK];
	int cand[LNS_MAXK][LNS_CANDS];
	int64_t ccost[LNS_MAXK][LNS_CANDS];
	int ncand[LNS_MAXK];
	int choice[LNS_MAXK], best_choice[LNS_MAXK];
	int64_t best;		/* best cost of the freed part found */
	long nodes;
	/* pairs among the freed, as upr_sv_pair_cost prices them, looked up
	 * once per repair instead of at every node: clash weight, review
	 * order (1: i reviewed before j, -1 after, 0 no order), shared
	 * speaker */
	int64_t cw[LNS_MAXK][LNS_MAXK];
	signed char rv[LNS_MAXK][LNS_MAXK];
	bool sh[LNS_MAXK][LNS_MAXK];
	/* rest[i]: the cheapest candidates of freed i.. summed, a bound of
	 * what placing them adds (pairs and balance are never negative) */
	int64_t rest[LNS_MAXK + 1];
};

/* Fills l's pair tables for its freed States. */
static void lns_pairs(struct lns *l)
{
	const struct solver *s = l->s;
	for (int i = 0; i < l->k; i++)
		for (int j = 0; j < l->k; j++) {
			int a = l->freed[i], b = l->freed[j];
			const struct upr_state *x = &s->p->states[s->held[a]];
			const struct upr_state *y = &s->p->states[s->held[b]];
			l->rv[i][j] = !x->has_review || !y->has_review ? 0 :
				      x->review < y->review ? 1 : y->review < x->review ? -1 : 0;
			l->cw[i][j] = 0;
			for (int c = 0; c < s->nclash[a]; c++)
				if (s->clash[a][c].to == b)
					l->cw[i][j] += s->clash[a][c].w;
			l->sh[i][j] = false;
			for (int c = 0; c < s->nshare[a]; c++)
				l->sh[i][j] |= s->share[a][c] == b;
		}
}

/* upr_sv_pair_cost of freed i at slot sa and freed j at slot sb, from
 * the tables. */
static int64_t lns_pair(const struct lns *l, int i, int sa, int j, int sb)
{
	const struct solver *s = l->s;
	int64_t ta = s->starts[s->slots[sa].si], tb = s->starts[s->slots[sb].si];
	int64_t c = 0;
	if ((l->rv[i][j] > 0 && ta >= tb) || (l->rv[i][j] < 0 && tb >= ta))
		c = s->w[UPR_W_REVIEW_ORDER];
	if (ta < tb + s->len && tb < ta + s->len)
		c += l->cw[i][j];
	if (!s->exact_mode && l->sh[i][j] && upr_sv_too_close(s, ta, tb))
		return BIG;
	return c;
}

static void lns_dfs(struct lns *l, int i, int64_t acc)
{
	struct solver *s = l->s;
	if (++l->nodes > LNS_NODES)
		return;
	int nd = (int)s->p->event.ndays;
	if (i == l->k) {
		int64_t c = acc + s->w[UPR_W_BALANCE] * upr_sv_balance_of(s->day_count, nd);
		if (c < l->best) {
			l->best = c;
			memcpy(l->best_choice, l->choice, sizeof(l->choice));
		}
		return;
	}
	int h = l->freed[i];
	for (int c = 0; c < l->ncand[i]; c++) {
		int slot = l->cand[i][c];
		if (s->occ[slot] >= 0 || !upr_sv_room_free(s, slot, -1))
			continue;
		int64_t add = l->ccost[i][c];
		bool bad = false;
		for (int j = 0; j < i && !bad; j++) {
			int64_t pcst = lns_pair(l, i, slot, j, s->assign[l->freed[j]]);
			if (pcst >= BIG)
				bad = true;
			add += pcst;
		}
		if (bad || acc + add + l->rest[i + 1] >= l->best)
			continue;
		upr_sv_place(s, h, slot);
		l->choice[i] = slot;
		lns_dfs(l, i + 1, acc + add);
		upr_sv_unplace(s, h);
	}
}

/* Picks up to k States related to a random one: same day, shared
 * delegations or speakers, or neighbours in review order. */
static int pick_related(struct solver *s, int k, int *out)
{
	int n = s->nheld;
	int seed = (int)(upr_sv_rnd(s) % (uint64_t)n);
	int m = 0;
	out[m++] = seed;
	int kind = (int)(upr_sv_rnd(s) % 4);
	for (int tries = 0; m < k && tries < 8 * k; tries++) {
		int cand;
		int base = out[upr_sv_rnd(s) % (uint64_t)m];
		if (kind == 3) {
			/* a neighbour in review order: together they can trade
			 * places, which single moves cannot without passing
			 * through a worse order */
			int pos = s->rev_pos[base] + (upr_sv_rnd(s) % 2 ? 1 : -1);
			if (pos < 0 || pos >= n)
				continue;
			cand = s->rev_order[pos];
		} else if (kind == 0 && s->nclash[base]) {
			cand = s->clash[base][upr_sv_rnd(s) % (uint64_t)s->nclash[base]].to;
		} else if (kind == 1) {
			/* same day as base */
			int day = s->slots[s->assign[base]].day;
			cand = (int)(upr_sv_rnd(s) % (uint64_t)n);
			for (int t = 0; t < n && s->slots[s->assign[cand]].day != day; t++)
				cand = (cand + 1) % n;
		} else {
			cand = (int)(upr_sv_rnd(s) % (uint64_t)n);
		}
		bool dup = false;
		for (int i = 0; i < m; i++)
			dup |= out[i] == cand;
		if (!dup)
			out[m++] = cand;
	}
	return m;
}

void upr_sv_lns(struct solver *s, long patience)
{
	int n = s->nheld;
	int nd = (int)s->p->event.ndays;
	if (n < 2)
		return;
	struct lns l;
	s->cost = upr_sv_total_cost(s);
	long since = 0;
	while (!upr_sv_out_of_time(s) && since++ < patience) {
		s->stats->lns_iterations++;
		int k = 2 + (int)(upr_sv_rnd(s) % (uint64_t)(LNS_MAXK - 1));
		if (k > n)
			k = n;
		memset(&l, 0, sizeof(l));
		l.s = s;
		l.k = pick_related(s, k, l.freed);
		lns_pairs(&l);
		/* The freed part's cost now: unary and pairs with the fixed rest
		 * (s->pc, computed with all freed ones unplaced), pairs among
		 * them, and balance.  A repair must not cost more. */
		int old_slot[LNS_MAXK];
		for (int i = 0; i < l.k; i++)
			old_slot[i] = s->assign[l.freed[i]];
		int64_t old = s->w[UPR_W_BALANCE] * upr_sv_balance_of(s->day_count, nd);
		for (int i = 0; i < l.k; i++)
			upr_sv_unplace(s, l.freed[i]);
		for (int i = 0; i < l.k; i++) {
			int h = l.freed[i];
			upr_sv_compute_pc(s, h);
			old += upr_sv_slot_cost(s, h, old_slot[i]);
			for (int j = 0; j < i; j++)
				old += upr_sv_pair_cost(s, h, old_slot[i], l.freed[j], old_slot[j]);
			/* the cheapest slots given the fixed rest */
			upr_sv_cheapest_slots(s, h, l.cand[i], l.ccost[i], &l.ncand[i], LNS_CANDS);
		}
		if (old >= BIG) {
			/* the current placement breaks the search's own rules
			 * (never from its own moves): nothing to compare with */
			for (int i = 0; i < l.k; i++)
				upr_sv_place(s, l.freed[i], old_slot[i]);
			break;
		}
		l.rest[l.k] = 0;
		for (int i = l.k - 1; i >= 0; i--)
			l.rest[i] = l.ncand[i] && l.rest[i + 1] < BIG ? l.rest[i + 1] + l.ccost[i][0] : BIG;
		/* ties are accepted (plateau moves): search below old + 1 */
		int64_t old_total_part = old;
		l.best = old + 1;
		lns_dfs(&l, 0, 0);
		/* work units: an iteration is 10, its repair's nodes add */
		s->work += 10 + l.nodes / 100;
		if (l.best <= old_total_part) {
			for (int i = 0; i < l.k; i++)
				upr_sv_place(s, l.freed[i], l.best_choice[i]);
			int64_t nc = s->cost - old_total_part + l.best;
			if (nc < s->cost) {
				since = 0;
				s->stats->lns_improvements++;
				s->cost = nc;
				if (nc < s->best_cost)
					upr_sv_save_best(s, nc);
			}
		} else {
			for (int i = 0; i < l.k; i++)
				upr_sv_place(s, l.freed[i], old_slot[i]);
		}
		if (s->best_cost <= s->lower_bound)
			break;
	}
}
