/*
 * event.c - the one 'event' mapping to struct upr_event: its days, daily
 * hours, session and statement settings, weights and time zone, with
 * their defaults (docs/reference.md#input-files).
 *
 * What must hold, besides build.c's rules for every key: the event's
 * windows are sorted and do not overlap, and no window, nor the time
 * between two, meets a change of the zone's UTC offset in a way that would
 * make wall-clock minutes differ from real ones (docs/input-decisions.md,
 * "Years and clock changes").
 */
#include "load/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/values.h"
#include "model/timetable.h"
#include "model/tz.h"

static void event_defaults(struct upr_loader *L, struct upr_event *e)
{
	e->session_length = 60;
	e->opening = 5;
	e->state_statement = 0;
	e->questions = 15;
	e->gap = 0;
	e->grid = 30;
	e->min_statements = 1;
	e->nhri_first = true;
	e->statement_min = 5;
	e->statement_max = 7;
	e->travel = 10;
	e->arrival = 30;
	e->waitlist = false;
	for (int i = 0; i < UPR_W_COUNT; i++)
		e->weights[i] = upr_weight_defaults[i];
	/* UNOG's meeting hours. */
	e->hours = upr_ld_alloc(L, 2, sizeof(*e->hours));
	if (e->hours) {
		e->hours[0] = (struct upr_interval){ 10 * 60, 13 * 60 };
		e->hours[1] = (struct upr_interval){ 15 * 60, 18 * 60 };
		e->nhours = 2;
	}
}

/*
 * An id from a name: ASCII letters lowercased, digits kept, every other run
 * one '-'; cut after the last whole word that fits in UPR_ID_MAX.  A name
 * without ASCII letters or digits gives "event-" and eight hex digits of its
 * hash, so that two rounds named in another script keep distinct calendar
 * UIDs.  The string is in the problem's arena.
 */
static const char *id_from_name(struct upr_loader *L, const char *name)
{
	char buf[UPR_ID_MAX + 1];
	size_t k = 0, words_end = 0;	/* length up to the last whole word */
	bool gap = false;
	for (const char *c = name; *c; c++) {
		char ch = *c;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
			gap = true;
			continue;
		}
		bool dash = gap && k > 0;
		if (k + dash + 1 > UPR_ID_MAX) {
			/* Mid-word: drop the partial word, unless it is the
			 * first one. */
			if (!dash && words_end > 0)
				k = words_end;
			break;
		}
		if (dash) {
			words_end = k;
			buf[k++] = '-';
		}
		gap = false;
		buf[k++] = ch;
	}
	buf[k] = '\0';
	if (k == 0) {
		uint64_t h = upr_hash_str(name);
		snprintf(buf, sizeof(buf), "event-%08x", (unsigned)((h ^ (h >> 32)) & 0xffffffffu));
	}
	return upr_ld_copy_str(L, buf);
}

struct sorted_item {
	struct upr_interval iv;	/* for days: iv.start is the day */
	size_t idx;		/* position in the list */
};

static int cmp_sorted(const void *pa, const void *pb)
{
	const struct sorted_item *a = pa, *b = pb;
	if (a->iv.start != b->iv.start)
		return a->iv.start < b->iv.start ? -1 : 1;
	if (a->iv.end != b->iv.end)
		return a->iv.end < b->iv.end ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static void too_many_days(struct upr_loader *L, const struct upr_ynode *n, int64_t count)
{
	struct upr_loc loc = upr_ld_loc_of(L, n);
	upr_error(L->d, &loc, "'days' holds %lld days, more than %d", (long long)count,
		  UPR_LD_MAX_DAYS);
}

static bool read_days_range(struct upr_loader *L, const struct upr_ynode *n,
			    struct upr_event *e)
{
	static const char *const keys[] = { "from", "to" };
	const struct upr_ynode *v[2], *k[2];
	upr_ld_read_keys(L, n, keys, 2, v, k);
	if (!v[0])
		upr_ld_missing(L, n, "from", "'days'");
	if (!v[1])
		upr_ld_missing(L, n, "to", "'days'");
	int64_t from = 0, to = 0;
	bool ok = v[0] && upr_ld_get_date(L, v[0], "days.from", false, &from);
	ok = v[1] && upr_ld_get_date(L, v[1], "days.to", false, &to) && ok;
	if (!ok)
		return false;
	if (to < from) {
		char a[11], b[11];
		struct upr_loc loc = upr_ld_loc_of(L, v[1]);
		upr_format_date(to, a);
		upr_format_date(from, b);
		upr_error(L->d, &loc, "'days.to' ('%s') is before 'days.from' ('%s')", a, b);
		return false;
	}
	if (to - from + 1 > UPR_LD_MAX_DAYS) {
		too_many_days(L, n, to - from + 1);
		return false;
	}
	e->days = upr_ld_alloc(L, (size_t)(to - from + 1), sizeof(*e->days));
	if (!e->days)
		return false;
	for (int64_t d = from; d <= to; d++)
		e->days[e->ndays++] = d;
	return true;
}

static bool read_days(struct upr_loader *L, const struct upr_ynode *n, struct upr_event *e)
{
	if (n->kind == UPR_Y_MAP)
		return read_days_range(L, n, e);
	const struct upr_ynode *items;
	size_t count;
	if (!upr_ld_items_of(L, n, "days", &items, &count))
		return false;
	if (count == 0) {
		upr_ld_must_not_be_empty(L, n, "days");
		return false;
	}
	if (count > UPR_LD_MAX_DAYS) {
		too_many_days(L, n, (int64_t)count);
		return false;
	}
	struct sorted_item *s = upr_malloc(count * sizeof(*s));
	e->days = upr_ld_alloc(L, count, sizeof(*e->days));
	if (!s || !e->days) {
		upr_free(s);
		upr_loader_oom(L);
		return false;
	}
	size_t k = 0;
	bool ok = true;
	for (size_t i = 0; i < count; i++) {
		if (upr_ld_get_date(L, &items[i], "days", true, &s[k].iv.start)) {
			s[k].iv.end = 0;
			s[k++].idx = i;
		} else {
			ok = false;
		}
	}
	qsort(s, k, sizeof(*s), cmp_sorted);
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && s[i].iv.start == s[i - 1].iv.start) {
			char date[11];
			struct upr_loc loc = upr_ld_loc_of(L, &items[s[i].idx]);
			upr_format_date(s[i].iv.start, date);
			upr_error(L->d, &loc, "day '%s' is listed twice", date);
			ok = false;
			continue;
		}
		e->days[e->ndays++] = s[i].iv.start;
	}
	upr_free(s);
	return ok;
}

/* Reads event.hours; false when any window was reported. */
static bool read_hours(struct upr_loader *L, const struct upr_ynode *n, struct upr_event *e)
{
	const struct upr_ynode *items;
	size_t count;
	if (!upr_ld_items_of(L, n, "hours", &items, &count))
		return false;
	if (count == 0) {
		upr_ld_must_not_be_empty(L, n, "hours");
		return false;
	}
	struct sorted_item *s = upr_malloc(count * sizeof(*s));
	struct upr_interval *h = upr_ld_alloc(L, count, sizeof(*h));
	if (!s || !h) {
		upr_free(s);
		upr_loader_oom(L);
		return false;
	}
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		const char *t = upr_ld_scalar(L, &items[i], "hours", &UPR_LD_F_WINDOW, true);
		if (!t)
			continue;
		char msg[160];
		if (upr_ld_report_value(L, &items[i], "hours", &UPR_LD_F_WINDOW, true,
				 upr_parse_window(t, &s[k].iv, msg, sizeof(msg)), msg))
			s[k++].idx = i;
	}
	/* Windows stay separate even when they touch: a session starts on the
	 * grid of its own window and never crosses its end (H1, docs/reference.md#hard-constraints). */
	qsort(s, k, sizeof(*s), cmp_sorted);
	size_t last = 0;	/* the window reaching furthest so far */
	e->nhours = 0;
	e->hours = h;
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && s[i].iv.start < s[last].iv.end) {
			char a[UPR_QUOTE_MAX], b[UPR_QUOTE_MAX];
			const struct upr_ynode *x = &items[s[i].idx], *y = &items[s[last].idx];
			/* Report at the one written later. */
			if (s[last].idx > s[i].idx) {
				const struct upr_ynode *t = x;
				x = y;
				y = t;
			}
			struct upr_loc loc = upr_ld_loc_of(L, x);
			upr_error(L->d, &loc, "window %s overlaps %s",
				  upr_quote(a, x->u.text, x->n), upr_quote(b, y->u.text, y->n));
			if (s[i].iv.end > s[last].iv.end)
				last = i;
			continue;
		}
		h[e->nhours++] = s[i].iv;
		if (i == 0 || s[i].iv.end > s[last].iv.end)
			last = i;
	}
	upr_free(s);
	return e->nhours == count;
}

static void read_session(struct upr_loader *L, const struct upr_ynode *n,
			 struct upr_event *e, const struct upr_ynode **length)
{
	static const char *const keys[] = {
		"length", "opening", "state_statement", "questions", "gap", "grid",
		"min_statements", "nhri_first",
	};
	static const struct {
		const char *label;
		size_t off;
		int min, max;
		const struct upr_ld_form *form;
	} ints[] = {
		{ "session.length", offsetof(struct upr_event, session_length), 1, UPR_LD_MAX_MINUTES, &UPR_LD_F_MINUTES },
		{ "session.opening", offsetof(struct upr_event, opening), 0, UPR_LD_MAX_MINUTES, &UPR_LD_F_MINUTES },
		{ "session.state_statement", offsetof(struct upr_event, state_statement), 0, UPR_LD_MAX_MINUTES, &UPR_LD_F_MINUTES },
		{ "session.questions", offsetof(struct upr_event, questions), 0, UPR_LD_MAX_MINUTES, &UPR_LD_F_MINUTES },
		{ "session.gap", offsetof(struct upr_event, gap), 0, UPR_LD_MAX_MINUTES, &UPR_LD_F_MINUTES },
		{ "session.grid", offsetof(struct upr_event, grid), 1, UPR_LD_MAX_MINUTES, &UPR_LD_F_MINUTES },
		{ "session.min_statements", offsetof(struct upr_event, min_statements), 0, UPR_LD_MAX_MIN_STATEMENTS, &UPR_LD_F_INT },
	};
	enum { NKEYS = sizeof(keys) / sizeof(keys[0]), NINTS = sizeof(ints) / sizeof(ints[0]) };
	const struct upr_ynode *v[NKEYS], *k[NKEYS];
	if (n->kind == UPR_Y_NULL || !upr_ld_is_map(L, n, "session", false))
		return;
	upr_ld_read_keys(L, n, keys, NKEYS, v, k);
	for (size_t i = 0; i < NINTS; i++)
		upr_ld_get_int_field(L, v[i], ints[i].label, ints[i].form, ints[i].min, ints[i].max,
			      (int *)((char *)e + ints[i].off));
	upr_ld_get_bool(L, v[NINTS], "session.nhri_first", &e->nhri_first);
	*length = v[0];
}

static void read_statement(struct upr_loader *L, const struct upr_ynode *n,
			   struct upr_event *e)
{
	static const char *const keys[] = { "min", "max" };
	const struct upr_ynode *v[2], *k[2];
	if (n->kind == UPR_Y_NULL || !upr_ld_is_map(L, n, "statement", false))
		return;
	upr_ld_read_keys(L, n, keys, 2, v, k);
	int64_t min = e->statement_min, max = e->statement_max;
	bool ok = !v[0] || upr_ld_get_int(L, v[0], "statement.min", &UPR_LD_F_MINUTES, 1, UPR_LD_MAX_MINUTES, &min);
	ok = (!v[1] || upr_ld_get_int(L, v[1], "statement.max", &UPR_LD_F_MINUTES, 1, UPR_LD_MAX_MINUTES, &max)) && ok;
	if (!ok)
		return;
	e->statement_min = (int)min;
	e->statement_max = (int)max;
	if (min > max) {
		/* At the value that was written; at min when both were. */
		struct upr_loc loc = upr_ld_loc_of(L, v[0] ? v[0] : v[1]);
		upr_error(L->d, &loc, "'statement.min' (%lld) is above 'statement.max' (%lld)",
			  (long long)min, (long long)max);
	}
}

static void read_weights(struct upr_loader *L, const struct upr_ynode *n,
			 struct upr_event *e)
{
	const struct upr_ynode *v[UPR_W_COUNT], *k[UPR_W_COUNT];
	if (n->kind == UPR_Y_NULL || !upr_ld_is_map(L, n, "weights", false))
		return;
	upr_ld_read_keys(L, n, upr_weight_names, UPR_W_COUNT, v, k);
	for (int i = 0; i < UPR_W_COUNT; i++) {
		if (!v[i])
			continue;
		char label[64];
		snprintf(label, sizeof(label), "weights.%s", upr_weight_names[i]);
		int64_t w;
		if (upr_ld_get_int(L, v[i], label, &UPR_LD_F_INT, 0, UPR_LD_MAX_WEIGHT, &w)) {
			e->weights[i] = w;
			e->weight_loc[i] = upr_ld_loc_of(L, v[i]);
		}
	}
}

/*
 * Clock changes (docs/input-decisions.md): a window of 'hours' on an event
 * day must lie within one UTC offset, so that every session keeps its real
 * minutes and every time written has one offset; and that offset must be
 * whole minutes, as outputs write it.  One check of the day's whole span
 * covers the usual day; the windows are looked at one by one only on a day
 * with a change.
 */

/* The item of 'hours' that reads as window w; the event when hours were not
 * written (the defaults). */
static struct upr_loc window_loc(struct upr_loader *L, const struct upr_ynode *hours,
				 const struct upr_interval *w)
{
	const struct upr_ynode *items;
	size_t count;
	if (hours && upr_ld_items_of(L, hours, "hours", &items, &count)) {
		for (size_t i = 0; i < count; i++) {
			struct upr_interval iv;
			char msg[160];
			if (items[i].kind == UPR_Y_SCALAR &&
			    upr_parse_window(items[i].u.text, &iv, msg, sizeof(msg)) == UPR_V_OK &&
			    iv.start == w->start && iv.end == w->end)
				return upr_ld_loc_of(L, &items[i]);
		}
	}
	return L->p->event.loc;
}

/* The offset of a clear window must be whole minutes; reported once. */
static void check_whole_minutes(struct upr_loader *L, const struct upr_ynode *tz, int off,
				int64_t day, bool *reported)
{
	if (off % 60 == 0 || *reported)
		return;
	char o[10], date[11];
	upr_tz_offset_text(off, o);
	upr_format_date(day, date);
	struct upr_loc loc = upr_ld_loc_of(L, tz);
	upr_error(L->d, &loc,
		  "time zone '%s' is %s from UTC on %s, not a whole number of minutes "
		  "(outputs write offsets in minutes)",
		  L->p->event.timezone, o, date);
	*reported = true;
}

static void check_window_clocks(struct upr_loader *L, const struct upr_ynode *hours,
				const struct upr_ynode *tz)
{
	const struct upr_event *e = &L->p->event;
	bool reported = false;
	for (size_t d = 0; d < e->ndays && e->nhours > 0; d++) {
		int64_t t0 = e->days[d] * UPR_MIN_PER_DAY;
		struct upr_tz_change c;
		int off;
		/* The day's span first: windows are sorted and disjoint. */
		if (upr_tz_span(e->timezone, t0 + e->hours[0].start,
				t0 + e->hours[e->nhours - 1].end, &c, &off) == UPR_TZ_CLEAR) {
			check_whole_minutes(L, tz, off, e->days[d], &reported);
			continue;
		}
		for (size_t i = 0; i < e->nhours; i++) {
			const struct upr_interval *w = &e->hours[i];
			enum upr_tz_meet m = upr_tz_span(e->timezone, t0 + w->start, t0 + w->end,
							 &c, &off);
			if (m == UPR_TZ_CLEAR) {
				check_whole_minutes(L, tz, off, e->days[d], &reported);
				continue;
			}
			char a[6], b[6], day[11], what[160];
			upr_format_hm((int)w->start, a);
			upr_format_hm((int)w->end, b);
			upr_format_date(e->days[d], day);
			upr_tz_change_text(e->timezone, &c, what, sizeof(what));
			struct upr_loc loc = window_loc(L, hours, w);
			upr_error(L->d, &loc,
				  "window '%s-%s' on %s %s %s (a session must lie within one "
				  "UTC offset)",
				  a, b, day, m == UPR_TZ_ENDS_AT ? "ends at" : "contains", what);
		}
	}
}

/*
 * 'travel' and 'session.gap' are counted in wall-clock minutes.  Across a
 * change that puts the clocks forward, two windows are fewer real minutes
 * apart than wall-clock ones; refuse when that could let two statements or
 * sessions closer than the larger of the two (going back only makes the
 * count stricter than real time).
 */
static void check_changes_between_windows(struct upr_loader *L,
					  const struct upr_ynode *hours,
					  const struct upr_ynode *travel)
{
	const struct upr_event *e = &L->p->event;
	int least = e->travel > e->gap ? e->travel : e->gap;
	const char *what_least = e->travel >= e->gap ? "travel" : "session.gap";
	for (size_t d = 0; d < e->ndays && least > 0 && e->nhours > 0; d++) {
		/* Most days have no change between their first and last window. */
		int64_t t0 = e->days[d] * UPR_MIN_PER_DAY;
		struct upr_tz_change c;
		int off;
		bool day_clear = upr_tz_span(e->timezone, t0 + e->hours[0].start,
					     t0 + e->hours[e->nhours - 1].end, &c,
					     &off) == UPR_TZ_CLEAR;
		for (size_t i = 0; i < e->nhours; i++) {
			size_t nd = i + 1 < e->nhours ? d : d + 1;
			size_t ni = i + 1 < e->nhours ? i + 1 : 0;
			if (nd == e->ndays)
				break;
			if (nd == d && day_clear)
				continue;
			int64_t end = e->days[d] * UPR_MIN_PER_DAY + e->hours[i].end;
			int64_t next = e->days[nd] * UPR_MIN_PER_DAY + e->hours[ni].start;
			/* No change moves the clocks by a day or more. */
			if (next - end >= least + UPR_MIN_PER_DAY)
				continue;
			if (upr_tz_span(e->timezone, end, next, &c, &off) == UPR_TZ_CLEAR)
				continue;
			/* A change touching a window is reported at the window. */
			int64_t lo = c.utc + (c.from < c.to ? c.from : c.to);
			int64_t hi = c.utc + (c.from < c.to ? c.to : c.from);
			int64_t real = (next - end) * 60 - (c.to - c.from);
			if (lo <= end * 60 || hi > next * 60 || real >= (int64_t)least * 60)
				continue;
			char a[17], b[17], what[160];
			upr_format_local(end, a);
			upr_format_local(next, b);
			upr_tz_change_text(e->timezone, &c, what, sizeof(what));
			struct upr_loc loc = travel && e->travel >= e->gap
						     ? upr_ld_loc_of(L, travel)
						     : window_loc(L, hours, &e->hours[ni]);
			upr_error(L->d, &loc,
				  "%s leaves %lld real minutes between the windows ending %s and "
				  "starting %s, less than '%s' (%d minutes)",
				  what, (long long)(real / 60), a, b, what_least, least);
		}
	}
}

/* notices: {from, reply_to, signature}, all optional. */
static void read_notices(struct upr_loader *L, const struct upr_ynode *n, struct upr_event *e)
{
	if (!upr_ld_is_map(L, n, "notices", false))
		return;
	enum { N_FROM, N_REPLY_TO, N_SIGNATURE, N_N };
	static const char *const keys[N_N] = { "from", "reply_to", "signature" };
	const struct upr_ynode *v[N_N], *k[N_N];
	upr_ld_read_keys(L, n, keys, N_N, v, k);
	if (v[N_FROM])
		upr_ld_get_mailbox(L, v[N_FROM], "from", &e->from_name, &e->from_email);
	if (v[N_REPLY_TO])
		upr_ld_get_mailbox(L, v[N_REPLY_TO], "reply_to", &e->reply_to_name,
				   &e->reply_to_email);
	if (v[N_SIGNATURE])
		e->signature = upr_ld_get_string(L, v[N_SIGNATURE], "signature");
}

void upr_ld_build_event(struct upr_loader *L, const struct upr_ynode *key,
			const struct upr_ynode *n)
{
	if (L->have_event) {
		struct upr_loc loc = upr_ld_loc_of(L, key);
		upr_error(L->d, &loc, "key 'event' is already given at %s:%d:%d",
			  L->event_key.file, L->event_key.line, L->event_key.col);
		return;
	}
	L->have_event = true;
	L->event_key = upr_ld_loc_of(L, key);
	struct upr_event *e = &L->p->event;
	event_defaults(L, e);
	if (!upr_ld_is_map(L, n, "event", false))
		return;
	e->loc = upr_ld_loc_of(L, n);

	enum { E_NAME, E_ID, E_TIMEZONE, E_VENUE, E_DAYS, E_HOURS, E_SESSION, E_STATEMENT,
	       E_TRAVEL, E_WAITLIST, E_WEIGHTS, E_ARRIVAL, E_NOTICES, E_N };
	static const char *const keys[E_N] = {
		"name", "id", "timezone", "venue", "days", "hours", "session", "statement",
		"travel", "waitlist", "weights", "arrival", "notices",
	};
	const struct upr_ynode *v[E_N], *k[E_N];
	upr_ld_read_keys(L, n, keys, E_N, v, k);

	if (v[E_NAME])
		e->name = upr_ld_get_string(L, v[E_NAME], "name");
	else
		upr_ld_missing(L, n, "name", "event");
	if (v[E_ID])
		e->id = upr_ld_get_id(L, v[E_ID], "id");
	else if (e->name)
		e->id = id_from_name(L, e->name);
	if (v[E_TIMEZONE]) {
		const char *tz = upr_ld_get_string(L, v[E_TIMEZONE], "timezone");
		if (tz && !upr_tz_exists(tz)) {
			char q[UPR_QUOTE_MAX], hint[256];
			struct upr_loc loc = upr_ld_loc_of(L, v[E_TIMEZONE]);
			if (upr_tz_suggest(tz, hint, sizeof(hint)))
				upr_error(L->d, &loc, "unknown time zone %s (did you mean %s?)",
					  upr_quote(q, tz, strlen(tz)), hint);
			else
				upr_error(L->d, &loc, "unknown time zone %s",
					  upr_quote(q, tz, strlen(tz)));
		}
		e->timezone = tz;
	} else {
		upr_ld_missing(L, n, "timezone", "event");
	}
	if (v[E_VENUE])
		e->venue = upr_ld_get_string(L, v[E_VENUE], "venue");
	if (v[E_DAYS])
		L->event_days_ok = read_days(L, v[E_DAYS], e);
	else
		upr_ld_missing(L, n, "days", "event");
	bool hours_ok = !v[E_HOURS] || read_hours(L, v[E_HOURS], e);

	const struct upr_ynode *length = NULL;
	if (v[E_SESSION])
		read_session(L, v[E_SESSION], e, &length);
	if (v[E_STATEMENT])
		read_statement(L, v[E_STATEMENT], e);
	upr_ld_get_int_field(L, v[E_TRAVEL], "travel", &UPR_LD_F_MINUTES, 0, UPR_LD_MAX_MINUTES, &e->travel);
	upr_ld_get_bool(L, v[E_WAITLIST], "waitlist", &e->waitlist);
	if (v[E_WEIGHTS])
		read_weights(L, v[E_WEIGHTS], e);
	upr_ld_get_int_field(L, v[E_ARRIVAL], "arrival", &UPR_LD_F_MINUTES, 0, UPR_LD_MAX_ARRIVAL,
			     &e->arrival);
	if (v[E_NOTICES])
		read_notices(L, v[E_NOTICES], e);
	if (hours_ok && L->event_days_ok && e->timezone && upr_tz_exists(e->timezone)) {
		check_window_clocks(L, v[E_HOURS], v[E_TIMEZONE]);
		check_changes_between_windows(L, v[E_HOURS], v[E_TRAVEL]);
	}

	/* A session must fit in some window; where it fits is the solver's
	 * business. */
	int64_t longest = 0;
	for (size_t i = 0; i < e->nhours; i++)
		if (e->hours[i].end - e->hours[i].start > longest)
			longest = e->hours[i].end - e->hours[i].start;
	if (hours_ok && e->session_length > longest) {
		const struct upr_ynode *at = length ? length : v[E_HOURS];
		struct upr_loc loc = at ? upr_ld_loc_of(L, at) : e->loc;
		upr_error(L->d, &loc,
			  "session of %d minutes is longer than every window of 'hours' "
			  "(the longest is %lld minutes)", e->session_length, (long long)longest);
	}
}

/* ---- rooms, states, speakers, delegations ---- */
