/*
 * test_embed.c - libupr as a program that embeds it sees it: only
 * include/upr/ is on the include path (tests/CMakeLists.txt gives this
 * program no src/), so a private header would not even compile here.
 *
 * Loads the example, plans it, validates and exports the plan through the
 * public calls, and checks what they promise: statuses, reports, files,
 * and that a wrong request is an error, never a fallback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "upr/upr.h"

static char dir[] = "/tmp/upr-embed-XXXXXX";

static struct upr_problem *load(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", UPR_SOURCE_DIR, rel);
	const char *paths[] = { path };
	struct upr_problem *p = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	assert_int_equal(upr_load(paths, 1, &p, &d), 0);
	assert_int_equal(d.errors, 0);
	upr_diags_release(&d);
	assert_non_null(p);
	return p;
}

static bool exists(const char *name)
{
	char path[1024];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

static int progress_calls, progress_started;

static void on_progress(void *ctx, const struct upr_plan_progress *pr)
{
	progress_calls++;
	progress_started += pr->started;
}

static void test_plan_validate_export(void **state)
{
	struct upr_problem *p = load("examples/upr29");
	struct upr_diags d;
	upr_diags_init(&d);
	const char *bad;
	size_t badlen;
	struct upr_plan_opts po = { .seed = 1, .effort = 2000, .out = dir, .dtstamp = 1700000000,
				    .formats = upr_formats_parse("json,ics", &bad, &badlen),
				    .progress = on_progress };
	struct upr_plan_report r;
	assert_int_equal(upr_plan(p, &po, &r, &d), UPR_OK);
	assert_int_equal(d.errors, 0);
	assert_int_equal(progress_started, 1);
	assert_true(progress_calls >= 1);
	assert_true(r.sessions > 0 && r.statements >= r.sessions);
	assert_true(r.lower_bound <= r.score);
	if (r.optimal)
		assert_int_equal(r.lower_bound, r.score);
	/* who is left out, and why: Israel's waitlisted statement, then the
	 * six States not held */
	assert_int_equal(r.waitlisted, 1);
	assert_int_equal(r.not_held, 6);
	assert_int_equal(r.nleft, r.waitlisted + r.not_held);
	assert_string_equal(r.left[0].speaker_id, "civic-space");
	assert_string_equal(r.left[0].state, "Israel");
	assert_non_null(strstr(r.left[0].reason, "Ethiopian-Israeli Equality Forum"));
	assert_null(r.left[1].speaker);
	assert_string_equal(r.left[1].state_id, "TO");
	upr_plan_report_release(&r);
	assert_null(r.left);
	assert_true(exists("timetable.json") && exists("calendar.ics") &&
		    exists("delegations") && exists("speakers"));
	assert_false(exists("timetable.csv") || exists("programme.html") ||
		     exists("schedule.xml") || exists("changes.txt"));

	/* the plan is valid, and its score is the one the report gave */
	char tt[1024];
	snprintf(tt, sizeof(tt), "%s/timetable.json", dir);
	struct upr_validate_opts vo = { .timetable = tt, .score_diags = true };
	struct upr_validation *v = NULL;
	assert_int_equal(upr_validate(p, &vo, &v, &d), UPR_OK);
	assert_non_null(v);
	assert_true(upr_validation_valid(v));
	assert_int_equal(upr_validation_violations(v), 0);
	assert_int_equal(upr_validation_score(v), r.score);
	upr_validation_free(v);

	/* one format to a stream */
	FILE *f = tmpfile();
	assert_non_null(f);
	struct upr_export_request rq = { .timetable = tt, .stream = f, .dtstamp = 1700000000,
					 .formats = upr_formats_parse("csv", &bad, &badlen) };
	assert_int_equal(upr_export(p, &rq, &d), UPR_OK);
	char head[5] = "";
	rewind(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	assert_string_equal(head, "date");
	fclose(f);

	/* every format into a directory */
	char out[1024];
	snprintf(out, sizeof(out), "%s/all", dir);
	struct upr_export_request all = { .timetable = tt, .out = out, .dtstamp = -1 };
	assert_int_equal(upr_export(p, &all, &d), UPR_OK);
	assert_int_equal(d.errors, 0);
	assert_true(exists("all/timetable.csv") && exists("all/programme.html") &&
		    exists("all/schedule.xml"));

	/* errors, never fallbacks */
	struct upr_export_request nobody = { .timetable = tt, .stream = stdout,
					     .delegation = "nobody", .dtstamp = -1 };
	assert_int_equal(upr_export(p, &nobody, &d), UPR_BAD_INPUT);
	size_t before = d.errors;
	struct upr_export_request two = { .timetable = tt, .stream = stdout, .dtstamp = -1,
					  .formats = upr_formats_parse("json,csv", &bad, &badlen) };
	assert_int_equal(upr_export(p, &two, &d), UPR_BAD_INPUT);
	assert_true(d.errors > before);
	struct upr_plan_opts unknown = { .out = dir, .formats = 1u << 31, .dtstamp = -1 };
	assert_int_equal(upr_plan(p, &unknown, &r, &d), UPR_BAD_INPUT);
	struct upr_plan_opts many = { .out = dir, .stream = stdout, .dtstamp = -1 };
	assert_int_equal(upr_plan(p, &many, &r, &d), UPR_BAD_INPUT);
	assert_int_equal(upr_formats_parse("json,nope", &bad, &badlen), 0);
	assert_int_equal(badlen, 4);
	assert_false(upr_formats_one_file(upr_formats_parse("ics", &bad, &badlen)));
	assert_true(upr_formats_one_file(upr_formats_parse("html", &bad, &badlen)));

	upr_diags_release(&d);
	upr_problem_free(p);
}

static void test_infeasible(void **state)
{
	struct upr_problem *p = load("tests/data/infeasible/language.yaml");
	struct upr_diags d;
	upr_diags_init(&d);
	char out[1024];
	snprintf(out, sizeof(out), "%s/none", dir);
	struct upr_plan_opts po = { .seed = 1, .out = out, .dtstamp = -1 };
	struct upr_plan_report r;
	assert_int_equal(upr_plan(p, &po, &r, &d), UPR_FAILED);
	/* the explanation, each with what to relax */
	assert_true(d.errors > 0);
	bool relax = false;
	for (size_t i = 0; i < d.n; i++)
		relax |= d.items[i].severity == UPR_NOTE && strstr(d.items[i].message, "relax") != NULL;
	assert_true(relax);
	assert_false(exists("none"));
	upr_diags_release(&d);
	upr_problem_free(p);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_validate_export),
		cmocka_unit_test(test_infeasible),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[1100];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
