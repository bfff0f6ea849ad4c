/*
 * bounds.c - lower bounds on the cost of every completion.
 *
 * One function per bound.  The root bound holds for every timetable
 * (each State's cheapest slot alone, plus water-filled `balance`).  A node
 * of the exact search (bb.c) applies, in order:
 *
 *   1. cheapest: each unplaced State's cheapest free option;
 *   2. assignment: unplaced States to distinct room-time cells, the
 *      Hungarian method, whose duals turn options into reduced costs;
 *   3. balance: the quietest days take the sessions still to place;
 *   4. forced: review-order pairs that every option within the gap pays;
 *   5. order: when the gap is below review-order's weight, the cheapest
 *      sequence of States in review order;
 *   6. days: the days States can still take within the gap, when they
 *      cannot be spread evenly.
 *
 * Each must stay a lower bound: a bound too high prunes the optimum and
 * makes a false claim of optimality (tests/unit/test_bounds.c compares
 * with the simple bound and with exhaustive search).
 */
#include "solve/internal.h"

#include <limits.h>

/* Least `balance` reachable by adding `more` sessions to days with counts
 * c[]: fill the quietest days first. */
static int64_t balance_bound(const int *c, int n, int more)
{
	if (n == 0)
		return 0;
	int mx = c[0], mn = c[0];
	long sum = 0;
	for (int i = 0; i < n; i++) {
		if (c[i] > mx)
			mx = c[i];
		if (c[i] < mn)
			mn = c[i];
		sum += c[i];
	}
	/* the lowest level L the quiet days can be raised to with `more` */
	int lo = mn, hi = mx;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		long need = 0;
		for (int i = 0; i < n; i++)
			if (c[i] < mid)
				need += mid - c[i];
		if (need <= more)
			lo = mid;
		else
			hi = mid - 1;
	}
	if (lo < mx)
		return mx - lo;
	/* all days reach mx: the rest spreads evenly */
	long left = more - ((long)mx * n - sum);
	return left % n ? 1 : 0;
}

/*
 * Least `balance` when each of m unplaced States must go to one of its
 * allowed days (allow[i], a bit mask over the nd days; nd <= 64), the days
 * holding c[] already.  For every set D of days, the busiest day holds at
 * least ceil((placed in D + States that can go only to D) / |D|) and the
 * quietest at most floor((placed in D + States that can go to D) / |D|).
 * Every set when there are few days, else runs of consecutive days (the
 * sets that speakers' availability and preferred days usually make).
 * Where days are free this equals balance_bound; it is stronger where
 * speakers or preferences tie States to days.
 */
static int64_t balance_bound_days(const int *c, int nd, const uint64_t *allow, int m)
{
	if (nd <= 0 || nd > 64)
		return 0;
	long hi_lb = 0, lo_ub = LONG_MAX;
	bool every = nd <= 6;
	uint64_t n_sets = every ? ((uint64_t)1 << nd) - 1 : (uint64_t)nd * (uint64_t)(nd + 1) / 2;
	int ri = 0, rj = -1;	/* the run [ri, rj] when not every */
	for (uint64_t k = 0; k < n_sets; k++) {
		uint64_t D;
		if (every) {
			D = k + 1;
		} else {
			if (++rj == nd) {
				ri++;
				rj = ri;
			}
			int len = rj - ri + 1;
			D = (len == 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1) << ri;
		}
		long size = 0, cnt = 0, only = 0, can = 0;
		for (int d = 0; d < nd; d++)
			if (D >> d & 1) {
				size++;
				cnt += c[d];
			}
		for (int i = 0; i < m; i++) {
			if (!(allow[i] & ~D))
				only++;
			if (allow[i] & D)
				can++;
		}
		long hi = (cnt + only + size - 1) / size;
		long lo = (cnt + can) / size;
		if (hi > hi_lb)
			hi_lb = hi;
		if (lo < lo_ub)
			lo_ub = lo;
	}
	return hi_lb > lo_ub ? hi_lb - lo_ub : 0;
}

/*
 * Min-cost assignment of m rows to distinct columns (m <= k), the
 * Hungarian method with potentials: c is m x k, row-major, HUNG_INF for a
 * forbidden pair.  Returns the optimum (>= HUNG_INF when every assignment
 * uses a forbidden pair) and the duals: u[1..m], v[1..k] with
 * u_i + v_j <= c_ij and v_j <= 0, so that any assignment costs at least the
 * optimum plus the reduced costs c_ij - u_i - v_j of its pairs.  Scratch:
 * p, way (k + 1), minv (k + 1), used (k + 1).  O(m^2 k).  -1 when the
 * time limit passed (upr_sv_past_time_limit).
 */
/* Far above any option's cost (weights are at most 10^9, a session prices
 * at most a few hundred items) and far below overflow when m of them add. */
#define HUNG_INF ((int64_t)1 << 50)

static int64_t hungarian(struct solver *s, const int64_t *c, int m, int k, int64_t *u,
			 int64_t *v, int *p, int *way, int64_t *minv, bool *used)
{
	for (int j = 0; j <= k; j++) {
		v[j] = 0;
		p[j] = 0;
	}
	for (int i = 0; i <= m; i++)
		u[i] = 0;
	for (int i = 1; i <= m; i++) {
		/* O(m k) a row: the time limit is looked at every few rows
		 * (-1: it passed, the duals are not valid) */
		if (i % 8 == 0 && upr_sv_past_time_limit(s))
			return -1;
		p[0] = i;
		int j0 = 0;
		for (int j = 0; j <= k; j++) {
			minv[j] = INT64_MAX;
			used[j] = false;
		}
		do {
			used[j0] = true;
			int i0 = p[j0], j1 = 0;
			int64_t delta = INT64_MAX;
			const int64_t *row = c + (size_t)(i0 - 1) * (size_t)k;
			for (int j = 1; j <= k; j++) {
				if (used[j])
					continue;
				int64_t cur = row[j - 1] - u[i0] - v[j];
				if (cur < minv[j]) {
					minv[j] = cur;
					way[j] = j0;
				}
				if (minv[j] < delta) {
					delta = minv[j];
					j1 = j;
				}
			}
			for (int j = 0; j <= k; j++) {
				if (used[j]) {
					u[p[j]] += delta;
					v[j] -= delta;
				} else {
					minv[j] -= delta;
				}
			}
			j0 = j1;
		} while (p[j0] != 0);
		do {
			int j1 = way[j0];
			p[j0] = p[j1];
			j0 = j1;
		} while (j0);
	}
	return -v[0];
}

/* Root lower bound: each State's cheapest slot alone, plus balance. */
int64_t upr_sv_root_bound(struct solver *s)
{
	int64_t lb = 0;
	for (int h = 0; h < s->nheld; h++) {
		int64_t mn;
		long count;
		upr_sv_unary_summary(s, h, &mn, &count);
		if (mn >= BIG)
			return BIG;
		lb += mn;
	}
	int nd = (int)s->p->event.ndays;
	int *zero = upr_calloc((size_t)nd + 1, sizeof(int));
	if (zero) {
		lb += s->w[UPR_W_BALANCE] * balance_bound(zero, nd, s->nheld);
		upr_free(zero);
	}
	return lb;
}

/* Each unplaced State takes at least its cheapest option. */
int64_t upr_sv_bound_cheapest(struct bb *b, int64_t partial, int *pick)
{
	struct solver *s = b->s;
	int n = s->nheld;
	int64_t lb = partial;
	int pick_n = INT32_MAX;
	size_t ns = (size_t)s->nslots;
	*pick = -1;
	for (int h = 0; h < n; h++) {
		if (s->assign[h] >= 0)
			continue;
		upr_sv_compute_pc(s, h);
		int64_t *row = b->cost + (size_t)h * ns;
		int cnt = 0;
		int64_t mn = BIG;
		for (int k = 0; k < s->nslots; k++) {
			row[k] = BIG;
			if (s->occ[k] >= 0 || !upr_sv_room_free(s, k, -1))
				continue;
			int64_t c = upr_sv_slot_cost(s, h, k);
			if (c >= BIG)
				continue;
			row[k] = c;
			cnt++;
			if (c < mn)
				mn = c;
		}
		if (cnt == 0)
			return BIG;	/* dead end */
		b->mn[h] = mn;
		lb += mn;
		if (lb >= s->best_cost)
			return lb;
		if (cnt < pick_n ||
		    (cnt == pick_n && upr_sv_state_key(s, h) < upr_sv_state_key(s, *pick))) {
			*pick = h;
			pick_n = cnt;
		}
	}
	return lb;
}

/* The cheapest options of several States are often one slot (the
 * one room, a popular day): the min-cost assignment of the unplaced
 * States to distinct slots bounds them together, and its duals'
 * reduced costs replace the distances to each State's cheapest
 * option below (rows become reduced costs, minima 0). */
int64_t upr_sv_bound_assignment(struct bb *b, int depth, int64_t partial, int64_t lb)
{
	struct solver *s = b->s;
	int n = s->nheld;
	size_t ns = (size_t)s->nslots;
	if (s->o->simple_bound || n - depth <= 1)
		return lb;
	int m = 0, kc = 0;
	for (int h = 0; h < n; h++)
		if (s->assign[h] < 0)
			b->arow[m++] = h;
	for (int c = 0; c < b->ncells; c++)
		b->cellcol[c] = -1;
	for (int k = 0; k < s->nslots; k++) {
		if (b->cellcol[b->cell[k]] >= 0)
			continue;
		bool any = false;
		for (int i = 0; i < m && !any; i++)
			any = b->cost[(size_t)b->arow[i] * ns + (size_t)k] < BIG;
		if (any)
			b->cellcol[b->cell[k]] = kc++;
	}
	if (kc < m)
		return BIG;
	/* a State's cost in a cell: its cheapest slot there */
	for (size_t x = 0; x < (size_t)m * (size_t)kc; x++)
		b->am[x] = HUNG_INF;
	for (int i = 0; i < m; i++) {
		const int64_t *row = b->cost + (size_t)b->arow[i] * ns;
		int64_t *arow = b->am + (size_t)i * (size_t)kc;
		for (int k = 0; k < s->nslots; k++) {
			int j = b->cellcol[b->cell[k]];
			if (j >= 0 && row[k] < arow[j])
				arow[j] = row[k];
		}
	}
	int64_t a = hungarian(s, b->am, m, kc, b->au, b->av, b->ap, b->away, b->aminv,
			      b->aused);
	/* stopped by the time limit: prune the node (the search ends, and
	 * is not complete), so that no half-made bound is used */
	if (a < 0 || a >= HUNG_INF)
		return BIG;
	if (partial + a >= s->best_cost)
		return partial + a;
	/* reduced costs of slots: at least their cells' */
	for (int i = 0; i < m; i++) {
		int64_t *row = b->cost + (size_t)b->arow[i] * ns;
		for (int k = 0; k < s->nslots; k++) {
			int j = b->cellcol[b->cell[k]];
			if (j >= 0 && row[k] < BIG)
				row[k] -= b->au[i + 1] + b->av[j + 1];
		}
		b->mn[b->arow[i]] = 0;
	}
	return partial + a;
}

/* Water-filling: the quietest days take the sessions still to place. */
int64_t upr_sv_bound_balance(const struct solver *s, int n_more)
{
	return balance_bound(s->day_count, (int)s->p->event.ndays, n_more);
}

/* Reduced-cost reasoning: a completion cheaper than the best keeps
 * every unplaced State within `gap` of its cheapest option.  Within
 * those options, a State reviewed earlier that cannot start before a
 * State reviewed later pays review-order for sure. */
int64_t upr_sv_bound_forced(struct bb *b, int depth, int64_t base)
{
	struct solver *s = b->s;
	int n = s->nheld;
	size_t ns = (size_t)s->nslots;
	int64_t wr = s->w[UPR_W_REVIEW_ORDER];
	int64_t forced = 0;
	/* each round's forced pairs shrink the gap, which may force more */
	for (int round = 0; round < 3 && wr > 0 && n - depth > 1; round++) {
		int64_t gap = s->best_cost - base - forced;
		int64_t *lo = b->cand_cost[n], *hi = b->cand_cost[n] + n;
		for (int h = 0; h < n; h++) {
			lo[h] = INT64_MAX;
			hi[h] = INT64_MIN;
			if (s->assign[h] >= 0)
				continue;
			const int64_t *row = b->cost + (size_t)h * ns;
			for (int k = 0; k < s->nslots; k++)
				if (row[k] < b->mn[h] + gap) {
					int64_t t = s->starts[s->slots[k].si];
					if (t < lo[h])
						lo[h] = t;
					if (t > hi[h])
						hi[h] = t;
				}
		}
		int64_t now_forced = 0;
		for (int a = 0; a < n; a++) {
			if (s->assign[a] >= 0 || !s->p->states[s->held[a]].has_review)
				continue;
			int64_t ra = s->p->states[s->held[a]].review;
			for (int c = 0; c < n; c++) {
				if (c == a || s->assign[c] >= 0 || !s->p->states[s->held[c]].has_review)
					continue;
				if (ra < s->p->states[s->held[c]].review && lo[a] >= hi[c])
					now_forced += wr;
			}
		}
		if (now_forced <= forced)
			break;
		forced = now_forced;
		if (base + forced >= s->best_cost)
			break;
	}
	return forced;
}

/* Order: when the gap is below review-order's weight, a completion
 * cheaper than the best has no pair of unplaced States in the wrong
 * order, so those with a review time take strictly increasing starts
 * in review order.  The cheapest such sequence of reduced costs adds
 * to the assignment's optimum (forward pass F over the starts, State
 * by State); with the backward pass B, a State may take start t only
 * when the cheapest sequence through it, F + B - its cost, stays
 * within the gap, which narrows its days for the day bound.  Equal
 * review times impose no order: then not used. */
int64_t upr_sv_bound_order(struct bb *b, int depth, int64_t base, int64_t forced)
{
	struct solver *s = b->s;
	int n = s->nheld;
	size_t ns = (size_t)s->nslots;
	int64_t wr = s->w[UPR_W_REVIEW_ORDER];
	int nord = 0;
	int64_t seq = 0;
	int ns_ = s->nstarts;
	b->nord = 0;
	if (s->o->simple_bound || wr <= 0 || forced != 0 || s->best_cost - base > wr ||
	    n - depth <= 1)
		return base + forced;
	int64_t prev_key = INT64_MIN;
	bool ok = true;
	for (int i = 0; i < n && ok; i++) {
		int h = s->rev_order[i];
		if (s->assign[h] >= 0 || !s->p->states[s->held[h]].has_review)
			continue;
		int64_t key = s->p->states[s->held[h]].review;
		ok = key != prev_key;
		prev_key = key;
		b->ord[nord] = h;
		int64_t *row_s = b->dpc + (size_t)nord * (size_t)ns_;
		for (int t = 0; t < ns_; t++)
			row_s[t] = BIG;
		const int64_t *row = b->cost + (size_t)h * ns;
		for (int k = 0; k < s->nslots; k++)
			if (row[k] < row_s[s->slots[k].si])
				row_s[s->slots[k].si] = row[k];
		nord++;
	}
	if (!ok || nord < 2)
		nord = 0;
	for (int i = 0; i < nord; i++) {
		const int64_t *c = b->dpc + (size_t)i * (size_t)ns_;
		const int64_t *fp = b->dpf + (size_t)(i - 1) * (size_t)ns_;
		int64_t *fi = b->dpf + (size_t)i * (size_t)ns_;
		int64_t before = i ? BIG : 0;
		for (int t = 0; t < ns_; t++) {
			fi[t] = before < BIG && c[t] < BIG ? before + c[t] : BIG;
			if (i && fp[t] < before)
				before = fp[t];
		}
	}
	for (int i = nord - 1; i >= 0; i--) {
		const int64_t *c = b->dpc + (size_t)i * (size_t)ns_;
		const int64_t *bn = b->dpb + (size_t)(i + 1) * (size_t)ns_;
		int64_t *bi = b->dpb + (size_t)i * (size_t)ns_;
		int64_t after = i < nord - 1 ? BIG : 0;
		for (int t = ns_ - 1; t >= 0; t--) {
			bi[t] = after < BIG && c[t] < BIG ? after + c[t] : BIG;
			if (i < nord - 1 && bn[t] < after)
				after = bn[t];
		}
	}
	if (nord) {
		seq = BIG;
		const int64_t *fl = b->dpf + (size_t)(nord - 1) * (size_t)ns_;
		for (int t = 0; t < ns_; t++)
			if (fl[t] < seq)
				seq = fl[t];
		if (seq >= BIG)
			return BIG;
	}
	b->nord = nord;
	return base + seq;
}

/* Days: a completion cheaper than the best puts each unplaced State
 * on a day of an option within the gap; when those days cannot be
 * spread evenly, balance costs more than the free spread. */
int64_t upr_sv_bound_days(struct bb *b, int depth, int64_t lb, int64_t base, int64_t bal)
{
	struct solver *s = b->s;
	int n = s->nheld, nd = (int)s->p->event.ndays;
	int64_t wb = s->w[UPR_W_BALANCE];
	size_t ns = (size_t)s->nslots;
	int ns_ = s->nstarts;
	if (s->o->simple_bound || wb <= 0 || nd > 64 || n - depth <= 0)
		return lb;
	int64_t gap = s->best_cost - lb;
	int m = 0;
	for (int h = 0; h < n; h++) {
		if (s->assign[h] >= 0)
			continue;
		const int64_t *row = b->cost + (size_t)h * ns;
		uint64_t mask = 0;
		for (int k = 0; k < s->nslots; k++)
			if (row[k] < b->mn[h] + gap)
				mask |= (uint64_t)1 << s->slots[k].day;
		b->allow[m] = mask;
		b->allow_of[h] = m++;
	}
	for (int i = 0; i < b->nord; i++) {
		const int64_t *c = b->dpc + (size_t)i * (size_t)ns_;
		const int64_t *fi = b->dpf + (size_t)i * (size_t)ns_;
		const int64_t *bi = b->dpb + (size_t)i * (size_t)ns_;
		uint64_t mask = 0;
		for (int t = 0; t < ns_; t++)
			if (fi[t] < BIG && bi[t] < BIG &&
			    base + fi[t] + bi[t] - c[t] < s->best_cost)
				mask |= (uint64_t)1 << s->start_day[t];
		/* the gap above counts the sequence's cost once for
		 * the States outside it; a State in it has its own */
		b->allow[b->allow_of[b->ord[i]]] = mask;
	}
	int64_t days = balance_bound_days(s->day_count, nd, b->allow, m);
	if (days > bal)
		lb += wb * (days - bal);
	return lb;
}
