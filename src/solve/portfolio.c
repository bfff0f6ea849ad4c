/*
 * portfolio.c - a second chain of the neighbourhood search, and then the
 * searches over start times (band.c), on another core.
 *
 * On rounds too large for the exact search the result depends more on
 * the trajectory (the seed) than on the effort: a neighbourhood search
 * with restarts settles in one basin and seldom leaves it.  So the driver
 * (solve.c) runs a second, independent chain beside its own: the same
 * phases (set-up, greedy start, neighbourhood search, restarts) with a
 * seed derived from --seed and the same effort, in a thread of its own,
 * and keeps the better of the two bests (a tie keeps the driver's chain,
 * chain 0).
 *
 * Determinism: the chains share nothing while they run (chain 1 builds
 * its own solver from the problem, which it only reads), each is
 * deterministic for its seed and effort, and the choice between them
 * looks at their results only, so the timing of the threads changes
 * nothing.  With a time limit, where each chain stops depends on the
 * clock, as in one chain.  Each chain alone gives no worse a timetable
 * with more effort (restart.c), so the better of two does not either.
 * When no thread can be started, chain 1 runs after chain 0 in the
 * calling thread: the same timetable, later.
 *
 * After the chains, while the calling thread runs the dynamic-programming
 * bound (dp.c), the same core runs the band neighbourhood (band.c, with
 * dp.c's beam first at large efforts) from the better best
 * (upr_sv_band_start), with a solver of its own; the driver takes its
 * placement when strictly cheaper than the best the bound left.  The
 * same determinism holds: these start from a best that does not depend
 * on timing and are deterministic themselves.
 */
#include "solve/internal.h"

#include <pthread.h>
#include <string.h>

/* Chain c's seed: splitmix64's finaliser of the seed and c, so that
 * chain 1 of one seed is no other seed's chain 0. */
static uint64_t chain_seed(uint64_t seed, int c)
{
	uint64_t z = seed ^ (0xd1b54a32d192ed03ULL * (uint64_t)c);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Makes slots, of cost, s's placement and best. */
static void start_at(struct solver *s, const int *slots, int64_t cost)
{
	upr_sv_place_all(s, slots);
	upr_sv_save_best(s, cost);
}

/* The chain from set-up to the last restart, as the driver's
 * (solve.c).  c->ok when it has a best. */
static void *chain_run(void *arg)
{
	struct upr_sv_chain *c = arg;
	struct solver *s = &c->s;
	c->ok = false;
	if (upr_sv_setup(s) != 0)
		return NULL;
	if (c->band) {
		/* the driver's placements, as its own, are where they start
		 * (the same set-up numbers held States alike; the check
		 * guards against one cut short) */
		if (s->nheld != c->from_n)
			return NULL;
		size_t n = (size_t)s->nheld;
		/* from each snapshot, or from the last one's result when that
		 * is no dearer: a sequence the same whatever the effort, of
		 * which a larger effort runs more */
		for (int k = 1; k < c->nfrom; k++) {
			if (k == 1 || c->from_cost[k] < s->best_cost)
				start_at(s, c->from + (size_t)k * n, c->from_cost[k]);
			upr_sv_band_search(s, c->snap_states[k - 1]);
		}
		if (c->beam_states > 0) {
			if (c->nfrom == 1 || c->from_cost[0] < s->best_cost)
				start_at(s, c->from, c->from_cost[0]);
			upr_sv_band_beam(s, c->beam_states);
		}
		c->ok = c->nfrom > 1 || c->beam_states > 0;
		return NULL;
	}
	/* the root bound is the driver's (the same problem, the same
	 * set-up): only the search's stop at a proof reads it */
	s->lower_bound = c->lower_bound;
	int g = upr_sv_greedy(s);
	if (g < 0)
		return NULL;
	if (g == 1) {
		s->cost = upr_sv_total_cost(s);
		if (s->cost < BIG)
			upr_sv_save_best(s, s->cost);
	}
	if (upr_sv_search(s, g, c->effort) < 0)
		return NULL;
	c->ok = s->best_cost < BIG;
	return NULL;
}

void upr_sv_chain_start(struct upr_sv_chain *c, const struct solver *main, int index,
			long effort, bool threaded)
{
	memset(c, 0, sizeof(*c));
	c->o = *main->o;
	c->o.seed = chain_seed(main->o->seed, index);
	/* progress is reported by the calling thread only, at the end */
	c->o.progress = NULL;
	c->o.progress_ctx = NULL;
	/* the driver's deadline, not one counted from this chain's start */
	c->o.deadline = main->deadline;
	upr_sv_solver_init(&c->s, main->p, &c->o, &c->stats);
	c->lower_bound = main->lower_bound;
	c->effort = effort;
	c->threaded = threaded && pthread_create(&c->thread, NULL, chain_run, c) == 0;
	c->started = true;
}

void upr_sv_band_start(struct upr_sv_chain *c, const struct solver *main,
		       const long *snap_states, long beam_states, bool threaded)
{
	memset(c, 0, sizeof(*c));
	if (beam_states < UPR_SV_BEAM_MIN_STATES)
		beam_states = 0;
	/* nothing to run: no thread, no set-up */
	if (main->best_cost >= BIG || (main->nsnap == 0 && beam_states == 0))
		return;
	size_t n = (size_t)main->nheld;
	c->nfrom = 1 + main->nsnap;
	c->from = upr_malloc(((size_t)c->nfrom * n + 1) * sizeof(int));
	if (!c->from)
		return;
	memcpy(c->from, main->best, n * sizeof(int));
	c->from_cost[0] = main->best_cost;
	for (int k = 0; k < main->nsnap; k++) {
		memcpy(c->from + (size_t)(k + 1) * n, main->snap[k], n * sizeof(int));
		c->from_cost[k + 1] = main->snap_cost[k];
		c->snap_states[k] = snap_states[k];
	}
	c->from_n = main->nheld;
	c->beam_states = beam_states;
	c->band = true;
	c->o = *main->o;
	c->o.progress = NULL;
	c->o.progress_ctx = NULL;
	c->o.deadline = main->deadline;
	upr_sv_solver_init(&c->s, main->p, &c->o, &c->stats);
	c->threaded = threaded && pthread_create(&c->thread, NULL, chain_run, c) == 0;
	c->started = true;
}

void upr_sv_chain_finish(struct upr_sv_chain *c, struct solver *s)
{
	if (!c->started)
		return;
	if (c->threaded)
		pthread_join(c->thread, NULL);
	else
		chain_run(c);
	if (c->band) {
		/* searches over start times: their placement when strictly
		 * cheaper */
		if (c->ok && c->s.best_cost < s->best_cost && c->s.nheld == s->nheld &&
		    c->s.nslots == s->nslots) {
			upr_sv_place_all(s, c->s.best);
			upr_sv_save_best(s, c->s.best_cost);
			s->cost = upr_sv_total_cost(s);
		}
		s->stats->time_out |= c->stats.time_out;
		s->stats->dp_successors += c->stats.dp_successors;
		upr_sv_solver_release(&c->s);
		upr_free(c->from);
		c->started = false;
		return;
	}
	struct upr_solve_stats *st = s->stats;
	st->lns_iterations += c->stats.lns_iterations;
	st->lns_improvements += c->stats.lns_improvements;
	st->restarts += c->stats.restarts;
	st->time_out |= c->stats.time_out;
	st->chains++;
	/* strictly better only: a tie keeps chain 0's timetable.  The two
	 * set-ups number held States and slots alike (the same code on the
	 * same problem); the check guards against a set-up cut short.  The
	 * same for each snapshot: the cheaper of the two chains' there. */
	bool same = c->ok && c->s.nheld == s->nheld && c->s.nslots == s->nslots;
	if (same && c->s.best_cost < s->best_cost) {
		upr_sv_place_all(s, c->s.best);
		upr_sv_save_best(s, c->s.best_cost);
	}
	for (int k = 0; same && k < c->s.nsnap; k++) {
		if (k < s->nsnap && c->s.snap_cost[k] >= s->snap_cost[k])
			continue;
		int *t = k < s->nsnap ? s->snap[k] : NULL;
		s->snap[k] = c->s.snap[k];
		s->snap_cost[k] = c->s.snap_cost[k];
		c->s.snap[k] = t;
		if (k >= s->nsnap)
			s->nsnap = k + 1;
	}
	upr_sv_solver_release(&c->s);
	c->started = false;
}
