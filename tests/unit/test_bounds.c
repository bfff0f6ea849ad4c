/*
 * test_bounds.c - the exact search's bounds prune without losing the optimum.
 *
 * The assignment bound (States to distinct cells of a room's time) and the
 * day bound (balance when States are tied to days) are compared with the
 * plain bound (each State's cheapest option alone), which test_optimal
 * checks against full enumeration: on random instances of 4-9 States where
 * both searches finish, both must prove the same optimum, and the strong
 * bounds must visit fewer nodes over all instances.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "solve/solve.h"
#include "upr/upr.h"

static int solve(const struct upr_problem *p, bool simple, int64_t *score, bool *optimal,
		 long *nodes)
{
	struct upr_solve_opts so = { .seed = 1, .effort = 400000, .simple_bound = simple,
				     .exact_only = true };
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	struct upr_solve_stats st;
	upr_diags_init(&d);
	int rc = upr_solve(p, &so, &t, &d, &st);
	upr_diags_release(&d);
	if (t) {
		*score = t->score.total;
		*optimal = t->optimal;
		upr_timetable_free(t);
	}
	*nodes = st.bb_nodes;
	return rc;
}

static void test_strong_bounds_keep_the_optimum(void **state)
{
	(void)state;
	int compared = 0, tighter = 0;
	long nodes_simple = 0, nodes_strong = 0;
	for (uint64_t seed = 1; compared < 24 / UPR_TEST_SAMPLE && seed < 400; seed++) {
		uint64_t st = seed * 7919;
		struct gen_opts o = {
			.states = gen_int(&st, 7, 11),
			.rooms = 1,
			.days = gen_int(&st, 2, 4),
			.speakers_min = 1,
			.speakers_max = gen_int(&st, 3, 7),
			.windows = 2,
			.grid = 30,
			.hour_len = 180,
			.delegations = gen_int(&st, 4, 12),
			.multi = gen_int(&st, 10, 40),
			.features = gen_int(&st, 20, 60),
			.waitlist = 1,
			.tight = 0,
		};
		char *text = gen_yaml(seed, &o);
		struct upr_problem *p = gen_load(text);
		assert_non_null(p);
		int64_t a = -1, b = -1;
		bool oa = false, ob = false;
		long na = 0, nb = 0;
		int ra = solve(p, true, &a, &oa, &na);
		int rb = solve(p, false, &b, &ob, &nb);
		assert_int_equal(ra, rb);
		if (ra == 0 && oa && ob) {
			if (a != b)
				fprintf(stderr, "seed %llu: plain bound proves %lld, strong %lld\n%s",
					(unsigned long long)seed, (long long)a, (long long)b, text);
			assert_int_equal(a, b);
			compared++;
			nodes_simple += na;
			nodes_strong += nb;
			tighter += nb < na;
		} else if (ra == 0 && oa) {
			/* the plain search proved it: the strong one may not
			 * find a cheaper timetable, nor call a dearer optimal */
			assert_true(b >= a);
		}
		upr_problem_free(p);
		free(text);
	}
	fprintf(stderr, "%d instances, %ld nodes with the plain bound, %ld with the strong bounds,"
		" fewer on %d\n", compared, nodes_simple, nodes_strong, tighter);
	assert_int_equal(compared, 24 / UPR_TEST_SAMPLE);
	assert_true(nodes_strong < nodes_simple);
	assert_true(tighter > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strong_bounds_keep_the_optimum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
