/*
 * constraints.c - one function per hard constraint, and the table, expanded
 * from UPR_HARD_CONSTRAINTS (check.h), that calls them.
 *
 * A SESSION function judges one session and is called with `at` saying
 * where: AT_PLACE (-1) for where the session lies, then 0..n-1 for each of
 * its n statements, then n for its statements together; it returns at once
 * for the places it does not judge.  A TIMETABLE function judges the whole
 * timetable and returns 0, or -1 out of memory.
 *
 * Invariant: violations come out in a deterministic order, the order
 * `validate` prints.  Session by session in timetable order, and within one
 * session, at by at, by code (so H1, H10, H11 on its place, then H3, H7, H8,
 * H9 per statement, then H3, H4, H5 together); then the TIMETABLE
 * constraints by code.  Sorting and binary search keep it O(n log n) on
 * sessions and statements (times the few windows of event.hours).
 */
#include "check/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_PLACE (-1L)

/* The table: for each code, the function that judges it. */
struct hard_check {
	void (*session)(struct upr_check_ctx *c, const struct upr_session *s, long at);
	int (*timetable)(struct upr_check_ctx *c);
};
#define SESSION(fn) { fn, NULL }
#define TIMETABLE(fn) { NULL, fn }
#define DECLARE_SESSION(fn) \
	static void fn(struct upr_check_ctx *c, const struct upr_session *s, long at);
#define DECLARE_TIMETABLE(fn) static int fn(struct upr_check_ctx *c);
#define DECLARE(code, ident, name, scope, fn, rule) DECLARE_##scope(fn)
UPR_HARD_CONSTRAINTS(DECLARE)

static const struct hard_check checks[UPR_H_COUNT] = {
#define CHECK_ROW(code, ident, name, scope, fn, rule) [code] = scope(fn),
	UPR_HARD_CONSTRAINTS(CHECK_ROW)
};

const struct upr_hard_info upr_hard_constraints[UPR_H_COUNT] = {
#define INFO_ROW(code, ident, name, scope, fn, rule) [code] = { code, "H" #code, name, rule },
	UPR_HARD_CONSTRAINTS(INFO_ROW)
};

const char *const upr_hard_names[UPR_H_COUNT] = {
	"",
#define NAME_ROW(code, ident, name, scope, fn, rule) [code] = name,
	UPR_HARD_CONSTRAINTS(NAME_ROW)
};

/* Codes run 1..n without a gap: n rows, and (-Woverride-init) no code twice. */
#define ONE(code, ident, name, scope, fn, rule) +1
_Static_assert(0 UPR_HARD_CONSTRAINTS(ONE) == UPR_H_COUNT - 1,
	       "hard constraint codes must run 1, 2, ... without a gap");

int upr_check_constraints(struct upr_check_ctx *c)
{
	const struct upr_timetable *t = c->t;
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		for (long at = AT_PLACE; at <= (long)s->nstmts; at++)
			for (int h = 1; h < UPR_H_COUNT; h++)
				if (checks[h].session)
					checks[h].session(c, s, at);
	}
	for (int h = 1; h < UPR_H_COUNT; h++)
		if (checks[h].timetable && checks[h].timetable(c) < 0)
			return -1;
	return 0;
}

/* ---- where each session lies ---- */

/* H1 session-window */
static void check_session_window(struct upr_check_ctx *c, const struct upr_session *s, long at)
{
	if (at != AT_PLACE)
		return;
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	const struct upr_room *room = &p->rooms[s->room];
	const struct upr_state *st = &p->states[s->state];
	char a[17], b[17];
	upr_format_local(s->start, a);
	upr_format_local(s->end, b);

	if (s->end - s->start != e->session_length)
		upr_check_violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room, s->start,
				    s->end, "the session of %s lasts %lld minutes, not session.length %d",
				    st->name, (long long)(s->end - s->start), e->session_length);

	int64_t day = upr_floor_div(s->start, UPR_MIN_PER_DAY);
	if (upr_check_day_index(e, day) < 0) {
		upr_check_violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room, s->start,
				    s->end, "the session of %s starts %s, which is not an event day",
				    st->name, a);
	} else {
		const struct upr_interval *w = NULL;
		for (size_t i = 0; i < e->nhours; i++) {
			int64_t ws = day * UPR_MIN_PER_DAY + e->hours[i].start;
			int64_t we = day * UPR_MIN_PER_DAY + e->hours[i].end;
			if (s->start >= ws && s->end <= we)
				w = &e->hours[i];
		}
		if (!w) {
			upr_check_violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room,
					    s->start, s->end,
					    "the session of %s (%s to %.5s) is not inside one of event.hours",
					    st->name, a, b + 11);
		} else if ((s->start - day * UPR_MIN_PER_DAY - w->start) % e->grid != 0) {
			char ws[6];
			upr_format_hm((int)w->start, ws);
			upr_check_violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room,
					    s->start, s->end,
					    "the session of %s starts %s, not a multiple of session.grid (%d minutes) after %s",
					    st->name, a, e->grid, ws);
		}
	}
	if (room->has_available &&
	    !upr_ivals_contains(&room->available, s->start, s->end))
		upr_check_violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room, s->start,
				    s->end, "the session of %s (%s to %.5s) is outside the available times of room %s",
				    st->name, a, b + 11, room->name);
}

/* H10 state-unavailable */
static void check_state_unavailable(struct upr_check_ctx *c, const struct upr_session *s,
				    long at)
{
	const struct upr_state *st = &c->p->states[s->state];
	if (at != AT_PLACE || !upr_ivals_overlaps(&st->unavailable, s->start, s->end))
		return;
	char a[17], b[17];
	upr_format_local(s->start, a);
	upr_format_local(s->end, b);
	upr_check_violation(c, UPR_H_STATE_UNAVAILABLE, s->state, -1, -1, s->room, s->start,
			    s->end, "the session of %s (%s to %.5s) overlaps a time when %s is unavailable",
			    st->name, a, b + 11, st->name);
}

/* H11 pinned */
static void check_pinned(struct upr_check_ctx *c, const struct upr_session *s, long at)
{
	if (at != AT_PLACE)
		return;
	const struct upr_problem *p = c->p;
	const struct upr_state *st = &p->states[s->state];
	if (st->room >= 0 && st->room != s->room)
		upr_check_violation(c, UPR_H_PINNED, s->state, -1, -1, s->room, s->start, s->end,
				    "%s is pinned to room %s but its session is in room %s",
				    st->name, p->rooms[st->room].name, p->rooms[s->room].name);
	if (st->has_start && st->start != s->start) {
		char a[17], pin[17];
		upr_format_local(s->start, a);
		upr_format_local(st->start, pin);
		upr_check_violation(c, UPR_H_PINNED, s->state, -1, -1, s->room, s->start, s->end,
				    "%s is pinned to start %s but its session starts %s",
				    st->name, pin, a);
	}
}

/* ---- inside each session ---- */

/* Where statement i should start: right after the opening and the State's
 * remarks, or right after statement i-1; i == n: where the questions start. */
static int64_t expected_start(const struct upr_problem *p, const struct upr_session *s,
			      size_t i)
{
	if (i == 0)
		return upr_session_first_stmt(p, s);
	return s->stmts[i - 1].start + s->stmts[i - 1].minutes;
}

/* "11 April": a day as the organisers write it (the checker sits below
 * the exports' languages, so in English). */
static void day_month(int64_t t, char out[16])
{
	static const char *const month[12] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	int y;
	unsigned m, d;
	upr_civil_from_days(upr_floor_div(t, UPR_MIN_PER_DAY), &y, &m, &d);
	snprintf(out, 16, "%u %s", d, month[(m - 1) % 12]);
}

/*
 * The first statement lies outside its session: the session's start (and
 * end) were edited by hand and its items were not.  Saying which statement
 * is not right after which item would hide that; this names the session's
 * time, where its items still are, and the command that moves both.
 */
static void session_moved_alone(struct upr_check_ctx *c, const struct upr_session *s,
				const struct upr_stmt *x)
{
	const struct upr_state *st = &c->p->states[s->state];
	char at[17], items[17], day[16], items_day[16], where[40];
	upr_format_local(s->start, at);
	upr_format_local(x->start, items);
	day_month(s->start, day);
	day_month(x->start, items_day);
	if (upr_floor_div(s->start, UPR_MIN_PER_DAY) == upr_floor_div(x->start, UPR_MIN_PER_DAY))
		snprintf(where, sizeof(where), "at %s", items + 11);
	else
		snprintf(where, sizeof(where), "on %s", items_day);
	upr_check_violation(c, UPR_H_STATEMENT_FIT, s->state, -1, x->speaker, s->room, x->start,
			    x->start + x->minutes,
			    "the session of %s starts at %s on %s but its items still start %s; move sessions with `upr-schedule edit move`",
			    st->name, at + 11, day, where);
}

/* H3 statement-fit */
static void check_statement_fit(struct upr_check_ctx *c, const struct upr_session *s, long at)
{
	if (at == AT_PLACE || s->nstmts == 0)
		return;
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	const struct upr_state *st = &p->states[s->state];
	int64_t expect = expected_start(p, s, (size_t)at);
	if ((size_t)at == s->nstmts) {
		if (expect > s->end - e->questions) {
			char a[17];
			upr_format_local(expect, a);
			upr_check_violation(c, UPR_H_STATEMENT_FIT, s->state, -1, -1, s->room,
					    s->start, s->end,
					    "in the session of %s, the statements end at %s, leaving less than session.questions (%d minutes)",
					    st->name, a + 11, e->questions);
		}
		return;
	}
	const struct upr_stmt *x = &s->stmts[at];
	const struct upr_speaker *sp = &p->speakers[x->speaker];
	int64_t end = x->start + x->minutes;
	char a[17];
	upr_format_local(x->start, a);
	if (at == 0 && (x->start < s->start || x->start >= s->end)) {
		session_moved_alone(c, s, x);
	} else if (x->start != expect) {
		char ex[17];
		upr_format_local(expect, ex);
		upr_check_violation(c, UPR_H_STATEMENT_FIT, s->state, -1, x->speaker, s->room,
				    x->start, end,
				    "in the session of %s, the statement of %s starts %s, not %s right after the previous item",
				    st->name, sp->organisation, a, ex + 11);
	}
	if (x->minutes < e->statement_min || x->minutes > e->statement_max)
		upr_check_violation(c, UPR_H_STATEMENT_FIT, s->state, -1, x->speaker, s->room,
				    x->start, end,
				    "in the session of %s, the statement of %s lasts %d minutes, outside statement.min %d to statement.max %d",
				    st->name, sp->organisation, x->minutes, e->statement_min,
				    e->statement_max);
}

/* H4 fair-share */
static void check_fair_share(struct upr_check_ctx *c, const struct upr_session *s, long at)
{
	if ((size_t)at != s->nstmts || s->nstmts == 0)
		return;
	int minlen = s->stmts[0].minutes, maxlen = s->stmts[0].minutes;
	for (size_t i = 1; i < s->nstmts; i++) {
		if (s->stmts[i].minutes < minlen)
			minlen = s->stmts[i].minutes;
		if (s->stmts[i].minutes > maxlen)
			maxlen = s->stmts[i].minutes;
	}
	if (maxlen - minlen > 1)
		upr_check_violation(c, UPR_H_FAIR_SHARE, s->state, -1, -1, s->room, s->start, s->end,
				    "in the session of %s, statements last from %d to %d minutes (at most one minute apart)",
				    c->p->states[s->state].name, minlen, maxlen);
}

/* H5 nhri-first */
static void check_nhri_first(struct upr_check_ctx *c, const struct upr_session *s, long at)
{
	const struct upr_problem *p = c->p;
	const struct upr_state *st = &p->states[s->state];
	if ((size_t)at != s->nstmts || !p->event.nhri_first || st->nhri < 0 ||
	    s->nstmts == 0 || s->stmts[0].speaker == st->nhri)
		return;
	bool present = false;
	for (size_t i = 0; i < s->nstmts; i++)
		present |= s->stmts[i].speaker == st->nhri;
	if (present)
		upr_check_violation(c, UPR_H_NHRI_FIRST, s->state, -1, st->nhri, s->room,
				    s->start, s->end,
				    "in the session of %s, the NHRI %s does not give the first statement",
				    st->name, p->speakers[st->nhri].organisation);
}

/* H7 speaker-available */
static void check_speaker_available(struct upr_check_ctx *c, const struct upr_session *s,
				    long at)
{
	if (at == AT_PLACE || (size_t)at == s->nstmts)
		return;
	const struct upr_stmt *x = &s->stmts[at];
	const struct upr_speaker *sp = &c->p->speakers[x->speaker];
	int64_t end = x->start + x->minutes;
	if ((sp->has_available && !upr_ivals_contains(&sp->available, x->start, end)) ||
	    upr_ivals_overlaps(&sp->unavailable, x->start, end)) {
		char a[17], b[6];
		upr_format_local(x->start, a);
		upr_format_hm((int)(end - upr_floor_div(end, UPR_MIN_PER_DAY) * UPR_MIN_PER_DAY), b);
		upr_check_violation(c, UPR_H_SPEAKER_AVAILABLE, s->state, -1, x->speaker, s->room,
				    x->start, end,
				    "%s speaks on %s at %s-%s, when it is not available",
				    sp->organisation, upr_check_sname(c, s->state), a, b);
	}
}

/* H8 language */
static void check_language(struct upr_check_ctx *c, const struct upr_session *s, long at)
{
	if (at == AT_PLACE || (size_t)at == s->nstmts)
		return;
	const struct upr_stmt *x = &s->stmts[at];
	const struct upr_speaker *sp = &c->p->speakers[x->speaker];
	const struct upr_room *room = &c->p->rooms[s->room];
	if (!upr_room_has_language(room, sp->language)) {
		char l[3];
		upr_lang_format(sp->language, l);
		upr_check_violation(c, UPR_H_LANGUAGE, s->state, -1, x->speaker, s->room, x->start,
				    x->start + x->minutes,
				    "%s speaks in '%s' on %s, which room %s does not offer",
				    sp->organisation, l, upr_check_sname(c, s->state), room->name);
	}
}

/* H9 video */
static void check_video(struct upr_check_ctx *c, const struct upr_session *s, long at)
{
	if (at == AT_PLACE || (size_t)at == s->nstmts)
		return;
	const struct upr_stmt *x = &s->stmts[at];
	const struct upr_speaker *sp = &c->p->speakers[x->speaker];
	const struct upr_room *room = &c->p->rooms[s->room];
	if (sp->remote && !room->video)
		upr_check_violation(c, UPR_H_VIDEO, s->state, -1, x->speaker, s->room, x->start,
				    x->start + x->minutes,
				    "%s speaks by video on %s, but room %s has no video",
				    sp->organisation, upr_check_sname(c, s->state), room->name);
}

/* ---- between sessions ---- */

/* A session by room and start; the index breaks ties, so the order is total
 * and qsort's result unique. */
struct placed {
	int room;
	int64_t start;
	size_t i;
};

static int cmp_placed(const void *pa, const void *pb)
{
	const struct placed *a = pa, *b = pb;
	if (a->room != b->room)
		return a->room < b->room ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* H2 room-overlap: sorted by room and start, each session against the next. */
static int check_room_overlap(struct upr_check_ctx *c)
{
	const struct upr_timetable *t = c->t;
	size_t n = t->nsessions;
	struct placed *v = upr_malloc((n + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] = (struct placed){ t->sessions[i].room, t->sessions[i].start, i };
	qsort(v, n, sizeof(*v), cmp_placed);
	int gap = c->p->event.gap;
	for (size_t k = 1; k < n; k++) {
		const struct upr_session *a = &t->sessions[v[k - 1].i];
		const struct upr_session *b = &t->sessions[v[k].i];
		if (a->room != b->room || b->start >= a->end + gap)
			continue;
		char as[17], bs[17];
		upr_format_local(a->start, as);
		upr_format_local(b->start, bs);
		if (b->start < a->end)
			upr_check_violation(c, UPR_H_ROOM_OVERLAP, a->state, b->state, -1, a->room,
					    b->start, a->end,
					    "the sessions of %s (%s) and %s (%s) overlap in room %s",
					    upr_check_sname(c, a->state), as,
					    upr_check_sname(c, b->state), bs,
					    c->p->rooms[a->room].name);
		else
			upr_check_violation(c, UPR_H_ROOM_OVERLAP, a->state, b->state, -1, a->room,
					    a->end, b->start,
					    "the sessions of %s (%s) and %s (%s) in room %s are less than session.gap (%d minutes) apart",
					    upr_check_sname(c, a->state), as,
					    upr_check_sname(c, b->state), bs,
					    c->p->rooms[a->room].name, gap);
	}
	upr_free(v);
	return 0;
}

/* A statement by speaker and start; session and position break ties. */
struct said {
	int speaker;
	int64_t start;
	size_t session, stmt;
};

static int cmp_said(const void *pa, const void *pb)
{
	const struct said *a = pa, *b = pb;
	if (a->speaker != b->speaker)
		return a->speaker < b->speaker ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->session != b->session)
		return a->session < b->session ? -1 : 1;
	return (a->stmt > b->stmt) - (a->stmt < b->stmt);
}

/* H6 speaker-overlap: sorted by speaker and start, each statement against
 * the speaker's next. */
static int check_speaker_overlap(struct upr_check_ctx *c)
{
	const struct upr_timetable *t = c->t;
	const struct upr_problem *p = c->p;
	size_t n = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		n += t->sessions[i].nstmts;
	struct said *v = upr_malloc((n + 1) * sizeof(*v));
	if (!v)
		return -1;
	n = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		for (size_t j = 0; j < t->sessions[i].nstmts; j++)
			v[n++] = (struct said){ t->sessions[i].stmts[j].speaker,
						t->sessions[i].stmts[j].start, i, j };
	qsort(v, n, sizeof(*v), cmp_said);

	for (size_t k = 1; k < n; k++) {
		const struct said *x = &v[k - 1], *y = &v[k];
		if (x->speaker != y->speaker)
			continue;
		const struct upr_session *sa = &t->sessions[x->session];
		const struct upr_session *sb = &t->sessions[y->session];
		const struct upr_stmt *a = &sa->stmts[x->stmt], *b = &sb->stmts[y->stmt];
		int64_t ae = a->start + a->minutes;
		const char *org = p->speakers[x->speaker].organisation;
		char as[17], bs[17];
		upr_format_local(a->start, as);
		upr_format_local(b->start, bs);
		if (b->start < ae)
			upr_check_violation(c, UPR_H_SPEAKER_OVERLAP, sa->state, sb->state, x->speaker,
					    sb->room, b->start, ae,
					    "%s speaks on %s (%s) and on %s (%s) at the same time",
					    org, upr_check_sname(c, sa->state), as,
					    upr_check_sname(c, sb->state), bs);
		else if (sa->room != sb->room && b->start < ae + p->event.travel)
			upr_check_violation(c, UPR_H_SPEAKER_OVERLAP, sa->state, sb->state, x->speaker,
					    sb->room, ae, b->start,
					    "%s has %lld minutes between its statements on %s (room %s) and %s (room %s), less than travel (%d)",
					    org, (long long)(b->start - ae),
					    upr_check_sname(c, sa->state), p->rooms[sa->room].name,
					    upr_check_sname(c, sb->state), p->rooms[sb->room].name,
					    p->event.travel);
	}
	upr_free(v);
	return 0;
}

/* ---- H12 complete: every statement scheduled or waitlisted, exactly once ---- */

/* The statements of the input, numbered speaker by speaker (statement k is
 * the i-th State of speaker sp, k = offset[sp] + i), and sorted by (speaker,
 * State, k) to find k in O(log n). */
struct applied {
	int speaker, state;
	size_t k;
};

static int cmp_applied(const void *pa, const void *pb)
{
	const struct applied *a = pa, *b = pb;
	if (a->speaker != b->speaker)
		return a->speaker < b->speaker ? -1 : 1;
	if (a->state != b->state)
		return a->state < b->state ? -1 : 1;
	return (a->k > b->k) - (a->k < b->k);
}

/* The number of statement (speaker, state), the first when listed twice;
 * -1 when the speaker did not apply to speak on that State. */
static long stmt_index(const struct applied *v, size_t n, int speaker, int state)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].speaker < speaker || (v[mid].speaker == speaker && v[mid].state < state))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && v[lo].speaker == speaker && v[lo].state == state)
		return (long)v[lo].k;
	return -1;
}

static int check_complete(struct upr_check_ctx *c)
{
	const struct upr_problem *p = c->p;
	const struct upr_timetable *t = c->t;
	size_t nstmt = 0;
	for (size_t i = 0; i < p->nspeakers; i++)
		nstmt += p->speakers[i].nstates;
	struct applied *ap = upr_malloc((nstmt + 1) * sizeof(*ap));
	unsigned char *seen = upr_calloc(nstmt + 1, 1);	/* 1 scheduled, 2 waitlisted */
	int *sessions_of = upr_calloc(p->nstates + 1, sizeof(int));
	unsigned char *listed_not_held = upr_calloc(p->nstates + 1, 1);
	if (!ap || !seen || !sessions_of || !listed_not_held) {
		upr_free(ap);
		upr_free(seen);
		upr_free(sessions_of);
		upr_free(listed_not_held);
		return -1;
	}
	nstmt = 0;
	for (size_t i = 0; i < p->nspeakers; i++)
		for (size_t j = 0; j < p->speakers[i].nstates; j++, nstmt++)
			ap[nstmt] = (struct applied){ (int)i, p->speakers[i].states[j], nstmt };
	qsort(ap, nstmt, sizeof(*ap), cmp_applied);

	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (sessions_of[s->state]++ == 1)
			upr_check_violation(c, UPR_H_COMPLETE, s->state, -1, -1, s->room, s->start,
					    s->end, "%s has more than one session",
					    upr_check_sname(c, s->state));
		if (!upr_state_held(p, s->state))
			upr_check_violation(c, UPR_H_COMPLETE, s->state, -1, -1, s->room, s->start,
					    s->end,
					    "%s has a session but only %zu speakers (session.min_statements is %d)",
					    upr_check_sname(c, s->state), p->states[s->state].nspeakers,
					    p->event.min_statements);
		for (size_t j = 0; j < s->nstmts; j++) {
			int sp = s->stmts[j].speaker;
			long k = stmt_index(ap, nstmt, sp, s->state);
			if (k < 0) {
				upr_check_violation(c, UPR_H_COMPLETE, s->state, -1, sp, s->room,
						    s->stmts[j].start,
						    s->stmts[j].start + s->stmts[j].minutes,
						    "%s speaks in the session of %s but did not apply to speak on it",
						    p->speakers[sp].organisation,
						    upr_check_sname(c, s->state));
				continue;
			}
			if (seen[k])
				upr_check_violation(c, UPR_H_COMPLETE, s->state, -1, sp, s->room,
						    s->stmts[j].start,
						    s->stmts[j].start + s->stmts[j].minutes,
						    "the statement of %s on %s is scheduled more than once",
						    p->speakers[sp].organisation,
						    upr_check_sname(c, s->state));
			seen[k] = 1;
		}
	}
	for (size_t i = 0; i < t->nwaitlist; i++) {
		const struct upr_waitlisted *w = &t->waitlist[i];
		long k = stmt_index(ap, nstmt, w->speaker, w->state);
		const char *org = p->speakers[w->speaker].organisation;
		const char *name = upr_check_sname(c, w->state);
		if (k < 0) {
			upr_check_violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
					    "%s is waitlisted on %s but did not apply to speak on it",
					    org, name);
			continue;
		}
		if (seen[k])
			upr_check_violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
					    "the statement of %s on %s is both %s and waitlisted",
					    org, name, seen[k] == 1 ? "scheduled" : "twice");
		seen[k] = 2;
		if (!p->event.waitlist)
			upr_check_violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
					    "the statement of %s on %s is waitlisted, but event.waitlist is false",
					    org, name);
		else if (p->speakers[w->speaker].kind == UPR_KIND_NHRI)
			upr_check_violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
					    "the NHRI %s is waitlisted on %s; NHRIs are never waitlisted",
					    org, name);
	}
	for (size_t i = 0; i < t->nnot_held; i++) {
		int s = t->not_held[i].state;
		if (listed_not_held[s]++)
			continue;
		if (upr_state_held(p, s))
			upr_check_violation(c, UPR_H_COMPLETE, s, -1, -1, -1, 0, 0,
					    "%s is listed as not held, but it has %zu speakers (session.min_statements is %d)",
					    upr_check_sname(c, s), p->states[s].nspeakers,
					    p->event.min_statements);
	}
	for (size_t s = 0; s < p->nstates; s++) {
		if (!upr_state_held(p, (int)s)) {
			if (!listed_not_held[s] && !sessions_of[s])
				upr_check_violation(c, UPR_H_COMPLETE, (int)s, -1, -1, -1, 0, 0,
						    "%s is not held but is missing from the not-held list",
						    upr_check_sname(c, (int)s));
			continue;
		}
		if (!sessions_of[s]) {
			upr_check_violation(c, UPR_H_COMPLETE, (int)s, -1, -1, -1, 0, 0,
					    "%s has %zu speakers but no session",
					    upr_check_sname(c, (int)s), p->states[s].nspeakers);
			continue;
		}
		const struct upr_state *st = &p->states[s];
		for (size_t j = 0; j < st->nspeakers; j++) {
			long k = stmt_index(ap, nstmt, st->speakers[j], (int)s);
			if (k >= 0 && !seen[k])
				upr_check_violation(c, UPR_H_COMPLETE, (int)s, -1, st->speakers[j], -1,
						    0, 0,
						    "the statement of %s on %s is neither scheduled nor waitlisted",
						    p->speakers[st->speakers[j]].organisation, st->name);
		}
	}
	upr_free(ap);
	upr_free(seen);
	upr_free(sessions_of);
	upr_free(listed_not_held);
	return 0;
}
