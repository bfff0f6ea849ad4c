/*
 * timetable.c - the best placement turned into a timetable.
 *
 * Sessions in start order, each planned by intra.c with the statements
 * of its speakers in earlier interacting sessions blocked; States not
 * held and waitlisted speakers get the reason an organiser reads.  When
 * a placement the search accepted cannot be planned here, that is a
 * fault of the search (upr_solve reports UPR_SOLVE_INTERNAL), never an
 * infeasible input.
 */
#include "solve/internal.h"

#include <string.h>

int upr_sv_build_timetable(struct solver *s, struct upr_timetable *t)
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

	memcpy(s->assign, s->best, (size_t)n * sizeof(int));
	/* Sessions planned jointly (shared speakers) in start order: each
	 * one's statements block its speakers for the later ones. */
	int *order = upr_malloc(((size_t)n + 1) * sizeof(int));
	int maxk = 1;
	for (int h = 0; h < n; h++)
		if ((int)p->states[s->held[h]].nspeakers > maxk)
			maxk = (int)p->states[s->held[h]].nspeakers;
	int *buf = upr_malloc((size_t)maxk * 3 * sizeof(int));
	size_t capblk = 16, nblk = 0;
	struct upr_blocked *blk = upr_malloc(capblk * sizeof(*blk));
	if (!order || !buf || !blk) {
		upr_free(order);
		upr_free(buf);
		upr_free(blk);
		return -1;
	}
	for (int h = 0; h < n; h++)
		order[h] = h;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && s->assign[order[j]] < s->assign[order[j - 1]]; j--) {
			int x = order[j];
			order[j] = order[j - 1];
			order[j - 1] = x;
		}
	int rc = 0;
	struct upr_intra_result res = { .order = buf, .minutes = buf + maxk, .waitlisted = buf + 2 * maxk };
	for (int i = 0; i < n && rc == 0; i++) {
		int h = order[i];
		const struct slot *sl = &s->slots[s->assign[h]];
		int64_t start = s->starts[sl->si];
		/* blocked: statements of this State's speakers already placed
		 * in interacting sessions */
		nblk = 0;
		for (size_t j = 0; j < t->nsessions; j++) {
			const struct upr_session *o = &t->sessions[j];
			for (size_t q = 0; q < o->nstmts; q++) {
				const struct upr_stmt *x = &o->stmts[q];
				const struct upr_speaker *sp = &p->speakers[x->speaker];
				bool mine = false;
				for (size_t z = 0; z < sp->nstates; z++)
					mine |= sp->states[z] == s->held[h];
				if (!mine)
					continue;
				int margin = o->room == sl->room ? 0 : s->travel;
				if (nblk == capblk) {
					capblk *= 2;
					struct upr_blocked *v = upr_realloc(blk, capblk * sizeof(*v));
					if (!v) {
						rc = -1;
						break;
					}
					blk = v;
				}
				blk[nblk++] = (struct upr_blocked){ x->speaker, x->start - margin,
								    x->start + x->minutes + margin };
			}
		}
		if (rc)
			break;
		if (upr_intra_best(p, s->held[h], sl->room, start, blk, nblk, 2000000, &res,
				   &s->stats->intra_nodes) < 0) {
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
		for (int q = 0; q < res.nwaitlisted; q++) {
			const struct upr_speaker *sp = &p->speakers[res.waitlisted[q]];
			bool fits = upr_session_room_takes(p, sl->room, res.waitlisted[q]);
			char l[3];
			upr_lang_format(sp->language, l);
			t->waitlist[t->nwaitlist].speaker = res.waitlisted[q];
			t->waitlist[t->nwaitlist].state = s->held[h];
			/* how many of this State's speakers the room can take */
			const struct upr_state *st = &p->states[s->held[h]];
			int takes = 0;
			for (size_t z = 0; z < st->nspeakers; z++)
				takes += upr_session_room_takes(p, sl->room, st->speakers[z]);
			int cap = upr_session_statement_minutes(p, ss->state) / p->event.statement_min;
			bool lang_ok = upr_room_has_language(&p->rooms[sl->room], sp->language);
			t->waitlist[t->nwaitlist].reason =
				!fits ? (lang_ok ? upr_arena_printf(a, "room %s has no video",
								     p->rooms[sl->room].name)
					 : upr_arena_printf(a, "room %s does not offer '%s'",
							    p->rooms[sl->room].name, l))
				: takes > cap
				? upr_arena_printf(a, "the session of %s holds at most %d statements of %d minutes; the lowest priorities wait (priority %d)",
						   st->name, cap, p->event.statement_min, sp->priority)
				: upr_arena_printf(a, "its availability (or travel between rooms) does not fit the session of %s with the other speakers",
						   st->name);
			if (!t->waitlist[t->nwaitlist].reason) {
				rc = -1;
				break;
			}
			t->nwaitlist++;
		}
	}
	upr_free(order);
	upr_free(buf);
	upr_free(blk);
	upr_timetable_sort(t);
	return rc;
}
