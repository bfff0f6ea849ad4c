/*
 * solve.c - the driver: which phase runs, with how much effort, in what
 * order.
 *
 *   1. setup (slots.c): slots, prices, pairs; the root bound (bounds.c);
 *   2. greedy (greedy.c): every State at its cheapest slot;
 *   3. inputs of at most EXACT_MAX_STATES held States: branch and bound
 *      (bb.c) from the greedy start, which usually proves the optimum;
 *      larger ones: neighbourhood search (lns.c) with the whole effort;
 *   4. what is left unproven: neighbourhood search with the rest of the
 *      effort, then restarts of it from the best, perturbed (restart.c),
 *      until the effort is spent or the best meets the bound; then, for
 *      up to 64 States, the dynamic-programming bound (dp.c), which may
 *      prove the best optimal; for large inputs one node of the exact
 *      search, whose bounds are stronger than the root's;
 *   5. the best placement to a timetable (timetable.c).
 *
 * Phases 3 and 4 are upr_sv_search.  Inputs of EXACT_MAX_STATES + 1 to
 * CHAIN_MAX_STATES held States run a second chain of phases 1-4 in a
 * thread (portfolio.c), whose best replaces this one's when cheaper,
 * before the dynamic-programming bound.
 *
 * upr_solve only plans: when no timetable is found it says so
 * (UPR_SOLVE_NONE) and the caller asks explain.h why; explain calls
 * upr_solve_subset here, never the reverse.
 *
 * Determinism: no clock decides anything unless --time-limit is given; the
 * random choices come from a seeded generator; ties break on indices.
 */
#include "solve/internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The exact search runs (and may prove optimality) up to this many held
 * States; above, the neighbourhood search alone improves the start. */
#define EXACT_MAX_STATES 16

/* Nodes of the exact search that looks for a first timetable of a round
 * above EXACT_MAX_STATES whose greedy start failed (upr_sv_search).  On
 * the 4 such rounds of bench/proofs --size M, 2,000 nodes found 6-12
 * timetables, 100,000 (the default effort, before) improved the best by
 * 2-8 %, which the neighbourhood search then improves past anyway. */
#define EXACT_START_NODES 10000

/* Patience of each restart of the neighbourhood search (restart.c), in
 * repairs without improvement: shorter than the first run's, since a
 * restart starts near the best and either finds a better basin soon or
 * gives way to the next kick. */
#define RESTART_PATIENCE_BASE 300
#define RESTART_PATIENCE_PER_STATE 5

/* Rounds of up to this many held States run a second chain of the
 * search (portfolio.c); larger ones one, which keeps XL's time and memory
 * (a second set-up there costs about a second and as much memory again). */
#define CHAIN_MAX_STATES 400

/* The default effort of those rounds, per chain (UPR_DEFAULT_EFFORT
 * elsewhere): on bench M about 0.5 s of one core per chain, and the
 * search still gains from 200,000 to 300,000 on 3 of bench/bestknown's
 * 20 rounds.  Rounds up to EXACT_MAX_STATES (real rounds, which branch
 * and bound proves) and above CHAIN_MAX_STATES keep the default. */
#define DEFAULT_EFFORT_CHAINS 300000L

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double upr_solve_clock(void)
{
	return now();
}

/* Keeps the best as it is now as the next snapshot (struct solver.snap);
 * out of memory ends them. */
static void snapshot(struct solver *s)
{
	int *b = s->nsnap < UPR_SV_SNAPS && s->best_cost < BIG ?
			 upr_malloc(((size_t)s->nheld + 1) * sizeof(int)) :
			 NULL;
	if (!b) {
		s->snap_next = 0;
		return;
	}
	memcpy(b, s->best, (size_t)s->nheld * sizeof(int));
	s->snap[s->nsnap] = b;
	s->snap_cost[s->nsnap++] = s->best_cost;
	s->snap_next *= 2;
}

bool upr_sv_out_of_time(struct solver *s)
{
	if (s->stop)
		return true;
	/* before the effort's own test: a search whose effort is a
	 * snapshot's point stops here with the snapshot taken, the one a
	 * larger effort takes at the same step */
	if (s->snap_next > 0 && s->work - s->snap_base >= s->snap_next)
		snapshot(s);
	if (s->work >= s->work_limit) {
		s->stop = true;
		return true;
	}
	/* a clock read costs tens of nanoseconds, less than any unit of work */
	if (s->deadline > 0 && now() > s->deadline) {
		s->stop = true;
		s->stats->time_out = true;
	}
	return s->stop;
}

bool upr_sv_past_time_limit(struct solver *s)
{
	if (s->deadline > 0 && now() > s->deadline) {
		s->stop = true;
		s->stats->time_out = true;
	}
	return s->deadline > 0 && s->stats->time_out;
}

void upr_sv_save_best(struct solver *s, int64_t cost)
{
	s->best_cost = cost;
	memcpy(s->best, s->assign, (size_t)s->nheld * sizeof(int));
	if (s->o->progress) {
		struct upr_solve_progress pr = { cost, s->lower_bound, now() - s->t0 };
		s->o->progress(s->o->progress_ctx, &pr);
	}
}

void upr_sv_solver_init(struct solver *s, const struct upr_problem *p,
			const struct upr_solve_opts *o, struct upr_solve_stats *stats)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->o = o;
	s->stats = stats;
	s->len = upr_session_length(p, UPR_SESSION_ANY);
	s->travel = p->event.travel;
	s->gap = p->event.gap;
	/* a speaker's statements lie between a session's opening (and the
	 * State's remarks) and its questions, so two of its sessions whose
	 * starts are at least the statements' minutes and travel apart never
	 * meet H6, whatever the order inside each (docs/internals/solver.md) */
	s->apart = upr_session_statement_minutes(p, UPR_SESSION_ANY) + s->travel;
	if (s->apart < 1)
		s->apart = 1;
	memcpy(s->w, p->event.weights, sizeof(s->w));
	/* splitmix64 is fine from any state, 0 included: the seed is the state */
	s->rng = o->seed;
	s->t0 = now();
	s->time_limit = o->time_limit;
	s->deadline = o->deadline > 0 ? o->deadline : o->time_limit > 0 ? s->t0 + o->time_limit : 0;
	s->best_cost = BIG;
	s->min_uncertain = BIG;
}

/* The exact search keeps tables of States x slots (bb.c): beyond this
 * many entries it does not run (it could not finish on such inputs
 * anyway), so that memory stays bounded by the input. */
#define EXACT_MAX_CELLS (1000L * 1000)

static bool exact_fits(const struct solver *s)
{
	return (double)s->nheld * (double)(s->nslots > s->nstarts ? s->nslots : s->nstarts) <=
	       (double)EXACT_MAX_CELLS;
}

/* States per start the dynamic-programming bound may keep (dp.c), per
 * unit of the nominal effort (100,000 by default, not the larger default
 * of two chains), and at least and at most: 48 bytes each, two tables,
 * plus the archive of how states were reached.  The default gives 12,500
 * (on bench M a few MB; its bisection of targets then fits a default plan
 * of M within a second: docs/performance.md, "Both together").  The most,
 * 2^22 from --effort 33554432 on, takes the bound alone about 1.4 GB on
 * bench M and proves 16 of its 20 generated rounds optimal, 2^20 15
 * (docs/performance.md, "Proofs: the least promising merged first"). */
#define DP_STATES_PER_EFFORT 8
#define DP_MIN_STATES 1024L
#define DP_MAX_STATES (1L << 22)

/* The states per start of the bound and of the searches beside it for
 * effort. */
static long dp_states(long effort)
{
	long cap = effort / DP_STATES_PER_EFFORT;
	return cap < DP_MIN_STATES ? DP_MIN_STATES : cap > DP_MAX_STATES ? DP_MAX_STATES : cap;
}

/* Raises the lower bound by dp.c's, with the best as incumbent. */
static void dp_bound(struct solver *s, long effort)
{
	if (s->best_cost >= BIG || s->best_cost <= s->lower_bound || s->unary_inexact)
		return;
	long cap = dp_states(effort);
	bool complete;
	int64_t lb = upr_sv_dp_bound(s, s->best_cost, cap, true, &complete);
	if (complete && lb > s->lower_bound)
		s->lower_bound = lb;
}

/* The message when the time limit passed before a first timetable. */
static void stopped_early(struct solver *s, struct upr_diags *diags, const char *phase)
{
	upr_error(diags, NULL,
		  "the time limit of %g s passed %s, before a first timetable was made (%d States, %d slots); raise --time-limit",
		  s->time_limit, phase, s->nheld, s->nslots);
}

int upr_solve_subset(const struct upr_problem *p, const unsigned char *keep, long budget,
		     double deadline)
{
	struct upr_solve_stats stats;
	struct upr_solve_opts o;
	memset(&stats, 0, sizeof(stats));
	memset(&o, 0, sizeof(o));
	o.seed = 1;
	o.deadline = deadline;
	struct solver s;
	upr_sv_solver_init(&s, p, &o, &stats);
	s.keep = keep;
	s.work_limit = budget * 4;
	int rc = -1;
	int su = upr_sv_setup(&s);
	if (su < 0) {
		rc = su == -2 ? 2 : -1;	/* past the deadline: unknown */
		goto done;
	}
	/* any timetable will do: stop at the first */
	s.lower_bound = BIG - 1;
	int g = upr_sv_greedy(&s);
	if (g < 0) {
		rc = g == -2 ? 2 : -1;
		goto done;
	}
	if (g == 1) {
		rc = 1;
		goto done;
	}
	if (!exact_fits(&s)) {
		/* too large to search exactly: unknown */
		rc = 2;
		goto done;
	}
	s.lower_bound = BIG;
	if (upr_sv_branch_and_bound(&s, budget) < 0)
		goto done;
	rc = s.best_cost < BIG ? 1 : stats.bb_complete && !s.unary_inexact ? 0 : 2;
done:
	upr_sv_solver_release(&s);
	return rc;
}

/* A solver of p for the test entry points: seed 1, no other option. */
static void test_solver(struct solver *s, const struct upr_problem *p, struct upr_solve_opts *o,
			struct upr_solve_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	upr_sv_solver_init(s, p, o, stats);
}

int upr_solve_dp_bound(const struct upr_problem *p, int64_t incumbent, long max_states,
		       int64_t *bound)
{
	struct upr_solve_stats stats;
	struct upr_solve_opts o;
	struct solver s;
	test_solver(&s, p, &o, &stats);
	int rc = -1;
	if (upr_sv_setup(&s) == 0) {
		bool complete;
		*bound = upr_sv_dp_bound(&s, incumbent, max_states, false, &complete);
		rc = complete && !s.unary_inexact;
	}
	upr_sv_solver_release(&s);
	return rc;
}

int upr_solve_band(const struct upr_problem *p, long effort, int band, long max_states,
		   int64_t *before, int64_t *after, int *moved)
{
	struct upr_solve_stats stats;
	struct upr_solve_opts o;
	struct solver s;
	test_solver(&s, p, &o, &stats);
	int rc = 1;
	int *was = NULL;
	struct upr_sv_dp *q = NULL;
	if (upr_sv_setup(&s) != 0)
		goto done;
	int g = upr_sv_greedy(&s);
	if (g < 0 || upr_sv_search(&s, g, effort) < 0 || s.best_cost >= BIG)
		goto done;
	rc = -1;
	was = upr_malloc(((size_t)s.nheld + 1) * sizeof(int));
	if (!was)
		goto done;
	memcpy(was, s.best, (size_t)s.nheld * sizeof(int));
	upr_sv_place_all(&s, s.best);
	*before = s.best_cost;
	q = upr_sv_dp_open(&s, max_states);
	rc = 1;
	if (!q)
		goto done;
	upr_sv_dp_band(q, band, -1);
	*after = s.best_cost;
	*moved = 0;
	for (int h = 0; h < s.nheld; h++) {
		int m = abs(s.slots[s.best[h]].si - s.slots[was[h]].si);
		if (m > *moved)
			*moved = m;
	}
	rc = 0;
done:
	upr_sv_dp_close(q);
	upr_free(was);
	upr_sv_solver_release(&s);
	return rc;
}

int upr_sv_search(struct solver *s, int g, long effort)
{
	/* Inputs small enough for the exact search (a real round) go to it
	 * straight from the greedy start: its bounds prune well from any
	 * fair incumbent, and it proves most of them optimal; what it leaves
	 * unproven goes to the neighbourhood search with the rest of the
	 * effort.  Larger inputs get the neighbourhood search with the whole
	 * effort, then the exact search's root bound.  The neighbourhood
	 * search stops early after a long run of repairs that brought
	 * nothing (1000 + 20 per State: on the 42 States of the benchmark's
	 * M, improvements still came after 500 fruitless repairs). */
	bool small = s->nheld <= EXACT_MAX_STATES;
	long patience = 1000 + 20L * s->nheld;
	/* the band neighbourhood's starts (band.c), on the rounds it applies
	 * to: the best at the default effort of a chain, twice that... */
	if (!small && upr_sv_dp_applies(s) && s->nsnap == 0) {
		s->snap_base = s->work;
		s->snap_next = DEFAULT_EFFORT_CHAINS;
	}
	long restart_patience = RESTART_PATIENCE_BASE + RESTART_PATIENCE_PER_STATE * s->nheld;
	if (g == 1 && s->best_cost > s->lower_bound && !small) {
		s->work_limit = s->work + effort;
		upr_sv_lns(s, patience);
		s->stop = false;
	}
	if (s->best_cost < BIG) {
		memcpy(s->heur, s->best, (size_t)s->nheld * sizeof(int));
		s->have_heur = true;
	}
	if (s->best_cost > s->lower_bound && (small || g != 1) && exact_fits(s)) {
		/* Above EXACT_MAX_STATES the exact search runs only to find a
		 * first timetable where the greedy start failed: it proves
		 * nothing there, and its first timetables come within a few
		 * thousand nodes, so it gets EXACT_START_NODES and the
		 * neighbourhood search the effort; the whole effort only when
		 * that found none. */
		long nodes = small || effort <= EXACT_START_NODES ? effort : EXACT_START_NODES;
		for (;;) {
			s->work_limit = s->work + nodes;
			if (upr_sv_branch_and_bound(s, nodes) < 0)
				return -1;
			s->stop = false;
			if (s->best_cost < BIG || nodes == effort || s->stats->bb_complete)
				break;
			nodes = effort;
		}
		if (s->stats->bb_complete)
			s->optimal = !s->unary_inexact && s->best_cost < BIG;
	}
	/* after the exact search, the rest of the effort; inputs too large
	 * for it had the whole effort already */
	if (small || g != 1)
		s->work_limit = s->work + effort;
	if (!s->optimal && s->best_cost < BIG && s->best_cost > s->lower_bound &&
	    !upr_sv_out_of_time(s)) {
		/* continue from the best if it keeps shared speakers' sessions
		 * s->apart apart in any room, the rule of the neighbourhood
		 * search (pair_cost); the exact search may place them closer,
		 * and the neighbourhood search's sums are not defined there,
		 * so then from the best before the exact search */
		upr_sv_place_all(s, s->best);
		bool near = !upr_sv_keeps_apart(s);
		if (near && s->have_heur) {
			upr_sv_place_all(s, s->heur);
			near = false;
		}
		if (!near)
			upr_sv_lns(s, patience);
		/* the rest of the effort: restarts from the best, perturbed
		 * (restart.c).  What came before is restart 0, the same with
		 * any effort that lets it finish, so more effort never gives
		 * a worse timetable; only a proof stops them early. */
		upr_sv_restarts(s, restart_patience);
	}
	return 0;
}

enum upr_solve_status upr_solve(const struct upr_problem *p, const struct upr_solve_opts *o,
				struct upr_timetable **out, struct upr_diags *diags,
				struct upr_solve_stats *stats)
{
	struct upr_solve_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	stats->cost = -1;
	stats->chains = 1;
	struct solver s;
	upr_sv_solver_init(&s, p, o, stats);
	struct upr_sv_chain chain;	/* a second chain of the search (portfolio.c) */
	chain.started = false;
	struct upr_sv_chain beam;	/* searches beside the bound (portfolio.c) */
	beam.started = false;
	long effort = o->effort > 0 ? o->effort : UPR_DEFAULT_EFFORT;
	s.work_limit = effort * 4;
	/* the dynamic-programming bound's cap follows the effort asked for,
	 * not the larger default of two-chain rounds (its time adds to the
	 * search's) */
	long dp_effort = effort;
	*out = NULL;

	enum upr_solve_status rc = UPR_SOLVE_OOM;
	/* Set-up and the greedy start run whatever the effort (the search
	 * needs a first timetable) and cost about the input's size; the time
	 * limit stops them too, and then there is no timetable to return:
	 * an error, never "no timetable exists". */
	int su = upr_sv_setup(&s);
	if (su == -2) {
		stopped_early(&s, diags, "while setting up the search");
		rc = diags->oom ? UPR_SOLVE_OOM : UPR_SOLVE_STOPPED;
	}
	if (su < 0)
		goto done;
	stats->seconds_setup = now() - s.t0;

	s.lower_bound = upr_sv_root_bound(&s);
	int g = upr_sv_greedy(&s);
	if (g == -2) {
		stopped_early(&s, diags, "during the greedy start");
		rc = diags->oom ? UPR_SOLVE_OOM : UPR_SOLVE_STOPPED;
	}
	if (g < 0)
		goto done;
	if (o->exact_only) {
		for (int h = 0; h < s.nheld; h++)
			if (s.assign[h] >= 0)
				upr_sv_unplace(&s, h);
		g = 0;
	}
	stats->greedy_cost = -1;
	if (g == 1) {
		s.cost = upr_sv_total_cost(&s);
		if (s.cost < BIG) {
			upr_sv_save_best(&s, s.cost);
			stats->greedy_cost = s.cost;
		}
	}
	/* A second chain of the search beside this one (portfolio.c), on
	 * rounds too large for the exact search to prove (where the
	 * trajectory matters) and small enough that a second set-up costs
	 * little beside the search.  These rounds get DEFAULT_EFFORT_CHAINS
	 * by default, per chain. */
	if (s.nheld > EXACT_MAX_STATES && s.nheld <= CHAIN_MAX_STATES) {
		if (o->effort <= 0)
			effort = DEFAULT_EFFORT_CHAINS;
		if (s.best_cost > s.lower_bound && !o->exact_only && o->chains != 1)
			upr_sv_chain_start(&chain, &s, 1, effort, o->chains != -2);
	}
	if (upr_sv_search(&s, g, effort) < 0)
		goto done;
	bool small = s.nheld <= EXACT_MAX_STATES;
	upr_sv_chain_finish(&chain, &s);
	/* Beside the bound, on the core the second chain had, searches over
	 * start times (band.c) from the search's snapshots (the k-th with
	 * the bound's states per start at 2^k times the nominal default
	 * effort) and, at large efforts, a beam from the best, on the rounds
	 * of 17 to 64 States in up to 4 rooms (two chains ran, and the
	 * program applies); their placement replaces the best when cheaper,
	 * after the bound's own (both deterministic: which finishes first
	 * changes nothing). */
	if (!s.optimal && !small && upr_sv_dp_applies(&s) && o->chains != 1 && !o->exact_only &&
	    s.best_cost < BIG && s.best_cost > s.lower_bound && !s.unary_inexact) {
		long snap_states[UPR_SV_SNAPS];
		for (int k = 0; k < UPR_SV_SNAPS; k++)
			snap_states[k] = dp_states(UPR_DEFAULT_EFFORT << k);
		upr_sv_band_start(&beam, &s, snap_states, dp_states(dp_effort), o->chains != -2);
	}
	/* after the search, so that its work (capped by the effort but not
	 * counted in it) changes no timetable */
	int64_t bound_target = s.best_cost;
	if (!s.optimal)
		dp_bound(&s, dp_effort);
	upr_sv_chain_finish(&beam, &s);
	/* The bound aimed at the chains' best; when the searches beside it
	 * found a cheaper one, a second bound aims at that, where a finished
	 * first run is a proof.  Only with the tables that prove such rounds
	 * (from UPR_SV_BEAM_MIN_STATES states per start, --effort 524288):
	 * below, on bench M, the first run never finishes, and the second
	 * bound would only add its time.  On M's seed 4 at --effort 8388608
	 * the chains' best was dearer than 8,600 and the bound gave 8,547;
	 * aimed at 8,600 it proves it (docs/performance.md). */
	if (!s.optimal && s.best_cost < bound_target && dp_states(dp_effort) >= UPR_SV_BEAM_MIN_STATES)
		dp_bound(&s, dp_effort);
	if (!s.optimal && !small && s.best_cost < BIG && s.best_cost > s.lower_bound &&
	    s.nheld <= 400 && exact_fits(&s)) {
		/* too many States to search exactly, but the exact search's
		 * root bound (assignment, days, review order within the gap to
		 * the best) is stronger than the cheapest options alone; one
		 * node, whatever is left of the effort */
		s.stop = false;
		s.work_limit = s.work + 2;
		if (upr_sv_branch_and_bound(&s, 1) < 0)
			goto done;
		stats->bb_complete = false;
	}
	if (s.best_cost <= s.lower_bound && s.best_cost < BIG && !s.unary_inexact)
		s.optimal = true;
	stats->seconds_search = now() - s.t0 - stats->seconds_setup;

	if (s.best_cost >= BIG && stats->time_out) {
		/* the limit stopped the search before it found a timetable
		 * (the greedy start placed not every State): not a proof */
		stopped_early(&s, diags, "during the search");
		rc = diags->oom ? UPR_SOLVE_OOM : UPR_SOLVE_STOPPED;
		goto done;
	}
	if (s.best_cost >= BIG) {
		/* the caller asks explain.h why (stats->bb_complete: proved) */
		rc = UPR_SOLVE_NONE;
		goto done;
	}
	struct upr_timetable *t = upr_timetable_new();
	if (!t)
		goto done;
	int64_t real = BIG;
	int b = upr_sv_build_timetable(&s, t, &real);
	if (b != 0) {
		upr_timetable_free(t);
		if (b > 0) {
			/* a placement the search priced but cannot plan: its
			 * fault, not the input's */
			upr_error(diags, NULL,
				  "internal error: the search found a timetable of cost %lld but cannot plan its sessions that share speakers",
				  (long long)s.best_cost);
			rc = diags->oom ? UPR_SOLVE_OOM : UPR_SOLVE_INTERNAL;
		}
		goto done;
	}
	/* the timetable's joint plans, with a larger budget than the
	 * search's, may cost less than it priced them */
	if (real < s.best_cost && real >= s.lower_bound) {
		s.best_cost = real;
		s.optimal = real == s.lower_bound && !s.unary_inexact;
	}
	t->seed = o->seed;
	t->optimal = s.optimal;
	t->lower_bound = s.optimal ? s.best_cost : (s.lower_bound < BIG ? s.lower_bound : 0);
	stats->cost = s.best_cost;
	*out = t;
	rc = UPR_SOLVE_OK;
done:
	upr_sv_chain_finish(&chain, &s);	/* an early exit's: waits, frees */
	upr_sv_chain_finish(&beam, &s);
	upr_sv_solver_release(&s);
	return rc;
}
