/*
 * precheck.c - what `check` can tell without a search: per held State,
 *
 *   rooms     one room (its pin, else any) must offer every language and
 *             the video its statements need;
 *   times     its session needs a possible start (event days and hours,
 *             its pins and unavailable times, an open room), and its
 *             speakers must share one: each alone, each pair, all;
 *   minutes   its statements must fit one session at statement.min.
 *
 * With `waitlist: false` each finding is an error: no timetable can exist,
 * whatever the search does.  With `waitlist: true` it is a warning naming
 * who will wait (by the rule of upr_session_wait_order, when the choice
 * is the plan's), unless the one who would have to wait is an NHRI, which
 * never waits: then it stays an error.  Every finding is certain: none
 * depends on how the other States are placed.
 *
 * The rules of a session come from model/session.h; explain.c says why a
 * search failed and may find the same things, later and in more detail.
 */
#include "solve/precheck.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model/session.h"
#include "upr/upr.h"

void upr_describe_times(const struct upr_ivals *v, char *out, size_t size)
{
	size_t n = 0;
	if (size)
		out[0] = '\0';
	for (size_t i = 0; i < v->n && n < size; i++) {
		if (i == 3) {
			snprintf(out + n, size - n, " and %zu more", v->n - 3);
			break;
		}
		const struct upr_interval *iv = &v->v[i];
		int64_t d0 = upr_floor_div(iv->start, UPR_MIN_PER_DAY);
		int64_t d1 = upr_floor_div(iv->end - 1, UPR_MIN_PER_DAY);
		char a[17], b[17];
		const char *sep = i == 0 ? "" : (i + 1 == v->n || i == 2) ? " and " : ", ";
		int k;
		if (iv->start == d0 * UPR_MIN_PER_DAY && iv->end == (d1 + 1) * UPR_MIN_PER_DAY) {
			upr_format_date(d0, a);
			upr_format_date(d1, b);
			k = d0 == d1 ? snprintf(out + n, size - n, "%son %s", sep, a)
				     : snprintf(out + n, size - n, "%sfrom %s to %s", sep, a, b);
		} else if (d0 == d1) {
			char hm[6];
			upr_format_local(iv->start, a);
			upr_format_hm((int)(iv->end - d0 * UPR_MIN_PER_DAY), hm);
			k = snprintf(out + n, size - n, "%son %s-%s", sep, a, hm);
		} else {
			upr_format_local(iv->start, a);
			upr_format_local(iv->end, b);
			k = snprintf(out + n, size - n, "%sfrom %s to %s", sep, a, b);
		}
		n += k > 0 ? (size_t)k : 0;
	}
}

struct pre {
	const struct upr_problem *p;
	struct upr_diags *d;
	bool failed;		/* an error: no timetable can exist */
	bool oom;
	int64_t *starts;	/* every possible start (any State) */
	size_t nstarts;
	unsigned char *open;	/* per start: some room is open for a session */
	int *ok;		/* starts possible for the State at hand */
	size_t nok;
};

/* An error, or with waitlist and when nobody who must speak is concerned,
 * a warning. */
static void say(struct pre *x, bool error, const struct upr_loc *loc, const char *msg)
{
	if (error)
		x->failed = true;
	upr_diag(x->d, error ? UPR_ERROR : UPR_WARNING, loc, "%s", msg);
}

/* Must sp be seated (an NHRI, or no waitlist)? */
static bool must_speak(const struct upr_problem *p, int sp)
{
	return !p->event.waitlist || p->speakers[sp].kind == UPR_KIND_NHRI;
}

/* Does anything limit when sp can speak? */
static bool limited(const struct upr_problem *p, int sp)
{
	return p->speakers[sp].has_available || p->speakers[sp].unavailable.n > 0;
}

static void availability(const struct upr_speaker *sp, char *out, size_t size)
{
	char t[240];
	upr_describe_times(sp->has_available ? &sp->available : &sp->unavailable, t, sizeof(t));
	snprintf(out, size, "%s %s", sp->has_available ? "available only" : "unavailable", t);
}

/* Appends ", name" (or the first name) to buf of size. */
static void add_name(char *buf, size_t size, const char *name)
{
	size_t n = strlen(buf);
	if (n < size)
		snprintf(buf + n, size - n, "%s%s", n ? ", " : "", name);
}

/* Turns the last ", " of buf into " and " (or " or "), room permitting. */
static void join_last(char *buf, size_t size, const char *word)
{
	char *c = NULL;
	for (char *q = strstr(buf, ", "); q; q = strstr(q + 2, ", "))
		c = q;
	size_t n = strlen(buf), w = strlen(word);
	if (!c || n + w + 1 >= size)
		return;
	memmove(c + w + 2, c + 2, strlen(c + 2) + 1);
	c[0] = ' ';
	memcpy(c + 1, word, w);
	c[w + 1] = ' ';
}

/* ---- rooms ---- */

static void check_rooms(struct pre *x, int s)
{
	const struct upr_problem *p = x->p;
	const struct upr_state *st = &p->states[s];
	int best = -1, best_n = -1;
	for (size_t r = 0; r < p->nrooms; r++) {
		if (!upr_session_room_allowed(p, s, (int)r))
			continue;
		int n = 0;
		bool nhri_ok = true;
		for (size_t i = 0; i < st->nspeakers; i++) {
			bool t = upr_session_room_takes(p, (int)r, st->speakers[i]);
			n += t;
			if (!t && must_speak(p, st->speakers[i]))
				nhri_ok = false;
		}
		if (n == (int)st->nspeakers)
			return;	/* this room holds everyone */
		if (nhri_ok && n > best_n) {
			best = (int)r;
			best_n = n;
		}
	}
	/* what the statements need, and what each room lacks */
	char need[160] = "", lacks[480] = "";
	bool video = false;
	for (size_t i = 0; i < st->nspeakers; i++) {
		const struct upr_speaker *sp = &p->speakers[st->speakers[i]];
		video |= sp->remote;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = p->speakers[st->speakers[j]].language == sp->language;
		if (seen)
			continue;
		char l[3], q[6];
		upr_lang_format(sp->language, l);
		snprintf(q, sizeof(q), "'%s'", l);
		add_name(need, sizeof(need), q);
	}
	if (video) {
		add_name(need, sizeof(need), "video");
	}
	join_last(need, sizeof(need), "and");
	int shown = 0;
	for (size_t r = 0; r < p->nrooms; r++) {
		if (!upr_session_room_allowed(p, s, (int)r))
			continue;
		if (shown++ == 4) {
			add_name(lacks, sizeof(lacks), "...");
			break;
		}
		const struct upr_room *rm = &p->rooms[r];
		char what[200] = "";
		for (size_t i = 0; i < st->nspeakers; i++) {
			upr_lang lang = p->speakers[st->speakers[i]].language;
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++)
				seen = p->speakers[st->speakers[j]].language == lang;
			if (seen || upr_room_has_language(rm, lang))
				continue;
			char l[3], q[6];
			upr_lang_format(lang, l);
			snprintf(q, sizeof(q), "'%s'", l);
			add_name(what, sizeof(what), q);
		}
		if (video && !rm->video)
			add_name(what, sizeof(what), "video");
		join_last(what, sizeof(what), "or");
		size_t n = strlen(lacks);
		if (n < sizeof(lacks))
			snprintf(lacks + n, sizeof(lacks) - n, "%s%s%s has no %s", n ? "; " : "",
				 rm->name, st->room >= 0 ? " (its pinned room)" : "", what);
	}
	char msg[900];
	int n = snprintf(msg, sizeof(msg), "%s: no room offers all that its statements need (%s): %s",
			 st->name, need, lacks);
	if (best < 0 || !p->event.waitlist) {
		if (best < 0 && p->event.waitlist && n > 0 && (size_t)n < sizeof(msg))
			snprintf(msg + n, sizeof(msg) - (size_t)n, "; its NHRI never waits");
		say(x, true, &st->loc, msg);
		return;
	}
	/* who may wait: those some allowed room does not take */
	char who[400] = "";
	for (size_t i = 0; i < st->nspeakers; i++) {
		int sp = st->speakers[i];
		bool all = true;
		for (size_t r = 0; r < p->nrooms && all; r++)
			all = !upr_session_room_allowed(p, s, (int)r) ||
			      upr_session_room_takes(p, (int)r, sp);
		if (!all)
			add_name(who, sizeof(who), p->speakers[sp].organisation);
	}
	int wait = (int)st->nspeakers - best_n;
	join_last(who, sizeof(who), "and");
	if (n > 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, "; at least %d of %s will wait", wait, who);
	/* who: the speakers some allowed room does not take */
	say(x, false, &st->loc, msg);
}

/* ---- times ---- */

/* Could sp speak in a session of s starting at starts[ok[k]]?  A session
 * that misses its available times altogether is ruled out at once. */
static bool fits(const struct pre *x, int s, int sp, size_t k)
{
	const struct upr_speaker *o = &x->p->speakers[sp];
	int64_t t = x->starts[x->ok[k]];
	if (o->has_available && !upr_ivals_overlaps(&o->available, t, upr_session_end(x->p, s, t)))
		return false;
	return upr_session_speaker_fits(x->p, s, sp, t, NULL, 0);
}

/* Fills x->ok with the starts possible for s; false (and an error) when
 * there is none. */
static bool check_starts(struct pre *x, int s)
{
	const struct upr_problem *p = x->p;
	const struct upr_state *st = &p->states[s];
	size_t nfree = 0;
	x->nok = 0;
	for (size_t k = 0; k < x->nstarts; k++) {
		if (!upr_session_state_free(p, s, x->starts[k]))
			continue;
		nfree++;
		if (st->room >= 0 ? upr_session_room_open(p, st->room, s, x->starts[k]) : x->open[k])
			x->ok[x->nok++] = (int)k;
	}
	if (x->nok)
		return true;
	char msg[300];
	if (x->nstarts == 0)
		snprintf(msg, sizeof(msg), "%s: no event day and hours hold a session of %d minutes",
			 st->name, upr_session_length(p, s));
	else if (nfree == 0)
		snprintf(msg, sizeof(msg), "%s: its %s rule out every possible start of its session",
			 st->name, st->has_start ? "start pin and unavailable times" : "unavailable times");
	else
		snprintf(msg, sizeof(msg), "%s: no room it may use is open for a whole session at any possible start",
			 st->name);
	say(x, true, st->has_start ? &st->start_loc : &st->loc, msg);
	return false;
}

/* Pairs of speakers that never meet, reported per State: the first few
 * say what to change; more would bury them. */
#define MAX_PAIRS 3

/*
 * Each speaker's possible starts as a bit set over x->ok (only speakers
 * whose times are limited: the others fit every start), so that pairs and
 * the whole State are word-wise ANDs: a State of a thousand speakers over
 * two years of days stays well under a second.
 */
static void check_times(struct pre *x, int s)
{
	const struct upr_problem *p = x->p;
	const struct upr_state *st = &p->states[s];
	if (!check_starts(x, s))
		return;
	size_t words = (x->nok + 63) / 64, k = st->nspeakers;
	uint64_t *bits = upr_calloc(k * words + 1, sizeof(uint64_t));
	uint64_t *acc = upr_malloc((words + 1) * sizeof(uint64_t));
	if (!bits || !acc) {
		upr_free(bits);
		upr_free(acc);
		x->oom = true;
		return;
	}
	bool any_alone = false;
	for (size_t i = 0; i < k; i++) {
		int sp = st->speakers[i];
		if (!limited(p, sp))
			continue;
		uint64_t *b = bits + i * words, any = 0;
		for (size_t j = 0; j < x->nok; j++)
			if (fits(x, s, sp, j))
				b[j / 64] |= (uint64_t)1 << (j % 64);
		for (size_t w = 0; w < words; w++)
			any |= b[w];
		if (any)
			continue;
		const struct upr_speaker *o = &p->speakers[sp];
		char av[300], msg[700];
		availability(o, av, sizeof(av));
		snprintf(msg, sizeof(msg), "%s: %s is %s, which misses every possible time of the session of %s%s",
			 st->name, o->organisation, av, st->name,
			 must_speak(p, sp) ? "" : ": it will wait");
		say(x, must_speak(p, sp), &o->loc, msg);
		any_alone = true;
	}
	int npairs = 0;
	for (size_t i = 0; i < k && !any_alone && npairs < MAX_PAIRS; i++)
		for (size_t j = i + 1; j < k && npairs < MAX_PAIRS; j++) {
			int a = st->speakers[i], b = st->speakers[j];
			if (!limited(p, a) || !limited(p, b))
				continue;
			uint64_t meet = 0;
			for (size_t w = 0; w < words && !meet; w++)
				meet = bits[i * words + w] & bits[j * words + w];
			if (meet)
				continue;
			const struct upr_speaker *sa = &p->speakers[a], *sb = &p->speakers[b];
			char ava[300], avb[300], msg[900];
			availability(sa, ava, sizeof(ava));
			availability(sb, avb, sizeof(avb));
			int n = snprintf(msg, sizeof(msg), "%s: %s (%s) and %s (%s) are never available in the same session",
					 st->name, sa->organisation, ava, sb->organisation, avb);
			bool both = must_speak(p, a) && must_speak(p, b);
			/* the one that may wait and, of two, the first by the rule;
			 * the warning points at it, an error at the later one */
			bool one = must_speak(p, a) || must_speak(p, b);
			int w = both ? b : must_speak(p, a) ? b : must_speak(p, b) ? a
			      : upr_session_wait_order(p, a, b) < 0 ? a : b;
			if (!both && n > 0 && (size_t)n < sizeof(msg)) {
				snprintf(msg + n, sizeof(msg) - (size_t)n, one
					 ? ": %s will wait, as the NHRI never does"
					 : ": one will wait, by priority and application %s",
					 p->speakers[w].organisation);
			}
			say(x, both, &p->speakers[w].loc, msg);
			npairs++;
		}
	if (!any_alone && npairs == 0) {
		/* every pair meets: do all meet at once? */
		uint64_t all = 0;
		for (size_t w = 0; w < words; w++)
			acc[w] = w + 1 < words || x->nok % 64 == 0 ? ~(uint64_t)0
				 : ((uint64_t)1 << (x->nok % 64)) - 1;
		for (size_t i = 0; i < k; i++)
			if (limited(p, st->speakers[i]))
				for (size_t w = 0; w < words; w++)
					acc[w] &= bits[i * words + w];
		for (size_t w = 0; w < words; w++)
			all |= acc[w];
		if (!all) {
			char msg[300];
			snprintf(msg, sizeof(msg), "%s: no possible time of its session suits all %zu of its speakers together%s",
				 st->name, st->nspeakers, p->event.waitlist ? ": some will wait" : "");
			/* with waitlist, only an NHRI cannot wait; it alone fits somewhere */
			say(x, !p->event.waitlist, &st->loc, msg);
		}
	}
	upr_free(bits);
	upr_free(acc);
}

/* ---- minutes ---- */

static void check_minutes(struct pre *x, int s)
{
	const struct upr_problem *p = x->p;
	const struct upr_event *e = &p->event;
	const struct upr_state *st = &p->states[s];
	int k = (int)st->nspeakers, L = upr_session_statement_minutes(p, s);
	int cap = L / e->statement_min;
	if (k <= cap)
		return;
	char msg[900];
	int n = snprintf(msg, sizeof(msg), "%s: %d statements need at least %d minutes (%d x %d), but a session leaves %d minutes for statements",
			 st->name, k, k * e->statement_min, k, e->statement_min, L);
	if (!e->waitlist || (cap == 0 && st->nhri >= 0)) {
		say(x, true, &st->loc, msg);
		return;
	}
	/* who waits first by the rule, NHRI aside (it never waits) */
	int wait = k - cap;
	char who[400] = "";
	int *order = upr_malloc((size_t)k * sizeof(int));
	if (!order) {
		x->oom = true;
		return;
	}
	int norder = 0;
	for (int i = 0; i < k; i++) {
		int sp = st->speakers[i], j = norder++;
		if (sp == st->nhri) {
			norder--;
			continue;
		}
		for (; j > 0 && upr_session_wait_order(p, sp, order[j - 1]) < 0; j--)
			order[j] = order[j - 1];
		order[j] = sp;
	}
	for (int i = 0; i < norder && i < wait && i < 5; i++)
		add_name(who, sizeof(who), p->speakers[order[i]].organisation);
	if (wait <= 5)
		join_last(who, sizeof(who), "and");
	upr_free(order);
	if (wait > 5) {
		size_t m = strlen(who);
		if (m < sizeof(who))
			snprintf(who + m, sizeof(who) - m, " and %d more", wait - 5);
	}
	if (n > 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": at least %d will wait, by priority and application %s",
			 wait, who);
	say(x, false, &st->loc, msg);
}

int upr_problem_precheck(const struct upr_problem *p, struct upr_diags *d)
{
	struct pre x = { p, d, false, false, NULL, 0, NULL, NULL, 0 };
	x.starts = upr_session_starts(p, UPR_SESSION_ANY, &x.nstarts);
	x.open = x.starts ? upr_calloc(x.nstarts + 1, 1) : NULL;
	x.ok = x.starts ? upr_malloc((x.nstarts + 1) * sizeof(int)) : NULL;
	if (!x.starts || !x.open || !x.ok) {
		upr_free(x.starts);
		upr_free(x.open);
		upr_free(x.ok);
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	/* rooms' hours, once: every session has one length (any State) */
	for (size_t k = 0; k < x.nstarts; k++)
		for (size_t r = 0; r < p->nrooms && !x.open[k]; r++)
			x.open[k] = upr_session_room_open(p, (int)r, UPR_SESSION_ANY, x.starts[k]);
	for (size_t s = 0; s < p->nstates; s++) {
		if (!upr_session_held(p, (int)s))
			continue;
		check_rooms(&x, (int)s);
		check_times(&x, (int)s);
		check_minutes(&x, (int)s);
	}
	upr_free(x.starts);
	upr_free(x.open);
	upr_free(x.ok);
	upr_diags_sort(d);
	/* a finding that could not be recorded is a finding lost */
	if (x.oom || d->oom) {
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	return x.failed ? UPR_FAILED : UPR_OK;
}
