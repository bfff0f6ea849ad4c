/*
 * test_check.c - the checker on hand-built timetables: every score component
 * with known counts, and every hard constraint broken on purpose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "upr/upr.h"

static const char *const base_yaml =
	"event:\n"
	"  name: Test round\n"
	"  id: t\n"
	"  timezone: Europe/Zurich\n"
	"  days: [2017-12-12, 2017-12-13, 2017-12-14]\n"
	"  hours: [10:00-13:00, 15:00-18:00]\n"
	"  session: {length: 60, opening: 5, questions: 15, grid: 30, gap: 0}\n"
	"  statement: {min: 5, max: 7}\n"
	"  travel: 10\n"
	"  waitlist: true\n"
	"rooms:\n"
	"  - {id: r1, name: Room One, languages: [en, fr], video: true}\n"
	"  - {id: r2, name: Room Two, available: [2017-12-12, 2017-12-13 10:00-12:00]}\n"
	"states:\n"
	"  - {id: A, name: Aland, review: 2018-01-15 09:00, unavailable: 2017-12-14 15:00-18:00}\n"
	"  - {id: B, name: Bland, review: 2018-01-16 09:00, prefer: 2017-12-13}\n"
	"  - {id: C, name: Cland, review: 2018-01-17 09:00}\n"
	"  - {id: D, name: Dland}\n"
	"  - {id: P, name: Pinned, room: r1, start: 2017-12-14 10:00}\n"
	"speakers:\n"
	"  - {id: a1, organisation: A One, kind: nhri, states: A}\n"
	"  - {id: a2, organisation: A Two, states: A, priority: 3}\n"
	"  - {id: a3, organisation: A Three, states: A, language: fr}\n"
	"  - {id: b1, organisation: B One, states: [B], available: 2017-12-13}\n"
	"  - {id: b2, organisation: B Two, states: [B, C], remote: true}\n"
	"  - {id: c1, organisation: C One, states: C, unavailable: 2017-12-12 10:00-11:00}\n"
	"  - {id: p1, organisation: P One, states: P}\n"
	"delegations:\n"
	"  - {id: d1, name: D1, follows: [A, B]}\n"
	"  - {id: d2, name: D2, follows: [A, B, C]}\n"
	"  - {id: d3, name: D3, state: C}\n";

static struct upr_problem *load(void)
{
	const char *names[] = { "t.yaml" };
	const char *bufs[] = { base_yaml };
	size_t lens[] = { strlen(base_yaml) };
	struct upr_diags d;
	struct upr_problem *p = NULL;
	upr_diags_init(&d);
	int rc = upr_load_buffers(names, bufs, lens, 1, &p, &d);
	if (rc != 0)
		upr_diags_print(&d, stderr, 0);
	assert_int_equal(rc, 0);
	upr_diags_release(&d);
	return p;
}

static int64_t at(const char *date_time)
{
	int y, mo, d, h, mi;
	assert_int_equal(sscanf(date_time, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), 5);
	return upr_days_from_civil(y, (unsigned)mo, (unsigned)d) * 1440 + h * 60 + mi;
}

/* Adds a session; speakers given as id:minutes pairs, in running order. */
static struct upr_session *add(const struct upr_problem *p, struct upr_timetable *t,
			       const char *state, const char *room, const char *start,
			       int n, ...)
{
	if (!t->sessions)
		t->sessions = upr_arena_alloc(&t->arena, 16 * sizeof(*t->sessions));
	struct upr_session *s = &t->sessions[t->nsessions++];
	s->state = upr_problem_state_index(p, state);
	s->room = upr_problem_room_index(p, room);
	assert_true(s->state >= 0 && s->room >= 0);
	s->start = at(start);
	s->end = s->start + 60;
	s->stmts = upr_arena_alloc(&t->arena, 8 * sizeof(*s->stmts));
	int64_t cur = s->start + 5;
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *id = va_arg(ap, const char *);
		int minutes = va_arg(ap, int);
		int sp = upr_problem_speaker_index(p, id);
		assert_true(sp >= 0);
		s->stmts[s->nstmts++] = (struct upr_stmt){ sp, cur, minutes };
		cur += minutes;
	}
	va_end(ap);
	return s;
}

static void waitlist(const struct upr_problem *p, struct upr_timetable *t, const char *sp,
		     const char *st)
{
	if (!t->waitlist)
		t->waitlist = upr_arena_alloc(&t->arena, 16 * sizeof(*t->waitlist));
	t->waitlist[t->nwaitlist++] = (struct upr_waitlisted){
		upr_problem_speaker_index(p, sp), upr_problem_state_index(p, st), "test" };
}

static void not_held(const struct upr_problem *p, struct upr_timetable *t, const char *st)
{
	if (!t->not_held)
		t->not_held = upr_arena_alloc(&t->arena, 16 * sizeof(*t->not_held));
	t->not_held[t->nnot_held++] = (struct upr_not_held){ upr_problem_state_index(p, st), "test" };
}

/* A valid timetable with a known score:
 *   12 Dec 10:00 r1 A: a1 7, a3 7, a2 7   (a3 before a2: an inversion)
 *   13 Dec 10:00 r2 B: b1 7 ... b2 is remote, r2 has no video -> waitlisted
 *   13 Dec 15:00 r1 C: c1 6, b2 6          (short 2; b2 is listed first: an inversion)
 *   14 Dec 10:00 r1 P: p1 7
 * D has no speakers: not held. */
static struct upr_timetable *valid(const struct upr_problem *p)
{
	struct upr_timetable *t = upr_timetable_new();
	add(p, t, "A", "r1", "2017-12-12 10:00", 3, "a1", 7, "a3", 7, "a2", 7);
	add(p, t, "B", "r2", "2017-12-13 10:00", 1, "b1", 7);
	add(p, t, "C", "r1", "2017-12-13 15:00", 2, "c1", 6, "b2", 6);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	waitlist(p, t, "b2", "B");
	not_held(p, t, "D");
	return t;
}

static long run(const struct upr_problem *p, const struct upr_timetable *t,
		struct upr_check_result *r)
{
	upr_check_result_init(r);
	struct upr_check_opts o = { true, NULL };
	long n = upr_check(p, t, &o, r);
	for (size_t i = 0; i < r->n; i++)
		fprintf(stderr, "  %s: %s\n", upr_hard_names[r->v[i].code], r->v[i].message);
	return n;
}

static void test_valid_score(void **state)
{
	(void)state;
	struct upr_problem *p = load();
	struct upr_timetable *t = valid(p);
	struct upr_check_result r;
	assert_int_equal(run(p, t, &r), 0);
	const int64_t *c = r.score.count;
	assert_int_equal(c[UPR_W_WAITLIST], 1);
	assert_int_equal(c[UPR_W_WAITLIST_PRIORITY], 5);
	assert_int_equal(c[UPR_W_CLASH], 0);
	assert_int_equal(c[UPR_W_REVIEW_ORDER], 0);
	assert_int_equal(c[UPR_W_PREFER], 0);
	assert_int_equal(c[UPR_W_BALANCE], 1);	/* 1, 2, 1 sessions per day */
	assert_int_equal(c[UPR_W_SHORT], 2);
	assert_int_equal(c[UPR_W_ORDER], 2);	/* a3 before a2; c1 before b2 */
	assert_int_equal(c[UPR_W_MOVED], 0);
	assert_int_equal(r.score.total, 1000 + 5 + 2 * 1 + 2 + 2);
	/* explain lists a penalty for each non-zero component */
	int seen[UPR_W_COUNT] = { 0 };
	for (size_t i = 0; i < r.npen; i++)
		seen[r.pen[i].kind] += (int)r.pen[i].count;
	assert_int_equal(seen[UPR_W_SHORT], 2);
	assert_int_equal(seen[UPR_W_ORDER], 2);
	assert_int_equal(seen[UPR_W_BALANCE], 1);
	upr_check_result_release(&r);
	upr_timetable_free(t);
	upr_problem_free(p);
}

static void test_clash_review_prefer(void **state)
{
	(void)state;
	struct upr_problem *p = load();
	struct upr_timetable *t = upr_timetable_new();
	/* A and B overlap (10:00 and 10:30): d1 and d2 both follow them -> 2
	 * clashes; C at 10:30 too overlaps A and B: d2 follows both -> 2
	 * more.  Review order A < B < C: B and C start together (equal
	 * starts count) -> 1.  B is not on its preferred day -> prefer 1. */
	add(p, t, "A", "r1", "2017-12-12 10:00", 3, "a1", 7, "a2", 7, "a3", 7);
	add(p, t, "B", "r2", "2017-12-12 10:30", 1, "b1", 7);
	waitlist(p, t, "b2", "B");
	add(p, t, "C", "r1", "2017-12-12 15:00", 2, "c1", 7, "b2", 7);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	not_held(p, t, "D");
	struct upr_check_result r;
	long n = run(p, t, &r);
	/* b1 is only available on the 13th: H7 */
	assert_int_equal(n, 1);
	assert_int_equal(r.v[0].code, UPR_H_SPEAKER_AVAILABLE);
	assert_int_equal(r.score.count[UPR_W_CLASH], 2);
	assert_int_equal(r.score.count[UPR_W_REVIEW_ORDER], 0);
	assert_int_equal(r.score.count[UPR_W_PREFER], 1);
	assert_int_equal(r.score.count[UPR_W_BALANCE], 3 - 0);
	upr_check_result_release(&r);

	/* now C at 10:30 in r2 instead of B: B moves to 11:00 r1?  Build a
	 * second timetable where review order is reversed for all pairs. */
	upr_timetable_free(t);
	t = upr_timetable_new();
	add(p, t, "C", "r1", "2017-12-12 15:00", 2, "c1", 7, "b2", 7);
	add(p, t, "B", "r1", "2017-12-13 10:00", 1, "b1", 7);
	add(p, t, "A", "r1", "2017-12-13 15:00", 3, "a1", 7, "a2", 7, "a3", 7);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	waitlist(p, t, "b2", "B");
	not_held(p, t, "D");
	assert_int_equal(run(p, t, &r), 0);
	assert_int_equal(r.score.count[UPR_W_REVIEW_ORDER], 3);
	assert_int_equal(r.score.count[UPR_W_CLASH], 0);
	assert_int_equal(r.score.count[UPR_W_PREFER], 0);
	assert_int_equal(r.score.count[UPR_W_BALANCE], 1);
	upr_check_result_release(&r);
	upr_timetable_free(t);
	upr_problem_free(p);
}

/* Each State's penalties by part (index nstates: no State's). */
static void sum_by_state(const struct upr_problem *p, const struct upr_check_result *r,
			 int64_t sums[][UPR_W_COUNT])
{
	size_t ns = p->nstates;
	memset(sums, 0, (ns + 1) * sizeof(*sums));
	for (size_t i = 0; i < r->npen; i++) {
		int st = r->pen[i].state;
		sums[st >= 0 ? (size_t)st : ns][r->pen[i].kind] += r->pen[i].count;
	}
}

/* upr_check_by_state gives each State the same penalties by part as
 * upr_check explaining, in one penalty per State and part for
 * review-order and the waitlist (organiser.html sums them by State). */
static void test_by_state(void **state)
{
	(void)state;
	struct upr_problem *p = load();
	size_t ns = p->nstates;
	/* review order A < B < C, held C, A (with B's start), B: A is
	 * reviewed before B (same start) and before C (later start): 2;
	 * B before C: 1.  b2 waits on B and C, a2 (priority 3) on A. */
	const char *starts[][3] = {
		{ "2017-12-13 10:00", "2017-12-13 10:00", "2017-12-12 15:00" },
		{ "2017-12-12 10:00", "2017-12-13 10:00", "2017-12-12 15:00" },
		{ "2017-12-14 15:00", "2017-12-13 10:00", "2017-12-12 15:00" },
	};
	int64_t want_review[] = { 3, 1, 3 };
	for (int k = 0; k < 3; k++) {
		struct upr_timetable *t = upr_timetable_new();
		add(p, t, "C", "r1", starts[k][2], 1, "c1", 7);
		add(p, t, "A", "r2", starts[k][0], 2, "a1", 7, "a3", 7);
		add(p, t, "B", "r1", starts[k][1], 1, "b1", 7);
		add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
		waitlist(p, t, "a2", "A");
		waitlist(p, t, "b2", "B");
		waitlist(p, t, "b2", "C");
		not_held(p, t, "D");
		struct upr_check_result one, by;
		run(p, t, &one);
		upr_check_result_init(&by);
		assert_int_equal(upr_check_by_state(p, t, &by), (long)one.n);
		assert_int_equal(by.oom, 0);
		assert_int_equal(one.score.count[UPR_W_REVIEW_ORDER], want_review[k]);
		assert_memory_equal(by.score.count, one.score.count, sizeof(one.score.count));
		int64_t (*a)[UPR_W_COUNT] = calloc(ns + 1, sizeof(*a));
		int64_t (*b)[UPR_W_COUNT] = calloc(ns + 1, sizeof(*b));
		assert_non_null(a);
		assert_non_null(b);
		sum_by_state(p, &one, a);
		sum_by_state(p, &by, b);
		assert_memory_equal(a, b, (ns + 1) * sizeof(*a));
		/* one review-order penalty per State at most, and the waitlist
		 * of each State in one */
		size_t nrev = 0, nwl = 0;
		for (size_t i = 0; i < by.npen; i++) {
			nrev += by.pen[i].kind == UPR_W_REVIEW_ORDER;
			nwl += by.pen[i].kind == UPR_W_WAITLIST;
		}
		assert_true(nrev <= 2 && nrev < (size_t)want_review[k] + (k == 1));
		assert_int_equal(nwl, 3);
		free(a);
		free(b);
		upr_check_result_release(&one);
		upr_check_result_release(&by);
		upr_timetable_free(t);
	}
	upr_problem_free(p);
}

static void test_moved(void **state)
{
	(void)state;
	struct upr_problem *p = load();
	struct upr_timetable *t = valid(p), *b = valid(p);
	b->sessions[0].start += 30;	/* A was at 10:30 in the baseline */
	b->sessions[2].room = upr_problem_room_index(p, "r2"); /* C was in r2 */
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts o = { false, b };
	assert_int_equal(upr_check(p, t, &o, &r), 0);
	assert_int_equal(r.score.count[UPR_W_MOVED], 2);
	assert_int_equal(r.score.part[UPR_W_MOVED], 100);
	upr_check_result_release(&r);
	upr_timetable_free(b);
	upr_timetable_free(t);
	upr_problem_free(p);
}

/* Breaks one hard constraint of the valid timetable and expects its code. */
static void expect_only(const struct upr_problem *p, struct upr_timetable *t, enum upr_hard code)
{
	struct upr_check_result r;
	long n = run(p, t, &r);
	assert_true(n >= 1);
	for (size_t i = 0; i < r.n; i++)
		assert_int_equal(r.v[i].code, code);
	upr_check_result_release(&r);
	upr_timetable_free(t);
}

static void test_each_hard_constraint(void **state)
{
	(void)state;
	struct upr_problem *p = load();
	struct upr_timetable *t;

	t = valid(p);	/* H1: off the grid (10:15) */
	t->sessions[0].start += 15;
	t->sessions[0].end += 15;
	for (size_t i = 0; i < t->sessions[0].nstmts; i++)
		t->sessions[0].stmts[i].start += 15;
	expect_only(p, t, UPR_H_SESSION_WINDOW);

	t = valid(p);	/* H1: r2 is not available on the 13th after 12:00 */
	t->sessions[1].start += 90;
	t->sessions[1].end += 90;
	t->sessions[1].stmts[0].start += 90;
	expect_only(p, t, UPR_H_SESSION_WINDOW);

	/* H2: C moved onto P's room and time, P elsewhere */
	t = upr_timetable_new();
	add(p, t, "A", "r1", "2017-12-12 10:00", 3, "a1", 7, "a3", 7, "a2", 7);
	add(p, t, "B", "r2", "2017-12-13 10:00", 1, "b1", 7);
	add(p, t, "C", "r1", "2017-12-14 10:30", 2, "c1", 6, "b2", 6);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	waitlist(p, t, "b2", "B");
	not_held(p, t, "D");
	expect_only(p, t, UPR_H_ROOM_OVERLAP);

	t = valid(p);	/* H3: a gap between statements */
	t->sessions[0].stmts[2].start += 1;
	expect_only(p, t, UPR_H_STATEMENT_FIT);

	t = valid(p);	/* H4: 7 and 5 in one session */
	t->sessions[2].stmts[0].minutes = 7;
	t->sessions[2].stmts[1].start += 1;
	t->sessions[2].stmts[1].minutes = 5;
	expect_only(p, t, UPR_H_FAIR_SHARE);

	t = valid(p);	/* H5: the NHRI second */
	{
		struct upr_stmt *s = t->sessions[0].stmts;
		int a = s[0].speaker;
		s[0].speaker = s[1].speaker;
		s[1].speaker = a;
	}
	expect_only(p, t, UPR_H_NHRI_FIRST);

	/* H6: b2 in B (r2) and C (r1) at the same time */
	t = upr_timetable_new();
	add(p, t, "A", "r1", "2017-12-12 10:00", 3, "a1", 7, "a3", 7, "a2", 7);
	add(p, t, "B", "r1", "2017-12-13 10:00", 2, "b1", 7, "b2", 7);
	add(p, t, "C", "r1", "2017-12-13 15:00", 2, "c1", 7, "b2", 7);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	not_held(p, t, "D");
	{
		struct upr_check_result r;
		assert_int_equal(run(p, t, &r), 0);	/* valid: 5 hours apart */
		upr_check_result_release(&r);
	}
	t->sessions[2].start = at("2017-12-13 10:00");
	t->sessions[2].room = upr_problem_room_index(p, "r2");
	t->sessions[2].end = t->sessions[2].start + 60;
	t->sessions[2].stmts[0].start = t->sessions[2].start + 5;
	t->sessions[2].stmts[1].start = t->sessions[2].start + 12;
	/* b2 is remote and r2 has no video: move b2 first in C instead */
	t->sessions[2].stmts[0].speaker = upr_problem_speaker_index(p, "b2");
	t->sessions[2].stmts[1].speaker = upr_problem_speaker_index(p, "c1");
	{
		struct upr_check_result r;
		long n = run(p, t, &r);
		int h6 = 0;
		for (size_t i = 0; i < r.n; i++)
			h6 += r.v[i].code == UPR_H_SPEAKER_OVERLAP;
		assert_true(n >= 1);
		assert_int_equal(h6, 1);
		upr_check_result_release(&r);
	}
	upr_timetable_free(t);

	/* H7: c1 is unavailable 12 Dec 10:00-11:00 */
	t = upr_timetable_new();
	add(p, t, "A", "r1", "2017-12-12 15:00", 3, "a1", 7, "a3", 7, "a2", 7);
	add(p, t, "B", "r2", "2017-12-13 10:00", 1, "b1", 7);
	add(p, t, "C", "r1", "2017-12-12 10:00", 2, "c1", 6, "b2", 6);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	waitlist(p, t, "b2", "B");
	not_held(p, t, "D");
	expect_only(p, t, UPR_H_SPEAKER_AVAILABLE);

	/* H8: a3 speaks French; r2 offers only English */
	t = upr_timetable_new();
	add(p, t, "A", "r2", "2017-12-12 10:00", 3, "a1", 7, "a3", 7, "a2", 7);
	add(p, t, "B", "r2", "2017-12-13 10:00", 1, "b1", 7);
	add(p, t, "C", "r1", "2017-12-13 15:00", 2, "c1", 6, "b2", 6);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	waitlist(p, t, "b2", "B");
	not_held(p, t, "D");
	expect_only(p, t, UPR_H_LANGUAGE);

	/* H9: b2 by video in r2 */
	t = upr_timetable_new();
	add(p, t, "A", "r1", "2017-12-12 10:00", 3, "a1", 7, "a3", 7, "a2", 7);
	add(p, t, "B", "r2", "2017-12-13 10:00", 2, "b1", 7, "b2", 7);
	add(p, t, "C", "r1", "2017-12-13 15:00", 2, "c1", 6, "b2", 6);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	not_held(p, t, "D");
	expect_only(p, t, UPR_H_VIDEO);

	t = valid(p);	/* H10: A is unavailable 14 Dec afternoon */
	t->sessions[0].start = at("2017-12-14 15:00");
	t->sessions[0].end = t->sessions[0].start + 60;
	for (size_t i = 0; i < 3; i++)
		t->sessions[0].stmts[i].start = t->sessions[0].start + 5 + 7 * (int64_t)i;
	expect_only(p, t, UPR_H_STATE_UNAVAILABLE);

	t = valid(p);	/* H11: P moved */
	t->sessions[3].start += 60;
	t->sessions[3].end += 60;
	t->sessions[3].stmts[0].start += 60;
	expect_only(p, t, UPR_H_PINNED);

	t = valid(p);	/* H12: a statement neither scheduled nor waitlisted */
	t->nwaitlist = 0;
	expect_only(p, t, UPR_H_COMPLETE);

	t = valid(p);	/* H12: the NHRI waitlisted */
	t->sessions[0].nstmts = 2;
	t->sessions[0].stmts[0].speaker = t->sessions[0].stmts[1].speaker;
	t->sessions[0].stmts[1].speaker = t->sessions[0].stmts[2].speaker;
	t->sessions[0].stmts[1].start = t->sessions[0].stmts[0].start + 7;
	waitlist(p, t, "a1", "A");
	expect_only(p, t, UPR_H_COMPLETE);

	upr_problem_free(p);
}

/* Violations come out session by session, place by place, by code within a
 * place (docs/internals/check.md), then the rules between sessions. */
static void test_violation_order(void **state)
{
	(void)state;
	struct upr_problem *p = load();
	struct upr_timetable *t = upr_timetable_new();
	/* A in r2 (English only) at 10:15, off the 30-minute grid: H1; a3
	 * (French) starts a minute late: H3, H8; a2 a minute after a3 ends:
	 * H3; 7, 7, 5 minutes: H4.  C on top of B in r2: H2, after every
	 * session's own. */
	add(p, t, "A", "r2", "2017-12-12 10:15", 3, "a1", 7, "a3", 7, "a2", 5);
	t->sessions[0].stmts[1].start += 1;
	t->sessions[0].stmts[2].start += 2;
	add(p, t, "B", "r2", "2017-12-13 10:00", 1, "b1", 7);
	add(p, t, "C", "r2", "2017-12-13 10:00", 1, "c1", 7);
	add(p, t, "P", "r1", "2017-12-14 10:00", 1, "p1", 7);
	waitlist(p, t, "b2", "B");
	waitlist(p, t, "b2", "C");
	not_held(p, t, "D");
	static const enum upr_hard want[] = {
		UPR_H_SESSION_WINDOW, UPR_H_STATEMENT_FIT, UPR_H_LANGUAGE, UPR_H_STATEMENT_FIT,
		UPR_H_FAIR_SHARE, UPR_H_ROOM_OVERLAP,
	};
	struct upr_check_result r;
	long n = run(p, t, &r);
	assert_int_equal(n, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < r.n; i++)
		assert_int_equal(r.v[i].code, want[i]);
	upr_check_result_release(&r);
	upr_timetable_free(t);
	upr_problem_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_score),
		cmocka_unit_test(test_clash_review_prefer),
		cmocka_unit_test(test_by_state),
		cmocka_unit_test(test_moved),
		cmocka_unit_test(test_each_hard_constraint),
		cmocka_unit_test(test_violation_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
