/*
 * solve.c - placing sessions: each held State to a (room, start) slot.
 *
 * The score splits into parts that depend on one session (statements inside
 * it, `prefer`, `moved`: the "unary" cost, computed once per State, room
 * class and start by intra.c), parts that depend on two (`clash`,
 * `review-order`, and speakers shared by two sessions) and one global part
 * (`balance`).  The search:
 *
 *   1. greedy: States most constrained first, each to its cheapest slot;
 *   2. exact branch and bound when the instance is small enough: bounds from
 *      the cheapest slot of every unplaced State given the placed ones, plus
 *      a water-filling bound on `balance`; a complete run proves optimality;
 *   3. large-neighbourhood search otherwise (or after an incomplete branch
 *      and bound): free a few related States and re-place them exactly among
 *      their cheapest slots; keep the result when it is no worse.
 *
 * Sessions that share a speaker and run in different rooms at nearly the
 * same time must be planned together (H6).  The exact search allows it and
 * plans such sessions jointly (plan_coupled); the heuristic phases keep them
 * a session length plus `travel` apart, which is always safe.
 *
 * Determinism: no clock decides anything unless --time-limit is given; the
 * random choices come from a seeded generator; ties break on indices.
 */
#include "solve/solve.h"
#include "check/check.h"
#include "solve/explain.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INF INT64_MAX
#define BIG (INT64_MAX / 4)	/* "infeasible" that still adds without overflow */
/* The exact search runs (and may prove optimality) up to this many held
 * States; above, the neighbourhood search alone improves the start. */
#define EXACT_MAX_STATES 16
/* Node budget of planning one group of sessions that share speakers. */
#define COUPLED_NODES 5000

struct slot {
	int room;
	int si;			/* index into starts[] */
	int day;		/* index into event.days */
};

struct edge {
	int to;			/* held index */
	int64_t w;
};

struct solver {
	const struct upr_problem *p;
	const struct upr_solve_opts *o;
	struct upr_solve_stats *stats;
	int len, travel, gap;
	int64_t w[UPR_W_COUNT];

	/* rooms grouped by what matters inside a session: languages, video */
	int nclasses;
	int *class_of;		/* room -> class */
	int *class_room;	/* class -> a room of it */
	int **class_rooms;	/* class -> its rooms, in input order */
	int *nclass_rooms;

	int64_t *starts;	/* distinct slot starts, sorted */
	int nstarts;
	int *start_day;		/* start -> day index */
	struct slot *slots;
	int nslots;
	int *slot_at;		/* room * nstarts + si -> slot, -1 */
	int *conf_lo, *conf_hi;	/* per start: starts within len+gap (same room clash) */

	int nheld;
	int *held;		/* held index -> state */
	int *rev_order;		/* held indices by review time (then index) */
	int *rev_pos;		/* held index -> position in rev_order */
	int *hidx;		/* state -> held index, -1 */
	int64_t *ucost;		/* [h][class][si]: intra + prefer; BIG if impossible */
	bool unary_inexact;
	struct edge **clash;	/* per held: clash neighbours */
	int *nclash;
	int **share;		/* per held: held States sharing a speaker */
	int *nshare;
	int64_t *base_start;	/* baseline start per held, INT64_MIN none */
	int *base_room;

	/* the current placement */
	int *assign;		/* held -> slot, -1 */
	int *occ;		/* slot -> held, -1 */
	int *day_count;
	int64_t cost;		/* of the current complete placement */

	/* the best */
	int *best;
	int *heur;		/* the best before the exact search (heuristic rules) */
	bool have_heur;
	int64_t best_cost;
	int64_t lower_bound;
	bool optimal;
	bool coupled_uncertain;	/* a joint plan might have been cheaper */
	int64_t min_uncertain;

	uint64_t rng;
	long work, work_limit;
	double t0, time_limit;
	bool stop;
	int exact_mode;		/* 1: sessions sharing a speaker may run together */
	const unsigned char *keep; /* only these States (explanations); NULL: all */

	/* scratch */
	int64_t *pc;		/* per start: pair cost with the placed */
	int *forbid;		/* per start: coupling conflicts */
	int64_t *diff;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rnd(struct solver *s)
{
	/* splitmix64: small, fast, and the same on every machine */
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static bool out_of_time(struct solver *s)
{
	if (s->stop)
		return true;
	if (s->work >= s->work_limit) {
		s->stop = true;
		return true;
	}
	/* a clock read costs tens of nanoseconds, less than any unit of work */
	if (s->time_limit > 0 && now() - s->t0 > s->time_limit) {
		s->stop = true;
		s->stats->time_out = true;
	}
	return s->stop;
}

/* ---------------------------------------------------------------- setup */

static bool same_class(const struct upr_room *a, const struct upr_room *b)
{
	if (a->video != b->video || a->nlanguages != b->nlanguages)
		return false;
	for (size_t i = 0; i < a->nlanguages; i++)
		if (!upr_room_has_language(b, a->languages[i]))
			return false;
	return true;
}

static int cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

static int find_start(const struct solver *s, int64_t t)
{
	int lo = 0, hi = s->nstarts;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->starts[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;	/* first start >= t */
}

static int build_slots(struct solver *s)
{
	const struct upr_problem *p = s->p;
	const struct upr_event *e = &p->event;
	size_t cap = 0;
	for (size_t d = 0; d < e->ndays; d++)
		for (size_t h = 0; h < e->nhours; h++)
			if (e->hours[h].end - e->hours[h].start >= s->len)
				cap += (size_t)((e->hours[h].end - e->hours[h].start - s->len) / e->grid + 1);
	s->starts = upr_malloc((cap + 1) * sizeof(*s->starts));
	s->start_day = upr_malloc((cap + 1) * sizeof(*s->start_day));
	if (!s->starts || !s->start_day)
		return -1;
	int n = 0;
	for (size_t d = 0; d < e->ndays; d++)
		for (size_t h = 0; h < e->nhours; h++)
			for (int64_t t = e->hours[h].start; t + s->len <= e->hours[h].end; t += e->grid)
				s->starts[n++] = e->days[d] * UPR_MIN_PER_DAY + t;
	qsort(s->starts, (size_t)n, sizeof(*s->starts), cmp_i64);
	int k = 0;
	for (int i = 0; i < n; i++)
		if (k == 0 || s->starts[k - 1] != s->starts[i])
			s->starts[k++] = s->starts[i];
	s->nstarts = k;
	for (int i = 0; i < k; i++) {
		int64_t day = upr_floor_div(s->starts[i], UPR_MIN_PER_DAY);
		for (size_t d = 0; d < e->ndays; d++)
			if (e->days[d] == day)
				s->start_day[i] = (int)d;
	}

	size_t nr = p->nrooms;
	s->slot_at = upr_malloc((nr * (size_t)k + 1) * sizeof(*s->slot_at));
	s->slots = upr_malloc((nr * (size_t)k + 1) * sizeof(*s->slots));
	s->conf_lo = upr_malloc(((size_t)k + 1) * sizeof(int));
	s->conf_hi = upr_malloc(((size_t)k + 1) * sizeof(int));
	if (!s->slot_at || !s->slots || !s->conf_lo || !s->conf_hi)
		return -1;
	s->nslots = 0;
	/* Slots sorted by start, then room: the order the search tries them. */
	for (int i = 0; i < k; i++) {
		for (size_t r = 0; r < nr; r++) {
			const struct upr_room *room = &p->rooms[r];
			int64_t t = s->starts[i];
			s->slot_at[r * (size_t)k + (size_t)i] = -1;
			if (room->has_available &&
			    !upr_ivals_contains(&room->available, t, t + s->len))
				continue;
			s->slot_at[r * (size_t)k + (size_t)i] = s->nslots;
			s->slots[s->nslots++] = (struct slot){ (int)r, i, s->start_day[i] };
		}
		/* same room, starts less than len + gap apart, clash (H2) */
		s->conf_lo[i] = find_start(s, s->starts[i] - s->len - s->gap + 1);
		s->conf_hi[i] = find_start(s, s->starts[i] + s->len + s->gap) - 1;
	}
	s->stats->slots = s->nslots;
	return 0;
}

static int build_classes(struct solver *s)
{
	const struct upr_problem *p = s->p;
	s->class_of = upr_malloc((p->nrooms + 1) * sizeof(int));
	s->class_room = upr_malloc((p->nrooms + 1) * sizeof(int));
	if (!s->class_of || !s->class_room)
		return -1;
	s->nclasses = 0;
	for (size_t r = 0; r < p->nrooms; r++) {
		int c;
		for (c = 0; c < s->nclasses; c++)
			if (same_class(&p->rooms[r], &p->rooms[s->class_room[c]]))
				break;
		if (c == s->nclasses)
			s->class_room[s->nclasses++] = (int)r;
		s->class_of[r] = c;
	}
	s->class_rooms = upr_calloc((size_t)s->nclasses + 1, sizeof(int *));
	s->nclass_rooms = upr_calloc((size_t)s->nclasses + 1, sizeof(int));
	if (!s->class_rooms || !s->nclass_rooms)
		return -1;
	for (int c = 0; c < s->nclasses; c++) {
		s->class_rooms[c] = upr_malloc((p->nrooms + 1) * sizeof(int));
		if (!s->class_rooms[c])
			return -1;
	}
	for (size_t r = 0; r < p->nrooms; r++) {
		int c = s->class_of[r];
		s->class_rooms[c][s->nclass_rooms[c]++] = (int)r;
	}
	return 0;
}

static bool timeless(const struct upr_problem *p, const struct upr_state *st)
{
	/* The unary cost does not depend on the start when no speaker of the
	 * State has availability limits. */
	for (size_t i = 0; i < st->nspeakers; i++) {
		const struct upr_speaker *sp = &p->speakers[st->speakers[i]];
		if (sp->has_available || sp->unavailable.n)
			return false;
	}
	return true;
}

static int build_unary(struct solver *s)
{
	const struct upr_problem *p = s->p;
	size_t per = (size_t)s->nclasses * (size_t)s->nstarts;
	s->ucost = upr_malloc(((size_t)s->nheld * per + 1) * sizeof(int64_t));
	if (!s->ucost)
		return -1;
	int maxk = 1;
	for (int h = 0; h < s->nheld; h++)
		if ((int)p->states[s->held[h]].nspeakers > maxk)
			maxk = (int)p->states[s->held[h]].nspeakers;
	int *buf = upr_malloc((size_t)maxk * 3 * sizeof(int));
	if (!buf)
		return -1;
	struct upr_intra_result res = { .order = buf, .minutes = buf + maxk, .waitlisted = buf + 2 * maxk };

	for (int h = 0; h < s->nheld; h++) {
		const struct upr_state *st = &p->states[s->held[h]];
		bool tl = timeless(p, st);
		for (int c = 0; c < s->nclasses; c++) {
			int64_t cached = -1;
			for (int i = 0; i < s->nstarts; i++) {
				int64_t *u = &s->ucost[(size_t)h * per + (size_t)c * s->nstarts + i];
				int64_t t = s->starts[i];
				if (upr_ivals_overlaps(&st->unavailable, t, t + s->len) ||
				    (st->has_start && st->start != t)) {
					*u = BIG;
					continue;
				}
				if (!tl || cached < 0) {
					s->stats->intra_evals++;
					if (upr_intra_best(p, s->held[h], s->class_room[c], t, NULL, 0,
							   200000, &res, &s->stats->intra_nodes) < 0) {
						upr_free(buf);
						return -1;
					}
					if (!res.exact)
						s->unary_inexact = true;
					cached = res.feasible ? res.cost : BIG;
				}
				*u = cached;
				if (*u < BIG && st->prefer.n &&
				    !upr_ivals_contains(&st->prefer, t, t + s->len))
					*u += s->w[UPR_W_PREFER];
			}
		}
	}
	upr_free(buf);
	return 0;
}

static int add_edge(struct edge **list, int *n, int to, int64_t w)
{
	for (int i = 0; i < *n; i++)
		if ((*list)[i].to == to) {
			(*list)[i].w += w;
			return 0;
		}
	/* grow in powers of two */
	if ((*n & (*n - 1)) == 0) {
		struct edge *v = upr_realloc(*list, (size_t)(*n ? *n * 2 : 4) * sizeof(**list));
		if (!v)
			return -1;
		*list = v;
	}
	(*list)[(*n)++] = (struct edge){ to, w };
	return 0;
}

static int build_pairs(struct solver *s)
{
	const struct upr_problem *p = s->p;
	int n = s->nheld;
	s->clash = upr_calloc((size_t)n + 1, sizeof(*s->clash));
	s->nclash = upr_calloc((size_t)n + 1, sizeof(int));
	s->share = upr_calloc((size_t)n + 1, sizeof(*s->share));
	s->nshare = upr_calloc((size_t)n + 1, sizeof(int));
	if (!s->clash || !s->nclash || !s->share || !s->nshare)
		return -1;
	int *tmp = upr_malloc((p->nstates + 1) * sizeof(int));
	if (!tmp)
		return -1;
	for (size_t d = 0; d < p->ndelegations; d++) {
		const struct upr_delegation *dl = &p->delegations[d];
		int k = 0;
		for (size_t i = 0; i < dl->nfollows; i++)
			if (s->hidx[dl->follows[i]] >= 0)
				tmp[k++] = s->hidx[dl->follows[i]];
		for (int a = 0; a < k; a++)
			for (int b = 0; b < k; b++)
				if (a != b && add_edge(&s->clash[tmp[a]], &s->nclash[tmp[a]], tmp[b],
						       s->w[UPR_W_CLASH]) < 0) {
					upr_free(tmp);
					return -1;
				}
	}
	for (size_t sp = 0; sp < p->nspeakers; sp++) {
		const struct upr_speaker *x = &p->speakers[sp];
		int k = 0;
		for (size_t i = 0; i < x->nstates; i++)
			if (s->hidx[x->states[i]] >= 0)
				tmp[k++] = s->hidx[x->states[i]];
		for (int a = 0; a < k; a++)
			for (int b = 0; b < k; b++) {
				if (a == b)
					continue;
				int ha = tmp[a], hb = tmp[b];
				bool dup = false;
				for (int i = 0; i < s->nshare[ha]; i++)
					dup |= s->share[ha][i] == hb;
				if (dup)
					continue;
				if ((s->nshare[ha] & (s->nshare[ha] - 1)) == 0) {
					int *v = upr_realloc(s->share[ha],
						(size_t)(s->nshare[ha] ? s->nshare[ha] * 2 : 4) * sizeof(int));
					if (!v) {
						upr_free(tmp);
						return -1;
					}
					s->share[ha] = v;
				}
				s->share[ha][s->nshare[ha]++] = hb;
			}
	}
	upr_free(tmp);
	return 0;
}

/* ------------------------------------------------------------ the costs */

static int64_t unary(const struct solver *s, int h, int slot)
{
	const struct slot *sl = &s->slots[slot];
	const struct upr_state *st = &s->p->states[s->held[h]];
	if (st->room >= 0 && st->room != sl->room)
		return BIG;
	int64_t u = s->ucost[((size_t)h * s->nclasses + s->class_of[sl->room]) * s->nstarts + sl->si];
	if (u >= BIG)
		return BIG;
	if (s->base_start && s->base_start[h] != INT64_MIN &&
	    (s->base_start[h] != s->starts[sl->si] || s->base_room[h] != sl->room))
		u += s->w[UPR_W_MOVED];
	return u;
}

static bool room_free(const struct solver *s, int slot, int ignore)
{
	const struct slot *sl = &s->slots[slot];
	size_t base = (size_t)sl->room * s->nstarts;
	for (int i = s->conf_lo[sl->si]; i <= s->conf_hi[sl->si]; i++) {
		int o = s->slot_at[base + i];
		if (o >= 0 && s->occ[o] >= 0 && s->occ[o] != ignore)
			return false;
	}
	return true;
}

static int64_t review_pair(const struct solver *s, int a, int64_t ta, int b, int64_t tb)
{
	const struct upr_state *x = &s->p->states[s->held[a]], *y = &s->p->states[s->held[b]];
	if (!x->has_review || !y->has_review)
		return 0;
	if (x->review < y->review && ta >= tb)
		return s->w[UPR_W_REVIEW_ORDER];
	if (y->review < x->review && tb >= ta)
		return s->w[UPR_W_REVIEW_ORDER];
	return 0;
}

static bool shares(const struct solver *s, int a, int b)
{
	for (int i = 0; i < s->nshare[a]; i++)
		if (s->share[a][i] == b)
			return true;
	return false;
}

/* Sessions of a and b that share a speaker interact when they run in
 * different rooms less than a session and `travel` apart. */
static bool interact(const struct solver *s, int sa, int sb)
{
	const struct slot *x = &s->slots[sa], *y = &s->slots[sb];
	if (x->room == y->room)
		return false;
	int64_t ta = s->starts[x->si], tb = s->starts[y->si];
	return ta < tb + s->len + s->travel && tb < ta + s->len + s->travel;
}

/* Pair cost of two placed sessions (clash, review order); BIG when they
 * may not run together in the heuristic phases. */
static int64_t pair_cost(const struct solver *s, int a, int sa, int b, int sb)
{
	int64_t ta = s->starts[s->slots[sa].si], tb = s->starts[s->slots[sb].si];
	int64_t c = review_pair(s, a, ta, b, tb);
	if (ta < tb + s->len && tb < ta + s->len)
		for (int i = 0; i < s->nclash[a]; i++)
			if (s->clash[a][i].to == b)
				c += s->clash[a][i].w;
	/* the heuristic phases keep sessions that share a speaker a session
	 * and travel apart, in any room: the same rule as compute_pc */
	if (!s->exact_mode && ta < tb + s->len + s->travel && tb < ta + s->len + s->travel &&
	    shares(s, a, b))
		return BIG;
	return c;
}

/*
 * For State h, the pair cost at every start against every placed State
 * (h itself unplaced), into s->pc, and the coupling conflicts into
 * s->forbid.  Linear in States and starts: histograms and prefix sums.
 */
static void compute_pc(struct solver *s, int h)
{
	int ns = s->nstarts;
	int64_t *pc = s->pc, *diff = s->diff;
	memset(pc, 0, (size_t)ns * sizeof(*pc));
	memset(s->forbid, 0, (size_t)ns * sizeof(int));
	const struct upr_state *st = &s->p->states[s->held[h]];
	int64_t wr = s->w[UPR_W_REVIEW_ORDER];

	if (st->has_review && wr) {
		/* before[i]: placed States reviewed earlier starting at i;
		 * after[i]: reviewed later. */
		int64_t *before = diff, *after = diff + ns + 1;
		memset(before, 0, (size_t)(2 * ns + 2) * sizeof(*before));
		for (int j = 0; j < s->nheld; j++) {
			if (j == h || s->assign[j] < 0)
				continue;
			const struct upr_state *o = &s->p->states[s->held[j]];
			if (!o->has_review || o->review == st->review)
				continue;
			int si = s->slots[s->assign[j]].si;
			if (o->review < st->review)
				before[si]++;
			else
				after[si]++;
		}
		/* h at start i pays for earlier-reviewed at >= i, later-reviewed at <= i */
		int64_t acc = 0;
		for (int i = ns - 1; i >= 0; i--) {
			acc += before[i];
			pc[i] += wr * acc;
		}
		acc = 0;
		for (int i = 0; i < ns; i++) {
			acc += after[i];
			pc[i] += wr * acc;
		}
	}
	/* clash: a range of starts around each neighbour's start */
	memset(diff, 0, (size_t)(ns + 1) * sizeof(*diff));
	bool any = false;
	for (int i = 0; i < s->nclash[h]; i++) {
		int j = s->clash[h][i].to;
		if (s->assign[j] < 0)
			continue;
		int64_t t = s->starts[s->slots[s->assign[j]].si];
		int lo = find_start(s, t - s->len + 1), hi = find_start(s, t + s->len);
		diff[lo] += s->clash[h][i].w;
		diff[hi] -= s->clash[h][i].w;
		any = true;
	}
	if (any) {
		int64_t acc = 0;
		for (int i = 0; i < ns; i++) {
			acc += diff[i];
			pc[i] += acc;
		}
	}
	if (!s->exact_mode) {
		/* shared speakers: keep a session and travel apart (any room, to
		 * stay simple; the exact phase knows better) */
		for (int i = 0; i < s->nshare[h]; i++) {
			int j = s->share[h][i];
			if (s->assign[j] < 0)
				continue;
			int64_t t = s->starts[s->slots[s->assign[j]].si];
			int lo = find_start(s, t - s->len - s->travel + 1);
			int hi = find_start(s, t + s->len + s->travel);
			for (int k = lo; k < hi; k++)
				s->forbid[k]++;
		}
	}
}

/* Cost of h at slot given s->pc/s->forbid of h, without balance. */
static int64_t slot_cost(const struct solver *s, int h, int slot)
{
	const struct slot *sl = &s->slots[slot];
	if (s->forbid[sl->si] && !(s->exact_mode))
		return BIG;
	int64_t u = unary(s, h, slot);
	if (u >= BIG)
		return BIG;
	return u + s->pc[sl->si];
}

/* Inserts slot at cost into the list cand/ccost (n entries, at most max),
 * kept sorted by cost; equal costs keep their order. */
static void top_insert(int *cand, int64_t *ccost, int *n, int max, int slot, int64_t c)
{
	int pos = *n;
	if (pos == max) {
		if (c >= ccost[max - 1])
			return;
		pos = max - 1;
	} else {
		(*n)++;
	}
	while (pos > 0 && ccost[pos - 1] > c) {
		ccost[pos] = ccost[pos - 1];
		cand[pos] = cand[pos - 1];
		pos--;
	}
	ccost[pos] = c;
	cand[pos] = slot;
}

/*
 * The max cheapest free slots of h given s->pc/s->forbid (compute_pc).  The
 * unary cost depends on the room only through its class, so the scan goes
 * over (start, class) pairs and looks for free rooms only where the cost
 * could enter the list; at most two rooms per pair, so that the list holds
 * different times rather than one time in every room.
 */
static void cheapest_slots(struct solver *s, int h, int *cand, int64_t *ccost, int *n, int max)
{
	const struct upr_state *st = &s->p->states[s->held[h]];
	*n = 0;
	if (s->base_start || st->room >= 0) {
		/* `moved` and room pins depend on the room itself */
		for (int sl = 0; sl < s->nslots; sl++) {
			if (s->occ[sl] >= 0)
				continue;
			int64_t c = slot_cost(s, h, sl);
			if (c < BIG && room_free(s, sl, -1))
				top_insert(cand, ccost, n, max, sl, c);
		}
		return;
	}
	size_t per = (size_t)s->nclasses * (size_t)s->nstarts;
	for (int si = 0; si < s->nstarts; si++) {
		if (s->forbid[si] && !s->exact_mode)
			continue;
		for (int c = 0; c < s->nclasses; c++) {
			int64_t u = s->ucost[(size_t)h * per + (size_t)c * s->nstarts + si];
			if (u >= BIG)
				continue;
			int64_t cost = u + s->pc[si];
			if (*n == max && cost >= ccost[max - 1])
				continue;
			int taken = 0;
			for (int k = 0; k < s->nclass_rooms[c] && taken < 2; k++) {
				int r = s->class_rooms[c][k];
				int sl = s->slot_at[(size_t)r * s->nstarts + si];
				if (sl < 0 || s->occ[sl] >= 0 || !room_free(s, sl, -1))
					continue;
				top_insert(cand, ccost, n, max, sl, cost);
				taken++;
			}
		}
	}
}

/* `balance` count of day counts c[0..n) */
static int64_t balance_of(const int *c, int n)
{
	if (n == 0)
		return 0;
	int mx = c[0], mn = c[0];
	for (int i = 1; i < n; i++) {
		if (c[i] > mx)
			mx = c[i];
		if (c[i] < mn)
			mn = c[i];
	}
	return mx - mn;
}

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

/* Full cost of the current complete placement, from scratch. */
static int64_t total_cost(struct solver *s)
{
	int64_t c = 0;
	for (int h = 0; h < s->nheld; h++) {
		if (s->assign[h] < 0)
			return BIG;
		int64_t u = unary(s, h, s->assign[h]);
		if (u >= BIG)
			return BIG;
		c += u;
		for (int i = 0; i < s->nclash[h]; i++) {
			int j = s->clash[h][i].to;
			if (j > h) {
				int64_t ta = s->starts[s->slots[s->assign[h]].si];
				int64_t tb = s->starts[s->slots[s->assign[j]].si];
				if (ta < tb + s->len && tb < ta + s->len)
					c += s->clash[h][i].w;
			}
		}
	}
	for (int a = 0; a < s->nheld; a++)
		for (int b = a + 1; b < s->nheld; b++)
			c += review_pair(s, a, s->starts[s->slots[s->assign[a]].si], b,
					 s->starts[s->slots[s->assign[b]].si]);
	c += s->w[UPR_W_BALANCE] * balance_of(s->day_count, (int)s->p->event.ndays);
	return c;
}

static void place(struct solver *s, int h, int slot)
{
	s->assign[h] = slot;
	s->occ[slot] = h;
	s->day_count[s->slots[slot].day]++;
}

static void unplace(struct solver *s, int h)
{
	int slot = s->assign[h];
	s->occ[slot] = -1;
	s->day_count[s->slots[slot].day]--;
	s->assign[h] = -1;
}

static void save_best(struct solver *s, int64_t cost)
{
	s->best_cost = cost;
	memcpy(s->best, s->assign, (size_t)s->nheld * sizeof(int));
	if (s->o->progress) {
		struct upr_solve_progress pr = { cost, s->lower_bound, now() - s->t0 };
		s->o->progress(s->o->progress_ctx, &pr);
	}
}

/* ------------------------------------------------------ coupled sessions */

/*
 * Sessions that share a speaker and interact must be planned together:
 * depth-first over the component's sessions, each enumerating its running
 * orders below the bound, blocking its shared speakers' times for the rest.
 */
struct coupled {
	struct solver *s;
	int *sess;		/* held indices of the component, by start */
	int n;
	struct upr_blocked *blk;
	size_t nblk, capblk;
	int64_t *lb;		/* uncoupled unary cost of sess[i..] */
	int64_t cost, best;
	long nodes, budget;
	bool cut, oom;
	int depth;
	struct upr_intra_result *res; /* one per depth */
};

static void coupled_level(struct coupled *c, int depth, int64_t cost);

/* Blocks the statements of r (the session at depth) for the later
 * sessions of the component whose States they also speak on. */
static bool add_blocks(struct coupled *c, int depth, const struct upr_intra_result *r)
{
	struct solver *s = c->s;
	int slot = s->assign[c->sess[depth]];
	int64_t cur = s->p->event.opening + s->p->event.state_statement +
		      s->starts[s->slots[slot].si];
	for (int i = 0; i < r->nscheduled; i++) {
		int sp = r->order[i];
		int64_t a = cur, b = cur + r->minutes[i];
		cur = b;
		for (int j = depth + 1; j < c->n; j++) {
			int hj = c->sess[j];
			const struct upr_state *stj = &s->p->states[s->held[hj]];
			bool speaks = false;
			for (size_t k = 0; k < stj->nspeakers; k++)
				speaks |= stj->speakers[k] == sp;
			if (!speaks)
				continue;
			int margin = s->slots[s->assign[hj]].room == s->slots[slot].room ? 0 : s->travel;
			if (c->nblk == c->capblk) {
				size_t cap = c->capblk ? c->capblk * 2 : 16;
				struct upr_blocked *v = upr_realloc(c->blk, cap * sizeof(*v));
				if (!v) {
					c->oom = true;
					return false;
				}
				c->blk = v;
				c->capblk = cap;
			}
			c->blk[c->nblk++] = (struct upr_blocked){ sp, a - margin, b + margin };
		}
	}
	return true;
}

static bool coupled_cb(void *ctx, const struct upr_intra_result *r)
{
	struct coupled *c = ctx;
	int depth = c->depth;
	size_t keep = c->nblk;
	if (!add_blocks(c, depth, r))
		return false;
	coupled_level(c, depth + 1, c->cost + r->cost);
	c->depth = depth;
	c->nblk = keep;
	return !c->cut && !c->oom;
}

/* Each session in start order at its best given the ones before: a joint
 * plan, not always the cheapest, found in one pass.  Its cost, or BIG. */
static int64_t coupled_sequential(struct coupled *c)
{
	struct solver *s = c->s;
	int64_t total = 0;
	for (int d = 0; d < c->n && total < BIG; d++) {
		int h = c->sess[d];
		int slot = s->assign[h];
		long nodes = 0;
		if (upr_intra_best(s->p, s->held[h], s->slots[slot].room, s->starts[s->slots[slot].si],
				   c->blk, c->nblk, COUPLED_NODES, &c->res[d], &nodes) < 0) {
			c->oom = true;
			return BIG;
		}
		c->nodes += nodes;
		if (!c->res[d].feasible || !add_blocks(c, d, &c->res[d]))
			total = BIG;
		else
			total += c->res[d].cost;
	}
	c->nblk = 0;
	return total;
}

static void coupled_level(struct coupled *c, int depth, int64_t cost)
{
	struct solver *s = c->s;
	if (depth == c->n) {
		if (cost < c->best)
			c->best = cost;
		return;
	}
	if (cost + c->lb[depth] >= c->best)
		return;
	int h = c->sess[depth];
	int slot = s->assign[h];
	int64_t saved = c->cost;
	c->cost = cost;
	c->depth = depth;
	long nodes = 0;
	/* the bound for this session's own cost; one budget for the whole
	 * component, nested calls included */
	int64_t bound = c->best - cost - (depth + 1 < c->n ? c->lb[depth + 1] : 0);
	long left = c->budget - c->nodes;
	if (left <= 0) {
		c->cut = true;
		c->cost = saved;
		return;
	}
	if (upr_intra_enum(s->p, s->held[h], s->slots[slot].room, s->starts[s->slots[slot].si],
			   c->blk, c->nblk, bound, left, &c->res[depth], &nodes,
			   coupled_cb, c) < 0)
		c->oom = true;
	if (!c->res[depth].exact)
		c->cut = true;
	c->nodes += nodes;
	if (c->nodes > c->budget)
		c->cut = true;
	c->cost = saved;
}

/* Extra cost that joint planning of interacting sessions adds to the
 * current complete placement: 0 when none interact, BIG when they cannot
 * be planned together for less than limit.  Sets *exact to false when a
 * budget cut it short. */
static int64_t coupling_extra(struct solver *s, int64_t limit, bool *exact)
{
	*exact = true;
	int n = s->nheld;
	int64_t extra = 0;
	/* components by union-find over interacting pairs */
	int *parent = upr_malloc((size_t)(n + 1) * sizeof(int));
	int *members = upr_malloc((size_t)(n + 1) * sizeof(int));
	if (!parent || !members) {
		upr_free(parent);
		upr_free(members);
		*exact = false;
		return BIG;
	}
	bool any = false;
	for (int i = 0; i < n; i++)
		parent[i] = i;
	for (int a = 0; a < n; a++)
		for (int i = 0; i < s->nshare[a]; i++) {
			int b = s->share[a][i];
			if (b <= a || !interact(s, s->assign[a], s->assign[b]))
				continue;
			int ra = a, rb = b;
			while (parent[ra] != ra)
				ra = parent[ra];
			while (parent[rb] != rb)
				rb = parent[rb];
			if (ra != rb)
				parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
			any = true;
		}
	if (!any) {
		upr_free(parent);
		upr_free(members);
		return 0;
	}
	for (int root = 0; root < n && extra < BIG; root++) {
		int k = 0;
		for (int i = 0; i < n; i++) {
			int r = i;
			while (parent[r] != r)
				r = parent[r];
			if (r == root)
				members[k++] = i;
		}
		if (k < 2)
			continue;
		/* by start, then room */
		for (int i = 1; i < k; i++)
			for (int j = i; j > 0 && s->assign[members[j]] < s->assign[members[j - 1]]; j--) {
				int t = members[j];
				members[j] = members[j - 1];
				members[j - 1] = t;
			}
		struct coupled c;
		memset(&c, 0, sizeof(c));
		c.s = s;
		c.sess = members;
		c.n = k;
		c.budget = COUPLED_NODES;
		c.lb = upr_calloc((size_t)k + 1, sizeof(int64_t));
		c.res = upr_calloc((size_t)k, sizeof(*c.res));
		int maxk = 1;
		for (int i = 0; i < k; i++)
			if ((int)s->p->states[s->held[members[i]]].nspeakers > maxk)
				maxk = (int)s->p->states[s->held[members[i]]].nspeakers;
		int *buf = upr_malloc((size_t)k * 3 * maxk * sizeof(int) + 1);
		if (!c.lb || !c.res || !buf) {
			upr_free(c.lb);
			upr_free(c.res);
			upr_free(buf);
			extra = BIG;
			*exact = false;
			break;
		}
		int64_t uncoupled = 0;
		for (int i = k - 1; i >= 0; i--) {
			int h = members[i];
			const struct slot *sl = &s->slots[s->assign[h]];
			int64_t u = s->ucost[((size_t)h * s->nclasses + s->class_of[sl->room]) *
					     s->nstarts + sl->si];
			const struct upr_state *st = &s->p->states[s->held[h]];
			int64_t t = s->starts[sl->si];
			/* the prefer part stays the same; only intra changes */
			if (st->prefer.n && !upr_ivals_contains(&st->prefer, t, t + s->len))
				u -= s->w[UPR_W_PREFER];
			c.lb[i] = u + c.lb[i + 1];
			c.res[i].order = buf + (size_t)i * 3 * maxk;
			c.res[i].minutes = c.res[i].order + maxk;
			c.res[i].waitlisted = c.res[i].order + 2 * maxk;
		}
		uncoupled = c.lb[0];
		/* only a joint plan below the limit matters */
		c.best = limit - extra < BIG - uncoupled ? uncoupled + (limit - extra) : BIG;
		int64_t ceiling = c.best;
		/* one pass first: it usually costs no more than apart, and
		 * then it is optimal and nothing is left to search */
		int64_t seq = coupled_sequential(&c);
		if (seq < c.best)
			c.best = seq;
		if (c.best > uncoupled && !c.oom)
			coupled_level(&c, 0, 0);
		s->stats->intra_nodes += c.nodes;
		if (c.cut || c.oom)
			*exact = false;
		if (c.best >= ceiling)
			extra = BIG;
		else
			extra += c.best - uncoupled;
		upr_free(c.lb);
		upr_free(c.res);
		upr_free(c.blk);
		upr_free(buf);
	}
	upr_free(parent);
	upr_free(members);
	return extra;
}

/* ------------------------------------------------------------ greedy */

/* Places h at its cheapest free slot (balance included).  Returns false
 * when none is free. */
static bool insert_best(struct solver *s, int h)
{
	compute_pc(s, h);
	int best = -1;
	int64_t bc = BIG;
	int nd = (int)s->p->event.ndays;
	int64_t bal_now = balance_of(s->day_count, nd);
	for (int k = 0; k < s->nslots; k++) {
		if (s->occ[k] >= 0)
			continue;
		int64_t c = slot_cost(s, h, k);
		if (c >= BIG || c >= bc)
			continue;
		if (!room_free(s, k, -1))
			continue;
		s->day_count[s->slots[k].day]++;
		c += s->w[UPR_W_BALANCE] * (balance_of(s->day_count, nd) - bal_now);
		s->day_count[s->slots[k].day]--;
		if (c < bc) {
			bc = c;
			best = k;
		}
	}
	if (best < 0)
		return false;
	place(s, h, best);
	return true;
}

static int64_t state_key(const struct solver *s, int h)
{
	const struct upr_state *st = &s->p->states[s->held[h]];
	return st->has_review ? st->review : INT64_MAX;
}

static int greedy(struct solver *s)
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
			c += unary(s, h, k) < BIG;
		nfree[h] = c;
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			int a = order[j], b = order[j - 1];
			int ba = nfree[a] * 10 >= s->nslots, bb = nfree[b] * 10 >= s->nslots;
			bool less = ba != bb ? ba < bb
				  : state_key(s, a) != state_key(s, b) ? state_key(s, a) < state_key(s, b)
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

/* ------------------------------------------------------ branch and bound */

/*
 * Min-cost assignment of m rows to distinct columns (m <= k), the
 * Hungarian method with potentials: c is m x k, row-major, HUNG_INF for a
 * forbidden pair.  Returns the optimum (>= HUNG_INF when every assignment
 * uses a forbidden pair) and the duals: u[1..m], v[1..k] with
 * u_i + v_j <= c_ij and v_j <= 0, so that any assignment costs at least the
 * optimum plus the reduced costs c_ij - u_i - v_j of its pairs.  Scratch:
 * p, way (k + 1), minv (k + 1), used (k + 1).  O(m^2 k).
 */
/* Far above any option's cost (weights are at most 10^9, a session prices
 * at most a few hundred items) and far below overflow when m of them add. */
#define HUNG_INF ((int64_t)1 << 50)

static int64_t hungarian(const int64_t *c, int m, int k, int64_t *u, int64_t *v,
			 int *p, int *way, int64_t *minv, bool *used)
{
	for (int j = 0; j <= k; j++) {
		v[j] = 0;
		p[j] = 0;
	}
	for (int i = 0; i <= m; i++)
		u[i] = 0;
	for (int i = 1; i <= m; i++) {
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

struct bb {
	struct solver *s;
	int64_t **cand_cost;	/* scratch per depth: cost per slot */
	int64_t *cost;		/* scratch of one node: [held][slot] option costs */
	int64_t *mn;		/* [held]: cheapest option */
	uint64_t *allow;	/* scratch of one node: [unplaced] days within the gap */
	/* the assignment bound's scratch: matrix [unplaced][column], its
	 * columns' slots, the unplaced States, duals and the method's own */
	int64_t *am, *au, *av, *aminv;
	int *arow, *ap, *away;
	bool *aused;
	/* Cells: a room's starts cut into runs of one session length; two
	 * sessions that start in one cell overlap, so a cell holds one
	 * session, and the assignment's columns are cells, not slots (in one
	 * room 10:00 and 10:30 are one cell). */
	/* the order bound's tables, [ordered State][start]: costs, forward
	 * and backward passes; the ordered States; held -> index in allow */
	int64_t *dpc, *dpf, *dpb;
	int *ord, *allow_of;
	int *cell;		/* slot -> cell */
	int *cellcol;		/* cell -> column of this node, -1 */
	int ncells;
	long nodes, budget;
	bool complete;
};

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
	if (s->stop || out_of_time(s)) {
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
		int64_t c = partial + s->w[UPR_W_BALANCE] * balance_of(s->day_count, nd);
		if (c >= s->best_cost)
			return;
		bool exact = true;
		int64_t extra = coupling_extra(s, s->best_cost - c, &exact);
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
			save_best(s, c + extra);
		if (s->best_cost <= s->lower_bound)
			s->stop = true;	/* nothing better exists */
		return;
	}
	/* choose the unplaced State with the fewest options; bound with the
	 * cheapest option of every unplaced State */
	int64_t lb = partial;
	int pick = -1, pick_n = INT32_MAX;
	int64_t *cc = b->cand_cost[depth];
	size_t ns = (size_t)s->nslots;
	for (int h = 0; h < n; h++) {
		if (s->assign[h] >= 0)
			continue;
		compute_pc(s, h);
		int64_t *row = b->cost + (size_t)h * ns;
		int cnt = 0;
		int64_t mn = BIG;
		for (int k = 0; k < s->nslots; k++) {
			row[k] = BIG;
			if (s->occ[k] >= 0 || !room_free(s, k, -1))
				continue;
			int64_t c = slot_cost(s, h, k);
			if (c >= BIG)
				continue;
			row[k] = c;
			cnt++;
			if (c < mn)
				mn = c;
		}
		if (cnt == 0)
			return;	/* dead end */
		b->mn[h] = mn;
		lb += mn;
		if (lb >= s->best_cost)
			return;
		if (cnt < pick_n || (cnt == pick_n && state_key(s, h) < state_key(s, pick))) {
			pick = h;
			pick_n = cnt;
		}
	}
	/* The cheapest options of several States are often one slot (the
	 * one room, a popular day): the min-cost assignment of the unplaced
	 * States to distinct slots bounds them together, and its duals'
	 * reduced costs replace the distances to each State's cheapest
	 * option below (rows become reduced costs, minima 0). */
	bool strong = !s->o->simple_bound;
	if (strong && n - depth > 1) {
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
			return;
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
		int64_t a = hungarian(b->am, m, kc, b->au, b->av, b->ap, b->away, b->aminv,
				      b->aused);
		if (a >= HUNG_INF || partial + a >= s->best_cost)
			return;
		lb = partial + a;
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
	}
	int64_t wb = s->w[UPR_W_BALANCE];
	int64_t bal = balance_bound(s->day_count, nd, n - depth);
	lb += wb * bal;
	if (lb >= s->best_cost)
		return;
	/* Reduced-cost reasoning: a completion cheaper than the best keeps
	 * every unplaced State within `gap` of its cheapest option.  Within
	 * those options, a State reviewed earlier that cannot start before a
	 * State reviewed later pays review-order for sure. */
	int64_t wr = s->w[UPR_W_REVIEW_ORDER];
	int64_t base_lb = lb, forced = 0;
	/* each round's forced pairs shrink the gap, which may force more */
	for (int round = 0; round < 3 && wr > 0 && n - depth > 1; round++) {
		int64_t gap = s->best_cost - base_lb - forced;
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
		if (base_lb + forced >= s->best_cost)
			return;
	}
	lb = base_lb + forced;
	/* Order: when the gap is below review-order's weight, a completion
	 * cheaper than the best has no pair of unplaced States in the wrong
	 * order, so those with a review time take strictly increasing starts
	 * in review order.  The cheapest such sequence of reduced costs adds
	 * to the assignment's optimum (forward pass F over the starts, State
	 * by State); with the backward pass B, a State may take start t only
	 * when the cheapest sequence through it, F + B - its cost, stays
	 * within the gap, which narrows its days for the day bound.  Equal
	 * review times impose no order: then not used. */
	int nord = 0;
	int64_t seq = 0;
	int ns_ = s->nstarts;
	if (strong && wr > 0 && forced == 0 && s->best_cost - base_lb <= wr &&
	    n - depth > 1) {
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
			if (seq >= BIG || base_lb + seq >= s->best_cost)
				return;
			lb = base_lb + seq;
		}
	}
	/* Days: a completion cheaper than the best puts each unplaced State
	 * on a day of an option within the gap; when those days cannot be
	 * spread evenly, balance costs more than the free spread. */
	if (strong && wb > 0 && nd <= 64 && n - depth > 0) {
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
		for (int i = 0; i < nord; i++) {
			const int64_t *c = b->dpc + (size_t)i * (size_t)ns_;
			const int64_t *fi = b->dpf + (size_t)i * (size_t)ns_;
			const int64_t *bi = b->dpb + (size_t)i * (size_t)ns_;
			uint64_t mask = 0;
			for (int t = 0; t < ns_; t++)
				if (fi[t] < BIG && bi[t] < BIG &&
				    base_lb + fi[t] + bi[t] - c[t] < s->best_cost)
					mask |= (uint64_t)1 << s->start_day[t];
			/* the gap above counts the sequence's cost once for
			 * the States outside it; a State in it has its own */
			b->allow[b->allow_of[b->ord[i]]] = mask;
		}
		int64_t days = balance_bound_days(s->day_count, nd, b->allow, m);
		if (days > bal) {
			lb += wb * (days - bal);
			if (lb >= s->best_cost)
				return;
		}
	}
	/* the root's bound holds for every timetable: report it */
	if (depth == 0 && lb > s->lower_bound)
		s->lower_bound = lb;

	compute_pc(s, pick);
	for (int k = 0; k < s->nslots; k++)
		cc[k] = (s->occ[k] >= 0 || !room_free(s, k, -1)) ? BIG : slot_cost(s, pick, k);
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
		place(s, pick, bk);
		bb_node(b, depth + 1, partial + bc);
		unplace(s, pick);
		if (s->stop)
			break;
	}
}

static int branch_and_bound(struct solver *s, long budget)
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
					unplace(s, h);
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
					place(s, h, saved[h]);
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

/* Root lower bound: each State's cheapest slot alone, plus balance. */
static int64_t root_bound(struct solver *s)
{
	int64_t lb = 0;
	for (int h = 0; h < s->nheld; h++) {
		int64_t mn = BIG;
		for (int k = 0; k < s->nslots; k++) {
			int64_t u = unary(s, h, k);
			if (u < mn)
				mn = u;
		}
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

/* ---------------------------------------------- large-neighbourhood search */

#define LNS_CANDS 10
#define LNS_MAXK 6
#define LNS_NODES 2000	/* per repair: the repair is exact only when small */

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
};

static void lns_dfs(struct lns *l, int i, int64_t acc)
{
	struct solver *s = l->s;
	if (++l->nodes > LNS_NODES)
		return;
	int nd = (int)s->p->event.ndays;
	if (i == l->k) {
		int64_t c = acc + s->w[UPR_W_BALANCE] * balance_of(s->day_count, nd);
		if (c < l->best) {
			l->best = c;
			memcpy(l->best_choice, l->choice, sizeof(l->choice));
		}
		return;
	}
	int h = l->freed[i];
	for (int c = 0; c < l->ncand[i]; c++) {
		int slot = l->cand[i][c];
		if (s->occ[slot] >= 0 || !room_free(s, slot, -1))
			continue;
		int64_t add = l->ccost[i][c];
		bool bad = false;
		for (int j = 0; j < i && !bad; j++) {
			int64_t pcst = pair_cost(s, h, slot, l->freed[j], s->assign[l->freed[j]]);
			if (pcst >= BIG)
				bad = true;
			add += pcst;
		}
		if (bad || acc + add >= l->best)
			continue;
		place(s, h, slot);
		l->choice[i] = slot;
		lns_dfs(l, i + 1, acc + add);
		unplace(s, h);
	}
}

/* Picks up to k States related to a random one: same day, shared
 * delegations or speakers, or neighbours in review order. */
static int pick_related(struct solver *s, int k, int *out)
{
	int n = s->nheld;
	int seed = (int)(rnd(s) % (uint64_t)n);
	int m = 0;
	out[m++] = seed;
	int kind = (int)(rnd(s) % 4);
	for (int tries = 0; m < k && tries < 8 * k; tries++) {
		int cand;
		int base = out[rnd(s) % (uint64_t)m];
		if (kind == 3) {
			/* a neighbour in review order: together they can trade
			 * places, which single moves cannot without passing
			 * through a worse order */
			int pos = s->rev_pos[base] + (rnd(s) % 2 ? 1 : -1);
			if (pos < 0 || pos >= n)
				continue;
			cand = s->rev_order[pos];
		} else if (kind == 0 && s->nclash[base]) {
			cand = s->clash[base][rnd(s) % (uint64_t)s->nclash[base]].to;
		} else if (kind == 1) {
			/* same day as base */
			int day = s->slots[s->assign[base]].day;
			cand = (int)(rnd(s) % (uint64_t)n);
			for (int t = 0; t < n && s->slots[s->assign[cand]].day != day; t++)
				cand = (cand + 1) % n;
		} else {
			cand = (int)(rnd(s) % (uint64_t)n);
		}
		bool dup = false;
		for (int i = 0; i < m; i++)
			dup |= out[i] == cand;
		if (!dup)
			out[m++] = cand;
	}
	return m;
}

static void lns(struct solver *s, long patience)
{
	int n = s->nheld;
	int nd = (int)s->p->event.ndays;
	if (n < 2)
		return;
	struct lns l;
	s->cost = total_cost(s);
	long since = 0;
	while (!out_of_time(s) && since++ < patience) {
		s->stats->lns_iterations++;
		int k = 2 + (int)(rnd(s) % (uint64_t)(LNS_MAXK - 1));
		if (k > n)
			k = n;
		memset(&l, 0, sizeof(l));
		l.s = s;
		l.k = pick_related(s, k, l.freed);
		/* The freed part's cost now: unary and pairs with the fixed rest
		 * (s->pc, computed with all freed ones unplaced), pairs among
		 * them, and balance.  A repair must not cost more. */
		int old_slot[LNS_MAXK];
		for (int i = 0; i < l.k; i++)
			old_slot[i] = s->assign[l.freed[i]];
		int64_t old = s->w[UPR_W_BALANCE] * balance_of(s->day_count, nd);
		for (int i = 0; i < l.k; i++)
			unplace(s, l.freed[i]);
		for (int i = 0; i < l.k; i++) {
			int h = l.freed[i];
			compute_pc(s, h);
			old += slot_cost(s, h, old_slot[i]);
			for (int j = 0; j < i; j++)
				old += pair_cost(s, h, old_slot[i], l.freed[j], old_slot[j]);
			/* the cheapest slots given the fixed rest */
			cheapest_slots(s, h, l.cand[i], l.ccost[i], &l.ncand[i], LNS_CANDS);
		}
		if (old >= BIG) {
			/* the current placement breaks the search's own rules
			 * (never from its own moves): nothing to compare with */
			for (int i = 0; i < l.k; i++)
				place(s, l.freed[i], old_slot[i]);
			break;
		}
		/* ties are accepted (plateau moves): search below old + 1 */
		int64_t old_total_part = old;
		l.best = old + 1;
		lns_dfs(&l, 0, 0);
		/* work units: an iteration is 10, its repair's nodes add */
		s->work += 10 + l.nodes / 100;
		if (l.best <= old_total_part) {
			for (int i = 0; i < l.k; i++)
				place(s, l.freed[i], l.best_choice[i]);
			int64_t nc = s->cost - old_total_part + l.best;
			if (nc < s->cost) {
				since = 0;
				s->stats->lns_improvements++;
				s->cost = nc;
				if (nc < s->best_cost)
					save_best(s, nc);
			}
		} else {
			for (int i = 0; i < l.k; i++)
				place(s, l.freed[i], old_slot[i]);
		}
		if (s->best_cost <= s->lower_bound)
			break;
	}
}

/* ---------------------------------------------------- the timetable */

static int build_timetable(struct solver *s, struct upr_timetable *t)
{
	const struct upr_problem *p = s->p;
	int n = s->nheld;
	struct upr_arena *a = &t->arena;
	t->sessions = upr_arena_alloc(a, ((size_t)n + 1) * sizeof(*t->sessions));
	size_t nwl = 0, nnot = 0;
	for (size_t i = 0; i < p->nstates; i++)
		if (s->hidx[i] < 0)
			nnot++;
	for (size_t i = 0; i < p->nspeakers; i++)
		nwl += p->speakers[i].nstates;
	t->waitlist = upr_arena_alloc(a, (nwl + 1) * sizeof(*t->waitlist));
	t->not_held = upr_arena_alloc(a, (nnot + 1) * sizeof(*t->not_held));
	if (!t->sessions || !t->waitlist || !t->not_held)
		return -1;
	for (size_t i = 0; i < p->nstates; i++) {
		if (s->hidx[i] >= 0)
			continue;
		const struct upr_state *st = &p->states[i];
		t->not_held[t->nnot_held].state = (int)i;
		t->not_held[t->nnot_held].reason =
			st->nspeakers == 0
			? upr_arena_printf(a, "no speakers (session.min_statements is %d)",
					   p->event.min_statements)
			: upr_arena_printf(a, "%zu speaker%s, fewer than session.min_statements (%d)",
					   st->nspeakers, st->nspeakers == 1 ? "" : "s",
					   p->event.min_statements);
		if (!t->not_held[t->nnot_held].reason)
			return -1;
		t->nnot_held++;
	}

	memcpy(s->assign, s->best, (size_t)n * sizeof(int));
	/* Sessions planned jointly (shared speakers) in start order: each
	 * one's statements block its speakers for the later ones. */
	int *order = upr_malloc(((size_t)n + 1) * sizeof(int));
	int maxk = 1;
	for (int h = 0; h < n; h++)
		if ((int)p->states[s->held[h]].nspeakers > maxk)
			maxk = (int)p->states[s->held[h]].nspeakers;
	int *buf = upr_malloc((size_t)maxk * 3 * sizeof(int));
	size_t capblk = 16, nblk = 0;
	struct upr_blocked *blk = upr_malloc(capblk * sizeof(*blk));
	if (!order || !buf || !blk) {
		upr_free(order);
		upr_free(buf);
		upr_free(blk);
		return -1;
	}
	for (int h = 0; h < n; h++)
		order[h] = h;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && s->assign[order[j]] < s->assign[order[j - 1]]; j--) {
			int x = order[j];
			order[j] = order[j - 1];
			order[j - 1] = x;
		}
	int rc = 0;
	struct upr_intra_result res = { .order = buf, .minutes = buf + maxk, .waitlisted = buf + 2 * maxk };
	for (int i = 0; i < n && rc == 0; i++) {
		int h = order[i];
		const struct slot *sl = &s->slots[s->assign[h]];
		int64_t start = s->starts[sl->si];
		/* blocked: statements of this State's speakers already placed
		 * in interacting sessions */
		nblk = 0;
		for (size_t j = 0; j < t->nsessions; j++) {
			const struct upr_session *o = &t->sessions[j];
			for (size_t q = 0; q < o->nstmts; q++) {
				const struct upr_stmt *x = &o->stmts[q];
				const struct upr_speaker *sp = &p->speakers[x->speaker];
				bool mine = false;
				for (size_t z = 0; z < sp->nstates; z++)
					mine |= sp->states[z] == s->held[h];
				if (!mine)
					continue;
				int margin = o->room == sl->room ? 0 : s->travel;
				if (nblk == capblk) {
					capblk *= 2;
					struct upr_blocked *v = upr_realloc(blk, capblk * sizeof(*v));
					if (!v) {
						rc = -1;
						break;
					}
					blk = v;
				}
				blk[nblk++] = (struct upr_blocked){ x->speaker, x->start - margin,
								    x->start + x->minutes + margin };
			}
		}
		if (rc)
			break;
		if (upr_intra_best(p, s->held[h], sl->room, start, blk, nblk, 2000000, &res,
				   &s->stats->intra_nodes) < 0) {
			rc = -1;
			break;
		}
		if (!res.feasible) {
			rc = 1;	/* the joint plan failed: caller treats as infeasible */
			break;
		}
		struct upr_session *ss = &t->sessions[t->nsessions++];
		ss->state = s->held[h];
		ss->room = sl->room;
		ss->start = start;
		ss->end = start + s->len;
		ss->nstmts = (size_t)res.nscheduled;
		ss->stmts = upr_arena_alloc(a, ((size_t)res.nscheduled + 1) * sizeof(*ss->stmts));
		if (!ss->stmts) {
			rc = -1;
			break;
		}
		int64_t cur = upr_session_first_stmt(p, ss);
		for (int q = 0; q < res.nscheduled; q++) {
			ss->stmts[q] = (struct upr_stmt){ res.order[q], cur, res.minutes[q] };
			cur += res.minutes[q];
		}
		for (int q = 0; q < res.nwaitlisted; q++) {
			const struct upr_speaker *sp = &p->speakers[res.waitlisted[q]];
			bool fits = upr_room_has_language(&p->rooms[sl->room], sp->language) &&
				    (!sp->remote || p->rooms[sl->room].video);
			char l[3];
			upr_lang_format(sp->language, l);
			t->waitlist[t->nwaitlist].speaker = res.waitlisted[q];
			t->waitlist[t->nwaitlist].state = s->held[h];
			/* how many of this State's speakers the room can take */
			const struct upr_state *st = &p->states[s->held[h]];
			int takes = 0;
			for (size_t z = 0; z < st->nspeakers; z++) {
				const struct upr_speaker *o = &p->speakers[st->speakers[z]];
				takes += upr_room_has_language(&p->rooms[sl->room], o->language) &&
					 (!o->remote || p->rooms[sl->room].video);
			}
			int cap = upr_statement_minutes(p) / p->event.statement_min;
			bool lang_ok = upr_room_has_language(&p->rooms[sl->room], sp->language);
			t->waitlist[t->nwaitlist].reason =
				!fits ? (lang_ok ? upr_arena_printf(a, "room %s has no video",
								     p->rooms[sl->room].name)
					 : upr_arena_printf(a, "room %s does not offer '%s'",
							    p->rooms[sl->room].name, l))
				: takes > cap
				? upr_arena_printf(a, "the session of %s holds at most %d statements of %d minutes; the lowest priorities wait (priority %d)",
						   st->name, cap, p->event.statement_min, sp->priority)
				: upr_arena_printf(a, "its availability (or travel between rooms) does not fit the session of %s with the other speakers",
						   st->name);
			if (!t->waitlist[t->nwaitlist].reason) {
				rc = -1;
				break;
			}
			t->nwaitlist++;
		}
	}
	upr_free(order);
	upr_free(buf);
	upr_free(blk);
	upr_timetable_sort(t);
	return rc;
}

/* ---------------------------------------------------------- the driver */

static void solver_release(struct solver *s)
{
	for (int c = 0; s->class_rooms && c < s->nclasses; c++)
		upr_free(s->class_rooms[c]);
	upr_free(s->class_rooms);
	upr_free(s->nclass_rooms);
	upr_free(s->class_of);
	upr_free(s->class_room);
	upr_free(s->starts);
	upr_free(s->start_day);
	upr_free(s->slots);
	upr_free(s->slot_at);
	upr_free(s->conf_lo);
	upr_free(s->conf_hi);
	upr_free(s->held);
	upr_free(s->hidx);
	upr_free(s->ucost);
	for (int h = 0; s->clash && h < s->nheld; h++)
		upr_free(s->clash[h]);
	for (int h = 0; s->share && h < s->nheld; h++)
		upr_free(s->share[h]);
	upr_free(s->clash);
	upr_free(s->nclash);
	upr_free(s->share);
	upr_free(s->nshare);
	upr_free(s->base_start);
	upr_free(s->base_room);
	upr_free(s->assign);
	upr_free(s->occ);
	upr_free(s->day_count);
	upr_free(s->best);
	upr_free(s->heur);
	upr_free(s->rev_order);
	upr_free(s->rev_pos);
	upr_free(s->pc);
	upr_free(s->forbid);
	upr_free(s->diff);
}

struct rev_item {
	int64_t key;
	int h;
};

static int cmp_rev(const void *pa, const void *pb)
{
	const struct rev_item *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->h < b->h ? -1 : a->h > b->h;
}

/* Fills rev_order and rev_pos: the held States by review time, those
 * without one last, ties by index. */
static int sort_by_review(struct solver *s)
{
	int n = s->nheld;
	struct rev_item *it = upr_malloc(((size_t)n + 1) * sizeof(*it));
	if (!it)
		return -1;
	for (int h = 0; h < n; h++)
		it[h] = (struct rev_item){ state_key(s, h), h };
	qsort(it, (size_t)n, sizeof(*it), cmp_rev);
	for (int i = 0; i < n; i++) {
		s->rev_order[i] = it[i].h;
		s->rev_pos[it[i].h] = i;
	}
	upr_free(it);
	return 0;
}

static int setup(struct solver *s)
{
	const struct upr_problem *p = s->p;
	s->held = upr_malloc((p->nstates + 1) * sizeof(int));
	s->hidx = upr_malloc((p->nstates + 1) * sizeof(int));
	if (!s->held || !s->hidx)
		return -1;
	for (size_t i = 0; i < p->nstates; i++) {
		s->hidx[i] = -1;
		if (upr_state_held(p, (int)i) && (!s->keep || s->keep[i])) {
			s->hidx[i] = s->nheld;
			s->held[s->nheld++] = (int)i;
		}
	}
	if (build_classes(s) < 0 || build_slots(s) < 0)
		return -1;
	int n = s->nheld;
	s->assign = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->best = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->heur = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->occ = upr_malloc(((size_t)s->nslots + 1) * sizeof(int));
	s->day_count = upr_calloc(p->event.ndays + 1, sizeof(int));
	s->pc = upr_malloc(((size_t)s->nstarts + 1) * sizeof(int64_t));
	s->forbid = upr_malloc(((size_t)s->nstarts + 1) * sizeof(int));
	s->diff = upr_malloc((2 * (size_t)s->nstarts + 2) * sizeof(int64_t));
	s->rev_order = upr_malloc(((size_t)n + 1) * sizeof(int));
	s->rev_pos = upr_malloc(((size_t)n + 1) * sizeof(int));
	if (!s->assign || !s->best || !s->heur || !s->occ || !s->day_count || !s->pc ||
	    !s->forbid || !s->diff || !s->rev_order || !s->rev_pos)
		return -1;
	if (sort_by_review(s) < 0)
		return -1;
	for (int h = 0; h < n; h++)
		s->assign[h] = s->best[h] = -1;
	for (int k = 0; k < s->nslots; k++)
		s->occ[k] = -1;
	if (s->o->baseline) {
		s->base_start = upr_malloc(((size_t)n + 1) * sizeof(int64_t));
		s->base_room = upr_malloc(((size_t)n + 1) * sizeof(int));
		if (!s->base_start || !s->base_room)
			return -1;
		for (int h = 0; h < n; h++)
			s->base_start[h] = INT64_MIN;
		const struct upr_timetable *b = s->o->baseline;
		for (size_t i = 0; i < b->nsessions; i++) {
			int h = s->hidx[b->sessions[i].state];
			if (h >= 0 && s->base_start[h] == INT64_MIN) {
				s->base_start[h] = b->sessions[i].start;
				s->base_room[h] = b->sessions[i].room;
			}
		}
	}
	if (build_unary(s) < 0 || build_pairs(s) < 0)
		return -1;
	return 0;
}

int upr_solve_subset(const struct upr_problem *p, const unsigned char *keep, long budget)
{
	struct upr_solve_stats stats;
	struct upr_solve_opts o;
	memset(&stats, 0, sizeof(stats));
	memset(&o, 0, sizeof(o));
	o.seed = 1;
	struct solver s;
	memset(&s, 0, sizeof(s));
	s.p = p;
	s.o = &o;
	s.stats = &stats;
	s.keep = keep;
	s.len = p->event.session_length;
	s.travel = p->event.travel;
	s.gap = p->event.gap;
	memcpy(s.w, p->event.weights, sizeof(s.w));
	s.rng = 1;
	s.t0 = now();
	s.work_limit = budget * 4;
	s.best_cost = BIG;
	s.min_uncertain = BIG;
	int rc = -1;
	if (setup(&s) < 0)
		goto done;
	/* any timetable will do: stop at the first */
	s.lower_bound = BIG - 1;
	int g = greedy(&s);
	if (g < 0)
		goto done;
	if (g == 1) {
		rc = 1;
		goto done;
	}
	s.lower_bound = BIG;
	if (branch_and_bound(&s, budget) < 0)
		goto done;
	rc = s.best_cost < BIG ? 1 : stats.bb_complete && !s.unary_inexact ? 0 : 2;
done:
	solver_release(&s);
	return rc;
}

int upr_solve(const struct upr_problem *p, const struct upr_solve_opts *o,
	      struct upr_timetable **out, struct upr_diags *diags,
	      struct upr_solve_stats *stats)
{
	struct upr_solve_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	struct solver s;
	memset(&s, 0, sizeof(s));
	s.p = p;
	s.o = o;
	s.stats = stats;
	s.len = p->event.session_length;
	s.travel = p->event.travel;
	s.gap = p->event.gap;
	memcpy(s.w, p->event.weights, sizeof(s.w));
	/* splitmix64 is fine from any state, 0 included: the seed is the state */
	s.rng = o->seed;
	s.t0 = now();
	s.time_limit = o->time_limit;
	long effort = o->effort > 0 ? o->effort : UPR_DEFAULT_EFFORT;
	s.work_limit = effort * 4;
	s.best_cost = BIG;
	s.min_uncertain = BIG;
	*out = NULL;

	int rc = -1;
	if (setup(&s) < 0)
		goto done;
	stats->seconds_setup = now() - s.t0;

	s.lower_bound = root_bound(&s);
	int g = greedy(&s);
	if (g < 0)
		goto done;
	if (o->exact_only) {
		for (int h = 0; h < s.nheld; h++)
			if (s.assign[h] >= 0)
				unplace(&s, h);
		g = 0;
	}
	stats->greedy_cost = -1;
	if (g == 1) {
		s.cost = total_cost(&s);
		if (s.cost < BIG) {
			save_best(&s, s.cost);
			stats->greedy_cost = s.cost;
		}
	}
	/* Inputs small enough for the exact search (a real round) go to it
	 * straight from the greedy start: its bounds prune well from any
	 * fair incumbent, and it proves most of them optimal; what it leaves
	 * unproven goes to the neighbourhood search with the rest of the
	 * effort.  Larger inputs get the neighbourhood search with the whole
	 * effort, then the exact search's root bound.  The neighbourhood
	 * search stops early after a long run of repairs that brought
	 * nothing (1000 + 20 per State: on the 42 States of the benchmark's
	 * M, improvements still came after 500 fruitless repairs). */
	bool small = s.nheld <= EXACT_MAX_STATES;
	long patience = 1000 + 20L * s.nheld;
	if (g == 1 && s.best_cost > s.lower_bound && !small) {
		s.work_limit = s.work + effort;
		lns(&s, patience);
		s.stop = false;
	}
	if (s.best_cost < BIG) {
		memcpy(s.heur, s.best, (size_t)s.nheld * sizeof(int));
		s.have_heur = true;
	}
	if (s.best_cost > s.lower_bound && (small || g != 1)) {
		s.work_limit = s.work + effort;
		if (branch_and_bound(&s, effort) < 0)
			goto done;
		s.stop = false;
		if (stats->bb_complete)
			s.optimal = !s.unary_inexact && s.best_cost < BIG;
	}
	/* after the exact search, the rest of the effort; inputs too large
	 * for it had the whole effort already */
	if (small || g != 1)
		s.work_limit = s.work + effort;
	if (!s.optimal && s.best_cost < BIG && s.best_cost > s.lower_bound &&
	    !out_of_time(&s)) {
		/* continue from the best if it keeps shared speakers a session
		 * and travel apart in any room, the rule of the neighbourhood
		 * search (pair_cost); the exact search may place them closer,
		 * and the neighbourhood search's sums are not defined there,
		 * so then from the best before the exact search */
		for (int h = 0; h < s.nheld; h++)
			if (s.assign[h] >= 0)
				unplace(&s, h);
		for (int h = 0; h < s.nheld; h++)
			place(&s, h, s.best[h]);
		bool near = false;
		for (int a = 0; a < s.nheld && !near; a++)
			for (int i = 0; i < s.nshare[a]; i++)
				near |= pair_cost(&s, a, s.assign[a], s.share[a][i],
						  s.assign[s.share[a][i]]) >= BIG;
		if (near && s.have_heur) {
			for (int h = 0; h < s.nheld; h++)
				unplace(&s, h);
			for (int h = 0; h < s.nheld; h++)
				place(&s, h, s.heur[h]);
			near = false;
		}
		if (!near)
			lns(&s, patience);
	}
	if (!s.optimal && !small && s.best_cost < BIG && s.best_cost > s.lower_bound &&
	    s.nheld <= 400) {
		/* too many States to search exactly, but the exact search's
		 * root bound (assignment, days, review order within the gap to
		 * the best) is stronger than the cheapest options alone; one
		 * node, whatever is left of the effort */
		s.stop = false;
		s.work_limit = s.work + 2;
		if (branch_and_bound(&s, 1) < 0)
			goto done;
		stats->bb_complete = false;
	}
	if (s.best_cost <= s.lower_bound && s.best_cost < BIG && !s.unary_inexact)
		s.optimal = true;
	stats->seconds_search = now() - s.t0 - stats->seconds_setup;

	if (s.best_cost >= BIG) {
		rc = upr_explain_infeasible(p, diags, stats->bb_complete) < 0 ? -1 : 1;
		goto done;
	}
	struct upr_timetable *t = upr_timetable_new();
	if (!t)
		goto done;
	int b = build_timetable(&s, t);
	if (b != 0) {
		upr_timetable_free(t);
		if (b > 0) {
			rc = upr_explain_infeasible(p, diags, false) < 0 ? -1 : 1;
		}
		goto done;
	}
	t->seed = o->seed;
	t->optimal = s.optimal;
	t->lower_bound = s.optimal ? s.best_cost : (s.lower_bound < BIG ? s.lower_bound : 0);
	*out = t;
	rc = 0;
done:
	solver_release(&s);
	return rc;
}
