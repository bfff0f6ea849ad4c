/*
 * restart.c - the rest of the effort: restarts of the neighbourhood search
 * from the best timetable, perturbed.
 *
 * One neighbourhood search (lns.c) stops after a long run of repairs that
 * brought nothing: it sits in a local optimum that its moves of 2-6 States
 * cannot leave.  What is left of the effort goes to restarts: restart r
 * takes the best placement so far (its "home"), frees a larger group of
 * States (a whole day, a block of the review order, or any), places them
 * again at random among their few cheapest slots given the rest, and runs
 * the neighbourhood search from there with a shorter patience.  The best
 * is kept over all restarts, so a restart can only improve it.
 *
 * Determinism and monotony: restart r draws from a generator seeded by
 * (seed, r) alone, and every restart starts from the home so far, so the
 * run of a larger effort repeats the run of a smaller one step for step
 * and goes on from where it stopped: more effort never gives a worse
 * timetable.  The restarts stop only when the effort (or the time limit)
 * runs out, or when the best reaches the lower bound (a proof).
 */
#include "solve/internal.h"

#include <string.h>

/* candidates a perturbed State draws its slot from */
#define KICK_CANDS 3

void upr_sv_place_all(struct solver *s, const int *slots)
{
	for (int h = 0; h < s->nheld; h++)
		if (s->assign[h] >= 0)
			upr_sv_unplace(s, h);
	for (int h = 0; h < s->nheld; h++)
		upr_sv_place(s, h, slots[h]);
}

bool upr_sv_keeps_apart(const struct solver *s)
{
	for (int a = 0; a < s->nheld; a++)
		for (int i = 0; i < s->nshare[a]; i++)
			if (upr_sv_pair_cost(s, a, s->assign[a], s->share[a][i],
					     s->assign[s->share[a][i]]) >= BIG)
				return false;
	return true;
}

/* Chooses the States to free for restart r: all of one day, a block of
 * consecutive States in review order, or States drawn at random; at least
 * 3 and at most about a quarter of them. */
static int pick_kick(struct solver *s, int *out, unsigned char *in)
{
	int n = s->nheld, nd = (int)s->p->event.ndays;
	int most = n / 4 > 3 ? n / 4 : 3;
	if (most > n)
		most = n;
	int k = 3 + (int)(upr_sv_rnd(s) % (uint64_t)(most - 2));
	if (k > n)
		k = n;
	memset(in, 0, (size_t)n);
	int m = 0;
	int kind = (int)(upr_sv_rnd(s) % 3);
	if (kind == 0 && nd > 1) {
		/* a whole day: its sessions can move together to other days
		 * (balance) or trade starts among themselves */
		int day = (int)(upr_sv_rnd(s) % (uint64_t)nd);
		for (int h = 0; h < n && m < most; h++)
			if (s->slots[s->assign[h]].day == day) {
				out[m++] = h;
				in[h] = 1;
			}
	} else if (kind == 1) {
		/* a block of the review order: can shift as a whole */
		int from = (int)(upr_sv_rnd(s) % (uint64_t)(n - k + 1));
		for (int i = 0; i < k; i++) {
			out[m++] = s->rev_order[from + i];
			in[s->rev_order[from + i]] = 1;
		}
	}
	for (int tries = 0; m < k && tries < 4 * n; tries++) {
		int h = (int)(upr_sv_rnd(s) % (uint64_t)n);
		if (!in[h]) {
			out[m++] = h;
			in[h] = 1;
		}
	}
	/* re-placed in random order (Fisher-Yates) */
	for (int i = m - 1; i > 0; i--) {
		int j = (int)(upr_sv_rnd(s) % (uint64_t)(i + 1));
		int t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	return m;
}

/* Frees the picked States of the current placement and places each again
 * at one of its KICK_CANDS cheapest slots given the others (with
 * cheapest, its cheapest).  false when one finds no slot (the caller
 * starts from home again). */
static bool kick(struct solver *s, const int *freed, int m, bool cheapest)
{
	int cand[KICK_CANDS];
	int64_t ccost[KICK_CANDS];
	for (int i = 0; i < m; i++)
		upr_sv_unplace(s, freed[i]);
	for (int i = 0; i < m; i++) {
		int h = freed[i], nc = 0;
		upr_sv_compute_pc(s, h);
		upr_sv_cheapest_slots(s, h, cand, ccost, &nc, KICK_CANDS);
		if (nc == 0)
			return false;
		/* the cheapest half the time: a kick that moves everything
		 * lands far from any good timetable */
		int c = cheapest || upr_sv_rnd(s) % 2 ? 0 : (int)(upr_sv_rnd(s) % (uint64_t)nc);
		upr_sv_place(s, h, cand[c]);
	}
	return true;
}

/* Frees the States of the current placement that share a speaker with one
 * starting closer than s->apart and places them again at their
 * cheapest slots under that rule.  false when one finds no slot. */
static bool pull_apart(struct solver *s, int *freed, unsigned char *in)
{
	int n = s->nheld, m = 0;
	memset(in, 0, (size_t)n);
	for (int a = 0; a < n; a++)
		for (int i = 0; i < s->nshare[a]; i++) {
			int b = s->share[a][i];
			if (upr_sv_pair_cost(s, a, s->assign[a], b, s->assign[b]) < BIG)
				continue;
			if (!in[a])
				freed[m++] = a, in[a] = 1;
			if (!in[b])
				freed[m++] = b, in[b] = 1;
		}
	return kick(s, freed, m, true) && upr_sv_keeps_apart(s);
}

void upr_sv_restarts(struct solver *s, long patience)
{
	int n = s->nheld;
	if (n < 3 || s->best_cost >= BIG)
		return;
	int *freed = upr_malloc((size_t)n * sizeof(int));
	int *home = upr_malloc((size_t)n * sizeof(int));
	unsigned char *in = upr_malloc((size_t)n);
	if (!freed || !home || !in)
		goto done;
	uint64_t seed = s->o->seed;
	/* Restarts start from home, the best placement under the
	 * neighbourhood search's rule (shared speakers' sessions s->apart
	 * apart).  The exact search's best may break it (sessions that share
	 * a speaker in parallel rooms): then home is that best with those
	 * sessions pulled apart, dearer, until a restart beats it. */
	upr_sv_place_all(s, s->best);
	if (!upr_sv_keeps_apart(s) && !pull_apart(s, freed, in))
		goto done;
	int64_t home_cost = upr_sv_total_cost(s);
	if (home_cost >= BIG)
		goto done;
	memcpy(home, s->assign, (size_t)n * sizeof(int));
	for (long r = 1; s->best_cost > s->lower_bound && !upr_sv_out_of_time(s); r++) {
		/* restart r's own stream: the same whatever came before */
		s->rng = seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)r);
		s->stats->restarts++;
		upr_sv_place_all(s, home);
		int m = pick_kick(s, freed, in);
		/* a kick costs about a repair per State it moves */
		s->work += 10L * m;
		/* a State left without a slot: the next restart places home
		 * again (upr_sv_place_all unplaces what is placed) */
		if (!kick(s, freed, m, false))
			continue;
		upr_sv_lns(s, patience);
		/* the search only accepts moves that cost no more, so it ends
		 * at its cheapest */
		if (s->cost < home_cost) {
			home_cost = s->cost;
			memcpy(home, s->assign, (size_t)n * sizeof(int));
		}
	}
done:
	/* leave the best placed, as the caller expects */
	upr_sv_place_all(s, s->best);
	upr_free(freed);
	upr_free(home);
	upr_free(in);
}
