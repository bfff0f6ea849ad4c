/*
 * explain.c - when no timetable exists, name a minimal set of constraints
 * that cannot hold together, in the input's words, and one concrete
 * relaxation per member, cheapest first.
 *
 * The constraints come in groups an organiser changes together (a room's
 * languages, one speaker's availability, a pin, ...: explain_internal.h).
 * QuickXplain over the groups, with the oracle of explain_relax.c (a fast
 * test, then the solver with a small effort), finds a conflict; a deletion
 * pass then asks, for each member, whether the rest alone has a timetable,
 * and drops any member that is not needed.  So what is reported holds:
 * together the members leave no timetable (proved: only a proof counts as
 * "no"), and without any one of them the rest leaves one (or, on an input
 * too large for the oracle's effort, at least no proof that it does not).
 * Past the plan's deadline (--time-limit, counted from the start of the
 * run), or past its cap of solver calls (EX_MAX_SOLVER_CALLS), the
 * oracle answers "unknown" without asking, and the message says which
 * stopped it and that the set may not be minimal.
 * docs/internals/explain.md has the details.
 *
 * Each member is an error at the YAML line of its entity; each relaxation
 * is a note that ends in a machine form, "[set PATH VALUE]", "[del PATH]"
 * or "[split speakers.ID]" (several joined by "; "), where PATH is
 * event.KEY... or rooms|states|speakers.ID.KEY: tests apply the first one
 * to the input and plan again.  The relaxation is what the oracle relaxed,
 * so removing the member as suggested is proved to remove this conflict
 * (another may remain: then the next run names it).
 *
 * This file sits above the search (it calls upr_solve_subset through the
 * oracle), never the reverse.
 */
#include "solve/explain.h"
#include "solve/explain_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Work of one solver call of the oracle: small, since most conflicts are
 * plain to the fast test and the rest are small sub-problems. */
#define ORACLE_BUDGET 5000L
#define MAX_DAYS_SHOWN 8

struct text {
	char s[1024];
	size_t n;
};

__attribute__((format(printf, 2, 3)))
static void put(struct text *t, const char *fmt, ...)
{
	if (t->n >= sizeof(t->s) - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(t->s + t->n, sizeof(t->s) - t->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		t->n += (size_t)k < sizeof(t->s) - t->n ? (size_t)k : sizeof(t->s) - 1 - t->n;
}

/* ---- the conflict search ---- */

/* QuickXplain (Junker 2004): the members of c[0..nc) that, with the groups
 * set in bg, leave no timetable, appended to out.  has_delta: bg gained
 * groups since the caller last asked.  Returns 0, -1 out of memory. */
static int qxp(struct ex_oracle *o, const unsigned char *bg, bool has_delta, const size_t *c,
	       size_t nc, size_t *out, size_t *nout)
{
	if (has_delta) {
		int r = upr_ex_feasible(o, bg);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
	}
	if (nc == 0)
		return 0;
	if (nc == 1) {
		out[(*nout)++] = c[0];
		return 0;
	}
	size_t k = nc / 2, before = *nout;
	unsigned char *b2 = upr_malloc(o->ng);
	if (!b2)
		return -1;
	memcpy(b2, bg, o->ng);
	for (size_t i = 0; i < k; i++)
		b2[c[i]] = 1;
	int rc = qxp(o, b2, true, c + k, nc - k, out, nout);
	if (rc == 0) {
		memcpy(b2, bg, o->ng);
		for (size_t i = before; i < *nout; i++)
			b2[out[i]] = 1;
		rc = qxp(o, b2, *nout > before, c, k, out, nout);
	}
	upr_free(b2);
	return rc;
}

long upr_ex_conflict(struct ex_oracle *o, size_t *mus)
{
	unsigned char *on = upr_malloc(o->ng + 1);
	size_t *all = upr_malloc((o->ng + 1) * sizeof(*all));
	long rc = -1;
	if (!on || !all)
		goto done;
	memset(on, 1, o->ng);
	int r = upr_ex_feasible(o, on);
	if (r != 0) {
		rc = r < 0 ? -1 : 0;
		goto done;
	}
	for (size_t i = 0; i < o->ng; i++)
		all[i] = i;
	memset(on, 0, o->ng);
	size_t n = 0;
	if (qxp(o, on, false, all, o->ng, mus, &n) < 0)
		goto done;
	/* The deletion filter over what QuickXplain kept: each member must
	 * be needed, the rest alone feasible.  With a monotone oracle this
	 * drops nothing; it makes the claim checked rather than assumed. */
	memset(on, 0, o->ng);
	for (size_t i = 0; i < n; i++)
		on[mus[i]] = 1;
	if (upr_ex_feasible(o, on) != 0) {
		rc = 0;	/* not proved: say nothing wrong */
		goto done;
	}
	for (size_t i = 0; i < n;) {
		on[mus[i]] = 0;
		r = upr_ex_feasible(o, on);
		if (r < 0)
			goto done;
		if (r == 0) {	/* not needed */
			memmove(mus + i, mus + i + 1, (n - i - 1) * sizeof(*mus));
			n--;
			continue;
		}
		on[mus[i]] = 1;
		i++;
	}
	/* cheapest first: groups come cheapest first */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && mus[j - 1] > mus[j]; j--) {
			size_t t = mus[j];
			mus[j] = mus[j - 1];
			mus[j - 1] = t;
		}
	rc = (long)n;
done:
	upr_free(on);
	upr_free(all);
	return rc;
}

/* ---- words ---- */

struct ctx {
	const struct upr_problem *p;
	struct upr_diags *d;
	const struct ex_group *g;
	size_t ng;
	const size_t *mus;
	size_t nmus;
	unsigned char *in;	/* in[i]: group i is a member */
	struct ex_oracle *o;
};

static bool member(const struct ctx *c, enum ex_kind kind, int who)
{
	for (size_t i = 0; i < c->nmus; i++)
		if (c->g[c->mus[i]].kind == kind && c->g[c->mus[i]].who == who)
			return true;
	return false;
}

static void put_lang(struct text *t, upr_lang l)
{
	char s[3];
	upr_lang_format(l, s);
	put(t, "'%s'", s);
}

/* "2017-12-12" for a whole day, "2017-12-12 to 2017-12-14" for whole
 * days, "2017-12-12 10:00 to 12:00" within a day. */
static void put_interval(struct text *t, const struct upr_interval *v)
{
	char a[17], b[17];
	upr_format_local(v->start, a);
	if (v->start % UPR_MIN_PER_DAY == 0 && v->end % UPR_MIN_PER_DAY == 0) {
		upr_format_local(v->end - UPR_MIN_PER_DAY, b);
		if (v->end - v->start == UPR_MIN_PER_DAY)
			put(t, "%.10s", a);
		else
			put(t, "%.10s to %.10s", a, b);
		return;
	}
	upr_format_local(v->end, b);
	put(t, "%s to %s", a, memcmp(a, b, 10) == 0 ? b + 11 : b);
}

static void put_ivals(struct text *t, const struct upr_ivals *v)
{
	for (size_t i = 0; i < v->n && i < 4; i++) {
		put(t, "%s", i ? ", " : "");
		put_interval(t, &v->v[i]);
	}
	if (v->n > 4)
		put(t, ", ...");
}

static bool is_group(const struct ctx *c, enum ex_kind kind, int who)
{
	for (size_t i = 0; i < c->ng; i++)
		if (c->g[i].kind == kind && c->g[i].who == who)
			return true;
	return false;
}

/* The languages room r lacks for the speakers whose language holds in the
 * conflict: those who must speak, on a held State, and whose language is
 * a member or no group (a speaker whose language group is not a member
 * speaks any language there).  Adding them is then the same as the
 * oracle's relaxation of the room's languages. */
static size_t lacking(const struct ctx *c, int r, upr_lang *out, size_t max)
{
	const struct upr_problem *p = c->p;
	size_t n = 0;
	for (size_t i = 0; i < p->nspeakers; i++) {
		const struct upr_speaker *sp = &p->speakers[i];
		bool held = false;
		for (size_t j = 0; j < sp->nstates; j++)
			held |= upr_session_held(p, sp->states[j]);
		if (!held || !upr_ex_must_speak(p, (int)i) ||
		    (is_group(c, EX_SPK_LANG, (int)i) && !member(c, EX_SPK_LANG, (int)i)))
			continue;
		bool seen = upr_room_has_language(&p->rooms[r], sp->language);
		for (size_t k = 0; k < n && !seen; k++)
			seen = out[k] == sp->language;
		if (!seen && n < max)
			out[n++] = sp->language;
	}
	return n;
}

static void put_states(struct text *t, const struct upr_problem *p, const struct upr_speaker *sp)
{
	size_t held = 0, k = 0;
	for (size_t j = 0; j < sp->nstates; j++)
		held += upr_session_held(p, sp->states[j]);
	for (size_t j = 0; j < sp->nstates; j++) {
		if (!upr_session_held(p, sp->states[j]))
			continue;
		put(t, "%s%s", k == 0 ? "" : k + 1 == held ? " and " : ", ",
		    p->states[sp->states[j]].name);
		k++;
	}
}

static void put_day_list(struct text *t, const int64_t *days, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char s[11];
		upr_format_date(days[i], s);
		put(t, "%s%s", i ? ", " : "", s);
	}
}

static void put_hours(struct text *t, const struct upr_event *e, bool widened)
{
	for (size_t k = 0; k < e->nhours; k++) {
		char a[6], b[6];
		int end = widened ? (k + 1 < e->nhours ? (int)e->hours[k + 1].start : UPR_MIN_PER_DAY)
				  : (int)e->hours[k].end;
		upr_format_hm((int)e->hours[k].start, a);
		upr_format_hm(end, b);
		put(t, "%s%s-%s", k ? ", " : "", a, b);
	}
}

/* The member's own words: what it demands. */
static const struct upr_loc *describe(const struct ctx *c, const struct ex_group *g,
				      struct text *t)
{
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	switch (g->kind) {
	case EX_STATE_START: {
		char a[17];
		upr_format_local(p->states[g->who].start, a);
		put(t, "%s is pinned to start at %s", p->states[g->who].name, a);
		return &p->states[g->who].start_loc;
	}
	case EX_STATE_ROOM:
		put(t, "%s is pinned to room %s", p->states[g->who].name,
		    p->rooms[p->states[g->who].room].name);
		return &p->states[g->who].room_loc;
	case EX_STATE_TIMES:
		put(t, "%s is unavailable on ", p->states[g->who].name);
		put_ivals(t, &p->states[g->who].unavailable);
		return &p->states[g->who].loc;
	case EX_ROOM_VIDEO:
	case EX_ROOM_LANG: {
		const struct upr_room *r = &p->rooms[g->who];
		put(t, "%s has ", r->name);
		if (r->video)
			put(t, "video and ");
		for (size_t i = 0; i < r->nlanguages; i++) {
			put(t, "%s", i == 0 ? "" : i + 1 == r->nlanguages ? " and " : ", ");
			put_lang(t, r->languages[i]);
		}
		put(t, " but not ");
		upr_lang l[16];
		size_t n = g->kind == EX_ROOM_LANG ? lacking(c, g->who, l, 16) : 0;
		for (size_t i = 0; i < n; i++) {
			put(t, "%s", i == 0 ? "" : i + 1 == n ? " or " : ", ");
			put_lang(t, l[i]);
		}
		if (g->kind == EX_ROOM_VIDEO)
			put(t, "video");
		else if (n == 0)
			put(t, "every language needed");
		return &r->loc;
	}
	case EX_ROOM_TIMES:
		put(t, "%s is available only on ", p->rooms[g->who].name);
		put_ivals(t, &p->rooms[g->who].available);
		return &p->rooms[g->who].loc;
	case EX_EVENT_HOURS:
		put(t, "sessions of %d minutes run only within event.hours ",
		    upr_session_length(p, UPR_SESSION_ANY));
		put_hours(t, e, false);
		put(t, " (session.grid %d)", e->grid);
		return &e->loc;
	case EX_EVENT_DAYS:
		put(t, "sessions run only on the event days ");
		put_day_list(t, e->days, e->ndays < MAX_DAYS_SHOWN ? e->ndays : MAX_DAYS_SHOWN);
		if (e->ndays > MAX_DAYS_SHOWN)
			put(t, ", ...");
		return &e->loc;
	case EX_CAPACITY: {
		/* the old message, for each State that is too large */
		int L = upr_session_statement_minutes(p, UPR_SESSION_ANY), k = 0;
		for (size_t s = 0; s < p->nstates; s++) {
			int need = 0;
			const struct upr_state *st = &p->states[s];
			for (size_t i = 0; i < st->nspeakers; i++)
				need += upr_ex_must_speak(p, st->speakers[i]);
			if (!upr_session_held(p, (int)s) || (long)need * e->statement_min <= L)
				continue;
			if (k++ > 0) {
				put(t, "; ");
				put(t, "%s: %d statements", st->name, need);
				continue;
			}
			put(t, "%s: %d statements need at least %d minutes (%d x %d), but a session leaves %d minutes for statements (%d - %d opening",
			    st->name, need, need * e->statement_min, need, e->statement_min, L,
			    upr_session_length(p, (int)s), e->opening);
			if (e->state_statement)
				put(t, " - %d remarks", e->state_statement);
			put(t, " - %d questions)", e->questions);
		}
		if (k == 0)
			put(t, "statements last at least statement.min %d minutes", e->statement_min);
		return &e->loc;
	}
	case EX_SPK_VIDEO:
	case EX_SPK_LANG:
	case EX_SPK_TIMES:
	case EX_SPK_SHARED: {
		const struct upr_speaker *sp = &p->speakers[g->who];
		put(t, "%s speaks on ", sp->organisation);
		put_states(t, p, sp);
		if (g->kind == EX_SPK_VIDEO) {
			put(t, " by video");
		} else if (g->kind == EX_SPK_LANG) {
			put(t, " in ");
			put_lang(t, sp->language);
		} else if (g->kind == EX_SPK_TIMES) {
			if (sp->has_available) {
				put(t, " and is available only on ");
				put_ivals(t, &sp->available);
			}
			if (sp->unavailable.n) {
				put(t, " and is unavailable on ");
				put_ivals(t, &sp->unavailable);
			}
		} else {
			put(t, ", one statement in each session, with %d minutes of travel between rooms",
			    e->travel);
		}
		return &sp->loc;
	}
	case EX_NKINDS:
		break;
	}
	return &e->loc;
}

static void put_id_path(struct text *t, const char *what, const char *id)
{
	put(t, "%s.%s", what, id);
}

/* The relaxation of a member, in words and in machine form. */
static void relaxation(const struct ctx *c, const struct ex_group *g, struct text *t)
{
	const struct upr_problem *p = c->p;
	const struct upr_event *e = &p->event;
	struct text m = { "", 0 };
	switch (g->kind) {
	case EX_STATE_START:
		put(t, "remove the start pin of %s", p->states[g->who].name);
		put(&m, "del ");
		put_id_path(&m, "states", p->states[g->who].id);
		put(&m, ".start");
		break;
	case EX_STATE_ROOM:
		put(t, "remove the room pin of %s", p->states[g->who].name);
		put(&m, "del ");
		put_id_path(&m, "states", p->states[g->who].id);
		put(&m, ".room");
		break;
	case EX_STATE_TIMES:
		put(t, "drop the unavailable times of %s", p->states[g->who].name);
		put(&m, "del ");
		put_id_path(&m, "states", p->states[g->who].id);
		put(&m, ".unavailable");
		break;
	case EX_ROOM_VIDEO:
		put(t, "add `video: true` to %s", p->rooms[g->who].name);
		put(&m, "set ");
		put_id_path(&m, "rooms", p->rooms[g->who].id);
		put(&m, ".video true");
		break;
	case EX_ROOM_LANG: {
		const struct upr_room *r = &p->rooms[g->who];
		upr_lang l[16];
		size_t n = lacking(c, g->who, l, 16);
		put(t, "add ");
		for (size_t i = 0; i < n; i++) {
			char s[3];
			upr_lang_format(l[i], s);
			put(t, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", s);
		}
		put(t, " to the languages of %s", r->name);
		put(&m, "set ");
		put_id_path(&m, "rooms", r->id);
		put(&m, ".languages [");
		for (size_t i = 0; i < r->nlanguages + n; i++) {
			char s[3];
			upr_lang_format(i < r->nlanguages ? r->languages[i] : l[i - r->nlanguages], s);
			put(&m, "%s%s", i ? ", " : "", s);
		}
		put(&m, "]");
		break;
	}
	case EX_ROOM_TIMES:
		put(t, "book %s for every event day and hour (drop its `available`)",
		    p->rooms[g->who].name);
		put(&m, "del ");
		put_id_path(&m, "rooms", p->rooms[g->who].id);
		put(&m, ".available");
		break;
	case EX_EVENT_HOURS: {
		struct text h = { "", 0 };
		put_hours(&h, e, true);
		put(t, "widen event.hours to %s", h.s);
		put(&m, "set event.hours [%s]", h.s);
		break;
	}
	case EX_EVENT_DAYS: {
		int64_t extra[62], all[62 + 400];
		/* the days of the members' availabilities, if they are enough
		 * (asked of the oracle), else every day it adds */
		size_t n = upr_ex_extra_days(p, c->g, c->ng, c->in, extra, 62), k = 0;
		unsigned char *on = upr_malloc(c->ng + 1);
		if (on) {
			memcpy(on, c->in, c->ng);
			on[g - c->g] = 0;
			if (n == 0 || upr_ex_feasible_days(c->o, on, extra, n) != 1)
				n = upr_ex_extra_days(p, c->g, c->ng, NULL, extra, 62);
			upr_free(on);
		}
		size_t x = 0, y = 0;
		while ((x < e->ndays || y < n) && k < sizeof(all) / sizeof(*all))
			all[k++] = y >= n || (x < e->ndays && e->days[x] < extra[y])
				   ? e->days[x++] : extra[y++];
		put(t, "add ");
		put_day_list(t, extra, n);
		put(t, " to event.days");
		put(&m, "set event.days [");
		put_day_list(&m, all, k);
		put(&m, "]");
		break;
	}
	case EX_CAPACITY:
		put(t, "lower statement.min to %d minutes", upr_ex_capacity_min(p));
		put(&m, "set event.statement.min %d", upr_ex_capacity_min(p));
		break;
	case EX_SPK_VIDEO:
		put(t, "let %s speak in person (drop `remote: true`)", p->speakers[g->who].organisation);
		put(&m, "del ");
		put_id_path(&m, "speakers", p->speakers[g->who].id);
		put(&m, ".remote");
		break;
	case EX_SPK_TIMES: {
		const struct upr_speaker *sp = &p->speakers[g->who];
		put(t, "ask %s to be available at any time of the event (drop its %s)",
		    sp->organisation,
		    sp->has_available && sp->unavailable.n ? "`available` and `unavailable`"
		    : sp->has_available ? "`available`" : "`unavailable`");
		if (sp->has_available) {
			put(&m, "del ");
			put_id_path(&m, "speakers", sp->id);
			put(&m, ".available%s", sp->unavailable.n ? "; " : "");
		}
		if (sp->unavailable.n) {
			put(&m, "del ");
			put_id_path(&m, "speakers", sp->id);
			put(&m, ".unavailable");
		}
		break;
	}
	case EX_SPK_SHARED:
		put(t, "let a different speaker of %s give each of its statements (one entry per State)",
		    p->speakers[g->who].organisation);
		put(&m, "split ");
		put_id_path(&m, "speakers", p->speakers[g->who].id);
		break;
	case EX_SPK_LANG: {
		/* one that every room offers: the group exists only then */
		upr_lang best = UPR_LANG_EN;
		upr_ex_common_language(p, &best);
		char s[3];
		upr_lang_format(best, s);
		put(t, "let %s speak in %s", p->speakers[g->who].organisation, s);
		put(&m, "set ");
		put_id_path(&m, "speakers", p->speakers[g->who].id);
		put(&m, ".language %s", s);
		break;
	}
	case EX_NKINDS:
		break;
	}
	put(t, " [%s]", m.s);
}

/* A lead line for the plainest shape: the speakers of one State need more
 * of one room than any room has. */
static void lead(const struct ctx *c)
{
	const struct upr_problem *p = c->p;
	for (size_t s = 0; s < p->nstates; s++) {
		const struct upr_state *st = &p->states[s];
		bool video = false, any = false, all = true;
		upr_lang l[16];
		size_t nl = 0;
		for (size_t i = 0; i < c->nmus; i++) {
			const struct ex_group *g = &c->g[c->mus[i]];
			if (g->kind != EX_SPK_LANG && g->kind != EX_SPK_VIDEO)
				continue;
			bool mine = false;
			for (size_t k = 0; k < st->nspeakers && !mine; k++)
				mine = st->speakers[k] == g->who;
			all &= mine;
			any = true;
			if (g->kind == EX_SPK_VIDEO)
				video = true;
			else if (nl < 16)
				l[nl++] = p->speakers[g->who].language;
		}
		if (!any || !all)
			continue;
		struct text t = { "", 0 };
		put(&t, "%s needs one room with ", st->name);
		for (size_t i = 0; i < nl; i++) {
			put(&t, "%s", i == 0 ? "" : i + 1 == nl && !video ? " and " : ", ");
			put_lang(&t, l[i]);
		}
		if (video)
			put(&t, "%svideo", nl ? " and " : "");
		if (st->room >= 0 && member(c, EX_STATE_ROOM, (int)s))
			put(&t, ", but it is pinned to %s", p->rooms[st->room].name);
		else
			put(&t, ", and no room it may use has %s", nl + video > 1 ? "all of them" : "it");
		upr_error(c->d, &st->loc, "%s", t.s);
		return;
	}
}

int upr_explain_infeasible(const struct upr_problem *p, struct upr_diags *d, bool proved)
{
	return upr_explain_infeasible_until(p, d, proved, 0);
}

int upr_explain_infeasible_until(const struct upr_problem *p, struct upr_diags *d, bool proved,
				 double deadline)
{
	return upr_ex_explain(p, d, proved, deadline, EX_MAX_SOLVER_CALLS);
}

int upr_ex_explain(const struct upr_problem *p, struct upr_diags *d, bool proved, double deadline,
		   long max_solver_calls)
{
	struct ex_oracle o;
	memset(&o, 0, sizeof(o));
	o.p = p;
	o.budget = ORACLE_BUDGET;
	o.deadline = deadline;
	o.max_solver_calls = max_solver_calls;
	struct ex_group *g = upr_ex_groups(p, &o.ng);
	size_t *mus = upr_malloc((o.ng + 1) * sizeof(*mus));
	unsigned char *in = upr_calloc(o.ng + 1, 1);
	int rc = -1;
	if (!g || !mus || !in)
		goto done;
	o.g = g;
	long n = upr_ex_conflict(&o, mus);
	if (n < 0)
		goto done;
	if (n == 0) {
		/* no conflict proved with the oracle's small effort */
		upr_error(d, NULL, proved
			  ? "no timetable meets every hard constraint: the States, rooms and speakers' times cannot all fit together"
			  : "no timetable meeting every hard constraint was found within the search effort");
		upr_note(d, NULL, proved
			 ? "relax: add days, hours or rooms, widen availabilities, or set event.waitlist: true"
			 : "relax: raise --effort, or add days, hours or rooms, or widen availabilities");
		if (o.timed_out)
			upr_note(d, NULL, "the time limit passed before the constraints in conflict were found; raise --time-limit to name them");
		else if (o.capped)
			upr_note(d, NULL, "the explanation stopped at its limit of %ld solver calls before the constraints in conflict were found",
				 max_solver_calls);
		rc = d->oom ? -1 : 0;
		goto done;
	}
	for (long i = 0; i < n; i++)
		in[mus[i]] = 1;
	struct ctx c = { p, d, g, o.ng, mus, (size_t)n, in, &o };
	/* past the deadline "unknown" counted as yes: the conflict is
	 * proved, but that the rest can hold without a member is not */
	if (o.timed_out && n == 1)
		upr_error(d, NULL, "no timetable can exist because of one constraint (the time limit passed before it was shown that a timetable exists without it):");
	else if (o.timed_out)
		upr_error(d, NULL, "no timetable can exist: these %ld constraints cannot all hold (the time limit passed before it was shown that each is needed: a smaller set may be enough; raise --time-limit to narrow it):",
			  n);
	/* the cap of solver calls, like the deadline, leaves "unknown"
	 * counted as yes: the same doubt, its own cause */
	else if (o.capped && n == 1)
		upr_error(d, NULL, "no timetable can exist because of one constraint (the explanation stopped at its limit of %ld solver calls before it was shown that a timetable exists without it):",
			  max_solver_calls);
	else if (o.capped)
		upr_error(d, NULL, "no timetable can exist: these %ld constraints cannot all hold (the explanation stopped at its limit of %ld solver calls before it was shown that each is needed: a smaller set may be enough):",
			  n, max_solver_calls);
	else if (n == 1)
		upr_error(d, NULL, "no timetable can exist because of one constraint, and without it a timetable exists:");
	else
		upr_error(d, NULL, "no timetable can exist: these %ld constraints cannot all hold, and without any one of them the rest can:",
			  n);
	lead(&c);
	for (long i = 0; i < n; i++) {
		struct text t = { "", 0 };
		const struct upr_loc *loc = describe(&c, &g[mus[i]], &t);
		upr_error(d, loc, "%s", t.s);
	}
	for (long i = 0; i < n; i++) {
		struct text t = { "", 0 }, ignore = { "", 0 };
		const struct upr_loc *loc = describe(&c, &g[mus[i]], &ignore);
		relaxation(&c, &g[mus[i]], &t);
		upr_note(d, loc, "relax: %s", t.s);
	}
	if (!p->event.waitlist)
		upr_note(d, &p->event.loc,
			 "relax: or set event.waitlist: true, and the statements that cannot fit wait");
	rc = d->oom ? -1 : 0;
done:
	upr_ex_oracle_release(&o);
	upr_free(g);
	upr_free(mus);
	upr_free(in);
	return rc;
}
