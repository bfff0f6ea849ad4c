/*
 * tz.c - UTC offsets of the event's zone, from the tz database via libical.
 *
 * Inputs are local wall-clock times; outputs need the offset in force on each
 * day (+01:00 in December in Geneva, +02:00 in summer).  The loader refuses
 * every session time that meets a change of offset (upr_tz_span), so the
 * offset of a session's minutes is never ambiguous and its local minutes are
 * real minutes.
 */
#include "model/timetable.h"
#include "model/ical_time.h"
#include "model/tz.h"

#include <libical/ical.h>
#include <limits.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

static icaltimezone *zone(const char *name)
{
	if (!name || !*name)
		return NULL;
	return icaltimezone_get_builtin_timezone(name);
}

const char *upr_tz_dir(void)
{
	return icaltzutil_get_zone_directory();
}

/*
 * libical makes any name a path under its zone directory, so a name must
 * come from the tz database's own list before libical sees it: never
 * "../../../etc/localtime", "./Europe/Zurich" or a FIFO.  The list is
 * tzdata.zi in that directory: its zones ("Z Europe/Zurich ...") and links
 * ("L Etc/UTC UTC"; the backward names such as Europe/Kiev are links).
 * Lines are short; one longer than the buffer is skipped whole.
 */
int upr_tz_each_name(bool (*f)(void *ctx, const char *name), void *ctx)
{
	const char *dir = upr_tz_dir();
	if (!dir)
		return -1;
	char line[512];
	snprintf(line, sizeof(line), "%s/tzdata.zi", dir);
	FILE *fp = fopen(line, "r");
	if (!fp)
		return -1;
	int n = 0;
	bool at_start = true, stop = false;
	while (!stop && fgets(line, sizeof(line), fp)) {
		size_t len = strlen(line);
		bool whole = at_start && len > 0 && line[len - 1] == '\n';
		at_start = len > 0 && line[len - 1] == '\n';
		if (!whole || (line[0] != 'Z' && line[0] != 'L') || line[1] != ' ')
			continue;
		char *name = line + 2;
		if (line[0] == 'L')	/* "L TARGET NAME" */
			name += strcspn(name, " \t\n") + 1;
		name[strcspn(name, " \t\n")] = '\0';
		if (!*name)
			continue;
		n++;
		stop = f(ctx, name);
	}
	fclose(fp);
	return n;
}

struct find_name {
	const char *want;
	bool found;
};

static bool is_wanted(void *ctx, const char *name)
{
	struct find_name *q = ctx;
	q->found = strcmp(q->want, name) == 0;
	return q->found;
}

/* The last name checked: a load checks one name, and tests and fuzzing
 * load the same one again and again. */
static char last_name[128];
static bool last_ok;

bool upr_tz_exists(const char *name)
{
	if (!name || !*name || strlen(name) >= sizeof(last_name))
		return false;
	if (strcmp(name, last_name) == 0)
		return last_ok;
	struct find_name q = { name, false };
	upr_tz_each_name(is_wanted, &q);
	bool ok = q.found && zone(name) != NULL;
	memcpy(last_name, name, strlen(name) + 1);
	last_ok = ok;
	return ok;
}

struct icaltimetype upr_ical_local(int64_t t)
{
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
	tt.zone = NULL;
	return tt;
}

static int offset_at(icaltimezone *z, int64_t t)
{
	struct icaltimetype tt = upr_ical_local(t);
	int is_daylight = 0;
	return icaltimezone_get_utc_offset(z, &tt, &is_daylight) / 60;
}

int upr_tz_offset_uncached(const char *name, int64_t t)
{
	icaltimezone *z = zone(name);
	return z ? offset_at(z, t) : 0;
}

/*
 * libical expands the zone's rules for every call, which made the offsets
 * a sixth of the instructions of a small plan (every output prints each
 * time with its offset).  Offsets change at most a few times a year and
 * never twice in a day, so a day whose first and last minute have the same
 * offset has that offset throughout; such days are cached.  Days with a
 * transition are computed per call.  The cache is per process and keyed
 * by zone name (not by libical's pointer, which a freed and reloaded zone
 * table may hand to another zone) and day; the tool is single-threaded.
 */
#define TZ_CACHE 256
#define TZ_NAME 64

static struct tz_day {
	char name[TZ_NAME];	/* "" : empty entry */
	int64_t day;
	int offset;		/* minutes; INT_MIN: the day has a transition */
} tz_cache[TZ_CACHE];

int upr_tz_offset(const char *name, int64_t t)
{
	if (!name)
		return 0;
	int64_t day = upr_floor_div(t, UPR_MIN_PER_DAY);
	struct tz_day *c = &tz_cache[(uint64_t)day % TZ_CACHE];
	bool hit = c->day == day && c->name[0] && strcmp(c->name, name) == 0;
	icaltimezone *z = NULL;
	if (!hit || c->offset == INT_MIN) {
		z = zone(name);
		if (!z)
			return 0;
	}
	size_t len = strlen(name);
	if (!hit && len < TZ_NAME) {
		int first = offset_at(z, day * UPR_MIN_PER_DAY);
		int last = offset_at(z, day * UPR_MIN_PER_DAY + UPR_MIN_PER_DAY - 1);
		memcpy(c->name, name, len + 1);
		c->day = day;
		c->offset = first == last ? first : INT_MIN;
		hit = true;
	}
	if (!hit)
		return offset_at(z, t);
	return c->offset != INT_MIN ? c->offset : offset_at(z, t);
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

/* ---- changes of offset (tz.h) ---- */

#define HOUR_S 3600
/* No zone's offset is 16 hours or more from UTC. */
#define MAX_OFFSET_S (16 * HOUR_S)
/* Sampling step: the tz database has no two changes closer than this. */
#define STEP_S (12 * HOUR_S)

/* UTC second u as a libical UTC time. */
static struct icaltimetype ical_utc(int64_t u)
{
	int64_t day = upr_floor_div(u, 86400);
	int secs = (int)(u - day * 86400);
	struct icaltimetype tt = upr_ical_local(day * UPR_MIN_PER_DAY + secs / 60);
	tt.second = secs % 60;
	return tt;
}

/* Offset in seconds east of UTC at UTC second u. */
static int offset_of_utc(icaltimezone *z, int64_t u)
{
	struct icaltimetype tt = ical_utc(u);
	int is_daylight = 0;
	return icaltimezone_get_utc_offset_of_utc_time(z, &tt, &is_daylight);
}

enum upr_tz_meet upr_tz_span(const char *zone_name, int64_t s, int64_t e,
			     struct upr_tz_change *c, int *offset)
{
	icaltimezone *z = zone(zone_name);
	*offset = 0;
	if (!z)
		return UPR_TZ_CLEAR;
	/* A change at u touches local [u + min, u + max); it meets [s, e] when
	 * u + min <= e and u + max > s, so u lies in (s - 16 h, e + 16 h]. */
	int64_t first = s * 60 - MAX_OFFSET_S, last = e * 60 + MAX_OFFSET_S;
	int64_t a = first;
	int off_a = offset_of_utc(z, a);
	while (a < last) {
		int64_t b = a + STEP_S < last ? a + STEP_S : last;
		int off_b = offset_of_utc(z, b);
		if (off_b != off_a) {
			/* The first second of the new offset, by bisection. */
			int64_t lo = a, hi = b;
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;
				if (offset_of_utc(z, mid) == off_a)
					lo = mid;
				else
					hi = mid;
			}
			int to = offset_of_utc(z, hi);
			int64_t from_s = hi + (off_a < to ? off_a : to);
			int64_t to_s = hi + (off_a < to ? to : off_a);
			if (from_s <= e * 60 && to_s > s * 60) {
				*c = (struct upr_tz_change){ hi, off_a, to };
				return from_s == e * 60 && s < e ? UPR_TZ_ENDS_AT : UPR_TZ_INSIDE;
			}
		}
		a = b;
		off_a = off_b;
	}
	struct icaltimetype tt = upr_ical_local(s);
	int is_daylight = 0;
	*offset = icaltimezone_get_utc_offset(z, &tt, &is_daylight);
	return UPR_TZ_CLEAR;
}

void upr_tz_offset_text(int seconds, char out[10])
{
	char sign = seconds < 0 ? '-' : '+';
	unsigned v = seconds < 0 ? 0u - (unsigned)seconds : (unsigned)seconds;
	v %= 100 * HOUR_S;	/* two digits of hours, whatever libical says */
	if (v % 60)
		snprintf(out, 10, "%c%02u:%02u:%02u", sign, v / 3600, v / 60 % 60, v % 60);
	else
		snprintf(out, 10, "%c%02u:%02u", sign, v / 3600, v / 60 % 60);
}

void upr_tz_change_text(const char *zone_name, const struct upr_tz_change *c, char *out,
			size_t size)
{
	/* The wall-clock time at which the change happens, on the old offset. */
	int64_t local = c->utc + c->from;
	int64_t minute = upr_floor_div(local, 60);
	int secs = (int)(local - minute * 60);
	char when[17], from[10], to[10], sec[4] = "";
	upr_format_local(minute, when);
	if (secs)
		snprintf(sec, sizeof(sec), ":%02d", secs);
	upr_tz_offset_text(c->from, from);
	upr_tz_offset_text(c->to, to);
	/* when is "YYYY-MM-DD HH:MM" */
	snprintf(out, size, "the change of %s from %s to %s at %.5s%s on %.10s", zone_name, from,
		 to, when + 11, sec, when);
}
