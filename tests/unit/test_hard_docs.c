/*
 * test_hard_docs.c - the list of hard constraints (check.h) and what the
 * docs and the help say about them agree: docs/reference.md's table has one
 * row per constraint with its code, name and rule, word for word; every
 * code the docs (README.md, docs/, the manual page) name exists; a range
 * from H1 ends at the last code; a code written next to a constraint's name
 * is that constraint's; `validate --help` names the whole range.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "files.h"

#define NHARD (UPR_H_COUNT - 1)

/* The code whose name is word[0..len), or 0. */
static int code_of_name(const char *word, size_t len)
{
	for (int h = 1; h < UPR_H_COUNT; h++)
		if (strlen(upr_hard_constraints[h].name) == len &&
		    strncmp(upr_hard_constraints[h].name, word, len) == 0)
			return h;
	return 0;
}

static void test_list(void **state)
{
	(void)state;
	assert_int_equal(UPR_H_LAST, NHARD);
	char range[16];
	snprintf(range, sizeof(range), "H1-H%d", NHARD);
	assert_string_equal(UPR_H_RANGE, range);
	for (int h = 1; h < UPR_H_COUNT; h++) {
		const struct upr_hard_info *x = &upr_hard_constraints[h];
		char id[8];
		snprintf(id, sizeof(id), "H%d", h);
		assert_int_equal(x->code, h);
		assert_string_equal(x->id, id);
		assert_ptr_equal(upr_hard_names[h], x->name);
		assert_true(x->name[0] && x->rule[0]);
		assert_int_equal(code_of_name(x->name, strlen(x->name)), h);	/* unique */
	}
}

/* The reference's table: "| H1 | `session-window` | rule |", one row per
 * constraint, in order, between "### Hard constraints" and the next heading. */
static void test_reference_table(void **state)
{
	(void)state;
	char *ref = slurp(UPR_SOURCE_DIR "/docs/reference.md", NULL);
	assert_non_null(ref);
	char *sec = strstr(ref, "\n### Hard constraints\n");
	assert_non_null(sec);
	sec++;
	char *end = strstr(sec + 1, "\n#");
	if (end)
		*end = '\0';
	int rows = 0;
	for (char *line = strtok(sec, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "| H", 3) != 0)
			continue;
		rows++;
		char want[2048];
		if (rows < UPR_H_COUNT) {
			const struct upr_hard_info *x = &upr_hard_constraints[rows];
			snprintf(want, sizeof(want), "| %s | `%s` | %s |", x->id, x->name, x->rule);
		} else {
			snprintf(want, sizeof(want), "(no constraint H%d)", rows);
		}
		if (strcmp(line, want) != 0)
			fprintf(stderr, "reference.md has\n  %s\nwhere the list (check.h) gives\n  %s\n",
				line, want);
		assert_string_equal(line, want);
	}
	assert_int_equal(rows, NHARD);
	free(ref);
}

/* Each match of re in text, as (start of group g, its length), to f. */
static void each_match(const char *re, const char *text, int g,
		       void (*f)(const char *file, const char *text, const regmatch_t *m),
		       const char *file)
{
	regex_t rx;
	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE), 0);
	regmatch_t m[8];
	const char *p = text;
	while (regexec(&rx, p, 8, m, p == text ? 0 : REG_NOTBOL) == 0) {
		f(file, p, m);
		p += m[g].rm_eo > 0 ? m[g].rm_eo : 1;
	}
	regfree(&rx);
}

static int failures;

static int number_at(const char *p, const regmatch_t *m)
{
	return atoi(p + m->rm_so);
}

/* "H<n>" as a word: n is a code. */
static void known_code(const char *file, const char *p, const regmatch_t *m)
{
	int n = number_at(p, &m[2]);
	if (n < 1 || n > NHARD) {
		fprintf(stderr, "%s: names H%d, but the hard constraints are " UPR_H_RANGE "\n",
			file, n);
		failures++;
	}
}

/* "H1-H<n>", "H1 to H<n>", "`H1`..`H<n>`", roff's H1 " to " H<n>: the
 * whole list, so n is the last code. */
static void whole_range(const char *file, const char *p, const regmatch_t *m)
{
	int n = number_at(p, &m[3]);
	if (n != NHARD) {
		fprintf(stderr, "%s: names the range H1 to H%d, but the hard constraints are "
			UPR_H_RANGE "\n", file, n);
		failures++;
	}
}

/* "H<n> name", "**H<n> name", "H<n>", "name": "name": when name is a
 * constraint's, it is H<n>'s. */
static void code_and_name(const char *file, const char *p, const regmatch_t *m)
{
	int n = number_at(p, &m[2]);
	int named = code_of_name(p + m[4].rm_so, (size_t)(m[4].rm_eo - m[4].rm_so));
	if (named && named != n) {
		fprintf(stderr, "%s: writes H%d %.*s, but %.*s is H%d\n", file, n,
			(int)(m[4].rm_eo - m[4].rm_so), p + m[4].rm_so,
			(int)(m[4].rm_eo - m[4].rm_so), p + m[4].rm_so, named);
		failures++;
	}
}

static void test_docs_codes(void **state)
{
	(void)state;
	static const char *const patterns[] = {
		UPR_SOURCE_DIR "/README.md", UPR_SOURCE_DIR "/docs/*.md",
		UPR_SOURCE_DIR "/docs/internals/*.md", UPR_SOURCE_DIR "/docs/*.1",
		UPR_SOURCE_DIR "/docs/*.yml",
	};
	glob_t g;
	int flags = 0;
	for (size_t i = 0; i < sizeof(patterns) / sizeof(*patterns); i++) {
		assert_int_equal(glob(patterns[i], flags, NULL, &g), 0);
		flags = GLOB_APPEND;
	}
	assert_true(g.gl_pathc >= 5);
	failures = 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *text = slurp(g.gl_pathv[i], NULL);
		assert_non_null(text);
		const char *file = g.gl_pathv[i] + strlen(UPR_SOURCE_DIR) + 1;
		each_match("(^|[^A-Za-z0-9_])H([0-9]+)([^A-Za-z0-9_]|$)", text, 2, known_code, file);
		each_match("(^|[^A-Za-z0-9_])H1[ `\"]*(-|\\.\\.|to)[ `\"]*H([0-9]+)", text, 3,
			   whole_range, file);
		each_match("(^|[^A-Za-z0-9_])H([0-9]+)[ |*`\",:]*(name[\" :]*)?([a-z][a-z-]*[a-z])",
			   text, 4, code_and_name, file);
		free(text);
	}
	globfree(&g);
	assert_int_equal(failures, 0);
}

/* The help names the whole range, from the list. */
static void test_help(void **state)
{
	(void)state;
	FILE *f = popen("'" UPR_BINARY "' help validate", "r");
	assert_non_null(f);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	assert_int_equal(pclose(f), 0);
	char want[32];
	snprintf(want, sizeof(want), "(H1-H%d)", NHARD);
	assert_non_null(strstr(buf, want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_reference_table),
		cmocka_unit_test(test_docs_codes),
		cmocka_unit_test(test_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
