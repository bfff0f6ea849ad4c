/*
 * ics.c - the calendars: calendar.ics (every session), delegations/ID.ics
 * (the sessions a delegation follows) and speakers/ID.ics (one speaker's
 * statements, each an event over the whole session it sits in, with the
 * arrival time, a VALARM before it, and a remote speaker's video link as
 * URL and CONFERENCE), RFC 5545 with RFC 7986's NAME, REFRESH-INTERVAL and
 * CONFERENCE.
 *
 * The calendar is built with libical's components and properties and
 * serialized by libical; then one pass over the text (normalize()) unfolds
 * it, escapes ',' and ';' in X-WR-CALNAME (libical 3.0 escapes only '\' and
 * newlines in X- properties, although their default value type is TEXT,
 * RFC 5545 3.8.8.2, and its own parser unescapes them), and folds every line
 * again at 75 octets, never inside a UTF-8 character.  Doing the folding
 * here, not leaving it to libical, keeps the bytes the same whatever
 * libical version a machine has (libical's folding heuristics differ between
 * releases; 3.0.16's is correct but prefers odd break points).
 *
 * What must hold, each rule from docs/reference.md#calendars:
 * - every DTSTART/DTEND carries TZID=<event.timezone>, and the calendar holds
 *   that zone's VTIMEZONE, taken from libical's tz database but with the
 *   plain IANA name as TZID (libical names it "/freeassociation.sourceforge
 *   .net/Europe/Zurich", which Outlook and Google do not map to a zone);
 * - nothing from the input can end a line or start a property: input text
 *   goes through upr_ebuf_add_clean (control characters and U+2028/U+2029
 *   become spaces, invalid UTF-8 becomes U+FFFD) before libical escapes it;
 * - the same timetable, options and dtstamp give the same bytes: events are
 *   sorted by start, then room, then UID, and no clock is read;
 * - UIDs come from upr_uid_session/upr_uid_statement only; with a baseline,
 *   SEQUENCE and LAST-MODIFIED come from its history, and its cancelled
 *   events are written again as STATUS:CANCELLED (unless the UID is live).
 * No ORGANIZER or ATTENDEE: a published calendar is not an invitation.
 *
 * upr_export_ics_retire rewrites a calendar of an earlier run whose
 * delegation or speaker is gone, from its own text (write.c calls it).
 */
#include "export/export.h"
#include "export/text.h"
#include "model/ical_time.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#define UID_SIZE 256
#define PRODID "-//upr-schedule//upr-schedule " UPR_VERSION "//EN"

/* Which events a calendar holds. */
enum cal_kind { CAL_ALL, CAL_DELEGATION, CAL_SPEAKER };

/* One VEVENT to write: a live session or statement of the timetable, or a
 * cancelled event of the baseline's history. */
struct ev {
	int64_t start, end;
	int room;
	int state;
	int speaker;		/* -1: a session */
	const struct upr_session *session; /* NULL: cancelled */
	const struct upr_stmt *stmt;	/* the statement, for a speaker's */
	const struct upr_event_history *hist;
	char uid[UID_SIZE];
};

struct ctx {
	const struct upr_problem *p;
	const struct upr_timetable *t;
	const struct upr_export_opts *o;
	const char *tzid;
	icaltimezone *utc;
	/* The history sorted by UID, for lookups. */
	const struct upr_event_history **hist;
	size_t nhist;
	struct ev *evs;
	size_t nevs, cap;
	bool failed;
};

/* ---- the history ---- */

static int cmp_hist(const void *a, const void *b)
{
	const struct upr_event_history *x = *(const struct upr_event_history *const *)a;
	const struct upr_event_history *y = *(const struct upr_event_history *const *)b;
	int c = strcmp(x->uid, y->uid);
	/* Ties (a baseline naming one UID twice) keep their input order. */
	return c ? c : (x < y ? -1 : x > y);
}

static int index_history(struct ctx *c)
{
	const struct upr_export_opts *o = c->o;
	if (!o || !o->history || !o->nhistory)
		return 0;
	c->hist = upr_malloc(o->nhistory * sizeof(*c->hist));
	if (!c->hist)
		return -1;
	for (size_t i = 0; i < o->nhistory; i++)
		if (o->history[i].uid)
			c->hist[c->nhist++] = &o->history[i];
	qsort(c->hist, c->nhist, sizeof(*c->hist), cmp_hist);
	return 0;
}

/* The first history entry with this UID, or NULL. */
static const struct upr_event_history *find_history(const struct ctx *c, const char *uid)
{
	size_t lo = 0, hi = c->nhist;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(c->hist[mid]->uid, uid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nhist && strcmp(c->hist[lo]->uid, uid) == 0 ? c->hist[lo] : NULL;
}

/* ---- choosing the events ---- */

static struct ev *push(struct ctx *c)
{
	if (c->nevs == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct ev *v = upr_realloc(c->evs, cap * sizeof(*v));
		if (!v) {
			c->failed = true;
			return NULL;
		}
		c->evs = v;
		c->cap = cap;
	}
	struct ev *e = &c->evs[c->nevs++];
	memset(e, 0, sizeof(*e));
	e->speaker = -1;
	return e;
}

static bool follows(const struct upr_delegation *d, int state)
{
	for (size_t i = 0; i < d->nfollows; i++)
		if (d->follows[i] == state)
			return true;
	return false;
}

static void add_session(struct ctx *c, const struct upr_session *s)
{
	struct ev *e = push(c);
	if (!e)
		return;
	e->start = s->start;
	e->end = s->end;
	e->room = s->room;
	e->state = s->state;
	e->session = s;
	upr_uid_session(c->p, s->state, e->uid, sizeof(e->uid));
}

static void add_statement(struct ctx *c, const struct upr_session *s, const struct upr_stmt *st)
{
	struct ev *e = push(c);
	if (!e)
		return;
	/* the speaker sits in the whole session: the event spans it, and the
	 * description gives the statement's own times */
	e->start = s->start;
	e->end = s->end;
	e->room = s->room;
	e->state = s->state;
	e->speaker = st->speaker;
	e->session = s;
	e->stmt = st;
	upr_uid_statement(c->p, s->state, st->speaker, e->uid, sizeof(e->uid));
}

static void add_cancelled(struct ctx *c, const struct upr_event_history *h)
{
	struct ev *e = push(c);
	if (!e)
		return;
	e->start = h->start;
	e->end = h->end;
	e->room = h->room;
	e->state = h->state;
	e->speaker = h->speaker;
	e->hist = h;
	snprintf(e->uid, sizeof(e->uid), "%s", h->uid);
}

static int cmp_uid(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	int r = strcmp(x->uid, y->uid);
	if (r)
		return r;
	/* A live event before a cancelled one of the same UID. */
	return (x->session == NULL) - (y->session == NULL);
}

static int cmp_time(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->room != y->room)
		return x->room < y->room ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

/* Drops every event whose UID an earlier one already has (a cancelled entry
 * whose event is live again, or a UID the history names twice), then sorts
 * by start, room and UID. */
static void finish_events(struct ctx *c)
{
	if (c->nevs > 1)
		qsort(c->evs, c->nevs, sizeof(*c->evs), cmp_uid);
	size_t n = 0;
	for (size_t i = 0; i < c->nevs; i++) {
		if (n && strcmp(c->evs[n - 1].uid, c->evs[i].uid) == 0)
			continue;
		if (n != i)
			c->evs[n] = c->evs[i];
		n++;
	}
	c->nevs = n;
	if (c->nevs > 1)
		qsort(c->evs, c->nevs, sizeof(*c->evs), cmp_time);
}

static bool valid_state(const struct upr_problem *p, int i)
{
	return i >= 0 && (size_t)i < p->nstates;
}

static void collect(struct ctx *c, enum cal_kind kind, int who)
{
	const struct upr_problem *p = c->p;
	const struct upr_timetable *t = c->t;
	const struct upr_delegation *d = kind == CAL_DELEGATION ? &p->delegations[who] : NULL;
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (kind == CAL_SPEAKER) {
			for (size_t k = 0; k < s->nstmts; k++)
				if (s->stmts[k].speaker == who)
					add_statement(c, s, &s->stmts[k]);
		} else if (!d || follows(d, s->state)) {
			add_session(c, s);
		}
	}
	for (size_t i = 0; i < c->nhist; i++) {
		const struct upr_event_history *h = c->hist[i];
		if (!h->cancelled || !valid_state(p, h->state))
			continue;
		bool statement = h->speaker >= 0;
		if (kind == CAL_SPEAKER ? (statement && h->speaker == who)
					: (!statement && (!d || follows(d, h->state))))
			add_cancelled(c, h);
	}
	finish_events(c);
}

/* ---- building the components ---- */

static void add_prop(struct ctx *c, icalcomponent *comp, icalproperty *prop)
{
	if (!prop) {
		c->failed = true;
		return;
	}
	icalcomponent_add_property(comp, prop);
}

static void add_x(struct ctx *c, icalcomponent *comp, const char *name, const char *value)
{
	icalproperty *prop = icalproperty_new_x(value);
	if (prop)
		icalproperty_set_x_name(prop, name);
	add_prop(c, comp, prop);
}

/* DTSTART or DTEND with TZID=<IANA name>. */
static void add_time(struct ctx *c, icalcomponent *ev, bool start, int64_t t)
{
	struct icaltimetype tt = upr_ical_local(t);
	icalproperty *prop = start ? icalproperty_new_dtstart(tt) : icalproperty_new_dtend(tt);
	if (prop) {
		icalparameter *param = icalparameter_new_tzid(c->tzid);
		if (!param) {
			icalproperty_free(prop);
			prop = NULL;
		} else {
			icalproperty_add_parameter(prop, param);
		}
	}
	add_prop(c, ev, prop);
}

static struct icaltimetype utc_time(const struct ctx *c, int64_t secs)
{
	return icaltime_from_timet_with_zone((time_t)secs, 0, c->utc);
}

/* Adds the property make() builds from the text in b, then empties b. */
static void add_text(struct ctx *c, icalcomponent *comp, struct upr_ebuf *b,
		     icalproperty *(*make)(const char *))
{
	if (b->failed) {
		c->failed = true;
	} else {
		add_prop(c, comp, make(b->p ? b->p : ""));
	}
	upr_ebuf_release(b);
}

const char *upr_ex_video_link(const struct upr_problem *p, int speaker, int room)
{
	if (speaker < 0 || (size_t)speaker >= p->nspeakers || !p->speakers[speaker].remote)
		return NULL;
	if (p->speakers[speaker].video_link)
		return p->speakers[speaker].video_link;
	return room >= 0 && (size_t)room < p->nrooms ? p->rooms[room].video_link : NULL;
}

/* The minute of the day of local minutes t (t may be before 1970). */
static int64_t minute_of_day(int64_t t)
{
	return t - upr_floor_div(t, UPR_MIN_PER_DAY) * UPR_MIN_PER_DAY;
}

/* When a speaker of the session starting at start arrives (local minutes). */
static int64_t arrival_time(const struct upr_problem *p, int64_t start)
{
	return start - p->event.arrival;
}

/* CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=...:link (RFC 7986 5.11).  The
 * link passed the loader's check (printable ASCII, no '"'), so it cannot
 * break the line or the parameter. */
static void add_conference(struct ctx *c, icalcomponent *ev, const char *link)
{
	icalproperty *prop = icalproperty_new_conference(link);
	if (prop) {
		icalparameter *v = icalparameter_new_value(ICAL_VALUE_URI);
		icalparameter *f = icalparameter_new_feature(ICAL_FEATURE_VIDEO);
		if (!v || !f) {
			if (v)
				icalparameter_free(v);
			if (f)
				icalparameter_free(f);
			icalproperty_free(prop);
			prop = NULL;
		} else {
			icalproperty_add_parameter(prop, v);
			icalproperty_add_parameter(prop, f);
		}
	}
	add_prop(c, ev, prop);
}

/* A VALARM (DISPLAY) ALARM_LEAD minutes before the speaker's arrival,
 * saying when to arrive (a remote speaker: when to join the call). */
#define ALARM_LEAD 30
static void add_alarm(struct ctx *c, icalcomponent *ev, const struct ev *e)
{
	const struct upr_problem *p = c->p;
	enum upr_ui_lang lang = c->o ? c->o->lang : UPR_UI_EN;
	icalcomponent *al = icalcomponent_new(ICAL_VALARM_COMPONENT);
	if (!al) {
		c->failed = true;
		return;
	}
	struct icaltriggertype tr;
	memset(&tr, 0, sizeof(tr));
	tr.time = icaltime_null_time();
	tr.duration = icaldurationtype_from_int(-(p->event.arrival + ALARM_LEAD) * 60);
	add_prop(c, al, icalproperty_new_action(ICAL_ACTION_DISPLAY));
	add_prop(c, al, icalproperty_new_trigger(tr));
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	char hm[6];
	upr_format_hm((int)minute_of_day(arrival_time(p, e->start)), hm);
	const struct upr_speaker *sp = e->speaker >= 0 ? upr_ex_speaker(p, e->speaker) : NULL;
	upr_ebuf_printf(&b, upr_msg(lang, sp && sp->remote ? UPR_MSG_ICS_ALARM_JOIN : UPR_MSG_ICS_ALARM),
			hm);
	upr_ebuf_puts(&b, upr_msg(lang, UPR_MSG_ICS_SUMMARY));
	upr_ebuf_add_clean(&b, upr_ex_state_name(p, e->state));
	add_text(c, al, &b, icalproperty_new_description);
	icalcomponent_add_component(ev, al);
}

static icalcomponent *build_event(struct ctx *c, const struct ev *e)
{
	const struct upr_problem *p = c->p;
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	if (!ev) {
		c->failed = true;
		return NULL;
	}
	const struct upr_speaker *sp = e->speaker >= 0 ? upr_ex_speaker(p, e->speaker) : NULL;
	const struct upr_event_history *h = e->hist ? e->hist : find_history(c, e->uid);
	/* a live statement by video: where to join */
	const char *link = e->stmt ? upr_ex_video_link(p, e->speaker, e->room) : NULL;
	struct upr_ebuf b;
	upr_ebuf_init(&b);

	add_prop(c, ev, icalproperty_new_uid(e->uid));
	add_prop(c, ev, icalproperty_new_dtstamp(utc_time(c, c->o ? c->o->dtstamp : 0)));
	add_time(c, ev, true, e->start);
	add_time(c, ev, false, e->end);

	/* SUMMARY: "UPR pre-session: Bahamas", for a statement
	 * "UPR pre-session: Bahamas - statement by <organisation>" */
	enum upr_ui_lang lang = c->o ? c->o->lang : UPR_UI_EN;
	upr_ebuf_puts(&b, upr_msg(lang, UPR_MSG_ICS_SUMMARY));
	upr_ebuf_add_clean(&b, upr_ex_state_name(p, e->state));
	if (e->speaker >= 0) {
		upr_ebuf_puts(&b, upr_msg(lang, UPR_MSG_ICS_STATEMENT_BY));
		upr_ebuf_add_clean(&b, sp ? sp->organisation : "");
	}
	add_text(c, ev, &b, icalproperty_new_summary);

	/* LOCATION: "<room name>, <venue>" */
	upr_ebuf_add_clean(&b, upr_ex_room_name(p, e->room));
	if (p->event.venue && *p->event.venue) {
		if (b.len)
			upr_ebuf_puts(&b, ", ");
		upr_ebuf_add_clean(&b, p->event.venue);
	}
	add_text(c, ev, &b, icalproperty_new_location);

	/* DESCRIPTION: the running order; for a statement, first which. */
	if (!e->session) {
		upr_ebuf_puts(&b, upr_msg(lang, e->speaker >= 0 ? UPR_MSG_ICS_CANCELLED_STMT
							       : UPR_MSG_ICS_CANCELLED_SESSION));
	} else {
		if (e->stmt) {
			upr_ebuf_puts(&b, upr_msg(lang, UPR_MSG_ICS_STATEMENT_BY_CAP));
			if (sp)
				upr_ex_put_speaker_lang(&b, lang, sp);
			upr_ebuf_puts(&b, ": ");
			upr_ex_put_span(&b, e->stmt->start, e->stmt->start + e->stmt->minutes);
			upr_ebuf_printf(&b, upr_msg(lang, UPR_MSG_ICS_MINUTES), e->stmt->minutes);
			upr_ebuf_puts(&b, "\n");
			char hm[6];
			upr_format_hm((int)minute_of_day(arrival_time(p, e->start)), hm);
			/* a remote speaker has no badge to collect, but a call to test */
			upr_ebuf_printf(&b, upr_msg(lang, sp && sp->remote ? UPR_MSG_ICS_JOIN
									     : UPR_MSG_ICS_ARRIVE),
					hm, p->event.arrival);
			upr_ebuf_puts(&b, "\n");
			if (link) {
				upr_ebuf_puts(&b, upr_msg(lang, UPR_MSG_ICS_VIDEO_LINK));
				upr_ebuf_puts(&b, link);
				upr_ebuf_puts(&b, "\n");
			}
			upr_ebuf_puts(&b, "\n");
		}
		upr_ex_running_order_lang(&b, lang, p, e->session);
	}
	add_text(c, ev, &b, icalproperty_new_description);

	bool cancelled = e->session == NULL;
	add_prop(c, ev, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED
							   : ICAL_STATUS_CONFIRMED));
	add_prop(c, ev, icalproperty_new_sequence(h ? h->sequence : 0));
	if (h && h->last_modified)
		add_prop(c, ev, icalproperty_new_lastmodified(utc_time(c, h->last_modified)));
	if (link) {
		add_prop(c, ev, icalproperty_new_url(link));
		add_conference(c, ev, link);
	}
	if (e->stmt)
		add_alarm(c, ev, e);
	return ev;
}

/* The zone's VTIMEZONE with TZID the IANA name. */
static icalcomponent *build_vtimezone(struct ctx *c)
{
	icaltimezone *z = icaltimezone_get_builtin_timezone(c->tzid);
	icalcomponent *src = z ? icaltimezone_get_component(z) : NULL;
	icalcomponent *vtz;
	if (src) {
		vtz = icalcomponent_new_clone(src);
		if (!vtz)
			return NULL;
		icalproperty *tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
		if (tzid)
			icalproperty_set_tzid(tzid, c->tzid);
		else
			add_prop(c, vtz, icalproperty_new_tzid(c->tzid));
		return vtz;
	}
	if (z != icaltimezone_get_utc_timezone())
		return NULL;
	/* libical's UTC has no component of its own: one observance, offset 0. */
	vtz = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT);
	icalcomponent *std = icalcomponent_new(ICAL_XSTANDARD_COMPONENT);
	if (!vtz || !std) {
		if (vtz)
			icalcomponent_free(vtz);
		if (std)
			icalcomponent_free(std);
		return NULL;
	}
	add_prop(c, vtz, icalproperty_new_tzid(c->tzid));
	struct icaltimetype epoch = upr_ical_local(0);
	add_prop(c, std, icalproperty_new_dtstart(epoch));
	add_prop(c, std, icalproperty_new_tzoffsetfrom(0));
	add_prop(c, std, icalproperty_new_tzoffsetto(0));
	add_prop(c, std, icalproperty_new_tzname("UTC"));
	icalcomponent_add_component(vtz, std);
	return vtz;
}

/* An IANA name is ASCII letters, digits and "/_+-"; anything else would not
 * come from the tz database and must not reach a parameter value. */
static bool plain_zone_name(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || strchr("/_+-", *s)))
			return false;
	return true;
}

static icalcomponent *build_calendar(struct ctx *c, const char *suffix)
{
	const struct upr_problem *p = c->p;
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	if (!cal) {
		c->failed = true;
		return NULL;
	}
	add_prop(c, cal, icalproperty_new_version("2.0"));
	add_prop(c, cal, icalproperty_new_prodid(PRODID));
	add_prop(c, cal, icalproperty_new_calscale("GREGORIAN"));
	add_prop(c, cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));

	struct upr_ebuf name;
	upr_ebuf_init(&name);
	upr_ebuf_add_clean(&name, p->event.name);
	if (suffix) {
		upr_ebuf_puts(&name, ": ");
		upr_ebuf_add_clean(&name, suffix);
	}
	if (name.failed) {
		c->failed = true;
	} else {
		const char *text = name.p ? name.p : "";
		add_prop(c, cal, icalproperty_new_name(text));
		add_x(c, cal, "X-WR-CALNAME", text);
	}
	upr_ebuf_release(&name);
	add_x(c, cal, "X-WR-TIMEZONE", c->tzid);
	add_prop(c, cal, icalproperty_new_refreshinterval(icaldurationtype_from_int(3600)));
	add_x(c, cal, "X-PUBLISHED-TTL", "PT1H");

	/* the VTIMEZONE goes here: write_calendar splices in its text */

	for (size_t i = 0; i < c->nevs && !c->failed; i++) {
		icalcomponent *ev = build_event(c, &c->evs[i]);
		if (ev)
			icalcomponent_add_component(cal, ev);
	}
	return cal;
}

/* ---- the text ---- */

/* Appends the logical line l[0..n) folded: at most 75 octets per line, a
 * continuation line starting with one space, no cut inside a UTF-8
 * character (the text is valid UTF-8, so a cut backs off over at most
 * three continuation bytes). */
static void fold_line(struct upr_ebuf *b, const char *l, size_t n)
{
	size_t limit = 75;
	while (n > limit) {
		size_t cut = limit;
		while (cut > 1 && ((unsigned char)l[cut] & 0xc0) == 0x80)
			cut--;
		upr_ebuf_add(b, l, cut);
		upr_ebuf_puts(b, "\r\n ");
		l += cut;
		n -= cut;
		limit = 74;
	}
	upr_ebuf_add(b, l, n);
	upr_ebuf_puts(b, "\r\n");
}

/* X-WR-CALNAME's value, escaped as TEXT: libical already wrote "\\" and
 * "\n"; add the backslash before ',' and ';' (skipping existing escapes). */
static void escape_x_text(struct upr_ebuf *out, const char *l, size_t n)
{
	const char *colon = memchr(l, ':', n);
	size_t head = colon ? (size_t)(colon - l) + 1 : n;
	upr_ebuf_add(out, l, head);
	for (size_t i = head; i < n; i++) {
		if (l[i] == '\\' && i + 1 < n) {
			upr_ebuf_add(out, l + i, 2);
			i++;
			continue;
		}
		if (l[i] == ',' || l[i] == ';')
			upr_ebuf_putc(out, '\\');
		upr_ebuf_putc(out, l[i]);
	}
}

static bool starts_with(const char *l, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(l, prefix, k) == 0;
}

/* libical's text -> the bytes we publish (see the top of this file). */
static void normalize(struct upr_ebuf *out, const char *s)
{
	struct upr_ebuf line, fixed;
	upr_ebuf_init(&line);
	upr_ebuf_init(&fixed);
	while (*s) {
		/* one logical line: unfold CRLF + space/tab */
		line.len = 0;
		for (;;) {
			size_t k = strcspn(s, "\r\n");
			upr_ebuf_add(&line, s, k);
			s += k;
			if (*s == '\r')
				s++;
			if (*s == '\n')
				s++;
			if (*s == ' ' || *s == '\t')
				s++;
			else
				break;
		}
		if (line.failed)
			break;
		const char *l = line.p ? line.p : "";
		if (line.len == 0)
			continue;
		if (starts_with(l, line.len, "X-WR-CALNAME:") ||
		    starts_with(l, line.len, "X-WR-CALNAME;")) {
			fixed.len = 0;
			escape_x_text(&fixed, l, line.len);
			if (fixed.failed)
				break;
			fold_line(out, fixed.p, fixed.len);
		} else {
			fold_line(out, l, line.len);
		}
	}
	if (line.failed || fixed.failed)
		out->failed = true;
	upr_ebuf_release(&line);
	upr_ebuf_release(&fixed);
}

/*
 * The event zone's VTIMEZONE, serialised once per process and spliced into
 * every calendar: the tz database's history makes it the largest part of a
 * small calendar, and cloning and serialising it for each of a plan's
 * per-speaker calendars was half the time of writing every output.  The
 * tool is single-threaded; the entry stays until the zone changes.
 */
static struct {
	char *tzid;
	struct upr_ebuf text;	/* normalised, CRLF line ends */
} vtz_cache;

static const struct upr_ebuf *vtimezone_text(struct ctx *c)
{
	if (vtz_cache.tzid && strcmp(vtz_cache.tzid, c->tzid) == 0)
		return &vtz_cache.text;
	upr_free(vtz_cache.tzid);
	vtz_cache.tzid = NULL;
	upr_ebuf_release(&vtz_cache.text);
	icalcomponent *vtz = build_vtimezone(c);
	if (!vtz || c->failed) {
		if (vtz)
			icalcomponent_free(vtz);
		return NULL;
	}
	char *text = icalcomponent_as_ical_string_r(vtz);
	icalcomponent_free(vtz);
	if (!text)
		return NULL;
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	normalize(&b, text);
	icalmemory_free_buffer(text);
	char *id = upr_strdup(c->tzid);
	if (b.failed || !id || b.len == 0) {
		upr_ebuf_release(&b);
		upr_free(id);
		return NULL;
	}
	vtz_cache.tzid = id;
	vtz_cache.text = b;
	return &vtz_cache.text;
}

/* Where the VTIMEZONE goes in a calendar's text: before its first component
 * (an event), else before END:VCALENDAR; the calendar's own properties come
 * first, as libical writes them. */
static size_t vtimezone_position(const struct upr_ebuf *b)
{
	const char *s = b->p;
	/* the first line is BEGIN:VCALENDAR */
	const char *l = strstr(s, "\r\n");
	while (l) {
		l += 2;
		if (strncmp(l, "BEGIN:", 6) == 0 || strncmp(l, "END:VCALENDAR", 13) == 0)
			return (size_t)(l - s);
		l = strstr(l, "\r\n");
	}
	return b->len;
}

static int write_calendar(const struct upr_problem *p, const struct upr_timetable *t,
			  const struct upr_export_opts *o, enum cal_kind kind, int who,
			  const char *suffix, FILE *f)
{
	struct ctx c = { .p = p, .t = t, .o = o, .tzid = p->event.timezone };
	if (!plain_zone_name(c.tzid))
		return -1;
	c.utc = icaltimezone_get_utc_timezone();
	if (index_history(&c) != 0)
		return -1;
	collect(&c, kind, who);
	int rc = -1;
	icalcomponent *cal = c.failed ? NULL : build_calendar(&c, suffix);
	const struct upr_ebuf *vtz = cal && !c.failed ? vtimezone_text(&c) : NULL;
	if (vtz) {
		char *text = icalcomponent_as_ical_string_r(cal);
		if (text) {
			struct upr_ebuf b;
			upr_ebuf_init(&b);
			normalize(&b, text);
			icalmemory_free_buffer(text);
			if (!b.failed && b.len > 0) {
				size_t at = vtimezone_position(&b);
				rc = fwrite(b.p, 1, at, f) == at &&
				     fwrite(vtz->p, 1, vtz->len, f) == vtz->len &&
				     fwrite(b.p + at, 1, b.len - at, f) == b.len - at &&
				     fflush(f) == 0 && !ferror(f) ? 0 : -1;
			}
			upr_ebuf_release(&b);
		}
	}
	if (cal)
		icalcomponent_free(cal);
	upr_free(c.evs);
	upr_free(c.hist);
	return rc;
}

int upr_export_ics_all(const struct upr_problem *p, const struct upr_timetable *t,
		       const struct upr_export_opts *o, FILE *f)
{
	return write_calendar(p, t, o, CAL_ALL, -1, NULL, f);
}

int upr_export_ics_delegation(const struct upr_problem *p, const struct upr_timetable *t,
			      int d, const struct upr_export_opts *o, FILE *f)
{
	if (d < 0 || (size_t)d >= p->ndelegations)
		return -1;
	return write_calendar(p, t, o, CAL_DELEGATION, d, p->delegations[d].name, f);
}

int upr_export_ics_speaker(const struct upr_problem *p, const struct upr_timetable *t,
			   int s, const struct upr_export_opts *o, FILE *f)
{
	if (s < 0 || (size_t)s >= p->nspeakers)
		return -1;
	return write_calendar(p, t, o, CAL_SPEAKER, s, p->speakers[s].organisation, f);
}

bool upr_export_ics_speaker_has_events(const struct upr_problem *p,
				       const struct upr_timetable *t, int s,
				       const struct upr_export_opts *o)
{
	for (size_t i = 0; i < t->nsessions; i++)
		for (size_t k = 0; k < t->sessions[i].nstmts; k++)
			if (t->sessions[i].stmts[k].speaker == s)
				return true;
	for (size_t i = 0; o && o->history && i < o->nhistory; i++) {
		const struct upr_event_history *h = &o->history[i];
		if (h->cancelled && h->speaker == s && valid_state(p, h->state))
			return true;
	}
	return false;
}

/*
 * A calendar of a delegation or speaker that no longer exists, as the
 * previous run published it: subscribers hold its events, so it is
 * published once more with each live event CANCELLED (SEQUENCE raised,
 * DTSTAMP and LAST-MODIFIED this run's), and once every event is cancelled
 * the file is left out (docs/replan.md, "Calendars of entities that are
 * gone").  Only a calendar this program wrote is touched: its PRODID says so.
 */
int upr_export_ics_retire(const char *old, const struct upr_export_opts *o,
			  struct upr_ebuf *out)
{
	icalcomponent *cal = icalparser_parse_string(old);
	if (!cal)
		return UPR_RETIRE_KEEP;
	icalproperty *prodid = icalcomponent_get_first_property(cal, ICAL_PRODID_PROPERTY);
	const char *pid = prodid ? icalproperty_get_prodid(prodid) : NULL;
	if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT || !pid ||
	    strncmp(pid, "-//upr-schedule//", 17) != 0) {
		icalcomponent_free(cal);
		return UPR_RETIRE_KEEP;
	}
	struct ctx c = { .o = o };
	c.utc = icaltimezone_get_utc_timezone();
	int64_t now = o ? o->dtstamp : 0;
	size_t live = 0;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
			continue;
		live++;
		icalcomponent_set_status(ev, ICAL_STATUS_CANCELLED);
		icalproperty *seq = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY);
		int n = seq ? icalproperty_get_sequence(seq) : 0;
		if (seq)
			icalproperty_set_sequence(seq, n < 0 || n == INT32_MAX ? n : n + 1);
		else
			add_prop(&c, ev, icalproperty_new_sequence(1));
		icalcomponent_set_dtstamp(ev, utc_time(&c, now));
		icalproperty *lm = icalcomponent_get_first_property(ev, ICAL_LASTMODIFIED_PROPERTY);
		if (lm)
			icalproperty_set_lastmodified(lm, utc_time(&c, now));
		else
			add_prop(&c, ev, icalproperty_new_lastmodified(utc_time(&c, now)));
	}
	int rc = UPR_RETIRE_DROP;
	if (live && !c.failed) {
		char *text = icalcomponent_as_ical_string_r(cal);
		rc = -1;
		if (text) {
			normalize(out, text);
			icalmemory_free_buffer(text);
			rc = out->failed ? -1 : UPR_RETIRE_PUBLISH;
		}
	} else if (c.failed) {
		rc = -1;
	}
	icalcomponent_free(cal);
	return rc;
}
