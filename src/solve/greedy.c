/*
 * greedy.c - the start: every held State at its cheapest free slot.
 *
 * States with few possible slots go first (pins, narrow availability),
 * then the rest in review order, each to its cheapest slot given those
 * before it (balance included).  Deterministic: ties break on indices.
 */
#include "solve/internal.h"

#include <stdlib.h>

/* Places h at its cheapest free slot (balance included).  Returns false
 * when none is free. */
static bool insert_best(struct solver *s, int h)
{
	upr_sv_compute_pc(s, h);
	int best = -1;
	int64_t bc = BIG;
	int nd = (int)s->p->event.ndays;
	int64_t bal_now = upr_sv_balance_of(s->day_count, nd);
	for (int k = 0; k < s->nslots; k++) {
		if (s->occ[k] >= 0)
			continue;
		int64_t c = upr_sv_slot_cost(s, h, k);
		if (c >= BIG || c >= bc)
			continue;
		if (!upr_sv_room_free(s, k, -1))
			continue;
		s->day_count[s->slots[k].day]++;
		c += s->w[UPR_W_BALANCE] * (upr_sv_balance_of(s->day_count, nd) - bal_now);
		s->day_count[s->slots[k].day]--;
		if (c < bc) {
			bc = c;
			best = k;
		}
	}
	if (best < 0)
		return false;
	upr_sv_place(s, h, best);
	return true;
}

int upr_sv_greedy(struct solver *s)
{
	int n = s->nheld;
	int *order = upr_malloc((size_t)(n + 1) * sizeof(int));
	int *nfree = upr_malloc((size_t)(n + 1) * sizeof(int));
	if (!order || !nfree) {
		upr_free(order);
		upr_free(nfree);
		return -1;
	}
	/* States with few possible slots first (pins, narrow availability),
	 * then the rest in review order, which keeps `review-order` low from
	 * the start; ties by fewer slots, then input order */
	for (int h = 0; h < n; h++) {
		order[h] = h;
		int c = 0;
		for (int k = 0; k < s->nslots; k++)
			c += upr_sv_unary(s, h, k) < BIG;
		nfree[h] = c;
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			int a = order[j], b = order[j - 1];
			int ba = nfree[a] * 10 >= s->nslots, bb = nfree[b] * 10 >= s->nslots;
			bool less = ba != bb ? ba < bb
				  : upr_sv_state_key(s, a) != upr_sv_state_key(s, b) ? upr_sv_state_key(s, a) < upr_sv_state_key(s, b)
				  : nfree[a] != nfree[b] ? nfree[a] < nfree[b]
				  : a < b;
			if (!less)
				break;
			order[j] = b;
			order[j - 1] = a;
		}
	int ok = 1;
	for (int i = 0; i < n; i++)
		if (!insert_best(s, order[i]))
			ok = 0;
	upr_free(order);
	upr_free(nfree);
	return ok;
}
