/*
 * test_tz.c - UTC offsets of the event's zone.
 *
 * upr_tz_offset caches one offset per day; these tests compare it with
 * libical asked for each minute (upr_tz_offset_uncached), minute by minute around every transition of a few
 * zones whose rules differ (one-hour DST, half-hour DST, DST at 02:45, the
 * southern hemisphere, no DST at all), and check the ISO 8601 text.
 *
 * upr_tz_span finds the changes of offset that a span of local time meets
 * (gaps, folds, a skipped day, a window ending where a change begins), and
 * every year the loader accepts (UPR_MIN_YEAR-UPR_MAX_YEAR) has its
 * daylight saving time, its calendar times and its last minute right.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <libical/ical.h>

#include "load/values.h"
#include "model/ical_time.h"
#include "model/timetable.h"
#include "model/tz.h"

/* libical asked for this very minute, past the cache */
static int direct(const char *name, int64_t t)
{
	return upr_tz_offset_uncached(name, t);
}

static int64_t at(int y, unsigned m, unsigned d, int h, int min)
{
	return upr_days_from_civil(y, m, d) * UPR_MIN_PER_DAY + h * 60 + min;
}

/* Every day of two years at 13:00, and every minute of each day on which
 * the offset changes, in both cached and uncached order. */
static void compare_zone(const char *name)
{
	int64_t from = upr_days_from_civil(2026, 1, 1);
	int64_t to = upr_days_from_civil(2028, 1, 1);
	int changes = 0;
	for (int64_t day = from; day < to; day++) {
		int64_t t0 = day * UPR_MIN_PER_DAY;
		int first = direct(name, t0);
		int last = direct(name, t0 + UPR_MIN_PER_DAY - 1);
		if (first == last) {
			assert_int_equal(upr_tz_offset(name, t0 + 13 * 60), first);
			continue;
		}
		changes++;
		for (int64_t t = t0; t < t0 + UPR_MIN_PER_DAY; t++)
			assert_int_equal(upr_tz_offset(name, t), direct(name, t));
		/* again, now that the day is in the cache */
		for (int64_t t = t0; t < t0 + UPR_MIN_PER_DAY; t += 7)
			assert_int_equal(upr_tz_offset(name, t), direct(name, t));
	}
	/* the zones with DST change four times in two years */
	if (strcmp(name, "Asia/Tokyo") == 0)
		assert_int_equal(changes, 0);
	else
		assert_int_equal(changes, 4);
}

static void test_zones_agree_with_libical(void **state)
{
	(void)state;
	compare_zone("Europe/Zurich");
	compare_zone("America/New_York");
	compare_zone("Australia/Lord_Howe");	/* DST of 30 minutes */
	compare_zone("Pacific/Chatham");	/* changes at 02:45, +12:45 */
	compare_zone("Asia/Tokyo");
}

/* Two zones on one day do not share a cache entry. */
static void test_zones_do_not_share_entries(void **state)
{
	(void)state;
	int64_t t = at(2017, 12, 12, 10, 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(upr_tz_offset("Europe/Zurich", t), 60);
		assert_int_equal(upr_tz_offset("America/New_York", t), -300);
		assert_int_equal(upr_tz_offset("Asia/Kolkata", t), 330);
	}
	assert_int_equal(upr_tz_offset("No/Such_Zone", t), 0);
	assert_int_equal(upr_tz_offset(NULL, t), 0);
	assert_int_equal(upr_tz_offset("", t), 0);
}

static void test_iso_text(void **state)
{
	(void)state;
	char out[26];
	upr_format_iso("Europe/Zurich", at(2017, 12, 12, 10, 0), out);
	assert_string_equal(out, "2017-12-12T10:00:00+01:00");
	upr_format_iso("Europe/Zurich", at(2018, 7, 1, 15, 30), out);
	assert_string_equal(out, "2018-07-01T15:30:00+02:00");
	upr_format_iso("America/St_Johns", at(2018, 1, 15, 9, 5), out);
	assert_string_equal(out, "2018-01-15T09:05:00-03:30");
	upr_format_iso("Pacific/Chatham", at(2018, 1, 15, 9, 5), out);
	assert_string_equal(out, "2018-01-15T09:05:00+13:45");
}

/* upr_tz_span on [s, e], with the text of the change met ("" when clear). */
static enum upr_tz_meet span(const char *zone, int64_t s, int64_t e, char *text, size_t size,
			     int *offset)
{
	struct upr_tz_change c;
	enum upr_tz_meet m = upr_tz_span(zone, s, e, &c, offset);
	text[0] = '\0';
	if (m != UPR_TZ_CLEAR)
		upr_tz_change_text(zone, &c, text, size);
	return m;
}

static void test_spans(void **state)
{
	(void)state;
	char t[160];
	int off;
	const char *spring = "the change of Europe/Zurich from +01:00 to +02:00 at 02:00 on 2018-03-25";
	const char *autumn = "the change of Europe/Zurich from +02:00 to +01:00 at 03:00 on 2018-10-28";
	/* UNOG's windows on the days of change are clear. */
	assert_int_equal(span("Europe/Zurich", at(2018, 3, 25, 10, 0), at(2018, 3, 25, 18, 0), t,
			      sizeof(t), &off), UPR_TZ_CLEAR);
	assert_int_equal(off, 7200);
	assert_int_equal(span("Europe/Zurich", at(2018, 10, 28, 10, 0), at(2018, 10, 28, 13, 0), t,
			      sizeof(t), &off), UPR_TZ_CLEAR);
	assert_int_equal(off, 3600);
	/* Spring: 02:00-03:00 does not exist. */
	assert_int_equal(span("Europe/Zurich", at(2018, 3, 25, 1, 30), at(2018, 3, 25, 2, 30), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_string_equal(t, spring);
	assert_int_equal(span("Europe/Zurich", at(2018, 3, 25, 2, 30), at(2018, 3, 25, 2, 30), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_int_equal(span("Europe/Zurich", at(2018, 3, 25, 0, 0), at(2018, 3, 25, 2, 0), t,
			      sizeof(t), &off), UPR_TZ_ENDS_AT);
	assert_string_equal(t, spring);
	assert_int_equal(span("Europe/Zurich", at(2018, 3, 25, 0, 0), at(2018, 3, 25, 1, 59), t,
			      sizeof(t), &off), UPR_TZ_CLEAR);
	assert_int_equal(off, 3600);
	assert_int_equal(span("Europe/Zurich", at(2018, 3, 25, 3, 0), at(2018, 3, 25, 5, 0), t,
			      sizeof(t), &off), UPR_TZ_CLEAR);
	assert_int_equal(off, 7200);
	/* Autumn: 02:00-03:00 happens twice. */
	assert_int_equal(span("Europe/Zurich", at(2018, 10, 28, 1, 0), at(2018, 10, 28, 4, 0), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_string_equal(t, autumn);
	assert_int_equal(span("Europe/Zurich", at(2018, 10, 28, 2, 59), at(2018, 10, 28, 2, 59), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_int_equal(span("Europe/Zurich", at(2018, 10, 28, 0, 0), at(2018, 10, 28, 2, 0), t,
			      sizeof(t), &off), UPR_TZ_ENDS_AT);
	assert_int_equal(span("Europe/Zurich", at(2018, 10, 28, 3, 0), at(2018, 10, 28, 3, 0), t,
			      sizeof(t), &off), UPR_TZ_CLEAR);
	assert_int_equal(off, 3600);
	/* Santiago changes at midnight: 2017-08-13 00:00 does not exist. */
	assert_int_equal(span("America/Santiago", at(2017, 8, 13, 0, 0), at(2017, 8, 13, 0, 0), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_string_equal(t, "the change of America/Santiago from -04:00 to -03:00 at 00:00 on "
			       "2017-08-13");
	assert_int_equal(span("America/Santiago", at(2017, 8, 12, 20, 0), at(2017, 8, 13, 0, 0), t,
			      sizeof(t), &off), UPR_TZ_ENDS_AT);
	/* A change of 30 minutes (Lord Howe) and one at 02:45 (Chatham). */
	assert_int_equal(span("Australia/Lord_Howe", at(2018, 4, 1, 1, 0), at(2018, 4, 1, 2, 0), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_string_equal(t, "the change of Australia/Lord_Howe from +11:00 to +10:30 at 02:00 "
			       "on 2018-04-01");
	assert_int_equal(span("Pacific/Chatham", at(2018, 9, 30, 2, 0), at(2018, 9, 30, 4, 0), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_string_equal(t, "the change of Pacific/Chatham from +12:45 to +13:45 at 02:45 on "
			       "2018-09-30");
	/* Samoa skipped 2011-12-30 whole. */
	assert_int_equal(span("Pacific/Apia", at(2011, 12, 30, 10, 0), at(2011, 12, 30, 13, 0), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_string_equal(t, "the change of Pacific/Apia from -10:00 to +14:00 at 00:00 on "
			       "2011-12-30");
	/* Offsets in seconds are written as they are: Monrovia until 1972. */
	assert_int_equal(span("Africa/Monrovia", at(1971, 5, 3, 10, 0), at(1971, 5, 3, 13, 0), t,
			      sizeof(t), &off), UPR_TZ_CLEAR);
	assert_int_equal(off, -2670);
	assert_int_equal(span("Africa/Monrovia", at(1972, 1, 6, 20, 0), at(1972, 1, 7, 1, 0), t,
			      sizeof(t), &off), UPR_TZ_INSIDE);
	assert_string_equal(t, "the change of Africa/Monrovia from -00:44:30 to +00:00 at 00:00 on "
			       "1972-01-07");
	/* No change ever, and unknown zones. */
	assert_int_equal(span("UTC", at(2018, 3, 25, 0, 0), at(2018, 3, 26, 0, 0), t, sizeof(t),
			      &off), UPR_TZ_CLEAR);
	assert_int_equal(off, 0);
	assert_int_equal(span("No/Such_Zone", 0, 1440, t, sizeof(t), &off), UPR_TZ_CLEAR);
}

static void test_offset_text(void **state)
{
	(void)state;
	char o[10];
	upr_tz_offset_text(0, o);
	assert_string_equal(o, "+00:00");
	upr_tz_offset_text(19800, o);
	assert_string_equal(o, "+05:30");
	upr_tz_offset_text(-2670, o);
	assert_string_equal(o, "-00:44:30");
	upr_tz_offset_text(19270, o);
	assert_string_equal(o, "+05:21:10");
}

/*
 * Every year the loader accepts: daylight saving time in New York (every
 * year since 1967) and Zurich (since 1981), in the cached offsets, in the
 * ISO text and in upr_tz_span; calendar times as libical writes them; and
 * the end of a session at 24:00 on 31 December.  libical loses DST from
 * 2583 and writes 00000000T000000 for every time after 3000, so this fails
 * if the range grows past what works.
 */
static void test_every_year_accepted(void **state)
{
	(void)state;
	for (int y = UPR_MIN_YEAR; y <= UPR_MAX_YEAR; y++) {
		char iso[26], want[40];
		int64_t summer = at(y, 7, 1, 12, 0), winter = at(y, 12, 15, 12, 0);
		assert_int_equal(upr_tz_offset("America/New_York", summer), -240);
		assert_int_equal(upr_tz_offset("America/New_York", winter), -300);
		assert_int_equal(upr_tz_offset("Europe/Zurich", summer), y >= 1981 ? 120 : 60);
		assert_int_equal(upr_tz_offset("Europe/Zurich", winter), 60);
		upr_format_iso("America/New_York", summer, iso);
		snprintf(want, sizeof(want), "%04d-07-01T12:00:00-04:00", y);
		assert_string_equal(iso, want);
		struct upr_tz_change c;
		int off;
		assert_int_equal(upr_tz_span("America/New_York", at(y, 7, 1, 0, 0),
					     at(y, 7, 2, 0, 0), &c, &off), UPR_TZ_CLEAR);
		assert_int_equal(off, -4 * 3600);

		/* 31 December 23:00-24:00: the end is the next year's first
		 * minute, in the JSON text and in the calendar. */
		int64_t start = at(y, 12, 31, 23, 0), end = start + 60;
		upr_format_iso("Europe/Zurich", end, iso);
		snprintf(want, sizeof(want), "%04d-01-01T00:00:00+01:00", y + 1);
		assert_string_equal(iso, want);
		icalproperty *p = icalproperty_new_dtstart(upr_ical_local(start));
		assert_non_null(p);
		snprintf(want, sizeof(want), "DTSTART:%04d1231T230000\r\n", y);
		assert_string_equal(icalproperty_as_ical_string(p), want);
		icalproperty_free(p);
		p = icalproperty_new_dtend(upr_ical_local(end));
		assert_non_null(p);
		snprintf(want, sizeof(want), "DTEND:%04d0101T000000\r\n", y + 1);
		assert_string_equal(icalproperty_as_ical_string(p), want);
		icalproperty_free(p);
	}
}

static int teardown(void **state)
{
	(void)state;
	icaltimezone_free_builtin_timezones();
	return 0;
}

/* Every name of the tz database's list is accepted and loads; nothing that
 * is a path is (libical would read any file it names). */
static bool count_loadable(void *ctx, const char *name)
{
	size_t *n = ctx;
	if (upr_tz_exists(name))
		n[0]++;
	else
		fprintf(stderr, "listed but refused: %s\n", name);
	n[1]++;
	return false;
}

static void test_zone_names_from_the_list(void **state)
{
	(void)state;
	size_t n[2] = { 0, 0 };
	int listed = upr_tz_each_name(count_loadable, n);
	assert_true(listed > 400);
	assert_int_equal(n[1], (size_t)listed);
	assert_int_equal(n[0], n[1]);
	static const char *const good[] = { "Europe/Zurich", "UTC", "Etc/UTC", "Europe/Kiev",
					    "America/Argentina/Buenos_Aires" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(upr_tz_exists(good[i]));
	static const char *const bad[] = {
		"../../../etc/localtime", "./Europe/Zurich", "Europe/Zurich/", "/etc/localtime",
		"Europe//Zurich", "Europe/Geneva", "europe/zurich", "", "zone.tab", "tzdata.zi",
		"posixrules/../UTC", "Europe",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (upr_tz_exists(bad[i]))
			fail_msg("'%s' accepted", bad[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zones_agree_with_libical),
		cmocka_unit_test(test_zones_do_not_share_entries),
		cmocka_unit_test(test_iso_text),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_offset_text),
		cmocka_unit_test(test_every_year_accepted),
		cmocka_unit_test(test_zone_names_from_the_list),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
