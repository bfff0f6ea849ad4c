/*
 * explain.c - when no timetable exists, say why in words an organiser acts on.
 *
 * Checks go from the simplest cause to the most tangled, and stop at the
 * first kind that finds something, so the message names a small set of
 * constraints that cannot hold together:
 *
 *   1. a session too small for the statements it must hold;
 *   2. a language or video that none of a State's rooms offers;
 *   3. pins that collide, or a pinned start that is no possible start;
 *   4. a speaker whose availability misses every possible start;
 *   5. two speakers of one State whose availabilities never meet;
 *   6. more sessions than the rooms' time can hold;
 *   7. a speaker on several States that cannot all be placed (by solving
 *      the sub-problem of just those States);
 *   8. otherwise: a State that has no timetable even alone (each held
 *      State is solved by itself; groups of States are not searched).
 *
 * Every message is an error at the YAML line of the State or speaker it
 * names, followed by a note on what to relax.
 *
 * What a session is (whether it is held, its minutes, rooms, speakers and
 * starts) comes from model/session.h; this file sits above the search and calls it
 * (upr_solve_subset), never the reverse.
 */
#include "solve/explain.h"
#include "model/session.h"
#include "solve/solve.h"

#include <stdio.h>
#include <string.h>

struct ex {
	const struct upr_problem *p;
	struct upr_diags *d;
	int found;
};

static bool must_speak(const struct upr_problem *p, int speaker)
{
	return !p->event.waitlist || p->speakers[speaker].kind == UPR_KIND_NHRI;
}

/* Can the session of state start at t in some allowed room (H1, H10, H11)? */
static bool start_possible(const struct upr_problem *p, int state, int64_t t)
{
	if (!upr_session_state_free(p, state, t))
		return false;
	for (size_t r = 0; r < p->nrooms; r++)
		if (upr_session_room_allowed(p, state, (int)r) &&
		    upr_session_room_open(p, (int)r, state, t))
			return true;
	return false;
}

static void hint(struct ex *x, const struct upr_loc *loc, const char *text)
{
	upr_note(x->d, loc, "%s", text);
}

static void check_too_small(struct ex *x)
{
	const struct upr_problem *p = x->p;
	const struct upr_event *e = &p->event;
	for (size_t s = 0; s < p->nstates; s++) {
		if (!upr_session_held(p, (int)s))
			continue;
		const struct upr_state *st = &p->states[s];
		int need = 0;
		for (size_t i = 0; i < st->nspeakers; i++)
			need += must_speak(p, st->speakers[i]);
		int L = upr_session_statement_minutes(p, (int)s);
		if ((long)need * e->statement_min <= L)
			continue;
		char parts[160];
		int n = snprintf(parts, sizeof(parts), "%d - %d opening",
				 upr_session_length(p, (int)s), e->opening);
		if (e->state_statement && n > 0 && (size_t)n < sizeof(parts))
			n += snprintf(parts + n, sizeof(parts) - (size_t)n, " - %d remarks",
				      e->state_statement);
		if (n > 0 && (size_t)n < sizeof(parts))
			snprintf(parts + n, sizeof(parts) - (size_t)n, " - %d questions", e->questions);
		upr_error(x->d, &st->loc,
			  "%s: %d statements need at least %d minutes (%d x %d), but a session leaves %d minutes for statements (%s)",
			  st->name, need, need * e->statement_min, need, e->statement_min, L, parts);
		hint(x, &st->loc, e->waitlist
		     ? "relax: the NHRI alone cannot fit; lengthen session.length or shorten statement.min"
		     : "relax: set event.waitlist: true, accept fewer speakers, lengthen session.length or shorten statement.min");
		x->found++;
	}
}

static void check_rooms_offer(struct ex *x)
{
	const struct upr_problem *p = x->p;
	for (size_t s = 0; s < p->nstates; s++) {
		if (!upr_session_held(p, (int)s))
			continue;
		const struct upr_state *st = &p->states[s];
		for (size_t i = 0; i < st->nspeakers; i++) {
			int spk = st->speakers[i];
			const struct upr_speaker *sp = &p->speakers[spk];
			if (!must_speak(p, spk))
				continue;
			bool any = false;
			for (size_t r = 0; r < p->nrooms && !any; r++)
				any = upr_session_room_allowed(p, (int)s, (int)r) &&
				      upr_session_room_takes(p, (int)r, spk);
			if (any)
				continue;
			char l[3], what[64];
			upr_lang_format(sp->language, l);
			bool lang = false, video = false;
			for (size_t r = 0; r < p->nrooms; r++) {
				if (!upr_session_room_allowed(p, (int)s, (int)r))
					continue;
				lang |= upr_room_has_language(&p->rooms[r], sp->language);
				video |= p->rooms[r].video;
			}
			if (!lang && sp->remote && !video)
				snprintf(what, sizeof(what), "in '%s' and by video", l);
			else if (!lang)
				snprintf(what, sizeof(what), "in '%s'", l);
			else if (!video)
				snprintf(what, sizeof(what), "by video");
			else
				snprintf(what, sizeof(what), "in '%s' by video", l);
			if (st->room >= 0)
				upr_error(x->d, &sp->loc,
					  "%s: %s speaks %s, but %s is pinned to room %s, which does not offer it",
					  st->name, sp->organisation, what, st->name,
					  p->rooms[st->room].name);
			else
				upr_error(x->d, &sp->loc,
					  "%s: %s speaks %s, which no room offers%s",
					  st->name, sp->organisation, what,
					  lang && video ? " in one room" : "");
			hint(x, &sp->loc, p->event.waitlist
			     ? "relax: add the language (or video) to a room's languages, or unpin the State"
			     : "relax: add the language (or video) to a room, unpin the State, or set event.waitlist: true");
			x->found++;
		}
	}
}

static int check_pins(struct ex *x)
{
	const struct upr_problem *p = x->p;
	const struct upr_event *e = &p->event;
	for (size_t s = 0; s < p->nstates; s++) {
		const struct upr_state *st = &p->states[s];
		if (!upr_session_held(p, (int)s) || !st->has_start)
			continue;
		size_t nstarts = 0;
		int64_t *starts = upr_session_starts(p, (int)s, &nstarts);
		if (!starts)
			return -1;
		bool on_grid = false;
		for (size_t i = 0; i < nstarts; i++)
			on_grid |= starts[i] == st->start;
		upr_free(starts);
		char a[17];
		upr_format_local(st->start, a);
		if (!on_grid) {
			upr_error(x->d, &st->start_loc,
				  "%s is pinned to start %s, which is not a possible session start (event days, event.hours, session.grid %d)",
				  st->name, a, e->grid);
			hint(x, &st->start_loc, "relax: pin a start on the grid inside event.hours, or remove the pin");
			x->found++;
		} else if (!start_possible(p, (int)s, st->start)) {
			upr_error(x->d, &st->start_loc,
				  "%s is pinned to start %s, but no allowed room is available then, or the State is unavailable",
				  st->name, a);
			hint(x, &st->start_loc, "relax: move or remove the pin, or make a room available then");
			x->found++;
		}
		for (size_t t = s + 1; t < p->nstates; t++) {
			const struct upr_state *o = &p->states[t];
			if (!upr_session_held(p, (int)t) || !o->has_start || o->room < 0 || st->room < 0 ||
			    o->room != st->room)
				continue;
			if (o->start < upr_session_end(p, (int)s, st->start) + e->gap &&
			    st->start < upr_session_end(p, (int)t, o->start) + e->gap) {
				char b[17];
				upr_format_local(o->start, b);
				upr_error(x->d, &o->start_loc,
					  "%s and %s are both pinned to room %s, at %s and %s, and their sessions would overlap",
					  st->name, o->name, p->rooms[st->room].name, a, b);
				hint(x, &o->start_loc, "relax: pin one of them to another room or start");
				x->found++;
			}
		}
	}
	return 0;
}

/* "2017-12-12" for a whole day, "2017-12-12 to 2017-12-14" for whole
 * days, "2017-12-12 10:00 to 12:00" within a day. */
static size_t put_interval(char *buf, size_t size, const struct upr_interval *v)
{
	char a[17], b[17];
	upr_format_local(v->start, a);
	if (v->start % UPR_MIN_PER_DAY == 0 && v->end % UPR_MIN_PER_DAY == 0) {
		upr_format_local(v->end - UPR_MIN_PER_DAY, b);
		if (v->end - v->start == UPR_MIN_PER_DAY)
			return (size_t)snprintf(buf, size, "%.10s", a);
		return (size_t)snprintf(buf, size, "%.10s to %.10s", a, b);
	}
	upr_format_local(v->end, b);
	return (size_t)snprintf(buf, size, "%s to %s", a, memcmp(a, b, 10) == 0 ? b + 11 : b);
}

static void list_availability(const struct upr_speaker *sp, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	if (sp->has_available) {
		n += (size_t)snprintf(buf + n, size - n, "available only on");
		for (size_t i = 0; i < sp->available.n && i < 4 && n < size; i++) {
			n += (size_t)snprintf(buf + n, size - n, "%s ", i ? "," : "");
			if (n < size)
				n += put_interval(buf + n, size - n, &sp->available.v[i]);
		}
		if (sp->available.n > 4 && n < size)
			n += (size_t)snprintf(buf + n, size - n, ", ...");
	}
	if (sp->unavailable.n && n < size) {
		n += (size_t)snprintf(buf + n, size - n, "%sunavailable on", n ? "; " : "");
		for (size_t i = 0; i < sp->unavailable.n && i < 4 && n < size; i++) {
			n += (size_t)snprintf(buf + n, size - n, "%s ", i ? "," : "");
			if (n < size)
				n += put_interval(buf + n, size - n, &sp->unavailable.v[i]);
		}
	}
}

static int check_speaker_times(struct ex *x)
{
	const struct upr_problem *p = x->p;
	for (size_t s = 0; s < p->nstates; s++) {
		if (!upr_session_held(p, (int)s))
			continue;
		const struct upr_state *st = &p->states[s];
		size_t nstarts = 0;
		int64_t *starts = upr_session_starts(p, (int)s, &nstarts);
		if (!starts)
			return -1;
		int bad_before = x->found;
		for (size_t i = 0; i < st->nspeakers; i++) {
			int spk = st->speakers[i];
			if (!must_speak(p, spk))
				continue;
			bool ok = false;
			for (size_t k = 0; k < nstarts && !ok; k++)
				ok = start_possible(p, (int)s, starts[k]) &&
				     upr_session_speaker_fits(p, (int)s, spk, starts[k], NULL, 0);
			if (ok)
				continue;
			const struct upr_speaker *sp = &p->speakers[spk];
			char av[400];
			list_availability(sp, av, sizeof(av));
			upr_error(x->d, &sp->loc,
				  "%s: %s is %s, which misses every possible time of the session of %s",
				  st->name, sp->organisation, av, st->name);
			hint(x, &sp->loc, p->event.waitlist
			     ? "relax: widen its availability, or the State's allowed times"
			     : "relax: widen its availability, or set event.waitlist: true");
			x->found++;
		}
		if (x->found != bad_before) {
			upr_free(starts);
			continue;
		}
		/* pairs whose common times never meet */
		for (size_t i = 0; i < st->nspeakers; i++)
			for (size_t j = i + 1; j < st->nspeakers; j++) {
				int a = st->speakers[i], b = st->speakers[j];
				if (!must_speak(p, a) || !must_speak(p, b))
					continue;
				bool ok = false;
				for (size_t k = 0; k < nstarts && !ok; k++)
					ok = start_possible(p, (int)s, starts[k]) &&
					     upr_session_speaker_fits(p, (int)s, a, starts[k], NULL, 0) &&
					     upr_session_speaker_fits(p, (int)s, b, starts[k], NULL, 0);
				if (ok)
					continue;
				const struct upr_speaker *sa = &p->speakers[a], *sb = &p->speakers[b];
				char ava[300], avb[300];
				list_availability(sa, ava, sizeof(ava));
				list_availability(sb, avb, sizeof(avb));
				upr_error(x->d, &sb->loc,
					  "%s: %s (%s) and %s (%s) are never available in the same session",
					  st->name, sa->organisation, ava, sb->organisation, avb);
				hint(x, &sb->loc, p->event.waitlist
				     ? "relax: widen one of their availabilities"
				     : "relax: widen one of their availabilities, or set event.waitlist: true");
				x->found++;
			}
		upr_free(starts);
	}
	return 0;
}

/* The window of event.hours that holds the session of length len starting
 * at t, as day * nhours + window (windows never overlap: the loader). */
static int64_t window_of(const struct upr_event *e, int64_t t, int len)
{
	int64_t day = upr_floor_div(t, UPR_MIN_PER_DAY), m = t - day * UPR_MIN_PER_DAY;
	size_t h = 0;
	while (h + 1 < e->nhours && !(e->hours[h].start <= m && m + len <= e->hours[h].end))
		h++;
	return day * (int64_t)e->nhours + (int64_t)h;
}

static int check_capacity(struct ex *x)
{
	const struct upr_problem *p = x->p;
	const struct upr_event *e = &p->event;
	size_t need = 0;
	int shortest = -1;	/* the held State with the shortest session */
	for (size_t s = 0; s < p->nstates; s++)
		if (upr_session_held(p, (int)s)) {
			need++;
			if (shortest < 0 ||
			    upr_session_length(p, (int)s) < upr_session_length(p, shortest))
				shortest = (int)s;
		}
	if (need == 0)
		return 0;
	/* Per room and window, pack sessions of the shortest length from the
	 * earliest start: earliest-first packing is the most, and no longer
	 * session packs more.  A window starts afresh (session.gap is not
	 * asked across windows). */
	size_t nstarts = 0;
	int64_t *starts = upr_session_starts(p, shortest, &nstarts);
	if (!starts)
		return -1;
	long cap = 0;
	int len = upr_session_length(p, shortest);
	for (size_t r = 0; r < p->nrooms; r++) {
		int64_t free_from = INT64_MIN, win = INT64_MIN;
		for (size_t k = 0; k < nstarts; k++) {
			int64_t t = starts[k], w = window_of(e, t, len);
			if (w != win) {
				win = w;
				free_from = INT64_MIN;
			}
			if (t < free_from)
				continue;
			if (!upr_session_room_open(p, (int)r, shortest, t))
				continue;
			cap++;
			free_from = t + len + e->gap;
		}
	}
	upr_free(starts);
	if ((long)need <= cap)
		return 0;
	upr_error(x->d, &e->loc,
		  "%zu States are to be held, but the rooms' time holds at most %ld sessions of %d minutes (%zu room%s, %zu day%s, event.hours, session.grid %d, session.gap %d)",
		  need, cap, len, p->nrooms, p->nrooms == 1 ? "" : "s", e->ndays,
		  e->ndays == 1 ? "" : "s", e->grid, e->gap);
	hint(x, &e->loc, "relax: add days, hours or rooms, shorten session.length, or raise session.min_statements");
	x->found++;
	return 0;
}

static int check_shared_speakers(struct ex *x)
{
	const struct upr_problem *p = x->p;
	unsigned char *keep = upr_calloc(p->nstates + 1, 1);
	if (!keep)
		return -1;
	for (size_t i = 0; i < p->nspeakers; i++) {
		const struct upr_speaker *sp = &p->speakers[i];
		size_t held = 0;
		memset(keep, 0, p->nstates);
		for (size_t j = 0; j < sp->nstates; j++)
			if (upr_session_held(p, sp->states[j]) && must_speak(p, (int)i)) {
				keep[sp->states[j]] = 1;
				held++;
			}
		if (held < 2)
			continue;
		int r = upr_solve_subset(p, keep, 20000);
		if (r < 0) {
			upr_free(keep);
			return -1;
		}
		if (r != 0)
			continue;
		char names[600];
		size_t n = 0;
		names[0] = '\0';
		for (size_t j = 0, k = 0; j < sp->nstates && n < sizeof(names); j++) {
			if (!keep[sp->states[j]])
				continue;
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s",
					      k == 0 ? "" : k + 1 == held ? " and " : ", ",
					      p->states[sp->states[j]].name);
			k++;
		}
		upr_error(x->d, &sp->loc,
			  "%s speaks on %s, and their sessions cannot all be placed so that it can give every statement (its availability, travel %d minutes, and the States' allowed times)",
			  sp->organisation, names, p->event.travel);
		hint(x, &sp->loc, "relax: widen the speaker's or the States' availability, add hours or rooms, or let another speaker of the organisation take one statement");
		x->found++;
	}
	upr_free(keep);
	return 0;
}

static int check_groups(struct ex *x)
{
	/* Each held State alone: the first that has no timetable even by
	 * itself is the culprit.  A conflict that needs two or more States
	 * (beyond the shared speakers above) is not narrowed down here; the
	 * general message below names it. */
	const struct upr_problem *p = x->p;
	unsigned char *keep = upr_calloc(p->nstates + 1, 1);
	if (!keep)
		return -1;
	for (size_t s = 0; s < p->nstates && !x->found; s++) {
		if (!upr_session_held(p, (int)s))
			continue;
		memset(keep, 0, p->nstates);
		keep[s] = 1;
		int r = upr_solve_subset(p, keep, 20000);
		if (r < 0) {
			upr_free(keep);
			return -1;
		}
		if (r == 0) {
			const struct upr_state *st = &p->states[s];
			upr_error(x->d, &st->loc,
				  "%s: no session time and room meets all of its constraints at once (rooms, its speakers' availability, its own unavailable times and pins)",
				  st->name);
			hint(x, &st->loc, "relax: widen its speakers' or its own availability, unpin it, or set event.waitlist: true");
			x->found++;
		}
	}
	upr_free(keep);
	return 0;
}

int upr_explain_infeasible(const struct upr_problem *p, struct upr_diags *d, bool proved)
{
	struct ex x = { p, d, 0 };
	check_too_small(&x);
	if (!x.found)
		check_rooms_offer(&x);
	if (!x.found && check_pins(&x) < 0)
		return -1;
	if (!x.found && check_speaker_times(&x) < 0)
		return -1;
	if (!x.found && check_capacity(&x) < 0)
		return -1;
	if (!x.found && check_shared_speakers(&x) < 0)
		return -1;
	if (!x.found && check_groups(&x) < 0)
		return -1;
	if (!x.found) {
		upr_error(d, NULL, proved
			  ? "no timetable meets every hard constraint: the States, rooms and speakers' times cannot all fit together"
			  : "no timetable meeting every hard constraint was found within the search effort");
		upr_note(d, NULL, proved
			 ? "relax: add days, hours or rooms, widen availabilities, or set event.waitlist: true"
			 : "relax: raise --effort, or add days, hours or rooms, or widen availabilities");
	}
	return d->oom ? -1 : 0;
}
