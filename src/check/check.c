/*
 * check.c - hard constraints H1-H12 (docs/reference.md#the-model) and the score of a timetable.
 *
 * Written for clarity first: it is the reference the solver is tested
 * against.  It still runs in O(n log n) on sessions and statements (sorting,
 * then comparing neighbours), so checking a 2,000-State timetable is cheap.
 *
 * Invariants: the score is a pure function of (problem, timetable, baseline);
 * violations come out in a deterministic order (the order of the checks, then
 * of sessions in the timetable).
 */
#include "check/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const upr_hard_names[UPR_H_COUNT] = {
	"",
	"session-window",
	"room-overlap",
	"statement-fit",
	"fair-share",
	"nhri-first",
	"speaker-overlap",
	"speaker-available",
	"language",
	"video",
	"state-unavailable",
	"pinned",
	"complete",
};

void upr_check_result_init(struct upr_check_result *r)
{
	memset(r, 0, sizeof(*r));
}

void upr_check_result_release(struct upr_check_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		upr_free(r->v[i].message);
	for (size_t i = 0; i < r->npen; i++)
		upr_free(r->pen[i].message);
	upr_free(r->v);
	upr_free(r->pen);
	upr_check_result_init(r);
}

bool upr_state_held(const struct upr_problem *p, int state)
{
	return p->states[state].nspeakers >= (size_t)p->event.min_statements;
}

int upr_statement_minutes(const struct upr_problem *p)
{
	const struct upr_event *e = &p->event;
	return e->session_length - e->opening - e->state_statement - e->questions;
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	char *s = upr_malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* Room for one more element in an array of n (cap grows by doubling);
 * 0, or -1 out of memory with *v unchanged. */
static int reserve(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *nv = upr_realloc(*v, c * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = c;
	return 0;
}

struct ctx {
	const struct upr_problem *p;
	const struct upr_timetable *t;
	struct upr_check_result *r;
	bool explain;
};

__attribute__((format(printf, 9, 10)))
static void violation(struct ctx *c, enum upr_hard code, int state, int state2,
		      int speaker, int room, int64_t start, int64_t end,
		      const char *fmt, ...)
{
	struct upr_check_result *r = c->r;
	if (reserve((void **)&r->v, &r->cap, r->n, sizeof(*r->v)) < 0) {
		r->oom = 1;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = vformat(fmt, ap);
	va_end(ap);
	if (!msg) {
		r->oom = 1;
		return;
	}
	r->v[r->n++] = (struct upr_violation){ code, state, state2, speaker, room,
					       start, end, msg };
}

__attribute__((format(printf, 8, 9)))
static void penalty(struct ctx *c, enum upr_weight kind, int64_t count, int state,
		    int state2, int speaker, int delegation, const char *fmt, ...)
{
	struct upr_check_result *r = c->r;
	if (!c->explain || count == 0)
		return;
	if (reserve((void **)&r->pen, &r->cappen, r->npen, sizeof(*r->pen)) < 0) {
		r->oom = 1;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = vformat(fmt, ap);
	va_end(ap);
	if (!msg) {
		r->oom = 1;
		return;
	}
	r->pen[r->npen++] = (struct upr_penalty){ kind, count, state, state2,
						  speaker, delegation, msg };
}

static const char *sname(const struct ctx *c, int s)
{
	return c->p->states[s].name;
}

/* ---- H1, H10, H11: where each session lies ---- */

static void check_session_place(struct ctx *c, const struct upr_session *s)
{
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	const struct upr_room *room = &p->rooms[s->room];
	const struct upr_state *st = &p->states[s->state];
	char a[17], b[17];
	upr_format_local(s->start, a);
	upr_format_local(s->end, b);

	if (s->end - s->start != e->session_length)
		violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room, s->start,
			  s->end, "the session of %s lasts %lld minutes, not session.length %d",
			  st->name, (long long)(s->end - s->start), e->session_length);

	int64_t day = upr_floor_div(s->start, UPR_MIN_PER_DAY);
	bool on_day = false;
	for (size_t i = 0; i < e->ndays; i++)
		if (e->days[i] == day)
			on_day = true;
	if (!on_day) {
		violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room, s->start,
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
			violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room,
				  s->start, s->end,
				  "the session of %s (%s to %.5s) is not inside one of event.hours",
				  st->name, a, b + 11);
		} else if ((s->start - day * UPR_MIN_PER_DAY - w->start) % e->grid != 0) {
			char ws[6];
			upr_format_hm((int)w->start, ws);
			violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room,
				  s->start, s->end,
				  "the session of %s starts %s, not a multiple of session.grid (%d minutes) after %s",
				  st->name, a, e->grid, ws);
		}
	}
	if (room->has_available &&
	    !upr_ivals_contains(&room->available, s->start, s->end))
		violation(c, UPR_H_SESSION_WINDOW, s->state, -1, -1, s->room, s->start,
			  s->end, "the session of %s (%s to %.5s) is outside the available times of room %s",
			  st->name, a, b + 11, room->name);

	if (upr_ivals_overlaps(&st->unavailable, s->start, s->end))
		violation(c, UPR_H_STATE_UNAVAILABLE, s->state, -1, -1, s->room, s->start,
			  s->end, "the session of %s (%s to %.5s) overlaps a time when %s is unavailable",
			  st->name, a, b + 11, st->name);

	if (st->room >= 0 && st->room != s->room)
		violation(c, UPR_H_PINNED, s->state, -1, -1, s->room, s->start, s->end,
			  "%s is pinned to room %s but its session is in room %s",
			  st->name, p->rooms[st->room].name, room->name);
	if (st->has_start && st->start != s->start) {
		char pin[17];
		upr_format_local(st->start, pin);
		violation(c, UPR_H_PINNED, s->state, -1, -1, s->room, s->start, s->end,
			  "%s is pinned to start %s but its session starts %s",
			  st->name, pin, a);
	}
}

/* ---- H3, H4, H5, H7, H8, H9: inside each session ---- */

static void check_session_items(struct ctx *c, const struct upr_session *s)
{
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	const struct upr_room *room = &p->rooms[s->room];
	const struct upr_state *st = &p->states[s->state];
	int64_t expect = upr_session_first_stmt(p, s);
	int minlen = 0, maxlen = 0;

	for (size_t i = 0; i < s->nstmts; i++) {
		const struct upr_stmt *x = &s->stmts[i];
		const struct upr_speaker *sp = &p->speakers[x->speaker];
		int64_t end = x->start + x->minutes;
		char a[17];
		upr_format_local(x->start, a);

		if (x->start != expect) {
			char ex[17];
			upr_format_local(expect, ex);
			violation(c, UPR_H_STATEMENT_FIT, s->state, -1, x->speaker, s->room,
				  x->start, end,
				  "in the session of %s, the statement of %s starts %s, not %s right after the previous item",
				  st->name, sp->organisation, a, ex + 11);
		}
		if (x->minutes < e->statement_min || x->minutes > e->statement_max)
			violation(c, UPR_H_STATEMENT_FIT, s->state, -1, x->speaker, s->room,
				  x->start, end,
				  "in the session of %s, the statement of %s lasts %d minutes, outside statement.min %d to statement.max %d",
				  st->name, sp->organisation, x->minutes, e->statement_min,
				  e->statement_max);
		if (i == 0 || x->minutes < minlen)
			minlen = x->minutes;
		if (i == 0 || x->minutes > maxlen)
			maxlen = x->minutes;
		expect = x->start + x->minutes;

		if ((sp->has_available && !upr_ivals_contains(&sp->available, x->start, end)) ||
		    upr_ivals_overlaps(&sp->unavailable, x->start, end)) {
			char b[6];
			upr_format_hm((int)(end - upr_floor_div(end, UPR_MIN_PER_DAY) * UPR_MIN_PER_DAY), b);
			violation(c, UPR_H_SPEAKER_AVAILABLE, s->state, -1, x->speaker, s->room,
				  x->start, end,
				  "%s speaks on %s at %s-%s, when it is not available",
				  sp->organisation, st->name, a, b);
		}
		if (!upr_room_has_language(room, sp->language)) {
			char l[3];
			upr_lang_format(sp->language, l);
			violation(c, UPR_H_LANGUAGE, s->state, -1, x->speaker, s->room, x->start,
				  end, "%s speaks in '%s' on %s, which room %s does not offer",
				  sp->organisation, l, st->name, room->name);
		}
		if (sp->remote && !room->video)
			violation(c, UPR_H_VIDEO, s->state, -1, x->speaker, s->room, x->start,
				  end, "%s speaks by video on %s, but room %s has no video",
				  sp->organisation, st->name, room->name);
	}
	if (s->nstmts > 0 && expect > s->end - e->questions) {
		char a[17];
		upr_format_local(expect, a);
		violation(c, UPR_H_STATEMENT_FIT, s->state, -1, -1, s->room, s->start, s->end,
			  "in the session of %s, the statements end at %s, leaving less than session.questions (%d minutes)",
			  st->name, a + 11, e->questions);
	}
	if (s->nstmts > 0 && maxlen - minlen > 1)
		violation(c, UPR_H_FAIR_SHARE, s->state, -1, -1, s->room, s->start, s->end,
			  "in the session of %s, statements last from %d to %d minutes (at most one minute apart)",
			  st->name, minlen, maxlen);
	if (e->nhri_first && st->nhri >= 0 && s->nstmts > 0 &&
	    s->stmts[0].speaker != st->nhri) {
		bool present = false;
		for (size_t i = 0; i < s->nstmts; i++)
			present |= s->stmts[i].speaker == st->nhri;
		if (present)
			violation(c, UPR_H_NHRI_FIRST, s->state, -1, st->nhri, s->room,
				  s->start, s->end,
				  "in the session of %s, the NHRI %s does not give the first statement",
				  st->name, p->speakers[st->nhri].organisation);
	}
}

/* ---- H2: one room, one session at a time ---- */

static int cmp_by_room_start(const void *pa, const void *pb, void *arg)
{
	const struct upr_session *ss = arg;
	const struct upr_session *a = &ss[*(const size_t *)pa], *b = &ss[*(const size_t *)pb];
	if (a->room != b->room)
		return a->room < b->room ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (*(const size_t *)pa > *(const size_t *)pb) - (*(const size_t *)pa < *(const size_t *)pb);
}

/* qsort_r is a GNU extension; a small merge sort with a context keeps the
 * checker portable and stable. */
static void sort_idx(size_t *idx, size_t n, int (*cmp)(const void *, const void *, void *),
		     void *arg, size_t *tmp)
{
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = cmp(&idx[j], &idx[i], arg) < 0 ? idx[j++] : idx[i++];
			while (i < mid)
				tmp[k++] = idx[i++];
			while (j < hi)
				tmp[k++] = idx[j++];
		}
		memcpy(idx, tmp, n * sizeof(*idx));
	}
}

static int check_rooms(struct ctx *c)
{
	const struct upr_timetable *t = c->t;
	size_t n = t->nsessions;
	size_t *idx = upr_malloc((n + 1) * sizeof(*idx));
	size_t *tmp = upr_malloc((n + 1) * sizeof(*tmp));
	if (!idx || !tmp) {
		upr_free(idx);
		upr_free(tmp);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_idx(idx, n, cmp_by_room_start, t->sessions, tmp);
	int gap = c->p->event.gap;
	for (size_t k = 1; k < n; k++) {
		const struct upr_session *a = &t->sessions[idx[k - 1]];
		const struct upr_session *b = &t->sessions[idx[k]];
		if (a->room != b->room || b->start >= a->end + gap)
			continue;
		char as[17], bs[17];
		upr_format_local(a->start, as);
		upr_format_local(b->start, bs);
		if (b->start < a->end)
			violation(c, UPR_H_ROOM_OVERLAP, a->state, b->state, -1, a->room,
				  b->start, a->end,
				  "the sessions of %s (%s) and %s (%s) overlap in room %s",
				  sname(c, a->state), as, sname(c, b->state), bs,
				  c->p->rooms[a->room].name);
		else
			violation(c, UPR_H_ROOM_OVERLAP, a->state, b->state, -1, a->room,
				  a->end, b->start,
				  "the sessions of %s (%s) and %s (%s) in room %s are less than session.gap (%d minutes) apart",
				  sname(c, a->state), as, sname(c, b->state), bs,
				  c->p->rooms[a->room].name, gap);
	}
	upr_free(idx);
	upr_free(tmp);
	return 0;
}

/* ---- H6: one speaker, one place at a time ---- */

struct ref {
	int speaker;
	size_t session, stmt;
};

static int cmp_ref(const void *pa, const void *pb, void *arg)
{
	const struct upr_timetable *t = arg;
	const struct ref *a = pa, *b = pb;
	if (a->speaker != b->speaker)
		return a->speaker < b->speaker ? -1 : 1;
	int64_t sa = t->sessions[a->session].stmts[a->stmt].start;
	int64_t sb = t->sessions[b->session].stmts[b->stmt].start;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (a->session != b->session)
		return a->session < b->session ? -1 : 1;
	return (a->stmt > b->stmt) - (a->stmt < b->stmt);
}

static int check_speakers(struct ctx *c, struct ref *refs, size_t nref)
{
	const struct upr_timetable *t = c->t;
	const struct upr_problem *p = c->p;
	/* refs are few per speaker; a stable sort over all of them */
	struct ref *tmp = upr_malloc((nref + 1) * sizeof(*tmp));
	if (!tmp)
		return -1;
	for (size_t w = 1; w < nref; w *= 2) {
		for (size_t lo = 0; lo < nref; lo += 2 * w) {
			size_t mid = lo + w < nref ? lo + w : nref;
			size_t hi = lo + 2 * w < nref ? lo + 2 * w : nref;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = cmp_ref(&refs[j], &refs[i], (void *)t) < 0 ? refs[j++] : refs[i++];
			while (i < mid)
				tmp[k++] = refs[i++];
			while (j < hi)
				tmp[k++] = refs[j++];
		}
		memcpy(refs, tmp, nref * sizeof(*refs));
	}
	upr_free(tmp);

	for (size_t k = 1; k < nref; k++) {
		const struct ref *x = &refs[k - 1], *y = &refs[k];
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
			violation(c, UPR_H_SPEAKER_OVERLAP, sa->state, sb->state, x->speaker,
				  sb->room, b->start, ae,
				  "%s speaks on %s (%s) and on %s (%s) at the same time",
				  org, sname(c, sa->state), as, sname(c, sb->state), bs);
		else if (sa->room != sb->room && b->start < ae + p->event.travel)
			violation(c, UPR_H_SPEAKER_OVERLAP, sa->state, sb->state, x->speaker,
				  sb->room, ae, b->start,
				  "%s has %lld minutes between its statements on %s (room %s) and %s (room %s), less than travel (%d)",
				  org, (long long)(b->start - ae), sname(c, sa->state),
				  p->rooms[sa->room].name, sname(c, sb->state),
				  p->rooms[sb->room].name, p->event.travel);
	}
	return 0;
}

/* ---- H12: every statement scheduled or waitlisted, exactly once ---- */

/* Index of statement (speaker, state) in the flat list of p's statements:
 * offset[speaker] + position of state in speaker->states; -1 if the speaker
 * does not speak on that State. */
static long stmt_index(const struct upr_problem *p, const size_t *offset, int speaker, int state)
{
	const struct upr_speaker *sp = &p->speakers[speaker];
	for (size_t i = 0; i < sp->nstates; i++)
		if (sp->states[i] == state)
			return (long)(offset[speaker] + i);
	return -1;
}

static int check_complete(struct ctx *c)
{
	const struct upr_problem *p = c->p;
	const struct upr_timetable *t = c->t;
	size_t nstmt = 0;
	size_t *offset = upr_malloc((p->nspeakers + 1) * sizeof(*offset));
	if (!offset)
		return -1;
	for (size_t i = 0; i < p->nspeakers; i++) {
		offset[i] = nstmt;
		nstmt += p->speakers[i].nstates;
	}
	unsigned char *seen = upr_calloc(nstmt + 1, 1);	/* 1 scheduled, 2 waitlisted */
	int *sessions_of = upr_calloc(p->nstates + 1, sizeof(int));
	unsigned char *listed_not_held = upr_calloc(p->nstates + 1, 1);
	if (!seen || !sessions_of || !listed_not_held) {
		upr_free(offset);
		upr_free(seen);
		upr_free(sessions_of);
		upr_free(listed_not_held);
		return -1;
	}

	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (sessions_of[s->state]++ == 1)
			violation(c, UPR_H_COMPLETE, s->state, -1, -1, s->room, s->start, s->end,
				  "%s has more than one session", sname(c, s->state));
		if (!upr_state_held(p, s->state))
			violation(c, UPR_H_COMPLETE, s->state, -1, -1, s->room, s->start, s->end,
				  "%s has a session but only %zu speakers (session.min_statements is %d)",
				  sname(c, s->state), p->states[s->state].nspeakers,
				  p->event.min_statements);
		for (size_t j = 0; j < s->nstmts; j++) {
			int sp = s->stmts[j].speaker;
			long k = stmt_index(p, offset, sp, s->state);
			if (k < 0) {
				violation(c, UPR_H_COMPLETE, s->state, -1, sp, s->room,
					  s->stmts[j].start, s->stmts[j].start + s->stmts[j].minutes,
					  "%s speaks in the session of %s but did not apply to speak on it",
					  p->speakers[sp].organisation, sname(c, s->state));
				continue;
			}
			if (seen[k])
				violation(c, UPR_H_COMPLETE, s->state, -1, sp, s->room,
					  s->stmts[j].start, s->stmts[j].start + s->stmts[j].minutes,
					  "the statement of %s on %s is scheduled more than once",
					  p->speakers[sp].organisation, sname(c, s->state));
			seen[k] = 1;
		}
	}
	for (size_t i = 0; i < t->nwaitlist; i++) {
		const struct upr_waitlisted *w = &t->waitlist[i];
		long k = stmt_index(p, offset, w->speaker, w->state);
		const char *org = p->speakers[w->speaker].organisation;
		if (k < 0) {
			violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
				  "%s is waitlisted on %s but did not apply to speak on it",
				  org, sname(c, w->state));
			continue;
		}
		if (seen[k])
			violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
				  "the statement of %s on %s is both %s and waitlisted",
				  org, sname(c, w->state), seen[k] == 1 ? "scheduled" : "twice");
		seen[k] = 2;
		if (!p->event.waitlist)
			violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
				  "the statement of %s on %s is waitlisted, but event.waitlist is false",
				  org, sname(c, w->state));
		else if (p->speakers[w->speaker].kind == UPR_KIND_NHRI)
			violation(c, UPR_H_COMPLETE, w->state, -1, w->speaker, -1, 0, 0,
				  "the NHRI %s is waitlisted on %s; NHRIs are never waitlisted",
				  org, sname(c, w->state));
	}
	for (size_t i = 0; i < t->nnot_held; i++) {
		int s = t->not_held[i].state;
		if (listed_not_held[s]++)
			continue;
		if (upr_state_held(p, s))
			violation(c, UPR_H_COMPLETE, s, -1, -1, -1, 0, 0,
				  "%s is listed as not held, but it has %zu speakers (session.min_statements is %d)",
				  sname(c, s), p->states[s].nspeakers, p->event.min_statements);
	}
	for (size_t s = 0; s < p->nstates; s++) {
		if (!upr_state_held(p, (int)s)) {
			if (!listed_not_held[s] && !sessions_of[s])
				violation(c, UPR_H_COMPLETE, (int)s, -1, -1, -1, 0, 0,
					  "%s is not held but is missing from the not-held list",
					  sname(c, (int)s));
			continue;
		}
		if (!sessions_of[s]) {
			violation(c, UPR_H_COMPLETE, (int)s, -1, -1, -1, 0, 0,
				  "%s has %zu speakers but no session", sname(c, (int)s),
				  p->states[s].nspeakers);
			continue;
		}
		const struct upr_state *st = &p->states[s];
		for (size_t j = 0; j < st->nspeakers; j++) {
			long k = stmt_index(p, offset, st->speakers[j], (int)s);
			if (k >= 0 && !seen[k])
				violation(c, UPR_H_COMPLETE, (int)s, -1, st->speakers[j], -1, 0, 0,
					  "the statement of %s on %s is neither scheduled nor waitlisted",
					  p->speakers[st->speakers[j]].organisation, st->name);
		}
	}
	upr_free(offset);
	upr_free(seen);
	upr_free(sessions_of);
	upr_free(listed_not_held);
	return 0;
}

/* ---- the score ---- */

struct timed {
	int64_t start;
	int state;
	int64_t review;
};

static int cmp_timed_start(const void *pa, const void *pb)
{
	const struct timed *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->state > b->state) - (a->state < b->state);
}

static int score_clash(struct ctx *c, const int64_t *start_of)
{
	const struct upr_problem *p = c->p;
	int len = p->event.session_length;
	struct timed *v = upr_malloc((p->nstates + 1) * sizeof(*v));
	if (!v)
		return -1;
	for (size_t d = 0; d < p->ndelegations; d++) {
		const struct upr_delegation *dl = &p->delegations[d];
		size_t n = 0;
		for (size_t i = 0; i < dl->nfollows; i++) {
			int s = dl->follows[i];
			if (start_of[s] != INT64_MIN)
				v[n++] = (struct timed){ start_of[s], s, 0 };
		}
		qsort(v, n, sizeof(*v), cmp_timed_start);
		/* Every session lasts session.length, so two overlap exactly
		 * when their starts are less than that apart. */
		for (size_t i = 0; i < n; i++) {
			for (size_t j = i + 1; j < n && v[j].start < v[i].start + len; j++) {
				c->r->score.count[UPR_W_CLASH]++;
				penalty(c, UPR_W_CLASH, 1, v[i].state, v[j].state, -1, (int)d,
					"%s follows %s and %s, whose sessions overlap",
					dl->name, sname(c, v[i].state), sname(c, v[j].state));
			}
		}
	}
	upr_free(v);
	return 0;
}

static int cmp_timed_review(const void *pa, const void *pb)
{
	const struct timed *a = pa, *b = pb;
	if (a->review != b->review)
		return a->review < b->review ? -1 : 1;
	/* equal reviews: later start first, so that equal-review pairs are
	 * never counted as inversions below */
	if (a->start != b->start)
		return a->start > b->start ? -1 : 1;
	return (a->state > b->state) - (a->state < b->state);
}

static int score_review_order(struct ctx *c, const int64_t *start_of)
{
	const struct upr_problem *p = c->p;
	struct timed *v = upr_malloc((p->nstates + 1) * sizeof(*v));
	if (!v)
		return -1;
	size_t n = 0;
	for (size_t s = 0; s < p->nstates; s++)
		if (p->states[s].has_review && start_of[s] != INT64_MIN)
			v[n++] = (struct timed){ start_of[s], (int)s, p->states[s].review };
	qsort(v, n, sizeof(*v), cmp_timed_review);
	/* A pair (a before b in review order, a < b strictly) counts when
	 * start_a >= start_b.  Quadratic, but only over States with a review
	 * (a few thousand at most); the solver keeps its own fast count. */
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (v[i].review < v[j].review && v[i].start >= v[j].start) {
				c->r->score.count[UPR_W_REVIEW_ORDER]++;
				penalty(c, UPR_W_REVIEW_ORDER, 1, v[i].state, v[j].state, -1, -1,
					"%s is reviewed before %s, but its pre-session does not start earlier",
					sname(c, v[i].state), sname(c, v[j].state));
			}
		}
	}
	upr_free(v);
	return 0;
}

static void score_sessions(struct ctx *c)
{
	const struct upr_problem *p = c->p;
	const struct upr_timetable *t = c->t;
	const struct upr_event *e = &p->event;
	struct upr_score *sc = &c->r->score;

	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		const struct upr_state *st = &p->states[s->state];
		if (st->prefer.n && !upr_ivals_contains(&st->prefer, s->start, s->end)) {
			sc->count[UPR_W_PREFER]++;
			penalty(c, UPR_W_PREFER, 1, s->state, -1, -1, -1,
				"the session of %s is outside its preferred times", st->name);
		}
		for (size_t j = 0; j < s->nstmts; j++) {
			int shortby = e->statement_max - s->stmts[j].minutes;
			if (shortby > 0) {
				sc->count[UPR_W_SHORT] += shortby;
				penalty(c, UPR_W_SHORT, shortby, s->state, -1, s->stmts[j].speaker, -1,
					"the statement of %s on %s lasts %d minutes, %d short of statement.max",
					p->speakers[s->stmts[j].speaker].organisation, st->name,
					s->stmts[j].minutes, shortby);
			}
		}
		for (size_t a = 0; a < s->nstmts; a++) {
			const struct upr_speaker *x = &p->speakers[s->stmts[a].speaker];
			if (x->kind == UPR_KIND_NHRI)
				continue;
			for (size_t b = a + 1; b < s->nstmts; b++) {
				const struct upr_speaker *y = &p->speakers[s->stmts[b].speaker];
				if (y->kind == UPR_KIND_NHRI || y->order > x->order)
					continue;
				sc->count[UPR_W_ORDER]++;
				penalty(c, UPR_W_ORDER, 1, s->state, -1, s->stmts[a].speaker, -1,
					"in the session of %s, %s speaks before %s, against the input order",
					st->name, x->organisation, y->organisation);
			}
		}
	}
	for (size_t i = 0; i < t->nwaitlist; i++) {
		const struct upr_waitlisted *w = &t->waitlist[i];
		const struct upr_speaker *sp = &p->speakers[w->speaker];
		sc->count[UPR_W_WAITLIST]++;
		sc->count[UPR_W_WAITLIST_PRIORITY] += sp->priority;
		penalty(c, UPR_W_WAITLIST, 1, w->state, -1, w->speaker, -1,
			"the statement of %s on %s is waitlisted", sp->organisation,
			sname(c, w->state));
		penalty(c, UPR_W_WAITLIST_PRIORITY, sp->priority, w->state, -1, w->speaker, -1,
			"the waitlisted %s has priority %d", sp->organisation, sp->priority);
	}
}

static int score_balance(struct ctx *c)
{
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	if (e->ndays == 0)
		return 0;
	long *per_day = upr_calloc(e->ndays, sizeof(*per_day));
	if (!per_day)
		return -1;
	for (size_t i = 0; i < c->t->nsessions; i++) {
		int64_t day = upr_floor_div(c->t->sessions[i].start, UPR_MIN_PER_DAY);
		/* days are sorted: binary search */
		size_t lo = 0, hi = e->ndays;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (e->days[mid] < day)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < e->ndays && e->days[lo] == day)
			per_day[lo]++;
	}
	long mx = per_day[0], mn = per_day[0];
	size_t imx = 0, imn = 0;
	for (size_t d = 1; d < e->ndays; d++) {
		if (per_day[d] > mx) {
			mx = per_day[d];
			imx = d;
		}
		if (per_day[d] < mn) {
			mn = per_day[d];
			imn = d;
		}
	}
	c->r->score.count[UPR_W_BALANCE] = mx - mn;
	if (mx > mn) {
		char a[11], b[11];
		upr_format_date(e->days[imx], a);
		upr_format_date(e->days[imn], b);
		penalty(c, UPR_W_BALANCE, mx - mn, -1, -1, -1, -1,
			"%s holds %ld sessions and %s holds %ld", a, mx, b, mn);
	}
	upr_free(per_day);
	return 0;
}

static void score_moved(struct ctx *c, const struct upr_timetable *base)
{
	const struct upr_problem *p = c->p;
	for (size_t i = 0; i < c->t->nsessions; i++) {
		const struct upr_session *s = &c->t->sessions[i];
		for (size_t j = 0; j < base->nsessions; j++) {
			const struct upr_session *b = &base->sessions[j];
			if (b->state != s->state)
				continue;
			if (b->room != s->room || b->start != s->start) {
				c->r->score.count[UPR_W_MOVED]++;
				penalty(c, UPR_W_MOVED, 1, s->state, -1, -1, -1,
					"the session of %s moved from its baseline room or time",
					p->states[s->state].name);
			}
			break;
		}
	}
}

long upr_check(const struct upr_problem *p, const struct upr_timetable *t,
	       const struct upr_check_opts *opts, struct upr_check_result *r)
{
	struct ctx c = { p, t, r, opts && opts->explain };
	int64_t *start_of = NULL;
	struct ref *refs = NULL;
	size_t nref = 0;

	for (size_t i = 0; i < t->nsessions; i++) {
		check_session_place(&c, &t->sessions[i]);
		check_session_items(&c, &t->sessions[i]);
		nref += t->sessions[i].nstmts;
	}
	if (check_rooms(&c) < 0)
		goto oom;
	refs = upr_malloc((nref + 1) * sizeof(*refs));
	if (!refs)
		goto oom;
	nref = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		for (size_t j = 0; j < t->sessions[i].nstmts; j++)
			refs[nref++] = (struct ref){ t->sessions[i].stmts[j].speaker, i, j };
	if (check_speakers(&c, refs, nref) < 0)
		goto oom;
	if (check_complete(&c) < 0)
		goto oom;

	/* The score.  A State with two sessions (already an H12 violation)
	 * counts with its first one. */
	memset(&r->score, 0, sizeof(r->score));
	start_of = upr_malloc((p->nstates + 1) * sizeof(*start_of));
	if (!start_of)
		goto oom;
	for (size_t s = 0; s < p->nstates; s++)
		start_of[s] = INT64_MIN;
	for (size_t i = 0; i < t->nsessions; i++)
		if (start_of[t->sessions[i].state] == INT64_MIN)
			start_of[t->sessions[i].state] = t->sessions[i].start;
	score_sessions(&c);
	if (score_clash(&c, start_of) < 0 || score_review_order(&c, start_of) < 0 ||
	    score_balance(&c) < 0)
		goto oom;
	if (opts && opts->baseline)
		score_moved(&c, opts->baseline);
	r->score.total = 0;
	for (int w = 0; w < UPR_W_COUNT; w++) {
		r->score.part[w] = r->score.count[w] * p->event.weights[w];
		r->score.total += r->score.part[w];
	}
	upr_free(start_of);
	upr_free(refs);
	return r->oom ? -1 : (long)r->n;
oom:
	upr_free(start_of);
	upr_free(refs);
	r->oom = 1;
	return -1;
}
