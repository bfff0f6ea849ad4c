/*
 * greedy.c - the start: every held State at its cheapest free slot.
 *
 * States with few possible slots go first (pins, narrow availability),
 * then the rest in review order, each to its cheapest slot given those
 * before it (balance included).  Deterministic: ties break on indices.
 *
 * It runs whatever the effort (the search needs a first timetable), so it
 * must stay cheap on any input.  The slot chosen is the one a plain scan
 * of every slot in slot order would choose (`scan_start` is that scan's
 * rule for one start), but a State's price is not written for every
 * start: `struct lazy` keeps, as sessions are placed, a Fenwick tree of
 * the placed reviewed States over the starts and a tree over the starts
 * of the free rooms and the least day count, so that the review-order
 * price is read at the starts visited, and a run of starts gets a lower
 * bound (the State's cheapest unary price, the review-order price it
 * surely pays there, the least `balance` change; clash is never
 * negative).  Runs are visited cheapest bound first, so a State's work
 * is about the starts whose bound is below its price, times their
 * logarithm, not States x starts.  The time limit is checked after every
 * State.
 */
#include "solve/internal.h"

#include <limits.h>
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
 * held it.  Never decreasing in c, so the least count of a run of days
 * bounds the change of each. */
static int64_t balance_delta(const struct days *d, int c)
{
	int mx = c + 1 > d->mx ? c + 1 : d->mx;
	int mn = c == d->mn && d->nmin == 1 ? d->mn + 1 : d->mn;
	return (int64_t)(mx - mn) - (d->mx - d->mn);
}

/*
 * The plain scan's rule at one start si, given the best so far (*bc,
 * *best): a slot is taken when its price before balance (unary, pc) and
 * its price with balance (bd) are both below the best, the first room
 * on a tie.  With bd >= 0 that is "the price with balance is below the
 * best", so from *bc = BIG it gives the start's least price and its
 * first slot.
 */
static void scan_start(struct solver *s, int h, int si, int64_t umin, int64_t pc, int64_t bd,
		       int64_t *bc, int *best)
{
	if (umin + pc >= *bc || umin + pc + bd >= *bc)
		return;
	/* `moved` and room pins depend on the room itself */
	bool by_class = !s->base_start && s->p->states[s->held[h]].room < 0;
	if (by_class) {
		/* the price depends on the room only through its class: the
		 * least price with a free room wins, on a tie the first room
		 * (the plain scan's choice: strictly better only) */
		int64_t cbest = BIG;
		int kbest = -1;
		for (int c = 0; c < s->nclasses; c++) {
			if (!s->nfree_cs[(size_t)c * s->nstarts + si])
				continue;
			int64_t u = upr_sv_ucost(s, h, c, si);
			if (u >= BIG)
				continue;
			int64_t pr = u + pc;
			if (pr >= *bc || pr + bd >= *bc || pr > cbest)
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
			*bc = cbest + bd;
			*best = kbest;
		}
		return;
	}
	for (int64_t r = 0; r < (int64_t)s->p->nrooms; r++) {
		int k = s->slot_at[(size_t)r * s->nstarts + si];
		if (k < 0 || s->occ[k] >= 0)
			continue;
		int64_t u = upr_sv_unary(s, h, k);
		if (u >= BIG)
			continue;
		int64_t c = u + pc;
		if (c >= *bc)
			continue;
		if (!upr_sv_room_free(s, k, -1))
			continue;
		c += bd;
		if (c < *bc) {
			*bc = c;
			*best = k;
		}
	}
}

/* ---- the placement as the scan reads it ---- */

/* A price that changes at pos by v (sorted by pos, then summed). */
struct step {
	int pos;
	int64_t v;
};

/* A run of starts [a, b] (tree node x), or with x 0 one start's best
 * slot; key: its bound, or its price. */
struct item {
	int64_t key;
	int a, b, x, slot;
};

struct lazy {
	struct solver *s;
	int ns, size;		/* starts; leaves of the trees (a power of two) */
	int64_t *fw;		/* Fenwick tree over starts: placed reviewed States */
	long nrev;		/* their number */
	int *cmin;		/* [2 size]: least day count of a node's starts */
	long *nfree;		/* [2 size]: free rooms at a node's starts */
	int *hist;		/* day count -> days holding it */
	int mx, mn;
	int *day_first, *day_last;	/* day -> its run of starts, -1 none */
	/* the State being placed */
	int64_t wr;		/* review-order weight; 0 without a review time */
	int *eall, neall;	/* starts of the placed reviewed no earlier than it */
	int *elate, nelate;	/* of those reviewed later */
	struct step *clash, *fb;	/* clash price, forbidding neighbours */
	int nclash, nfb;
	struct item *heap;
	int nheap, capheap;
};

static void lazy_release(struct lazy *L)
{
	upr_free(L->fw);
	upr_free(L->cmin);
	upr_free(L->nfree);
	upr_free(L->hist);
	upr_free(L->day_first);
	upr_free(L->day_last);
	upr_free(L->eall);
	upr_free(L->elate);
	upr_free(L->clash);
	upr_free(L->fb);
	upr_free(L->heap);
}

static void leaf_set(struct lazy *L, int i)
{
	const struct solver *s = L->s;
	int x = L->size + i;
	L->cmin[x] = s->day_count[s->start_day[i]];
	long f = 0;
	for (int c = 0; c < s->nclasses; c++)
		f += s->nfree_cs[(size_t)c * L->ns + i];
	L->nfree[x] = f;
	for (x /= 2; x >= 1; x /= 2) {
		int l = L->cmin[2 * x], r = L->cmin[2 * x + 1];
		L->cmin[x] = l < r ? l : r;
		L->nfree[x] = L->nfree[2 * x] + L->nfree[2 * x + 1];
	}
}

/* From the current placement; 0, or -1 out of memory. */
static int lazy_init(struct lazy *L, struct solver *s)
{
	int ns = s->nstarts, nd = (int)s->p->event.ndays, n = s->nheld;
	L->s = s;
	L->ns = ns;
	L->size = 1;
	while (L->size < ns)
		L->size *= 2;
	int mc = 1, mf = 1;
	for (int h = 0; h < n; h++) {
		if (s->nclash[h] > mc)
			mc = s->nclash[h];
		if (s->nshare[h] > mf)
			mf = s->nshare[h];
	}
	L->fw = upr_calloc((size_t)ns + 1, sizeof(int64_t));
	L->cmin = upr_malloc(2 * (size_t)L->size * sizeof(int));
	L->nfree = upr_calloc(2 * (size_t)L->size, sizeof(long));
	L->hist = upr_calloc((size_t)n + 2, sizeof(int));
	L->day_first = upr_malloc(((size_t)nd + 1) * sizeof(int));
	L->day_last = upr_malloc(((size_t)nd + 1) * sizeof(int));
	L->eall = upr_malloc(((size_t)n + 1) * sizeof(int));
	L->elate = upr_malloc(((size_t)n + 1) * sizeof(int));
	L->clash = upr_malloc((2 * (size_t)mc + 1) * sizeof(struct step));
	L->fb = upr_malloc((2 * (size_t)mf + 1) * sizeof(struct step));
	L->capheap = 64;
	L->heap = upr_malloc((size_t)L->capheap * sizeof(struct item));
	if (!L->fw || !L->cmin || !L->nfree || !L->hist || !L->day_first || !L->day_last ||
	    !L->eall || !L->elate || !L->clash || !L->fb || !L->heap)
		return -1;
	/* the Fenwick tree of rev_hist, built in linear time */
	for (int i = 0; i < ns; i++) {
		L->fw[i + 1] += s->rev_hist[i];
		L->nrev += s->rev_hist[i];
		int j = i + 1 + ((i + 1) & -(i + 1));
		if (j <= ns)
			L->fw[j] += L->fw[i + 1];
	}
	struct days dd = days_of(s->day_count, nd);
	L->mx = dd.mx;
	L->mn = dd.mn;
	for (int d = 0; d < nd; d++) {
		L->hist[s->day_count[d]]++;
		L->day_first[d] = L->day_last[d] = -1;
	}
	for (int i = 0; i < ns; i++) {
		int d = s->start_day[i];
		if (L->day_first[d] < 0)
			L->day_first[d] = i;
		L->day_last[d] = i;
	}
	for (int x = 1; x < 2 * L->size; x++)
		L->cmin[x] = INT_MAX;
	for (int i = 0; i < ns; i++)
		leaf_set(L, i);
	return 0;
}

/* After upr_sv_place(s, h, slot): the trees, the counts. */
static void lazy_placed(struct lazy *L, int h, int slot)
{
	struct solver *s = L->s;
	int si = s->slots[slot].si, d = s->slots[slot].day;
	int c = s->day_count[d] - 1;	/* before */
	L->hist[c]--;
	L->hist[c + 1]++;
	if (c + 1 > L->mx)
		L->mx = c + 1;
	if (c == L->mn && L->hist[c] == 0)
		L->mn = c + 1;
	if (s->p->states[s->held[h]].has_review) {
		L->nrev++;
		for (int x = si + 1; x <= L->ns; x += x & -x)
			L->fw[x]++;
	}
	for (int i = s->conf_lo[si]; i <= s->conf_hi[si]; i++)
		leaf_set(L, i);
	for (int i = L->day_first[d]; i >= 0 && i <= L->day_last[d]; i++)
		leaf_set(L, i);
}

static int cmp_int(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	return a < b ? -1 : a > b;
}

static int cmp_step(const void *pa, const void *pb)
{
	const struct step *a = pa, *b = pb;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Sorts steps and turns them into running sums. */
static void steps_sum(struct step *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_step);
	for (int i = 1; i < n; i++)
		v[i].v += v[i - 1].v;
}

/* The summed steps at pos: the last at or before it. */
static int64_t steps_at(const struct step *v, int n, int pos)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (v[mid].pos <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? v[lo - 1].v : 0;
}

/* How many of the sorted v[0..n) are below x. */
static int count_below(const int *v, int n, int x)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * What h pays against the placed States, as upr_sv_compute_pc would
 * write it: the placed reviewed no earlier than h (few in the greedy
 * start, which goes in review order; the rest were reviewed earlier and
 * are read from the Fenwick tree), the clash and forbidding ranges of
 * its placed neighbours.
 */
static void lazy_state(struct lazy *L, int h)
{
	struct solver *s = L->s;
	const struct upr_state *st = &s->p->states[s->held[h]];
	L->wr = st->has_review ? s->w[UPR_W_REVIEW_ORDER] : 0;
	L->neall = L->nelate = L->nclash = L->nfb = 0;
	if (L->wr) {
		for (int pos = upr_sv_rev_first(s, h), j; (j = upr_sv_rev_next_placed(s, &pos)) >= 0;) {
			int si = s->slots[s->assign[j]].si;
			L->eall[L->neall++] = si;
			if (s->p->states[s->held[j]].review != st->review)
				L->elate[L->nelate++] = si;
		}
		qsort(L->eall, (size_t)L->neall, sizeof(int), cmp_int);
		qsort(L->elate, (size_t)L->nelate, sizeof(int), cmp_int);
	}
	for (int i = 0; i < s->nclash[h]; i++) {
		int j = s->clash[h][i].to;
		if (s->assign[j] < 0)
			continue;
		int64_t t = s->starts[s->slots[s->assign[j]].si];
		int64_t w = s->clash[h][i].w;
		L->clash[L->nclash++] = (struct step){ upr_sv_find_start(s, t - s->len + 1), w };
		L->clash[L->nclash++] = (struct step){ upr_sv_find_start(s, t + s->len), -w };
	}
	steps_sum(L->clash, L->nclash);
	if (!s->exact_mode) {
		for (int i = 0; i < s->nshare[h]; i++) {
			int lo, hi;
			if (!upr_sv_apart_range(s, s->share[h][i], &lo, &hi))
				continue;
			L->fb[L->nfb++] = (struct step){ lo, 1 };
			L->fb[L->nfb++] = (struct step){ hi, -1 };
		}
		steps_sum(L->fb, L->nfb);
	}
}

/* Placed States reviewed earlier than h starting at or after i. */
static int64_t earlier_from(const struct lazy *L, int i)
{
	int64_t before = 0;	/* placed reviewed starting before i */
	for (int x = i; x > 0; x -= x & -x)
		before += L->fw[x];
	return (L->nrev - before) - (L->neall - count_below(L->eall, L->neall, i));
}

/* Placed States reviewed later than h starting at or before i. */
static int64_t later_to(const struct lazy *L, int i)
{
	return count_below(L->elate, L->nelate, i + 1);
}

/* h's pair price at start i: upr_sv_compute_pc's s->pc[i]. */
static int64_t price_at(const struct lazy *L, int i)
{
	int64_t p = steps_at(L->clash, L->nclash, i);
	if (L->wr)
		p += L->wr * (earlier_from(L, i) + later_to(L, i));
	return p;
}

static int item_less(const struct item *a, const struct item *b)
{
	return a->key != b->key ? a->key < b->key : a->a < b->a;
}

static bool heap_push(struct lazy *L, struct item it)
{
	if (L->nheap == L->capheap) {
		struct item *v = upr_realloc(L->heap, (size_t)L->capheap * 2 * sizeof(*v));
		if (!v)
			return false;
		L->heap = v;
		L->capheap *= 2;
	}
	int i = L->nheap++;
	while (i > 0 && item_less(&it, &L->heap[(i - 1) / 2])) {
		L->heap[i] = L->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	L->heap[i] = it;
	return true;
}

static struct item heap_pop(struct lazy *L)
{
	struct item top = L->heap[0], last = L->heap[--L->nheap];
	int i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= L->nheap)
			break;
		if (c + 1 < L->nheap && item_less(&L->heap[c + 1], &L->heap[c]))
			c++;
		if (!item_less(&L->heap[c], &last))
			break;
		L->heap[i] = L->heap[c];
		i = c;
	}
	L->heap[i] = last;
	return top;
}

/* One search of the cheapest slot among starts [lo, hi). */
struct query {
	int h, lo, hi;
	int64_t umin, lim;	/* prices at or above lim do not count */
	struct days dd;
};

/* Pushes node x (starts [a, b]) where it meets q's starts, cut to them,
 * when it has a free room and its bound is below the limit. */
static bool push_node(struct lazy *L, const struct query *q, int x, int a, int b)
{
	if (b < q->lo || a >= q->hi || !L->nfree[x])
		return true;
	if (a < q->lo || b >= q->hi) {
		int m = (a + b) / 2;
		return push_node(L, q, 2 * x, a, m) && push_node(L, q, 2 * x + 1, m + 1, b);
	}
	int64_t lb = q->umin + L->s->w[UPR_W_BALANCE] * balance_delta(&q->dd, L->cmin[x]);
	if (L->wr)
		lb += L->wr * (earlier_from(L, b) + later_to(L, a));
	if (lb >= q->lim)
		return true;
	return heap_push(L, (struct item){ lb, a, b, x, -1 });
}

/*
 * The first slot in slot order of the least price (balance included)
 * among starts [q->lo, q->hi) below q->lim, on days whose balance change
 * is not negative (there that is the plain scan's choice): runs of
 * starts cheapest bound first, split until one start is priced.  false
 * out of memory.
 */
static bool cheapest(struct lazy *L, const struct query *q, int64_t *bc, int *best)
{
	struct solver *s = L->s;
	L->nheap = 0;
	if (!push_node(L, q, 1, 0, L->size - 1))
		return false;
	while (L->nheap) {
		struct item it = heap_pop(L);
		if (it.x == 0) {
			*bc = it.key;
			*best = it.slot;
			return true;
		}
		if (it.a < it.b) {
			int m = (it.a + it.b) / 2;
			if (!push_node(L, q, 2 * it.x, it.a, m) ||
			    !push_node(L, q, 2 * it.x + 1, m + 1, it.b))
				return false;
			continue;
		}
		int si = it.a;
		if (steps_at(L->fb, L->nfb, si))
			continue;
		int64_t bd = s->w[UPR_W_BALANCE] * balance_delta(&q->dd, s->day_count[s->start_day[si]]);
		int64_t c = q->lim;
		int k = -1;
		scan_start(s, q->h, si, q->umin, price_at(L, si), bd, &c, &k);
		if (k >= 0 && !heap_push(L, (struct item){ c, si, si, 0, k }))
			return false;
	}
	return true;
}

/*
 * Places h at its cheapest free slot (balance included), the plain
 * scan's choice.  That scan takes a slot when its price is below the
 * best, and on the one day whose balance change is negative (the only
 * day at the least count, when it is below the most) also its price
 * before balance: there the choice depends on the order, so that day is
 * scanned start by start, between a search of the days before and one
 * of the days after it.  1 placed, 0 no free slot, -1 out of memory.
 */
static int insert_lazy(struct lazy *L, int h, int64_t umin)
{
	struct solver *s = L->s;
	if (umin >= BIG)
		return 0;
	lazy_state(L, h);
	struct query q = { h, 0, L->ns, umin, BIG, { L->mx, L->mn, L->hist[L->mn] } };
	int64_t bc = BIG;
	int best = -1;
	int da = L->ns, de = L->ns;	/* the day of negative change: starts [da, de) */
	if (s->w[UPR_W_BALANCE] && q.dd.nmin == 1 && q.dd.mx > q.dd.mn && L->cmin[1] == q.dd.mn) {
		int x = 1;
		while (x < L->size)
			x = L->cmin[2 * x] == q.dd.mn ? 2 * x : 2 * x + 1;
		int d = s->start_day[x - L->size];
		da = L->day_first[d];
		de = L->day_last[d] + 1;
	}
	q.hi = da;
	if (!cheapest(L, &q, &bc, &best))
		return -1;
	if (da < de) {
		int64_t bd = s->w[UPR_W_BALANCE] * balance_delta(&q.dd, L->mn);
		for (int si = da; si < de && umin < bc && umin + bd < bc; si++)
			if (!steps_at(L->fb, L->nfb, si))
				scan_start(s, h, si, umin, price_at(L, si), bd, &bc, &best);
		q.lo = de;
		q.hi = L->ns;
		q.lim = bc;
		if (!cheapest(L, &q, &bc, &best))
			return -1;
	}
	if (best < 0)
		return 0;
	upr_sv_place(s, h, best);
	lazy_placed(L, h, best);
	return 1;
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
	struct lazy L = { 0 };
	if (!order || !umin || lazy_init(&L, s) < 0) {
		upr_free(order);
		upr_free(umin);
		lazy_release(&L);
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
	for (int i = 0; i < n && ok >= 0; i++) {
		if (upr_sv_past_time_limit(s)) {
			ok = -2;
			break;
		}
		int r = insert_lazy(&L, order[i].h, umin[order[i].h]);
		if (r < 0)
			ok = -1;
		else if (r == 0)
			ok = 0;
	}
	upr_free(order);
	upr_free(umin);
	lazy_release(&L);
	return ok;
}
