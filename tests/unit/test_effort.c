/*
 * test_effort.c - the effort is a budget that the search spends.
 *
 * More effort never gives a worse timetable (the run of a larger effort
 * repeats the run of a smaller one and goes on: src/solve/restart.c), ten
 * times the default is strictly better on the benchmark's M, and the same
 * seed and effort give the same bytes.  Every plan's cost is checked
 * against the independent checker's score.
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
#include "solve/solve.h"
#include "upr/upr.h"

/* Plans p with seed and effort; returns the cost, which must equal the
 * checker's score (INT64_MAX: no timetable found); *optimal says whether
 * it was proven. */
static int64_t plan_cost(const struct upr_problem *p, uint64_t seed, long effort, bool *optimal,
			 struct upr_solve_stats *stats)
{
	struct upr_solve_opts so = { .seed = seed, .effort = effort };
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	int rc = upr_solve(p, &so, &t, &d, stats);
	upr_diags_release(&d);
	assert_true(rc == UPR_SOLVE_OK || rc == UPR_SOLVE_NONE);
	*optimal = false;
	if (rc == UPR_SOLVE_NONE)
		return INT64_MAX;
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts co = { false, NULL };
	assert_int_equal(upr_check(p, t, &co, &r), 0);
	assert_int_equal(stats->cost, r.score.total);
	upr_check_result_release(&r);
	*optimal = t->optimal;
	upr_timetable_free(t);
	return stats->cost;
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
static void gen_bench_m(char *dir)
{
	assert_non_null(mkdtemp(dir));
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "'%s' M '%s' >/dev/null", UPR_BENCH_GEN, dir);
	assert_int_equal(system(cmd), 0);
}

/* On M, the default effort stops short of what ten times it finds: the
 * larger budget is spent (restarts), and its timetable is strictly
 * better or proven.  Efforts in between never give a worse one. */
static void test_bench_m_effort(void **state)
{
	(void)state;
	char dir[] = "/tmp/upr-effort-XXXXXX";
	gen_bench_m(dir);
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
		cost[i] = plan_cost(p, 1, efforts[i], &opt[i], &st);
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
	gen_bench_m(dir);
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
		int64_t prev = INT64_MAX;
		bool prev_opt = false;
		for (long e = 2000; e <= 64000; e *= 4) {
			bool opt;
			struct upr_solve_stats stt;
			int64_t c = plan_cost(p, seed, e, &opt, &stt);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bench_m_effort),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_monotone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
