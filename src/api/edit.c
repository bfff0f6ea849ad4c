/*
 * edit.c - upr_edit: one change by hand to a published timetable (move a
 * session, swap two, set a running order, waitlist or seat a speaker),
 * judged and published as a re-plan would publish it.
 *
 * The timetable read is also the baseline: the changed timetable is
 * judged by the checker against it (so `moved` counts the sessions the
 * edit moved), and its calendar history and changes.txt are built against
 * it exactly as after plan --baseline (docs/replan.md): the same UIDs,
 * SEQUENCE raised only on the events that changed, removed ones
 * CANCELLED.  A timetable that breaks a hard constraint is refused with
 * the checker's own words, and nothing at all is written, unless forced.
 *
 * The inside of a changed session is refitted as plan fits it: its
 * running order kept, with the lengths plan gives that order
 * (upr_intra_fit); a moved session whose order cannot hold at its new
 * place gets plan's own order for that place (upr_intra_best) when it
 * seats the same speakers; when nothing fits, the order is fitted
 * leniently and the checker names what breaks.  An edit waitlists only
 * whom the organisers name.  The times its speakers speak elsewhere are blocked (travel
 * included), as in plan and why.  No rule of a session is computed here.
 *
 * Ids typed in another case are taken, unknown ones get did-you-mean
 * (upr_problem_find); the changed arrays live in the timetable's arena.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"
#include "export/export.h"
#include "load/timetable_read.h"
#include "load/values.h"
#include "model/session.h"
#include "solve/solve.h"

_Static_assert(UPR_W_COUNT <= UPR_SCORE_PARTS, "struct upr_edit_report holds every part");

/* The reason timetable.json gives for a statement waitlisted by an edit. */
#define REASON_EDIT "waitlisted by the organisers (upr-schedule edit)"

struct edit {
	const struct upr_problem *p;
	struct upr_timetable *t;	/* the timetable being changed */
	const struct upr_edit_request *rq;
	struct upr_diags *d;
};

static int oom(struct edit *e)
{
	upr_error(e->d, NULL, "out of memory");
	return UPR_FAILED;
}

/* ---- finding what the request names ---- */

static int find(struct edit *e, unsigned kind, const char *id, int *index)
{
	struct upr_found f;
	if (upr_problem_find(e->p, kind, id, &f, e->d) != 0)
		return UPR_BAD_INPUT;
	*index = f.index;
	return UPR_OK;
}

/* The room id names: exactly, else in another case; else an error with
 * the closest id. */
static int find_room(struct edit *e, const char *id, int *room)
{
	const struct upr_problem *p = e->p;
	for (size_t i = 0; i < p->nrooms; i++)
		if (strcmp(p->rooms[i].id, id) == 0 || strcasecmp(p->rooms[i].id, id) == 0) {
			*room = (int)i;
			return UPR_OK;
		}
	struct upr_suggest s;
	upr_suggest_init(&s, id);
	for (size_t i = 0; i < p->nrooms; i++)
		upr_suggest_add(&s, p->rooms[i].id);
	if (s.best)
		upr_error(e->d, NULL, "room '%s' is not defined in the input (did you mean '%s'?)", id,
			  s.best);
	else
		upr_error(e->d, NULL, "room '%s' is not defined in the input", id);
	return UPR_BAD_INPUT;
}

/* The index in t of the session of state; else an error that says why
 * it has none. */
static int session_of(struct edit *e, int state, size_t *si)
{
	const struct upr_timetable *t = e->t;
	for (size_t i = 0; i < t->nsessions; i++)
		if (t->sessions[i].state == state) {
			*si = i;
			return UPR_OK;
		}
	const struct upr_state *st = &e->p->states[state];
	for (size_t i = 0; i < t->nnot_held; i++)
		if (t->not_held[i].state == state) {
			upr_error(e->d, NULL, "%s (%s) has no session in the timetable: it is not held (%s)",
				  st->name, st->id, t->not_held[i].reason);
			return UPR_BAD_INPUT;
		}
	upr_error(e->d, NULL, "%s (%s) has no session in the timetable", st->name, st->id);
	return UPR_BAD_INPUT;
}

/* Does speaker apply for state? */
static bool applies(const struct upr_problem *p, int speaker, int state)
{
	const struct upr_speaker *sp = &p->speakers[speaker];
	for (size_t i = 0; i < sp->nstates; i++)
		if (sp->states[i] == state)
			return true;
	return false;
}

/* An error unless speaker applies for state: the States it does name. */
static int check_applies(struct edit *e, int speaker, int state)
{
	const struct upr_problem *p = e->p;
	if (applies(p, speaker, state))
		return UPR_OK;
	const struct upr_speaker *sp = &p->speakers[speaker];
	char list[512] = "";
	size_t len = 0;
	for (size_t i = 0; i < sp->nstates && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s (%s)", i ? ", " : "",
					p->states[sp->states[i]].name, p->states[sp->states[i]].id);
	upr_error(e->d, NULL, "%s (%s) does not speak on %s (%s): its States are %s",
		  sp->organisation, sp->id, p->states[state].name, p->states[state].id, list);
	return UPR_BAD_INPUT;
}

/* Position of speaker in session s's running order, or -1. */
static int position(const struct upr_session *s, int speaker)
{
	for (size_t q = 0; q < s->nstmts; q++)
		if (s->stmts[q].speaker == speaker)
			return (int)q;
	return -1;
}

/* ---- refitting a session ---- */

/*
 * Gives session si the statements of res, starting where its first
 * statement starts, and makes the waitlist of its State res's: entries
 * already there keep their reason, new ones get REASON_EDIT.  0, or -1
 * out of memory.
 */
static int apply_fit(struct edit *e, size_t si, const struct upr_intra_result *res)
{
	struct upr_timetable *t = e->t;
	struct upr_session *s = &t->sessions[si];
	struct upr_stmt *v = upr_arena_alloc(&t->arena, ((size_t)res->nscheduled + 1) * sizeof(*v));
	struct upr_waitlisted *w = upr_arena_alloc(
		&t->arena, (t->nwaitlist + (size_t)res->nwaitlisted + 1) * sizeof(*w));
	if (!v || !w)
		return -1;
	int64_t cur = upr_session_stmts_start(e->p, s->state, s->start);
	for (int q = 0; q < res->nscheduled; q++) {
		v[q] = (struct upr_stmt){ res->order[q], cur, res->minutes[q] };
		cur += res->minutes[q];
	}
	s->stmts = v;
	s->nstmts = (size_t)res->nscheduled;
	size_t n = 0;
	for (size_t i = 0; i < t->nwaitlist; i++) {
		bool keep = t->waitlist[i].state != s->state;
		for (int j = 0; !keep && j < res->nwaitlisted; j++)
			keep = res->waitlisted[j] == t->waitlist[i].speaker;
		if (keep)
			w[n++] = t->waitlist[i];
	}
	for (int j = 0; j < res->nwaitlisted; j++) {
		bool there = false;
		for (size_t i = 0; i < t->nwaitlist; i++)
			there |= t->waitlist[i].state == s->state &&
				 t->waitlist[i].speaker == res->waitlisted[j];
		if (!there)
			w[n++] = (struct upr_waitlisted){ res->waitlisted[j], s->state, REASON_EDIT };
	}
	t->waitlist = w;
	t->nwaitlist = n;
	return 0;
}

/* Does res seat exactly the speakers of order[0..m)? */
static bool same_speakers(const struct upr_intra_result *res, const int *order, int m)
{
	if (res->nscheduled != m)
		return false;
	for (int i = 0; i < m; i++) {
		bool in = false;
		for (int j = 0; j < m; j++)
			in |= res->order[j] == order[i];
		if (!in)
			return false;
	}
	return true;
}

/*
 * Refits session si (its room and start already set) for the running
 * order order[0..m): the lengths plan gives that order there; when that
 * order cannot hold and replan, plan's own order for the place with the
 * same speakers; else the order fitted leniently, for the checker to
 * judge (an edit never waitlists anyone the organisers did not name).
 * 0, or -1 out of memory.
 */
static int refit(struct edit *e, size_t si, const int *order, int m, bool replan)
{
	const struct upr_problem *p = e->p;
	const struct upr_session *s = &e->t->sessions[si];
	size_t nsp = p->states[s->state].nspeakers + 1;
	size_t nblk;
	struct upr_blocked *blk = upr_api_blocked(p, e->t, si, s->room, &nblk);
	int *buf = upr_malloc(3 * nsp * sizeof(int));
	int rc = -1;
	if (!blk || !buf)
		goto done;
	struct upr_intra_result res = { .order = buf, .minutes = buf + nsp,
					.waitlisted = buf + 2 * nsp };
	if (upr_intra_fit(p, s->state, s->room, s->start, blk, nblk, order, m, false, &res) < 0)
		goto done;
	if (!res.feasible && replan) {
		/* plan's own order for the place, as long as it seats the
		 * same speakers: who speaks is the organisers' to change */
		long nodes = 0;
		if (upr_intra_best(p, s->state, s->room, s->start, blk, nblk, 0, &res, &nodes) < 0)
			goto done;
		if (res.feasible && !same_speakers(&res, order, m))
			res.feasible = false;
	}
	if (!res.feasible &&
	    upr_intra_fit(p, s->state, s->room, s->start, blk, nblk, order, m, true, &res) < 0)
		goto done;
	rc = res.feasible ? apply_fit(e, si, &res) : 0;
done:
	upr_free(blk);
	upr_free(buf);
	return rc;
}

/* Refits session si keeping its running order (a copy: the fit replaces
 * the array); replan as for refit. */
static int refit_same(struct edit *e, size_t si, bool replan)
{
	const struct upr_session *s = &e->t->sessions[si];
	int *order = upr_malloc((s->nstmts + 1) * sizeof(int));
	if (!order)
		return -1;
	for (size_t q = 0; q < s->nstmts; q++)
		order[q] = s->stmts[q].speaker;
	int rc = refit(e, si, order, (int)s->nstmts, replan);
	upr_free(order);
	return rc;
}

/* Puts session si at (room, start), its statements shifted with it. */
static void place(struct edit *e, size_t si, int room, int64_t start)
{
	struct upr_session *s = &e->t->sessions[si];
	struct upr_stmt *v = upr_arena_alloc(&e->t->arena, (s->nstmts + 1) * sizeof(*v));
	if (v) {
		for (size_t q = 0; q < s->nstmts; q++) {
			v[q] = s->stmts[q];
			v[q].start += start - s->start;
		}
		s->stmts = v;
	}
	s->room = room;
	s->start = start;
	s->end = upr_session_end(e->p, s->state, start);
}

/* ---- the verbs ---- */

static int need_ids(struct edit *e, size_t min, size_t max, const char *what)
{
	if (e->rq->nids >= min && e->rq->nids <= max)
		return UPR_OK;
	upr_error(e->d, NULL, "edit %s", what);
	return UPR_BAD_INPUT;
}

static int do_move(struct edit *e)
{
	const struct upr_problem *p = e->p;
	const struct upr_edit_request *rq = e->rq;
	int state, room, rc;
	size_t si;
	if ((rc = need_ids(e, 1, 1, "move needs one State")) != UPR_OK ||
	    (rc = find(e, UPR_ENTITY_STATE, rq->ids[0], &state)) != UPR_OK ||
	    (rc = session_of(e, state, &si)) != UPR_OK)
		return rc;
	room = e->t->sessions[si].room;
	if (rq->room && (rc = find_room(e, rq->room, &room)) != UPR_OK)
		return rc;
	if (!rq->to) {
		upr_error(e->d, NULL, "edit move needs --to \"YYYY-MM-DD HH:MM\"");
		return UPR_BAD_INPUT;
	}
	char msg[160];
	int64_t start;
	enum upr_vstatus vs = upr_parse_datetime(rq->to, &start, msg, sizeof(msg));
	if (vs != UPR_V_OK) {
		upr_error(e->d, NULL, "--to '%s': %s", rq->to,
			  vs == UPR_V_BAD ? msg : "expected a date and time, \"YYYY-MM-DD HH:MM\"");
		return UPR_BAD_INPUT;
	}
	int64_t day = upr_floor_div(start, 1440);
	bool event_day = false;
	for (size_t i = 0; i < p->event.ndays; i++)
		event_day |= p->event.days[i] == day;
	if (!event_day) {
		char d0[11], d1[11], dd[11];
		upr_format_date(day, dd);
		upr_format_date(p->event.days[0], d0);
		upr_format_date(p->event.days[p->event.ndays - 1], d1);
		upr_error(e->d, NULL, "--to '%s': %s is not a day of the event (its days run from %s to %s)",
			  rq->to, dd, d0, d1);
		return UPR_BAD_INPUT;
	}
	place(e, si, room, start);
	return refit_same(e, si, true) < 0 ? oom(e) : UPR_OK;
}

static int do_swap(struct edit *e)
{
	const struct upr_edit_request *rq = e->rq;
	int a, b, rc;
	size_t sa, sb;
	if ((rc = need_ids(e, 2, 2, "swap needs two States")) != UPR_OK ||
	    (rc = find(e, UPR_ENTITY_STATE, rq->ids[0], &a)) != UPR_OK ||
	    (rc = find(e, UPR_ENTITY_STATE, rq->ids[1], &b)) != UPR_OK ||
	    (rc = session_of(e, a, &sa)) != UPR_OK || (rc = session_of(e, b, &sb)) != UPR_OK)
		return rc;
	if (a == b) {
		upr_error(e->d, NULL, "edit swap needs two different States, got %s twice",
			  e->p->states[a].id);
		return UPR_BAD_INPUT;
	}
	struct upr_session *x = &e->t->sessions[sa], *y = &e->t->sessions[sb];
	int xroom = x->room, yroom = y->room;
	int64_t xstart = x->start, ystart = y->start;
	place(e, sa, yroom, ystart);
	place(e, sb, xroom, xstart);
	/* each refitted with the other at its new place */
	if (refit_same(e, sa, true) < 0 || refit_same(e, sb, true) < 0)
		return oom(e);
	return UPR_OK;
}

static int do_order(struct edit *e)
{
	const struct upr_problem *p = e->p;
	const struct upr_edit_request *rq = e->rq;
	int state, rc;
	size_t si;
	if ((rc = need_ids(e, 2, SIZE_MAX, "order needs a State and its speakers in running order")) !=
		    UPR_OK ||
	    (rc = find(e, UPR_ENTITY_STATE, rq->ids[0], &state)) != UPR_OK ||
	    (rc = session_of(e, state, &si)) != UPR_OK)
		return rc;
	const struct upr_session *s = &e->t->sessions[si];
	int *order = upr_malloc((s->nstmts + rq->nids + 1) * sizeof(int));
	if (!order)
		return oom(e);
	int m = 0;
	rc = UPR_OK;
	for (size_t i = 1; i < rq->nids; i++) {
		int sp;
		if (find(e, UPR_ENTITY_SPEAKER, rq->ids[i], &sp) != UPR_OK ||
		    check_applies(e, sp, state) != UPR_OK) {
			rc = UPR_BAD_INPUT;
			continue;
		}
		const struct upr_speaker *x = &p->speakers[sp];
		bool twice = false;
		for (int j = 0; j < m; j++)
			twice |= order[j] == sp;
		if (twice) {
			upr_error(e->d, NULL, "%s (%s) is named twice", x->organisation, x->id);
			rc = UPR_BAD_INPUT;
		} else if (position(s, sp) < 0) {
			upr_error(e->d, NULL,
				  "%s (%s) does not speak in the session of %s: it is on the waitlist (seat it first: upr-schedule edit ... seat %s --state %s)",
				  x->organisation, x->id, p->states[state].name, x->id, p->states[state].id);
			rc = UPR_BAD_INPUT;
		} else {
			order[m++] = sp;
		}
	}
	/* the speakers not named follow, in the order they had; an NHRI not
	 * named stays first where it has to be (nhri_first) */
	for (size_t q = 0; rc == UPR_OK && q < s->nstmts; q++) {
		int sp = s->stmts[q].speaker;
		bool named = false;
		for (int j = 0; j < m; j++)
			named |= order[j] == sp;
		if (named)
			continue;
		if (p->event.nhri_first && p->speakers[sp].kind == UPR_KIND_NHRI) {
			memmove(order + 1, order, (size_t)m * sizeof(*order));
			order[0] = sp;
			m++;
		} else {
			order[m++] = sp;
		}
	}
	if (rc == UPR_OK && refit(e, si, order, m, false) < 0)
		rc = oom(e);
	upr_free(order);
	return rc;
}

/* The speaker of a waitlist or seat request and its State (--state, or
 * the only State it applies for). */
static int speaker_and_state(struct edit *e, int *sp, int *state, size_t *si)
{
	const struct upr_edit_request *rq = e->rq;
	int rc;
	if ((rc = need_ids(e, 1, 1, rq->verb == UPR_EDIT_SEAT ? "seat needs one speaker"
							       : "waitlist needs one speaker")) != UPR_OK ||
	    (rc = find(e, UPR_ENTITY_SPEAKER, rq->ids[0], sp)) != UPR_OK)
		return rc;
	const struct upr_speaker *x = &e->p->speakers[*sp];
	if (rq->state) {
		if ((rc = find(e, UPR_ENTITY_STATE, rq->state, state)) != UPR_OK ||
		    (rc = check_applies(e, *sp, *state)) != UPR_OK)
			return rc;
	} else if (x->nstates == 1) {
		*state = x->states[0];
	} else {
		upr_error(e->d, NULL, "%s (%s) speaks on %zu States: say which with --state",
			  x->organisation, x->id, x->nstates);
		return UPR_BAD_INPUT;
	}
	return session_of(e, *state, si);
}

static int do_waitlist(struct edit *e)
{
	const struct upr_problem *p = e->p;
	int sp, state, rc;
	size_t si;
	if ((rc = speaker_and_state(e, &sp, &state, &si)) != UPR_OK)
		return rc;
	const struct upr_session *s = &e->t->sessions[si];
	if (position(s, sp) < 0) {
		upr_error(e->d, NULL, "%s (%s) is already on the waitlist of %s",
			  p->speakers[sp].organisation, p->speakers[sp].id, p->states[state].name);
		return UPR_BAD_INPUT;
	}
	int *order = upr_malloc((s->nstmts + 1) * sizeof(int));
	if (!order)
		return oom(e);
	int m = 0;
	for (size_t q = 0; q < s->nstmts; q++)
		if (s->stmts[q].speaker != sp)
			order[m++] = s->stmts[q].speaker;
	rc = refit(e, si, order, m, false) < 0 ? oom(e) : UPR_OK;
	upr_free(order);
	return rc;
}

static int do_seat(struct edit *e)
{
	const struct upr_problem *p = e->p;
	int sp, state, rc;
	size_t si;
	if ((rc = speaker_and_state(e, &sp, &state, &si)) != UPR_OK)
		return rc;
	const struct upr_session *s = &e->t->sessions[si];
	if (position(s, sp) >= 0) {
		upr_error(e->d, NULL, "%s (%s) already speaks in the session of %s",
			  p->speakers[sp].organisation, p->speakers[sp].id, p->states[state].name);
		return UPR_BAD_INPUT;
	}
	/* where the input order puts it (the score's `order`): an NHRI
	 * first, anyone else before the first later applicant */
	int *order = upr_malloc((s->nstmts + 2) * sizeof(int));
	if (!order)
		return oom(e);
	bool nhri = p->speakers[sp].kind == UPR_KIND_NHRI;
	int m = 0;
	bool placed = false;
	for (size_t q = 0; q < s->nstmts; q++) {
		const struct upr_speaker *o = &p->speakers[s->stmts[q].speaker];
		if (!placed && (nhri || (o->kind != UPR_KIND_NHRI && o->order > p->speakers[sp].order))) {
			order[m++] = sp;
			placed = true;
		}
		order[m++] = s->stmts[q].speaker;
	}
	if (!placed)
		order[m++] = sp;
	rc = refit(e, si, order, m, false) < 0 ? oom(e) : UPR_OK;
	upr_free(order);
	return rc;
}

static int apply_verb(struct edit *e)
{
	switch (e->rq->verb) {
	case UPR_EDIT_MOVE:
		return do_move(e);
	case UPR_EDIT_SWAP:
		return do_swap(e);
	case UPR_EDIT_ORDER:
		return do_order(e);
	case UPR_EDIT_WAITLIST:
		return do_waitlist(e);
	case UPR_EDIT_SEAT:
		return do_seat(e);
	}
	upr_error(e->d, NULL, "edit: unknown verb %d", (int)e->rq->verb);
	return UPR_BAD_INPUT;
}

/* ---- judging and publishing ---- */

static void report_score(struct upr_edit_report *r, const struct upr_score *before,
			 const struct upr_score *after)
{
	r->before = before->total;
	r->after = after->total;
	r->nparts = UPR_W_COUNT;
	for (int k = 0; k < UPR_W_COUNT; k++)
		r->part[k] = (struct upr_score_part){ upr_weight_names[k], before->part[k],
						      after->part[k] };
}

/* The directory of path (NULL: none), into buf. */
static const char *dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	size_t n = (size_t)(slash - path);
	if (n == 0)
		return "/";
	if (n >= size)
		return NULL;
	memcpy(buf, path, n);
	buf[n] = '\0';
	return buf;
}

int upr_edit(const struct upr_problem *p, const struct upr_edit_request *rq,
	     struct upr_edit_report *r, struct upr_diags *d)
{
	memset(r, 0, sizeof(*r));
	int lang;
	if (upr_api_output_lang(rq->lang, &lang, d) != UPR_OK)
		return UPR_BAD_INPUT;
	unsigned formats = rq->formats ? rq->formats : upr_formats_all();
	if (formats & ~upr_formats_all()) {
		upr_error(d, NULL, "unknown format in the set 0x%x", formats);
		return UPR_BAD_INPUT;
	}
	char dirbuf[4096];
	const char *out = rq->out ? rq->out : dir_of(rq->timetable, dirbuf, sizeof(dirbuf));
	if (!out) {
		upr_error(d, NULL, "the directory of '%s' is too long a name: give --out", rq->timetable);
		return UPR_BAD_INPUT;
	}
	struct upr_timetable *base = NULL, *t = NULL;
	struct upr_tt_events base_events = { NULL, 0 };
	struct upr_history hist;
	upr_history_init(&hist);
	struct upr_check_result cr;
	upr_check_result_init(&cr);
	int rc = UPR_BAD_INPUT;
	/* the timetable as published (the baseline: lenient, with its
	 * events) and the copy that is changed (every id defined) */
	if (upr_timetable_read_file_mode(p, rq->timetable, UPR_TT_BASELINE, &base, &base_events,
					 d) != 0)
		goto done;
	if (upr_timetable_read_file(p, rq->timetable, &t, d) != 0) {
		upr_note(d, NULL,
			 "edit changes a timetable that matches the input; after the input changed (a withdrawal), re-plan with 'plan --baseline %s', and keep States in place with 'edit pin'",
			 rq->timetable);
		goto done;
	}

	rc = UPR_FAILED;
	if (upr_check(p, t, NULL, &cr) < 0) {
		upr_error(d, NULL, "out of memory");
		goto done;
	}
	struct upr_score before = cr.score;
	upr_check_result_release(&cr);
	upr_check_result_init(&cr);

	struct edit e = { p, t, rq, d };
	if ((rc = apply_verb(&e)) != UPR_OK)
		goto done;
	rc = UPR_FAILED;
	if (t->arena.failed) {
		upr_error(d, NULL, "out of memory");
		goto done;
	}
	upr_timetable_sort(t);

	struct upr_check_opts co = { false, base };
	long nv = upr_check(p, t, &co, &cr);
	if (nv < 0) {
		upr_error(d, NULL, "out of memory");
		goto done;
	}
	report_score(r, &before, &cr.score);
	r->violations = (size_t)nv;
	if (nv > 0) {
		struct upr_loc tl = { rq->timetable, 0, 0 };
		for (size_t i = 0; i < cr.n; i++)
			upr_diag(d, rq->force ? UPR_WARNING : UPR_ERROR, &tl, "H%d %s: %s",
				 (int)cr.v[i].code, upr_hard_names[cr.v[i].code], cr.v[i].message);
		if (!rq->force) {
			upr_note(d, &tl, "the edit breaks hard constraints, so nothing was written; --force writes it anyway");
			goto done;
		}
	}
	t->score = cr.score;
	/* the search's bound still holds (the edit only adds `moved`); the
	 * edited plan is optimal only when it meets it */
	t->optimal = t->optimal && t->score.total == t->lower_bound;

	struct upr_export_opts eo;
	memset(&eo, 0, sizeof(eo));
	eo.dtstamp = rq->dtstamp >= 0 ? rq->dtstamp : p->newest_mtime;
	eo.lang = (enum upr_ui_lang)lang;
	if (upr_history_build(&hist, p, t, base, &base_events, eo.dtstamp) != 0) {
		upr_error(d, NULL, "out of memory");
		goto done;
	}
	eo.history = hist.events;
	eo.nhistory = hist.nevents;
	/* changes.txt goes with every edit, as with every re-plan */
	formats |= UPR_FMT(UPR_FORMAT_CHANGES);
	rc = UPR_WRITE_ERROR;
	if (upr_write_outputs_history(p, t, out, formats, &eo, &hist, d) != 0)
		goto done;
	rc = UPR_OK;
	r->written = true;
	r->changes = hist.nchanges;
	r->events_changed = hist.changed;
	r->events_cancelled = hist.cancelled;
done:
	upr_check_result_release(&cr);
	upr_history_release(&hist);
	upr_timetable_free(t);
	upr_timetable_free(base);
	return rc;
}
