/*
 * tz.c - UTC offsets of the event's zone, from the tz database via libical.
 *
 * Inputs are local wall-clock times; outputs need the offset in force on each
 * day (+01:00 in December in Geneva, +02:00 in summer).
 */
#include "model/timetable.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static icaltimezone *zone(const char *name)
{
	if (!name || !*name)
		return NULL;
	return icaltimezone_get_builtin_timezone(name);
}

bool upr_tz_exists(const char *name)
{
	return zone(name) != NULL;
}

int upr_tz_offset(const char *name, int64_t t)
{
	icaltimezone *z = zone(name);
	if (!z)
		return 0;
	int64_t day = upr_floor_div(t, UPR_MIN_PER_DAY);
	int y;
	unsigned m, d;
	upr_civil_from_days(day, &y, &m, &d);
	int mins = (int)(t - day * UPR_MIN_PER_DAY);
	struct icaltimetype tt = icaltime_null_time();
	tt.year = y;
	tt.month = (int)m;
	tt.day = (int)d;
	tt.hour = mins / 60;
	tt.minute = mins % 60;
	tt.second = 0;
	tt.is_date = 0;
	int is_daylight = 0;
	int secs = icaltimezone_get_utc_offset(z, &tt, &is_daylight);
	return secs / 60;
}

void upr_format_iso(const char *zonename, int64_t t, char out[26])
{
	char local[17];
	upr_format_local(t, local);
	int off = upr_tz_offset(zonename, t);
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	off %= 24 * 60;	/* real offsets are below 15 hours */
	/* local is "YYYY-MM-DD HH:MM" */
	snprintf(out, 26, "%.10sT%.5s:00%c%02u:%02u", local, local + 11, sign,
		 (unsigned)off / 60 % 24, (unsigned)off % 60);
}
