/*
 * json.c - timetable.json (docs/reference.md#timetablejson), the one source for every other output.
 *
 * Built with cJSON; keys are added in the fixed order of docs/reference.md#timetablejson, and
 * nothing that varies between runs (time, host, timings) is written, so the
 * same input and seed give the same bytes.
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

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#define UID_SIZE 256

/* The history, indexed by UID (NULL, 0 without one). */
struct seqs {
	const struct upr_problem *p;
	const struct upr_event_history **idx;
	size_t n;
};

/* "sequence": the history's SEQUENCE of the event, only when above 0. */
static bool add_sequence(cJSON *o, const struct seqs *q, int state, int speaker)
{
	if (!q->n)
		return true;
	char uid[UID_SIZE];
	if (speaker < 0)
		upr_uid_session(q->p, state, uid, sizeof(uid));
	else
		upr_uid_statement(q->p, state, speaker, uid, sizeof(uid));
	const struct upr_event_history *h = upr_history_find(q->idx, q->n, uid);
	if (!h || h->cancelled || h->sequence <= 0)
		return true;
	return cJSON_AddNumberToObject(o, "sequence", h->sequence) != NULL;
}

static cJSON *add_str(cJSON *o, const char *k, const char *v)
{
	return cJSON_AddStringToObject(o, k, v ? v : "");
}

static bool add_time(cJSON *o, const char *k, const char *zone, int64_t t)
{
	char buf[26];
	upr_format_iso(zone, t, buf);
	return cJSON_AddStringToObject(o, k, buf) != NULL;
}

/* A new item {"type": type} appended to items; NULL out of memory. */
static cJSON *item(cJSON *items, const char *type)
{
	cJSON *it = cJSON_CreateObject();
	if (!it)
		return NULL;
	cJSON_AddItemToArray(items, it);
	return add_str(it, "type", type) ? it : NULL;
}

static bool finish_item(cJSON *it, const char *zone, int64_t start, int minutes)
{
	return add_time(it, "start", zone, start) &&
	       add_time(it, "end", zone, start + minutes) &&
	       cJSON_AddNumberToObject(it, "minutes", minutes);
}

static bool simple_item(cJSON *items, const char *type, const char *zone, int64_t start,
			int minutes)
{
	if (minutes <= 0)
		return true;	/* an item of 0 minutes is left out */
	cJSON *it = item(items, type);
	return it && finish_item(it, zone, start, minutes);
}

static bool session_json(const struct upr_problem *p, const struct upr_session *s, cJSON *arr,
			 const struct seqs *q)
{
	const struct upr_event *e = &p->event;
	const char *zone = e->timezone;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return false;
	cJSON_AddItemToArray(arr, o);
	const struct upr_state *st = &p->states[s->state];
	const struct upr_room *room = &p->rooms[s->room];
	if (!add_str(o, "state", st->id) || !add_str(o, "state_name", st->name) ||
	    !add_str(o, "room", room->id) || !add_str(o, "room_name", room->name) ||
	    !add_time(o, "start", zone, s->start) || !add_time(o, "end", zone, s->end) ||
	    !add_sequence(o, q, s->state, -1))
		return false;
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	if (!items)
		return false;
	int64_t t = s->start;
	if (!simple_item(items, "opening", zone, t, e->opening))
		return false;
	t += e->opening;
	if (!simple_item(items, "remarks", zone, t, e->state_statement))
		return false;
	t = upr_session_stmts_start(p, s->state, s->start);
	for (size_t i = 0; i < s->nstmts; i++) {
		const struct upr_stmt *x = &s->stmts[i];
		const struct upr_speaker *sp = &p->speakers[x->speaker];
		char lang[3];
		upr_lang_format(sp->language, lang);
		cJSON *it = item(items, "statement");
		if (!it || !add_str(it, "speaker", sp->id) ||
		    !add_str(it, "organisation", sp->organisation) ||
		    !add_str(it, "kind", upr_kind_names[sp->kind]) ||
		    !add_str(it, "language", lang) ||
		    !cJSON_AddBoolToObject(it, "remote", sp->remote) ||
		    !finish_item(it, zone, x->start, x->minutes) ||
		    !add_sequence(it, q, s->state, x->speaker))
			return false;
		t = x->start + x->minutes;
	}
	return simple_item(items, "questions", zone, t, (int)(s->end - t));
}

/* "cancelled": the history's cancelled events, in UID order, each with
 * the ids that form its UID, its times and room as published, and the
 * SEQUENCE it was cancelled with; nothing when there is none. */
static bool cancelled_json(const struct upr_problem *p, cJSON *root, const struct seqs *q)
{
	const char *zone = p->event.timezone;
	cJSON *arr = NULL;
	for (size_t i = 0; i < q->n; i++) {
		const struct upr_event_history *h = q->idx[i];
		if (!h->cancelled || !h->state_id || !h->room_id)
			continue;
		if (!arr && !(arr = cJSON_AddArrayToObject(root, "cancelled")))
			return false;
		cJSON *o = cJSON_CreateObject();
		if (!o)
			return false;
		cJSON_AddItemToArray(arr, o);
		if (!add_str(o, "state", h->state_id) ||
		    (h->speaker_id && !add_str(o, "speaker", h->speaker_id)) ||
		    !add_str(o, "room", h->room_id) || !add_time(o, "start", zone, h->start) ||
		    !add_time(o, "end", zone, h->end) ||
		    !cJSON_AddNumberToObject(o, "sequence", h->sequence))
			return false;
	}
	return true;
}

/* A whole number written as its digits: cJSON writes numbers as doubles
 * with 15 significant digits when they read back "close enough", so
 * 5000000000000001 would become 5e+15. */
static bool add_whole(cJSON *o, const char *key, uint64_t v)
{
	char digits[24];
	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
	return cJSON_AddRawToObject(o, key, digits) != NULL;
}

/* The document as a cJSON tree (cJSON_Delete), or NULL out of memory. */
static cJSON *timetable_json(const struct upr_problem *p, const struct upr_timetable *t,
			     const struct seqs *q)
{
	const struct upr_event *e = &p->event;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	cJSON *ev, *arr, *sc, *sv;
	if (!add_str(root, "schema", "upr-schedule/timetable/1"))
		goto fail;
	ev = cJSON_AddObjectToObject(root, "event");
	if (!ev || !add_str(ev, "id", e->id) || !add_str(ev, "name", e->name) ||
	    !add_str(ev, "timezone", e->timezone) || (e->venue && !add_str(ev, "venue", e->venue)))
		goto fail;
	arr = cJSON_AddArrayToObject(root, "sessions");
	if (!arr)
		goto fail;
	for (size_t i = 0; i < t->nsessions; i++)
		if (!session_json(p, &t->sessions[i], arr, q))
			goto fail;
	arr = cJSON_AddArrayToObject(root, "waitlist");
	if (!arr)
		goto fail;
	for (size_t i = 0; i < t->nwaitlist; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o)
			goto fail;
		cJSON_AddItemToArray(arr, o);
		if (!add_str(o, "speaker", p->speakers[t->waitlist[i].speaker].id) ||
		    !add_str(o, "state", p->states[t->waitlist[i].state].id) ||
		    !add_str(o, "reason", t->waitlist[i].reason))
			goto fail;
	}
	arr = cJSON_AddArrayToObject(root, "not_held");
	if (!arr)
		goto fail;
	for (size_t i = 0; i < t->nnot_held; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o)
			goto fail;
		cJSON_AddItemToArray(arr, o);
		const struct upr_state *st = &p->states[t->not_held[i].state];
		if (!add_str(o, "state", st->id) || !add_str(o, "state_name", st->name) ||
		    !add_str(o, "reason", t->not_held[i].reason))
			goto fail;
	}
	if (!cancelled_json(p, root, q))
		goto fail;
	sc = cJSON_AddObjectToObject(root, "score");
	if (!sc || !cJSON_AddNumberToObject(sc, "total", (double)t->score.total))
		goto fail;
	for (int w = 0; w < UPR_W_COUNT; w++)
		if (!cJSON_AddNumberToObject(sc, upr_weight_names[w], (double)t->score.part[w]))
			goto fail;
	sv = cJSON_AddObjectToObject(root, "solver");
	if (!sv || !add_whole(sv, "seed", t->seed) ||
	    !cJSON_AddBoolToObject(sv, "optimal", t->optimal) ||
	    !cJSON_AddNumberToObject(sv, "lower_bound", (double)t->lower_bound))
		goto fail;
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
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
	cJSON *root = timetable_json(p, t, &q);
	upr_free(q.idx);
	if (!root)
		return -1;
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return -1;
	size_t n = strlen(text);
	int rc = fwrite(text, 1, n, f) == n && fputc('\n', f) != EOF ? 0 : -1;
	cJSON_free(text);
	return rc;
}
