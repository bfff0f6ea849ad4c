/*
 * timetable.c - the best placement turned into a timetable.
 *
 * Sessions in start order, each planned by intra.c with the statements
 * of its speakers in earlier interacting sessions blocked; States not
 * held and waitlisted speakers get the reason an organiser reads, which
 * names the room, the other session or the speakers that push a statement
 * out (docs/reference.md#who-waits).  When
 * a placement the search accepted cannot be planned here, that is a
 * fault of the search (upr_solve reports UPR_SOLVE_INTERNAL), never an
 * infeasible input.
 */
#include "solve/internal.h"
#include "solve/precheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- why a statement waits ---- */

/* Statement q of session j of the timetable being built. */
struct placed {
	int j, q;
};

/* What waitlist_reason needs to know of the session being built. */
struct why {
	const struct upr_problem *p;
	struct upr_timetable *t;		/* its arena; the sessions so far */
	const struct upr_session *ss;		/* the session (stmts set) */
	const struct upr_intra_result *res;	/* who is seated, who waits */
	const struct upr_blocked *blk;		/* times taken elsewhere, */
	const size_t *blo, *bn;			/* from blo[sp], bn[sp] of them sp's */
	const struct placed *placed;		/* statements placed so far, */
	const size_t *poff, *pn;		/* from poff[sp], pn[sp] of them sp's */
	int travel;
	/* per session, counted once on first use (-1: not yet), so that a
	 * State with a thousand waiting speakers costs linear time: who can
	 * come, and of the waitlisted who can come, how many of each
	 * priority (0-9) */
	int *ncome, *nsame;
	/* per priority (0-9), once per session: the last one seated of it
	 * (-2: not yet), and the capacity reason that names no waiting
	 * speaker (NULL: not yet), which every waiting speaker of that
	 * priority shares (shared1000: 992 a session, one text) */
	int *last;
	char **shared;
};

static const char *org(const struct upr_problem *p, int speaker)
{
	return p->speakers[speaker].organisation;
}

/* The times taken elsewhere that concern sp (a speaker of the session):
 * only its own count for it. */
static bool fits(const struct why *y, int sp)
{
	const struct upr_session *ss = y->ss;
	return upr_session_speaker_fits(y->p, ss->state, sp, ss->start, y->blk + y->blo[sp],
					y->bn[sp]);
}

/* Could sp speak in this session, the room and the times taken elsewhere
 * aside from nothing? */
static bool can_come(const struct why *y, int sp)
{
	const struct upr_session *ss = y->ss;
	return upr_session_room_takes(y->p, ss->room, sp) && fits(y, sp);
}

/* Its statement in another session leaves it no time here. */
static char *reason_elsewhere(const struct why *y, int sp)
{
	const struct upr_problem *p = y->p;
	const struct upr_session *ss = y->ss;
	int64_t base = upr_session_stmts_start(p, ss->state, ss->start);
	int64_t end = base + upr_session_statement_minutes(p, ss->state);
	/* its statements in placing order, the first one (with travel) that
	 * covers this session's statements: it may speak in others too */
	for (size_t k = 0; k < y->pn[sp]; k++) {
		const struct placed *pl = &y->placed[y->poff[sp] + k];
		const struct upr_session *o = &y->t->sessions[pl->j];
		const struct upr_stmt *x = &o->stmts[pl->q];
		int margin = o->room == ss->room ? 0 : y->travel;
		if (!upr_overlap(x->start - margin, x->start + x->minutes + margin, base, end))
			continue;
		char at[17];
		upr_format_local(x->start, at);
		if (o->room == ss->room)
			return upr_arena_printf(&y->t->arena,
						"%s speaks in the session of %s at %s, which leaves it no time in the session of %s",
						org(p, sp), p->states[o->state].name, at,
						p->states[ss->state].name);
		return upr_arena_printf(&y->t->arena,
					"%s speaks in the session of %s at %s in %s, which leaves it no time in the session of %s (travel between rooms: %d minutes)",
					org(p, sp), p->states[o->state].name, at,
					p->rooms[o->room].name, p->states[ss->state].name,
					y->travel);
	}
	return NULL;
}

/* Its own availability misses the session: whose does it meet? */
static char *reason_availability(const struct why *y, int sp)
{
	const struct upr_problem *p = y->p;
	const struct upr_session *ss = y->ss;
	const struct upr_speaker *x = &p->speakers[sp];
	char when[17], hm[6], times[240], avail[280];
	upr_format_local(ss->start, when);
	int64_t day = upr_floor_div(ss->end, UPR_MIN_PER_DAY);
	upr_format_hm((int)(ss->end - day * UPR_MIN_PER_DAY), hm);
	upr_describe_times(x->has_available ? &x->available : &x->unavailable, times, sizeof(times));
	snprintf(avail, sizeof(avail), "%s %s",
		 x->has_available ? "it is available only" : "it is unavailable", times);
	/* the times the session could have had with it: whose speakers miss them? */
	size_t n = 0;
	int64_t *starts = upr_session_starts(p, ss->state, &n);
	if (!starts)
		return NULL;
	size_t nfree = 0;
	for (size_t i = 0; i < n; i++)
		if (upr_session_state_free(p, ss->state, starts[i]) &&
		    upr_session_speaker_fits(p, ss->state, sp, starts[i], NULL, 0))
			starts[nfree++] = starts[i];
	const char *names[2];
	int nnames = 0, more = 0;
	for (int i = 0; i < y->res->nscheduled && nfree > 0; i++) {
		int o = y->res->order[i];
		bool never = true;
		for (size_t k = 0; k < nfree && never; k++)
			never = !upr_session_speaker_fits(p, ss->state, o, starts[k], NULL, 0);
		if (!never)
			continue;
		if (nnames < 2)
			names[nnames++] = org(p, o);
		else
			more++;
	}
	upr_free(starts);
	const char *st = p->states[ss->state].name;
	struct upr_arena *a = &y->t->arena;
	if (nfree == 0)
		return upr_arena_printf(a, "%s cannot speak in the session of %s (%s-%s): %s, which misses every possible time of the session",
					org(p, sp), st, when, hm, avail);
	if (nnames == 0)
		return upr_arena_printf(a, "%s cannot speak in the session of %s (%s-%s): %s; the plan placed the session at a time that suits its other speakers, rooms and sessions better",
					org(p, sp), st, when, hm, avail);
	return upr_arena_printf(a, x->has_available
				? "%s cannot speak in the session of %s (%s-%s): %s, when %s%s%s%s %s"
				: "%s cannot speak in the session of %s (%s-%s): %s; when it is free, %s%s%s%s %s",
				org(p, sp), st, when, hm, avail, names[0],
				nnames > 1 ? (more ? ", " : " and ") : "", nnames > 1 ? names[1] : "",
				more ? upr_arena_printf(a, " and %d more", more) : "",
				nnames > 1 ? "are not" : "is not");
}

/* More speakers can come than the session holds: who is ahead of it. */
static char *reason_capacity(const struct why *y, int sp, int ncome, int cap)
{
	const struct upr_problem *p = y->p;
	const struct upr_session *ss = y->ss;
	int prio = p->speakers[sp].priority;
	bool cached = prio >= 0 && prio <= 9;
	/* the last one seated of its priority, in the order of who waits
	 * (docs/reference.md#who-waits): the latest applicant seated */
	int last = cached ? y->last[prio] : -2, nsame = 0;
	if (last == -2) {
		last = -1;
		for (int i = 0; i < y->res->nscheduled; i++) {
			int o = y->res->order[i];
			const struct upr_speaker *so = &p->speakers[o];
			if (so->priority != prio || o == p->states[ss->state].nhri)
				continue;
			if (last < 0 || upr_session_wait_order(p, o, last) < 0)
				last = o;
		}
		if (cached)
			y->last[prio] = last;
	}
	bool named = last >= 0 && upr_session_wait_order(p, sp, last) > 0;
	if (cached && !named && y->shared[prio])
		return y->shared[prio];
	if (!cached || y->nsame[prio] < 0) {
		for (int i = 0; i < y->res->nwaitlisted; i++) {
			int o = y->res->waitlisted[i];
			nsame += p->speakers[o].priority == prio && can_come(y, o);
		}
		if (cached)
			y->nsame[prio] = nsame;
	} else {
		nsame = y->nsame[prio];
	}
	const char *st = p->states[ss->state].name;
	int mn = p->event.statement_min;
	if (named)
		/* the rule would seat it first: the score chose otherwise */
		return upr_arena_printf(&y->t->arena,
					"the session of %s holds %d statements of at least %d minutes and %d speakers can come; %s applied before %s, but its times would make the session score worse (shorter or reordered statements)",
					st, cap, mn, ncome, org(p, sp), org(p, last));
	char *why = last < 0
		? upr_arena_printf(&y->t->arena,
				   "the session of %s holds %d statements of at least %d minutes and %d speakers can come; the seated have higher priorities than %d",
				   st, cap, mn, ncome, prio)
		: upr_arena_printf(&y->t->arena,
				   "the session of %s holds %d statements of at least %d minutes and %d speakers can come; %d with priority %d that applied after %s %s",
				   st, cap, mn, ncome, nsame, prio, org(p, last),
				   nsame == 1 ? "waits" : "wait");
	if (cached)
		y->shared[prio] = why;
	return why;
}

/* It could come and there is room: the times it is free are taken. */
static char *reason_times(const struct why *y, int sp)
{
	const struct upr_problem *p = y->p;
	const struct upr_session *ss = y->ss;
	int64_t base = upr_session_stmts_start(p, ss->state, ss->start);
	int64_t end = base + upr_session_statement_minutes(p, ss->state);
	int mn = p->event.statement_min;
	/* its free windows inside the statements' part */
	char wins[200];
	size_t nw = 0;
	wins[0] = '\0';
	int64_t lo = -1, hi = -1;
	const char *names[3];
	int nnames = 0;
	for (int64_t t = base; t + mn <= end + 1; t++) {
		bool ok = t + mn <= end &&
			  upr_session_speaker_free(p, sp, t, t + mn, y->blk + y->blo[sp], y->bn[sp]);
		if (ok && lo < 0)
			lo = t;
		if (ok)
			hi = t + mn;
		if ((!ok || t + mn == end) && lo >= 0) {
			char a[6], b[6];
			int64_t d = upr_floor_div(lo, UPR_MIN_PER_DAY);
			upr_format_hm((int)(lo - d * UPR_MIN_PER_DAY), a);
			upr_format_hm((int)(hi - d * UPR_MIN_PER_DAY), b);
			if (nw < sizeof(wins))
				nw += (size_t)snprintf(wins + nw, sizeof(wins) - nw, "%s%s-%s",
						       nw ? ", " : "", a, b);
			for (size_t q = 0; q < ss->nstmts; q++) {
				const struct upr_stmt *x = &ss->stmts[q];
				bool dup = false;
				for (int z = 0; z < nnames; z++)
					dup |= names[z] == org(p, x->speaker);
				if (!dup && nnames < 3 &&
				    upr_overlap(lo, hi, x->start, x->start + x->minutes))
					names[nnames++] = org(p, x->speaker);
			}
			lo = -1;
		}
	}
	const char *st = p->states[ss->state].name;
	if (nnames == 0)
		return upr_arena_printf(&y->t->arena,
					"%s can speak in the session of %s only during %s, which the other statements' lengths and order leave no room for",
					org(p, sp), st, wins);
	return upr_arena_printf(&y->t->arena, "%s can speak in the session of %s only during %s, when %s%s%s%s%s %s",
				org(p, sp), st, wins, names[0],
				nnames > 2 ? ", " : nnames > 1 ? " and " : "",
				nnames > 1 ? names[1] : "", nnames > 2 ? " and " : "",
				nnames > 2 ? names[2] : "", nnames > 1 ? "speak" : "speaks");
}

/*
 * The reason an organiser reads for the waitlisted statement of sp in this
 * session: the constraint and, where one is to blame, the speakers, room
 * or session that push it out.  Checked from the most to the least
 * specific: the room, its statement elsewhere, its availability, the
 * session's capacity, the times it shares.  In the timetable's arena;
 * NULL out of memory.
 */
static char *waitlist_reason(const struct why *y, int sp)
{
	const struct upr_problem *p = y->p;
	const struct upr_session *ss = y->ss;
	const struct upr_room *r = &p->rooms[ss->room];
	const struct upr_speaker *x = &p->speakers[sp];
	const char *st = p->states[ss->state].name;
	if (!upr_room_has_language(r, x->language)) {
		char l[3];
		upr_lang_format(x->language, l);
		return upr_arena_printf(&y->t->arena,
					"%s speaks in '%s', which %s, the room of the session of %s, does not offer",
					org(p, sp), l, r->name, st);
	}
	if (x->remote && !r->video)
		return upr_arena_printf(&y->t->arena,
					"%s speaks by video, and %s, the room of the session of %s, has no video",
					org(p, sp), r->name, st);
	if (!fits(y, sp)) {
		if (upr_session_speaker_fits(p, ss->state, sp, ss->start, NULL, 0)) {
			char *why = reason_elsewhere(y, sp);
			if (why)
				return why;
		}
		return reason_availability(y, sp);
	}
	const struct upr_state *s = &p->states[ss->state];
	if (*y->ncome < 0) {
		*y->ncome = 0;
		for (size_t i = 0; i < s->nspeakers; i++)
			*y->ncome += can_come(y, s->speakers[i]);
	}
	int ncome = *y->ncome;
	int cap = upr_session_statement_minutes(p, ss->state) / p->event.statement_min;
	if (ncome > cap)
		return reason_capacity(y, sp, ncome, cap);
	return reason_times(y, sp);
}

/* A held State's place in the start order. */
struct hkey {
	int assign, h;
};

static int hkey_cmp(const void *a, const void *b)
{
	const struct hkey *x = a, *y = b;
	if (x->assign != y->assign)
		return x->assign < y->assign ? -1 : 1;
	return (x->h > y->h) - (x->h < y->h);
}

int upr_sv_build_timetable(struct solver *s, struct upr_timetable *t, int64_t *cost)
{
	const struct upr_problem *p = s->p;
	int n = s->nheld;
	struct upr_arena *a = &t->arena;
	t->sessions = upr_arena_alloc(a, ((size_t)n + 1) * sizeof(*t->sessions));
	size_t nwl = 0, nnot = 0;
	for (size_t i = 0; i < p->nstates; i++)
		if (s->hidx[i] < 0)
			nnot++;
	for (size_t i = 0; i < p->nspeakers; i++)
		nwl += p->speakers[i].nstates;
	t->waitlist = upr_arena_alloc(a, (nwl + 1) * sizeof(*t->waitlist));
	t->not_held = upr_arena_alloc(a, (nnot + 1) * sizeof(*t->not_held));
	if (!t->sessions || !t->waitlist || !t->not_held)
		return -1;
	for (size_t i = 0; i < p->nstates; i++) {
		if (s->hidx[i] >= 0)
			continue;
		const struct upr_state *st = &p->states[i];
		t->not_held[t->nnot_held].state = (int)i;
		t->not_held[t->nnot_held].reason =
			st->nspeakers == 0
			? upr_arena_printf(a, "no speakers (session.min_statements is %d)",
					   p->event.min_statements)
			: upr_arena_printf(a, "%zu speaker%s, fewer than session.min_statements (%d)",
					   st->nspeakers, st->nspeakers == 1 ? "" : "s",
					   p->event.min_statements);
		if (!t->not_held[t->nnot_held].reason)
			return -1;
		t->nnot_held++;
	}

	upr_sv_place_all(s, s->best);
	int64_t priced = upr_sv_total_cost(s);
	/* Sessions planned in start order: each one's statements block its
	 * speakers for the later ones.  Each speaker's placed statements are
	 * listed apart (at most one a State it speaks at), so that a session
	 * looks only at its own speakers'.  Sessions that share a speaker
	 * and interact take the joint plan of their group (coupled.c), which
	 * a pass in start order may not find. */
	size_t ns = p->nspeakers;
	struct hkey *order = upr_malloc(((size_t)n + 1) * sizeof(*order));
	size_t *poff = upr_malloc((ns + 1) * sizeof(size_t));
	size_t *pn = upr_calloc(ns + 1, sizeof(size_t));
	size_t *blo = upr_calloc(ns + 1, sizeof(size_t));
	size_t *bn = upr_calloc(ns + 1, sizeof(size_t));
	int *seen = upr_malloc((ns + 1) * sizeof(int));
	struct placed *placed = upr_malloc((nwl + 1) * sizeof(*placed));
	int maxk = 1;
	for (int h = 0; h < n; h++)
		if ((int)p->states[s->held[h]].nspeakers > maxk)
			maxk = (int)p->states[s->held[h]].nspeakers;
	int *buf = upr_malloc((size_t)maxk * 3 * sizeof(int));
	size_t capblk = 16, nblk = 0;
	struct upr_blocked *blk = upr_malloc(capblk * sizeof(*blk));
	struct upr_intra_result *joint = upr_malloc(((size_t)n + 1) * sizeof(*joint));
	int *jbuf = upr_malloc(((size_t)n + 1) * maxk * 3 * sizeof(int));
	bool *in = upr_malloc(((size_t)n + 1) * sizeof(bool));
	int rc = 0;
	if (!order || !poff || !pn || !blo || !bn || !seen || !placed || !buf || !blk || !joint ||
	    !jbuf || !in) {
		rc = -1;
		goto out;
	}
	for (int h = 0; h < n; h++) {
		int *b = jbuf + (size_t)h * maxk * 3;
		joint[h] = (struct upr_intra_result){ .order = b, .minutes = b + maxk,
						      .waitlisted = b + 2 * maxk };
	}
	bool exact = true;
	int64_t jx = BIG;
	/* the first joint plans at no more than the search priced them:
	 * the cheapest would take a search to prove (half a second for a
	 * few groups of pinned sessions); else, when that budget was cut
	 * short, the cheapest found */
	if (priced < BIG && s->best_cost < BIG && s->best_cost >= priced)
		jx = upr_sv_coupling_plan(s, s->best_cost - priced + 1, UPR_SV_JOINT_NODES, true,
					  joint, in, &exact);
	if (jx >= BIG)
		jx = upr_sv_coupling_plan(s, BIG - 1, UPR_SV_JOINT_NODES, false, joint, in, &exact);
	if (jx >= BIG) {
		/* none found (or out of memory): the pass in start order, which
		 * then fails too, unless a budget cut the joint plan short */
		memset(in, 0, (size_t)n * sizeof(bool));
	}
	if (cost)
		*cost = priced < BIG && jx < BIG ? priced + jx : BIG;
	for (size_t i = 0, o = 0; i < ns; i++) {
		poff[i] = o;
		o += p->speakers[i].nstates;
		seen[i] = -1;
	}
	/* start order, ties in held order: what a stable sort gives */
	for (int h = 0; h < n; h++)
		order[h] = (struct hkey){ s->assign[h], h };
	qsort(order, (size_t)n, sizeof(*order), hkey_cmp);
	struct upr_intra_result res = { .order = buf, .minutes = buf + maxk, .waitlisted = buf + 2 * maxk };
	for (int i = 0; i < n && rc == 0; i++) {
		int h = order[i].h;
		const struct upr_state *st = &p->states[s->held[h]];
		const struct slot *sl = &s->slots[s->assign[h]];
		int64_t start = s->starts[sl->si];
		/* blocked: statements of this State's speakers already placed
		 * in interacting sessions, grouped by speaker.  Only those that
		 * overlap this session's statements can block one (every time
		 * asked of them, here and in intra.c, lies inside that part):
		 * the others would make each question scan a speaker's every
		 * statement (shared1000: a thousand speakers, each seated eight
		 * times, in each of a thousand sessions) */
		int64_t base = upr_session_stmts_start(p, s->held[h], start);
		int64_t end = base + upr_session_statement_minutes(p, s->held[h]);
		nblk = 0;
		for (size_t k = 0; k < st->nspeakers && rc == 0; k++) {
			int sp = st->speakers[k];
			if (seen[sp] == i)
				continue;
			seen[sp] = i;
			blo[sp] = nblk;
			if (nblk + pn[sp] > capblk) {
				while (nblk + pn[sp] > capblk)
					capblk *= 2;
				struct upr_blocked *v = upr_realloc(blk, capblk * sizeof(*v));
				if (!v) {
					rc = -1;
					break;
				}
				blk = v;
			}
			for (size_t z = 0; z < pn[sp]; z++) {
				const struct placed *pl = &placed[poff[sp] + z];
				const struct upr_session *o = &t->sessions[pl->j];
				const struct upr_stmt *x = &o->stmts[pl->q];
				int margin = o->room == sl->room ? 0 : s->travel;
				struct upr_blocked b = { x->speaker, x->start - margin,
							 x->start + x->minutes + margin };
				if (upr_overlap(b.start, b.end, base, end))
					blk[nblk++] = b;
			}
			bn[sp] = nblk - blo[sp];
		}
		if (rc)
			break;
		res = (struct upr_intra_result){ .order = buf, .minutes = buf + maxk,
						 .waitlisted = buf + 2 * maxk };
		if (in[h])
			res = joint[h];
		else if (upr_intra_best(p, s->held[h], sl->room, start, blk, nblk, UPR_SV_JOINT_NODES,
					&res, &s->stats->intra_nodes) < 0) {
			rc = -1;
			break;
		}
		if (!res.feasible) {
			rc = 1;	/* the joint plan failed: a fault of the search */
			break;
		}
		struct upr_session *ss = &t->sessions[t->nsessions++];
		ss->state = s->held[h];
		ss->room = sl->room;
		ss->start = start;
		ss->end = upr_session_end(p, ss->state, start);
		ss->nstmts = (size_t)res.nscheduled;
		ss->stmts = upr_arena_alloc(a, ((size_t)res.nscheduled + 1) * sizeof(*ss->stmts));
		if (!ss->stmts) {
			rc = -1;
			break;
		}
		int64_t cur = upr_session_stmts_start(p, ss->state, start);
		for (int q = 0; q < res.nscheduled; q++) {
			ss->stmts[q] = (struct upr_stmt){ res.order[q], cur, res.minutes[q] };
			cur += res.minutes[q];
		}
		int ncome = -1, nsame[10], last[10];
		char *shared[10];
		for (int k = 0; k < 10; k++) {
			nsame[k] = -1;
			last[k] = -2;
			shared[k] = NULL;
		}
		for (int q = 0; q < res.nwaitlisted; q++) {
			struct upr_waitlisted *w = &t->waitlist[t->nwaitlist];
			w->speaker = res.waitlisted[q];
			w->state = s->held[h];
			struct why y = { p, t, ss, &res, blk, blo, bn, placed, poff, pn,
					 s->travel, &ncome, nsame, last, shared };
			w->reason = waitlist_reason(&y, w->speaker);
			if (!w->reason) {
				rc = -1;
				break;
			}
			t->nwaitlist++;
		}
		/* after the reasons: they look at the other sessions only */
		for (int q = 0; q < res.nscheduled && rc == 0; q++) {
			int sp = res.order[q];
			if (pn[sp] == p->speakers[sp].nstates) {
				rc = 1;	/* two statements of one speaker at a State */
				break;
			}
			placed[poff[sp] + pn[sp]++] = (struct placed){ (int)t->nsessions - 1, q };
		}
	}
out:
	upr_free(order);
	upr_free(poff);
	upr_free(pn);
	upr_free(blo);
	upr_free(bn);
	upr_free(seen);
	upr_free(placed);
	upr_free(buf);
	upr_free(blk);
	upr_free(joint);
	upr_free(jbuf);
	upr_free(in);
	upr_timetable_sort(t);
	return rc;
}
