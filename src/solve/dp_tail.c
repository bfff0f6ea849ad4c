/*
 * dp_tail.c - what the States not yet started still add: the completion
 * bound of the dynamic program over start times (dp.c).
 *
 * A state of dp.c has paid, exactly, every review-order pair with at
 * least one started State (a State pays, when it starts, for each
 * earlier-reviewed State not started yet).  What the unstarted set U
 * still adds is its unary prices at the starts left and the review-order
 * pairs inside U, and their clashes.  This file bounds that from below by
 * a chain: U's States with a review time, in review order, each at some
 * start from the next one on, paying its least unary price there over
 * the rooms, and the review-order weight for each that does not start
 * strictly after every one before it in the chain (not a record).  A
 * State below the record is inverted with the State that set it, a pair
 * of its own for each such State, so non-records never exceed
 * inversions (they also count at least the descents, and a State placed
 * far ahead of its review position makes every later one up to its start
 * a non-record).
 *
 * The rooms and the clash: the chain knows which State set the record
 * when it is one of the TAIL_SETTERS before (its setter; the States in
 * between are then non-records).  A State whose session overlaps the
 * setter's (starting less than a session length apart, above or below
 * the record) pays their clash, and cannot start there when no two
 * distinct rooms hold the two at those starts (Room 2 of bench M has no
 * French and no video).  Each State pays this for at most one pair, the
 * one with its setter, so these are distinct pairs of U that overlap in
 * every timetable that places them so, and clash is a term of its own:
 * every timetable's completion still costs at least its chain.  It is
 * what makes the chain see capacity: sessions that do not overlap fit
 * three to a three-hour window, and on bench M a fourth must overlap,
 * which the review order's neighbours mostly may not (most pairs share a
 * delegation), so it is a non-record.  What the chain still leaves out:
 * a non-record far below the record is inverted with more than its
 * setter, but pays once (the reverse chain below counts a State placed
 * early better).  States without a review time add their least unary
 * price.  It needs distinct review times (with equal ones a State
 * may be below the record only of an equal-reviewed one); else it is
 * not built.
 *
 * The reverse chain (reverse_build) takes the same suffix in reverse
 * review order and counts the States that start no earlier than the
 * earliest of those reviewed after them: a State placed far before its
 * review position is then counted once per State it passes, not once.
 * Both bound the same pairs, so the query takes the larger.
 *
 * U is almost always a suffix of the review order (ranks r* and on, r*
 * one past the latest-reviewed started State) plus a few stragglers
 * reviewed before it.  The suffix's chains are computed once per first
 * start and record, backwards (upr_sv_tail_build); a query adds the stragglers at
 * their least prices (their pairs left out, a further relaxation) to the
 * suffix's least chain: O(States) per query.
 *
 * Table: [first start][rank][record][setter], starts^2 x ranks x
 * (TAIL_SETTERS + 1) entries; above TAIL_MAX_CELLS fewer setters are told
 * apart, down to none (a chain blind to rooms and clash), and above it
 * even then the build refuses (the caller uses the least unary prices
 * alone).
 */
#include "solve/internal.h"

#include <string.h>

/* 16 MB of table at most; bench M needs 1 million entries (8 setters) */
#define TAIL_MAX_CELLS (2L * 1000 * 1000)
/* Setters of the record the chain tells apart (the States 1..TAIL_SETTERS
 * ranks before), fewer when the table would be too large.  4 gave bench
 * M's generated rounds the same bounds but for seed 3 (5,264 against
 * 5,368) */
#define TAIL_SETTERS 8

static int64_t add(int64_t a, int64_t b)
{
	int64_t c = a + b;
	return c > BIG ? BIG : c;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Index of [f][r][m][k] (r <= nr: rank nr is the empty suffix; m <= T: the
 * latest start so far is m - 1; k < t->K: rank r - 1 - k set that
 * record, k == t->K: unknown). */
static size_t at(const struct dp_tail *t, int f, int r, int si, int k)
{
	return (((size_t)f * (size_t)(t->nr + 1) + (size_t)r) * (size_t)(t->T + 1) + (size_t)si) *
		       (size_t)(t->K + 1) +
	       (size_t)k;
}

/* What rank r pays at start x when rank q set the record at start p: nothing when their sessions do not overlap; else their clash,
 * or BIG when no two distinct rooms hold them there. */
static int64_t overlap_price(const struct dp_tail *t, const struct solver *s, int q, int p, int r,
			     int x)
{
	int64_t d = s->starts[x] - s->starts[p];
	if (d >= s->len || -d >= s->len)
		return 0;
	int hq = t->order[q], hr = t->order[r];
	unsigned a = t->rooms[(size_t)hq * t->T + p];
	unsigned b = t->rooms[(size_t)hr * t->T + x];
	if (!a || !b || (a == b && !(a & (a - 1))))
		return BIG;
	return t->cl[(size_t)hq * t->n + hr];
}

/*
 * The reverse chain: the same suffix in reverse review order, each State
 * at some start from first on, paying the review-order weight when it
 * starts no earlier than the earliest start of the States after it in
 * review order (a reverse non-record: inverted with the State that set
 * that least start).  It counts a State placed far before its review
 * position once per State it passes, where the forward chain counts it
 * once.  Rooms and clash through the setter as in the forward chain.
 * H[m][k]: the least cost of ranks from r on with least start m (T:
 * none yet), set by rank r + 1 + k (k == K: unknown).
 */
static int reverse_build(struct dp_tail *t, const struct solver *s)
{
	int T = t->T, nr = t->nr, K = t->K;
	size_t w = (size_t)(T + 1) * (size_t)(K + 1);
	t->rv = upr_malloc((size_t)T * (size_t)(nr + 1) * sizeof(int64_t));
	int64_t *H = upr_malloc((2 * w + 2 * ((size_t)T + 1)) * sizeof(int64_t));
	if (!t->rv || !H) {
		upr_free(H);
		return -1;
	}
	/* sv[m]: the least of H at a least start from m on; su[x]: the
	 * least price at a start from x on */
	int64_t *sv = H + 2 * w, *su = sv + T + 1;
	for (int f = 0; f < T; f++) {
		int64_t *cur = H, *nxt = H + w;
		for (size_t i = 0; i < w; i++)
			cur[i] = BIG;
		cur[(size_t)T * (size_t)(K + 1) + (size_t)K] = 0;
		t->rv[(size_t)f * (size_t)(nr + 1) + (size_t)nr] = 0;
		for (int r = nr - 1; r >= 0; r--) {
			const int64_t *uh = t->um + (size_t)t->order[r] * T;
			sv[T] = BIG;
			su[T] = BIG;
			for (int m = T; m >= 0; m--) {
				int64_t v = m < T ? sv[m + 1] : BIG;
				for (int k = 0; k <= K; k++)
					v = min64(v, cur[(size_t)m * (size_t)(K + 1) + (size_t)k]);
				sv[m] = v;
				if (m < T)
					su[m] = m >= f ? min64(su[m + 1], uh[m]) : BIG;
			}
			for (size_t i = 0; i < w; i++)
				nxt[i] = BIG;
			/* not below the least start m: a reverse non-record,
			 * paying the clash with the setter when it overlaps */
			for (int m = 0; m < T; m++)
				for (int k = 0; k <= K; k++) {
					int64_t v = cur[(size_t)m * (size_t)(K + 1) + (size_t)k];
					if (v >= BIG)
						continue;
					int q = r + 1 + k, x = m < f ? f : m;
					int64_t c = BIG;
					if (k < K && q < nr)
						for (; x < T && s->starts[x] - s->starts[m] < s->len; x++)
							c = min64(c, add(uh[x], overlap_price(t, s, q, m, r, x)));
					c = min64(c, su[x]);
					size_t i = (size_t)m * (size_t)(K + 1) + (size_t)(k < K ? k + 1 : K);
					nxt[i] = min64(nxt[i], add(add(v, c), t->wr));
				}
			/* below it: the new least start, set by this rank */
			for (int x = f; x < T; x++) {
				if (uh[x] >= BIG)
					continue;
				int y = x + 1;
				int64_t best = BIG;
				for (; y < T && s->starts[y] - s->starts[x] < s->len; y++)
					for (int k = 0; k <= K; k++) {
						int64_t v = cur[(size_t)y * (size_t)(K + 1) + (size_t)k];
						int q = r + 1 + k;
						if (v < BIG)
							best = min64(best, add(v, k < K && q < nr ?
											 overlap_price(t, s, q, y, r, x) : 0));
					}
				best = min64(best, sv[y]);
				size_t i = (size_t)x * (size_t)(K + 1);
				nxt[i] = min64(nxt[i], add(best, uh[x]));
			}
			int64_t least = BIG;
			for (size_t i = 0; i < w; i++)
				least = min64(least, nxt[i]);
			t->rv[(size_t)f * (size_t)(nr + 1) + (size_t)r] = least;
			int64_t *tmp = cur;
			cur = nxt;
			nxt = tmp;
		}
	}
	upr_free(H);
	return 0;
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
	/* rank prefixes as masks of held States, for the queries */
	t->below = upr_calloc((size_t)t->nr + 1, sizeof(uint64_t));
	if (!t->below)
		return -1;
	for (int r = 0; r < t->nr; r++)
		t->below[r + 1] = t->below[r] | 1ULL << (t->order[r] % 64);
	for (int h = 0; h < n; h++)
		if (t->rank[h] < 0)
			t->norev |= 1ULL << (h % 64);
	/* records need distinct review times: with equal ones a State
	 * below the record may be below an equal-reviewed State only */
	for (int r = 0; r + 1 < t->nr; r++)
		if (t->review[t->order[r]] == t->review[t->order[r + 1]])
			return 1;
	/* the setters told apart: as many as the table's size allows */
	t->K = TAIL_SETTERS;
	while (t->K >= 0 && (double)T * (T + 1) * (t->nr + 1) * (t->K + 1) > (double)TAIL_MAX_CELLS)
		t->K--;
	if (t->K < 0)
		return 1;
	/* where each State may start in which rooms, and the clash of each
	 * pair */
	t->rooms = upr_calloc((size_t)n * T, sizeof(unsigned));
	t->cl = upr_calloc((size_t)n * n, sizeof(int64_t));
	if (!t->rooms || !t->cl)
		return -1;
	for (int h = 0; h < n; h++) {
		for (int k = 0; k < s->nslots; k++)
			if (u[(size_t)h * s->nslots + k] < BIG)
				t->rooms[(size_t)h * T + s->slots[k].si] |= 1u << (s->slots[k].room % 32);
		for (int i = 0; i < s->nclash[h]; i++)
			if (s->clash[h][i].w > 0)
				t->cl[(size_t)h * n + s->clash[h][i].to] =
					add(t->cl[(size_t)h * n + s->clash[h][i].to], s->clash[h][i].w);
	}
	int K = t->K;
	size_t cells = (size_t)T * (size_t)(t->nr + 1) * (size_t)(T + 1) * (size_t)(K + 1);
	t->g = upr_malloc(cells * sizeof(int64_t));
	t->pm = upr_malloc(((size_t)T + 1) * sizeof(int64_t));
	t->sm = upr_malloc(((size_t)T + 2) * sizeof(int64_t));
	if (!t->g || !t->pm || !t->sm)
		return -1;
	for (int f = 0; f < T; f++) {
		/* the empty suffix costs nothing */
		for (int m = 0; m <= T; m++)
			for (int k = 0; k <= K; k++)
				t->g[at(t, f, t->nr, m, k)] = 0;
		for (int r = t->nr - 1; r >= 0; r--) {
			const int64_t *uh = t->um + (size_t)t->order[r] * T;
			/* pm[m]: least price at starts f..m-1 (below the
			 * record m - 1); sm[x]: least price at a start from
			 * x on, from f on, plus the rest with the record
			 * there (set by this rank) */
			t->pm[0] = BIG;
			for (int m = 1; m <= T; m++)
				t->pm[m] = min64(t->pm[m - 1], m - 1 >= f ? uh[m - 1] : BIG);
			t->sm[T] = BIG;
			for (int x = T - 1; x >= 0; x--)
				t->sm[x] = min64(t->sm[x + 1],
						 x >= f ? add(uh[x], t->g[at(t, f, r + 1, x + 1, 0)]) : BIG);
			for (int m = 0; m <= T; m++) {
				int x0 = m < f ? f : m;
				for (int k = 0; k <= K; k++) {
					/* below the record: one setter further,
					 * and a start that overlaps the record
					 * pays the clash with its setter q */
					int q = r - 1 - k, x = x0, y = m;
					int64_t below = BIG;
					if (k < K && q >= 0 && m > 0)
						for (; y > f && s->starts[m - 1] - s->starts[y - 1] < s->len; y--)
							below = min64(below, add(uh[y - 1],
										 overlap_price(t, s, q, m - 1, r, y - 1)));
					below = min64(below, t->pm[y]);
					int64_t v = add(add(t->wr, below),
							t->g[at(t, f, r + 1, m, k < K ? k + 1 : K)]);
					/* above it: a start that overlaps the
					 * record, set by rank q at m - 1, pays
					 * their clash (or cannot be) */
					if (k < K && q >= 0 && m > 0)
						for (; x < T && s->starts[x] - s->starts[m - 1] < s->len; x++)
							v = min64(v, add(add(uh[x], overlap_price(t, s, q, m - 1, r, x)),
									 t->g[at(t, f, r + 1, x + 1, 0)]));
					t->g[at(t, f, r, m, k)] = min64(v, t->sm[x]);
				}
			}
		}
	}
	if (reverse_build(t, s) < 0)
		return -1;
	t->ready = true;
	return 0;
}

void upr_sv_tail_release(struct dp_tail *t)
{
	upr_free(t->um);
	upr_free(t->rank);
	upr_free(t->below);
	upr_free(t->order);
	upr_free(t->review);

	upr_free(t->rooms);
	upr_free(t->cl);
	upr_free(t->g);
	upr_free(t->rv);
	upr_free(t->pm);
	upr_free(t->sm);
	memset(t, 0, sizeof(*t));
}

int64_t upr_sv_tail_bound(struct dp_tail *t, const int64_t *minu, uint64_t started, int first)
{
	int n = t->n, T = t->T;
	uint64_t all = n < 64 ? (1ULL << n) - 1 : ~0ULL;
	if (first >= T)
		return started == all ? 0 : BIG;
	/* rstar: one past the latest-reviewed started State, the least r
	 * whose prefix below[r] holds every started State with a review
	 * time (the prefixes grow with r) */
	uint64_t rev = started & ~t->norev;
	int lo = 0, hi = t->nr;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (rev & ~t->below[mid])
			lo = mid + 1;
		else
			hi = mid;
	}
	int rstar = lo;
	/* the stragglers (unstarted, reviewed before a started State) only
	 * at their least prices: their pairs left out, a relaxation that
	 * keeps a query short; chaining them too pruned a quarter more
	 * states of bench M but cost three times the time.  States without
	 * a review time add their least prices too. */
	int64_t lb = 0;
	for (uint64_t m = ~started & all & (t->below[rstar] | t->norev); m; m &= m - 1)
		lb = add(lb, minu[(size_t)__builtin_ctzll(m) * (T + 1) + first]);
	/* every start from first on is later than the started States';
	 * the two chains bound the same pairs: the larger holds */
	int64_t fw = t->g[at(t, first, rstar, first, t->K)];
	int64_t rv = t->rv[(size_t)first * (size_t)(t->nr + 1) + (size_t)rstar];
	return add(lb, fw > rv ? fw : rv);
}
