/*
 * why.c - upr_why: why a timetable is as it is for one State or speaker.
 *
 * Everything said here is measured, never guessed: the parts a State pays
 * are the checker's own explained penalties (upr_check with explain) that
 * name it; another slot is judged by building the timetable with the
 * session moved there and having the checker score it; a change that would
 * seat a waitlisted speaker is tried by re-planning a changed copy of the
 * problem with the timetable as baseline (upr_solve), and its cost is the
 * checker's score of that plan minus the timetable's.
 *
 * Moving a session: its statements are refitted as plan fits them
 * (upr_intra_best, with the times its speakers speak elsewhere blocked,
 * travel included); when that finds no running order, the statements move
 * with the session by the same number of minutes.  A slot whose timetable
 * breaks a hard constraint is ruled out; when it would cost less than the
 * present one, the codes it breaks say what rules it out.
 *
 * A changed problem is a shallow copy of the loaded one whose rooms or
 * speakers array is a copy with one entry changed; it shares everything
 * else and is never freed as a problem.  The answer is a cJSON document
 * (its shape: docs/reference.md#upr-schedule-why), which the command line prints as it
 * is (--json) or as text.
 */
#include "api/api.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "load/timetable_read.h"
#include "model/session.h"
#include "solve/solve.h"

/* Nodes of the running-order search per slot tried (plan's own budget for
 * one session is far larger; a slot that needs more is moved unchanged). */
#define REFIT_NODES 200000L

struct why {
	const struct upr_problem *p;
	const struct upr_timetable *t;
	const struct upr_why_opts *o;
	struct upr_check_result r;	/* t judged, with its penalties */
	int64_t score;			/* t's recomputed score */
	bool oom;
};

/* ---- JSON helpers ---- */

static void add_time(const struct upr_problem *p, cJSON *o, const char *key, int64_t t)
{
	char buf[26];
	upr_format_iso(p->event.timezone, t, buf);
	cJSON_AddStringToObject(o, key, buf);
}

static cJSON *state_json(const struct upr_problem *p, int s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", p->states[s].id);
	cJSON_AddStringToObject(o, "name", p->states[s].name);
	return o;
}

static cJSON *speaker_json(const struct upr_problem *p, int k)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", p->speakers[k].id);
	cJSON_AddStringToObject(o, "organisation", p->speakers[k].organisation);
	return o;
}

static void add_place(const struct upr_problem *p, cJSON *o, int room, int64_t start,
		      int64_t end)
{
	cJSON_AddStringToObject(o, "room", p->rooms[room].id);
	cJSON_AddStringToObject(o, "room_name", p->rooms[room].name);
	add_time(p, o, "start", start);
	if (end > start)
		add_time(p, o, "end", end);
}

/* ---- a State: what it pays ---- */

static cJSON *penalty_json(const struct why *w, const struct upr_penalty *pe, int s)
{
	const struct upr_problem *p = w->p;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", upr_weight_names[pe->kind]);
	cJSON_AddNumberToObject(o, "count", (double)pe->count);
	cJSON_AddNumberToObject(o, "cost", (double)(pe->count * p->event.weights[pe->kind]));
	cJSON_AddStringToObject(o, "message", pe->message);
	/* shared: a part of the whole timetable (balance), not of this State */
	cJSON_AddBoolToObject(o, "shared", pe->state < 0 && pe->state2 < 0);
	int other = pe->state == s ? pe->state2 : pe->state2 == s ? pe->state : -1;
	if (other >= 0)
		cJSON_AddItemToObject(o, "other_state", state_json(p, other));
	if (pe->speaker >= 0)
		cJSON_AddItemToObject(o, "speaker", speaker_json(p, pe->speaker));
	if (pe->delegation >= 0) {
		cJSON *g = cJSON_AddObjectToObject(o, "delegation");
		cJSON_AddStringToObject(g, "id", p->delegations[pe->delegation].id);
		cJSON_AddStringToObject(g, "name", p->delegations[pe->delegation].name);
	}
	return o;
}

/* ---- a State: other slots ---- */

/* The timetable with one session moved: a shallow copy of t whose sessions
 * and waitlist are arrays of its own. */
struct variant {
	struct upr_timetable t;
	struct upr_session *sessions;
	struct upr_stmt *stmts;
	struct upr_waitlisted *waitlist;
};

static void variant_release(struct variant *v)
{
	upr_free(v->sessions);
	upr_free(v->stmts);
	upr_free(v->waitlist);
	memset(v, 0, sizeof(*v));
}

struct upr_blocked *upr_api_blocked(const struct upr_problem *p, const struct upr_timetable *t,
				    size_t si, int room, size_t *n)
{
	int state = t->sessions[si].state;
	size_t cap = 1;
	for (size_t j = 0; j < t->nsessions; j++)
		cap += t->sessions[j].nstmts;
	struct upr_blocked *b = upr_malloc(cap * sizeof(*b));
	*n = 0;
	if (!b)
		return NULL;
	for (size_t j = 0; j < t->nsessions; j++) {
		const struct upr_session *o = &t->sessions[j];
		if (j == si)
			continue;
		for (size_t q = 0; q < o->nstmts; q++) {
			const struct upr_speaker *sp = &p->speakers[o->stmts[q].speaker];
			bool mine = false;
			for (size_t z = 0; z < sp->nstates; z++)
				mine |= sp->states[z] == state;
			if (!mine)
				continue;
			int margin = o->room == room ? 0 : p->event.travel;
			b[(*n)++] = (struct upr_blocked){ o->stmts[q].speaker,
							  o->stmts[q].start - margin,
							  o->stmts[q].start + o->stmts[q].minutes + margin };
		}
	}
	return b;
}

/*
 * Builds in v the timetable with session si at (room, start): refitted
 * (refit) or shifted.  0, 1 when refitting finds no running order, -1 out
 * of memory.
 */
static int build_variant(const struct why *w, size_t si, int room, int64_t start, bool refit,
			 struct variant *v)
{
	const struct upr_problem *p = w->p;
	const struct upr_timetable *t = w->t;
	const struct upr_session *old = &t->sessions[si];
	int state = old->state;
	size_t nsp = p->states[state].nspeakers;
	memset(v, 0, sizeof(*v));
	v->sessions = upr_malloc(t->nsessions * sizeof(*v->sessions));
	v->stmts = upr_malloc((nsp + 1) * sizeof(*v->stmts));
	v->waitlist = upr_malloc((t->nwaitlist + nsp + 1) * sizeof(*v->waitlist));
	int *buf = upr_malloc((nsp + 1) * 3 * sizeof(int));
	if (!v->sessions || !v->stmts || !v->waitlist || !buf) {
		upr_free(buf);
		variant_release(v);
		return -1;
	}
	v->t = *t;
	memcpy(v->sessions, t->sessions, t->nsessions * sizeof(*v->sessions));
	v->t.sessions = v->sessions;
	v->t.waitlist = v->waitlist;
	struct upr_session *ns = &v->sessions[si];
	ns->room = room;
	ns->start = start;
	ns->end = start + (old->end - old->start);
	ns->stmts = v->stmts;
	int rc = 0;
	if (!refit) {
		for (size_t q = 0; q < old->nstmts; q++) {
			v->stmts[q] = old->stmts[q];
			v->stmts[q].start += start - old->start;
		}
		memcpy(v->waitlist, t->waitlist, t->nwaitlist * sizeof(*v->waitlist));
	} else {
		size_t nblk;
		struct upr_blocked *blk = upr_api_blocked(w->p, w->t, si, room, &nblk);
		struct upr_intra_result res = { .order = buf, .minutes = buf + nsp + 1,
						.waitlisted = buf + 2 * (nsp + 1) };
		long nodes = 0;
		if (!blk || upr_intra_best(p, state, room, start, blk, nblk, REFIT_NODES, &res,
					   &nodes) < 0) {
			rc = -1;
		} else if (!res.feasible) {
			rc = 1;
		} else {
			int64_t cur = upr_session_stmts_start(p, state, start);
			for (int q = 0; q < res.nscheduled; q++) {
				v->stmts[q] = (struct upr_stmt){ res.order[q], cur, res.minutes[q] };
				cur += res.minutes[q];
			}
			ns->nstmts = (size_t)res.nscheduled;
			size_t k = 0;
			for (size_t i = 0; i < t->nwaitlist; i++)
				if (t->waitlist[i].state != state)
					v->waitlist[k++] = t->waitlist[i];
			for (int i = 0; i < res.nwaitlisted; i++)
				v->waitlist[k++] = (struct upr_waitlisted){ res.waitlisted[i], state, "" };
			v->t.nwaitlist = k;
		}
		upr_free(blk);
	}
	upr_free(buf);
	if (rc != 0) {
		variant_release(v);
		return rc;
	}
	upr_timetable_sort(&v->t);
	return 0;
}

/* One slot judged: its score, and the codes it breaks (bit per code). */
struct judged {
	int64_t score;
	unsigned codes;
	char first[256];	/* the first broken constraint's message */
	bool refitted;
};

/* Judges session si at (room, start), refitted or shifted, into *j:
 * 0 valid, 1 breaks a hard constraint, 2 no running order, -1 out of
 * memory. */
static int judge_variant(struct why *w, size_t si, int room, int64_t start, bool refit,
			 struct judged *j)
{
	memset(j, 0, sizeof(*j));
	struct variant v;
	int b = build_variant(w, si, room, start, refit, &v);
	if (b != 0)
		return b < 0 ? -1 : 2;
	struct upr_check_result r;
	upr_check_result_init(&r);
	long n = upr_check(w->p, &v.t, NULL, &r);
	variant_release(&v);
	j->score = r.score.total;
	j->refitted = refit;
	for (size_t i = 0; i < r.n; i++)
		j->codes |= 1u << r.v[i].code;
	if (r.n)
		snprintf(j->first, sizeof(j->first), "%s", r.v[0].message);
	upr_check_result_release(&r);
	return n < 0 ? -1 : n > 0;
}

/* Judges session si at (room, start): refitted, else shifted.  0 valid,
 * 1 breaks a hard constraint (the refit's when it found a running order),
 * -1 out of memory. */
static int judge_slot(struct why *w, size_t si, int room, int64_t start, struct judged *j)
{
	struct judged shifted;
	int rv = judge_variant(w, si, room, start, true, j);
	if (rv <= 0)
		return rv;
	int sv = judge_variant(w, si, room, start, false, &shifted);
	if (sv < 0)
		return -1;
	if (sv == 0 || rv == 2)
		*j = shifted;
	return sv;
}

/* The best other slot of session si and the cheaper slots ruled out. */
static int other_slots(struct why *w, size_t si, cJSON *root)
{
	const struct upr_problem *p = w->p;
	const struct upr_session *cur = &w->t->sessions[si];
	int state = cur->state;
	size_t nstarts;
	int64_t *starts = upr_session_starts(p, state, &nstarts);
	if (!starts)
		return -1;
	struct {
		size_t slots;
		struct judged ex;
		int room;
		int64_t start;
	} ruled[UPR_H_COUNT];
	memset(ruled, 0, sizeof(ruled));
	struct judged best, j;
	int best_room = -1;
	int64_t best_start = 0;
	size_t tried = 0, valid = 0;
	for (size_t i = 0; i < nstarts; i++)
		for (size_t r = 0; r < p->nrooms; r++) {
			if ((int)r == cur->room && starts[i] == cur->start)
				continue;
			tried++;
			int v = judge_slot(w, si, (int)r, starts[i], &j);
			if (v < 0) {
				upr_free(starts);
				return -1;
			}
			if (v == 0) {
				valid++;
				if (best_room < 0 || j.score < best.score) {
					best = j;
					best_room = (int)r;
					best_start = starts[i];
				}
				continue;
			}
			if (j.score >= w->score)
				continue;
			for (int c = 1; c < UPR_H_COUNT; c++)
				if (j.codes & (1u << c) && ruled[c].slots++ == 0) {
					ruled[c].ex = j;
					ruled[c].room = (int)r;
					ruled[c].start = starts[i];
				}
		}
	upr_free(starts);
	cJSON_AddNumberToObject(root, "slots_tried", (double)tried);
	cJSON_AddNumberToObject(root, "slots_valid", (double)valid);
	if (best_room >= 0) {
		cJSON *b = cJSON_AddObjectToObject(root, "best_other");
		add_place(p, b, best_room, best_start, upr_session_end(p, state, best_start));
		cJSON_AddNumberToObject(b, "score", (double)best.score);
		cJSON_AddNumberToObject(b, "difference", (double)(best.score - w->score));
		cJSON_AddBoolToObject(b, "refitted", best.refitted);
	} else {
		cJSON_AddNullToObject(root, "best_other");
	}
	cJSON *arr = cJSON_AddArrayToObject(root, "cheaper_ruled_out");
	for (int c = 1; c < UPR_H_COUNT; c++) {
		if (!ruled[c].slots)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", upr_hard_constraints[c].id);
		cJSON_AddStringToObject(o, "name", upr_hard_constraints[c].name);
		cJSON_AddNumberToObject(o, "slots", (double)ruled[c].slots);
		cJSON *ex = cJSON_AddObjectToObject(o, "example");
		add_place(p, ex, ruled[c].room, ruled[c].start, 0);
		cJSON_AddNumberToObject(ex, "score", (double)ruled[c].ex.score);
		if (ruled[c].ex.first[0])
			cJSON_AddStringToObject(ex, "message", ruled[c].ex.first);
		cJSON_AddItemToArray(arr, o);
	}
	return 0;
}

static int why_state(struct why *w, int s, cJSON *root)
{
	const struct upr_problem *p = w->p;
	const struct upr_timetable *t = w->t;
	cJSON_AddStringToObject(root, "subject", "state");
	cJSON_AddItemToObject(root, "state", state_json(p, s));
	size_t si = t->nsessions;
	for (size_t i = 0; i < t->nsessions; i++)
		if (t->sessions[i].state == s)
			si = i;
	if (si == t->nsessions) {
		cJSON_AddNullToObject(root, "session");
		for (size_t i = 0; i < t->nnot_held; i++)
			if (t->not_held[i].state == s && t->not_held[i].reason)
				cJSON_AddStringToObject(root, "not_held", t->not_held[i].reason);
	} else {
		const struct upr_session *se = &t->sessions[si];
		cJSON *o = cJSON_AddObjectToObject(root, "session");
		add_place(p, o, se->room, se->start, se->end);
		cJSON_AddNumberToObject(o, "statements", (double)se->nstmts);
	}
	cJSON *paid = cJSON_AddArrayToObject(root, "pays");
	int64_t own = 0;
	for (size_t i = 0; i < w->r.npen; i++) {
		const struct upr_penalty *pe = &w->r.pen[i];
		bool shared = pe->state < 0 && pe->state2 < 0;
		if (pe->state != s && pe->state2 != s && !shared)
			continue;
		cJSON_AddItemToArray(paid, penalty_json(w, pe, s));
		if (!shared)
			own += pe->count * p->event.weights[pe->kind];
	}
	cJSON_AddNumberToObject(root, "pays_total", (double)own);
	if (si == t->nsessions)
		return 0;
	return other_slots(w, si, root);
}

/* ---- a speaker ---- */

enum change_kind { CH_PRIORITY, CH_DAY, CH_LANGUAGE, CH_VIDEO };
static const char *const change_names[] = { "priority", "day", "room-language", "room-video" };

struct change {
	enum change_kind kind;
	int value;		/* the new priority */
	int room;
	int64_t day;
	char text[256];
};

/* The speaker free during the whole of day's hours: those windows added to
 * its available times, its unavailable times on that day taken off.  The
 * arrays go into *sp (upr_free both); false out of memory. */
static bool free_on_day(const struct upr_problem *p, struct upr_speaker *sp, int64_t day,
			struct upr_interval **av, struct upr_interval **un)
{
	const struct upr_event *e = &p->event;
	size_t na = sp->available.n + e->nhours, nu = 0;
	*av = upr_malloc((na + 1) * sizeof(**av));
	*un = upr_malloc((2 * sp->unavailable.n + 1) * sizeof(**un));
	if (!*av || !*un)
		return false;
	memcpy(*av, sp->available.v, sp->available.n * sizeof(**av));
	for (size_t h = 0; h < e->nhours; h++)
		(*av)[sp->available.n + h] = (struct upr_interval){
			day * UPR_MIN_PER_DAY + e->hours[h].start, day * UPR_MIN_PER_DAY + e->hours[h].end
		};
	int64_t d0 = day * UPR_MIN_PER_DAY, d1 = d0 + UPR_MIN_PER_DAY;
	for (size_t i = 0; i < sp->unavailable.n; i++) {
		struct upr_interval u = sp->unavailable.v[i];
		if (!upr_overlap(u.start, u.end, d0, d1)) {
			(*un)[nu++] = u;
			continue;
		}
		if (u.start < d0)
			(*un)[nu++] = (struct upr_interval){ u.start, d0 };
		if (u.end > d1)
			(*un)[nu++] = (struct upr_interval){ d1, u.end };
	}
	if (sp->has_available)
		sp->available = (struct upr_ivals){ *av, upr_ivals_normalize(*av, na) };
	sp->unavailable = (struct upr_ivals){ *un, nu };
	return true;
}

/* Is the speaker free during every window of day (day: local day number)? */
static bool free_all_day(const struct upr_problem *p, const struct upr_speaker *sp, int64_t day)
{
	for (size_t h = 0; h < p->event.nhours; h++) {
		int64_t a = day * UPR_MIN_PER_DAY + p->event.hours[h].start;
		int64_t b = day * UPR_MIN_PER_DAY + p->event.hours[h].end;
		if ((sp->has_available && !upr_ivals_contains(&sp->available, a, b)) ||
		    upr_ivals_overlaps(&sp->unavailable, a, b))
			return false;
	}
	return true;
}

/* The changes to try for speaker k, in the order tried; a new array. */
static struct change *changes_for(const struct upr_problem *p, int k, size_t *n)
{
	const struct upr_speaker *sp = &p->speakers[k];
	struct change *c = upr_calloc(10 + p->event.ndays + 2 * p->nrooms, sizeof(*c));
	*n = 0;
	if (!c)
		return NULL;
	char lang[3];
	upr_lang_format(sp->language, lang);
	for (int v = sp->priority + 1; v <= 9; v++) {
		c[*n] = (struct change){ .kind = CH_PRIORITY, .value = v };
		snprintf(c[*n].text, sizeof(c[*n].text), "priority %d instead of %d", v,
			 sp->priority);
		(*n)++;
	}
	for (size_t i = 0; i < p->event.ndays; i++) {
		if (free_all_day(p, sp, p->event.days[i]))
			continue;
		char date[11];
		upr_format_date(p->event.days[i], date);
		c[*n] = (struct change){ .kind = CH_DAY, .day = p->event.days[i] };
		snprintf(c[*n].text, sizeof(c[*n].text), "available on %s", date);
		(*n)++;
	}
	for (size_t r = 0; r < p->nrooms; r++) {
		const struct upr_room *rm = &p->rooms[r];
		if (!upr_room_has_language(rm, sp->language)) {
			c[*n] = (struct change){ .kind = CH_LANGUAGE, .room = (int)r };
			snprintf(c[*n].text, sizeof(c[*n].text), "add %s to the languages of %s", lang,
				 rm->name);
			(*n)++;
		}
		if (sp->remote && !rm->video) {
			c[*n] = (struct change){ .kind = CH_VIDEO, .room = (int)r };
			snprintf(c[*n].text, sizeof(c[*n].text), "add `video: true` to %s", rm->name);
			(*n)++;
		}
	}
	return c;
}

/* What a change came to: seated or not, and the plan's score. */
struct tried {
	bool seated, planned;
	int64_t score;
	int64_t moved;
};

/* Re-plans p with change ch applied to speaker k (or a room), the timetable
 * as baseline; is k then seated on state?  0, or -1 out of memory. */
static int try_change(struct why *w, int k, int state, const struct change *ch,
		      struct tried *out)
{
	const struct upr_problem *p = w->p;
	memset(out, 0, sizeof(*out));
	struct upr_problem q = *p;
	struct upr_speaker *sps = NULL;
	struct upr_room *rooms = NULL;
	struct upr_interval *av = NULL, *un = NULL;
	upr_lang *langs = NULL;
	int rc = -1;
	if (ch->kind == CH_PRIORITY || ch->kind == CH_DAY) {
		if (!(sps = upr_malloc(p->nspeakers * sizeof(*sps))))
			goto done;
		memcpy(sps, p->speakers, p->nspeakers * sizeof(*sps));
		if (ch->kind == CH_PRIORITY)
			sps[k].priority = ch->value;
		else if (!free_on_day(p, &sps[k], ch->day, &av, &un))
			goto done;
		q.speakers = sps;
	} else {
		if (!(rooms = upr_malloc(p->nrooms * sizeof(*rooms))))
			goto done;
		memcpy(rooms, p->rooms, p->nrooms * sizeof(*rooms));
		struct upr_room *rm = &rooms[ch->room];
		if (ch->kind == CH_VIDEO) {
			rm->video = true;
		} else {
			if (!(langs = upr_malloc((rm->nlanguages + 1) * sizeof(*langs))))
				goto done;
			memcpy(langs, rm->languages, rm->nlanguages * sizeof(*langs));
			langs[rm->nlanguages] = p->speakers[k].language;
			rm->languages = langs;
			rm->nlanguages++;
		}
		q.rooms = rooms;
	}
	struct upr_solve_opts so;
	memset(&so, 0, sizeof(so));
	so.seed = w->o->seed ? w->o->seed : 1;
	so.effort = w->o->effort;
	so.baseline = w->t;
	struct upr_diags scratch;
	upr_diags_init(&scratch);
	struct upr_timetable *nt = NULL;
	enum upr_solve_status st = upr_solve(&q, &so, &nt, &scratch, NULL);
	upr_diags_release(&scratch);
	if (st == UPR_SOLVE_OOM)
		goto done;
	rc = 0;
	if (st != UPR_SOLVE_OK)
		goto done;
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts co = { false, w->t };
	long n = upr_check(&q, nt, &co, &r);
	if (n < 0) {
		rc = -1;
	} else if (n == 0) {
		out->planned = true;
		out->score = r.score.total;
		out->moved = r.score.count[UPR_W_MOVED];
		for (size_t i = 0; i < nt->nsessions; i++)
			for (size_t j = 0; nt->sessions[i].state == state && j < nt->sessions[i].nstmts; j++)
				out->seated |= nt->sessions[i].stmts[j].speaker == k;
	}
	upr_check_result_release(&r);
	upr_timetable_free(nt);
done:
	upr_free(sps);
	upr_free(rooms);
	upr_free(av);
	upr_free(un);
	upr_free(langs);
	return rc;
}

/* For waitlisted statement (k, state): each change tried, and the cheapest
 * that seats it. */
static int seat(struct why *w, int k, int state, cJSON *o)
{
	size_t n;
	struct change *c = changes_for(w->p, k, &n);
	if (!c)
		return -1;
	cJSON *arr = cJSON_AddArrayToObject(o, "changes");
	long best = -1;
	int64_t best_cost = 0;
	bool seated_by_priority = false;
	for (size_t i = 0; i < n; i++) {
		/* the smallest raise that seats is enough */
		if (c[i].kind == CH_PRIORITY && seated_by_priority)
			continue;
		struct tried tr;
		if (try_change(w, k, state, &c[i], &tr) < 0) {
			upr_free(c);
			return -1;
		}
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "kind", change_names[c[i].kind]);
		cJSON_AddStringToObject(x, "change", c[i].text);
		cJSON_AddBoolToObject(x, "seated", tr.seated);
		if (tr.planned) {
			cJSON_AddNumberToObject(x, "score", (double)tr.score);
			cJSON_AddNumberToObject(x, "cost", (double)(tr.score - w->score));
			cJSON_AddNumberToObject(x, "moved", (double)tr.moved);
		}
		cJSON_AddItemToArray(arr, x);
		if (tr.seated && c[i].kind == CH_PRIORITY)
			seated_by_priority = true;
		if (tr.seated && (best < 0 || tr.score - w->score < best_cost)) {
			best = (long)cJSON_GetArraySize(arr) - 1;
			best_cost = tr.score - w->score;
		}
	}
	upr_free(c);
	if (best >= 0)
		cJSON_AddItemReferenceToObject(o, "smallest_change", cJSON_GetArrayItem(arr, (int)best));
	else
		cJSON_AddNullToObject(o, "smallest_change");
	return 0;
}

static int why_speaker(struct why *w, int k, cJSON *root)
{
	const struct upr_problem *p = w->p;
	const struct upr_timetable *t = w->t;
	cJSON_AddStringToObject(root, "subject", "speaker");
	cJSON_AddItemToObject(root, "speaker", speaker_json(p, k));
	cJSON *st = cJSON_AddArrayToObject(root, "statements");
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *se = &t->sessions[i];
		for (size_t j = 0; j < se->nstmts; j++) {
			if (se->stmts[j].speaker != k)
				continue;
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToObject(o, "state", state_json(p, se->state));
			add_place(p, o, se->room, se->stmts[j].start,
				  se->stmts[j].start + se->stmts[j].minutes);
			cJSON_AddNumberToObject(o, "minutes", se->stmts[j].minutes);
			cJSON_AddNumberToObject(o, "position", (double)(j + 1));
			cJSON_AddItemToArray(st, o);
		}
	}
	cJSON *wl = cJSON_AddArrayToObject(root, "waitlisted");
	for (size_t i = 0; i < t->nwaitlist; i++) {
		if (t->waitlist[i].speaker != k)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(wl, o);
		cJSON_AddItemToObject(o, "state", state_json(p, t->waitlist[i].state));
		if (t->waitlist[i].reason)
			cJSON_AddStringToObject(o, "reason", t->waitlist[i].reason);
		if (seat(w, k, t->waitlist[i].state, o) < 0)
			return -1;
	}
	cJSON *nh = cJSON_AddArrayToObject(root, "not_held");
	const struct upr_speaker *sp = &p->speakers[k];
	for (size_t i = 0; i < t->nnot_held; i++)
		for (size_t z = 0; z < sp->nstates; z++)
			if (sp->states[z] == t->not_held[i].state) {
				cJSON *o = cJSON_CreateObject();
				cJSON_AddItemToObject(o, "state", state_json(p, t->not_held[i].state));
				if (t->not_held[i].reason)
					cJSON_AddStringToObject(o, "reason", t->not_held[i].reason);
				cJSON_AddItemToArray(nh, o);
			}
	return 0;
}

int upr_why(const struct upr_problem *p, const struct upr_why_opts *o, struct cJSON **out,
	    struct upr_diags *d)
{
	*out = NULL;
	struct upr_found f;
	if (!o->timetable || !o->subject)
		return UPR_BAD_INPUT;
	if (upr_problem_find(p, UPR_ENTITY_STATE | UPR_ENTITY_SPEAKER, o->subject, &f, d) != 0)
		return UPR_BAD_INPUT;
	struct upr_timetable *t = NULL;
	if (upr_timetable_read_file(p, o->timetable, &t, d) != 0)
		return UPR_BAD_INPUT;
	struct why w = { .p = p, .t = t, .o = o };
	upr_check_result_init(&w.r);
	struct upr_check_opts co = { true, NULL };
	long n = upr_check(p, t, &co, &w.r);
	cJSON *root = cJSON_CreateObject();
	int rc = UPR_FAILED;
	if (n < 0 || !root)
		goto done;
	w.score = w.r.score.total;
	cJSON_AddStringToObject(root, "timetable", o->timetable);
	cJSON_AddBoolToObject(root, "valid", n == 0);
	cJSON_AddNumberToObject(root, "score", (double)w.score);
	if (n > 0)
		upr_note(d, NULL, "%s breaks %ld hard constraint%s (validate says which): other slots are compared with it as it is",
			 o->timetable, n, n == 1 ? "" : "s");
	int r = f.kind == UPR_ENTITY_STATE ? why_state(&w, f.index, root)
					   : why_speaker(&w, f.index, root);
	if (r == 0) {
		rc = UPR_OK;
		*out = root;
		root = NULL;
	}
done:
	if (rc != UPR_OK)
		upr_error(d, NULL, "out of memory");
	cJSON_Delete(root);
	upr_check_result_release(&w.r);
	upr_timetable_free(t);
	return rc;
}
