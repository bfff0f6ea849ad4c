/*
 * timetable_read.c - timetable.json back into a struct upr_timetable.
 *
 * Hand-edited files are expected: every field is checked for presence and
 * type, every id resolved against the problem, and every error names its
 * JSON path ("sessions[3].items[2].minutes") so that it can be found in the
 * file.  Only what the model needs is kept: the opening, remarks and
 * questions items are derived from the event and only type-checked here;
 * the checker then judges the statement times.  Names written beside ids
 * (state_name, room_name, organisation) are display text the outputs take
 * from the input: one that differs is a warning, not silently dropped.
 *
 * Besides the timetable, the reader can list every session and statement
 * of the file (struct upr_tt_event) with its "sequence" and the ids and
 * names as written: plan --baseline needs them to keep calendar SEQUENCEs
 * rising and to cancel the events of entities that are gone.  In that mode
 * (UPR_TT_BASELINE) an id the input no longer defines is not an error; it
 * must still be a well-formed id, because it names a calendar file
 * (speakers/ID.ics) and must not reach outside the output directory.
 * The "cancelled" list (events an earlier run cancelled) is read alike in
 * both modes and comes last among the events.
 */
#include "load/timetable_read.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "load/values.h"

struct rd {
	const struct upr_problem *p;
	const char *name;
	struct upr_diags *d;
	struct upr_timetable *t;
	char path[256];
	int errors;
	bool lenient;			/* UPR_TT_BASELINE */
	int repeats;			/* repeated keys reported */
	struct upr_tt_event *ev;	/* NULL: events not wanted */
	size_t nev, capev;
};

__attribute__((format(printf, 2, 3)))
static void err(struct rd *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct upr_loc loc = { r->name, 0, 0 };
	if (r->path[0])
		upr_error(r->d, &loc, "%s: %s", r->path, msg);
	else
		upr_error(r->d, &loc, "%s", msg);
	r->errors++;
}

/* Appends ".key" or "[i]" to the path; returns the old length to restore. */
static size_t push_key(struct rd *r, const char *key)
{
	size_t n = strlen(r->path);
	snprintf(r->path + n, sizeof(r->path) - n, "%s%s", n ? "." : "", key);
	return n;
}

static size_t push_index(struct rd *r, int i)
{
	size_t n = strlen(r->path);
	snprintf(r->path + n, sizeof(r->path) - n, "[%d]", i);
	return n;
}

static void pop(struct rd *r, size_t n)
{
	r->path[n] = '\0';
}

/* The member key of object o, checked to be of the wanted type; NULL (with
 * an error when required) otherwise. */
static const cJSON *member(struct rd *r, const cJSON *o, const char *key, int type,
			   bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t n = push_key(r, key);
	if (!v) {
		if (required)
			err(r, "missing");
		pop(r, n);
		return NULL;
	}
	bool ok;
	const char *want;
	switch (type) {
	case cJSON_String: ok = cJSON_IsString(v); want = "a string"; break;
	case cJSON_Number: ok = cJSON_IsNumber(v); want = "a number"; break;
	case cJSON_Array: ok = cJSON_IsArray(v); want = "a list"; break;
	case cJSON_Object: ok = cJSON_IsObject(v); want = "an object"; break;
	default: ok = cJSON_IsBool(v); want = "true or false"; break;
	}
	if (!ok) {
		err(r, "must be %s", want);
		pop(r, n);
		return NULL;
	}
	pop(r, n);
	return v;
}

static const char *str(struct rd *r, const cJSON *o, const char *key, bool required)
{
	const cJSON *v = member(r, o, key, cJSON_String, required);
	return v ? v->valuestring : NULL;
}

static bool integer(struct rd *r, const cJSON *o, const char *key, int64_t min, int64_t max,
		    int64_t *out)
{
	const cJSON *v = member(r, o, key, cJSON_Number, true);
	if (!v)
		return false;
	double x = v->valuedouble;
	/* The range first: converting a double outside int64's range (a
	 * "minutes" of 1e20 in an edited file) is undefined behaviour. */
	if (!(x >= (double)min && x <= (double)max) || x != (double)(int64_t)x) {
		size_t n = push_key(r, key);
		err(r, "must be a whole number from %lld to %lld, got %g", (long long)min,
		    (long long)max, x);
		pop(r, n);
		return false;
	}
	*out = (int64_t)x;
	return true;
}

static int d2(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "2017-12-12T10:00:00+01:00" to local minutes, checking that the offset is
 * the one in force in the event's zone then. */
static bool instant(struct rd *r, const cJSON *o, const char *key, int64_t *out)
{
	const char *s = str(r, o, key, true);
	if (!s)
		return false;
	size_t n = push_key(r, key);
	bool ok = strlen(s) == 25 && s[4] == '-' && s[7] == '-' && s[10] == 'T' &&
		  s[13] == ':' && s[16] == ':' && (s[19] == '+' || s[19] == '-') && s[22] == ':';
	int y = 0, mo = 0, da = 0, hh = 0, mi = 0, ss = 0, oh = 0, om = 0;
	if (ok) {
		y = d2(s) * 100 + d2(s + 2);
		mo = d2(s + 5);
		da = d2(s + 8);
		hh = d2(s + 11);
		mi = d2(s + 14);
		ss = d2(s + 17);
		oh = d2(s + 20);
		om = d2(s + 23);
		ok = d2(s) >= 0 && d2(s + 2) >= 0 && mo >= 0 && da >= 0 && hh >= 0 && mi >= 0 &&
		     ss == 0 && oh >= 0 && om >= 0 && upr_date_valid(y, mo, da) &&
		     hh <= 23 && mi <= 59 && om <= 59;
	}
	if (!ok) {
		err(r, "'%s' is not a time like 2017-12-12T10:00:00+01:00 (whole minutes)", s);
		pop(r, n);
		return false;
	}
	int64_t t = upr_days_from_civil(y, (unsigned)mo, (unsigned)da) * UPR_MIN_PER_DAY + hh * 60 + mi;
	int off = (oh * 60 + om) * (s[19] == '-' ? -1 : 1);
	int want = upr_tz_offset(r->p->event.timezone, t);
	if (off != want) {
		char buf[26];
		upr_format_iso(r->p->event.timezone, t, buf);
		err(r, "'%s' has the wrong UTC offset for %s (expected %s)", s,
		    r->p->event.timezone, buf);
		pop(r, n);
		return false;
	}
	pop(r, n);
	*out = t;
	return true;
}

/*
 * A name the file writes beside an id (room_name, state_name, an
 * organisation) is display text: the outputs take it from the input.  A
 * hand edit of it would be dropped without a word, so a strict reader
 * warns, naming both values and where the input's comes from.  A re-plan's
 * baseline may name what the input has since renamed: no warning there.
 */
static void display_field(struct rd *r, const cJSON *o, const char *key, const char *input,
			  const char *what, const char *id, const struct upr_loc *defined)
{
	const char *s = r->lenient || !input ? NULL : str(r, o, key, false);
	if (!s || strcmp(s, input) == 0)
		return;
	size_t n = push_key(r, key);
	struct upr_loc loc = { r->name, 0, 0 };
	upr_diag(r->d, UPR_WARNING, &loc,
		 "%s: '%s' is not the input's name of %s '%s', '%s', which the outputs write; rename the %s in the input instead",
		 r->path, s, what, id, input, what);
	upr_note(r->d, defined, "%s '%s' is defined here", what, id);
	pop(r, n);
}

/* The index of the id under key in m.  -1 when it is missing or of the
 * wrong type (an error), or not defined in the input: an error too, except
 * in lenient mode, where a well-formed id is tolerated and *id tells which.
 * *id is the id as written (NULL when missing). */
static int lookup_id(struct rd *r, const cJSON *o, const char *key, const struct upr_strmap *m,
		     const char *what, const char **id)
{
	const char *s = str(r, o, key, true);
	if (id)
		*id = s;
	if (!s)
		return -1;
	int i = upr_strmap_get(m, s);
	if (i < 0) {
		size_t n = push_key(r, key);
		if (!r->lenient)
			err(r, "%s '%s' is not defined in the input", what, s);
		else if (!upr_id_valid(s))
			err(r, "'%s' is not a %s id (letters, digits, '.', '_', '-')", s, what);
		pop(r, n);
	}
	return i;
}

static int lookup(struct rd *r, const cJSON *o, const char *key, const struct upr_strmap *m,
		  const char *what)
{
	return lookup_id(r, o, key, m, what, NULL);
}

/* The optional "sequence" of a session or statement: 0 when absent. */
static int sequence(struct rd *r, const cJSON *o)
{
	int64_t v = 0;
	if (cJSON_GetObjectItemCaseSensitive(o, "sequence") &&
	    integer(r, o, "sequence", 0, INT_MAX - 1, &v))
		return (int)v;
	return 0;
}

/* A copy in the timetable's arena (NULL stays NULL). */
static const char *keep(struct rd *r, const char *s)
{
	return s ? upr_arena_strdup(&r->t->arena, s) : NULL;
}

/* The next event, or NULL when events are not wanted.  Room for all of
 * them was made before reading (count_events). */
static struct upr_tt_event *new_event(struct rd *r)
{
	if (!r->ev || r->nev == r->capev)
		return NULL;
	struct upr_tt_event *e = &r->ev[r->nev++];
	memset(e, 0, sizeof(*e));
	e->state = e->speaker = e->room = -1;
	return e;
}

/* A statement's kind, language and remote, when given, are what the
 * output writes: the model takes them from the speaker, but a file that
 * holds something else is not one plan could have written. */
static void statement_fields(struct rd *r, const cJSON *it)
{
	const char *kind = str(r, it, "kind", false);
	size_t i = 0;
	while (kind && i < 3 && strcmp(kind, upr_kind_names[i]) != 0)
		i++;
	if (kind && i == 3) {
		size_t n = push_key(r, "kind");
		err(r, "'%s' is not a kind (nhri, cso or coalition)", kind);
		pop(r, n);
	}
	const char *lang = str(r, it, "language", false);
	upr_lang l;
	char msg[128];
	enum upr_vstatus st = lang ? upr_parse_lang(lang, &l, msg, sizeof(msg)) : UPR_V_OK;
	if (st != UPR_V_OK) {
		size_t n = push_key(r, "language");
		if (st == UPR_V_FORM)
			err(r, "'%s' is not a language code like 'en'", lang);
		else
			err(r, "%s", msg);
		pop(r, n);
	}
	member(r, it, "remote", cJSON_True, false);
}

static void read_session(struct rd *r, const cJSON *o, struct upr_session *s)
{
	const struct upr_problem *p = r->p;
	const char *state_id, *room_id;
	s->state = lookup_id(r, o, "state", &p->state_ids, "state", &state_id);
	s->room = lookup_id(r, o, "room", &p->room_ids, "room", &room_id);
	const char *state_name = str(r, o, "state_name", false);
	const char *room_name = str(r, o, "room_name", false);
	/* both are read, so that both errors are reported */
	if (s->state >= 0)
		display_field(r, o, "state_name", p->states[s->state].name, "State", state_id,
			      &p->states[s->state].loc);
	if (s->room >= 0)
		display_field(r, o, "room_name", p->rooms[s->room].name, "room", room_id,
			      &p->rooms[s->room].loc);
	bool ok_start = instant(r, o, "start", &s->start);
	bool ok_end = instant(r, o, "end", &s->end);
	bool ok = ok_start && ok_end;
	int seq = sequence(r, o);
	size_t self = r->nev;
	struct upr_tt_event *se = new_event(r);
	if (se) {
		*se = (struct upr_tt_event){
			.state_id = keep(r, state_id), .state_name = keep(r, state_name),
			.room_id = keep(r, room_id), .room_name = keep(r, room_name),
			.state = s->state, .speaker = -1, .room = s->room,
			.start = s->start, .end = s->end, .sequence = seq,
		};
	}
	const cJSON *items = member(r, o, "items", cJSON_Array, true);
	if (!items || !ok)
		return;
	int n = cJSON_GetArraySize(items);
	s->stmts = upr_arena_alloc(&r->t->arena, ((size_t)n + 1) * sizeof(*s->stmts));
	if (!s->stmts) {
		err(r, "out of memory");
		return;
	}
	size_t keep_path = push_key(r, "items");
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		size_t k = push_index(r, i++);
		if (!cJSON_IsObject(it)) {
			err(r, "must be an object");
			pop(r, k);
			continue;
		}
		const char *type = str(r, it, "type", true);
		int64_t start = 0, end = 0, minutes = 0;
		bool good_start = instant(r, it, "start", &start);
		bool good_end = instant(r, it, "end", &end);
		bool good_minutes = integer(r, it, "minutes", 0, 1440, &minutes);
		bool good = good_start && good_end && good_minutes;
		if (good && end - start != minutes) {
			err(r, "minutes is %lld but the item runs from start to end for %lld",
			    (long long)minutes, (long long)(end - start));
			good = false;
		}
		if (!type) {
			pop(r, k);
			continue;
		}
		if (strcmp(type, "statement") == 0) {
			const char *speaker_id;
			int sp = lookup_id(r, it, "speaker", &p->speaker_ids, "speaker", &speaker_id);
			const char *org = str(r, it, "organisation", false);
			if (sp >= 0)
				display_field(r, it, "organisation", p->speakers[sp].organisation,
					      "speaker", speaker_id, &p->speakers[sp].loc);
			statement_fields(r, it);
			int seq_it = sequence(r, it);
			if (sp >= 0 && good)
				s->stmts[s->nstmts++] = (struct upr_stmt){ sp, start, (int)minutes };
			struct upr_tt_event *e = speaker_id && good ? new_event(r) : NULL;
			if (e && se) {
				*e = *se;
				e->speaker_id = keep(r, speaker_id);
				e->organisation = keep(r, org);
				e->speaker = sp;
				e->start = start;
				e->end = start + minutes;
				e->sequence = seq_it;
				e->session = self;
				e->nstmts = 0;
				r->ev[self].nstmts++;
			}
		} else if (strcmp(type, "opening") && strcmp(type, "remarks") &&
			   strcmp(type, "questions")) {
			size_t q = push_key(r, "type");
			err(r, "unknown item type '%s' (opening, remarks, statement or questions)", type);
			pop(r, q);
		}
		pop(r, k);
	}
	pop(r, keep_path);
}

/*
 * Key of a calendar event by the ids that form its UID: "STATE" for a
 * session, "STATE/SPEAKER" for a statement (ids hold no '/'), in the
 * timetable's arena (the map does not copy keys); NULL out of memory.
 */
static const char *uid_key(struct rd *r, const char *state, const char *speaker)
{
	char buf[160];
	snprintf(buf, sizeof(buf), "%s%s%s", state, speaker ? "/" : "", speaker ? speaker : "");
	return upr_arena_strdup(&r->t->arena, buf);
}

/* Puts the live events of the sessions as written into m (value -1), so
 * that a cancelled entry of one of them is found; only string ids count,
 * the rest was judged already. */
static bool live_keys(struct rd *r, const cJSON *root, struct upr_strmap *m)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "sessions");
	const cJSON *o, *it;
	if (!cJSON_IsArray(arr))
		return true;
	cJSON_ArrayForEach(o, arr) {
		const cJSON *st = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, "state") : NULL;
		if (!cJSON_IsString(st))
			continue;
		const char *key = uid_key(r, st->valuestring, NULL);
		if (!key || upr_strmap_put(m, key, -1, NULL) < 0)
			return false;
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
		if (!cJSON_IsArray(items))
			continue;
		cJSON_ArrayForEach(it, items) {
			const cJSON *sp = cJSON_IsObject(it) ? cJSON_GetObjectItemCaseSensitive(it, "speaker") : NULL;
			if (!cJSON_IsString(sp))
				continue;
			key = uid_key(r, st->valuestring, sp->valuestring);
			if (!key || upr_strmap_put(m, key, -1, NULL) < 0)
				return false;
		}
	}
	return true;
}

/* An id of a cancelled entry: well-formed, defined in the input or not
 * (a withdrawn speaker's is not); its index in m, or -1.  *ok false when
 * missing or malformed. */
static int cancelled_id(struct rd *r, const cJSON *o, const char *key, bool required,
			const struct upr_strmap *m, const char *what, const char **id, bool *ok)
{
	*id = str(r, o, key, required);
	if (!*id) {
		*ok &= !required && !cJSON_GetObjectItemCaseSensitive(o, key);
		return -1;
	}
	if (!upr_id_valid(*id)) {
		size_t n = push_key(r, key);
		err(r, "'%s' is not a %s id (letters, digits, '.', '_', '-')", *id, what);
		pop(r, n);
		*ok = false;
		return -1;
	}
	return upr_strmap_get(m, *id);
}

/* One entry of "cancelled", at index i, into the events. */
static void read_cancelled_one(struct rd *r, const cJSON *o, int i, struct upr_strmap *seen)
{
	const struct upr_problem *p = r->p;
	const char *state_id, *speaker_id, *room_id;
	bool ok = true;
	int st = cancelled_id(r, o, "state", true, &p->state_ids, "state", &state_id, &ok);
	int sp = cancelled_id(r, o, "speaker", false, &p->speaker_ids, "speaker", &speaker_id, &ok);
	int ro = cancelled_id(r, o, "room", true, &p->room_ids, "room", &room_id, &ok);
	int64_t start = 0, end = 0, seq = 0;
	ok &= instant(r, o, "start", &start);
	ok &= instant(r, o, "end", &end);
	ok &= integer(r, o, "sequence", 1, INT_MAX - 1, &seq);
	if (ok && end <= start) {
		size_t n = push_key(r, "end");
		err(r, "must be after start");
		pop(r, n);
		ok = false;
	}
	if (!ok)
		return;
	const char *key = uid_key(r, state_id, speaker_id);
	int old = 0;
	int rc = key ? upr_strmap_put(seen, key, i, &old) : -1;
	if (rc < 0) {
		err(r, "out of memory");
		return;
	}
	if (rc == 1) {
		char what[160];
		if (speaker_id)
			snprintf(what, sizeof(what), "the statement of speaker '%s' on '%s'", speaker_id, state_id);
		else
			snprintf(what, sizeof(what), "the session of '%s'", state_id);
		if (old < 0)
			err(r, "%s is in sessions too: an event is live or cancelled, not both", what);
		else
			err(r, "%s is cancelled twice (also cancelled[%d])", what, old);
		return;
	}
	struct upr_tt_event *e = new_event(r);
	if (e)
		*e = (struct upr_tt_event){
			.state_id = keep(r, state_id), .speaker_id = keep(r, speaker_id),
			.room_id = keep(r, room_id), .state = st, .speaker = sp, .room = ro,
			.start = start, .end = end, .sequence = (int)seq, .cancelled = true,
		};
}

/*
 * "cancelled": the calendar events that an earlier run published
 * CANCELLED and that are still gone, with the SEQUENCE they were cancelled
 * with, so that one that comes back is published above its cancellation
 * (docs/replan.md).  Both modes read it alike: its ids form UIDs, so they
 * must be well-formed, but need not be defined in the input; an event is
 * live or cancelled, and cancelled once.
 */
static void read_cancelled(struct rd *r, const cJSON *root)
{
	const cJSON *arr = member(r, root, "cancelled", cJSON_Array, false);
	if (!arr)
		return;
	struct upr_strmap seen;
	upr_strmap_init(&seen);
	if (!live_keys(r, root, &seen)) {
		err(r, "out of memory");
		upr_strmap_release(&seen);
		return;
	}
	int i = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, arr) {
		size_t k = push_key(r, "cancelled");
		push_index(r, i);
		if (!cJSON_IsObject(o))
			err(r, "must be an object");
		else
			read_cancelled_one(r, o, i, &seen);
		pop(r, k);
		i++;
	}
	upr_strmap_release(&seen);
}

static void read_score(struct rd *r, const cJSON *sc)
{
	struct upr_score *st = &r->t->stated;
	if (!integer(r, sc, "total", INT64_MIN / 2, INT64_MAX / 2, &st->total))
		return;
	bool all = true;
	for (int w = 0; w < UPR_W_COUNT; w++) {
		int64_t v = 0;
		if (!cJSON_GetObjectItemCaseSensitive(sc, upr_weight_names[w]))
			continue;	/* a missing part is not stated */
		all &= integer(r, sc, upr_weight_names[w], INT64_MIN / 2, INT64_MAX / 2, &v);
		st->part[w] = v;
	}
	r->t->has_stated_score = all;
}

static void read_root(struct rd *r, const cJSON *root)
{
	const struct upr_problem *p = r->p;
	struct upr_timetable *t = r->t;
	if (!cJSON_IsObject(root)) {
		err(r, "the top level must be an object");
		return;
	}
	const char *schema = str(r, root, "schema", true);
	if (schema && strcmp(schema, "upr-schedule/timetable/1") != 0) {
		size_t n = push_key(r, "schema");
		err(r, "'%s' is not a timetable this version reads (upr-schedule/timetable/1)", schema);
		pop(r, n);
	}
	const cJSON *ev = member(r, root, "event", cJSON_Object, true);
	if (ev) {
		size_t n = push_key(r, "event");
		const char *id = str(r, ev, "id", true);
		if (id && strcmp(id, p->event.id) != 0) {
			size_t k = push_key(r, "id");
			err(r, "'%s' is not the input's event id '%s'", id, p->event.id);
			pop(r, k);
		}
		/* A re-plan may follow a renamed event; validate and export
		 * judge a timetable of this input. */
		const char *name = str(r, ev, "name", !r->lenient);
		if (name && !r->lenient && strcmp(name, p->event.name) != 0) {
			size_t k = push_key(r, "name");
			err(r, "'%s' is not the input's event name '%s'", name, p->event.name);
			pop(r, k);
		}
		const char *tz = str(r, ev, "timezone", !r->lenient);
		if (tz && !r->lenient && strcmp(tz, p->event.timezone) != 0) {
			size_t k = push_key(r, "timezone");
			err(r, "'%s' is not the input's time zone '%s'", tz, p->event.timezone);
			pop(r, k);
		}
		pop(r, n);
	}
	const cJSON *arr = member(r, root, "sessions", cJSON_Array, true);
	if (arr) {
		int n = cJSON_GetArraySize(arr);
		t->sessions = upr_arena_alloc(&t->arena, ((size_t)n + 1) * sizeof(*t->sessions));
		if (!t->sessions) {
			err(r, "out of memory");
			return;
		}
		int i = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, arr) {
			size_t k = push_key(r, "sessions");
			push_index(r, i++);
			if (!cJSON_IsObject(o)) {
				err(r, "must be an object");
			} else {
				struct upr_session s = { 0 };
				int before = r->errors;
				read_session(r, o, &s);
				/* a State the input no longer defines (lenient
				 * mode) has no place in the model */
				if (r->errors == before && s.state >= 0)
					t->sessions[t->nsessions++] = s;
			}
			pop(r, k);
		}
	}
	arr = member(r, root, "waitlist", cJSON_Array, false);
	if (arr) {
		int n = cJSON_GetArraySize(arr);
		t->waitlist = upr_arena_alloc(&t->arena, ((size_t)n + 1) * sizeof(*t->waitlist));
		if (!t->waitlist) {
			err(r, "out of memory");
			return;
		}
		int i = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, arr) {
			size_t k = push_key(r, "waitlist");
			push_index(r, i++);
			if (!cJSON_IsObject(o)) {
				err(r, "must be an object");
			} else {
				int sp = lookup(r, o, "speaker", &p->speaker_ids, "speaker");
				int st = lookup(r, o, "state", &p->state_ids, "state");
				const char *why = str(r, o, "reason", false);
				if (sp >= 0 && st >= 0)
					t->waitlist[t->nwaitlist++] = (struct upr_waitlisted){
						sp, st, upr_arena_strdup(&t->arena, why ? why : "") };
			}
			pop(r, k);
		}
	}
	arr = member(r, root, "not_held", cJSON_Array, false);
	if (arr) {
		int n = cJSON_GetArraySize(arr);
		t->not_held = upr_arena_alloc(&t->arena, ((size_t)n + 1) * sizeof(*t->not_held));
		if (!t->not_held) {
			err(r, "out of memory");
			return;
		}
		int i = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, arr) {
			size_t k = push_key(r, "not_held");
			push_index(r, i++);
			if (!cJSON_IsObject(o)) {
				err(r, "must be an object");
			} else {
				int st = lookup(r, o, "state", &p->state_ids, "state");
				const char *why = str(r, o, "reason", false);
				if (st >= 0)
					t->not_held[t->nnot_held++] = (struct upr_not_held){
						st, upr_arena_strdup(&t->arena, why ? why : "") };
			}
			pop(r, k);
		}
	}
	read_cancelled(r, root);
	const cJSON *sc = member(r, root, "score", cJSON_Object, false);
	if (sc) {
		size_t k = push_key(r, "score");
		read_score(r, sc);
		pop(r, k);
	}
	const cJSON *sv = member(r, root, "solver", cJSON_Object, false);
	if (sv) {
		size_t k = push_key(r, "solver");
		int64_t v;
		/* 0 to 2^53, as plan takes it: cJSON reads numbers as doubles, exact that far */
		if (cJSON_GetObjectItemCaseSensitive(sv, "seed") && integer(r, sv, "seed", 0, INT64_C(1) << 53, &v))
			t->seed = (uint64_t)v;
		const cJSON *b = member(r, sv, "optimal", cJSON_True, false);
		t->optimal = b && cJSON_IsTrue(b);
		if (cJSON_GetObjectItemCaseSensitive(sv, "lower_bound") &&
		    integer(r, sv, "lower_bound", INT64_MIN / 2, INT64_MAX / 2, &v))
			t->lower_bound = v;
		pop(r, k);
	}
	if (t->arena.failed)
		err(r, "out of memory");
}

/* Objects up to this many members are searched pairwise for a repeated
 * key; larger ones through a hash map, so no file costs quadratic time. */
#define PAIRWISE_KEYS 16
/* Repeated keys reported per file: enough to fix a hand edit. */
#define MAX_REPEATS 20

static void repeated_key(struct rd *r, const cJSON *m)
{
	size_t n = push_key(r, m->string);
	err(r, "key given more than once (cJSON would read the first)");
	pop(r, n);
	r->repeats++;
}

/*
 * Every object of the document has each key once: cJSON keeps every copy
 * and looks up the first, so a repeated key would be read silently.  The
 * walk recurses as deep as cJSON nests (CJSON_NESTING_LIMIT, 1000).
 */
static void check_keys(struct rd *r, const cJSON *node)
{
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return;
	if (cJSON_IsObject(node)) {
		int count = cJSON_GetArraySize(node);
		struct upr_strmap seen;
		upr_strmap_init(&seen);
		const cJSON *m;
		cJSON_ArrayForEach(m, node) {
			if (r->repeats >= MAX_REPEATS)
				break;
			bool again = false;
			if (count <= PAIRWISE_KEYS) {
				for (const cJSON *o = node->child; o != m && !again; o = o->next)
					again = strcmp(o->string, m->string) == 0;
			} else {
				int rc = upr_strmap_put(&seen, m->string, 0, NULL);
				if (rc < 0) {
					err(r, "out of memory");
					r->repeats = MAX_REPEATS;
					break;
				}
				again = rc == 1;
			}
			if (again)
				repeated_key(r, m);
		}
		upr_strmap_release(&seen);
	}
	int i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, node) {
		if (r->repeats >= MAX_REPEATS)
			return;
		size_t n = cJSON_IsObject(node) ? push_key(r, c->string) : push_index(r, i);
		i++;
		check_keys(r, c);
		pop(r, n);
	}
}

/* Where text[at] is, as users see it (columns count bytes). */
static struct upr_loc text_loc(const char *name, const char *text, const char *at)
{
	int line = 1, col = 1;
	for (const char *c = text; c < at; c++) {
		if (*c == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	struct upr_loc loc = { name, line, col };
	return loc;
}

/* How many events the file can hold: one per session, one per item, one
 * per cancelled entry. */
static size_t count_events(const cJSON *root)
{
	if (!cJSON_IsObject(root))
		return 0;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "sessions");
	const cJSON *cancelled = cJSON_GetObjectItemCaseSensitive(root, "cancelled");
	size_t n = cJSON_IsArray(cancelled) ? (size_t)cJSON_GetArraySize(cancelled) : 0;
	const cJSON *o;
	if (!cJSON_IsArray(arr))
		return n;
	cJSON_ArrayForEach(o, arr) {
		const cJSON *items = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, "items") : NULL;
		n += 1 + (cJSON_IsArray(items) ? (size_t)cJSON_GetArraySize(items) : 0);
	}
	return n;
}

int upr_timetable_read_mode(const struct upr_problem *p, const char *name, const char *text,
			    size_t len, enum upr_tt_mode mode, struct upr_timetable **out,
			    struct upr_tt_events *events, struct upr_diags *d)
{
	*out = NULL;
	if (events)
		*events = (struct upr_tt_events){ NULL, 0 };
	struct upr_loc loc = { name, 0, 0 };
	/* cJSON would end a string, or the document, at a NUL. */
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		struct upr_loc at = text_loc(name, text, nul);
		upr_error(d, &at, "NUL byte in the file");
		return -1;
	}
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		/* cJSON tells where it stopped: turn that into line:column */
		if (end && end >= text && end <= text + len) {
			struct upr_loc at = text_loc(name, text, end);
			upr_error(d, &at, "not valid JSON here");
		} else {
			upr_error(d, &loc, "not valid JSON (or out of memory)");
		}
		return -1;
	}
	/* One document and nothing after it but white space. */
	while (end < text + len && strchr(" \t\r\n", *end))
		end++;
	if (end < text + len) {
		struct upr_loc at = text_loc(name, text, end);
		upr_error(d, &at, "text after the end of the JSON document");
		cJSON_Delete(root);
		return -1;
	}
	struct rd r = { .p = p, .name = name, .d = d, .t = upr_timetable_new(),
			.lenient = mode == UPR_TT_BASELINE };
	if (r.t && events) {
		r.capev = count_events(root);
		r.ev = upr_arena_alloc(&r.t->arena, (r.capev + 1) * sizeof(*r.ev));
	}
	if (!r.t || (events && !r.ev)) {
		cJSON_Delete(root);
		upr_timetable_free(r.t);
		upr_error(d, &loc, "out of memory");
		return -1;
	}
	check_keys(&r, root);
	read_root(&r, root);
	cJSON_Delete(root);
	if (r.errors) {
		upr_timetable_free(r.t);
		return -1;
	}
	upr_timetable_sort(r.t);
	*out = r.t;
	if (events)
		*events = (struct upr_tt_events){ r.ev, r.nev };
	return 0;
}

int upr_timetable_read(const struct upr_problem *p, const char *name, const char *text,
		       size_t len, struct upr_timetable **out, struct upr_diags *d)
{
	return upr_timetable_read_mode(p, name, text, len, UPR_TT_STRICT, out, NULL, d);
}

int upr_timetable_read_file_mode(const struct upr_problem *p, const char *path,
				 enum upr_tt_mode mode, struct upr_timetable **out,
				 struct upr_tt_events *events, struct upr_diags *d)
{
	*out = NULL;
	if (events)
		*events = (struct upr_tt_events){ NULL, 0 };
	struct upr_loc loc = { path, 0, 0 };
	FILE *f = fopen(path, "rb");
	if (!f) {
		upr_error(d, &loc, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		upr_error(d, &loc, "cannot read: not a regular file");
		fclose(f);
		return -1;
	}
	if ((unsigned long long)st.st_size > UPR_MAX_TIMETABLE_SIZE) {
		upr_error(d, &loc, "file is larger than %u MiB", UPR_MAX_TIMETABLE_SIZE >> 20);
		fclose(f);
		return -1;
	}
	size_t n = (size_t)st.st_size;
	char *buf = upr_malloc(n + 1);
	if (!buf) {
		upr_error(d, &loc, "out of memory");
		fclose(f);
		return -1;
	}
	size_t got = fread(buf, 1, n, f);
	fclose(f);
	if (got != n) {
		upr_error(d, &loc, "cannot read: short read");
		upr_free(buf);
		return -1;
	}
	buf[n] = '\0';
	int rc = upr_timetable_read_mode(p, path, buf, n, mode, out, events, d);
	upr_free(buf);
	return rc;
}

int upr_timetable_read_file(const struct upr_problem *p, const char *path,
			    struct upr_timetable **out, struct upr_diags *d)
{
	return upr_timetable_read_file_mode(p, path, UPR_TT_STRICT, out, NULL, d);
}
