/*
 * test_explain.c - the conflicts explain reports are real and minimal,
 * judged by the full search and the independent checker, not by the
 * explanation's own oracle.
 *
 * For every case of tests/data/infeasible/ and for random instances that
 * the search proves infeasible: the conflict's members alone (every other
 * group relaxed) leave no timetable that the full search finds, and
 * without any one member the full search finds a timetable that the
 * checker accepts on the relaxed problem.  The relaxations are monotone:
 * relaxing every group of a feasible copy keeps it feasible.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "files.h"
#include "gen.h"
#include "solve/explain.h"
#include "solve/explain_internal.h"
#include "solve/solve.h"
#include "upr/upr.h"
#include "util/mem.h"

/* Does the full search find a timetable of the copy of p with only
 * active[] in force, one the checker accepts?  1 yes, 0 no. */
static int solve_relaxed(const struct upr_problem *p, const struct ex_group *g, size_t ng,
			 const unsigned char *active)
{
	struct upr_arena a;
	struct upr_problem q;
	upr_arena_init(&a);
	assert_int_equal(upr_ex_relax(p, g, ng, active, NULL, 0, &q, &a), 0);
	struct upr_solve_opts so = { .seed = 1 };
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	int rc = upr_solve(&q, &so, &t, &d, NULL);
	assert_true(rc == UPR_SOLVE_OK || rc == UPR_SOLVE_NONE);
	int found = 0;
	if (rc == UPR_SOLVE_OK) {
		struct upr_check_result r;
		upr_check_result_init(&r);
		long nv = upr_check(&q, t, NULL, &r);
		for (size_t i = 0; i < r.n; i++)
			fprintf(stderr, "relaxed plan breaks %s: %s\n", upr_hard_names[r.v[i].code],
				r.v[i].message);
		assert_int_equal(nv, 0);
		upr_check_result_release(&r);
		found = 1;
	}
	upr_timetable_free(t);
	upr_diags_release(&d);
	upr_arena_release(&a);
	return found;
}

/* Finds p's conflict and judges it.  Returns its size (0: none proved). */
static long judge(const struct upr_problem *p, const char *what)
{
	struct ex_oracle o;
	memset(&o, 0, sizeof(o));
	o.p = p;
	o.budget = 5000;
	struct ex_group *g = upr_ex_groups(p, &o.ng);
	assert_non_null(g);
	o.g = g;
	size_t *mus = malloc((o.ng + 1) * sizeof(*mus));
	unsigned char *on = calloc(o.ng + 1, 1);
	assert_non_null(mus);
	assert_non_null(on);
	long n = upr_ex_conflict(&o, mus);
	assert_true(n >= 0);
	for (long i = 0; i < n; i++)
		on[mus[i]] = 1;
	if (n > 0) {
		if (solve_relaxed(p, g, o.ng, on))
			fail_msg("%s: the members together leave a timetable", what);
		for (long i = 0; i < n; i++) {
			on[mus[i]] = 0;
			if (!solve_relaxed(p, g, o.ng, on))
				fail_msg("%s: member %ld (kind %d) is not needed", what, i,
					 g[mus[i]].kind);
			on[mus[i]] = 1;
		}
		for (long i = 1; i < n; i++)
			assert_true(mus[i - 1] < mus[i]);	/* cheapest first */
	}
	upr_ex_oracle_release(&o);
	free(g);
	free(mus);
	free(on);
	return n;
}

/* The cases of tests/data/infeasible/, one by one: opens the folder when
 * *dp is NULL, and returns the next case loaded (its file name in *name),
 * or NULL after the last (the folder closed). */
static struct upr_problem *next_case(DIR **dp, const char **name)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/tests/data/infeasible", UPR_SOURCE_DIR);
	if (!*dp) {
		*dp = opendir(dir);
		assert_non_null(*dp);
	}
	struct dirent *de;
	while ((de = readdir(*dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		const char *paths[] = { path };
		struct upr_problem *p = NULL;
		struct upr_diags d;
		upr_diags_init(&d);
		assert_int_equal(upr_load(paths, 1, &p, &d), 0);
		upr_diags_release(&d);
		*name = de->d_name;
		return p;
	}
	closedir(*dp);
	*dp = NULL;
	return NULL;
}

static void test_cases(void **state)
{
	(void)state;
	DIR *dp = NULL;
	const char *name;
	struct upr_problem *p;
	int cases = 0;
	while ((p = next_case(&dp, &name)) != NULL) {
		if (judge(p, name) == 0)
			fail_msg("%s: no conflict found", name);
		/* and the report names it */
		struct upr_diags d;
		upr_diags_init(&d);
		assert_int_equal(upr_explain_infeasible(p, &d, true), 0);
		assert_true(d.errors >= 2);
		upr_diags_release(&d);
		upr_problem_free(p);
		cases++;
	}
	assert_true(cases >= 12);
}

static void test_random(void **state)
{
	(void)state;
	int infeasible = 0, explained = 0;
	for (uint64_t seed = 1; seed <= 400 / UPR_TEST_SAMPLE && infeasible < 40; seed++) {
		uint64_t st = seed * 97;
		struct gen_opts o = {
			.states = gen_int(&st, 1, 8),
			.rooms = gen_int(&st, 1, 2),
			.days = gen_int(&st, 1, 2),
			.speakers_min = 1,
			.speakers_max = gen_int(&st, 1, 8),
			.windows = gen_int(&st, 1, 2),
			.grid = 60,
			.hour_len = 120,
			.delegations = 0,
			.multi = gen_int(&st, 0, 40),
			.features = gen_int(&st, 20, 60),
			.waitlist = 0,
			.tight = 1,
		};
		char *text = gen_yaml(seed, &o);
		struct upr_problem *p = gen_load(text);
		assert_non_null(p);
		struct upr_solve_opts so = { .seed = 1 };
		struct upr_timetable *t = NULL;
		struct upr_diags d;
		upr_diags_init(&d);
		struct upr_solve_stats stats;
		int rc = upr_solve(p, &so, &t, &d, &stats);
		if (rc == UPR_SOLVE_NONE && stats.bb_complete) {
			infeasible++;
			char what[64];
			snprintf(what, sizeof(what), "seed %llu", (unsigned long long)seed);
			long n = judge(p, what);
			explained += n > 0;
		}
		upr_timetable_free(t);
		upr_diags_release(&d);
		upr_problem_free(p);
		free(text);
	}
	fprintf(stderr, "%d infeasible random instances, %d conflicts found\n", infeasible,
		explained);
	assert_true(infeasible >= 10 / UPR_TEST_SAMPLE);
	/* the oracle's small effort proves nearly every conflict the full
	 * search proves */
	assert_true(explained * 10 >= infeasible * 9);
}

/* The report as text (free). */
static char *report(const struct upr_diags *d)
{
	struct gen_buf b = { NULL, 0, 0 };
	gb_printf(&b, "%s", "");
	for (size_t i = 0; i < d->n; i++) {
		char line[2048];
		upr_diag_format(&d->items[i], line, sizeof(line));
		gb_printf(&b, "%s\n", line);
	}
	return b.s;
}

/* Out of memory anywhere in an explanation: -1, or a report that is the
 * same as with memory (an allocation the search can do without); nothing
 * leaked (the sanitizer build). */
static void test_oom(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/data/infeasible/room-features.yaml", UPR_SOURCE_DIR);
	const char *paths[] = { path };
	struct upr_problem *p = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	assert_int_equal(upr_load(paths, 1, &p, &d), 0);
	assert_int_equal(upr_explain_infeasible(p, &d, true), 0);
	char *want = report(&d);
	upr_diags_release(&d);
	unsigned long n = 1;
	for (;; n += UPR_TEST_SAMPLE) {
		upr_diags_init(&d);
		upr_mem_fail_at(n);
		int rc = upr_explain_infeasible(p, &d, true);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		char *got = report(&d);
		upr_diags_release(&d);
		if (rc == 0)
			assert_string_equal(got, want);
		free(got);
		if (rc == 0 && upr_mem_count() < n)
			break;	/* every allocation succeeded */
		assert_true(n < 1000000);
	}
	fprintf(stderr, "explain: out of memory at allocation 1 to %lu (every %d)\n", n, UPR_TEST_SAMPLE);
	free(want);
	upr_problem_free(p);
}

/* The cap of solver calls, like the deadline, leaves answers "unknown":
 * lowered to one call, the reports that it cut short say so and claim
 * no minimality; with the real cap the small cases never reach it. */
static void test_cap(void **state)
{
	(void)state;
	DIR *dp = NULL;
	const char *name;
	struct upr_problem *p;
	int capped = 0;
	while ((p = next_case(&dp, &name)) != NULL) {
		struct upr_diags d;
		upr_diags_init(&d);
		assert_int_equal(upr_explain_infeasible(p, &d, true), 0);
		char *full = report(&d);
		assert_null(strstr(full, "solver calls"));
		upr_diags_release(&d);
		upr_diags_init(&d);
		assert_int_equal(upr_ex_explain(p, &d, true, 0, 1), 0);
		char *got = report(&d);
		if (strstr(got, "stopped at its limit of 1 solver calls")) {
			capped++;
			assert_null(strstr(got, "without any one of them the rest can"));
			assert_null(strstr(got, "without it a timetable exists"));
		} else {
			assert_string_equal(got, full);	/* one call was enough */
		}
		free(full);
		free(got);
		upr_diags_release(&d);
		upr_problem_free(p);
	}
	assert_true(capped >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_oom),
		cmocka_unit_test(test_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
