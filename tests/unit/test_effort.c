/*
 * test_effort.c - the effort is a budget that the search spends.
 *
 * More effort never gives a worse timetable (the run of a larger effort
 * repeats the run of a smaller one and goes on: src/solve/restart.c; with
 * two chains, each does), ten times the default is strictly better for
 * one chain on the benchmark's M, and the same seed and effort give the
 * same bytes, with two chains whatever the threads' timing
 * (src/solve/portfolio.c).  Every plan's cost is checked against the
 * independent checker's score.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "files.h"
#include "gen.h"
#include "solve/internal.h"
#include "solve/solve.h"
#include "upr/upr.h"

/* Plans p with seed, effort and chains (upr_solve_opts.chains); the
 * timetable, whose cost must equal the checker's score, or NULL when
 * none was found. */
static struct upr_timetable *plan_chains(const struct upr_problem *p, uint64_t seed, long effort,
					 int chains, struct upr_solve_stats *stats)
{
	struct upr_solve_opts so = { .seed = seed, .effort = effort, .chains = chains };
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	int rc = upr_solve(p, &so, &t, &d, stats);
	upr_diags_release(&d);
	assert_true(rc == UPR_SOLVE_OK || rc == UPR_SOLVE_NONE);
	if (rc == UPR_SOLVE_NONE)
		return NULL;
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts co = { false, NULL };
	assert_int_equal(upr_check(p, t, &co, &r), 0);
	assert_int_equal(stats->cost, r.score.total);
	upr_check_result_release(&r);
	return t;
}

/* Plans p with seed, effort and chains (upr_solve_opts.chains: 1 one
 * trajectory, 0 the default); returns the cost, which must equal the
 * checker's score (INT64_MAX: no timetable found); *optimal says whether
 * it was proven. */
static int64_t plan_cost(const struct upr_problem *p, uint64_t seed, long effort, int chains,
			 bool *optimal, struct upr_solve_stats *stats)
{
	struct upr_timetable *t = plan_chains(p, seed, effort, chains, stats);
	*optimal = false;
	if (!t)
		return INT64_MAX;
	*optimal = t->optimal;
	upr_timetable_free(t);
	return stats->cost;
}

/* Do a and b place every session alike? */
static bool same_sessions(const struct upr_timetable *a, const struct upr_timetable *b)
{
	if (a->nsessions != b->nsessions)
		return false;
	for (size_t i = 0; i < a->nsessions; i++)
		if (a->sessions[i].state != b->sessions[i].state ||
		    a->sessions[i].room != b->sessions[i].room ||
		    a->sessions[i].start != b->sessions[i].start)
			return false;
	return true;
}

static struct upr_problem *load_dir(const char *path)
{
	const char *paths[] = { path };
	struct upr_problem *p = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	if (upr_load(paths, 1, &p, &d) != 0)
		upr_diags_print(&d, stderr, 0);
	upr_diags_release(&d);
	return p;
}

/* The benchmark's M (its default seed, as the golden test) into dir. */
static void gen_bench(char *dir, const char *size)
{
	assert_non_null(mkdtemp(dir));
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "'%s' %s '%s' >/dev/null", UPR_BENCH_GEN, size, dir);
	assert_int_equal(system(cmd), 0);
}

/* On M, one chain at the default effort stops short of what ten times
 * it finds: the larger budget is spent (restarts), and its timetable is
 * strictly better or proven.  Efforts in between never give a worse one.
 * (Two chains reach M's best known at the default.) */
static void test_bench_m_effort(void **state)
{
	(void)state;
	char dir[] = "/tmp/upr-effort-XXXXXX";
	gen_bench(dir, "M");
	struct upr_problem *p = load_dir(dir);
	assert_non_null(p);
	long efforts[] = { 10000, 30000, UPR_DEFAULT_EFFORT, 3 * UPR_DEFAULT_EFFORT,
			   10 * UPR_DEFAULT_EFFORT };
	int n = (int)(sizeof(efforts) / sizeof(efforts[0]));
	int64_t cost[5];
	assert_int_equal(n, 5);
	bool opt[5];
	long restarts[5];
	for (int i = 0; i < n; i++) {
		struct upr_solve_stats st;
		cost[i] = plan_cost(p, 1, efforts[i], 1, &opt[i], &st);
		assert_true(cost[i] < INT64_MAX);
		restarts[i] = st.restarts;
		fprintf(stderr, "M effort %ld: cost %lld%s, %ld restarts, %ld repairs\n", efforts[i],
			(long long)cost[i], opt[i] ? " (optimal)" : "", st.restarts,
			st.lns_iterations);
		if (i > 0)
			assert_true(cost[i] <= cost[i - 1]);
	}
	int d = 2, x = n - 1;
	assert_true(cost[x] < cost[d] || opt[x]);
	/* the larger budget was spent on restarts, not left unused */
	assert_true(restarts[x] > restarts[d]);
	upr_problem_free(p);
	rm_rf(dir);
}

/* Same seed and effort, same bytes: plan M twice with the binary. */
static void test_same_bytes(void **state)
{
	(void)state;
	char dir[] = "/tmp/upr-effort-XXXXXX";
	gen_bench(dir, "M");
	char *out[2];
	for (int i = 0; i < 2; i++) {
		char cmd[1200];
		snprintf(cmd, sizeof(cmd),
			 "SOURCE_DATE_EPOCH=1512000000 '%s' plan '%s' -o '%s/out%d' -f json -q --seed 7 --effort 200000",
			 UPR_BINARY, dir, dir, i);
		assert_int_equal(system(cmd), 0);
		char path[700];
		snprintf(path, sizeof(path), "%s/out%d/timetable.json", dir, i);
		out[i] = slurp(path, NULL);
		assert_non_null(out[i]);
	}
	assert_string_equal(out[0], out[1]);
	free(out[0]);
	free(out[1]);
	rm_rf(dir);
}

/* Generated rounds too large for the exact search (17-40 States, shared
 * speakers, delegations) whose greedy start places every State: the cost
 * never rises with the effort.  (When the greedy start fails, branch and
 * bound finds the first timetable within the effort and the
 * neighbourhood search goes on from whatever it found, so there a larger
 * effort is not a continuation of a smaller one: docs/internals/solver.md.) */
static void test_monotone(void **state)
{
	(void)state;
	int better = 0, planned = 0;
	for (uint64_t seed = 1; seed <= 12 / UPR_TEST_SAMPLE; seed++) {
		uint64_t st = seed * 7919;
		struct gen_opts o = gen_opts_real(&st, 17, 40, 3, 5);
		char *text = gen_yaml(seed, &o);
		struct upr_problem *p = gen_load(text);
		assert_non_null(p);
		/* one chain and the default two, round by round */
		int chains = seed % 2 ? 1 : 0;
		int64_t prev = INT64_MAX;
		bool prev_opt = false;
		for (long e = 2000; e <= 64000; e *= 4) {
			bool opt;
			struct upr_solve_stats stt;
			int64_t c = plan_cost(p, seed, e, chains, &opt, &stt);
			if (stt.greedy_cost < 0)
				break;
			if (c > prev)
				fprintf(stderr, "seed %llu: effort %ld costs %lld, %lld before\n",
					(unsigned long long)seed, e, (long long)c, (long long)prev);
			assert_true(c <= prev);
			/* once proven, more effort keeps the optimum */
			if (prev_opt)
				assert_int_equal(c, prev);
			better += c < prev && prev != INT64_MAX;
			prev = c;
			prev_opt = opt;
		}
		planned += prev < INT64_MAX;
		upr_problem_free(p);
		free(text);
	}
	assert_true(planned > 0);
	/* some round must have gained from the effort */
	assert_true(better > 0);
}

/* The second chain (src/solve/portfolio.c): on M and on generated rounds
 * too large for the exact search, two chains in two threads give the same
 * timetable as the same two chains one after the other (the threads'
 * timing changes nothing), the same in two runs, and never a worse one
 * than chain 0 alone, which is the search of one chain. */
static void test_chains(void **state)
{
	(void)state;
	char dir[] = "/tmp/upr-effort-XXXXXX";
	gen_bench(dir, "M");
	struct upr_problem *m = load_dir(dir);
	assert_non_null(m);
	int gained = 0, rounds = 0;
	for (uint64_t seed = 0; seed <= 6 / UPR_TEST_SAMPLE; seed++) {
		struct upr_problem *p = m;
		char *text = NULL;
		long effort = 30000;
		if (seed > 0) {
			uint64_t st = seed * 104729;
			struct gen_opts o = gen_opts_real(&st, 20, 40, 3, 5);
			text = gen_yaml(seed, &o);
			p = gen_load(text);
			assert_non_null(p);
			effort = 20000;
		}
		struct upr_solve_stats s1, s2, sq, so;
		struct upr_timetable *one = plan_chains(p, seed + 1, effort, 1, &so);
		struct upr_timetable *two = plan_chains(p, seed + 1, effort, 0, &s2);
		struct upr_timetable *again = plan_chains(p, seed + 1, effort, 0, &s1);
		struct upr_timetable *seq = plan_chains(p, seed + 1, effort, -2, &sq);
		if (!one || !two || !again || !seq) {
			/* no timetable (a generated round may have none): none
			 * with any number of chains */
			assert_true(!one && !two && !again && !seq);
			if (p != m)
				upr_problem_free(p);
			free(text);
			continue;
		}
		fprintf(stderr, "chains, round %llu: one chain %lld, two %lld (%ld and %ld repairs)\n",
			(unsigned long long)seed, (long long)so.cost, (long long)s2.cost,
			so.lns_iterations, s2.lns_iterations);
		assert_true(same_sessions(two, again));
		assert_true(same_sessions(two, seq));
		assert_int_equal(s2.cost, sq.cost);
		assert_int_equal(s2.lns_iterations, sq.lns_iterations);
		assert_int_equal(s2.restarts, s1.restarts);
		assert_true(s2.cost <= so.cost);
		assert_int_equal(so.chains, 1);
		assert_int_equal(s2.chains, sq.chains);
		if (s2.chains == 2) {
			/* the second chain ran: it searched too */
			assert_true(s2.lns_iterations > so.lns_iterations);
			rounds++;
			gained += s2.cost < so.cost;
		}
		upr_timetable_free(one);
		upr_timetable_free(two);
		upr_timetable_free(again);
		upr_timetable_free(seq);
		if (p != m)
			upr_problem_free(p);
		free(text);
	}
	assert_true(rounds > 0);
	fprintf(stderr, "chains: the second chain gained on %d of %d rounds\n", gained, rounds);
	upr_problem_free(m);
	rm_rf(dir);
}

/* Twelve States in four rooms, eight of them pinned to two hours, and
 * four coalitions that speak at all twelve: every leaf of branch and
 * bound plans groups of pinned sessions jointly (coupled.c), thousands
 * of nodes each.  That work is counted in the effort (nodes / 100, as a
 * repair's), so ten times the effort costs at most about ten times the
 * units in nodes; when it was not, effort 20,000 planned 208 million
 * nodes more than effort 2,000 (a default plan took 98 s). */
static void test_joint_work(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	fprintf(f, "event:\n  name: Pinned\n  id: pinned\n  timezone: Europe/Zurich\n"
		   "  days: [2017-12-12, 2017-12-13]\n  hours: [09:00-18:00]\n"
		   "  session: {length: 60, opening: 5, questions: 15, grid: 30, min_statements: 1}\n"
		   "  statement: {min: 5, max: 7}\n  travel: 5\n  waitlist: true\nrooms:\n");
	for (int r = 0; r < 4; r++)
		fprintf(f, "  - {id: r%d, name: Room %d}\n", r, r);
	fprintf(f, "states:\n");
	for (int i = 0; i < 12; i++) {
		fprintf(f, "  - {id: S%d, name: State %d, review: 2018-01-%02d %d:00", i, i, 15 + i / 4,
			9 + i % 4);
		if (i < 8)
			fprintf(f, ", room: r%d, start: 2017-12-12 %d:00", i % 4, 9 + i / 4);
		fprintf(f, "}\n");
	}
	fprintf(f, "speakers:\n");
	for (int j = 0; j < 4; j++) {
		fprintf(f, "  - {id: sh%d, organisation: Shared %d, states: [", j, j);
		for (int i = 0; i < 12; i++)
			fprintf(f, "%sS%d", i ? ", " : "", i);
		fprintf(f, "]}\n");
	}
	for (int i = 0; i < 12; i++)
		for (int q = 0; q < 5; q++)
			fprintf(f, "  - {id: o%d_%d, organisation: Org %d %d, states: S%d}\n", i, q, i, q, i);
	fclose(f);
	struct upr_problem *p = gen_load(text);
	assert_non_null(p);
	struct upr_solve_stats lo, hi;
	bool opt;
	assert_true(plan_cost(p, 1, 2000, 0, &opt, &lo) < INT64_MAX);
	assert_true(plan_cost(p, 1, 20000, 0, &opt, &hi) < INT64_MAX);
	fprintf(stderr, "joint plans: %ld nodes at effort 2,000, %ld at 20,000\n", lo.intra_nodes,
		hi.intra_nodes);
	/* both phases (branch and bound, then the rest) get the effort */
	assert_true(hi.intra_nodes - lo.intra_nodes <= 2L * 100 * (20000 - 2000));
	upr_problem_free(p);
	free(text);
}

/* The band neighbourhood beside the bound (src/solve/band.c) starts
 * from snapshots of the search's best taken at the same work whatever
 * the effort (the default of two-chain rounds, twice it...), so a larger
 * effort runs every band search a smaller one runs, from the same
 * place, and more: on M, with two chains, it lowers the default's
 * timetable (9,570 to 9,560 with them turned off and on), and twice the
 * default (two snapshots) is no dearer than the default; below the
 * default (no snapshot) it changes nothing. */
static void test_band_ladder(void **state)
{
	(void)state;
	char dir[] = "/tmp/upr-effort-XXXXXX";
	gen_bench(dir, "M");
	struct upr_problem *p = load_dir(dir);
	assert_non_null(p);
	struct upr_solve_stats st;
	bool opt;
	upr_sv_test_beam_off(true);
	int64_t off = plan_cost(p, 1, 300000, 0, &opt, &st);
	int64_t off_small = plan_cost(p, 1, 100000, 0, &opt, &st);
	upr_sv_test_beam_off(false);
	int64_t on_small = plan_cost(p, 1, 100000, 0, &opt, &st);
	int64_t c1 = plan_cost(p, 1, 300000, 0, &opt, &st);
	/* the sanitizers' build runs the first snapshot's searches only */
	int64_t c2 = UPR_TEST_SAMPLE > 1 ? c1 : plan_cost(p, 1, 600000, 0, &opt, &st);
	fprintf(stderr, "bands on M: %lld off, %lld at the default, %lld at twice\n",
		(long long)off, (long long)c1, (long long)c2);
	assert_true(c1 < off);
	assert_true(c2 <= c1);
	assert_int_equal(on_small, off_small);
	upr_problem_free(p);
	rm_rf(dir);
}

/* bench W: 64 States in 4 rooms, the widest round the dynamic program
 * over start times takes.  With four rooms a state of it can have a
 * hundred successors or more, and a default plan of such a round spent
 * minutes in it (390 s on W's first seed) before its runs were cut off
 * by successors as well as by states.  The plan's cost is the checker's
 * score (plan_cost), and its runs make at most 7,800,000 successors:
 * dp.c's caps at the default, (8 + 4) x 12,500 x 32 = 4,800,000 for the
 * bound and 240 x 12,500 = 3,000,000 for the band runs from the one
 * snapshot (about 60,000,000 without them). */
static void test_wide(void **state)
{
	(void)state;
	char dir[] = "/tmp/upr-effort-XXXXXX";
	gen_bench(dir, "W");
	struct upr_problem *p = load_dir(dir);
	assert_non_null(p);
	struct upr_solve_stats st;
	bool opt;
	int64_t c = plan_cost(p, 1, 0, 0, &opt, &st);
	fprintf(stderr, "W: cost %lld, %ld successors\n", (long long)c, st.dp_successors);
	assert_true(c < INT64_MAX);
	assert_true(st.dp_successors > 0);
	assert_true(st.dp_successors <= 7800000L);
	upr_problem_free(p);
	rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bench_m_effort),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_monotone),
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_joint_work),
		cmocka_unit_test(test_band_ladder),
		cmocka_unit_test(test_wide),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
