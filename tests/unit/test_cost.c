/*
 * test_cost.c - the solver's own cost of every plan is the checker's score.
 *
 * The search prices placements itself (src/solve/prices.c, coupled.c) and
 * the checker scores the timetable independently (src/check/).  Nothing
 * copies one over the other: here each plan's upr_solve_stats.cost must
 * equal upr_check's score total, its lower bound may not exceed it, and a
 * plan called optimal must have its bound equal to it.  Plans: the example,
 * the benchmark's S and M, a re-plan against a baseline (`moved`), and
 * random generated instances.
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

/* Plans p (with baseline when not NULL) and asserts that the solver's cost
 * and bound agree with the checker.  Returns the plan (caller frees), or
 * NULL when the solver found none. */
static struct upr_timetable *plan_agrees(const struct upr_problem *p, uint64_t seed, long effort,
					 const struct upr_timetable *baseline, const char *what)
{
	struct upr_solve_opts so = { .seed = seed, .effort = effort, .baseline = baseline };
	struct upr_solve_stats stats;
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	int rc = upr_solve(p, &so, &t, &d, &stats);
	upr_diags_release(&d);
	assert_true(rc == UPR_SOLVE_OK || rc == UPR_SOLVE_NONE);
	if (rc != UPR_SOLVE_OK) {
		assert_null(t);
		assert_int_equal(stats.cost, -1);
		return NULL;
	}
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts co = { false, baseline };
	assert_int_equal(upr_check(p, t, &co, &r), 0);
	int64_t score = r.score.total;
	upr_check_result_release(&r);
	if (stats.cost != score || t->lower_bound > score ||
	    (t->optimal && t->lower_bound != score))
		fprintf(stderr, "%s: solver cost %lld, checker score %lld, lower bound %lld%s\n",
			what, (long long)stats.cost, (long long)score, (long long)t->lower_bound,
			t->optimal ? ", optimal" : "");
	assert_int_equal(stats.cost, score);
	assert_true(t->lower_bound <= score);
	if (t->optimal)
		assert_int_equal(t->lower_bound, score);
	return t;
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

static void test_example(void **state)
{
	(void)state;
	struct upr_problem *p = load_dir(UPR_SOURCE_DIR "/examples/upr29");
	assert_non_null(p);
	struct upr_timetable *t = plan_agrees(p, 1, 0, NULL, "upr29");
	assert_non_null(t);
	/* a re-plan against it with another seed: `moved` is priced too */
	struct upr_timetable *t2 = plan_agrees(p, 7, 0, t, "upr29 re-plan");
	assert_non_null(t2);
	upr_timetable_free(t2);
	upr_timetable_free(t);
	upr_problem_free(p);
}

/* The benchmark's instance of size (its default seed, as the golden test). */
static void bench_size(const char *size)
{
	char dir[] = "/tmp/upr-cost-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "'%s' %s '%s' >/dev/null", UPR_BENCH_GEN, size, dir);
	assert_int_equal(system(cmd), 0);
	struct upr_problem *p = load_dir(dir);
	assert_non_null(p);
	struct upr_timetable *t = plan_agrees(p, 1, 0, NULL, size);
	assert_non_null(t);
	upr_timetable_free(t);
	upr_problem_free(p);
	rm_rf(dir);
}

static void test_bench_s(void **state)
{
	(void)state;
	bench_size("S");
}

static void test_bench_m(void **state)
{
	(void)state;
	bench_size("M");
}

/* Random instances with every feature: shared speakers (joint planning),
 * waitlists, languages, video, availability, delegations. */
static void test_random(void **state)
{
	(void)state;
	int planned = 0, optimal = 0;
	for (uint64_t seed = 1; seed <= 60 / UPR_TEST_SAMPLE; seed++) {
		uint64_t st = seed * 131;
		struct gen_opts o = gen_opts_any(&st, 1, 20, 40);
		char *text = gen_yaml(seed, &o);
		struct upr_problem *p = gen_load(text);
		assert_non_null(p);
		char what[64];
		snprintf(what, sizeof(what), "generated seed %llu", (unsigned long long)seed);
		struct upr_timetable *t = plan_agrees(p, seed, 5000, NULL, what);
		if (t) {
			planned++;
			optimal += t->optimal;
			upr_timetable_free(t);
		}
		upr_problem_free(p);
		free(text);
	}
	/* the sweep must have planned something, proven and unproven */
	assert_true(planned > 0);
	assert_true(optimal > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_bench_s),
		cmocka_unit_test(test_bench_m),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
