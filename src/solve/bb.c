/*
 * bb.c - branch and bound: the exact search.
 *
 * Depth-first over the held States, the one with the fewest options
 * first, its slots cheapest first; every node bounded by bounds.c, every
 * leaf priced with joint planning of interacting sessions (coupled.c).  A
 * complete run proves the best optimal; a node budget or the clock may
 * cut it short (then stats->bb_complete is false).
 */
#include "solve/internal.h"

#include <stdlib.h>
#include <string.h>

/* Numbers the cells of struct bb: slots of one room whose starts fall in
 * one run [i * len, (i + 1) * len) of the clock share a number.  Returns
 * how many cells there are, or -1 without memory. */
struct cell_item {
	int room;
	int64_t run;
	int slot;
};

static int cmp_cell(const void *pa, const void *pb)
{
	const struct cell_item *a = pa, *b = pb;
	if (a->room != b->room)
		return a->room < b->room ? -1 : 1;
	return a->run < b->run ? -1 : a->run > b->run;
}

static int number_cells(const struct solver *s, int *cell)
{
	struct cell_item *it = upr_malloc(((size_t)s->nslots + 1) * sizeof(*it));
	if (!it)
		return -1;
	for (int k = 0; k < s->nslots; k++)
		it[k] = (struct cell_item){ s->slots[k].room,
					    upr_floor_div(s->starts[s->slots[k].si], s->len), k };
	qsort(it, (size_t)s->nslots, sizeof(*it), cmp_cell);
	int n = 0;
	for (int i = 0; i < s->nslots; i++) {
		if (i > 0 && cmp_cell(&it[i - 1], &it[i]) != 0)
			n++;
		cell[it[i].slot] = n;
	}
	upr_free(it);
	return s->nslots > 0 ? n + 1 : 0;
}

static void bb_node(struct bb *b, int depth, int64_t partial)
{
	struct solver *s = b->s;
	int n = s->nheld, nd = (int)s->p->event.ndays;
	if (s->stop || upr_sv_out_of_time(s)) {
		b->complete = false;
		return;
	}
	if (++b->nodes > b->budget) {
		b->complete = false;
		s->stop = true;
		return;
	}
	s->work++;
	s->stats->bb_nodes++;
	if (depth == n) {
		s->stats->bb_leaves++;
		int64_t c = partial + s->w[UPR_W_BALANCE] * upr_sv_balance_of(s->day_count, nd);
		if (c >= s->best_cost)
			return;
		bool exact = true;
		long before = s->stats->intra_nodes;
		int64_t extra = upr_sv_coupling_extra(s, s->best_cost - c, &exact);
		/* the joint plan is work as a repair's is (lns.c): where many
		 * sessions that share speakers are pinned together it is most
		 * of a leaf, and a budget that left it out ran for minutes */
		long units = (s->stats->intra_nodes - before) / 100;
		s->work += units;
		b->nodes += units;
		if (!exact) {
			/* the joint plan was cut short: this leaf might be
			 * better than what we can show */
			s->coupled_uncertain = true;
			if (c < s->min_uncertain)
				s->min_uncertain = c;
		}
		if (extra >= BIG)
			return;
		if (c + extra < s->best_cost)
			upr_sv_save_best(s, c + extra);
		if (s->best_cost <= s->lower_bound)
			s->stop = true;	/* nothing better exists */
		return;
	}
	/* The bounds, cheapest first (bounds.c); each prunes when it reaches
	 * the best.  The cheapest options pick the State to branch on. */
	int pick;
	int64_t lb = upr_sv_bound_cheapest(b, partial, &pick);
	if (lb >= s->best_cost)
		return;
	lb = upr_sv_bound_assignment(b, depth, partial, lb);
	if (lb >= s->best_cost)
		return;
	int64_t bal = upr_sv_bound_balance(s, n - depth);
	lb += s->w[UPR_W_BALANCE] * bal;
	if (lb >= s->best_cost)
		return;
	int64_t base_lb = lb;
	int64_t forced = upr_sv_bound_forced(b, depth, base_lb);
	if (base_lb + forced >= s->best_cost)
		return;
	lb = upr_sv_bound_order(b, depth, base_lb, forced);
	if (lb >= s->best_cost)
		return;
	lb = upr_sv_bound_days(b, depth, lb, base_lb, bal);
	if (lb >= s->best_cost)
		return;
	/* the root's bound holds for every timetable: report it */
	if (depth == 0 && lb > s->lower_bound)
		s->lower_bound = lb;

	int64_t *cc = b->cand_cost[depth];
	upr_sv_compute_pc(s, pick);
	for (int k = 0; k < s->nslots; k++)
		cc[k] = (s->occ[k] >= 0 || !upr_sv_room_free(s, k, -1)) ? BIG : upr_sv_slot_cost(s, pick, k);
	/* try the cheapest first: the good leaves come early */
	for (;;) {
		int bk = -1;
		int64_t bc = BIG;
		for (int k = 0; k < s->nslots; k++)
			if (cc[k] < bc) {
				bc = cc[k];
				bk = k;
			}
		if (bk < 0)
			break;
		cc[bk] = BIG;
		if (partial + bc >= s->best_cost)
			break;
		upr_sv_place(s, pick, bk);
		bb_node(b, depth + 1, partial + bc);
		upr_sv_unplace(s, pick);
		if (s->stop)
			break;
	}
}

int upr_sv_branch_and_bound(struct solver *s, long budget)
{
	struct bb b = { .s = s, .budget = budget, .complete = true };
	int n = s->nheld;
	if (n < 0)
		return -1;	/* never: tells the compiler sizes are small */
	b.cand_cost = upr_calloc((size_t)n + 1, sizeof(*b.cand_cost));
	if (!b.cand_cost)
		return -1;
	int rc = 0;
	size_t row = (size_t)(s->nslots > 2 * n ? s->nslots : 2 * n) + 1;
	for (int i = 0; i <= n; i++) {
		b.cand_cost[i] = upr_malloc(row * sizeof(int64_t));
		if (!b.cand_cost[i])
			rc = -1;
	}
	b.cost = upr_malloc(((size_t)n * (size_t)s->nslots + 1) * sizeof(int64_t));
	b.mn = upr_malloc(((size_t)n + 1) * sizeof(int64_t));
	b.allow = upr_malloc(((size_t)n + 1) * sizeof(uint64_t));
	size_t k1 = (size_t)s->nslots + 1;
	b.am = upr_malloc(((size_t)n * (size_t)s->nslots + 1) * sizeof(int64_t));
	b.au = upr_malloc(((size_t)n + 1) * sizeof(int64_t));
	b.av = upr_malloc(k1 * sizeof(int64_t));
	b.aminv = upr_malloc(k1 * sizeof(int64_t));
	b.arow = upr_malloc(((size_t)n + 1) * sizeof(int));
	b.ap = upr_malloc(k1 * sizeof(int));
	b.away = upr_malloc(k1 * sizeof(int));
	b.aused = upr_malloc(k1 * sizeof(bool));
	size_t t1 = (size_t)s->nstarts + 1;
	size_t nt = ((size_t)n + 1) * t1;
	b.dpc = upr_malloc(nt * sizeof(int64_t));
	b.dpf = upr_malloc(nt * sizeof(int64_t));
	b.dpb = upr_malloc(nt * sizeof(int64_t));
	b.ord = upr_malloc(((size_t)n + 1) * sizeof(int));
	b.allow_of = upr_malloc(((size_t)n + 1) * sizeof(int));
	if (!b.dpc || !b.dpf || !b.dpb || !b.ord || !b.allow_of)
		rc = -1;
	b.cell = upr_malloc(k1 * sizeof(int));
	b.cellcol = upr_malloc(k1 * sizeof(int));
	if (!b.am || !b.au || !b.av || !b.aminv || !b.arow || !b.ap ||
	    !b.away || !b.aused || !b.cell || !b.cellcol)
		rc = -1;
	else if ((b.ncells = number_cells(s, b.cell)) < 0)
		rc = -1;
	if (!b.cost || !b.mn || !b.allow)
		rc = -1;
	if (rc == 0) {
		int *saved = upr_malloc(((size_t)n + 1) * sizeof(int));
		if (!saved) {
			rc = -1;
		} else {
			memcpy(saved, s->assign, (size_t)n * sizeof(int));
			for (int h = 0; h < n; h++)
				if (s->assign[h] >= 0)
					upr_sv_unplace(s, h);
			s->exact_mode = 1;
			bool was_stopped = s->stop;
			s->stop = false;
			bb_node(&b, 0, 0);
			s->exact_mode = 0;
			s->stats->bb_complete = b.complete && !s->stop;
			if (b.complete && !s->stop) {
				if (s->best_cost < BIG)
					s->lower_bound = s->best_cost;
				if (s->coupled_uncertain && s->min_uncertain < s->best_cost)
					s->stats->bb_complete = false;
			}
			s->stop = was_stopped || (s->work >= s->work_limit);
			for (int h = 0; h < n; h++)
				if (saved[h] >= 0)
					upr_sv_place(s, h, saved[h]);
			upr_free(saved);
		}
	}
	for (int i = 0; i <= n; i++)
		upr_free(b.cand_cost[i]);
	upr_free(b.cand_cost);
	upr_free(b.cost);
	upr_free(b.mn);
	upr_free(b.allow);
	upr_free(b.am);
	upr_free(b.au);
	upr_free(b.av);
	upr_free(b.aminv);
	upr_free(b.arow);
	upr_free(b.ap);
	upr_free(b.away);
	upr_free(b.aused);
	upr_free(b.cell);
	upr_free(b.cellcol);
	upr_free(b.dpc);
	upr_free(b.dpf);
	upr_free(b.dpb);
	upr_free(b.ord);
	upr_free(b.allow_of);
	return rc;
}
