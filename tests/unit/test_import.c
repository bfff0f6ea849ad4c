/*
 * test_import.c - the parts of `import` that read what people write: State
 * and language names through iso-codes (src/load/isocodes.c), the
 * availability and submission-time forms (src/import/dates.c), slugs, and
 * YAML scalars that must read back as written (src/import/emit.c); and
 * every allocation of an import failing in turn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <dirent.h>

#include "import/import.h"
#include "load/isocodes.h"
#include "upr/upr.h"
#include "util/mem.h"
#include "load/values.h"

static void test_fold(void **state)
{
	(void)state;
	char f[UPR_NAME_MAX];
	upr_iso_fold("  Côte d’Ivoire ", f, sizeof(f));
	assert_string_equal(f, "cote divoire");
	upr_iso_fold("COTE D'IVOIRE", f, sizeof(f));
	assert_string_equal(f, "cote divoire");
	upr_iso_fold("The Gambia", f, sizeof(f));
	assert_string_equal(f, "gambia");
	upr_iso_fold("Œuvre -- (Genève)", f, sizeof(f));
	assert_string_equal(f, "oeuvre geneve");
	upr_iso_fold("", f, sizeof(f));
	assert_string_equal(f, "");
}

static void test_countries(void **state)
{
	(void)state;
	struct upr_iso_names t;
	assert_int_equal(upr_iso_countries(&t), 0);
	static const char *const names[][2] = {
		{ "Russia", "RU" },		{ "Russian Federation", "RU" },
		{ "Russie", "RU" },		{ "Côte d'Ivoire", "CI" },
		{ "Cote d'Ivoire", "CI" },	{ "Ivory Coast", "CI" },
		{ "Bolivia", "BO" },		{ "Plurinational State of Bolivia", "BO" },
		{ "Bolivia, Plurinational State of", "BO" }, { "UAE", "AE" },
		{ "Émirats arabes unis", "AE" },	{ "are", "AE" },
		{ "ch", "CH" },			{ "Suisse", "CH" },
		{ "Congo, The Democratic Republic of the", "CD" },
		{ "Democratic Republic of the Congo", "CD" },
		{ "Republic of the Congo", "CG" }, { "Türkiye", "TR" },
		{ "Turkey", "TR" },		{ "Israël", "IL" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *c = upr_iso_lookup(&t, names[i][0]);
		if (!c || strcmp(c, names[i][1]) != 0)
			fail_msg("'%s' gave %s, not %s", names[i][0], c ? c : "nothing",
				 names[i][1]);
	}
	assert_null(upr_iso_lookup(&t, "Burkina"));
	assert_null(upr_iso_lookup(&t, "Atlantis"));
	upr_iso_names_release(&t);
}

static void test_languages(void **state)
{
	(void)state;
	struct upr_iso_names t;
	assert_int_equal(upr_iso_languages(&t), 0);
	static const char *const names[][2] = {
		{ "English", "en" },	{ "anglais", "en" },	{ "French", "fr" },
		{ "Français", "fr" },	{ "FRANCAIS", "fr" },	{ "Spanish", "es" },
		{ "espagnol", "es" },	{ "Castilian", "es" },	{ "Arabic", "ar" },
		{ "arabe", "ar" },	{ "Russian", "ru" },	{ "chinois", "zh" },
		{ "fra", "fr" },	{ "fr", "fr" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *c = upr_iso_lookup(&t, names[i][0]);
		if (!c || strcmp(c, names[i][1]) != 0)
			fail_msg("'%s' gave %s, not %s", names[i][0], c ? c : "nothing",
				 names[i][1]);
	}
	assert_null(upr_iso_lookup(&t, "Frnech"));
	upr_iso_names_release(&t);
}

/* The event of 12-15 December 2017 and, for the year's turn, 2018-01-02. */
static int64_t days[5];
static struct upr_event ev = { .days = days, .ndays = 5 };
static char msg[256];

/* The items of text joined by '|', or "ERR: message". */
static const char *dates(const char *text)
{
	static char out[512];
	struct upr_arena a;
	upr_arena_init(&a);
	const char **v = NULL;
	size_t n = 0;
	if (upr_idates_parse(&ev, text, &a, &v, &n, msg, sizeof(msg)) != 0) {
		snprintf(out, sizeof(out), "ERR: %s", msg);
	} else {
		out[0] = '\0';
		for (size_t i = 0; i < n; i++)
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "",
				 v[i]);
	}
	upr_arena_release(&a);
	return out;
}

static void test_dates(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		days[i] = upr_days_from_civil(2017, 12, (unsigned)(12 + i));
	days[4] = upr_days_from_civil(2018, 1, 2);
	assert_string_equal(dates("2017-12-12"), "2017-12-12");
	assert_string_equal(dates("12 December"), "2017-12-12");
	assert_string_equal(dates("12-13 December"), "2017-12-12|2017-12-13");
	assert_string_equal(dates("12 to 14 déc."), "2017-12-12|2017-12-13|2017-12-14");
	assert_string_equal(dates("14 December, 15 December"), "2017-12-14|2017-12-15");
	assert_string_equal(dates("December 13, 2017"), "2017-12-13");
	assert_string_equal(dates("Tuesday 12th December"), "2017-12-12");
	assert_string_equal(dates("mardi 12 décembre 9h30-11h"), "2017-12-12 09:30-11:00");
	assert_string_equal(dates("13/12/2017 15:00-18:00"), "2017-12-13 15:00-18:00");
	assert_string_equal(dates("13.12.2017; 2 January"), "2017-12-13|2018-01-02");
	/* a range keeps the event's days: 16 December to 1 January has none */
	assert_string_equal(dates("10-13 December"), "2017-12-12|2017-12-13");
	assert_string_equal(dates(" ; \n"), "");
	assert_string_equal(dates("16 December"),
			    "ERR: '16 December' is not a day of the event (2017-12-12 to 2018-01-02)");
	assert_string_equal(dates("31 November"),
			    "ERR: '31 November': there is no day 31 in month 11 of 2017");
	assert_true(strncmp(dates("soon"), "ERR: 'soon' is not a date", 25) == 0);
	assert_true(strncmp(dates("12 December 11:00-10:00"), "ERR:", 4) == 0);
	assert_true(strncmp(dates("12 December 2017 2018"), "ERR:", 4) == 0);
}

static void test_applied(void **state)
{
	(void)state;
	struct upr_arena a;
	upr_arena_init(&a);
	const char *ok[][2] = {
		{ "2017-10-03 14:22", "2017-10-03 14:22" },
		{ "2017-10-03T14:22:05Z", "2017-10-03 14:22" },
		{ "2017-10-03 14:22:05.123+02:00", "2017-10-03 14:22" },
		{ "03/10/2017 14:22", "2017-10-03 14:22" },
		{ "03.10.2017 09:05:00", "2017-10-03 09:05" },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		const char *s = upr_idatetime_parse(ok[i][0], &a, msg, sizeof(msg));
		assert_non_null(s);
		assert_string_equal(s, ok[i][1]);
	}
	const char *bad[] = { "2017-10-03", "yesterday", "2017-02-30 10:00", "2017-10-03 24:00",
			      "2017-10-03 10:00 or so" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(upr_idatetime_parse(bad[i], &a, msg, sizeof(msg)));
	upr_arena_release(&a);
}

static void test_slug(void **state)
{
	(void)state;
	char s[UPR_ID_MAX + 1];
	upr_islug("Collectif handicap et citoyenneté", s, 40);
	assert_string_equal(s, "collectif-handicap-et-citoyennete");
	upr_islug("Observatoire d’Abidjan (OA)", s, 40);
	assert_string_equal(s, "observatoire-dabidjan-oa");
	/* cut at a word's end */
	upr_islug("Association des femmes juristes pour la paix des Grands Lacs", s, 40);
	assert_string_equal(s, "association-des-femmes-juristes-pour-la");
	upr_islug("Общество", s, 40);
	assert_string_equal(s, "");
}

/* What upr_iemit_scalar writes for s. */
static const char *scalar(const char *s)
{
	static char out[256];
	FILE *f = fmemopen(out, sizeof(out), "w");
	upr_iemit_scalar(f, s);
	fclose(f);
	return out;
}

static void test_scalar(void **state)
{
	(void)state;
	assert_string_equal(scalar("Reprieve"), "Reprieve");
	assert_string_equal(scalar("Ligue d'Abidjan"), "Ligue d'Abidjan");
	assert_string_equal(scalar("NO"), "\"NO\"");
	assert_string_equal(scalar("yes"), "\"yes\"");
	assert_string_equal(scalar("2017"), "\"2017\"");
	assert_string_equal(scalar("Note: this"), "\"Note: this\"");
	assert_string_equal(scalar("a #b"), "\"a #b\"");
	assert_string_equal(scalar("- dash"), "\"- dash\"");
	assert_string_equal(scalar("say \"hi\""), "say \"hi\"");	/* plain all the same */
	assert_string_equal(scalar("\"hi\" \\"), "\"\\\"hi\\\" \\\\\"");
	assert_string_equal(scalar("tab\there"), "\"tab\\there\"");
	assert_string_equal(scalar(""), "\"\"");
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 20);
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	(void)n;
	fclose(f);
	return buf;
}

static void write_all(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Files in dir besides the one output: a temporary file left behind. */
static int others(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		     strcmp(e->d_name, "sp.yaml") != 0;
	if (d)
		closedir(d);
	return n;
}

/*
 * Every allocation of an import over an earlier output fails in turn
 * (cJSON's too, for iso-codes' data): each run either succeeds with the
 * very bytes of a run with plenty of memory, or reports an error and leaves
 * the earlier output as it was, with no temporary file; nothing crashes or
 * leaks (the sanitizer build).  Under the sanitizers, a sample: every
 * (4 * UPR_TEST_SAMPLE - 1)-th allocation, odd so that the runs do not keep
 * hitting the same kind of call.
 */
static void test_oom_sweep(void **state)
{
	(void)state;
	/* tmpfs when there is one: thousands of runs write the earlier output */
	char dir[] = "/dev/shm/upr-import-oom-XXXXXX", out[64];
	if (!mkdtemp(dir)) {
		memcpy(dir, "/tmp/upr-import-oom-XXXXXX", sizeof("/tmp/upr-import-oom-XXXXXX"));
		assert_non_null(mkdtemp(dir));
	}
	snprintf(out, sizeof(out), "%s/sp.yaml", dir);
	upr_mem_hook_cjson();
	struct upr_import_opts o = {
		.csv = UPR_SOURCE_DIR "/tests/data/import/semicolon.csv",
		.map = UPR_SOURCE_DIR "/tests/data/import/map.yaml",
		.out = out,
	};
	struct upr_diags d;
	upr_diags_init(&d);
	assert_int_equal(upr_import(&o, &d), UPR_OK);
	upr_diags_release(&d);
	char *ref = read_all(out);
	assert_non_null(ref);
	/* the earlier output: the reference with a line a re-import drops */
	size_t len = strlen(ref);
	char *earlier = malloc(len + 16);
	assert_non_null(earlier);
	snprintf(earlier, len + 16, "%s# earlier\n", ref);
	write_all(out, earlier);
	upr_mem_fail_at(0);
	(void)upr_mem_count();
	upr_diags_init(&d);
	assert_int_equal(upr_import(&o, &d), UPR_OK);
	unsigned long total = upr_mem_count();
	upr_diags_release(&d);
	assert_true(total > 100);
	unsigned long failed = 0;
	unsigned long step = UPR_TEST_SAMPLE > 1 ? 4 * UPR_TEST_SAMPLE - 1 : 1;
	for (unsigned long n = 1; n <= total; n += step) {
		write_all(out, earlier);
		upr_diags_init(&d);
		upr_mem_fail_at(n);
		int rc = upr_import(&o, &d);
		upr_mem_fail_at(0);
		char *got = read_all(out);
		assert_non_null(got);
		if (rc == UPR_OK) {
			if (strcmp(got, ref) != 0)
				fail_msg("allocation %lu failing: success, but other bytes", n);
		} else {
			failed++;
			if (d.errors == 0 && !d.oom)
				fail_msg("allocation %lu failing: exit %d without an error", n, rc);
			if (strcmp(got, earlier) != 0)
				fail_msg("allocation %lu failing: the earlier output changed", n);
		}
		if (others(dir) != 0)
			fail_msg("allocation %lu failing: a temporary file is left", n);
		free(got);
		upr_diags_release(&d);
	}
	assert_true(failed > 0);
	fprintf(stderr, "import: %lu allocations, %lu runs failed\n", total, failed);
	free(earlier);
	free(ref);
	unlink(out);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),	cmocka_unit_test(test_countries),
		cmocka_unit_test(test_languages), cmocka_unit_test(test_dates),
		cmocka_unit_test(test_applied),	cmocka_unit_test(test_slug),
		cmocka_unit_test(test_scalar),	cmocka_unit_test(test_oom_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
