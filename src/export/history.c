/*
 * history.c - what a re-plan changed against its published baseline
 * (plan --baseline): the calendar history that the calendar writer reads
 * (SEQUENCE, LAST-MODIFIED, cancelled events) and the changes that
 * changes.txt words for the organisers' announcement.
 *
 * Why: subscribers' calendars match events by UID and apply an update only
 * when its SEQUENCE is higher than the one they hold (RFC 5545 3.8.7.4), so
 * the SEQUENCE each event was published with is read back from the
 * baseline's timetable.json ("sequence") and raised exactly on the events
 * that changed; an event that is gone must be published once more, as
 * CANCELLED, or it stays in every subscriber's calendar.
 *
 * How: State by State (input order, then the States only the baseline
 * names), the first session of that State in the baseline is compared with
 * its session in the new timetable, and their statements speaker by
 * speaker.  That is matching by UID, because a session's UID is made of the
 * event and State ids and a statement's of those and the speaker id.
 *
 * Cancelled events: the calendars publish a cancellation once, in the run
 * that makes it, but timetable.json records it ("cancelled") for as long
 * as the event stays gone, and every later run carries the record on.  An
 * event that comes back, however many runs later, is then published at its
 * cancelled SEQUENCE + 1, which a client holding the cancellation applies;
 * started over at 0 it would stay cancelled there.  The record is one
 * entry per UID that was ever published and is gone, never one per run,
 * and it leaves the list when its event comes back.
 *
 * Invariants:
 * - the result is a function of (problem, timetable, baseline, dtstamp):
 *   no clock, entries sorted by UID, changes in State order;
 * - a SEQUENCE never goes down: changed, cancelled or returning events
 *   get old + 1, others (and carried records) keep old;
 * - a UID has one entry: live, cancelled now, or carried;
 * - UIDs come only from upr_uid_session/upr_uid_statement, applied to the
 *   view (the problem plus the entities only the baseline names), so a
 *   withdrawn speaker's statement keeps the UID it was published with.
 */
#include "export/export.h"
#include "export/text.h"
#include "load/timetable_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UID_SIZE 256
#define NONE SIZE_MAX

struct ctx {
	struct upr_history *h;
	const struct upr_problem *p;
	const struct upr_problem *v;	/* &h->view */
	const struct upr_timetable *t, *base;
	const struct upr_tt_event *ev;
	size_t nev;
	int64_t dtstamp;
	/* per event of the baseline: State, speaker and room in the view */
	int *est, *esp, *ero;
	/* the baseline's cancelled events are ev[first_cancelled..nev); back:
	 * the new timetable has it again */
	size_t first_cancelled;
	bool *back;
	size_t cap_entries, cap_changes;
};

void upr_history_init(struct upr_history *h)
{
	memset(h, 0, sizeof(*h));
	upr_arena_init(&h->arena);
}

void upr_history_release(struct upr_history *h)
{
	upr_arena_release(&h->arena);
	memset(h, 0, sizeof(*h));
	upr_arena_init(&h->arena);
}

/* ---- the view: the problem plus the entities only the baseline names ---- */

/* Index of id among the ghosts of map (base + ordinal), adding it when new;
 * -1 out of memory.  *added tells whether it was new. */
static int ghost(struct upr_strmap *map, const char *id, size_t base, bool *added)
{
	int old = -1;
	int r = upr_strmap_put(map, id, (int)map->n, &old);
	if (r < 0)
		return -1;
	*added = r == 0;
	return (int)base + (r == 0 ? (int)map->n - 1 : old);
}

/*
 * Gives every baseline event its State, speaker and room index in the view,
 * making ghost entities for ids the input no longer defines.  Two passes:
 * the first counts them (so each array is allocated once), the second fills
 * them from the first event that names each.
 */
static int build_view(struct ctx *c)
{
	struct upr_history *h = c->h;
	const struct upr_problem *p = c->p;
	struct upr_strmap gst, gsp, gro;
	upr_strmap_init(&gst);
	upr_strmap_init(&gsp);
	upr_strmap_init(&gro);
	int rc = -1;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			h->view.nstates = p->nstates + gst.n;
			h->view.nspeakers = p->nspeakers + gsp.n;
			h->view.nrooms = p->nrooms + gro.n;
			h->view.states = upr_arena_alloc(&h->arena, (h->view.nstates + 1) * sizeof(struct upr_state));
			h->view.speakers = upr_arena_alloc(&h->arena, (h->view.nspeakers + 1) * sizeof(struct upr_speaker));
			h->view.rooms = upr_arena_alloc(&h->arena, (h->view.nrooms + 1) * sizeof(struct upr_room));
			if (!h->view.states || !h->view.speakers || !h->view.rooms)
				goto out;
			if (p->nstates)
				memcpy(h->view.states, p->states, p->nstates * sizeof(struct upr_state));
			if (p->nspeakers)
				memcpy(h->view.speakers, p->speakers, p->nspeakers * sizeof(struct upr_speaker));
			if (p->nrooms)
				memcpy(h->view.rooms, p->rooms, p->nrooms * sizeof(struct upr_room));
			upr_strmap_release(&gst);
			upr_strmap_release(&gsp);
			upr_strmap_release(&gro);
		}
		for (size_t i = 0; i < c->nev; i++) {
			const struct upr_tt_event *e = &c->ev[i];
			bool added = false;
			int k;
			c->est[i] = e->state;
			if (e->state < 0 && e->state_id) {
				if ((k = ghost(&gst, e->state_id, p->nstates, &added)) < 0)
					goto out;
				c->est[i] = k;
				if (pass == 1 && added) {
					struct upr_state *s = &h->view.states[k];
					s->id = upr_arena_strdup(&h->arena, e->state_id);
					s->name = upr_arena_strdup(&h->arena, e->state_name ? e->state_name : e->state_id);
					s->room = -1;
					s->nhri = -1;
				}
			}
			c->esp[i] = e->speaker;
			if (e->speaker < 0 && e->speaker_id) {
				if ((k = ghost(&gsp, e->speaker_id, p->nspeakers, &added)) < 0)
					goto out;
				c->esp[i] = k;
				if (pass == 1 && added) {
					struct upr_speaker *s = &h->view.speakers[k];
					s->id = upr_arena_strdup(&h->arena, e->speaker_id);
					s->organisation = upr_arena_strdup(&h->arena, e->organisation ? e->organisation : e->speaker_id);
					s->kind = UPR_KIND_CSO;
					s->language = UPR_LANG_EN;
					s->priority = 5;
					s->order = k;
				}
			}
			c->ero[i] = e->room;
			/* a cancelled event needs no room: none writes it again */
			if (e->room < 0 && e->room_id && !e->cancelled) {
				if ((k = ghost(&gro, e->room_id, p->nrooms, &added)) < 0)
					goto out;
				c->ero[i] = k;
				if (pass == 1 && added) {
					struct upr_room *r = &h->view.rooms[k];
					r->id = upr_arena_strdup(&h->arena, e->room_id);
					r->name = upr_arena_strdup(&h->arena, e->room_name ? e->room_name : e->room_id);
					r->capacity = -1;
				}
			}
		}
	}
	rc = h->arena.failed ? -1 : 0;
out:
	upr_strmap_release(&gst);
	upr_strmap_release(&gsp);
	upr_strmap_release(&gro);
	return rc;
}

/* ---- entries and changes ---- */

static struct upr_event_history *entry(struct ctx *c, int state, int speaker)
{
	struct upr_history *h = c->h;
	if (h->nevents == c->cap_entries)
		return NULL;	/* cannot happen: the capacity is an upper bound */
	char uid[UID_SIZE];
	if (speaker < 0)
		upr_uid_session(c->v, state, uid, sizeof(uid));
	else
		upr_uid_statement(c->v, state, speaker, uid, sizeof(uid));
	struct upr_event_history *e = &h->events[h->nevents++];
	memset(e, 0, sizeof(*e));
	e->uid = upr_arena_strdup(&h->arena, uid);
	e->state = state;
	e->speaker = speaker;
	e->room = -1;
	return e;
}

/* The history of a live event: raised when it changed, kept otherwise (an
 * entry only when there is a SEQUENCE to keep). */
static void live(struct ctx *c, int state, int speaker, int old_seq, bool changed)
{
	if (!changed && old_seq == 0)
		return;
	struct upr_event_history *e = entry(c, state, speaker);
	if (!e)
		return;
	e->sequence = old_seq + (changed ? 1 : 0);
	e->last_modified = changed ? c->dtstamp : 0;
	if (changed)
		c->h->changed++;
}

/* The entry of a cancelled event i of the baseline, with its ids and times
 * as published. */
static struct upr_event_history *cancelled_entry(struct ctx *c, size_t i)
{
	const struct upr_tt_event *b = &c->ev[i];
	struct upr_event_history *e = entry(c, c->est[i], b->speaker_id ? c->esp[i] : -1);
	if (!e)
		return NULL;
	e->cancelled = true;
	e->state_id = upr_arena_strdup(&c->h->arena, b->state_id);
	e->speaker_id = b->speaker_id ? upr_arena_strdup(&c->h->arena, b->speaker_id) : NULL;
	e->room_id = upr_arena_strdup(&c->h->arena, b->room_id);
	e->start = b->start;
	e->end = b->end;
	return e;
}

/* A baseline event that the new timetable does not have. */
static void cancel(struct ctx *c, size_t i)
{
	const struct upr_tt_event *b = &c->ev[i];
	struct upr_event_history *e = cancelled_entry(c, i);
	if (!e)
		return;
	e->sequence = b->sequence + 1;
	e->last_modified = c->dtstamp;
	e->room = c->ero[b->speaker_id ? b->session : i];
	c->h->changed++;
	c->h->cancelled++;
}

/* A cancelled event of the baseline that the new timetable still lacks:
 * recorded again, with its SEQUENCE, but in no calendar (published
 * CANCELLED once already). */
static void carry(struct ctx *c, size_t i)
{
	struct upr_event_history *e = cancelled_entry(c, i);
	if (!e)
		return;
	e->sequence = c->ev[i].sequence;
	e->carried = true;
	e->state = e->speaker = -1;
}

/* The baseline's cancelled event of State s's session (speaker -1) or of
 * speaker's statement on s, or NONE. */
static size_t recorded(const struct ctx *c, int s, int speaker)
{
	for (size_t i = c->first_cancelled; i < c->nev; i++)
		if (c->est[i] == s && (speaker < 0 ? !c->ev[i].speaker_id : c->esp[i] == speaker))
			return i;
	return NONE;
}

/* The history of an event that the baseline does not have live: back from
 * a cancellation it gets that SEQUENCE + 1, a new one needs no entry. */
static void arrived(struct ctx *c, int s, int speaker)
{
	size_t i = recorded(c, s, speaker);
	if (i == NONE)
		return;
	c->back[i] = true;
	live(c, s, speaker, c->ev[i].sequence, true);
}

static struct upr_change *change(struct ctx *c, enum upr_change_kind kind, int state,
				 int speaker)
{
	struct upr_history *h = c->h;
	if (h->nchanges == c->cap_changes)
		return NULL;
	struct upr_change *x = &h->changes[h->nchanges++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->state = state;
	x->state_name = upr_ex_state_name(c->v, state);
	const struct upr_speaker *sp = speaker >= 0 ? upr_ex_speaker(c->v, speaker) : NULL;
	x->organisation = sp ? (sp->organisation ? sp->organisation : sp->id) : NULL;
	return x;
}

static bool listed(const struct upr_waitlisted *w, size_t n, int speaker, int state)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].speaker == speaker && w[i].state == state)
			return true;
	return false;
}

/* The first statement event of session event bs with speaker sp, or NONE. */
static size_t base_stmt(const struct ctx *c, size_t bs, int sp)
{
	for (size_t j = bs + 1; j <= bs + c->ev[bs].nstmts; j++)
		if (c->esp[j] == sp)
			return j;
	return NONE;
}

/* One State: its session (ns in t, bs among the baseline events; either
 * may be missing) and their statements. */
static void diff_state(struct ctx *c, int s, const struct upr_session *ns, size_t bs)
{
	const struct upr_problem *v = c->v;
	bool moved = false;
	if (ns && bs != NONE) {
		const struct upr_tt_event *b = &c->ev[bs];
		moved = c->ero[bs] != ns->room || b->start != ns->start || b->end != ns->end;
		bool order = b->nstmts != ns->nstmts;
		for (size_t k = 0; !order && k < ns->nstmts; k++) {
			const struct upr_tt_event *x = &c->ev[bs + 1 + k];
			const struct upr_stmt *y = &ns->stmts[k];
			order = c->esp[bs + 1 + k] != y->speaker || x->start != y->start ||
				x->end != y->start + y->minutes;
		}
		live(c, s, -1, b->sequence, moved || order);
		if (moved) {
			struct upr_change *x = change(c, UPR_CHANGE_MOVED, s, -1);
			if (x) {
				x->old_room = upr_ex_room_name(v, c->ero[bs]);
				x->new_room = upr_ex_room_name(v, ns->room);
				x->old_start = b->start;
				x->old_end = b->end;
				x->new_start = ns->start;
				x->new_end = ns->end;
			}
		}
	} else if (ns) {
		arrived(c, s, -1);
		struct upr_change *x = change(c, UPR_CHANGE_HELD, s, -1);
		if (x) {
			x->new_room = upr_ex_room_name(v, ns->room);
			x->new_start = ns->start;
			x->new_end = ns->end;
		}
	} else if (bs != NONE) {
		cancel(c, bs);
		struct upr_change *x = change(c, UPR_CHANGE_NOT_HELD, s, -1);
		if (x) {
			x->old_room = upr_ex_room_name(v, c->ero[bs]);
			x->old_start = c->ev[bs].start;
			x->old_end = c->ev[bs].end;
		}
	}

	/* Statements of the baseline that are gone, in its running order.  A
	 * speaker named twice in one session (a hand-edited file) is one UID:
	 * only its first statement counts. */
	if (bs != NONE) {
		for (size_t j = bs + 1; j <= bs + c->ev[bs].nstmts; j++) {
			int sp = c->esp[j];
			if (base_stmt(c, bs, sp) != j)
				continue;
			bool kept = false;
			for (size_t k = 0; ns && !kept && k < ns->nstmts; k++)
				kept = ns->stmts[k].speaker == sp;
			if (kept)
				continue;
			cancel(c, j);
			if (!ns)
				continue;	/* "no longer held" says it */
			bool wl = sp < (int)c->p->nspeakers &&
				  listed(c->t->waitlist, c->t->nwaitlist, sp, s);
			struct upr_change *x = change(c, wl ? UPR_CHANGE_WAITLISTED
							    : UPR_CHANGE_WITHDRAWN, s, sp);
			if (x) {
				x->old_room = upr_ex_room_name(v, c->ero[bs]);
				x->old_start = c->ev[j].start;
				x->old_end = c->ev[j].end;
			}
		}
	}

	/* Statements of the new timetable, in its running order: first those
	 * that are new, then those whose times changed (changes.txt words
	 * these as one line per session, so they must be adjacent). */
	for (int pass = 0; ns && pass < 2; pass++)
		for (size_t k = 0; k < ns->nstmts; k++) {
			const struct upr_stmt *y = &ns->stmts[k];
			size_t j = bs != NONE ? base_stmt(c, bs, y->speaker) : NONE;
			struct upr_change *x = NULL;
			if (j == NONE && pass == 0) {
				arrived(c, s, y->speaker);
				bool wl = c->base && listed(c->base->waitlist, c->base->nwaitlist,
							    y->speaker, s);
				x = change(c, wl ? UPR_CHANGE_FROM_WAITLIST : UPR_CHANGE_ADDED, s,
					   y->speaker);
			} else if (j != NONE && pass == 1) {
				const struct upr_tt_event *b = &c->ev[j];
				bool times = b->start != y->start || b->end != y->start + y->minutes;
				live(c, s, y->speaker, b->sequence, times || c->ero[bs] != ns->room);
				if (!times || moved)
					continue;	/* a moved session's line says it */
				x = change(c, UPR_CHANGE_RETIMED, s, y->speaker);
				if (x) {
					x->old_room = upr_ex_room_name(v, c->ero[bs]);
					x->old_start = b->start;
					x->old_end = b->end;
				}
			}
			if (x) {
				x->new_room = upr_ex_room_name(v, ns->room);
				x->new_start = y->start;
				x->new_end = y->start + y->minutes;
			}
		}
}

static int cmp_entry(const void *a, const void *b)
{
	const struct upr_event_history *x = a, *y = b;
	return strcmp(x->uid, y->uid);
}

int upr_history_build(struct upr_history *h, const struct upr_problem *p,
		      const struct upr_timetable *t, const struct upr_timetable *base,
		      const struct upr_tt_events *ev, int64_t dtstamp)
{
	upr_history_release(h);
	struct ctx c = { .h = h, .p = p, .v = &h->view, .t = t, .base = base,
			 .ev = ev ? ev->v : NULL, .nev = ev ? ev->n : 0, .dtstamp = dtstamp };
	size_t *base_of = NULL;
	const struct upr_session **new_of = NULL;
	int rc = -1;

	h->view = *p;
	/* The view shares p's entities; its own arena stays empty so that
	 * nothing can allocate into, or free, p's by way of the view. */
	upr_arena_init(&h->view.arena);
	c.est = upr_malloc((c.nev + 1) * sizeof(int));
	c.esp = upr_malloc((c.nev + 1) * sizeof(int));
	c.ero = upr_malloc((c.nev + 1) * sizeof(int));
	c.back = upr_calloc(c.nev + 1, sizeof(bool));
	if (!c.est || !c.esp || !c.ero || !c.back || build_view(&c) != 0)
		goto out;
	c.first_cancelled = c.nev;
	while (c.first_cancelled > 0 && c.ev[c.first_cancelled - 1].cancelled)
		c.first_cancelled--;

	/* Upper bounds: an entry per event of either side, a change per
	 * statement of either side and per State. */
	size_t nnew = t->nsessions;
	for (size_t i = 0; i < t->nsessions; i++)
		nnew += t->sessions[i].nstmts;
	c.cap_entries = c.nev + nnew;
	c.cap_changes = c.nev + nnew + h->view.nstates;
	h->events = upr_arena_alloc(&h->arena, (c.cap_entries + 1) * sizeof(*h->events));
	h->changes = upr_arena_alloc(&h->arena, (c.cap_changes + 1) * sizeof(*h->changes));
	base_of = upr_malloc((h->view.nstates + 1) * sizeof(*base_of));
	new_of = upr_calloc(h->view.nstates + 1, sizeof(*new_of));
	if (!h->events || !h->changes || !base_of || !new_of)
		goto out;
	for (size_t s = 0; s < h->view.nstates; s++)
		base_of[s] = NONE;
	for (size_t i = 0; i < c.first_cancelled; i++)
		if (!c.ev[i].speaker_id && c.est[i] >= 0 && base_of[c.est[i]] == NONE)
			base_of[c.est[i]] = i;
	for (size_t i = 0; i < t->nsessions; i++) {
		int s = t->sessions[i].state;
		if (s >= 0 && (size_t)s < p->nstates && !new_of[s])
			new_of[s] = &t->sessions[i];
	}
	for (size_t s = 0; s < h->view.nstates; s++)
		diff_state(&c, (int)s, new_of[s], base_of[s]);
	for (size_t i = c.first_cancelled; i < c.nev; i++)
		if (!c.back[i])
			carry(&c, i);
	if (h->arena.failed)
		goto out;
	if (h->nevents > 1)
		qsort(h->events, h->nevents, sizeof(*h->events), cmp_entry);
	rc = 0;
out:
	upr_free(c.est);
	upr_free(c.esp);
	upr_free(c.ero);
	upr_free(c.back);
	upr_free(base_of);
	upr_free(new_of);
	if (rc != 0)
		upr_history_release(h);
	return rc;
}

/* ---- lookups by UID ---- */

static int cmp_ptr(const void *a, const void *b)
{
	const struct upr_event_history *x = *(const struct upr_event_history *const *)a;
	const struct upr_event_history *y = *(const struct upr_event_history *const *)b;
	int r = strcmp(x->uid, y->uid);
	return r ? r : (x < y ? -1 : x > y);
}

int upr_history_index(const struct upr_export_opts *o,
		      const struct upr_event_history ***idx, size_t *n)
{
	*idx = NULL;
	*n = 0;
	if (!o || !o->history || !o->nhistory)
		return 0;
	const struct upr_event_history **v = upr_malloc(o->nhistory * sizeof(*v));
	if (!v)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < o->nhistory; i++)
		if (o->history[i].uid)
			v[k++] = &o->history[i];
	qsort(v, k, sizeof(*v), cmp_ptr);
	*idx = v;
	*n = k;
	return 0;
}

const struct upr_event_history *upr_history_find(const struct upr_event_history *const *idx,
						 size_t n, const char *uid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(idx[mid]->uid, uid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(idx[lo]->uid, uid) == 0 ? idx[lo] : NULL;
}
