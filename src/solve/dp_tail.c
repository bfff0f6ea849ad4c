/*
 * dp_tail.c - what the States not yet started still add: the completion
 * bound of the dynamic program over start times (dp.c).
 *
 * A state of dp.c has paid, exactly, every review-order pair with at
 * least one started State (a State pays, when it starts, for each
 * earlier-reviewed State not started yet).  What the unstarted set U
 * still adds is its unary prices at the starts left and the review-order
 * pairs inside U.  This file bounds that from below by a chain: U's
 * States with a review time, in review order, each at some start from
 * the next one on, paying its least unary price there over the rooms, and the review-order weight for each consecutive pair of
 * the chain in the wrong order (a descent: the later-reviewed at the same
 * start or before).  Each descent is an inverted pair, distinct pairs for
 * distinct descents, so descents never exceed inversions; rooms are left
 * out, so every timetable's completion is one of the chains.  States
 * without a review time add their least unary price.
 *
 * U is almost always a suffix of the review order (ranks r* and on, r*
 * one past the latest-reviewed started State) plus a few stragglers
 * reviewed before it.  The suffix's chains are computed once per first
 * start, backwards (upr_sv_tail_build); a query adds the stragglers at
 * their least prices (their pairs left out, a further relaxation) to the
 * suffix's least chain: O(States) per query.
 *
 * Tables: [first start][rank][start], so starts^2 x ranks entries of
 * three arrays; tail_build refuses above TAIL_MAX_CELLS (the caller then
 * uses the least unary prices alone).
 */
#include "solve/internal.h"

#include <string.h>

#define TAIL_MAX_CELLS (4L * 1000 * 1000)

static int64_t add(int64_t a, int64_t b)
{
	int64_t c = a + b;
	return c > BIG ? BIG : c;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Index of [f][r][t] (r <= nr: rank nr is the empty suffix). */
static size_t at(const struct dp_tail *t, int f, int r, int si)
{
	return ((size_t)f * (size_t)(t->nr + 1) + (size_t)r) * (size_t)t->T + (size_t)si;
}

int upr_sv_tail_build(struct dp_tail *t, const struct solver *s, const int64_t *u)
{
	memset(t, 0, sizeof(*t));
	int n = s->nheld, T = s->nstarts;
	t->n = n;
	t->T = T;
	t->wr = s->w[UPR_W_REVIEW_ORDER];
	t->um = upr_malloc((size_t)n * T * sizeof(int64_t));
	t->rank = upr_malloc((size_t)n * sizeof(int));
	t->order = upr_malloc((size_t)n * sizeof(int));
	t->review = upr_malloc((size_t)n * sizeof(int64_t));
	if (!t->um || !t->rank || !t->order || !t->review)
		return -1;
	for (int h = 0; h < n; h++)
		t->review[h] = upr_sv_state_key(s, h);
	for (size_t i = 0; i < (size_t)n * T; i++)
		t->um[i] = BIG;
	for (int h = 0; h < n; h++)
		for (int k = 0; k < s->nslots; k++) {
			int64_t *m = &t->um[(size_t)h * T + s->slots[k].si];
			*m = min64(*m, u[(size_t)h * s->nslots + k]);
		}
	/* the chain's order: rev_order, States without a review time left out */
	for (int i = 0; i < n; i++) {
		int h = s->rev_order[i];
		t->rank[h] = -1;
		if (s->p->states[s->held[h]].has_review) {
			t->rank[h] = t->nr;
			t->order[t->nr++] = h;
		}
	}
	if ((double)T * T * (t->nr + 1) > (double)TAIL_MAX_CELLS)
		return 1;
	size_t cells = (size_t)T * (size_t)(t->nr + 1) * (size_t)T;
	t->g = upr_malloc(cells * sizeof(int64_t));
	t->gsuf = upr_malloc(cells * sizeof(int64_t));
	t->gpre = upr_malloc(cells * sizeof(int64_t));
	if (!t->g || !t->gsuf || !t->gpre)
		return -1;
	for (int f = 0; f < T; f++) {
		/* the empty suffix costs nothing wherever "it" starts */
		for (int si = 0; si < T; si++) {
			t->g[at(t, f, t->nr, si)] = 0;
			t->gsuf[at(t, f, t->nr, si)] = 0;
			t->gpre[at(t, f, t->nr, si)] = 0;
		}
		for (int r = t->nr - 1; r >= 0; r--) {
			int h = t->order[r];
			bool last = r + 1 == t->nr;
			bool eq = !last && t->review[h] == t->review[t->order[r + 1]];
			for (int si = 0; si < T; si++) {
				int64_t v = BIG;
				if (si >= f) {
					if (last) {
						v = t->um[(size_t)h * T + si];
					} else {
						/* next in order strictly later, or not (a descent) */
						int64_t after = si + 1 < T ? t->gsuf[at(t, f, r + 1, si + 1)] : BIG;
						int64_t before = add(eq ? 0 : t->wr, t->gpre[at(t, f, r + 1, si)]);
						if (eq)
							before = t->gsuf[at(t, f, r + 1, f)];
						v = add(t->um[(size_t)h * T + si], min64(after, before));
					}
				}
				t->g[at(t, f, r, si)] = v;
			}
			for (int si = 0; si < T; si++)
				t->gpre[at(t, f, r, si)] =
					min64(t->g[at(t, f, r, si)], si ? t->gpre[at(t, f, r, si - 1)] : BIG);
			for (int si = T - 1; si >= 0; si--)
				t->gsuf[at(t, f, r, si)] =
					min64(t->g[at(t, f, r, si)], si + 1 < T ? t->gsuf[at(t, f, r, si + 1)] : BIG);
		}
	}
	t->ready = true;
	return 0;
}

void upr_sv_tail_release(struct dp_tail *t)
{
	upr_free(t->um);
	upr_free(t->rank);
	upr_free(t->order);
	upr_free(t->review);

	upr_free(t->g);
	upr_free(t->gsuf);
	upr_free(t->gpre);
	memset(t, 0, sizeof(*t));
}

int64_t upr_sv_tail_bound(struct dp_tail *t, const int64_t *minu, uint64_t started, int first)
{
	int n = t->n, T = t->T;
	if (first >= T)
		return started == (n < 64 ? (1ULL << n) - 1 : ~0ULL) ? 0 : BIG;
	int64_t lb = 0;
	int rstar = 0;
	for (int h = 0; h < n; h++) {
		if (started >> h & 1) {
			if (t->rank[h] >= rstar)
				rstar = t->rank[h] + 1;
		} else if (t->rank[h] < 0) {
			lb = add(lb, minu[(size_t)h * (T + 1) + first]);
		}
	}
	/* the stragglers (unstarted, reviewed before a started State) only
	 * at their least prices: their pairs left out, a relaxation that
	 * keeps a query O(States); chaining them too pruned a quarter more
	 * states of bench M but cost three times the time */
	for (int r = 0; r < rstar; r++)
		if (!(started >> t->order[r] & 1))
			lb = add(lb, minu[(size_t)t->order[r] * (T + 1) + first]);
	return add(lb, t->gsuf[at(t, first, rstar, first)]);
}
