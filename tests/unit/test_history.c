/*
 * test_history.c - re-planning against a baseline: the reader's lenient
 * mode and "sequence" fields (load/timetable_read.c), the diff that gives
 * calendar events their SEQUENCE, LAST-MODIFIED and CANCELLED status
 * (export/history.c), the words of changes.txt (export/changes.c), and the
 * "sequence" members and "cancelled" list of timetable.json (export/json.c),
 * and the reading of that list back.
 *
 * Baselines and new timetables are written as timetable.json text here and
 * read back, so each case shows the file a user would have; the problem is
 * a small YAML input: two rooms, three States, five speakers.
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
#include "load/timetable_read.h"
#include "upr/upr.h"

#define DTSTAMP 1513000000	/* 2017-12-11T13:46:40Z */
#define LASTMOD "LAST-MODIFIED:20171211T134640Z"

static const char yaml[] =
	"event:\n"
	"  name: Test round\n"
	"  id: ev\n"
	"  timezone: Europe/Zurich\n"
	"  days: [2017-12-12, 2017-12-13]\n"
	"  hours: [10:00-13:00]\n"
	"  session: {length: 60, grid: 60, min_statements: 1}\n"
	"  waitlist: true\n"
	"rooms:\n"
	"  - {id: A, name: Room A}\n"
	"  - {id: B, name: Room B}\n"
	"states:\n"
	"  - {id: S1, name: Alpha}\n"
	"  - {id: S2, name: Beta}\n"
	"  - {id: S3, name: Gamma}\n"
	"speakers:\n"
	"  - {id: s1a, organisation: Org 1A, states: [S1]}\n"
	"  - {id: s1b, organisation: Org 1B, states: [S1]}\n"
	"  - {id: s2a, organisation: Org 2A, states: [S2]}\n"
	"  - {id: s2b, organisation: Org 2B, states: [S2]}\n"
	"  - {id: s3a, organisation: \"Org\\n3A\", states: [S3]}\n";

enum { S1, S2, S3 };
enum { S1A, S1B, S2A, S2B, S3A, NSPEAKERS };

/* A session of a test timetable: statements follow the 5-minute opening
 * back to back; the questions take the rest of the hour. */
struct stmt {
	const char *speaker, *organisation;
	int minutes, sequence;
};
struct sess {
	const char *state, *state_name, *room, *room_name;
	int day, hour;		/* December 2017, local */
	int sequence;
	struct stmt st[4];
};

/* An in-memory file: mem_open, write, then mem_close gives the text
 * (free).  Not inlined: GCC's -Wdangling-pointer takes the pointer that
 * open_memstream stores through &m->buf, once inlined, for one to a local. */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static __attribute__((noinline)) FILE *mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	return m->f;
}

static __attribute__((noinline)) char *mem_close(struct mem *m)
{
	assert_int_equal(fclose(m->f), 0);
	assert_non_null(m->buf);
	return m->buf;
}

static void put_time(FILE *f, const char *key, int day, int minute)
{
	fprintf(f, "\"%s\": \"2017-12-%02dT%02d:%02d:00+01:00\"", key, day, minute / 60, minute % 60);
}

static void put_item(FILE *f, const char *type, int day, int start, int minutes)
{
	fprintf(f, "{\"type\": \"%s\", ", type);
	put_time(f, "start", day, start);
	fputs(", ", f);
	put_time(f, "end", day, start + minutes);
	fprintf(f, ", \"minutes\": %d}", minutes);
}

/* timetable.json text (malloc'd) of n sessions; tail is put before the
 * closing brace (e.g. a waitlist) or is NULL. */
static char *tt_json(const struct sess *v, size_t n, const char *tail)
{
	struct mem m;
	FILE *f = mem_open(&m);
	fputs("{\"schema\": \"upr-schedule/timetable/1\",\n"
	      " \"event\": {\"id\": \"ev\", \"name\": \"Test round\", \"timezone\": \"Europe/Zurich\"},\n"
	      " \"sessions\": [", f);
	for (size_t i = 0; i < n; i++) {
		const struct sess *s = &v[i];
		int start = s->hour * 60;
		fprintf(f, "%s\n  {\"state\": \"%s\", \"state_name\": \"%s\", \"room\": \"%s\", \"room_name\": \"%s\", ",
			i ? "," : "", s->state, s->state_name ? s->state_name : s->state, s->room,
			s->room_name ? s->room_name : s->room);
		put_time(f, "start", s->day, start);
		fputs(", ", f);
		put_time(f, "end", s->day, start + 60);
		if (s->sequence)
			fprintf(f, ", \"sequence\": %d", s->sequence);
		fputs(", \"items\": [", f);
		put_item(f, "opening", s->day, start, 5);
		int t = start + 5;
		for (int k = 0; k < 4 && s->st[k].speaker; k++) {
			const struct stmt *x = &s->st[k];
			fprintf(f, ",\n    {\"type\": \"statement\", \"speaker\": \"%s\", \"organisation\": \"%s\", "
				   "\"kind\": \"cso\", \"language\": \"en\", \"remote\": false, ",
				x->speaker, x->organisation ? x->organisation : x->speaker);
			put_time(f, "start", s->day, t);
			fputs(", ", f);
			put_time(f, "end", s->day, t + x->minutes);
			fprintf(f, ", \"minutes\": %d", x->minutes);
			if (x->sequence)
				fprintf(f, ", \"sequence\": %d", x->sequence);
			fputs("}", f);
			t += x->minutes;
		}
		fputs(",\n    ", f);
		put_item(f, "questions", s->day, t, start + 60 - t);
		fputs("]}", f);
	}
	fprintf(f, "]%s%s}\n", tail ? ",\n " : "", tail ? tail : "");
	return mem_close(&m);
}

struct world {
	struct upr_problem *p;
	struct upr_timetable *base, *t;
	struct upr_tt_events ev;
	struct upr_history h;
};

static struct upr_problem *load(void)
{
	const char *names[] = { "test.yaml" };
	const char *bufs[] = { yaml };
	size_t lens[] = { sizeof(yaml) - 1 };
	struct upr_diags d;
	struct upr_problem *p = NULL;
	upr_diags_init(&d);
	if (upr_load_buffers(names, bufs, lens, 1, &p, &d) != 0)
		upr_diags_print(&d, stderr, 0);
	upr_diags_release(&d);
	assert_non_null(p);
	return p;
}

/* Reads text for p; returns the number of errors, which are kept in *keep
 * (upr_diags_release) when keep is not NULL. */
static int read_tt(const struct upr_problem *p, const char *text, enum upr_tt_mode mode,
		   struct upr_timetable **out, struct upr_tt_events *ev, struct upr_diags *keep)
{
	struct upr_diags d;
	upr_diags_init(&d);
	int rc = upr_timetable_read_mode(p, "t.json", text, strlen(text), mode, out, ev, &d);
	int n = (int)d.errors;
	if (keep)
		*keep = d;
	else
		upr_diags_release(&d);
	assert_true(rc == 0 ? n == 0 : n > 0);
	return n;
}

/* Plans nothing: reads the baseline (lenient) and the new timetable (strict)
 * and builds the history. */
static void world_init(struct world *w, const struct sess *base, size_t nbase, const char *btail,
		       const struct sess *now, size_t nnow, const char *ntail)
{
	memset(w, 0, sizeof(*w));
	w->p = load();
	char *b = tt_json(base, nbase, btail), *n = tt_json(now, nnow, ntail);
	assert_int_equal(read_tt(w->p, b, UPR_TT_BASELINE, &w->base, &w->ev, NULL), 0);
	assert_int_equal(read_tt(w->p, n, UPR_TT_STRICT, &w->t, NULL, NULL), 0);
	free(b);
	free(n);
	upr_history_init(&w->h);
	assert_int_equal(upr_history_build(&w->h, w->p, w->t, w->base, &w->ev, DTSTAMP), 0);
}

static void world_free(struct world *w)
{
	upr_history_release(&w->h);
	upr_timetable_free(w->t);
	upr_timetable_free(w->base);
	upr_problem_free(w->p);
}

static const struct upr_event_history *entry(const struct world *w, const char *uid)
{
	for (size_t i = 0; i < w->h.nevents; i++)
		if (strcmp(w->h.events[i].uid, uid) == 0)
			return &w->h.events[i];
	return NULL;
}

/* What a writer prints, as a string (free). */
static char *changes_text(const struct upr_history *h)
{
	struct mem m;
	assert_int_equal(upr_export_changes(h, mem_open(&m)), 0);
	return mem_close(&m);
}

static char *ics_text(const struct world *w, int speaker)
{
	struct upr_export_opts o = { .dtstamp = DTSTAMP, .history = w->h.events,
				     .nhistory = w->h.nevents };
	struct mem m;
	FILE *f = mem_open(&m);
	int rc = speaker < 0 ? upr_export_ics_all(&w->h.view, w->t, &o, f)
			     : upr_export_ics_speaker(&w->h.view, w->t, speaker, &o, f);
	assert_int_equal(rc, 0);
	return mem_close(&m);
}

/* The VEVENT of uid in an .ics text, up to its END (a copy; free). */
static char *vevent(const char *ics, const char *uid)
{
	char key[300];
	snprintf(key, sizeof(key), "UID:%s\r\n", uid);
	const char *at = strstr(ics, key);
	if (!at)
		return NULL;
	const char *end = strstr(at, "END:VEVENT");
	assert_non_null(end);
	return strndup(at, (size_t)(end - at));
}

/* ---- the cases ---- */

static const struct sess plan1[] = {
	{ "S1", "Alpha", "A", "Room A", 12, 10, 0, { { "s1a", NULL, 7, 0 }, { "s1b", NULL, 7, 0 } } },
	{ "S2", "Beta", "B", "Room B", 12, 10, 0, { { "s2a", NULL, 7, 0 }, { "s2b", NULL, 7, 0 } } },
	{ "S3", "Gamma", "A", "Room A", 12, 11, 0, { { "s3a", NULL, 7, 0 } } },
};

static void test_unchanged(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, plan1, 3, NULL, plan1, 3, NULL);
	assert_int_equal(w.h.nevents, 0);
	assert_int_equal(w.h.nchanges, 0);
	assert_int_equal(w.h.changed, 0);
	char *text = changes_text(&w.h);
	assert_string_equal(text, "No changes.\n");
	free(text);
	/* every event of the file, in file order, statements after their session */
	assert_int_equal(w.ev.n, 8);
	assert_null(w.ev.v[0].speaker_id);
	assert_int_equal(w.ev.v[0].nstmts, 2);
	assert_string_equal(w.ev.v[1].speaker_id, "s1a");
	assert_int_equal(w.ev.v[1].session, 0);
	assert_int_equal(w.ev.v[2].speaker, S1B);
	world_free(&w);
}

static void test_moved(void **state)
{
	(void)state;
	struct sess now[3];
	memcpy(now, plan1, sizeof(now));
	now[0].room = "B";
	now[0].room_name = "Room B";
	now[0].day = 13;
	now[0].hour = 12;
	struct world w;
	world_init(&w, plan1, 3, NULL, now, 3, NULL);
	/* the session and both its statements changed; nothing else */
	assert_int_equal(w.h.nevents, 3);
	assert_int_equal(w.h.changed, 3);
	const char *uids[] = { "ev/S1@upr-schedule", "ev/S1/s1a@upr-schedule", "ev/S1/s1b@upr-schedule" };
	for (int i = 0; i < 3; i++) {
		const struct upr_event_history *e = entry(&w, uids[i]);
		assert_non_null(e);
		assert_int_equal(e->sequence, 1);
		assert_int_equal(e->last_modified, DTSTAMP);
		assert_false(e->cancelled);
	}
	assert_int_equal(w.h.nchanges, 1);
	assert_int_equal(w.h.changes[0].kind, UPR_CHANGE_MOVED);
	char *text = changes_text(&w.h);
	assert_string_equal(text, "Alpha: moved from Tue 12 Dec 10:00, Room A to Wed 13 Dec 12:00, Room B\n");
	free(text);
	/* the entries are sorted by UID, for lookups */
	for (size_t i = 1; i < w.h.nevents; i++)
		assert_true(strcmp(w.h.events[i - 1].uid, w.h.events[i].uid) < 0);
	world_free(&w);
}

static void test_sequence_kept_and_raised(void **state)
{
	(void)state;
	struct sess base[3], now[3];
	memcpy(base, plan1, sizeof(base));
	base[0].sequence = 4;
	base[0].st[0].sequence = 4;
	base[0].st[1].sequence = 2;
	base[1].sequence = 3;
	base[1].st[0].sequence = 1;
	memcpy(now, plan1, sizeof(now));
	/* Alpha's statements 6 + 8 instead of 7 + 7: both retimed */
	now[0].st[0].minutes = 6;
	now[0].st[1].minutes = 8;
	struct world w;
	world_init(&w, base, 3, NULL, now, 3, NULL);
	const struct upr_event_history *e = entry(&w, "ev/S1@upr-schedule");
	assert_non_null(e);
	assert_int_equal(e->sequence, 5);
	assert_int_equal(e->last_modified, DTSTAMP);
	e = entry(&w, "ev/S1/s1a@upr-schedule");
	assert_int_equal(e->sequence, 5);
	e = entry(&w, "ev/S1/s1b@upr-schedule");
	assert_int_equal(e->sequence, 3);
	/* unchanged: the SEQUENCE stays, and no LAST-MODIFIED is invented */
	e = entry(&w, "ev/S2@upr-schedule");
	assert_non_null(e);
	assert_int_equal(e->sequence, 3);
	assert_int_equal(e->last_modified, 0);
	e = entry(&w, "ev/S2/s2a@upr-schedule");
	assert_int_equal(e->sequence, 1);
	assert_int_equal(e->last_modified, 0);
	/* unchanged at SEQUENCE 0: no entry needed */
	assert_null(entry(&w, "ev/S2/s2b@upr-schedule"));
	assert_null(entry(&w, "ev/S3@upr-schedule"));
	assert_int_equal(w.h.changed, 3);
	char *text = changes_text(&w.h);
	assert_string_equal(text, "Alpha: new statement times: Org 1A 10:05-10:11, Org 1B 10:11-10:19\n");
	free(text);

	/* timetable.json carries them, only where above 0 */
	struct upr_export_opts o = { .dtstamp = DTSTAMP, .history = w.h.events, .nhistory = w.h.nevents };
	struct mem m;
	assert_int_equal(upr_export_json_opts(w.p, w.t, &o, mem_open(&m)), 0);
	char *buf = mem_close(&m);
	struct upr_timetable *back;
	struct upr_tt_events ev;
	assert_int_equal(read_tt(w.p, buf, UPR_TT_STRICT, &back, &ev, NULL), 0);
	int want[] = { 5, 5, 3, 3, 1, 0, 0, 0 };	/* file order: S1 s1a s1b S2 s2a s2b S3 s3a */
	assert_int_equal(ev.n, 8);
	for (size_t i = 0; i < ev.n; i++)
		assert_int_equal(ev.v[i].sequence, want[i]);
	upr_timetable_free(back);
	free(buf);
	assert_int_equal(upr_export_json(w.p, w.t, mem_open(&m)), 0);
	buf = mem_close(&m);
	assert_null(strstr(buf, "sequence"));
	free(buf);
	world_free(&w);
}

static void test_withdrawn_speaker(void **state)
{
	(void)state;
	struct sess base[3], now[3];
	memcpy(base, plan1, sizeof(base));
	/* the baseline has a speaker the input no longer has */
	base[0].st[1] = (struct stmt){ "gone", "Gone Org", 7, 2 };
	base[0].st[2] = (struct stmt){ "s1b", NULL, 7, 0 };
	memcpy(now, plan1, sizeof(now));

	struct upr_problem *p = load();
	char *b = tt_json(base, 3, NULL);
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	assert_int_equal(read_tt(p, b, UPR_TT_STRICT, &t, NULL, &d), 1);
	/* the first error (the file's organisations are the speaker ids, which
	 * a strict read warns about first) */
	size_t first = 0;
	while (first < d.n && d.items[first].severity != UPR_ERROR)
		first++;
	assert_true(first < d.n);
	char msg[512];
	upr_diag_format(&d.items[first], msg, sizeof(msg));
	assert_string_equal(msg, "t.json: error: sessions[0].items[2].speaker: speaker 'gone' is not defined in the input");
	upr_diags_release(&d);
	free(b);
	upr_problem_free(p);

	struct world w;
	world_init(&w, base, 3, NULL, now, 3, NULL);
	/* the model has the two known statements only; the events all three */
	assert_int_equal(w.base->sessions[0].nstmts, 2);
	assert_int_equal(w.ev.v[2].speaker, -1);
	assert_string_equal(w.ev.v[2].speaker_id, "gone");
	assert_int_equal(w.ev.v[2].sequence, 2);

	const struct upr_event_history *e = entry(&w, "ev/S1/gone@upr-schedule");
	assert_non_null(e);
	assert_true(e->cancelled);
	assert_int_equal(e->sequence, 3);
	assert_int_equal(e->last_modified, DTSTAMP);
	assert_int_equal(e->speaker, NSPEAKERS);	/* the view's first ghost */
	assert_int_equal(e->room, 0);
	assert_int_equal(w.h.view.nspeakers, NSPEAKERS + 1);
	assert_string_equal(w.h.view.speakers[NSPEAKERS].id, "gone");
	assert_string_equal(w.h.view.speakers[NSPEAKERS].organisation, "Gone Org");
	assert_int_equal(w.h.cancelled, 1);
	/* the session's running order changed, and s1b moved up */
	assert_int_equal(entry(&w, "ev/S1@upr-schedule")->sequence, 1);
	assert_int_equal(entry(&w, "ev/S1/s1b@upr-schedule")->sequence, 1);
	assert_null(entry(&w, "ev/S1/s1a@upr-schedule"));
	char *text = changes_text(&w.h);
	assert_string_equal(text, "Alpha: Gone Org withdrawn\n"
				  "Alpha: new statement times: Org 1B 10:12-10:19\n");
	free(text);

	/* the withdrawn speaker's calendar: its statement, cancelled */
	char *ics = ics_text(&w, NSPEAKERS);
	char *ev = vevent(ics, "ev/S1/gone@upr-schedule");
	assert_non_null(ev);
	assert_non_null(strstr(ev, "STATUS:CANCELLED\r\n"));
	assert_non_null(strstr(ev, "SEQUENCE:3\r\n"));
	assert_non_null(strstr(ev, LASTMOD));
	assert_non_null(strstr(ev, "statement by Gone Org"));
	assert_non_null(strstr(ev, "DTSTART;TZID=Europe/Zurich:20171212T101200\r\n"));
	free(ev);
	free(ics);
	world_free(&w);
}

static void test_not_held_and_removed(void **state)
{
	(void)state;
	struct sess base[4];
	memcpy(base, plan1, sizeof(plan1));
	/* a State and a room that the input no longer defines */
	base[3] = (struct sess){ "XX", "Xland", "R9", "Room Nine", 13, 10, 1, { { "s1a", NULL, 5, 0 } } };
	struct world w;
	world_init(&w, base, 4, NULL, plan1, 2, NULL);
	/* Gamma is not held any more: session and statement cancelled */
	const struct upr_event_history *e = entry(&w, "ev/S3@upr-schedule");
	assert_non_null(e);
	assert_true(e->cancelled);
	assert_int_equal(e->sequence, 1);
	assert_int_equal(e->state, S3);
	assert_int_equal(e->speaker, -1);
	e = entry(&w, "ev/S3/s3a@upr-schedule");
	assert_non_null(e);
	assert_true(e->cancelled);
	assert_int_equal(e->speaker, S3A);
	/* Xland, gone from the input, in a room gone too */
	e = entry(&w, "ev/XX@upr-schedule");
	assert_non_null(e);
	assert_true(e->cancelled);
	assert_int_equal(e->sequence, 2);
	assert_int_equal(e->state, 3);
	assert_int_equal(e->room, 2);
	assert_string_equal(w.h.view.states[3].name, "Xland");
	assert_string_equal(w.h.view.rooms[2].name, "Room Nine");
	assert_non_null(entry(&w, "ev/XX/s1a@upr-schedule"));
	assert_int_equal(w.h.cancelled, 4);
	/* input order, then the States only the baseline names */
	char *text = changes_text(&w.h);
	assert_string_equal(text, "Gamma: no longer held\nXland: no longer held\n");
	free(text);
	char *ics = ics_text(&w, -1);
	char *ev = vevent(ics, "ev/XX@upr-schedule");
	assert_non_null(ev);
	assert_non_null(strstr(ev, "SUMMARY:UPR pre-session: Xland\r\n"));
	assert_non_null(strstr(ev, "LOCATION:Room Nine\r\n"));
	assert_non_null(strstr(ev, "STATUS:CANCELLED\r\n"));
	free(ev);
	ev = vevent(ics, "ev/S1@upr-schedule");
	assert_non_null(ev);
	assert_non_null(strstr(ev, "STATUS:CONFIRMED\r\n"));
	assert_non_null(strstr(ev, "SEQUENCE:0\r\n"));
	assert_null(strstr(ev, "LAST-MODIFIED"));
	free(ev);
	free(ics);
	world_free(&w);
}

static void test_waitlist_and_new_session(void **state)
{
	(void)state;
	struct sess base[2], now[3];
	memcpy(base, plan1, sizeof(base));
	base[1].st[1] = (struct stmt){ NULL, NULL, 0, 0 };	/* s2b waitlisted */
	memcpy(now, plan1, sizeof(now));
	now[0].st[1] = (struct stmt){ NULL, NULL, 0, 0 };	/* s1b waitlisted */
	/* the name comes from the input ("Org\n3A"), cleaned: a newline in
	 * a name cannot split a line of changes.txt */
	now[2].st[0].organisation = "from the file, not shown";
	struct world w;
	world_init(&w, base, 2,
		   "\"waitlist\": [{\"speaker\": \"s2b\", \"state\": \"S2\", \"reason\": \"full\"}]",
		   now, 3,
		   "\"waitlist\": [{\"speaker\": \"s1b\", \"state\": \"S1\", \"reason\": \"full\"}]");
	assert_true(entry(&w, "ev/S1/s1b@upr-schedule")->cancelled);
	assert_null(entry(&w, "ev/S2/s2b@upr-schedule"));	/* new: SEQUENCE 0 */
	assert_null(entry(&w, "ev/S3@upr-schedule"));
	char *text = changes_text(&w.h);
	assert_string_equal(text,
			    "Alpha: Org 1B waitlisted\n"
			    "Beta: Org 2B added from the waitlist, Tue 12 Dec 10:12-10:19\n"
			    "Gamma: now held on Tue 12 Dec 11:00, Room A\n"
			    "Gamma: Org 3A added, Tue 12 Dec 11:05-11:12\n");
	free(text);
	world_free(&w);
}

static void test_duplicate_speaker(void **state)
{
	(void)state;
	/* a hand-edited baseline names s1a twice in one session: one UID,
	 * the first statement counts, the second is not "withdrawn" */
	struct sess base[1];
	memcpy(base, plan1, sizeof(base));
	base[0].st[2] = (struct stmt){ "s1a", NULL, 7, 0 };
	struct world w;
	world_init(&w, base, 1, NULL, plan1, 1, NULL);
	assert_null(entry(&w, "ev/S1/s1a@upr-schedule"));
	assert_non_null(entry(&w, "ev/S1@upr-schedule"));	/* its order changed */
	for (size_t i = 0; i < w.h.nchanges; i++)
		assert_int_not_equal(w.h.changes[i].kind, UPR_CHANGE_WITHDRAWN);
	world_free(&w);
}

static void test_lenient_reader_limits(void **state)
{
	(void)state;
	struct upr_problem *p = load();
	struct sess base[1];
	memcpy(base, plan1, sizeof(base));
	/* an unknown id must still be an id: it names a calendar file */
	base[0].st[0].speaker = "../x";
	char *b = tt_json(base, 1, NULL);
	struct upr_timetable *t = NULL;
	struct upr_diags d;
	assert_int_equal(read_tt(p, b, UPR_TT_BASELINE, &t, NULL, &d), 1);
	char msg[512];
	upr_diag_format(&d.items[0], msg, sizeof(msg));
	assert_string_equal(msg, "t.json: error: sessions[0].items[1].speaker: '../x' is not a speaker id (letters, digits, '.', '_', '-')");
	upr_diags_release(&d);
	free(b);
	/* a sequence must be a whole number >= 0 */
	b = tt_json(plan1, 1, NULL);
	char *at = strstr(b, "\"items\"");
	assert_non_null(at);
	size_t cut = (size_t)(at - b);
	size_t len = strlen(b);
	char *c = malloc(len + 32);
	assert_non_null(c);
	memcpy(c, b, cut);
	strcpy(c + cut, "\"sequence\": 1.5, ");
	strcat(c, b + cut);
	assert_int_equal(read_tt(p, c, UPR_TT_BASELINE, &t, NULL, &d), 1);
	upr_diag_format(&d.items[0], msg, sizeof(msg));
	assert_string_equal(msg, "t.json: error: sessions[0].sequence: must be a whole number from 0 to 2147483646, got 1.5");
	upr_diags_release(&d);
	free(c);
	free(b);
	upr_problem_free(p);
}

/* The "cancelled" list of a timetable that plan1 without Gamma follows:
 * Gamma's session and statement, cancelled at SEQUENCE 1, and a statement
 * of a speaker and State that the input no longer defines, at 4. */
#define CANCELLED_TAIL \
	"\"cancelled\": [" \
	"{\"state\": \"S3\", \"room\": \"A\", \"start\": \"2017-12-12T11:00:00+01:00\", " \
	"\"end\": \"2017-12-12T12:00:00+01:00\", \"sequence\": 1}, " \
	"{\"state\": \"S3\", \"speaker\": \"s3a\", \"room\": \"A\", \"start\": \"2017-12-12T11:05:00+01:00\", " \
	"\"end\": \"2017-12-12T11:12:00+01:00\", \"sequence\": 1}, " \
	"{\"state\": \"XX\", \"speaker\": \"gone\", \"room\": \"R9\", \"start\": \"2017-12-13T10:05:00+01:00\", " \
	"\"end\": \"2017-12-13T10:10:00+01:00\", \"sequence\": 4}]"

static void test_cancelled_comes_back(void **state)
{
	(void)state;
	struct world w;
	/* Gamma, cancelled by an earlier run, is held again */
	world_init(&w, plan1, 2, CANCELLED_TAIL, plan1, 3, NULL);
	/* the reader keeps the list after the sessions' events */
	assert_int_equal(w.ev.n, 6 + 3);
	assert_true(w.ev.v[6].cancelled);
	assert_null(w.ev.v[6].speaker_id);
	assert_int_equal(w.ev.v[7].speaker, S3A);
	assert_int_equal(w.ev.v[8].speaker, -1);
	assert_string_equal(w.ev.v[8].speaker_id, "gone");
	assert_int_equal(w.ev.v[8].sequence, 4);
	/* back above the cancellation clients hold */
	const char *back[] = { "ev/S3@upr-schedule", "ev/S3/s3a@upr-schedule" };
	for (int i = 0; i < 2; i++) {
		const struct upr_event_history *e = entry(&w, back[i]);
		assert_non_null(e);
		assert_false(e->cancelled);
		assert_int_equal(e->sequence, 2);
		assert_int_equal(e->last_modified, DTSTAMP);
	}
	/* still gone: carried, with its SEQUENCE, in no calendar */
	const struct upr_event_history *e = entry(&w, "ev/XX/gone@upr-schedule");
	assert_non_null(e);
	assert_true(e->cancelled && e->carried);
	assert_int_equal(e->sequence, 4);
	assert_int_equal(e->last_modified, 0);
	assert_int_equal(e->state, -1);
	assert_int_equal(e->speaker, -1);
	assert_string_equal(e->state_id, "XX");
	assert_string_equal(e->room_id, "R9");
	assert_int_equal(w.h.nevents, 3);
	assert_int_equal(w.h.changed, 2);
	assert_int_equal(w.h.cancelled, 0);
	char *text = changes_text(&w.h);
	assert_string_equal(text, "Gamma: now held on Tue 12 Dec 11:00, Room A\n"
				  "Gamma: Org 3A added, Tue 12 Dec 11:05-11:12\n");
	free(text);
	char *ics = ics_text(&w, -1);
	char *ev = vevent(ics, "ev/S3@upr-schedule");
	assert_non_null(ev);
	assert_non_null(strstr(ev, "SEQUENCE:2\r\n"));
	assert_non_null(strstr(ev, "STATUS:CONFIRMED\r\n"));
	free(ev);
	assert_null(strstr(ics, "ev/XX"));
	free(ics);
	/* timetable.json: the returned events' SEQUENCE, the carried record */
	struct upr_export_opts o = { .dtstamp = DTSTAMP, .history = w.h.events, .nhistory = w.h.nevents };
	struct mem m;
	assert_int_equal(upr_export_json_opts(w.p, w.t, &o, mem_open(&m)), 0);
	char *json = mem_close(&m);
	assert_non_null(strstr(json, "\t\"cancelled\":\t[{\n\t\t\t\"state\":\t\"XX\",\n\t\t\t\"speaker\":\t\"gone\",\n"
				     "\t\t\t\"room\":\t\"R9\",\n\t\t\t\"start\":\t\"2017-12-13T10:05:00+01:00\",\n"
				     "\t\t\t\"end\":\t\"2017-12-13T10:10:00+01:00\",\n\t\t\t\"sequence\":\t4\n\t\t}],\n\t\"score\""));
	assert_non_null(strstr(json, "\"state\":\t\"S3\""));
	/* ... which the strict reader takes back, ids unknown to the input and all */
	struct upr_timetable *t = NULL;
	struct upr_tt_events ev2;
	assert_int_equal(read_tt(w.p, json, UPR_TT_STRICT, &t, &ev2, NULL), 0);
	assert_true(ev2.v[ev2.n - 1].cancelled);
	assert_int_equal(ev2.v[ev2.n - 1].sequence, 4);
	upr_timetable_free(t);
	free(json);
	world_free(&w);

	/* a run in which Gamma stays gone carries all three on */
	world_init(&w, plan1, 2, CANCELLED_TAIL, plan1, 2, NULL);
	assert_int_equal(w.h.nevents, 3);
	assert_int_equal(w.h.changed, 0);
	for (size_t i = 0; i < w.h.nevents; i++)
		assert_true(w.h.events[i].carried);
	assert_int_equal(entry(&w, "ev/S3@upr-schedule")->sequence, 1);
	text = changes_text(&w.h);
	assert_string_equal(text, "No changes.\n");
	free(text);
	world_free(&w);
}

/* The error of reading plan1's Alpha with tail, in either mode. */
static void cancelled_error(const char *tail, const char *want)
{
	struct upr_problem *p = load();
	char *b = tt_json(plan1, 1, tail);
	for (int mode = 0; mode < 2; mode++) {
		struct upr_timetable *t = NULL;
		struct upr_diags d;
		assert_int_equal(read_tt(p, b, mode ? UPR_TT_BASELINE : UPR_TT_STRICT, &t, NULL, &d), 1);
		/* the strict reader warns about the display names first */
		size_t i = 0;
		while (i < d.n && d.items[i].severity != UPR_ERROR)
			i++;
		assert_true(i < d.n);
		char msg[512];
		upr_diag_format(&d.items[i], msg, sizeof(msg));
		assert_string_equal(msg, want);
		upr_diags_release(&d);
	}
	free(b);
	upr_problem_free(p);
}

#define AT(start, end) "\"room\": \"A\", \"start\": \"2017-12-12T" start ":00+01:00\", \"end\": \"2017-12-12T" end ":00+01:00\""

static void test_cancelled_reader(void **state)
{
	(void)state;
	cancelled_error("\"cancelled\": [{\"state\": \"../x\", " AT("11:00", "12:00") ", \"sequence\": 1}]",
			"t.json: error: cancelled[0].state: '../x' is not a state id (letters, digits, '.', '_', '-')");
	cancelled_error("\"cancelled\": [{\"state\": \"S3\", " AT("11:00", "12:00") "}]",
			"t.json: error: cancelled[0].sequence: missing");
	cancelled_error("\"cancelled\": [{\"state\": \"S3\", " AT("11:00", "12:00") ", \"sequence\": 0}]",
			"t.json: error: cancelled[0].sequence: must be a whole number from 1 to 2147483646, got 0");
	cancelled_error("\"cancelled\": [{\"state\": \"S3\", " AT("11:00", "11:00") ", \"sequence\": 1}]",
			"t.json: error: cancelled[0].end: must be after start");
	cancelled_error("\"cancelled\": [{\"state\": \"S3\", \"speaker\": 3, " AT("11:00", "12:00") ", \"sequence\": 1}]",
			"t.json: error: cancelled[0].speaker: must be a string");
	cancelled_error("\"cancelled\": [{\"state\": \"S3\", " AT("11:00", "12:00") ", \"sequence\": 1}, "
			"{\"state\": \"S1\", \"speaker\": \"s1a\", " AT("10:05", "10:12") ", \"sequence\": 2}]",
			"t.json: error: cancelled[1]: the statement of speaker 's1a' on 'S1' is in sessions too: an event is live or cancelled, not both");
	cancelled_error("\"cancelled\": [{\"state\": \"S3\", " AT("11:00", "12:00") ", \"sequence\": 1}, "
			"{\"state\": \"S3\", " AT("11:00", "12:00") ", \"sequence\": 2}]",
			"t.json: error: cancelled[1]: the session of 'S3' is cancelled twice (also cancelled[0])");
	cancelled_error("\"cancelled\": {}", "t.json: error: cancelled: must be a list");
	cancelled_error("\"cancelled\": [1]", "t.json: error: cancelled[0]: must be an object");
}

static void test_out_of_memory(void **state)
{
	(void)state;
	struct sess base[4];
	memcpy(base, plan1, sizeof(plan1));
	base[0].st[1] = (struct stmt){ "gone", "Gone Org", 7, 2 };
	base[3] = (struct sess){ "XX", "Xland", "R9", "Room Nine", 13, 10, 1, { { "s1a", NULL, 5, 0 } } };
	struct sess now[2];
	memcpy(now, plan1, sizeof(now));
	now[0].hour = 12;
	struct world w;
	world_init(&w, base, 4,
		   "\"cancelled\": [{\"state\": \"YY\", \"room\": \"A\", \"start\": \"2017-12-13T11:00:00+01:00\", "
		   "\"end\": \"2017-12-13T12:00:00+01:00\", \"sequence\": 3}]",
		   now, 2, NULL);
	assert_true(entry(&w, "ev/YY@upr-schedule")->carried);
	size_t want = w.h.nevents, wantc = w.h.nchanges;
	int ok = 0;
	for (unsigned long n = 1; n < 100000 && !ok; n++) {
		upr_mem_fail_at(n);
		int rc = upr_history_build(&w.h, w.p, w.t, w.base, &w.ev, DTSTAMP);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		if (rc == 0) {
			ok = 1;
			assert_int_equal(w.h.nevents, want);
			assert_int_equal(w.h.nchanges, wantc);
		} else {
			assert_int_equal(w.h.nevents, 0);
			assert_int_equal(w.h.nchanges, 0);
		}
	}
	assert_true(ok);
	/* the writers of the re-plan cope too */
	struct upr_export_opts o = { .dtstamp = DTSTAMP, .history = w.h.events, .nhistory = w.h.nevents };
	for (int writer = 0; writer < 2; writer++) {
		ok = 0;
		for (unsigned long n = 1; n < 100000 && !ok; n++) {
			struct mem m;
			FILE *f = mem_open(&m);
			upr_mem_fail_at(n);
			int rc = writer ? upr_export_json_opts(w.p, w.t, &o, f) : upr_export_changes(&w.h, f);
			upr_mem_fail_at(0);
			free(mem_close(&m));
			assert_true(rc == 0 || rc == -1);
			ok = rc == 0;
		}
		assert_true(ok);
	}
	world_free(&w);
}

int main(void)
{
	/* failure injection reaches cJSON too (util/mem.h) */
	upr_mem_hook_cjson();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_moved),
		cmocka_unit_test(test_sequence_kept_and_raised),
		cmocka_unit_test(test_withdrawn_speaker),
		cmocka_unit_test(test_not_held_and_removed),
		cmocka_unit_test(test_waitlist_and_new_session),
		cmocka_unit_test(test_duplicate_speaker),
		cmocka_unit_test(test_lenient_reader_limits),
		cmocka_unit_test(test_cancelled_comes_back),
		cmocka_unit_test(test_cancelled_reader),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
