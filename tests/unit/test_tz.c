/*
 * test_tz.c - UTC offsets of the event's zone.
 *
 * upr_tz_offset caches one offset per day; these tests compare it with
 * libical asked for each minute (upr_tz_offset_uncached), minute by minute around every transition of a few
 * zones whose rules differ (one-hour DST, half-hour DST, DST at 02:45, the
 * southern hemisphere, no DST at all), and check the ISO 8601 text.
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

#include "model/ical_time.h"
#include "model/timetable.h"

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
		cmocka_unit_test(test_zone_names_from_the_list),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
