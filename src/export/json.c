/*
 * json.c - timetable.json (docs/reference.md#timetablejson), the one source for every other output.
 *
 * Keys are written in the fixed order of docs/reference.md#timetablejson, and
 * nothing that varies between runs (time, host, timings) is written, so the
 * same input and seed give the same bytes.
 *
 * The document is streamed as it is walked, in the layout of cJSON_Print
 * (a tab per level, "key":<tab>value, objects one member a line, arrays
 * on one line joined by ", "; numbers as cJSON 1.7 prints them), the
 * layout the file always had: a timetable that waitlists a million
 * statements would otherwise be a tree of ten million nodes, then the
 * whole text, before the first byte is written (docs/hardening.md).
 *
 * With a re-plan's history, a session or statement carries the SEQUENCE its
 * calendar event was published with ("sequence"), so the next re-plan can
 * raise it again.  It is written only when above 0, so a plan without a
 * baseline is byte for byte what it was before re-planning existed.  For
 * the same reason "cancelled", the events the history cancels now or
 * carries from an earlier cancellation (history.c says why), is written
 * only when there is one: a later run needs their SEQUENCE if they come
 * back.
 */
#include "export/export.h"
#include "model/session.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define UID_SIZE 256
#define JW_BUF 65536
#define JW_DEPTH 16

/*
 * The writer: bytes gather in buf and go to f a buffer at a time; the
 * first failed write sets failed, and the rest is skipped.  At each level
 * of nesting, whether its container has a member yet (the separator
 * before the next, and an object's last newline, depend on it).
 */
struct jw {
	FILE *f;
	size_t n;
	bool failed;
	int depth;
	bool object[JW_DEPTH], any[JW_DEPTH];
	char buf[JW_BUF];
};

static void jw_flush(struct jw *w)
{
	if (w->n && !w->failed && fwrite(w->buf, 1, w->n, w->f) != w->n)
		w->failed = true;
	w->n = 0;
}

static void jw_put(struct jw *w, const char *s, size_t n)
{
	if (w->n + n > sizeof(w->buf)) {
		jw_flush(w);
		if (n > sizeof(w->buf)) {
			if (!w->failed && fwrite(s, 1, n, w->f) != n)
				w->failed = true;
			return;
		}
	}
	memcpy(w->buf + w->n, s, n);
	w->n += n;
}

static void jw_c(struct jw *w, char c)
{
	if (w->n == sizeof(w->buf))
		jw_flush(w);
	w->buf[w->n++] = c;
}

static void jw_tabs(struct jw *w, int n)
{
	while (n-- > 0)
		jw_c(w, '\t');
}

/* A string with cJSON's escapes: ", \ and the C0 controls; the rest,
 * UTF-8 included, as it is. */
static void jw_string(struct jw *w, const char *v)
{
	jw_c(w, '"');
	const unsigned char *s = (const unsigned char *)(v ? v : "");
	for (;;) {
		size_t k = 0;
		while (s[k] > 31 && s[k] != '"' && s[k] != '\\')
			k++;
		jw_put(w, (const char *)s, k);
		s += k;
		if (!*s)
			break;
		char e[8];
		switch (*s) {
		case '"': memcpy(e, "\\\"", 3); break;
		case '\\': memcpy(e, "\\\\", 3); break;
		case '\b': memcpy(e, "\\b", 3); break;
		case '\f': memcpy(e, "\\f", 3); break;
		case '\n': memcpy(e, "\\n", 3); break;
		case '\r': memcpy(e, "\\r", 3); break;
		case '\t': memcpy(e, "\\t", 3); break;
		default: snprintf(e, sizeof(e), "\\u%04x", *s); break;
		}
		jw_put(w, e, strlen(e));
		s++;
	}
	jw_c(w, '"');
}

/* Before a value: the separator from the one before it in an array, or
 * an object member's indentation and key. */
static void jw_member(struct jw *w, const char *key)
{
	int d = w->depth;
	if (w->object[d]) {
		jw_put(w, w->any[d] ? ",\n" : "\n", w->any[d] ? 2 : 1);
		jw_tabs(w, d);
		jw_string(w, key);
		jw_put(w, ":\t", 2);
	} else if (w->any[d]) {
		jw_put(w, ", ", 2);
	}
	w->any[d] = true;
}

/* Opens an object or array as the value of key (NULL in an array). */
static void jw_open(struct jw *w, const char *key, bool object)
{
	if (w->depth > 0 || w->any[0])
		jw_member(w, key);
	if (w->depth + 1 >= JW_DEPTH) {
		w->failed = true;	/* deeper than this file ever nests */
		return;
	}
	jw_c(w, object ? '{' : '[');
	w->depth++;
	w->object[w->depth] = object;
	w->any[w->depth] = false;
}

static void jw_close(struct jw *w)
{
	int d = w->depth;
	if (w->object[d]) {
		jw_c(w, '\n');
		jw_tabs(w, d - 1);
		jw_c(w, '}');
	} else {
		jw_c(w, ']');
	}
	w->depth--;
}

static void jw_str(struct jw *w, const char *key, const char *v)
{
	jw_member(w, key);
	jw_string(w, v);
}

static void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_member(w, key);
	jw_put(w, v ? "true" : "false", v ? 4 : 5);
}

/* cJSON 1.7's test that printed digits read back as d. */
static bool same_double(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	return fabs(a - b) <= m * DBL_EPSILON;
}

/* A number as cJSON 1.7 prints a double: 15 significant digits when they
 * read back as it (same_double), else 17; whole numbers beyond 2^53 lose
 * digits (jw_whole is for those). */
static void jw_num(struct jw *w, const char *key, double d)
{
	char b[32];
	double back = 0;
	if (isnan(d) || isinf(d))
		snprintf(b, sizeof(b), "null");
	else if (snprintf(b, sizeof(b), "%1.15g", d) > 0 &&
		 (sscanf(b, "%lg", &back) != 1 || !same_double(back, d)))
		snprintf(b, sizeof(b), "%1.17g", d);
	jw_member(w, key);
	jw_put(w, b, strlen(b));
}

/* A whole number written as its digits: cJSON writes numbers as doubles
 * with 15 significant digits when they read back "close enough", so
 * 5000000000000001 would become 5e+15. */
static void jw_whole(struct jw *w, const char *key, uint64_t v)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
	jw_member(w, key);
	jw_put(w, digits, (size_t)n);
}

/* The history, indexed by UID (NULL, 0 without one). */
struct seqs {
	const struct upr_problem *p;
	const struct upr_event_history **idx;
	size_t n;
};

/* "sequence": the history's SEQUENCE of the event, only when above 0. */
static void add_sequence(struct jw *w, const struct seqs *q, int state, int speaker)
{
	if (!q->n)
		return;
	char uid[UID_SIZE];
	if (speaker < 0)
		upr_uid_session(q->p, state, uid, sizeof(uid));
	else
		upr_uid_statement(q->p, state, speaker, uid, sizeof(uid));
	const struct upr_event_history *h = upr_history_find(q->idx, q->n, uid);
	if (h && !h->cancelled && h->sequence > 0)
		jw_num(w, "sequence", h->sequence);
}

static void add_time(struct jw *w, const char *k, const char *zone, int64_t t)
{
	char buf[26];
	upr_format_iso(zone, t, buf);
	jw_str(w, k, buf);
}

static void finish_item(struct jw *w, const char *zone, int64_t start, int minutes)
{
	add_time(w, "start", zone, start);
	add_time(w, "end", zone, start + minutes);
	jw_num(w, "minutes", minutes);
	jw_close(w);
}

static void simple_item(struct jw *w, const char *type, const char *zone, int64_t start,
			int minutes)
{
	if (minutes <= 0)
		return;	/* an item of 0 minutes is left out */
	jw_open(w, NULL, true);
	jw_str(w, "type", type);
	finish_item(w, zone, start, minutes);
}

static void session_json(struct jw *w, const struct upr_problem *p, const struct upr_session *s,
			 const struct seqs *q)
{
	const struct upr_event *e = &p->event;
	const char *zone = e->timezone;
	const struct upr_state *st = &p->states[s->state];
	const struct upr_room *room = &p->rooms[s->room];
	jw_open(w, NULL, true);
	jw_str(w, "state", st->id);
	jw_str(w, "state_name", st->name);
	jw_str(w, "room", room->id);
	jw_str(w, "room_name", room->name);
	add_time(w, "start", zone, s->start);
	add_time(w, "end", zone, s->end);
	add_sequence(w, q, s->state, -1);
	jw_open(w, "items", false);
	int64_t t = s->start;
	simple_item(w, "opening", zone, t, e->opening);
	t += e->opening;
	simple_item(w, "remarks", zone, t, e->state_statement);
	t = upr_session_stmts_start(p, s->state, s->start);
	for (size_t i = 0; i < s->nstmts; i++) {
		const struct upr_stmt *x = &s->stmts[i];
		const struct upr_speaker *sp = &p->speakers[x->speaker];
		char lang[3];
		upr_lang_format(sp->language, lang);
		jw_open(w, NULL, true);
		jw_str(w, "type", "statement");
		jw_str(w, "speaker", sp->id);
		jw_str(w, "organisation", sp->organisation);
		jw_str(w, "kind", upr_kind_names[sp->kind]);
		jw_str(w, "language", lang);
		jw_bool(w, "remote", sp->remote);
		add_time(w, "start", zone, x->start);
		add_time(w, "end", zone, x->start + x->minutes);
		jw_num(w, "minutes", x->minutes);
		add_sequence(w, q, s->state, x->speaker);
		jw_close(w);
		t = x->start + x->minutes;
	}
	simple_item(w, "questions", zone, t, (int)(s->end - t));
	jw_close(w);
	jw_close(w);
}

/* "cancelled": the history's cancelled events, in UID order, each with
 * the ids that form its UID, its times and room as published, and the
 * SEQUENCE it was cancelled with; nothing when there is none. */
static void cancelled_json(struct jw *w, const struct upr_problem *p, const struct seqs *q)
{
	const char *zone = p->event.timezone;
	bool open = false;
	for (size_t i = 0; i < q->n; i++) {
		const struct upr_event_history *h = q->idx[i];
		if (!h->cancelled || !h->state_id || !h->room_id)
			continue;
		if (!open)
			jw_open(w, "cancelled", false);
		open = true;
		jw_open(w, NULL, true);
		jw_str(w, "state", h->state_id);
		if (h->speaker_id)
			jw_str(w, "speaker", h->speaker_id);
		jw_str(w, "room", h->room_id);
		add_time(w, "start", zone, h->start);
		add_time(w, "end", zone, h->end);
		jw_num(w, "sequence", h->sequence);
		jw_close(w);
	}
	if (open)
		jw_close(w);
}

/* The document, streamed into w. */
static void timetable_json(struct jw *w, const struct upr_problem *p,
			   const struct upr_timetable *t, const struct seqs *q)
{
	const struct upr_event *e = &p->event;
	jw_open(w, NULL, true);
	jw_str(w, "schema", "upr-schedule/timetable/1");
	jw_open(w, "event", true);
	jw_str(w, "id", e->id);
	jw_str(w, "name", e->name);
	jw_str(w, "timezone", e->timezone);
	if (e->venue)
		jw_str(w, "venue", e->venue);
	jw_close(w);
	jw_open(w, "sessions", false);
	for (size_t i = 0; i < t->nsessions && !w->failed; i++)
		session_json(w, p, &t->sessions[i], q);
	jw_close(w);
	jw_open(w, "waitlist", false);
	for (size_t i = 0; i < t->nwaitlist && !w->failed; i++) {
		jw_open(w, NULL, true);
		jw_str(w, "speaker", p->speakers[t->waitlist[i].speaker].id);
		jw_str(w, "state", p->states[t->waitlist[i].state].id);
		jw_str(w, "reason", t->waitlist[i].reason);
		jw_close(w);
	}
	jw_close(w);
	jw_open(w, "not_held", false);
	for (size_t i = 0; i < t->nnot_held && !w->failed; i++) {
		const struct upr_state *st = &p->states[t->not_held[i].state];
		jw_open(w, NULL, true);
		jw_str(w, "state", st->id);
		jw_str(w, "state_name", st->name);
		jw_str(w, "reason", t->not_held[i].reason);
		jw_close(w);
	}
	jw_close(w);
	cancelled_json(w, p, q);
	jw_open(w, "score", true);
	jw_num(w, "total", (double)t->score.total);
	for (int k = 0; k < UPR_W_COUNT; k++)
		jw_num(w, upr_weight_names[k], (double)t->score.part[k]);
	jw_close(w);
	jw_open(w, "solver", true);
	jw_whole(w, "seed", t->seed);
	jw_bool(w, "optimal", t->optimal);
	jw_num(w, "lower_bound", (double)t->lower_bound);
	jw_close(w);
	jw_close(w);
	jw_c(w, '\n');
}

int upr_export_json(const struct upr_problem *p, const struct upr_timetable *t, FILE *f)
{
	return upr_export_json_opts(p, t, NULL, f);
}

int upr_export_json_opts(const struct upr_problem *p, const struct upr_timetable *t,
			 const struct upr_export_opts *o, FILE *f)
{
	struct seqs q = { p, NULL, 0 };
	if (upr_history_index(o, &q.idx, &q.n) != 0)
		return -1;
	/* the buffer is large for a stack frame: from the heap */
	struct jw *w = upr_malloc(sizeof(*w));
	if (!w) {
		upr_free(q.idx);
		return -1;
	}
	memset(w, 0, offsetof(struct jw, buf));
	w->f = f;
	timetable_json(w, p, t, &q);
	jw_flush(w);
	int rc = w->failed ? -1 : 0;
	upr_free(w);
	upr_free(q.idx);
	return rc;
}
