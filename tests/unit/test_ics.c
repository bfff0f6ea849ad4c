/*
 * test_ics.c - the calendars (calendar.ics, delegations/ID.ics,
 * speakers/ID.ics), parsed back with libical and compared with the
 * timetable of tests/unit/fixture.h.
 *
 * Expected instants are computed here from the local minutes and the known
 * offset of Geneva (UTC+1 in December, UTC+2 in July), and the calendar's
 * times are converted with the VTIMEZONE found in the file itself, so a
 * wrong VTIMEZONE fails the test even though libical knows the zone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define DTSTAMP 1512086400	/* 2017-12-01T00:00:00Z */

enum which { ALL, DELEGATION, SPEAKER };

static char *write_ics(const struct fx *f, enum which w, int who,
		       const struct upr_export_opts *o, int *rc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	assert_non_null(m);
	switch (w) {
	case ALL:
		*rc = upr_export_ics_all(f->p, f->t, o, m);
		break;
	case DELEGATION:
		*rc = upr_export_ics_delegation(f->p, f->t, who, o, m);
		break;
	case SPEAKER:
		*rc = upr_export_ics_speaker(f->p, f->t, who, o, m);
		break;
	}
	fclose(m);
	/* A fresh copy: returning the stream's own buffer makes GCC -O2 see a
	 * pointer to the local variable that held it. */
	char *copy = buf ? strdup(buf) : NULL;
	free(buf);
	return copy;
}

static char *must_write(const struct fx *f, enum which w, int who, const struct upr_export_opts *o)
{
	int rc = -1;
	char *s = write_ics(f, w, who, o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(s);
	return s;
}

/* ---- independent helpers ---- */

/* The documented cleaning, for the ASCII control characters the fixture
 * uses: each becomes a space. */
static void append_clean(char *out, size_t size, const char *s)
{
	size_t n = strlen(out);
	for (; *s && n + 1 < size; s++)
		out[n++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s;
	out[n] = '\0';
}

static void append(char *out, size_t size, const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out + n, size - n, fmt, ap);
	va_end(ap);
}

static void hm(int64_t t, char out[6])
{
	int m = (int)(((t % 1440) + 1440) % 1440);
	snprintf(out, 6, "%02d:%02d", m / 60 % 100, m % 60);
}

static void expect_running_order(const struct fx *f, const struct upr_session *s,
				 char *out, size_t size)
{
	static const char *const kinds[] = { "CSO", "NHRI", "coalition" };
	const struct upr_event *e = &f->p->event;
	char a[6], b[6];
	append(out, size, "Running order:");
	hm(s->start, a);
	hm(s->start + e->opening, b);
	append(out, size, "\n%s-%s Opening", a, b);
	hm(s->start + e->opening + e->state_statement, b);
	hm(s->start + e->opening, a);
	append(out, size, "\n%s-%s Remarks by the State under Review", a, b);
	int64_t t = 0;
	for (size_t k = 0; k < s->nstmts; k++) {
		const struct upr_stmt *st = &s->stmts[k];
		const struct upr_speaker *sp = &f->p->speakers[st->speaker];
		char lang[3];
		upr_lang_format(sp->language, lang);
		hm(st->start, a);
		hm(st->start + st->minutes, b);
		append(out, size, "\n%s-%s ", a, b);
		append_clean(out, size, sp->organisation);
		append(out, size, " (%s, %s%s)", kinds[sp->kind], lang, sp->remote ? ", remote" : "");
		t = st->start + st->minutes;
	}
	hm(t, a);
	hm(s->end, b);
	append(out, size, "\n%s-%s Questions and answers", a, b);
}

static void expect_location(const struct fx *f, int room, char *out, size_t size)
{
	out[0] = '\0';
	append_clean(out, size, f->p->rooms[room].name);
	append(out, size, ", ");
	append_clean(out, size, f->p->event.venue);
}

/* Strict UTF-8 check, written independently of src/export/text.c. */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (!len || i + len > n || (len == 2 && c < 0xc2))
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

static const char *const allowed_names[] = {
	"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME",
	"X-WR-TIMEZONE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "TZID", "X-LIC-LOCATION",
	"TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "DTSTART", "DTEND", "RRULE", "RDATE", "UID",
	"DTSTAMP", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "SEQUENCE", "LAST-MODIFIED",
	"ACTION", "TRIGGER", "URL", "CONFERENCE",
};

static const char *const allowed_begin[] = {
	"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VEVENT", "VALARM",
};

/* Checks the raw text: CRLF only, lines <= 75 octets of valid UTF-8, each
 * either a continuation (one space) or a property we write, no BEGIN/END
 * but ours; no ORGANIZER/ATTENDEE; every DTSTART/DTEND with TZID and no
 * "Z" (not floating, not UTC).  Returns the number of VEVENTs. */
static int check_raw(const char *text, const char *tzid)
{
	int vevents = 0;
	const char *s = text;
	assert_true(strncmp(s, "BEGIN:VCALENDAR\r\n", 17) == 0);
	while (*s) {
		const char *eol = strstr(s, "\r\n");
		assert_non_null(eol);
		size_t n = (size_t)(eol - s);
		assert_null(memchr(s, '\n', n));
		assert_null(memchr(s, '\r', n));
		if (n > 75)
			fail_msg("line of %zu octets: %.*s", n, (int)n, s);
		assert_true(valid_utf8((const unsigned char *)s, n));
		assert_true(n > 0);
		if (s[0] != ' ') {
			size_t k = strcspn(s, ":;");
			assert_true(k < n);
			int ok = 0;
			for (size_t i = 0; i < sizeof(allowed_names) / sizeof(*allowed_names); i++)
				if (strlen(allowed_names[i]) == k && !strncmp(s, allowed_names[i], k))
					ok = 1;
			if (!ok)
				fail_msg("line starts with something we never write: %.*s", (int)n, s);
			if (!strncmp(s, "BEGIN:", 6) || !strncmp(s, "END:", 4)) {
				const char *v = s + k + 1;
				size_t vn = n - k - 1;
				int known = 0;
				for (size_t i = 0; i < sizeof(allowed_begin) / sizeof(*allowed_begin); i++)
					if (strlen(allowed_begin[i]) == vn && !strncmp(v, allowed_begin[i], vn))
						known = 1;
				assert_true(known);
				if (!strncmp(s, "BEGIN:VEVENT", 12))
					vevents++;
			}
			if (!strncmp(s, "DTSTART", 7) || !strncmp(s, "DTEND", 5)) {
				/* inside VEVENTs: TZID and local time; inside
				 * VTIMEZONE: local time without TZID (RFC 5545) */
				assert_true(s[n - 1] != 'Z');
			}
		}
		s = eol + 2;
	}
	assert_null(strstr(text, "ORGANIZER"));
	assert_null(strstr(text, "ATTENDEE"));
	/* The calendar-level properties (docs/reference.md#calendars). */
	assert_non_null(strstr(text, "\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(text, "\r\nPRODID:-//upr-schedule//upr-schedule "));
	assert_non_null(strstr(text, "\r\nCALSCALE:GREGORIAN\r\n"));
	assert_non_null(strstr(text, "\r\nMETHOD:PUBLISH\r\n"));
	assert_non_null(strstr(text, "\r\nNAME:"));
	assert_non_null(strstr(text, "\r\nX-WR-CALNAME:"));
	char want[128];
	snprintf(want, sizeof(want), "\r\nX-WR-TIMEZONE:%s\r\n", tzid);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
	assert_non_null(strstr(text, "\r\nX-PUBLISHED-TTL:PT1H\r\n"));
	snprintf(want, sizeof(want), "\r\nBEGIN:VTIMEZONE\r\nTZID:%s\r\n", tzid);
	assert_non_null(strstr(text, want));
	assert_null(strstr(text, "freeassociation"));
	return vevents;
}

/* A malloc'd copy of text with every fold (CRLF + space) removed. */
static char *unfold(const char *text)
{
	char *u = malloc(strlen(text) + 1);
	assert_non_null(u);
	size_t n = 0;
	for (const char *s = text; *s; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		u[n++] = *s;
	}
	u[n] = '\0';
	return u;
}

/* An icaltimezone made from the VTIMEZONE of the parsed calendar. */
static icaltimezone *file_zone(icalcomponent *cal, const char *tzid)
{
	icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(vtz);
	assert_null(icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT));
	icalproperty *p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
	assert_non_null(p);
	assert_string_equal(icalproperty_get_tzid(p), tzid);
	icaltimezone *z = icaltimezone_new();
	assert_non_null(z);
	assert_true(icaltimezone_set_component(z, icalcomponent_new_clone(vtz)));
	return z;
}

/* A DTSTART or DTEND as seconds since the epoch, through zone z, after
 * checking its TZID parameter. */
static int64_t instant(icalproperty *prop, icaltimezone *z, const char *tzid)
{
	assert_non_null(prop);
	icalparameter *param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
	assert_non_null(param);
	assert_string_equal(icalparameter_get_tzid(param), tzid);
	struct icaltimetype tt = icalvalue_get_datetime(icalproperty_get_value(prop));
	assert_false(tt.is_date);
	assert_false(icaltime_is_utc(tt));
	return (int64_t)icaltime_as_timet_with_zone(tt, z);
}

static int64_t expected_utc(int64_t local_minutes, int offset_minutes)
{
	return (local_minutes - offset_minutes) * 60;
}

static const char *text_prop(icalcomponent *ev, icalproperty_kind kind)
{
	icalproperty *p = icalcomponent_get_first_property(ev, kind);
	assert_non_null(p);
	assert_null(icalcomponent_get_next_property(ev, kind));
	return icalvalue_get_text(icalproperty_get_value(p));
}

struct want_event {
	const char *uid;
	int64_t start, end;	/* UTC seconds */
	const char *summary, *location, *description;
	int sequence;
	bool cancelled;
	int64_t last_modified;	/* 0: none */
};

/* The zone the calendars under test are in. */
static const char *zone_name = "Europe/Zurich";

/* Parses text, checks its VEVENTs one by one against want[0..n), in order. */
static void check_events(const char *text, const struct want_event *want, int n)
{
	icalcomponent *cal = icalparser_parse_string(text);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	icaltimezone *z = file_zone(cal, zone_name);
	int i = 0;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), i++) {
		assert_true(i < n);
		const struct want_event *w = &want[i];
		assert_string_equal(icalcomponent_get_uid(ev), w->uid);
		assert_int_equal(instant(icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY),
					 z, zone_name), w->start);
		assert_int_equal(instant(icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY),
					 z, zone_name), w->end);
		assert_string_equal(text_prop(ev, ICAL_SUMMARY_PROPERTY), w->summary);
		if (w->location)
			assert_string_equal(text_prop(ev, ICAL_LOCATION_PROPERTY), w->location);
		if (w->description)
			assert_string_equal(text_prop(ev, ICAL_DESCRIPTION_PROPERTY), w->description);
		assert_int_equal(icalcomponent_get_status(ev),
				 w->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED);
		icalproperty *seq = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY);
		assert_non_null(seq);
		assert_int_equal(icalproperty_get_sequence(seq), w->sequence);
		struct icaltimetype stamp = icalcomponent_get_dtstamp(ev);
		assert_true(icaltime_is_utc(stamp));
		assert_int_equal((int64_t)icaltime_as_timet(stamp), DTSTAMP);
		icalproperty *lm = icalcomponent_get_first_property(ev, ICAL_LASTMODIFIED_PROPERTY);
		if (w->last_modified) {
			assert_non_null(lm);
			struct icaltimetype t = icalproperty_get_lastmodified(lm);
			assert_true(icaltime_is_utc(t));
			assert_int_equal((int64_t)icaltime_as_timet(t), w->last_modified);
		} else {
			assert_null(lm);
		}
		assert_null(icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY));
		assert_null(icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY));
	}
	assert_int_equal(i, n);
	icaltimezone_free(z, 1);
	icalcomponent_free(cal);
}

/* The calendar's NAME and X-WR-CALNAME, both parsed back. */
static void check_calname(const char *text, const char *want)
{
	icalcomponent *cal = icalparser_parse_string(text);
	assert_non_null(cal);
	icalproperty *p = icalcomponent_get_first_property(cal, ICAL_NAME_PROPERTY);
	assert_non_null(p);
	assert_string_equal(icalproperty_get_name(p), want);
	int found = 0;
	for (p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p;
	     p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY)) {
		if (!strcmp(icalproperty_get_x_name(p), "X-WR-CALNAME")) {
			assert_string_equal(icalproperty_get_x(p), want);
			found++;
		}
	}
	assert_int_equal(found, 1);
	icalcomponent_free(cal);
}

/* Storage for the expected strings of one calendar. */
struct wants {
	struct want_event ev[32];
	char uid[32][256];
	char summary[32][1024];
	char location[32][256];
	char description[32][4096];
	int n;
};

static struct want_event *want_session(struct wants *w, const struct fx *f, size_t i)
{
	const struct upr_session *s = &f->t->sessions[i];
	int k = w->n++;
	upr_uid_session(f->p, s->state, w->uid[k], sizeof(w->uid[k]));
	w->summary[k][0] = '\0';
	append(w->summary[k], sizeof(w->summary[k]), "UPR pre-session: ");
	append_clean(w->summary[k], sizeof(w->summary[k]), f->p->states[s->state].name);
	expect_location(f, s->room, w->location[k], sizeof(w->location[k]));
	w->description[k][0] = '\0';
	expect_running_order(f, s, w->description[k], sizeof(w->description[k]));
	w->ev[k] = (struct want_event){ w->uid[k], expected_utc(s->start, f->utc_offset[i]),
					expected_utc(s->end, f->utc_offset[i]), w->summary[k],
					w->location[k], w->description[k], 0, false, 0 };
	return &w->ev[k];
}

static struct want_event *want_statement(struct wants *w, const struct fx *f, size_t i, size_t j)
{
	const struct upr_session *s = &f->t->sessions[i];
	const struct upr_stmt *st = &s->stmts[j];
	const struct upr_speaker *sp = &f->p->speakers[st->speaker];
	static const char *const kinds[] = { "CSO", "NHRI", "coalition" };
	int k = w->n++;
	upr_uid_statement(f->p, s->state, st->speaker, w->uid[k], sizeof(w->uid[k]));
	w->summary[k][0] = '\0';
	append(w->summary[k], sizeof(w->summary[k]), "UPR pre-session: ");
	append_clean(w->summary[k], sizeof(w->summary[k]), f->p->states[s->state].name);
	append(w->summary[k], sizeof(w->summary[k]), " - statement by ");
	append_clean(w->summary[k], sizeof(w->summary[k]), sp->organisation);
	expect_location(f, s->room, w->location[k], sizeof(w->location[k]));
	char *d = w->description[k];
	size_t dn = sizeof(w->description[k]);
	char a[6], b[6], lang[3];
	upr_lang_format(sp->language, lang);
	hm(st->start, a);
	hm(st->start + st->minutes, b);
	d[0] = '\0';
	append(d, dn, "Statement by ");
	append_clean(d, dn, sp->organisation);
	append(d, dn, " (%s, %s%s): %s-%s (%d minutes)\n", kinds[sp->kind], lang,
	       sp->remote ? ", remote" : "", a, b, st->minutes);
	/* the event spans the session; the speaker arrives event.arrival
	 * minutes before it, or by video joins the call then */
	hm(s->start - f->p->event.arrival, a);
	if (sp->remote)
		append(d, dn, "Please join by %s, %d minutes before the session, to test the connection.\n",
		       a, f->p->event.arrival);
	else
		append(d, dn, "Please arrive by %s, %d minutes before the session.\n", a,
		       f->p->event.arrival);
	const char *link = sp->remote ? (sp->video_link ? sp->video_link
					 : f->p->rooms[s->room].video_link) : NULL;
	if (link)
		append(d, dn, "Video link: %s\n", link);
	append(d, dn, "\n");
	expect_running_order(f, s, d, dn);
	w->ev[k] = (struct want_event){ w->uid[k], expected_utc(s->start, f->utc_offset[i]),
					expected_utc(s->end, f->utc_offset[i]),
					w->summary[k], w->location[k], d, 0, false, 0 };
	return &w->ev[k];
}

static void check_unique_uids(const struct wants *w)
{
	for (int i = 0; i < w->n; i++)
		for (int j = i + 1; j < w->n; j++)
			assert_string_not_equal(w->ev[i].uid, w->ev[j].uid);
}

/* ---- tests ---- */

static const struct upr_export_opts plain_opts = { .dtstamp = DTSTAMP };

static void test_all_sessions(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	char *text = must_write(&f, ALL, -1, &plain_opts);
	assert_int_equal(check_raw(text, "Europe/Zurich"), FX_NSESSIONS);

	static struct wants w;
	w.n = 0;
	for (size_t i = 0; i < f.t->nsessions; i++)
		want_session(&w, &f, i);
	check_unique_uids(&w);
	check_events(text, w.ev, w.n);

	/* The UID format of export.h, and the summer session in UTC+2. */
	assert_string_equal(w.ev[0].uid, "upr29/BS@upr-schedule");
	assert_int_equal(w.ev[5].start, 1530604800);	/* 2018-07-03T08:00:00Z */
	assert_int_equal(w.ev[0].start, 1513069200);	/* 2017-12-12T09:00:00Z */
	assert_non_null(strstr(text, "\r\nDTSTART;TZID=Europe/Zurich:20171212T100000\r\n"));
	assert_non_null(strstr(text, "\r\nDTSTART;TZID=Europe/Zurich:20180703T100000\r\n"));
	assert_non_null(strstr(text, "\r\nDTSTAMP:20171201T000000Z\r\n"));

	check_calname(text, "UPR Info pre-sessions, 29th \"UPR\" session & more");
	/* X-WR-CALNAME escaped as TEXT, which libical alone does not do. */
	assert_non_null(strstr(text, "\r\nX-WR-CALNAME:UPR Info pre-sessions\\, 29th"));
	assert_non_null(strstr(text, "\r\nNAME:UPR Info pre-sessions\\, 29th"));

	/* Same input, same bytes. */
	char *again = must_write(&f, ALL, -1, &plain_opts);
	assert_string_equal(text, again);
	free(again);
	free(text);
	fx_free(&f);
}

static void test_injection_stays_in_its_value(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	char *text = must_write(&f, SPEAKER, FX_INJECT, &plain_opts);
	assert_int_equal(check_raw(text, "Europe/Zurich"), 1);
	assert_null(strstr(text, "\r\nUID:evil"));
	assert_null(strstr(text, "\r\nSUMMARY:pwned"));
	/* The text survives, as one value, with its line breaks as spaces. */
	icalcomponent *cal = icalparser_parse_string(text);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_summary(ev),
			    "UPR pre-session: Burundi - statement by Evil  END:VEVENT  "
			    "BEGIN:VEVENT  UID:evil@example  SUMMARY:pwned");
	assert_string_equal(icalcomponent_get_uid(ev), "upr29/BI/inject@upr-schedule");
	icalcomponent_free(cal);
	free(text);
	fx_free(&f);
}

static void test_delegations(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	for (int d = 0; d < FX_NDELEGATIONS; d++) {
		const struct upr_delegation *del = &f.p->delegations[d];
		static struct wants w;
		w.n = 0;
		for (size_t i = 0; i < f.t->nsessions; i++)
			for (size_t k = 0; k < del->nfollows; k++)
				if (del->follows[k] == f.t->sessions[i].state)
					want_session(&w, &f, i);
		char *text = must_write(&f, DELEGATION, d, &plain_opts);
		assert_int_equal(check_raw(text, "Europe/Zurich"), w.n);
		check_unique_uids(&w);
		check_events(text, w.ev, w.n);
		char name[512] = "";
		append_clean(name, sizeof(name), f.p->event.name);
		append(name, sizeof(name), ": ");
		append_clean(name, sizeof(name), del->name);
		check_calname(text, name);
		char *again = must_write(&f, DELEGATION, d, &plain_opts);
		assert_string_equal(text, again);
		free(again);
		free(text);
	}
	/* The counts the fixture was made for: Switzerland follows BS, FR and
	 * TO (not held), the Bahamas only itself. */
	char *ch = must_write(&f, DELEGATION, FX_DEL_CH, &plain_opts);
	assert_int_equal(check_raw(ch, "Europe/Zurich"), 2);
	free(ch);
	char *none = must_write(&f, DELEGATION, FX_DEL_NONE, &plain_opts);
	assert_int_equal(check_raw(none, "Europe/Zurich"), 0);
	char *flat = unfold(none);
	assert_non_null(strstr(flat, "\r\nX-WR-CALNAME:UPR Info pre-sessions\\, 29th \"UPR\" session & "
				     "more: Mission with <b>no</b> interests\\, \"quoted\"\\; \\\\ etc\r\n"));
	free(flat);
	free(none);
	int rc = 0;
	char *bad = write_ics(&f, DELEGATION, FX_NDELEGATIONS, &plain_opts, &rc);
	assert_int_equal(rc, -1);
	free(bad);
	fx_free(&f);
}

/* Every live event of a speaker's calendar has one VALARM, a DISPLAY
 * ALARM_LEAD (30) minutes before the arrival; a remote speaker's event with
 * a link has URL and CONFERENCE (VALUE=URI, FEATURE=VIDEO) with it. */
static void check_speaker_extras(const struct fx *f, const char *text, int sp)
{
	const struct upr_speaker *s = &f->p->speakers[sp];
	icalcomponent *cal = icalparser_parse_string(text);
	assert_non_null(cal);
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		bool live = icalcomponent_get_status(ev) != ICAL_STATUS_CANCELLED;
		icalcomponent *al = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT);
		if (!live) {
			assert_null(al);
			continue;
		}
		assert_non_null(al);
		assert_null(icalcomponent_get_next_component(ev, ICAL_VALARM_COMPONENT));
		icalproperty *act = icalcomponent_get_first_property(al, ICAL_ACTION_PROPERTY);
		assert_non_null(act);
		assert_int_equal(icalproperty_get_action(act), ICAL_ACTION_DISPLAY);
		icalproperty *tr = icalcomponent_get_first_property(al, ICAL_TRIGGER_PROPERTY);
		assert_non_null(tr);
		struct icaltriggertype t = icalproperty_get_trigger(tr);
		assert_int_equal(icaldurationtype_as_int(t.duration),
				 -(f->p->event.arrival + 30) * 60);
		assert_non_null(icalcomponent_get_first_property(al, ICAL_DESCRIPTION_PROPERTY));
		icalproperty *url = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
		icalproperty *conf = icalcomponent_get_first_property(ev, ICAL_CONFERENCE_PROPERTY);
		if (s->remote && s->video_link) {
			assert_non_null(url);
			assert_non_null(conf);
			assert_string_equal(icalproperty_get_url(url), s->video_link);
			assert_string_equal(icalproperty_get_conference(conf), s->video_link);
			icalparameter *feat = icalproperty_get_first_parameter(conf, ICAL_FEATURE_PARAMETER);
			assert_non_null(feat);
			assert_int_equal(icalparameter_get_feature(feat), ICAL_FEATURE_VIDEO);
			assert_non_null(icalproperty_get_first_parameter(conf, ICAL_VALUE_PARAMETER));
		} else {
			assert_null(url);
			assert_null(conf);
		}
	}
	icalcomponent_free(cal);
}

static void test_speakers(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	f.p->event.arrival = 20;
	/* every remote speaker joins by its own link */
	for (int sp = 0; sp < FX_NSPEAKERS; sp++)
		if (f.p->speakers[sp].remote)
			f.p->speakers[sp].video_link = "https://meet.example.org/j/123?pwd=a,b;c";
	for (int sp = 0; sp < FX_NSPEAKERS; sp++) {
		static struct wants w;
		w.n = 0;
		for (size_t i = 0; i < f.t->nsessions; i++)
			for (size_t k = 0; k < f.t->sessions[i].nstmts; k++)
				if (f.t->sessions[i].stmts[k].speaker == sp)
					want_statement(&w, &f, i, k);
		char *text = must_write(&f, SPEAKER, sp, &plain_opts);
		assert_int_equal(check_raw(text, "Europe/Zurich"), w.n);
		check_unique_uids(&w);
		check_events(text, w.ev, w.n);
		check_speaker_extras(&f, text, sp);
		assert_int_equal(upr_export_ics_speaker_has_events(f.p, f.t, sp, &plain_opts), w.n > 0);
		char *again = must_write(&f, SPEAKER, sp, &plain_opts);
		assert_string_equal(text, again);
		free(again);
		free(text);
	}
	char *plain = must_write(&f, SPEAKER, FX_PLAIN, &plain_opts);
	assert_int_equal(check_raw(plain, "Europe/Zurich"), 3);
	assert_non_null(strstr(plain, "\r\nUID:upr29/FR/plain@upr-schedule\r\n"));
	free(plain);
	char *wait = must_write(&f, SPEAKER, FX_WAIT, &plain_opts);
	assert_int_equal(check_raw(wait, "Europe/Zurich"), 0);
	free(wait);
	fx_free(&f);
}

/* The 300-character name is folded on character boundaries and comes
 * back whole. */
static void test_long_name_folds(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	const char *name = f.p->speakers[FX_LONG].organisation;
	size_t cps = 0;
	for (const unsigned char *q = (const unsigned char *)name; *q; q++)
		cps += (*q & 0xc0) != 0x80;
	assert_int_equal(cps, 300);
	char *text = must_write(&f, SPEAKER, FX_LONG, &plain_opts);
	assert_int_equal(check_raw(text, "Europe/Zurich"), 2);
	icalcomponent *cal = icalparser_parse_string(text);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	char want[2048] = "UPR pre-session: Bahamas - statement by ";
	append(want, sizeof(want), "%s", name);
	assert_string_equal(icalcomponent_get_summary(ev), want);
	icalcomponent_free(cal);
	/* Folded: the summary needs several physical lines, and some of
	 * them end right before a multi-byte character. */
	const char *sum = strstr(text, "\r\nSUMMARY:");
	assert_non_null(sum);
	int continuation = 0;
	for (const char *l = strstr(sum + 2, "\r\n"); l && l[2] == ' '; l = strstr(l + 2, "\r\n"))
		continuation++;
	assert_true(continuation >= 6);
	free(text);
	fx_free(&f);
}

/* With a baseline: SEQUENCE and LAST-MODIFIED from the history, removed
 * events as CANCELLED, and a cancelled entry whose UID is live again
 * written once, live. */
static void test_history(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	int64_t to_start = fx_at(2017, 12, 13, 10, 0);
	struct upr_event_history h[] = {
		{ .uid = "upr29/BS@upr-schedule", .sequence = 3, .last_modified = 1512000000 },
		{ .uid = "upr29/FR@upr-schedule", .sequence = 1 },
		{ .uid = "upr29/TO@upr-schedule", .sequence = 2, .last_modified = 1512003600,
		  .cancelled = true, .state = FX_TO, .room = 1, .speaker = -1,
		  .start = to_start, .end = to_start + 60 },
		{ .uid = "upr29/BI@upr-schedule", .sequence = 5, .cancelled = true,
		  .state = FX_BI, .room = 0, .speaker = -1, .start = to_start, .end = to_start + 60 },
		{ .uid = "upr29/BS/wait@upr-schedule", .sequence = 1, .cancelled = true,
		  .state = FX_BS, .room = 0, .speaker = FX_WAIT,
		  .start = fx_at(2017, 12, 12, 10, 42), .end = fx_at(2017, 12, 12, 10, 49) },
	};
	struct upr_export_opts o = { .dtstamp = DTSTAMP, .history = h, .nhistory = 5 };

	char *text = must_write(&f, ALL, -1, &o);
	assert_int_equal(check_raw(text, "Europe/Zurich"), FX_NSESSIONS + 1);
	static struct wants w;
	w.n = 0;
	for (size_t i = 0; i < 4; i++)
		want_session(&w, &f, i);
	w.ev[0].sequence = 3;
	w.ev[0].last_modified = 1512000000;
	w.ev[1].sequence = 5;	/* live again: the history's SEQUENCE, CONFIRMED */
	w.ev[2].sequence = 1;
	/* The cancelled TO session at 2017-12-13 10:00, before KR and CI. */
	struct want_event *to = &w.ev[w.n++];
	*to = (struct want_event){ "upr29/TO@upr-schedule", expected_utc(to_start, 60),
				   expected_utc(to_start + 60, 60), "UPR pre-session: Tonga",
				   "Room XXIV; \"annex\", 2nd floor, Palais des Nations, Geneva",
				   "Cancelled: this pre-session is no longer held.", 2, true,
				   1512003600 };
	struct want_event tmp = w.ev[3];
	w.ev[3] = *to;
	*to = tmp;
	want_session(&w, &f, 4);
	want_session(&w, &f, 5);
	check_events(text, w.ev, w.n);
	char *again = must_write(&f, ALL, -1, &o);
	assert_string_equal(text, again);
	free(again);
	free(text);

	/* Switzerland follows TO: its calendar has the cancelled session too. */
	text = must_write(&f, DELEGATION, FX_DEL_CH, &o);
	assert_int_equal(check_raw(text, "Europe/Zurich"), 3);
	assert_non_null(strstr(text, "\r\nUID:upr29/TO@upr-schedule\r\n"));
	assert_non_null(strstr(text, "\r\nSTATUS:CANCELLED\r\n"));
	free(text);
	text = must_write(&f, DELEGATION, FX_DEL_BS, &o);
	assert_int_equal(check_raw(text, "Europe/Zurich"), 1);
	assert_null(strstr(text, "CANCELLED"));
	assert_non_null(strstr(text, "\r\nSEQUENCE:3\r\n"));
	free(text);

	/* The waitlisted speaker's withdrawn statement. */
	text = must_write(&f, SPEAKER, FX_WAIT, &o);
	assert_int_equal(check_raw(text, "Europe/Zurich"), 1);
	struct want_event ws = { "upr29/BS/wait@upr-schedule",
				 expected_utc(fx_at(2017, 12, 12, 10, 42), 60),
				 expected_utc(fx_at(2017, 12, 12, 10, 49), 60),
				 "UPR pre-session: Bahamas - statement by Waitlisted Watch",
				 "Room XXIII, Palais des Nations, Geneva",
				 "Cancelled: this statement is no longer in the timetable.", 1, true, 0 };
	check_events(text, &ws, 1);
	check_speaker_extras(&f, text, FX_WAIT);
	free(text);
	/* so that speaker still gets a calendar file, which without the
	 * history it would not */
	assert_true(upr_export_ics_speaker_has_events(f.p, f.t, FX_WAIT, &o));
	assert_false(upr_export_ics_speaker_has_events(f.p, f.t, FX_WAIT, &plain_opts));
	/* ...and not in calendars of sessions. */
	text = must_write(&f, DELEGATION, FX_DEL_ALL, &o);
	assert_int_equal(check_raw(text, "Europe/Zurich"), FX_NSESSIONS + 1);
	assert_null(strstr(text, "wait@"));
	free(text);
	fx_free(&f);
}

/* A summer-only problem: every time is UTC+2, and the VTIMEZONE says so. */
static void test_summer(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	for (size_t i = 0; i < f.t->nsessions; i++) {
		struct upr_session *s = &f.t->sessions[i];
		int64_t shift = (upr_days_from_civil(2019, 6, 18) - upr_days_from_civil(2017, 12, 12)) *
				UPR_MIN_PER_DAY;
		s->start += shift;
		s->end += shift;
		for (size_t k = 0; k < s->nstmts; k++)
			s->stmts[k].start += shift;
		if (i == 5) {	/* back to 2018-07-03 */
			s->start -= shift;
			s->end -= shift;
			for (size_t k = 0; k < s->nstmts; k++)
				s->stmts[k].start -= shift;
		}
		f.utc_offset[i] = 120;
	}
	char *text = must_write(&f, ALL, -1, &plain_opts);
	assert_int_equal(check_raw(text, "Europe/Zurich"), FX_NSESSIONS);
	static struct wants w;
	w.n = 0;
	want_session(&w, &f, 5);	/* 2018 sorts first */
	for (size_t i = 0; i < 5; i++)
		want_session(&w, &f, i);
	check_events(text, w.ev, w.n);
	assert_int_equal(w.ev[1].start, 1560844800);	/* 2019-06-18T08:00:00Z */
	free(text);
	fx_free(&f);
}

/* "UTC" has no VTIMEZONE in libical's database: the writer makes one. */
static void test_utc_zone(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	f.p->event.timezone = "UTC";
	for (size_t i = 0; i < FX_NSESSIONS; i++)
		f.utc_offset[i] = 0;
	char *text = must_write(&f, ALL, -1, &plain_opts);
	assert_int_equal(check_raw(text, "UTC"), FX_NSESSIONS);
	static struct wants w;
	w.n = 0;
	for (size_t i = 0; i < f.t->nsessions; i++)
		want_session(&w, &f, i);
	zone_name = "UTC";
	check_events(text, w.ev, w.n);
	zone_name = "Europe/Zurich";
	assert_non_null(strstr(text, "\r\nDTSTART;TZID=UTC:20171212T100000\r\n"));
	free(text);
	/* A name that is no IANA zone never reaches a parameter. */
	f.p->event.timezone = "Europe/Zurich\r\nX-EVIL:1";
	int rc = 0;
	text = write_ics(&f, ALL, -1, &plain_opts, &rc);
	assert_int_equal(rc, -1);
	free(text);
	f.p->event.timezone = "Mars/Olympus_Mons";
	text = write_ics(&f, ALL, -1, &plain_opts, &rc);
	assert_int_equal(rc, -1);
	free(text);
	fx_free(&f);
}

/* Every allocation failure gives -1, never a crash or a leak. */
static void test_out_of_memory(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	int ok = 0;
	for (unsigned long n = 1; n < 100000 && !ok; n++) {
		upr_mem_fail_at(n);
		int rc = -2;
		char *s = write_ics(&f, SPEAKER, FX_PLAIN, &plain_opts, &rc);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		ok = rc == 0;
		free(s);
	}
	assert_true(ok);
	fx_free(&f);
}

static int teardown(void **state)
{
	(void)state;
	icaltimezone_free_builtin_timezones();
	return 0;
}

int main(void)
{
	/* failure injection reaches cJSON too (util/mem.h) */
	upr_mem_hook_cjson();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_sessions),
		cmocka_unit_test(test_injection_stays_in_its_value),
		cmocka_unit_test(test_delegations),
		cmocka_unit_test(test_speakers),
		cmocka_unit_test(test_long_name_folds),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_summer),
		cmocka_unit_test(test_utc_zone),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
