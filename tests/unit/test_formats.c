/*
 * test_formats.c - the format registry (src/export/formats.c) and everything
 * that lists formats agree with it: parsing of -f, the help of plan and
 * export, the bash completion, docs/reference.md, README.md and the manual
 * page.  A format added to the table but not to the docs (or the other way
 * round) fails here, with the place that disagrees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "files.h"

#define BIG 4096

/* Appends s to buf (of BIG bytes). */
static void cat(char *buf, const char *s)
{
	size_t n = strlen(buf);
	assert_true(n + strlen(s) < BIG);
	memcpy(buf + n, s, strlen(s) + 1);
}

/* The formats -f names, as "<pre>name<post>" joined by sep, last two by
 * last; one_file: only those that write one file. */
static void names(char *buf, const char *pre, const char *post, const char *sep,
		  const char *last, bool one_file)
{
	int idx[UPR_FORMAT_COUNT], n = 0;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++)
		if (upr_formats[i].name && (!one_file || upr_formats_single_file(UPR_FMT(i)) == i))
			idx[n++] = i;
	buf[0] = '\0';
	for (int k = 0; k < n; k++) {
		if (k)
			cat(buf, k + 1 == n ? last : sep);
		cat(buf, pre);
		cat(buf, upr_formats[idx[k]].name);
		cat(buf, post);
	}
}

/* The files of format i: in reference.md's words (files != NULL, "`a`,
 * `d/ID.ics` (one per delegation)"), or in README's (readme: a star for the ID). */
static void files_text(char *buf, int i, bool readme)
{
	static const char *const per[] = { "", " (one per delegation)", " (one per speaker)" };
	buf[0] = '\0';
	for (int k = 0; k < UPR_FORMAT_MAX_FILES && upr_formats[i].files[k].write; k++) {
		const struct upr_format_file *ff = &upr_formats[i].files[k];
		if (k)
			cat(buf, ", ");
		cat(buf, "`");
		cat(buf, ff->name);
		if (ff->per != UPR_PER_RUN) {
			cat(buf, readme ? "*" : "ID");
			cat(buf, ff->suffix);
		}
		cat(buf, "`");
		if (!readme)
			cat(buf, per[ff->per]);
	}
}

/* A whole file of the source tree; the test fails without it. */
static char *source(const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", UPR_SOURCE_DIR, rel);
	char *s = slurp(path, NULL);
	if (!s)
		fail_msg("cannot read %s", path);
	return s;
}

/* The output of a shell command, whitespace runs made one space. */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *buf = calloc(1, BIG);
	size_t n = 0;
	int c, space = 0;
	while ((c = fgetc(p)) != EOF && n + 1 < BIG) {
		if (c == ' ' || c == '\n' || c == '\t') {
			space = 1;
			continue;
		}
		if (space && n)
			buf[n++] = ' ';
		space = 0;
		buf[n++] = (char)c;
	}
	assert_int_equal(pclose(p), 0);
	return buf;
}

static void must_contain(const char *where, const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("%s does not say \"%s\" (the format registry has it so)", where, what);
}

static void test_table(void **state)
{
	unsigned all = 0;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++) {
		const struct upr_format *f = &upr_formats[i];
		assert_non_null(f->help);
		assert_non_null(f->files[0].write);
		for (int k = 0; k < UPR_FORMAT_MAX_FILES && f->files[k].write; k++) {
			assert_non_null(f->files[k].name);
			assert_true((f->files[k].per == UPR_PER_RUN) == (f->files[k].suffix == NULL));
		}
		if (!f->name)
			continue;
		assert_true(strcmp(f->name, "all") != 0);
		assert_int_equal(strspn(f->name, "abcdefghijklmnopqrstuvwxyz0123456789-"),
				 strlen(f->name));
		for (int j = 0; j < i; j++)
			assert_true(!upr_formats[j].name || strcmp(upr_formats[j].name, f->name) != 0);
		const char *bad = NULL;
		size_t badlen = 0;
		assert_int_equal(upr_formats_parse(f->name, &bad, &badlen), UPR_FMT(i));
		if (!f->private_data)
			all |= UPR_FMT(i);
	}
	assert_int_equal(upr_formats_all(), all);
	/* the notices hold contacts: chosen by name only, never with "all",
	 * and never written beside a public format */
	assert_true(upr_formats[UPR_FORMAT_NOTICES].private_data);
	assert_int_equal(upr_formats_private(), UPR_FMT(UPR_FORMAT_NOTICES));
	assert_int_equal(all & UPR_FMT(UPR_FORMAT_NOTICES), 0);
	assert_int_equal(upr_formats_parse("all,notices", NULL, NULL),
			 all | UPR_FMT(UPR_FORMAT_NOTICES));
	struct upr_diags d;
	upr_diags_init(&d);
	assert_false(upr_formats_mixes_private(UPR_FMT(UPR_FORMAT_NOTICES), &d));
	assert_false(upr_formats_mixes_private(all, &d));
	assert_int_equal(d.errors, 0);
	assert_true(upr_formats_mixes_private(UPR_FMT(UPR_FORMAT_NOTICES) | UPR_FMT(UPR_FORMAT_JSON), &d));
	assert_int_equal(d.errors, 1);
	upr_diags_release(&d);
	assert_int_equal(upr_formats_parse("all", NULL, NULL), all);
	/* changes.txt goes with a re-plan; -f cannot choose it */
	assert_null(upr_formats[UPR_FORMAT_CHANGES].name);
	assert_int_equal(all & UPR_FMT(UPR_FORMAT_CHANGES), 0);
}

static void test_parse_unknown(void **state)
{
	const char *bad = NULL;
	size_t badlen = 0;
	const char *list = "json,nope,csv";
	assert_int_equal(upr_formats_parse(list, &bad, &badlen), 0);
	assert_ptr_equal(bad, list + 5);
	assert_int_equal(badlen, 4);
	assert_int_equal(upr_formats_parse("json,", &bad, &badlen), 0);
	assert_int_equal(badlen, 0);
	assert_int_equal(upr_formats_parse("changes", &bad, &badlen), 0);
	/* no prefixes */
	assert_int_equal(upr_formats_parse("js", &bad, &badlen), 0);
	assert_int_equal(upr_formats_parse("json,csv", &bad, &badlen),
			 UPR_FMT(UPR_FORMAT_JSON) | UPR_FMT(UPR_FORMAT_CSV));
}

static void test_list(void **state)
{
	char want[BIG], got[BIG];
	names(want, "", "", ",", ",", false);
	assert_int_equal(upr_formats_list(got, sizeof(got), ",", ",", false), strlen(want));
	assert_string_equal(got, want);
	names(want, "", "", ", ", " or ", true);
	upr_formats_list(got, sizeof(got), ", ", " or ", true);
	assert_string_equal(got, want);
	/* truncated, terminated, and the length it needs */
	char small[6];
	assert_int_equal(upr_formats_list(small, sizeof(small), ", ", " or ", true), strlen(want));
	assert_int_equal(strlen(small), 5);
}

static void test_help(void **state)
{
	char want[BIG], need[2 * BIG];
	names(want, "", "", ",", ",", false);
	snprintf(need, sizeof(need), "-f, --format LIST any of %s, or all (default: all)", want);
	for (int k = 0; k < 2; k++) {
		const char *cmd = k ? "export" : "plan";
		char line[1024];
		snprintf(line, sizeof(line), "'%s' help %s", UPR_BINARY, cmd);
		char *help = run(line);
		must_contain(cmd, help, need);
		free(help);
	}
	char *help = run("'" UPR_BINARY "' help plan");
	names(want, "", "", ", ", " or ", true);
	snprintf(need, sizeof(need), "- writes the one file of a single -f %s to stdout", want);
	must_contain("help plan", help, need);
	free(help);
	/* and the messages of a wrong -f */
	names(want, "", "", ",", ",", false);
	snprintf(need, sizeof(need), "unknown format 'x' (formats: %s)", want);
	help = run("'" UPR_BINARY "' plan -f x in 2>&1; test $? = 2");
	must_contain("plan -f x", help, need);
	free(help);
}

static void test_completion(void **state)
{
	char want[BIG], cmd[2 * BIG];
	names(want, "", "", " ", " ", false);
	cat(want, " all");
	snprintf(cmd, sizeof(cmd),
		 "bash -c 'source \"%s/contrib/upr-schedule.bash\"; COMP_WORDS=(\"%s\" export -f \"\");"
		 " COMP_CWORD=3; _upr_schedule; echo \"${COMPREPLY[*]}\"'",
		 UPR_SOURCE_DIR, UPR_BINARY);
	char *got = run(cmd);
	assert_string_equal(got, want);
	free(got);
}

static void test_reference(void **state)
{
	char *ref = source("docs/reference.md");
	char want[BIG], row[2 * BIG];
	names(want, "`", "`", ", ", ", ", false);
	snprintf(row, sizeof(row), "comma-separated formats: %s, `all` |", want);
	must_contain("docs/reference.md (-f of plan)", ref, row);
	names(want, "`", "`", ", ", " or ", true);
	snprintf(row, sizeof(row), "exactly one of %s (the calendars", want);
	must_contain("docs/reference.md (-o - of plan)", ref, row);

	/* the table of formats and their files: one row per format, no more */
	const char *t = strstr(ref, "| format | files |\n| --- | --- |\n");
	assert_non_null(t);
	t = strchr(strchr(t, '\n') + 1, '\n') + 1;
	int rows = 0;
	for (const char *l = t; *l == '|'; l = strchr(l, '\n') + 1)
		rows++;
	int n = 0;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++) {
		if (!upr_formats[i].name)
			continue;
		char files[BIG];
		files_text(files, i, false);
		snprintf(row, sizeof(row), "| `%s` | %s |\n", upr_formats[i].name, files);
		const char *at = strstr(t, row);
		if (!at || at - t > 4000)
			fail_msg("docs/reference.md has no row \"%s\" in its table of formats", row);
		n++;
	}
	assert_int_equal(rows, n);
	free(ref);
}

static void test_readme(void **state)
{
	char *readme = source("README.md");
	char want[BIG] = "| `plan [options] INPUT...` | plans and writes ";
	/* what plan writes by default: the private formats are not */
	for (int i = 0, first = 1; i < UPR_FORMAT_COUNT; i++) {
		if (!upr_formats[i].name || upr_formats[i].private_data)
			continue;
		char files[BIG];
		files_text(files, i, true);
		if (!first)
			cat(want, ", ");
		cat(want, files);
		first = 0;
	}
	cat(want, " |");
	must_contain("README.md", readme, want);
	free(readme);
}

static void test_man(void **state)
{
	char *page = source("docs/upr-schedule.1");
	char want[2 * BIG], list[BIG];
	/* -f of plan: ".BR json ,\n" ... ".B frab\nand\n.B all" */
	list[0] = '\0';
	int n = 0;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++)
		n += upr_formats[i].name != NULL;
	for (int i = 0, k = 0; i < UPR_FORMAT_COUNT; i++) {
		if (!upr_formats[i].name)
			continue;
		cat(list, ++k == n ? ".B " : ".BR ");
		cat(list, upr_formats[i].name);
		cat(list, k == n ? "\n" : " ,\n");
	}
	snprintf(want, sizeof(want), "Write only these formats, a comma-separated list of\n%sand\n.B all\n",
		 list);
	must_contain("docs/upr-schedule.1 (-f of plan)", page, want);
	/* FILES: every file of every format, changes.txt too */
	const char *files = strstr(page, "\n.SH FILES\n");
	assert_non_null(files);
	for (int i = 0; i < UPR_FORMAT_COUNT; i++)
		for (int k = 0; k < UPR_FORMAT_MAX_FILES && upr_formats[i].files[k].write; k++) {
			const struct upr_format_file *ff = &upr_formats[i].files[k];
			if (ff->per == UPR_PER_RUN)
				snprintf(want, sizeof(want), "\n.TP\n.I %s\n", ff->name);
			else
				snprintf(want, sizeof(want), "\n.TP\n.IR %s ID %s\n", ff->name, ff->suffix);
			must_contain("docs/upr-schedule.1 (FILES)", files, want);
		}
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_parse_unknown),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_readme),
		cmocka_unit_test(test_man),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
