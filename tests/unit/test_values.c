/*
 * test_values.c - the value parsers of src/load/values.c at their edges:
 * calendar rules, 24:00, windows, ids, languages, integers, booleans and
 * the did-you-mean distance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "load/values.h"

static char msg[200];

static int64_t day_of(int y, unsigned m, unsigned d)
{
	return upr_days_from_civil(y, m, d);
}

static enum upr_vstatus date(const char *s, int64_t *d)
{
	msg[0] = '\0';
	return upr_parse_date(s, d, msg, sizeof(msg));
}

static void test_dates(void **state)
{
	(void)state;
	int64_t d;
	assert_int_equal(date("2017-12-12", &d), UPR_V_OK);
	assert_int_equal(d, day_of(2017, 12, 12));
	assert_int_equal(date("1970-01-01", &d), UPR_V_OK);
	assert_int_equal(d, 0);
	/* Leap years: every 4th, not every 100th, but every 400th. */
	assert_int_equal(date("2016-02-29", &d), UPR_V_OK);
	assert_int_equal(d, day_of(2016, 2, 29));
	assert_int_equal(date("2000-02-29", &d), UPR_V_OK);
	assert_int_equal(date("2017-02-29", &d), UPR_V_BAD);
	assert_string_equal(msg, "date '2017-02-29' does not exist");
	assert_int_equal(date("2100-02-29", &d), UPR_V_BAD);
	assert_string_equal(msg, "date '2100-02-29' does not exist");
	assert_int_equal(date("2017-02-30", &d), UPR_V_BAD);
	assert_int_equal(date("2017-04-31", &d), UPR_V_BAD);
	assert_int_equal(date("2017-12-31", &d), UPR_V_OK);
	assert_int_equal(date("2017-13-01", &d), UPR_V_BAD);
	assert_int_equal(date("2017-00-10", &d), UPR_V_BAD);
	assert_int_equal(date("2017-01-00", &d), UPR_V_BAD);
	/* The sanity bound on years. */
	assert_int_equal(date("1970-01-01", &d), UPR_V_OK);
	assert_int_equal(date("2200-12-31", &d), UPR_V_OK);
	assert_int_equal(date("1969-12-31", &d), UPR_V_BAD);
	assert_string_equal(msg, "date '1969-12-31' is outside the years 1970-2200");
	assert_int_equal(date("2201-01-01", &d), UPR_V_BAD);
	assert_string_equal(msg, "date '2201-01-01' is outside the years 1970-2200");
	assert_int_equal(date("9999-12-31", &d), UPR_V_BAD);
	assert_int_equal(date("0000-01-01", &d), UPR_V_BAD);
	/* Only YYYY-MM-DD. */
	assert_int_equal(date("2017-1-05", &d), UPR_V_FORM);
	assert_int_equal(date("17-12-12", &d), UPR_V_FORM);
	assert_int_equal(date("2017/12/12", &d), UPR_V_FORM);
	assert_int_equal(date("2017-12-12 ", &d), UPR_V_FORM);
	assert_int_equal(date("12017-12-12", &d), UPR_V_FORM);
	assert_int_equal(date("", &d), UPR_V_FORM);
	assert_int_equal(date("tomorrow", &d), UPR_V_FORM);
}

static enum upr_vstatus tm(const char *s, bool end, int *m)
{
	msg[0] = '\0';
	return upr_parse_time(s, end, m, msg, sizeof(msg));
}

static void test_times(void **state)
{
	(void)state;
	int m = -1;
	assert_int_equal(tm("00:00", false, &m), UPR_V_OK);
	assert_int_equal(m, 0);
	assert_int_equal(tm("23:59", false, &m), UPR_V_OK);
	assert_int_equal(m, 23 * 60 + 59);
	assert_int_equal(tm("9:30", false, &m), UPR_V_OK);
	assert_int_equal(m, 9 * 60 + 30);
	/* 24:00 ends a day; it starts nothing. */
	assert_int_equal(tm("24:00", true, &m), UPR_V_OK);
	assert_int_equal(m, 1440);
	assert_int_equal(tm("24:00", false, &m), UPR_V_BAD);
	assert_string_equal(msg, "time '24:00' can only end a window");
	assert_int_equal(tm("24:01", true, &m), UPR_V_BAD);
	assert_string_equal(msg, "time '24:01' does not exist");
	assert_int_equal(tm("24:10", true, &m), UPR_V_BAD);
	assert_int_equal(tm("10:60", false, &m), UPR_V_BAD);
	assert_string_equal(msg, "time '10:60' does not exist");
	assert_int_equal(tm("25:00", true, &m), UPR_V_BAD);
	assert_int_equal(tm("10:5", false, &m), UPR_V_FORM);
	assert_int_equal(tm("100:00", false, &m), UPR_V_FORM);
	assert_int_equal(tm("10h00", false, &m), UPR_V_FORM);
	assert_int_equal(tm("10:00:00", false, &m), UPR_V_FORM);
	assert_int_equal(tm(":30", false, &m), UPR_V_FORM);
	assert_int_equal(tm("", false, &m), UPR_V_FORM);
}

static enum upr_vstatus win(const char *s, struct upr_interval *iv)
{
	msg[0] = '\0';
	return upr_parse_window(s, iv, msg, sizeof(msg));
}

static void test_windows(void **state)
{
	(void)state;
	struct upr_interval iv;
	assert_int_equal(win("10:00-13:00", &iv), UPR_V_OK);
	assert_int_equal(iv.start, 600);
	assert_int_equal(iv.end, 780);
	assert_int_equal(win("10:00 - 13:00", &iv), UPR_V_OK);
	assert_int_equal(win("00:00-24:00", &iv), UPR_V_OK);
	assert_int_equal(iv.end, 1440);
	assert_int_equal(win("23:59-24:00", &iv), UPR_V_OK);
	assert_int_equal(win("13:00-10:00", &iv), UPR_V_BAD);
	assert_string_equal(msg, "window '13:00-10:00' ends before it starts");
	assert_int_equal(win("10:00-10:00", &iv), UPR_V_BAD);
	assert_string_equal(msg, "window '10:00-10:00' is empty");
	assert_int_equal(win("24:00-24:00", &iv), UPR_V_BAD);
	assert_string_equal(msg, "time '24:00' can only end a window");
	assert_int_equal(win("10:00-24:10", &iv), UPR_V_BAD);
	assert_string_equal(msg, "time '24:10' does not exist");
	assert_int_equal(win("10:00", &iv), UPR_V_FORM);
	assert_int_equal(win("10:00-", &iv), UPR_V_FORM);
	assert_int_equal(win("10-13", &iv), UPR_V_FORM);
	assert_int_equal(win("2017-12-12 10:00-13:00", &iv), UPR_V_FORM);
}

static void test_touching_windows_merge(void **state)
{
	(void)state;
	struct upr_interval v[3];
	assert_int_equal(win("11:00-12:00", &v[0]), UPR_V_OK);
	assert_int_equal(win("10:00-11:00", &v[1]), UPR_V_OK);
	assert_int_equal(win("14:00-15:00", &v[2]), UPR_V_OK);
	/* Touching intervals merge into one set member; a gap keeps two. */
	size_t n = upr_ivals_normalize(v, 3);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].start, 600);
	assert_int_equal(v[0].end, 720);
	assert_int_equal(v[1].start, 840);
	struct upr_ivals set = { v, n };
	assert_true(upr_ivals_contains(&set, 630, 710));
	assert_false(upr_ivals_overlaps(&set, 720, 840));
}

static enum upr_vstatus dwin(const char *s, struct upr_interval *iv)
{
	msg[0] = '\0';
	return upr_parse_dated_window(s, iv, msg, sizeof(msg));
}

static void test_dated_windows(void **state)
{
	(void)state;
	struct upr_interval iv;
	int64_t d = day_of(2017, 12, 12) * UPR_MIN_PER_DAY;
	assert_int_equal(dwin("2017-12-12 10:00-13:00", &iv), UPR_V_OK);
	assert_int_equal(iv.start, d + 600);
	assert_int_equal(iv.end, d + 780);
	/* A bare date is the whole day. */
	assert_int_equal(dwin("2017-12-12", &iv), UPR_V_OK);
	assert_int_equal(iv.start, d);
	assert_int_equal(iv.end, d + UPR_MIN_PER_DAY);
	assert_int_equal(dwin("2017-12-12  15:00 - 24:00", &iv), UPR_V_OK);
	assert_int_equal(iv.end, d + UPR_MIN_PER_DAY);
	assert_int_equal(dwin("2017-02-30 10:00-11:00", &iv), UPR_V_BAD);
	assert_string_equal(msg, "date '2017-02-30' does not exist");
	assert_int_equal(dwin("2017-12-12 13:00-10:00", &iv), UPR_V_BAD);
	assert_string_equal(msg, "window '2017-12-12 13:00-10:00' ends before it starts");
	assert_int_equal(dwin("2017-12-12 10:00", &iv), UPR_V_FORM);
	assert_int_equal(dwin("2017-12-1210:00-11:00", &iv), UPR_V_FORM);
	assert_int_equal(dwin("10:00-11:00", &iv), UPR_V_FORM);
	assert_int_equal(dwin("monday", &iv), UPR_V_FORM);
}

static void test_datetimes(void **state)
{
	(void)state;
	int64_t t;
	int64_t d = day_of(2018, 1, 22) * UPR_MIN_PER_DAY;
	assert_int_equal(upr_parse_datetime("2018-01-22 09:00", &t, msg, sizeof(msg)), UPR_V_OK);
	assert_int_equal(t, d + 540);
	assert_int_equal(upr_parse_datetime("2018-01-22 24:00", &t, msg, sizeof(msg)), UPR_V_BAD);
	assert_int_equal(upr_parse_datetime("2018-01-22", &t, msg, sizeof(msg)), UPR_V_FORM);
	assert_int_equal(upr_parse_datetime("2018-01-22 9", &t, msg, sizeof(msg)), UPR_V_FORM);
	assert_int_equal(upr_parse_datetime("2018-01-32 09:00", &t, msg, sizeof(msg)), UPR_V_BAD);
	assert_string_equal(msg, "date '2018-01-32' does not exist");
}

static void test_ids(void **state)
{
	(void)state;
	char id[80];
	memset(id, 'a', 64);
	id[64] = '\0';
	assert_true(upr_id_valid(id));		/* 64 characters */
	id[64] = 'a';
	id[65] = '\0';
	assert_false(upr_id_valid(id));		/* 65 */
	assert_true(upr_id_valid("BS"));
	assert_true(upr_id_valid("0"));
	assert_true(upr_id_valid("a.b_c-d"));
	assert_true(upr_id_valid("9-x"));
	assert_false(upr_id_valid(""));
	assert_false(upr_id_valid("-x"));
	assert_false(upr_id_valid(".x"));
	assert_false(upr_id_valid("_x"));
	assert_false(upr_id_valid("a b"));
	assert_false(upr_id_valid("a/b"));
	assert_false(upr_id_valid("caf\xc3\xa9"));
}

static void test_languages(void **state)
{
	(void)state;
	upr_lang l;
	assert_int_equal(upr_parse_lang("en", &l, msg, sizeof(msg)), UPR_V_OK);
	assert_int_equal(l, UPR_LANG_EN);
	assert_int_equal(upr_parse_lang("fr", &l, msg, sizeof(msg)), UPR_V_OK);
	assert_int_equal(l, UPR_LANG('f', 'r'));
	assert_int_equal(upr_parse_lang("aa", &l, msg, sizeof(msg)), UPR_V_OK);
	assert_int_equal(upr_parse_lang("zu", &l, msg, sizeof(msg)), UPR_V_OK);
	assert_int_equal(upr_parse_lang("xx", &l, msg, sizeof(msg)), UPR_V_BAD);
	assert_string_equal(msg, "language 'xx' is not an ISO 639-1 code");
	assert_int_equal(upr_parse_lang("EN", &l, msg, sizeof(msg)), UPR_V_BAD);
	assert_string_equal(msg, "language 'EN' must be written in lowercase ('en')");
	assert_int_equal(upr_parse_lang("klingon", &l, msg, sizeof(msg)), UPR_V_FORM);
	assert_int_equal(upr_parse_lang("e-x", &l, msg, sizeof(msg)), UPR_V_FORM);
}

/* A language's name or tag is refused with the code it stands for, from
 * Debian's iso-codes (langname.c). */
static void test_lang_suggest(void **state)
{
	(void)state;
	static const struct {
		const char *word, *hint;
	} cases[] = {
		{ "english", "'en', English" }, { "french", "'fr', French" },
		{ "Fran\xc3\xa7" "ais", "'fr', French" }, { "fr-CA", "'fr', French" },
		{ "pt_BR", "'pt', Portuguese" }, { "fra", "'fr', French" },
		{ "ger", "'de', German" }, { "Deutsch", "'de', German" },
		{ "espanol", "'es', Spanish" }, { "Castilian", "'es', Spanish" },
		{ "Frnech", "'fr', French" },
	};
	upr_lang l;
	char hint[160], want[200];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(upr_lang_suggest(cases[i].word, hint, sizeof(hint)));
		assert_string_equal(hint, cases[i].hint);
		assert_int_equal(upr_parse_lang(cases[i].word, &l, msg, sizeof(msg)), UPR_V_BAD);
		snprintf(want, sizeof(want),
			 "language '%s' is not an ISO 639-1 code (did you mean %s?)",
			 cases[i].word, cases[i].hint);
		assert_string_equal(msg, want);
	}
	assert_false(upr_lang_suggest("klingon", hint, sizeof(hint)));
	assert_false(upr_lang_suggest("xx", hint, sizeof(hint)));
	assert_false(upr_lang_suggest("qq-CA", hint, sizeof(hint)));
	assert_int_equal(upr_parse_lang("e", &l, msg, sizeof(msg)), UPR_V_FORM);
	assert_int_equal(upr_parse_lang("e1", &l, msg, sizeof(msg)), UPR_V_FORM);
	assert_int_equal(upr_parse_lang("", &l, msg, sizeof(msg)), UPR_V_FORM);
}

static void test_ints_and_bools(void **state)
{
	(void)state;
	int64_t v;
	assert_int_equal(upr_parse_int("60", &v), UPR_V_OK);
	assert_int_equal(v, 60);
	assert_int_equal(upr_parse_int("-5", &v), UPR_V_OK);
	assert_int_equal(v, -5);
	assert_int_equal(upr_parse_int("+7", &v), UPR_V_OK);
	assert_int_equal(v, 7);
	assert_int_equal(upr_parse_int("010", &v), UPR_V_OK);	/* decimal, not octal */
	assert_int_equal(v, 10);
	assert_int_equal(upr_parse_int("99999999999999999999999", &v), UPR_V_OK);
	assert_true(v == INT64_MAX);
	assert_int_equal(upr_parse_int("-99999999999999999999999", &v), UPR_V_OK);
	assert_true(v == INT64_MIN);
	assert_int_equal(upr_parse_int("abc", &v), UPR_V_FORM);
	assert_int_equal(upr_parse_int("1:00", &v), UPR_V_FORM);
	assert_int_equal(upr_parse_int("5.5", &v), UPR_V_FORM);
	assert_int_equal(upr_parse_int("-", &v), UPR_V_FORM);
	assert_int_equal(upr_parse_int("", &v), UPR_V_FORM);

	bool b = false;
	assert_int_equal(upr_parse_bool("true", &b), UPR_V_OK);
	assert_true(b);
	assert_int_equal(upr_parse_bool("No", &b), UPR_V_OK);
	assert_false(b);
	assert_int_equal(upr_parse_bool("ON", &b), UPR_V_OK);
	assert_true(b);
	assert_int_equal(upr_parse_bool("maybe", &b), UPR_V_FORM);
	assert_int_equal(upr_parse_bool("1", &b), UPR_V_FORM);
	assert_int_equal(upr_parse_bool("tRUE", &b), UPR_V_FORM);
}

static const char *suggest(const char *word, const char *const *cands, size_t n)
{
	struct upr_suggest s;
	upr_suggest_init(&s, word);
	for (size_t i = 0; i < n; i++)
		upr_suggest_add(&s, cands[i]);
	return s.best;
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(upr_edit_distance("speakers", "speakers"), 0);
	assert_int_equal(upr_edit_distance("speakrs", "speakers"), 1);	/* deletion */
	assert_int_equal(upr_edit_distance("reveiw", "review"), 1);	/* transposition */
	assert_int_equal(upr_edit_distance("BZ", "BS"), 1);
	assert_int_equal(upr_edit_distance("Name", "name"), 0);	/* case ignored */
	assert_int_equal(upr_edit_distance("", "abc"), 3);
	assert_int_equal(upr_edit_distance("kitten", "sitting"), 3);
	char longw[70];
	memset(longw, 'a', 65);
	longw[65] = '\0';
	assert_true(upr_edit_distance(longw, "a") == SIZE_MAX);
}

static void test_did_you_mean(void **state)
{
	(void)state;
	static const char *const top[] = { "event", "rooms", "states", "speakers", "delegations" };
	/* Close: within max(1, len/3). */
	assert_string_equal(suggest("speakrs", top, 5), "speakers");
	assert_string_equal(suggest("room", top, 5), "rooms");
	assert_string_equal(suggest("Delegation", top, 5), "delegations");
	/* Not close: no suggestion rather than a wild guess. */
	assert_null(suggest("colour", top, 5));
	assert_null(suggest("xyz", top, 5));
	assert_null(suggest("", top, 5));
	/* len 7 allows 2 edits; 3 is too many. */
	static const char *const k[] = { "organisation" };
	assert_string_equal(suggest("organization", k, 1), "organisation");
	assert_string_equal(suggest("orgnaisation", k, 1), "organisation");
	assert_null(suggest("org", k, 1));
	/* A tie goes to the candidate offered first, whatever the order of
	 * the distances computed after it. */
	static const char *const ids1[] = { "BS", "BW", "BI" };
	static const char *const ids2[] = { "BW", "BS", "BI" };
	assert_string_equal(suggest("BZ", ids1, 3), "BS");
	assert_string_equal(suggest("BZ", ids2, 3), "BW");
	/* A strictly closer candidate later still wins. */
	static const char *const ids4[] = { "abcd", "abcdef" };
	assert_string_equal(suggest("abcdez", ids4, 2), "abcdef");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_touching_windows_merge),
		cmocka_unit_test(test_dated_windows),
		cmocka_unit_test(test_datetimes),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_lang_suggest),
		cmocka_unit_test(test_ints_and_bools),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_did_you_mean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
