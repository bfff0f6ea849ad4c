/*
 * test_load.c - the YAML loader end to end: buffers, files and directories,
 * defaults and derived fields, the limits of docs/reference.md#limits (aliases, nesting,
 * file size), and allocation failure at every step of a load.
 */
#define _XOPEN_SOURCE 700	/* nftw, to clear the temporary directory */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <ftw.h>

#include "load/build.h"
#include "load/ytree.h"
#include "model/model.h"

/* A complete small input: event, room, state, speaker. */
static const char base_event[] =
	"event:\n"
	"  name: UPR Pre-sessions 29 (Geneva)\n"
	"  timezone: Europe/Zurich\n"
	"  days: [2017-12-12, 2017-12-13]\n";
static const char base_rest[] =
	"rooms:\n"
	"  - id: r23\n"
	"states:\n"
	"  - {id: FR, name: France}\n"
	"  - {id: BS, name: Bahamas}\n"
	"speakers:\n"
	"  - {id: s1, organisation: One, states: [FR]}\n";

/* ---- helpers ---- */

struct run {
	struct upr_diags d;
	struct upr_problem *p;
	int rc;
	char text[8192];	/* the diagnostics, one per line */
};

static void collect(struct run *r)
{
	size_t o = 0;
	r->text[0] = '\0';
	for (size_t i = 0; i < r->d.n && o < sizeof(r->text) - 1; i++) {
		char line[512];
		upr_diag_format(&r->d.items[i], line, sizeof(line));
		o += (size_t)snprintf(r->text + o, sizeof(r->text) - o, "%s\n", line);
	}
}

static void load_n(struct run *r, size_t n, const char *const *names, const char *const *texts)
{
	size_t lens[16];
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(texts[i]);
	upr_diags_init(&r->d);
	r->p = NULL;
	r->rc = upr_load_buffers(names, texts, lens, n, &r->p, &r->d);
	collect(r);
	/* The contract of the return value. */
	assert_true((r->rc == 0) == (r->p != NULL));
	assert_true((r->rc == 0) == (r->d.errors == 0));
}

static void load1(struct run *r, const char *text)
{
	const char *names[] = { "t.yaml" };
	load_n(r, 1, names, &text);
}

static void done(struct run *r)
{
	upr_problem_free(r->p);
	upr_diags_release(&r->d);
}

/* base + extra text appended at the end (e.g. more keys of the last entry
 * or more sections). */
static char *with(const char *event_extra, const char *rest_extra)
{
	size_t n = strlen(base_event) + strlen(event_extra) + strlen(base_rest) +
		   strlen(rest_extra) + 1;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%s%s%s%s", base_event, event_extra, base_rest, rest_extra);
	return s;
}

static void expect_ok(struct run *r)
{
	if (r->rc != 0)
		fprintf(stderr, "%s", r->text);
	assert_int_equal(r->rc, 0);
}

/* Loads text and expects exactly the diagnostics want. */
static void expect_diags(const char *text, const char *want)
{
	struct run r;
	load1(&r, text);
	if (strcmp(r.text, want) != 0)
		fprintf(stderr, "got:\n%swant:\n%s", r.text, want);
	assert_string_equal(r.text, want);
	assert_int_equal(r.rc, -1);
	done(&r);
}

static int find_state(const struct upr_problem *p, const char *id)
{
	return upr_problem_state_index(p, id);
}

/* ---- defaults and values ---- */

static void test_defaults(void **state)
{
	(void)state;
	struct run r;
	char *t = with("", "  - {id: s2, organisation: Two, kind: nhri, states: BS}\n");
	load1(&r, t);
	expect_ok(&r);
	const struct upr_problem *p = r.p;
	const struct upr_event *e = &p->event;
	assert_string_equal(e->name, "UPR Pre-sessions 29 (Geneva)");
	assert_string_equal(e->id, "upr-pre-sessions-29-geneva");
	assert_string_equal(e->timezone, "Europe/Zurich");
	assert_null(e->venue);
	assert_int_equal(e->ndays, 2);
	assert_int_equal(e->days[0], upr_days_from_civil(2017, 12, 12));
	assert_int_equal(e->days[1], upr_days_from_civil(2017, 12, 13));
	/* UNOG hours. */
	assert_int_equal(e->nhours, 2);
	assert_int_equal(e->hours[0].start, 600);
	assert_int_equal(e->hours[0].end, 780);
	assert_int_equal(e->hours[1].start, 900);
	assert_int_equal(e->hours[1].end, 1080);
	assert_int_equal(e->session_length, 60);
	assert_int_equal(e->opening, 5);
	assert_int_equal(e->state_statement, 0);
	assert_int_equal(e->questions, 15);
	assert_int_equal(e->gap, 0);
	assert_int_equal(e->grid, 30);
	assert_int_equal(e->min_statements, 1);
	assert_true(e->nhri_first);
	assert_int_equal(e->statement_min, 5);
	assert_int_equal(e->statement_max, 7);
	assert_int_equal(e->travel, 10);
	assert_false(e->waitlist);
	for (int i = 0; i < UPR_W_COUNT; i++) {
		assert_int_equal(e->weights[i], upr_weight_defaults[i]);
		assert_int_equal(e->weight_loc[i].line, 0);
	}
	assert_int_equal(e->loc.line, 2);
	assert_string_equal(e->loc.file, "t.yaml");

	const struct upr_room *rm = &p->rooms[0];
	assert_string_equal(rm->id, "r23");
	assert_string_equal(rm->name, "r23");	/* the id */
	assert_int_equal(rm->capacity, -1);
	assert_int_equal(rm->nlanguages, 1);
	assert_int_equal(rm->languages[0], UPR_LANG_EN);
	assert_false(rm->video);
	assert_false(rm->has_available);
	assert_int_equal(rm->available.n, 0);

	const struct upr_state *fr = &p->states[0];
	assert_false(fr->has_review);
	assert_false(fr->has_start);
	assert_int_equal(fr->room, -1);
	assert_int_equal(fr->prefer.n, 0);
	assert_int_equal(fr->unavailable.n, 0);
	assert_int_equal(fr->nhri, -1);

	const struct upr_speaker *s1 = &p->speakers[0], *s2 = &p->speakers[1];
	assert_int_equal(s1->kind, UPR_KIND_CSO);
	assert_int_equal(s1->language, UPR_LANG_EN);
	assert_false(s1->remote);
	assert_false(s1->has_available);
	assert_int_equal(s1->priority, 5);
	assert_int_equal(s2->kind, UPR_KIND_NHRI);
	assert_int_equal(s2->priority, 9);	/* an NHRI's default */
	assert_int_equal(p->states[1].nhri, 1);

	assert_int_equal(p->nfiles, 1);
	assert_string_equal(p->files[0], "t.yaml");
	assert_int_equal(p->newest_mtime, 0);
	assert_int_equal(p->ndelegations, 0);
	done(&r);
	free(t);
}

static void test_every_key(void **state)
{
	(void)state;
	struct run r;
	const char *text =
		"event:\n"
		"  name: Round\n"
		"  id: ps29\n"
		"  timezone: Europe/Zurich\n"
		"  venue: Palais des Nations\n"
		"  days: {from: 2017-12-12, to: 2017-12-15}\n"
		"  hours: [15:00-18:00, 9:30-13:00]\n"
		"  session: {length: 45, opening: 3, state_statement: 2, questions: 10,\n"
		"            gap: 15, grid: 15, min_statements: 2, nhri_first: no}\n"
		"  statement: {min: 4, max: 6}\n"
		"  travel: 0\n"
		"  waitlist: yes\n"
		"  weights: {clash: 7, review-order: 0}\n"
		"rooms:\n"
		"  - id: r1\n"
		"    name: Room XXIII\n"
		"    capacity: 120\n"
		"    languages: [en, fr, en]\n"
		"    video: true\n"
		"    available: [2017-12-12 10:00-11:00, 2017-12-12 11:00-12:00, 2017-12-14]\n"
		"states:\n"
		"  - id: FR\n"
		"    name: France\n"
		"    review: 2018-01-15 09:00\n"
		"    prefer: [2017-12-13]\n"
		"    unavailable: 2017-12-12 10:00-12:00\n"
		"    room: r1\n"
		"    start: 2017-12-14 15:00\n"
		"speakers:\n"
		"  - id: s1\n"
		"    organisation: One\n"
		"    kind: coalition\n"
		"    states: FR\n"
		"    language: fr\n"
		"    remote: true\n"
		"    available: [2017-12-12, 2017-12-13 10:00-12:00]\n"
		"    unavailable: 2017-12-12 10:00-10:30\n"
		"    priority: 0\n"
		"delegations:\n"
		"  - id: fr\n"
		"    name: Mission of France\n"
		"    state: FR\n";
	load1(&r, text);
	expect_ok(&r);
	const struct upr_problem *p = r.p;
	const struct upr_event *e = &p->event;
	int64_t d12 = upr_days_from_civil(2017, 12, 12);
	assert_string_equal(e->id, "ps29");
	assert_string_equal(e->venue, "Palais des Nations");
	assert_int_equal(e->ndays, 4);
	assert_int_equal(e->days[3], d12 + 3);
	assert_int_equal(e->nhours, 2);	/* sorted */
	assert_int_equal(e->hours[0].start, 570);
	assert_int_equal(e->hours[1].start, 900);
	assert_int_equal(e->session_length, 45);
	assert_int_equal(e->opening, 3);
	assert_int_equal(e->state_statement, 2);
	assert_int_equal(e->questions, 10);
	assert_int_equal(e->gap, 15);
	assert_int_equal(e->grid, 15);
	assert_int_equal(e->min_statements, 2);
	assert_false(e->nhri_first);
	assert_int_equal(e->statement_min, 4);
	assert_int_equal(e->statement_max, 6);
	assert_int_equal(e->travel, 0);
	assert_true(e->waitlist);
	assert_int_equal(e->weights[UPR_W_CLASH], 7);
	assert_int_equal(e->weight_loc[UPR_W_CLASH].line, 13);
	assert_int_equal(e->weight_loc[UPR_W_CLASH].col, 20);
	assert_int_equal(e->weights[UPR_W_REVIEW_ORDER], 0);
	assert_int_equal(e->weights[UPR_W_WAITLIST], 1000);
	assert_int_equal(e->weight_loc[UPR_W_WAITLIST].line, 0);

	const struct upr_room *rm = &p->rooms[0];
	assert_string_equal(rm->name, "Room XXIII");
	assert_int_equal(rm->capacity, 120);
	assert_int_equal(rm->nlanguages, 2);	/* duplicates dropped */
	assert_int_equal(rm->languages[1], UPR_LANG('f', 'r'));
	assert_true(rm->video);
	assert_true(rm->has_available);
	/* Touching windows merge in a set. */
	assert_int_equal(rm->available.n, 2);
	assert_int_equal(rm->available.v[0].start, d12 * 1440 + 600);
	assert_int_equal(rm->available.v[0].end, d12 * 1440 + 720);
	assert_int_equal(rm->available.v[1].start, (d12 + 2) * 1440);
	assert_int_equal(rm->available.v[1].end, (d12 + 3) * 1440);

	const struct upr_state *st = &p->states[0];
	assert_true(st->has_review);
	assert_int_equal(st->review, upr_days_from_civil(2018, 1, 15) * 1440 + 540);
	assert_int_equal(st->prefer.n, 1);
	assert_int_equal(st->unavailable.n, 1);
	assert_int_equal(st->room, 0);
	assert_true(st->has_start);
	assert_int_equal(st->start, (d12 + 2) * 1440 + 900);
	assert_int_equal(st->room_loc.line, 27);
	assert_int_equal(st->start_loc.line, 28);

	const struct upr_speaker *s = &p->speakers[0];
	assert_int_equal(s->kind, UPR_KIND_COALITION);
	assert_int_equal(s->language, UPR_LANG('f', 'r'));
	assert_true(s->remote);
	assert_true(s->has_available);
	assert_int_equal(s->available.n, 2);
	assert_int_equal(s->available.v[0].end, (d12 + 1) * 1440);
	assert_int_equal(s->available.v[1].end, (d12 + 1) * 1440 + 720);
	assert_int_equal(s->unavailable.n, 1);
	assert_int_equal(s->priority, 0);

	const struct upr_delegation *g = &p->delegations[0];
	assert_int_equal(g->state, 0);
	assert_string_equal(g->state_id, "FR");
	assert_int_equal(g->nfollows, 1);	/* its own State */
	assert_int_equal(g->follows[0], 0);
	done(&r);
}

static void test_scalar_as_list(void **state)
{
	(void)state;
	struct run r;
	const char *text =
		"event: {name: E, timezone: UTC, days: 2017-12-12, hours: 10:00-12:00}\n"
		"rooms: [{id: r, languages: fr, available: 2017-12-12}]\n"
		"states: [{id: A, name: A, prefer: 2017-12-12, unavailable: 2017-12-12 10:00-11:00}]\n"
		"speakers: [{id: s, organisation: O, states: A, available: 2017-12-12 10:00-11:00}]\n"
		"delegations: [{id: d, name: D, follows: A}]\n";
	load1(&r, text);
	expect_ok(&r);
	assert_int_equal(r.p->event.ndays, 1);
	assert_int_equal(r.p->event.nhours, 1);
	assert_int_equal(r.p->rooms[0].nlanguages, 1);
	assert_int_equal(r.p->rooms[0].available.n, 1);
	assert_int_equal(r.p->states[0].prefer.n, 1);
	assert_int_equal(r.p->speakers[0].nstates, 1);
	assert_int_equal(r.p->delegations[0].nfollows, 1);
	done(&r);
}

static void test_empty_values(void **state)
{
	(void)state;
	struct run r;
	/* An empty value where a list goes is an empty list. */
	char *t = with("", "delegations:\n"
			   "  - {id: d, name: D, follows: }\n"
			   "  - {id: e, name: E, follows: [], state: XX}\n");
	load1(&r, t);
	expect_ok(&r);
	assert_int_equal(r.p->delegations[0].nfollows, 0);
	/* A State not under review is kept by name only. */
	assert_int_equal(r.p->delegations[1].state, -1);
	assert_string_equal(r.p->delegations[1].state_id, "XX");
	assert_int_equal(r.p->delegations[1].nfollows, 0);
	done(&r);
	free(t);
}

static void test_text_decides_type(void **state)
{
	(void)state;
	struct run r;
	/* Types come from what the key expects, not from YAML's implicit
	 * typing; tags are ignored; empty sub-mappings mean defaults. */
	const char *text =
		"event:\n"
		"  name: 2017\n"
		"  timezone: !!str UTC\n"
		"  days: 2017-12-12\n"
		"  hours: [10:00-12:00, 12:00-14:00]\n"
		"  session:\n"
		"  statement:\n"
		"  weights:\n"
		"rooms: [{id: r, capacity: \"120\"}]\n"
		"states: [{id: NO, name: Norway}, {id: 010, name: yes}]\n"
		"speakers: [{id: s, organisation: O, kind: nhri, states: [NO], priority: 3}]\n";
	load1(&r, text);
	expect_ok(&r);
	const struct upr_problem *p = r.p;
	char *t;
	assert_string_equal(p->event.name, "2017");
	assert_string_equal(p->event.id, "2017");
	assert_int_equal(p->event.session_length, 60);
	assert_int_equal(p->event.statement_max, 7);
	/* Touching hours stay two windows (each has its own grid). */
	assert_int_equal(p->event.nhours, 2);
	assert_int_equal(p->rooms[0].capacity, 120);
	assert_string_equal(p->states[0].id, "NO");
	assert_string_equal(p->states[1].id, "010");
	assert_string_equal(p->states[1].name, "yes");
	assert_int_equal(p->speakers[0].priority, 3);	/* written: kept, even for an NHRI */
	done(&r);

	/* A derived id stops after the last whole word that fits in 64. */
	char buf[1024];
	snprintf(buf, sizeof(buf),
		 "event:\n"
		 "  name: Ab_Pre-sessions 29 of the Universal Periodic Review, Palais des "
		 "Nations, Geneva\n"
		 "  timezone: UTC\n"
		 "  days: 2017-12-12\n%s", base_rest);
	load1(&r, buf);
	expect_ok(&r);
	assert_string_equal(r.p->event.id,
			    "ab-pre-sessions-29-of-the-universal-periodic-review-palais-des");
	done(&r);

	t = with("  hours: [10:00-10:30]\n", "");
	expect_diags(t, "t.yaml:5:10: error: session of 60 minutes is longer than every window "
			"of 'hours' (the longest is 30 minutes)\n");
	free(t);
	t = with("", "x: &x {id: a}\ndelegations: [{<<: *x, name: D}]\n");
	expect_diags(t, "t.yaml:12:1: error: unknown key 'x'\n"
			"t.yaml:13:15: error: missing required key 'id' in delegation\n"
			"t.yaml:13:16: error: unknown key '<<'\n");
	free(t);
}

/* An event id derived from a name without ASCII letters or digits is
 * "event-" and a hash of the name: stable, and distinct for two names. */
static const char *event_id_of(struct run *r, const char *name)
{
	char buf[1024];
	snprintf(buf, sizeof(buf),
		 "event:\n  name: \"%s\"\n  timezone: UTC\n  days: 2017-12-12\n%s", name,
		 base_rest);
	load1(r, buf);
	expect_ok(r);
	return r->p->event.id;
}

static void test_event_id_without_ascii(void **state)
{
	(void)state;
	static const char *const names[] = {
		"\u041f\u0440\u0435\u0434\u0441\u0435\u0441\u0441\u0438\u0438",
		"\u041f\u0440\u0435\u0434\u0441\u0435\u0441\u0441\u0438\u044f",
		"\u9810\u5099\u4f1a\u8b70",
	};
	char ids[3][80];
	for (size_t i = 0; i < 3; i++) {
		struct run r;
		const char *id = event_id_of(&r, names[i]);
		assert_int_equal(strlen(id), strlen("event-") + 8);
		assert_memory_equal(id, "event-", 6);
		assert_int_equal(strspn(id + 6, "0123456789abcdef"), 8);
		snprintf(ids[i], sizeof(ids[i]), "%s", id);
		done(&r);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(ids[i], ids[j]);
		/* the same name, the same id */
		assert_string_equal(event_id_of(&r, names[i]), ids[i]);
		done(&r);
	}
}

static void test_messages_stay_one_line(void **state)
{
	(void)state;
	char *t = with("", "  - {id: s2, organisation: O, states: FR, kind: \"a\\nb\\tc"
			   "0123456789012345678901234567890123456789\"}\n");
	expect_diags(t, "t.yaml:12:49: error: 'kind' must be 'nhri', 'cso' or 'coalition', "
			"got 'a\\nb\\tc01234567890123456789012345678901234...'\n");
	free(t);
	/* other control characters are refused where the string is read */
	t = with("", "  - {id: s2, organisation: O, states: FR, kind: \"a\\x01b\"}\n");
	expect_diags(t, "t.yaml:12:49: error: control characters are not allowed (0x01)\n");
	free(t);
	t = with("", "  - {id: s2, organisation: O, states: FR, available: []}\n");
	expect_diags(t, "t.yaml:12:54: error: 'available' must not be empty\n");
	free(t);
	expect_diags("rooms: r1\n", "t.yaml:1:8: error: 'rooms' must hold mappings, got 'r1'\n");
}

/* ---- several files ---- */

static void test_merge_buffers(void **state)
{
	(void)state;
	struct run r;
	const char *names[] = { "a.yaml", "b.yaml", "c.yaml" };
	const char *texts[] = {
		"event: {name: E, timezone: Europe/Zurich, days: [2017-12-12]}\n"
		"states:\n"
		"  - {id: A, name: A}\n"
		"  - {id: B, name: B}\n"
		"speakers:\n"
		"  - {id: s1, organisation: O1, states: [B, A]}\n"
		"delegations:\n"
		"  - {id: da, name: DA, state: A, follows: [B, A, B]}\n",

		"rooms: [{id: r1}]\n"
		"speakers:\n"
		"  - {id: s2, organisation: O2, kind: nhri, states: [A]}\n"
		"  - {id: s3, organisation: O3, states: [C, A]}\n"
		"delegations:\n"
		"  - {id: dc, name: DC, state: C, follows: [A]}\n",

		"rooms: [{id: r2}]\n"
		"states:\n"
		"  - {id: C, name: C}\n"
		"speakers:\n"
		"  - {id: s4, organisation: O4, states: A}\n",
	};
	load_n(&r, 3, names, texts);
	expect_ok(&r);
	const struct upr_problem *p = r.p;
	/* Lists concatenated in file order. */
	assert_int_equal(p->nrooms, 2);
	assert_string_equal(p->rooms[1].id, "r2");
	assert_int_equal(p->nstates, 3);
	assert_string_equal(p->states[2].id, "C");
	assert_int_equal(p->nspeakers, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(p->speakers[i].order, i);
	assert_int_equal(p->nfiles, 3);
	assert_string_equal(p->files[2], "c.yaml");
	assert_string_equal(p->states[2].loc.file, "c.yaml");
	/* State A's speakers in input order across files. */
	int a = find_state(p, "A");
	int c = find_state(p, "C");
	assert_int_equal(p->states[a].nspeakers, 4);
	int want[] = { 0, 1, 2, 3 };
	for (int i = 0; i < 4; i++)
		assert_int_equal(p->states[a].speakers[i], want[i]);
	assert_int_equal(p->states[a].nhri, 1);
	assert_int_equal(p->states[c].nspeakers, 1);
	assert_int_equal(p->states[c].speakers[0], 2);
	/* A speaker's States in the order written. */
	assert_int_equal(p->speakers[2].states[0], c);
	assert_int_equal(p->speakers[2].states[1], a);
	/* follows: unique, own State included once. */
	const struct upr_delegation *da = &p->delegations[0], *dc = &p->delegations[1];
	assert_int_equal(da->state, a);
	assert_int_equal(da->nfollows, 2);
	assert_int_equal(da->follows[0], find_state(p, "B"));
	assert_int_equal(da->follows[1], a);
	/* A State defined in a later file. */
	assert_int_equal(dc->state, c);
	assert_int_equal(dc->nfollows, 2);
	assert_int_equal(dc->follows[0], a);
	assert_int_equal(dc->follows[1], c);
	/* The id maps. */
	assert_int_equal(upr_problem_room_index(p, "r2"), 1);
	assert_int_equal(upr_problem_speaker_index(p, "s3"), 2);
	assert_int_equal(upr_problem_delegation_index(p, "dc"), 1);
	assert_int_equal(upr_problem_state_index(p, "ZZ"), -1);
	done(&r);
}

static void test_event_twice(void **state)
{
	(void)state;
	struct run r;
	const char *names[] = { "a.yaml", "b.yaml" };
	char *a = with("", "");
	const char *texts[] = { a, "event: {name: F, timezone: UTC, days: 2017-12-12}\n" };
	load_n(&r, 2, names, texts);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text, "b.yaml:1:1: error: key 'event' is already given at a.yaml:1:1\n");
	done(&r);
	free(a);
}

static void test_errors_sorted_across_files(void **state)
{
	(void)state;
	struct run r;
	const char *names[] = { "b.yaml", "a.yaml" };
	char *a = with("", "");
	const char *texts[] = {
		"rooms: [{id: r9, capacity: -1}]\n",
		a,
	};
	/* Replace the speaker's state by one that does not exist. */
	char *p = strstr(a, "states: [FR]");
	memcpy(p, "states: [FX]", 12);
	load_n(&r, 2, names, texts);
	assert_string_equal(r.text,
			    "a.yaml:11:42: error: state 'FX' is not defined (did you mean 'FR'?)\n"
			    "b.yaml:1:28: error: 'capacity' must be between 1 and 1000000, got '-1'\n");
	done(&r);
	free(a);
}

static void test_syntax_error_stops_cross_file_checks(void **state)
{
	(void)state;
	struct run r;
	const char *names[] = { "a.yaml", "b.yaml" };
	/* The States are in the broken file: the speaker's reference to FR
	 * must not add a second error. */
	const char *texts[] = {
		"states:\n  - {id: FR, name: France\n",
		"event: {name: E, timezone: UTC, days: 2017-12-12}\n"
		"rooms: [{id: r}]\n"
		"speakers: [{id: s, organisation: O, states: FR, priority: 11}]\n",
	};
	load_n(&r, 2, names, texts);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text,
			    "a.yaml:3:1: error: did not find expected ',' or '}' "
			    "(while parsing a flow mapping at line 2, column 5)\n"
			    "b.yaml:3:59: error: 'priority' must be between 0 and 9, got '11'\n");
	done(&r);
}

/* ---- aliases and limits ---- */

static void test_aliases_fine(void **state)
{
	(void)state;
	struct run r;
	const char *text =
		"event:\n"
		"  name: E\n"
		"  timezone: UTC\n"
		"  days: &days [2017-12-12, 2017-12-13]\n"
		"rooms:\n"
		"  - {id: r1, available: &avail [2017-12-12 10:00-13:00]}\n"
		"  - {id: r2, available: *avail}\n"
		"states:\n"
		"  - &st {id: A, name: &nm Aland}\n"
		"  - {id: B, name: *nm, prefer: *days}\n"
		"speakers:\n"
		"  - {id: s1, organisation: O, states: &both [A, B], available: *avail}\n"
		"  - {id: s2, organisation: O, states: *both}\n";
	load1(&r, text);
	expect_ok(&r);
	assert_int_equal(r.p->rooms[1].available.n, 1);
	assert_string_equal(r.p->states[1].name, "Aland");
	assert_int_equal(r.p->states[1].prefer.n, 1);	/* two whole days, merged */
	assert_int_equal(r.p->states[0].nspeakers, 2);
	assert_int_equal(r.p->states[1].nspeakers, 2);
	done(&r);
}

static void test_alias_errors(void **state)
{
	(void)state;
	char *t = with("", "delegations:\n"
			   "  - {id: d, name: *nope}\n"
			   "  - {id: e, name: &x [*x]}\n");
	expect_diags(t, "t.yaml:13:19: error: alias '*nope' is not defined\n"
			"t.yaml:14:19: error: 'name' must be a string, got a list\n"
			"t.yaml:14:23: error: alias '*x' is used inside its own anchor\n");
	free(t);
	/* An error inside an anchor is reported once, however often used. */
	t = with("", "  - {id: s2, organisation: O, states: FR, available: &a [2017-02-30]}\n"
		     "  - {id: s3, organisation: O, states: FR, available: *a}\n"
		     "  - {id: s4, organisation: O, states: FR, available: *a}\n");
	expect_diags(t, "t.yaml:12:58: error: date '2017-02-30' does not exist\n");
	free(t);
}

/* A billion laughs: each level nine aliases to the one before. */
static char *laughs(int levels)
{
	size_t cap = 4096;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t o = (size_t)snprintf(s, cap, "%s%sx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
				    base_event, base_rest);
	for (int i = 1; i < levels; i++) {
		o += (size_t)snprintf(s + o, cap - o, "x%d: &x%d [", i, i);
		for (int j = 0; j < 9; j++)
			o += (size_t)snprintf(s + o, cap - o, "%s*x%d", j ? ", " : "", i - 1);
		o += (size_t)snprintf(s + o, cap - o, "]\n");
	}
	return s;
}

static void test_alias_bomb(void **state)
{
	(void)state;
	struct run r;
	char *t = laughs(10);
	clock_t t0 = clock();
	load1(&r, t);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(r.rc, -1);
	/* 10 * 9^5 > 100000: stops at the sixth level. */
	assert_string_equal(r.text, "t.yaml:17:10: error: aliases expand to more than 100000 nodes\n");
	assert_true(secs < 2.0);
	done(&r);
	free(t);
}

static char *nested(int depth)
{
	/* base + "x: [[...]]" with depth levels in all, the mapping of the
	 * file being the first. */
	size_t n = strlen(base_event) + strlen(base_rest) + 2 * (size_t)depth + 16;
	char *s = malloc(n);
	assert_non_null(s);
	size_t o = (size_t)snprintf(s, n, "%s%sx: ", base_event, base_rest);
	for (int i = 1; i < depth; i++)
		s[o++] = '[';
	for (int i = 1; i < depth; i++)
		s[o++] = ']';
	s[o++] = '\n';
	s[o] = '\0';
	return s;
}

static void test_nesting(void **state)
{
	(void)state;
	/* 64 levels are read (the unknown key is the only complaint). */
	char *t = nested(64);
	expect_diags(t, "t.yaml:12:1: error: unknown key 'x'\n");
	free(t);
	t = nested(65);
	expect_diags(t, "t.yaml:12:67: error: nesting deeper than 64 levels\n");
	free(t);
	/* Through an alias: the anchored list is 62 levels high; used one
	 * level down it reaches 64, two levels down 65. */
	static const char *const uses[] = { "z: [*y]\n", "z: [[*y]]\n" };
	for (int k = 0; k < 2; k++) {
		size_t n = strlen(base_event) + strlen(base_rest) + 200;
		char *u = malloc(n);
		assert_non_null(u);
		size_t o = (size_t)snprintf(u, n, "%s%sy: &y ", base_event, base_rest);
		for (int i = 0; i < 62; i++)
			u[o++] = '[';
		for (int i = 0; i < 62; i++)
			u[o++] = ']';
		snprintf(u + o, n - o, "\n%s", uses[k]);
		expect_diags(u, k == 0 ? "t.yaml:12:1: error: unknown key 'y'\n"
					 "t.yaml:13:1: error: unknown key 'z'\n"
				       : "t.yaml:13:6: error: nesting deeper than 64 levels\n");
		free(u);
	}
}

static void test_deep_brackets(void **state)
{
	(void)state;
	size_t n = 100000;
	char *t = malloc(n + 8);
	assert_non_null(t);
	memcpy(t, "x: ", 3);
	memset(t + 3, '[', n);
	t[n + 3] = '\0';
	struct run r;
	load1(&r, t);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text, "t.yaml:1:67: error: nesting deeper than 64 levels\n");
	done(&r);
	free(t);
}

static void test_tree_limits(void **state)
{
	(void)state;
	/* The tree reader alone: 64 levels give a tree of height 64. */
	char text[200];
	size_t o = 0;
	for (int i = 0; i < 64; i++)
		text[o++] = '[';
	for (int i = 0; i < 64; i++)
		text[o++] = ']';
	text[o] = '\0';
	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_ydoc doc;
	assert_int_equal(upr_ytree_parse(&doc, "t", text, o, &d), UPR_YAML_OK);
	assert_int_equal(doc.root.height, 64);
	assert_int_equal(doc.root.size, 64);
	assert_int_equal(d.n, 0);
	upr_ytree_release(&doc);
	/* Sizes count expanded aliases. */
	const char *al = "a: &a [1, 2]\nb: [*a, *a]\n";
	assert_int_equal(upr_ytree_parse(&doc, "t", al, strlen(al), &d), UPR_YAML_OK);
	assert_int_equal(doc.root.size, 1 + 1 + 3 + 1 + (1 + 3 + 3));
	assert_int_equal(doc.root.u.items[3].u.items[1].n, 2);
	assert_int_equal(doc.root.u.items[3].u.items[1].line, 2);
	assert_int_equal(doc.root.u.items[3].u.items[1].col, 9);
	upr_ytree_release(&doc);
	upr_diags_release(&d);
}

static void test_bad_text(void **state)
{
	(void)state;
	char *t = with("", "");
	char *p = strstr(t, "name: France");
	memcpy(p, "name: \"\\0ab\"", 12);	/* a NUL escape */
	expect_diags(t, "t.yaml:8:20: error: string contains a NUL character ('\\0')\n");
	free(t);

	t = with("", "");
	p = strstr(t, "One");
	p[1] = (char)0xC3;	/* a lead byte without its continuation */
	expect_diags(t, "t.yaml:11:30: error: invalid trailing UTF-8 octet (0x65)\n");
	free(t);

	expect_diags("", "t.yaml: error: file is empty\n");
	expect_diags("# nothing here\n", "t.yaml: error: file is empty\n");
	expect_diags("---\n...\n", "t.yaml: error: file is empty\n");
	t = with("", "---\nrooms: []\n");
	expect_diags(t, "t.yaml:12:1: error: more than one document in one file\n");
	free(t);
}

static void test_missing_sections(void **state)
{
	(void)state;
	expect_diags("rooms: []\n",
		     "error: no 'event' in the input (one file must have it)\n"
		     "error: no room in the input (at least one is needed)\n"
		     "error: no state in the input (at least one is needed)\n");
}

/* ---- files and directories ---- */

static char tmpdir[64];

static void write_file(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/upr-test-load-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int teardown_dir(void **state)
{
	(void)state;
	/* Depth first, so directories are empty when removed. */
	return nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void load_paths(struct run *r, size_t n, const char *const *paths)
{
	upr_diags_init(&r->d);
	r->p = NULL;
	r->rc = upr_load(paths, n, &r->p, &r->d);
	collect(r);
}

static void test_directory(void **state)
{
	(void)state;
	char path[256], sub[256];
	snprintf(sub, sizeof(sub), "%s/in", tmpdir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file("in/event.yaml", "event: {name: E, timezone: UTC, days: 2017-12-12}\n");
	write_file("in/rooms.yml", "rooms: [{id: r1}]\n");
	write_file("in/states.yaml", "states: [{id: A, name: A}, {id: B, name: B}]\n");
	write_file("in/speakers.yaml", "speakers: [{id: s1, organisation: O, states: B}]\n");
	write_file("in/Speakers2.yaml", "speakers: [{id: s0, organisation: O, states: A}]\n");
	write_file("in/notes.txt", "not: yaml: at all\n");
	write_file("in/.hidden.yaml", "garbage: [\n");
	snprintf(path, sizeof(path), "%s/in/dir.yaml", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file("extra.yaml", "rooms: [{id: r2}]\n");

	/* The directory twice (with a trailing slash) and a file inside it:
	 * each file is read once. */
	char dir2[256], inner[256], extra[256];
	snprintf(dir2, sizeof(dir2), "%s/in/", tmpdir);
	snprintf(inner, sizeof(inner), "%s/in/rooms.yml", tmpdir);
	snprintf(extra, sizeof(extra), "%s/extra.yaml", tmpdir);
	const char *paths[] = { sub, extra, dir2, inner };
	struct run r;
	load_paths(&r, 4, paths);
	expect_ok(&r);
	const struct upr_problem *p = r.p;
	/* Byte order: 'S' (0x53) before 'e', 'r', 's'. */
	static const char *const order[] = {
		"Speakers2.yaml", "event.yaml", "rooms.yml", "speakers.yaml", "states.yaml",
	};
	assert_int_equal(p->nfiles, 6);
	for (int i = 0; i < 5; i++) {
		char want[256];
		snprintf(want, sizeof(want), "%s/in/%s", tmpdir, order[i]);
		assert_string_equal(p->files[i], want);
	}
	assert_string_equal(p->files[5], extra);
	assert_int_equal(p->nrooms, 2);
	assert_string_equal(p->speakers[0].id, "s0");
	assert_int_equal(p->states[0].nspeakers, 1);
	struct stat st;
	assert_int_equal(stat(inner, &st), 0);
	assert_true(p->newest_mtime >= (int64_t)st.st_mtime);
	assert_true(p->newest_mtime > 0);
	done(&r);

	/* Names in diagnostics are the path joined with the entry name. */
	write_file("in/states.yaml", "states: [{id: A, name: A}, {id: B}]\n");
	const char *one[] = { dir2 };
	load_paths(&r, 1, one);
	char want[512];
	snprintf(want, sizeof(want), "%s/in/states.yaml:1:28: error: missing required key 'name' in state\n",
		 tmpdir);
	assert_string_equal(r.text, want);
	done(&r);
}

static void test_bad_paths(void **state)
{
	(void)state;
	char empty[128], missing[128];
	snprintf(empty, sizeof(empty), "%s/empty", tmpdir);
	snprintf(missing, sizeof(missing), "%s/missing.yaml", tmpdir);
	assert_int_equal(mkdir(empty, 0700), 0);
	const char *paths[] = { empty, missing };
	struct run r;
	load_paths(&r, 2, paths);
	assert_int_equal(r.rc, -1);
	char want[1024];
	snprintf(want, sizeof(want),
		 "%s: error: directory holds no .yaml or .yml file\n"
		 "%s: error: cannot read file: no such file or directory\n", empty, missing);
	assert_string_equal(r.text, want);
	done(&r);
}

static void test_file_size_limit(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof(path), "%s/big.yaml", tmpdir);
	/* Exactly the limit: a valid input padded with a comment. */
	char *t = with("", "");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(t, f);
	long used = (long)strlen(t);
	fputs("#", f);
	for (long i = used + 1; i < (long)UPR_MAX_FILE_SIZE - 1; i++)
		fputc('x', f);
	fputc('\n', f);
	fclose(f);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, UPR_MAX_FILE_SIZE);
	const char *paths[] = { path };
	struct run r;
	load_paths(&r, 1, paths);
	expect_ok(&r);
	done(&r);

	/* One byte more is refused, from its size. */
	assert_int_equal(truncate(path, (off_t)UPR_MAX_FILE_SIZE + 1), 0);
	load_paths(&r, 1, paths);
	assert_int_equal(r.rc, -1);
	char want[512];
	snprintf(want, sizeof(want), "%s: error: file is larger than 16 MiB\n", path);
	assert_string_equal(r.text, want);
	done(&r);

	/* A sparse gigabyte is refused just as fast: never read. */
	assert_int_equal(truncate(path, (off_t)1 << 30), 0);
	clock_t t0 = clock();
	load_paths(&r, 1, paths);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	assert_string_equal(r.text, want);
	done(&r);
	unlink(path);

	/* The same limit on buffers: the text is not even looked at. */
	const char *names[] = { "huge.yaml" };
	const char *bufs[] = { t };
	size_t lens[] = { (size_t)UPR_MAX_FILE_SIZE + 1 };
	upr_diags_init(&r.d);
	r.p = NULL;
	assert_int_equal(upr_load_buffers(names, bufs, lens, 1, &r.p, &r.d), -1);
	collect(&r);
	assert_string_equal(r.text, "huge.yaml: error: file is larger than 16 MiB\n");
	done(&r);
	free(t);
}

/* ---- scale and memory ---- */

static void test_many_speakers(void **state)
{
	(void)state;
	/* 100,000 speakers over 200 States: loading must stay linear. */
	size_t cap = 12u * 1024 * 1024, o = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	o += (size_t)snprintf(t + o, cap - o,
			      "event: {name: E, timezone: UTC, days: 2017-12-12}\n"
			      "rooms: [{id: r}]\nstates:\n");
	for (int s = 0; s < 200; s++)
		o += (size_t)snprintf(t + o, cap - o, "- {id: S%d, name: State %d}\n", s, s);
	o += (size_t)snprintf(t + o, cap - o, "speakers:\n");
	for (int i = 0; i < 100000; i++)
		o += (size_t)snprintf(t + o, cap - o,
				      "- {id: p%d, organisation: Org %d, states: [S%d, S%d]}\n",
				      i, i, i % 200, (i + 1) % 200);
	assert_true(o < cap);
	struct run r;
	clock_t t0 = clock();
	load1(&r, t);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("100000 speakers: %.2f s\n", secs);
	expect_ok(&r);
	assert_int_equal(r.p->nspeakers, 100000);
	assert_int_equal(r.p->states[0].nspeakers, 1000);
	assert_int_equal(r.p->states[0].speakers[0], 0);
	assert_int_equal(r.p->states[0].speakers[1], 199);
	/* Generous: quadratic work would take minutes. */
	assert_true(secs < 20.0);
	done(&r);
	free(t);
}

static void test_entity_limit(void **state)
{
	(void)state;
	/* One room more than UPR_MAX_ENTITIES, over two files: refused once,
	 * at the first room too many. */
	size_t per = UPR_MAX_ENTITIES / 2 + 1, cap = per * 24 + 256;
	char *t[2];
	for (int f = 0; f < 2; f++) {
		t[f] = malloc(cap);
		assert_non_null(t[f]);
		size_t o = 0;
		if (f == 0)
			o += (size_t)snprintf(t[f] + o, cap - o, "%s", base_event);
		o += (size_t)snprintf(t[f] + o, cap - o, "rooms:\n");
		for (size_t i = 0; i < per; i++)
			o += (size_t)snprintf(t[f] + o, cap - o, "- {id: r%zu}\n", f * per + i);
	}
	const char *names[] = { "a.yaml", "b.yaml" };
	const char *texts[] = { t[0], t[1] };
	struct run r;
	load_n(&r, 2, names, texts);
	char want[128];
	snprintf(want, sizeof(want), "b.yaml:%zu:3: error: more than %d rooms\n",
		 UPR_MAX_ENTITIES - per + 2, UPR_MAX_ENTITIES);
	assert_string_equal(r.text, want);
	done(&r);
	free(t[0]);
	free(t[1]);
}

static void test_allocation_failure(void **state)
{
	(void)state;
	const char *names[] = { "a.yaml", "b.yaml" };
	char *a = with("  hours: [10:00-13:00]\n  weights: {clash: 3}\n",
		       "  - {id: s2, organisation: Two, kind: nhri, states: [BS, FR],"
		       " available: &av [2017-12-12]}\n");
	const char *texts[] = {
		a,
		"rooms: [{id: r2, languages: [en, fr], available: [2017-12-12 10:00-12:00]}]\n"
		"states: [{id: TO, name: Tonga, prefer: 2017-12-13, start: 2017-12-12 10:00}]\n"
		"delegations: [{id: d, name: D, state: TO, follows: [FR, BS]}, {id: e, name: E}]\n",
	};
	struct run r;
	upr_mem_fail_at(0);
	load_n(&r, 2, names, texts);
	unsigned long count = upr_mem_count();
	expect_ok(&r);
	done(&r);
	assert_true(count > 10);
	for (unsigned long n = 1; n <= count + 1; n++) {
		upr_mem_fail_at(n);
		struct upr_diags d;
		struct upr_problem *p = NULL;
		size_t lens[2] = { strlen(texts[0]), strlen(texts[1]) };
		upr_diags_init(&d);
		int rc = upr_load_buffers(names, texts, lens, 2, &p, &d);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		assert_true((rc == 0) == (p != NULL));
		/* A failed load says why: the message, or that it could not
		 * even be stored. */
		if (rc != 0)
			assert_true(d.oom || (d.n > 0 && strstr(d.items[0].message, "out of memory")));
		upr_problem_free(p);
		upr_diags_release(&d);
	}
	free(a);
}

static void test_allocation_failure_files(void **state)
{
	(void)state;
	char dir[160], file[160];
	snprintf(dir, sizeof(dir), "%s/d", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	char *a = with("", "");
	write_file("d/a.yaml", a);
	write_file("d/b.yml", "delegations: [{id: d, name: D, follows: FR}]\n");
	write_file("c.yaml", "rooms: [{id: r2}]\n");
	snprintf(file, sizeof(file), "%s/c.yaml", tmpdir);
	const char *paths[] = { dir, file, dir };
	struct run r;
	upr_mem_fail_at(0);
	load_paths(&r, 3, paths);
	unsigned long count = upr_mem_count();
	expect_ok(&r);
	assert_int_equal(r.p->nfiles, 3);
	done(&r);
	for (unsigned long n = 1; n <= count + 1; n++) {
		struct upr_diags d;
		struct upr_problem *p = NULL;
		upr_diags_init(&d);
		upr_mem_fail_at(n);
		int rc = upr_load(paths, 3, &p, &d);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		assert_true((rc == 0) == (p != NULL));
		upr_problem_free(p);
		upr_diags_release(&d);
	}
	free(a);
}

int main(void)
{
	/* failure injection reaches cJSON too (util/mem.h) */
	upr_mem_hook_cjson();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_scalar_as_list),
		cmocka_unit_test(test_empty_values),
		cmocka_unit_test(test_text_decides_type),
		cmocka_unit_test(test_event_id_without_ascii),
		cmocka_unit_test(test_messages_stay_one_line),
		cmocka_unit_test(test_merge_buffers),
		cmocka_unit_test(test_event_twice),
		cmocka_unit_test(test_errors_sorted_across_files),
		cmocka_unit_test(test_syntax_error_stops_cross_file_checks),
		cmocka_unit_test(test_aliases_fine),
		cmocka_unit_test(test_alias_errors),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_deep_brackets),
		cmocka_unit_test(test_tree_limits),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_missing_sections),
		cmocka_unit_test_setup_teardown(test_directory, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_bad_paths, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_file_size_limit, setup_dir, teardown_dir),
		cmocka_unit_test(test_many_speakers),
		cmocka_unit_test(test_entity_limit),
		cmocka_unit_test(test_allocation_failure),
		cmocka_unit_test_setup_teardown(test_allocation_failure_files, setup_dir,
						teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
