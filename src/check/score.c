/*
 * score.c - the score of a timetable (docs/reference.md#the-score): each part's count, and
 * with --explain one penalty per cause.
 *
 * Invariants: the score is a pure function of (problem, timetable,
 * baseline); penalties come out in a deterministic order (by part as below,
 * then in timetable order).  The counts take O(n log n) on sessions and
 * statements (sorting, sweeps, a Fenwick tree), plus the pairs of
 * statements within one session for `order`.  Explaining lists every
 * clashing pair and every review-order inversion, which may be quadratic in
 * number; only then are the pairs enumerated.
 */
#include "check/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A session's start, for the parts that compare sessions. */
struct timed {
	int64_t start;
	int state;
	int64_t review;
};

static int cmp_timed_start(const void *pa, const void *pb)
{
	const struct timed *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->state > b->state) - (a->state < b->state);
}

/* clash: pairs of sessions that overlap among the States a delegation
 * follows.  Every session lasts session.length, so two overlap exactly when
 * their starts are less than that apart: sorted by start, the sessions
 * overlapping v[i] from the right are v[i+1..hi), and hi only grows. */
static int score_clash(struct upr_check_ctx *c, const int64_t *start_of)
{
	const struct upr_problem *p = c->p;
	int len = p->event.session_length;
	struct timed *v = upr_malloc((p->nstates + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (size_t d = 0; d < p->ndelegations; d++) {
		const struct upr_delegation *dl = &p->delegations[d];
		size_t n = 0;
		for (size_t i = 0; i < dl->nfollows; i++) {
			int s = dl->follows[i];
			if (start_of[s] != INT64_MIN)
				v[n++] = (struct timed){ start_of[s], s, 0 };
		}
		qsort(v, n, sizeof(*v), cmp_timed_start);
		size_t hi = 0;
		for (size_t i = 0; i < n; i++) {
			if (hi < i + 1)
				hi = i + 1;
			while (hi < n && v[hi].start < v[i].start + len)
				hi++;
			c->r->score.count[UPR_W_CLASH] += (int64_t)(hi - i - 1);
			for (size_t j = i + 1; c->explain && j < hi; j++)
				upr_check_penalty(c, UPR_W_CLASH, 1, v[i].state, v[j].state, -1, (int)d,
						  "%s follows %s and %s, whose sessions overlap",
						  dl->name, upr_check_sname(c, v[i].state),
						  upr_check_sname(c, v[j].state));
		}
	}
	upr_free(v);
	return 0;
}

static int cmp_timed_review(const void *pa, const void *pb)
{
	const struct timed *a = pa, *b = pb;
	if (a->review != b->review)
		return a->review < b->review ? -1 : 1;
	/* equal reviews: later start first, so that equal-review pairs are
	 * never counted as inversions below */
	if (a->start != b->start)
		return a->start > b->start ? -1 : 1;
	return (a->state > b->state) - (a->state < b->state);
}

static int cmp_int64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

/* Rank of x in the sorted, distinct starts[0..n): its index. */
static size_t rank_of(const int64_t *starts, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (starts[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The distinct starts of v, sorted (*starts, *m of them; ranks for
 * rank_of), and a zeroed Fenwick tree over those ranks (*tree, 1-based),
 * for the review-order counts below.  Both to upr_free. */
static int start_ranks(const struct timed *v, size_t n, int64_t **starts, int64_t **tree, size_t *m)
{
	*starts = upr_malloc((n + 1) * sizeof(**starts));
	*tree = upr_calloc(n + 2, sizeof(**tree));
	if (!*starts || !*tree) {
		upr_free(*starts);
		upr_free(*tree);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		(*starts)[i] = v[i].start;
	qsort(*starts, n, sizeof(**starts), cmp_int64);
	*m = 0;
	for (size_t i = 0; i < n; i++)
		if (*m == 0 || (*starts)[*m - 1] != (*starts)[i])
			(*starts)[(*m)++] = (*starts)[i];
	return 0;
}

/* review-order: pairs of States (a, b) with review_a < review_b whose
 * sessions do not start in that order (start_a >= start_b).  Counted in
 * review order with a Fenwick tree over the ranks of the starts: each State
 * counts the earlier-reviewed States (whole groups of equal review go in
 * after all of the group is counted) that start no earlier. */
static int count_review_inversions(const struct timed *v, size_t n, int64_t *count)
{
	int64_t *starts, *tree;
	size_t m;
	if (start_ranks(v, n, &starts, &tree, &m) < 0)
		return -1;
	int64_t inserted = 0;
	for (size_t g = 0; g < n;) {
		size_t end = g;
		while (end < n && v[end].review == v[g].review)
			end++;
		for (size_t i = g; i < end; i++) {
			/* earlier ones that start before v[i]: ranks below its own */
			int64_t below = 0;
			for (size_t k = rank_of(starts, m, v[i].start); k > 0; k &= k - 1)
				below += tree[k];
			*count += inserted - below;
		}
		for (size_t i = g; i < end; i++, inserted++)
			for (size_t k = rank_of(starts, m, v[i].start) + 1; k <= m; k += k & -k)
				tree[k]++;
		g = end;
	}
	upr_free(starts);
	upr_free(tree);
	return 0;
}

/* review-order by State (upr_check_by_state): for each State of
 * v, the later-reviewed States that start no later than it, one penalty
 * each with that count.  From the latest review down, with a Fenwick
 * tree over the ranks of the starts of the States already passed (whole
 * groups of equal review go in after all of the group is counted). */
static int explain_review_per_state(struct upr_check_ctx *c, const struct timed *v, size_t n)
{
	int64_t *starts, *tree;
	size_t m;
	if (start_ranks(v, n, &starts, &tree, &m) < 0)
		return -1;
	for (size_t end = n; end > 0;) {
		size_t g = end;
		while (g > 0 && v[g - 1].review == v[end - 1].review)
			g--;
		for (size_t i = g; i < end; i++) {
			/* passed ones that start no later: ranks up to its own */
			int64_t k = 0;
			for (size_t x = rank_of(starts, m, v[i].start) + 1; x > 0; x &= x - 1)
				k += tree[x];
			upr_check_penalty(c, UPR_W_REVIEW_ORDER, k, v[i].state, -1, -1, -1,
					  "%s is reviewed before %lld States whose pre-sessions do not start later",
					  upr_check_sname(c, v[i].state), (long long)k);
		}
		for (size_t i = g; i < end; i++)
			for (size_t x = rank_of(starts, m, v[i].start) + 1; x <= m; x += x & -x)
				tree[x]++;
		end = g;
	}
	upr_free(starts);
	upr_free(tree);
	return 0;
}

static int score_review_order(struct upr_check_ctx *c, const int64_t *start_of)
{
	const struct upr_problem *p = c->p;
	struct timed *v = upr_malloc((p->nstates + 1) * sizeof(*v));
	if (!v)
		return -1;
	size_t n = 0;
	for (size_t s = 0; s < p->nstates; s++)
		if (p->states[s].has_review && start_of[s] != INT64_MIN)
			v[n++] = (struct timed){ start_of[s], (int)s, p->states[s].review };
	qsort(v, n, sizeof(*v), cmp_timed_review);
	if (count_review_inversions(v, n, &c->r->score.count[UPR_W_REVIEW_ORDER]) < 0) {
		upr_free(v);
		return -1;
	}
	if (c->explain && c->per_state) {
		int rc = explain_review_per_state(c, v, n);
		upr_free(v);
		return rc;
	}
	/* Each inversion explained, in review order. */
	for (size_t i = 0; c->explain && i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (v[i].review < v[j].review && v[i].start >= v[j].start)
				upr_check_penalty(c, UPR_W_REVIEW_ORDER, 1, v[i].state, v[j].state, -1, -1,
						  "%s is reviewed before %s, but its pre-session does not start earlier",
						  upr_check_sname(c, v[i].state),
						  upr_check_sname(c, v[j].state));
	upr_free(v);
	return 0;
}

/* prefer, short, order (per session), waitlist and waitlist-priority. */
static void score_sessions(struct upr_check_ctx *c)
{
	const struct upr_problem *p = c->p;
	const struct upr_timetable *t = c->t;
	const struct upr_event *e = &p->event;
	struct upr_score *sc = &c->r->score;

	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		const struct upr_state *st = &p->states[s->state];
		if (st->prefer.n && !upr_ivals_contains(&st->prefer, s->start, s->end)) {
			sc->count[UPR_W_PREFER]++;
			upr_check_penalty(c, UPR_W_PREFER, 1, s->state, -1, -1, -1,
					  "the session of %s is outside its preferred times", st->name);
		}
		for (size_t j = 0; j < s->nstmts; j++) {
			int shortby = e->statement_max - s->stmts[j].minutes;
			if (shortby > 0) {
				sc->count[UPR_W_SHORT] += shortby;
				upr_check_penalty(c, UPR_W_SHORT, shortby, s->state, -1,
						  s->stmts[j].speaker, -1,
						  "the statement of %s on %s lasts %d minutes, %d short of statement.max",
						  p->speakers[s->stmts[j].speaker].organisation, st->name,
						  s->stmts[j].minutes, shortby);
			}
		}
		/* pairs within one session: a handful of statements */
		for (size_t a = 0; a < s->nstmts; a++) {
			const struct upr_speaker *x = &p->speakers[s->stmts[a].speaker];
			if (x->kind == UPR_KIND_NHRI)
				continue;
			for (size_t b = a + 1; b < s->nstmts; b++) {
				const struct upr_speaker *y = &p->speakers[s->stmts[b].speaker];
				if (y->kind == UPR_KIND_NHRI || y->order > x->order)
					continue;
				sc->count[UPR_W_ORDER]++;
				upr_check_penalty(c, UPR_W_ORDER, 1, s->state, -1, s->stmts[a].speaker, -1,
						  "in the session of %s, %s speaks before %s, against the input order",
						  st->name, x->organisation, y->organisation);
			}
		}
	}
	/* per State: counted here, explained below */
	int64_t *wl = c->explain && c->per_state ? upr_calloc(2 * p->nstates + 1, sizeof(*wl))
						 : NULL;
	if (c->explain && c->per_state && !wl)
		c->r->oom = 1;
	for (size_t i = 0; i < t->nwaitlist; i++) {
		const struct upr_waitlisted *w = &t->waitlist[i];
		const struct upr_speaker *sp = &p->speakers[w->speaker];
		sc->count[UPR_W_WAITLIST]++;
		sc->count[UPR_W_WAITLIST_PRIORITY] += sp->priority;
		if (c->per_state) {
			if (wl) {
				wl[2 * w->state]++;
				wl[2 * w->state + 1] += sp->priority;
			}
			continue;
		}
		upr_check_penalty(c, UPR_W_WAITLIST, 1, w->state, -1, w->speaker, -1,
				  "the statement of %s on %s is waitlisted", sp->organisation,
				  upr_check_sname(c, w->state));
		upr_check_penalty(c, UPR_W_WAITLIST_PRIORITY, sp->priority, w->state, -1, w->speaker,
				  -1, "the waitlisted %s has priority %d", sp->organisation,
				  sp->priority);
	}
	for (size_t s = 0; wl && s < p->nstates; s++) {
		upr_check_penalty(c, UPR_W_WAITLIST, wl[2 * s], (int)s, -1, -1, -1,
				  "%lld statements on %s are waitlisted", (long long)wl[2 * s],
				  upr_check_sname(c, (int)s));
		upr_check_penalty(c, UPR_W_WAITLIST_PRIORITY, wl[2 * s + 1], (int)s, -1, -1, -1,
				  "the waitlisted statements on %s have priorities %lld in all",
				  upr_check_sname(c, (int)s), (long long)wl[2 * s + 1]);
	}
	upr_free(wl);
}

/* balance: the most sessions on one event day minus the fewest. */
static int score_balance(struct upr_check_ctx *c)
{
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	if (e->ndays == 0)
		return 0;
	long *per_day = upr_calloc(e->ndays, sizeof(*per_day));
	if (!per_day)
		return -1;
	for (size_t i = 0; i < c->t->nsessions; i++) {
		long d = upr_check_day_index(e, upr_floor_div(c->t->sessions[i].start,
							      UPR_MIN_PER_DAY));
		if (d >= 0)
			per_day[d]++;
	}
	long mx = per_day[0], mn = per_day[0];
	size_t imx = 0, imn = 0;
	for (size_t d = 1; d < e->ndays; d++) {
		if (per_day[d] > mx) {
			mx = per_day[d];
			imx = d;
		}
		if (per_day[d] < mn) {
			mn = per_day[d];
			imn = d;
		}
	}
	c->r->score.count[UPR_W_BALANCE] = mx - mn;
	if (mx > mn) {
		char a[11], b[11];
		upr_format_date(e->days[imx], a);
		upr_format_date(e->days[imn], b);
		upr_check_penalty(c, UPR_W_BALANCE, mx - mn, -1, -1, -1, -1,
				  "%s holds %ld sessions and %s holds %ld", a, mx, b, mn);
	}
	upr_free(per_day);
	return 0;
}

/* moved: sessions whose room or start differs from the baseline's first
 * session of the same State. */
static int score_moved(struct upr_check_ctx *c, const struct upr_timetable *base)
{
	const struct upr_problem *p = c->p;
	size_t *first = upr_malloc((p->nstates + 1) * sizeof(*first));
	if (!first)
		return -1;
	for (size_t s = 0; s < p->nstates; s++)
		first[s] = SIZE_MAX;
	for (size_t j = base->nsessions; j-- > 0;) {
		int s = base->sessions[j].state;
		if (s >= 0 && (size_t)s < p->nstates)
			first[s] = j;
	}
	for (size_t i = 0; i < c->t->nsessions; i++) {
		const struct upr_session *s = &c->t->sessions[i];
		if (first[s->state] == SIZE_MAX)
			continue;
		const struct upr_session *b = &base->sessions[first[s->state]];
		if (b->room != s->room || b->start != s->start) {
			c->r->score.count[UPR_W_MOVED]++;
			upr_check_penalty(c, UPR_W_MOVED, 1, s->state, -1, -1, -1,
					  "the session of %s moved from its baseline room or time",
					  p->states[s->state].name);
		}
	}
	upr_free(first);
	return 0;
}

int upr_check_score(struct upr_check_ctx *c, const struct upr_timetable *baseline)
{
	const struct upr_problem *p = c->p;
	const struct upr_timetable *t = c->t;
	struct upr_score *sc = &c->r->score;
	memset(sc, 0, sizeof(*sc));
	/* A State with two sessions (already an H12 violation) counts with its
	 * first one. */
	int64_t *start_of = upr_malloc((p->nstates + 1) * sizeof(*start_of));
	if (!start_of)
		return -1;
	for (size_t s = 0; s < p->nstates; s++)
		start_of[s] = INT64_MIN;
	for (size_t i = 0; i < t->nsessions; i++)
		if (start_of[t->sessions[i].state] == INT64_MIN)
			start_of[t->sessions[i].state] = t->sessions[i].start;
	score_sessions(c);
	int rc = 0;
	if (score_clash(c, start_of) < 0 || score_review_order(c, start_of) < 0 ||
	    score_balance(c) < 0 || (baseline && score_moved(c, baseline) < 0))
		rc = -1;
	upr_free(start_of);
	if (rc < 0)
		return -1;
	sc->total = 0;
	for (int w = 0; w < UPR_W_COUNT; w++) {
		sc->part[w] = sc->count[w] * p->event.weights[w];
		sc->total += sc->part[w];
	}
	return 0;
}
