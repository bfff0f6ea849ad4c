/*
 * test_solve.c - the solver on many random instances: every plan passes the
 * independent checker, the same seed gives the same timetable (also with
 * the unary prices kept as runs, as for very large inputs), and the
 * timetable.json of each validates against docs/timetable.schema.json
 * (checked in one batch by tests/tools/check_schema.py when python3 with
 * jsonschema is there; the CLI test of the example always checks it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include <cjson/cJSON.h>

#include "check/check.h"
#include "export/export.h"
#include "gen.h"
#include "solve/explain.h"
#include "solve/internal.h"
#include "solve/solve.h"
#include "upr/upr.h"

static char *json_of(const struct upr_problem *p, const struct upr_timetable *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(upr_export_json(p, t, f), 0);
	fclose(f);
	return buf;
}

static void test_random_plans_pass_checker(void **state)
{
	(void)state;
	char dir[] = "/tmp/upr-solve-XXXXXX";
	assert_non_null(mkdtemp(dir));
	int planned = 0, infeasible = 0, waitlisted = 0, multiroom = 0;
	for (uint64_t seed = 1; planned < 200 / UPR_TEST_SAMPLE; seed++) {
		uint64_t st = seed * 31;
		struct gen_opts o = {
			.states = gen_int(&st, 1, 24),
			.rooms = gen_int(&st, 1, 4),
			.days = gen_int(&st, 1, 5),
			.speakers_min = 0,
			.speakers_max = gen_int(&st, 1, 9),
			.windows = gen_int(&st, 1, 2),
			.grid = gen_int(&st, 0, 1) ? 30 : 60,
			.hour_len = 180,
			.delegations = gen_int(&st, 0, 12),
			.multi = gen_int(&st, 0, 30),
			.features = gen_int(&st, 0, 40),
			.waitlist = gen_int(&st, 0, 3) != 0,
			.tight = gen_int(&st, 0, 4) == 0,
		};
		char *text = gen_yaml(seed, &o);
		struct upr_problem *p = gen_load(text);
		assert_non_null(p);
		struct upr_solve_opts so = { .seed = seed, .effort = 3000 };
		if (getenv("UPR_TEST_VERBOSE"))
			fprintf(stderr, "seed %llu: %d States, %d rooms, %d days\n",
				(unsigned long long)seed, o.states, o.rooms, o.days);
		struct upr_timetable *t = NULL, *t2 = NULL;
		struct upr_diags d;
		upr_diags_init(&d);
		struct upr_solve_stats stats;
		int rc = upr_solve(p, &so, &t, &d, &stats);
		assert_true(rc == UPR_SOLVE_OK || rc == UPR_SOLVE_NONE);
		if (rc == UPR_SOLVE_NONE) {
			/* no timetable: the solver says only that, explain why */
			assert_int_equal(d.errors, 0);
			assert_int_equal(upr_explain_infeasible(p, &d, stats.bb_complete), 0);
			assert_true(d.errors > 0);
			assert_null(t);
			infeasible++;
		} else {
			struct upr_check_result r;
			upr_check_result_init(&r);
			long n = upr_check(p, t, NULL, &r);
			if (n != 0) {
				for (size_t i = 0; i < r.n; i++)
					fprintf(stderr, "seed %llu: %s: %s\n", (unsigned long long)seed,
						upr_hard_names[r.v[i].code], r.v[i].message);
				fprintf(stderr, "%s", text);
			}
			assert_int_equal(n, 0);
			assert_true(t->lower_bound <= r.score.total);
			t->score = r.score;
			upr_check_result_release(&r);
			waitlisted += t->nwaitlist > 0;
			multiroom += p->nrooms > 1 && t->nsessions > 1;

			/* same seed, same timetable, also with the unary
			 * prices kept as runs (as for very large inputs) */
			struct upr_diags d2;
			upr_diags_init(&d2);
			upr_sv_test_dense_max(seed % 2 ? 0 : -1);
			assert_int_equal(upr_solve(p, &so, &t2, &d2, NULL), 0);
			upr_sv_test_dense_max(-1);
			upr_diags_release(&d2);
			t2->score = t->score;
			char *a = json_of(p, t), *b = json_of(p, t2);
			assert_string_equal(a, b);
			char path[64];
			snprintf(path, sizeof(path), "%s/%03d.json", dir, planned);
			FILE *f = fopen(path, "w");
			assert_non_null(f);
			fputs(a, f);
			fclose(f);
			free(a);
			free(b);
			planned++;
		}
		upr_timetable_free(t);
		upr_timetable_free(t2);
		upr_diags_release(&d);
		upr_problem_free(p);
		free(text);
	}
	assert_true(waitlisted >= 10 / UPR_TEST_SAMPLE);
	assert_true(multiroom >= 50 / UPR_TEST_SAMPLE);
	fprintf(stderr, "%d plans checked; %d instances had no timetable\n", planned, infeasible);

	/* every timetable against the published schema */
	assert_int_equal(check_schema_dir(dir), 0);
	rm_rf(dir);
}

/* timetable.json is streamed by its own writer (src/export/json.c) in
 * cJSON_Print's layout, the layout the file has always had: cJSON reading
 * it back and printing it again must give the same bytes, with names that
 * need every kind of escape (quotes, backslash, tab, slash, non-ASCII),
 * and waitlist reasons. */
static void test_json_layout_is_cjson(void **state)
{
	(void)state;
	static const char yaml[] =
		"event:\n  name: \"Pr\\u00e9-session \\\"UPR\\\" 1/2\"\n  id: layout\n"
		"  timezone: Europe/Zurich\n  days: [2017-12-12, 2017-12-13]\n"
		"  hours: [10:00-12:00]\n"
		"  session: {length: 60, opening: 5, questions: 15, grid: 30, min_statements: 1}\n"
		"  statement: {min: 5, max: 7}\n  waitlist: true\n"
		"rooms:\n  - {id: r1, name: \"Salle \\\\ XXIV\", languages: [en, fr]}\n"
		"  - {id: r2, name: \"Room\\tXXIII\", languages: [en]}\n"
		"states:\n  - {id: CI, name: \"C\\u00f4te d'Ivoire \\\"CI\\\"\", review: 2018-01-15 09:00}\n"
		"  - {id: FR, name: France, review: 2018-01-15 14:30}\n"
		"speakers:\n"
		"  - {id: a, organisation: \"\\u00c9cole \\\"A\\\" / B\\\\C\", kind: cso, states: [CI], language: fr}\n"
		"  - {id: b, organisation: \"\\u65e5\\u672c NGO\", kind: nhri, states: [CI]}\n"
		"  - {id: c, organisation: Org C, kind: cso, states: [CI, FR]}\n"
		"  - {id: d, organisation: \"Org\\tD\", kind: cso, states: [FR], language: fr}\n"
		"  - {id: e, organisation: Org E, kind: cso, states: [FR]}\n"
		"  - {id: f, organisation: Org F, kind: cso, states: [FR]}\n"
		"  - {id: g, organisation: Org G, kind: cso, states: [FR]}\n"
		"  - {id: h, organisation: Org H, kind: cso, states: [FR]}\n"
		"  - {id: i, organisation: Org I, kind: cso, states: [FR]}\n"
		"  - {id: j, organisation: Org J, kind: cso, states: [FR]}\n"
		"  - {id: k, organisation: Org K, kind: cso, states: [FR]}\n"
		"  - {id: l, organisation: Org L, kind: cso, states: [FR]}\n";
	struct upr_problem *p = gen_load(yaml);
	assert_non_null(p);
	struct upr_solve_opts so = { .seed = 1, .effort = 3000 };
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	assert_int_equal(upr_solve(p, &so, &t, &d, NULL), UPR_SOLVE_OK);
	upr_diags_release(&d);
	assert_true(t->nwaitlist > 0);
	char *a = json_of(p, t);
	cJSON *root = cJSON_Parse(a);
	assert_non_null(root);
	char *b = cJSON_Print(root);
	assert_non_null(b);
	size_t n = strlen(b);
	/* the file ends its last line; cJSON_Print does not */
	assert_int_equal(strlen(a), n + 1);
	assert_memory_equal(a, b, n);
	assert_int_equal(a[n], '\n');
	assert_non_null(strstr(a, "\\\"CI\\\""));
	assert_non_null(strstr(a, "Org\\tD"));
	cJSON_free(b);
	cJSON_Delete(root);
	free(a);
	upr_timetable_free(t);
	upr_problem_free(p);
}

/* Sessions that share a speaker, in two rooms: a speaker's statements lie
 * between the opening and the questions (here 10:05-10:45 in a session
 * at 10:00), so with 10 minutes of travel the next may start at 10:50
 * whatever the order inside each.  The heuristic phases allow starts an
 * hour apart (back to back) and forbid half an hour; the old rule (a
 * session and travel, 70 minutes) forbade both. */
static void test_shared_back_to_back(void **state)
{
	(void)state;
	static const char yaml[] =
		"event:\n  name: Apart\n  id: apart\n  timezone: Europe/Zurich\n"
		"  days: [2017-12-12]\n  hours: [10:00-12:00]\n"
		"  session: {length: 60, opening: 5, questions: 15, grid: 30, min_statements: 1}\n"
		"  statement: {min: 5, max: 7}\n  travel: 10\n"
		"rooms:\n  - {id: r1, name: Room 1}\n  - {id: r2, name: Room 2}\n"
		"states:\n  - {id: A, name: A, review: 2018-01-15 09:00, room: r1}\n"
		"  - {id: B, name: B, review: 2018-01-15 14:30, room: r2}\n"
		"speakers:\n  - {id: c, organisation: Org C, states: [A, B]}\n";
	struct upr_problem *p = gen_load(yaml);
	assert_non_null(p);
	struct upr_solve_stats stats;
	struct upr_solve_opts so = { .seed = 1 };
	memset(&stats, 0, sizeof(stats));
	struct solver s;
	upr_sv_solver_init(&s, p, &so, &stats);
	assert_int_equal(upr_sv_setup(&s), 0);
	assert_int_equal(s.apart, 50);
	int a10 = -1, b1030 = -1, b11 = -1;
	for (int k = 0; k < s.nslots; k++) {
		int64_t t = s.starts[s.slots[k].si] - s.starts[0];
		if (s.slots[k].room == 0 && t == 0)
			a10 = k;
		if (s.slots[k].room == 1 && t == 30)
			b1030 = k;
		if (s.slots[k].room == 1 && t == 60)
			b11 = k;
	}
	assert_true(a10 >= 0 && b1030 >= 0 && b11 >= 0);
	int ha = 0, hb = 1;
	assert_true(upr_sv_pair_cost(&s, ha, a10, hb, b11) < BIG);
	assert_true(upr_sv_pair_cost(&s, ha, a10, hb, b1030) >= BIG);
	upr_sv_solver_release(&s);
	upr_problem_free(p);
}

/* Two sessions at one hour in two rooms share speaker x, second of A's
 * two speakers and first of B's four.  Planned in start order, A's best
 * alone (a1, x) leaves x no statement in B that ends travel before or
 * starts travel after (and there is no waitlist); planned together, x
 * opens A (one pair out of order) and closes B (three): score 4.  The
 * timetable is built from that joint plan (coupled.c), so the plan the
 * search proved optimal is the one the checker scores. */
static void test_joint_plan_built(void **state)
{
	(void)state;
	static const char yaml[] =
		GEN_ONE_HOUR_TWO_ROOMS("Joint")
		"states:\n  - {id: A, name: A, room: r1}\n  - {id: B, name: B, room: r2}\n"
		"speakers:\n  - {id: a1, organisation: Org A1, states: A}\n"
		"  - {id: x, organisation: Org X, states: [A, B]}\n"
		"  - {id: b1, organisation: Org B1, states: B}\n"
		"  - {id: b2, organisation: Org B2, states: B}\n"
		"  - {id: b3, organisation: Org B3, states: B}\n";
	struct upr_problem *p = gen_load(yaml);
	assert_non_null(p);
	struct upr_solve_opts so = { .seed = 1 };
	struct upr_solve_stats stats;
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	assert_int_equal(upr_solve(p, &so, &t, &d, &stats), UPR_SOLVE_OK);
	upr_diags_release(&d);
	assert_true(t->optimal);
	assert_int_equal(stats.cost, 4);
	assert_int_equal(t->nwaitlist, 0);
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts co = { false, NULL };
	assert_int_equal(upr_check(p, t, &co, &r), 0);
	assert_int_equal(r.score.total, 4);
	upr_check_result_release(&r);
	upr_timetable_free(t);
	upr_problem_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_plans_pass_checker),
		cmocka_unit_test(test_json_layout_is_cjson),
		cmocka_unit_test(test_shared_back_to_back),
		cmocka_unit_test(test_joint_plan_built),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
