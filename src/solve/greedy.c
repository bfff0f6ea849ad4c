/*
 * greedy.c - the start: every held State at its cheapest free slot.
 *
 * States with few possible slots go first (pins, narrow availability),
 * then the rest in review order, each to its cheapest slot given those
 * before it (balance included).  Deterministic: ties break on indices.
 *
 * It runs whatever the effort (the search needs a first timetable), so it
 * must stay cheap on any input: a State's scan goes day by day and skips
 * a day, or stops, as soon as a lower bound of its slots (the State's
 * cheapest unary price, the day's `balance` change; pair prices are never
 * negative) cannot beat the best found, which makes it about States x
 * days on inputs where the price does not vary with the start.  The slot
 * chosen is the one a plain scan of every slot would choose: the first,
 * in slot order, of the least price.  The time limit is checked after
 * every State.
 */
#include "solve/internal.h"

#include <stdlib.h>

/* The day counts' extremes, so that the `balance` change of one more
 * session on a day is O(1). */
struct days {
	int mx, mn, nmin;
};

static struct days days_of(const int *c, int n)
{
	struct days d = { 0, 0, 0 };
	if (n == 0)
		return d;
	d.mx = d.mn = c[0];
	for (int i = 1; i < n; i++) {
		if (c[i] > d.mx)
			d.mx = c[i];
		if (c[i] < d.mn)
			d.mn = c[i];
	}
	for (int i = 0; i < n; i++)
		d.nmin += c[i] == d.mn;
	return d;
}

/* upr_sv_balance_of after one more session on a day holding c, less
 * before: the maximum may rise; the minimum rises when that day alone
 * held it. */
static int64_t balance_delta(const struct days *d, int c)
{
	int mx = c + 1 > d->mx ? c + 1 : d->mx;
	int mn = c == d->mn && d->nmin == 1 ? d->mn + 1 : d->mn;
	return (int64_t)(mx - mn) - (d->mx - d->mn);
}

/* Places h at its cheapest free slot (balance included).  Returns false
 * when none is free. */
static bool insert_best(struct solver *s, int h, int64_t umin)
{
	upr_sv_compute_pc(s, h);
	int best = -1;
	int64_t bc = BIG;
	int nd = (int)s->p->event.ndays;
	struct days dd = days_of(s->day_count, nd);
	int64_t wb = s->w[UPR_W_BALANCE];
	int64_t nr = (int64_t)s->p->nrooms;
	/* `moved` and room pins depend on the room itself */
	bool by_class = !s->base_start && s->p->states[s->held[h]].room < 0;
	/* A slot's price before balance is at least umin (pair prices and
	 * `moved` are never negative); a slot counts only when that price
	 * and the price with balance are below the best (the plain scan's
	 * rule). */
	for (int si = 0; si < s->nstarts && umin < bc;) {
		int day = s->start_day[si];
		int end = s->day_end[si];
		int64_t bd = wb * balance_delta(&dd, s->day_count[day]);
		if (umin + bd >= bc) {
			si = end;
			continue;
		}
		for (; si < end; si++) {
			if (umin + s->pc[si] >= bc || umin + s->pc[si] + bd >= bc || s->forbid[si])
				continue;
			if (by_class) {
				/* the price depends on the room only through its
				 * class: the least price with a free room wins,
				 * on a tie the first room (the plain scan's
				 * choice: strictly better only) */
				int64_t cbest = BIG;
				int kbest = -1;
				for (int c = 0; c < s->nclasses; c++) {
					if (!s->nfree_cs[(size_t)c * s->nstarts + si])
						continue;
					int64_t u = upr_sv_ucost(s, h, c, si);
					if (u >= BIG)
						continue;
					int64_t pr = u + s->pc[si];
					if (pr >= bc || pr + bd >= bc || pr > cbest)
						continue;
					int k = -1;
					for (int j = 0; j < s->nclass_rooms[c] && k < 0; j++) {
						int x = s->slot_at[(size_t)s->class_rooms[c][j] * s->nstarts + si];
						if (x >= 0 && s->blocked[x] == 0)
							k = x;
					}
					if (pr < cbest || k < kbest) {
						cbest = pr;
						kbest = k;
					}
				}
				if (kbest >= 0) {
					bc = cbest + bd;
					best = kbest;
				}
				continue;
			}
			for (int64_t r = 0; r < nr; r++) {
				int k = s->slot_at[(size_t)r * s->nstarts + si];
				if (k < 0 || s->occ[k] >= 0)
					continue;
				int64_t c = upr_sv_slot_cost(s, h, k);
				if (c >= BIG || c >= bc)
					continue;
				if (!upr_sv_room_free(s, k, -1))
					continue;
				c += bd;
				if (c < bc) {
					bc = c;
					best = k;
				}
			}
		}
	}
	if (best < 0)
		return false;
	upr_sv_place(s, h, best);
	return true;
}

struct order_item {
	int h;
	int few;		/* fewer than a tenth of the slots */
	int64_t key;		/* review time */
	long nfree;
};

static int cmp_order(const void *pa, const void *pb)
{
	const struct order_item *a = pa, *b = pb;
	if (a->few != b->few)
		return a->few ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->nfree != b->nfree)
		return a->nfree < b->nfree ? -1 : 1;
	return a->h < b->h ? -1 : a->h > b->h;
}

int upr_sv_greedy(struct solver *s)
{
	int n = s->nheld;
	struct order_item *order = upr_malloc((size_t)(n + 1) * sizeof(*order));
	int64_t *umin = upr_malloc((size_t)(n + 1) * sizeof(int64_t));
	if (!order || !umin) {
		upr_free(order);
		upr_free(umin);
		return -1;
	}
	/* States with few possible slots first (pins, narrow availability),
	 * then the rest in review order, which keeps `review-order` low from
	 * the start; ties by fewer slots, then input order (a total order) */
	for (int h = 0; h < n; h++) {
		long nfree;
		upr_sv_unary_summary(s, h, &umin[h], &nfree);
		order[h] = (struct order_item){ h, nfree * 10 < s->nslots, upr_sv_state_key(s, h), nfree };
	}
	qsort(order, (size_t)n, sizeof(*order), cmp_order);
	int ok = 1;
	for (int i = 0; i < n; i++) {
		if (upr_sv_past_time_limit(s)) {
			ok = -2;
			break;
		}
		if (!insert_best(s, order[i].h, umin[order[i].h]))
			ok = 0;
	}
	upr_free(order);
	upr_free(umin);
	return ok;
}
