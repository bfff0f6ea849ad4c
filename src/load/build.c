/*
 * build.c - one file's tree to entities: every key of docs/reference.md#input-files with its type,
 * range and default.
 *
 * What must hold:
 *   - every mapping is read against a key table, so an unknown key is always
 *     reported (with a suggestion from that table) and a key given twice too;
 *   - every value is checked where it is read and reported at its own
 *     position, with one wording per kind of mistake (see the form table);
 *   - an entity with errors is still appended and its id still registered,
 *     so that references to it do not add errors of their own;
 *   - nothing here looks at another file: references are queued for
 *     resolve.c, which runs after the last file.
 * Strings and arrays that the model keeps are copied into the problem's
 * arena; the tree is released after each file.
 */
#include "load/build.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/values.h"
#include "model/timetable.h"
#include "model/tz.h"

/* Sanity bounds against absurd values (docs/input-decisions.md). */
#define MAX_MINUTES UPR_MIN_PER_DAY
#define MAX_DAYS 1000
#define MAX_CAPACITY 1000000
#define MAX_MIN_STATEMENTS 1000
#define MAX_WEIGHT 1000000000

/* How a form is named in "'KEY' must be ONE" and "'KEY' must hold MANY". */
struct form {
	const char *one, *many;
};
static const struct form F_STRING = { "a string", "strings" };
static const struct form F_ID = { "an id", "ids" };
static const struct form F_INT = { "an integer", "integers" };
static const struct form F_MINUTES = { "a number of minutes", "numbers of minutes" };
static const struct form F_BOOL = { "true or false", "true or false" };
static const struct form F_MAPPING = { "a mapping", "mappings" };
static const struct form F_DATE = { "a date like '2017-12-12'", "dates like '2017-12-12'" };
static const struct form F_WINDOW = { "a window like '10:00-13:00'",
				      "windows like '10:00-13:00'" };
static const struct form F_DATED = {
	"a date or a dated window like '2017-12-12 10:00-13:00'",
	"dates or dated windows like '2017-12-12 10:00-13:00'",
};
static const struct form F_DATETIME = { "a date and time like '2017-12-12 10:00'",
					"dates and times like '2017-12-12 10:00'" };
static const struct form F_LANG = { "an ISO 639-1 code like 'en'",
				    "ISO 639-1 codes like 'en'" };

/* ---- reporting ---- */

static struct upr_loc loc_of(const struct upr_loader *L, const struct upr_ynode *n)
{
	return upr_ytree_loc(L->doc, n);
}

const char *upr_quote(char buf[UPR_QUOTE_MAX], const char *text, size_t len)
{
	/* At most 40 characters of up to 4 bytes, escapes of 4 bytes: the
	 * result always fits in UPR_QUOTE_MAX. */
	size_t o = 0, chars = 0;
	buf[o++] = '\'';
	for (size_t i = 0; i < len; chars++) {
		if (chars == 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		unsigned char c = (unsigned char)text[i];
		if (c < 0x20 || c == 0x7f) {
			int w = snprintf(buf + o, UPR_QUOTE_MAX - o,
					 c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\x%02x", c);
			o += (size_t)w;
			i++;
			continue;
		}
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (k > len - i)
			k = len - i;
		memcpy(buf + o, text + i, k);
		o += k;
		i += k;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

/* What a node is, for "..., got X". */
static const char *describe(const struct upr_ynode *n, char buf[UPR_QUOTE_MAX])
{
	switch (n->kind) {
	case UPR_Y_NULL: return "nothing";
	case UPR_Y_SEQ: return "a list";
	case UPR_Y_MAP: return "a mapping";
	default: return upr_quote(buf, n->u.text, n->n);
	}
}

static void wrong_type(struct upr_loader *L, const struct upr_ynode *n,
		       const char *label, const struct form *f, bool many)
{
	if (n->kind == UPR_Y_BAD)
		return;	/* already reported where the tree was read */
	char got[UPR_QUOTE_MAX];
	struct upr_loc loc = loc_of(L, n);
	if (many)
		upr_error(L->d, &loc, "'%s' must hold %s, got %s", label, f->many,
			  describe(n, got));
	else
		upr_error(L->d, &loc, "'%s' must be %s, got %s", label, f->one,
			  describe(n, got));
}

void upr_loader_oom(struct upr_loader *L)
{
	if (!L->oom)
		upr_error(L->d, NULL, "out of memory");
	L->oom = true;
}

/* Zeroed memory for n elements in the problem's arena (freed with the
 * problem); NULL for none or after reporting. */
static void *alloc(struct upr_loader *L, size_t n, size_t size)
{
	if (n == 0)
		return NULL;
	void *p = upr_arena_alloc(&L->p->arena, n * size);
	if (!p)
		upr_loader_oom(L);
	return p;
}

/* A copy of s in the problem's arena (freed with the problem), or NULL
 * after reporting. */
static const char *copy_str(struct upr_loader *L, const char *s)
{
	const char *c = upr_arena_strdup(&L->p->arena, s);
	if (!c)
		upr_loader_oom(L);
	return c;
}

/* Makes room for one more element in a vector (upr_realloc; the loader
 * frees it); returns the vector, or NULL after reporting. */
static void *grow(struct upr_loader *L, void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	size_t c = *cap ? *cap * 2 : 16;
	void *nv = upr_realloc(v, c * size);
	if (!nv) {
		upr_loader_oom(L);
		return NULL;
	}
	*cap = c;
	return nv;
}

/* ---- mappings ---- */

static void unknown_key(struct upr_loader *L, const struct upr_ynode *k,
			const char *const *keys, size_t nkeys)
{
	char q[UPR_QUOTE_MAX];
	struct upr_loc loc = loc_of(L, k);
	struct upr_suggest s;
	upr_suggest_init(&s, k->u.text);
	for (size_t i = 0; i < nkeys; i++)
		upr_suggest_add(&s, keys[i]);
	if (s.best)
		upr_error(L->d, &loc, "unknown key %s (did you mean '%s'?)",
			  upr_quote(q, k->u.text, k->n), s.best);
	else
		upr_error(L->d, &loc, "unknown key %s", upr_quote(q, k->u.text, k->n));
}

/*
 * Reads mapping map against keys[0..nkeys): vals[i] is the value of keys[i]
 * and at[i] its key node, both NULL when the key is absent.  Unknown keys,
 * keys given twice and keys that are not strings are reported.
 */
static void read_keys(struct upr_loader *L, const struct upr_ynode *map,
		      const char *const *keys, size_t nkeys,
		      const struct upr_ynode **vals, const struct upr_ynode **at)
{
	for (size_t j = 0; j < nkeys; j++)
		vals[j] = at[j] = NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct upr_ynode *k = &map->u.items[i];
		if (k->kind == UPR_Y_BAD)
			continue;
		if (k->kind != UPR_Y_SCALAR) {
			char got[UPR_QUOTE_MAX];
			struct upr_loc loc = loc_of(L, k);
			upr_error(L->d, &loc, "a key must be a string, got %s", describe(k, got));
			continue;
		}
		size_t j = 0;
		while (j < nkeys && strcmp(keys[j], k->u.text) != 0)
			j++;
		if (j == nkeys) {
			unknown_key(L, k, keys, nkeys);
			continue;
		}
		if (at[j]) {
			struct upr_loc loc = loc_of(L, k), first = loc_of(L, at[j]);
			upr_error(L->d, &loc, "key '%s' is already given at %s:%d:%d",
				  keys[j], first.file, first.line, first.col);
			continue;
		}
		at[j] = k;
		vals[j] = &map->u.items[i + 1];
	}
}

static void missing(struct upr_loader *L, const struct upr_ynode *map,
		    const char *key, const char *in)
{
	struct upr_loc loc = loc_of(L, map);
	upr_error(L->d, &loc, "missing required key '%s' in %s", key, in);
}

/* Is n a mapping?  Reports it when not. */
static bool is_map(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		   bool many)
{
	if (n->kind == UPR_Y_MAP)
		return true;
	wrong_type(L, n, label, &F_MAPPING, many);
	return false;
}

/* Is n an entry of a list of entities?  One that is not cannot be referred
 * to, so the input counts as incomplete. */
static bool is_entry(struct upr_loader *L, const struct upr_ynode *n, const char *label)
{
	if (is_map(L, n, label, true))
		return true;
	L->incomplete = true;
	return false;
}

/* ---- scalars ---- */

/* The text of a scalar, or NULL after reporting. */
static const char *scalar(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label, const struct form *f, bool many)
{
	if (n->kind == UPR_Y_SCALAR)
		return n->u.text;
	wrong_type(L, n, label, f, many);
	return NULL;
}

/* A non-empty string copied into the problem's arena, or NULL after
 * reporting. */
static const char *get_string(struct upr_loader *L, const struct upr_ynode *n,
			      const char *label)
{
	const char *s = scalar(L, n, label, &F_STRING, false);
	if (!s)
		return NULL;
	if (!*s) {
		struct upr_loc loc = loc_of(L, n);
		upr_error(L->d, &loc, "'%s' must not be empty", label);
		return NULL;
	}
	return copy_str(L, s);
}

/* An id, copied into the problem's arena.  One that breaks the id rule is
 * reported but still returned, so that the entity keeps its name for
 * references. */
static const char *get_id(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label)
{
	const char *s = scalar(L, n, label, &F_ID, false);
	if (!s)
		return NULL;
	if (!upr_id_valid(s)) {
		char q[UPR_QUOTE_MAX];
		struct upr_loc loc = loc_of(L, n);
		upr_error(L->d, &loc,
			  "id %s is not valid: use 1-64 letters, digits, '.', '_' or '-', "
			  "starting with a letter or digit", upr_quote(q, s, n->n));
		if (!*s)
			return NULL;
	}
	return copy_str(L, s);
}

static bool get_int(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		    const struct form *f, int64_t min, int64_t max, int64_t *out)
{
	const char *s = scalar(L, n, label, f, false);
	if (!s)
		return false;
	int64_t v;
	if (upr_parse_int(s, &v) != UPR_V_OK) {
		wrong_type(L, n, label, f, false);
		return false;
	}
	if (v < min || v > max) {
		char q[UPR_QUOTE_MAX];
		struct upr_loc loc = loc_of(L, n);
		upr_quote(q, s, n->n);
		if (v < 0 && min == 0)
			upr_error(L->d, &loc, "'%s' must not be negative, got %s", label, q);
		else
			upr_error(L->d, &loc, "'%s' must be between %lld and %lld, got %s",
				  label, (long long)min, (long long)max, q);
		return false;
	}
	*out = v;
	return true;
}

/* An int field: written into *out only when valid. */
static void get_int_field(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label, const struct form *f, int min, int max,
			  int *out)
{
	int64_t v;
	if (n && get_int(L, n, label, f, min, max, &v))
		*out = (int)v;
}

static void get_bool(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool *out)
{
	if (!n)
		return;
	const char *s = scalar(L, n, label, &F_BOOL, false);
	if (s && upr_parse_bool(s, out) != UPR_V_OK)
		wrong_type(L, n, label, &F_BOOL, false);
}

/* Reports the verdict of a value parser on n; true when the value is good. */
static bool report_value(struct upr_loader *L, const struct upr_ynode *n,
			 const char *label, const struct form *f, bool many,
			 enum upr_vstatus st, const char *msg)
{
	if (st == UPR_V_FORM) {
		wrong_type(L, n, label, f, many);
		return false;
	}
	if (st == UPR_V_BAD) {
		struct upr_loc loc = loc_of(L, n);
		upr_error(L->d, &loc, "%s", msg);
		return false;
	}
	return true;
}

static bool get_date(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool many, int64_t *day)
{
	const char *s = scalar(L, n, label, &F_DATE, many);
	if (!s)
		return false;
	char msg[160];
	return report_value(L, n, label, &F_DATE, many,
			    upr_parse_date(s, day, msg, sizeof(msg)), msg);
}

static bool get_datetime(struct upr_loader *L, const struct upr_ynode *n,
			 const char *label, int64_t *t)
{
	const char *s = scalar(L, n, label, &F_DATETIME, false);
	if (!s)
		return false;
	char msg[160];
	return report_value(L, n, label, &F_DATETIME, false,
			    upr_parse_datetime(s, t, msg, sizeof(msg)), msg);
}

static bool get_lang(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool many, upr_lang *out)
{
	const char *s = scalar(L, n, label, &F_LANG, many);
	if (!s)
		return false;
	char msg[160];
	return report_value(L, n, label, &F_LANG, many,
			    upr_parse_lang(s, out, msg, sizeof(msg)), msg);
}

/* ---- lists ---- */

/*
 * The items of a list value.  A scalar stands for a one-element list and
 * nothing (an empty value) for an empty one; a mapping is reported.
 */
static bool items_of(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     const struct upr_ynode **items, size_t *count)
{
	switch (n->kind) {
	case UPR_Y_NULL:
		*items = NULL;
		*count = 0;
		return true;
	case UPR_Y_SEQ:
		*items = n->u.items;
		*count = n->n;
		return true;
	case UPR_Y_MAP: {
		struct upr_loc loc = loc_of(L, n);
		upr_error(L->d, &loc, "'%s' must be a list, got a mapping", label);
		return false;
	}
	default:
		*items = n;
		*count = 1;
		return true;
	}
}

static void must_not_be_empty(struct upr_loader *L, const struct upr_ynode *n,
			      const char *label)
{
	struct upr_loc loc = loc_of(L, n);
	upr_error(L->d, &loc, "'%s' must not be empty", label);
}

/* A list of dates or dated windows as a set of times.  An empty list is
 * reported unless allow_empty. */
static void get_times(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		      bool allow_empty, struct upr_ivals *out)
{
	const struct upr_ynode *items;
	size_t count;
	out->v = NULL;
	out->n = 0;
	if (!items_of(L, n, label, &items, &count))
		return;
	if (count == 0) {
		if (!allow_empty)
			must_not_be_empty(L, n, label);
		return;
	}
	struct upr_interval *v = alloc(L, count, sizeof(*v));
	if (!v)
		return;
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		const struct upr_ynode *it = &items[i];
		const char *s = scalar(L, it, label, &F_DATED, true);
		if (!s)
			continue;
		char msg[160];
		if (report_value(L, it, label, &F_DATED, true,
				 upr_parse_dated_window(s, &v[k], msg, sizeof(msg)), msg))
			k++;
	}
	out->v = v;
	out->n = upr_ivals_normalize(v, k);
}

/* A list of languages, duplicates dropped. */
static void get_langs(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		      upr_lang **out, size_t *nout)
{
	const struct upr_ynode *items;
	size_t count;
	if (!items_of(L, n, label, &items, &count))
		return;
	if (count == 0) {
		must_not_be_empty(L, n, label);
		return;
	}
	upr_lang *v = alloc(L, count, sizeof(*v));
	if (!v)
		return;
	bool seen[26 * 26] = { false };
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		upr_lang l;
		if (get_lang(L, &items[i], label, true, &l) && !seen[l]) {
			seen[l] = true;
			v[k++] = l;
		}
	}
	*out = v;
	*nout = k;
}

static void add_ref(struct upr_loader *L, enum upr_ref_kind kind, size_t owner,
		    size_t pos, const struct upr_ynode *n)
{
	struct upr_ref *r = grow(L, L->refs, L->nrefs, &L->caprefs, sizeof(*r));
	if (!r)
		return;
	L->refs = r;
	const char *id = copy_str(L, n->u.text);
	if (!id)
		return;
	r[L->nrefs].kind = kind;
	r[L->nrefs].owner = owner;
	r[L->nrefs].pos = pos;
	r[L->nrefs].id = id;
	r[L->nrefs].loc = loc_of(L, n);
	L->nrefs++;
}

/*
 * A list of ids naming other entities: an int array of count slots (-1
 * until resolve.c fills them), plus extra free slots at the end; each id
 * is queued as a reference of kind.  Returns the number of ids.
 */
static size_t get_refs(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		       enum upr_ref_kind kind, size_t owner, size_t extra, int **out)
{
	const struct upr_ynode *items;
	size_t count;
	*out = NULL;
	if (!items_of(L, n, label, &items, &count) || count + extra == 0)
		return 0;
	int *v = alloc(L, count + extra, sizeof(*v));
	if (!v)
		return 0;
	for (size_t i = 0; i < count + extra; i++)
		v[i] = -1;
	for (size_t i = 0; i < count; i++)
		if (scalar(L, &items[i], label, &F_ID, true))
			add_ref(L, kind, owner, i, &items[i]);
	*out = v;
	return count;
}

static void duplicate_id(struct upr_loader *L, const struct upr_ynode *idnode,
			 const char *id, const struct upr_loc *first)
{
	char q[UPR_QUOTE_MAX];
	struct upr_loc loc = loc_of(L, idnode);
	upr_error(L->d, &loc, "id %s is already defined at %s:%d:%d",
		  upr_quote(q, id, strlen(id)), first->file, first->line, first->col);
}

/*
 * An id that names a file, dir/ID.ics, must name a file of its own on
 * every file system the output is copied to: not a Windows device, and not
 * equal ignoring case to another id of its list (macOS and Windows fold
 * case, so speakers/CH.ics and speakers/ch.ics would be one file).  files
 * maps the list's folded ids to their index; id_of and loc_at give an
 * earlier entity's id and place.  Exact repeats are duplicate_id's business.
 */
static void check_file_id(struct upr_loader *L, struct upr_strmap *files,
			  const struct upr_ynode *idnode, const char *id, size_t idx,
			  const char *dir, const char *(*id_of)(const struct upr_loader *, size_t),
			  const struct upr_loc *(*loc_at)(const struct upr_loader *, size_t))
{
	if (!upr_id_valid(id))
		return;
	char q[UPR_QUOTE_MAX];
	struct upr_loc loc = loc_of(L, idnode);
	if (upr_id_is_device_name(id))
		upr_error(L->d, &loc, "id %s is a device name on Windows, where its calendar "
			  "%s/%s.ics cannot be written", upr_quote(q, id, strlen(id)), dir, id);
	char folded[UPR_ID_MAX + 1];
	upr_id_fold(id, folded);
	int old = upr_strmap_get(files, folded);
	if (old < 0) {
		const char *key = copy_str(L, folded);
		if (key && upr_strmap_put(files, key, (int)idx, NULL) < 0)
			upr_loader_oom(L);
		return;
	}
	const char *other = id_of(L, (size_t)old);
	char qo[UPR_QUOTE_MAX];
	const struct upr_loc *first = loc_at(L, (size_t)old);
	upr_error(L->d, &loc, "id %s differs only in case from %s at %s:%d:%d: their "
		  "calendars %s/%s.ics and %s/%s.ics would be one file where case is ignored",
		  upr_quote(q, id, strlen(id)), upr_quote(qo, other, strlen(other)),
		  first->file, first->line, first->col, dir, other, dir, id);
}

static const char *speaker_id(const struct upr_loader *L, size_t i)
{
	return L->speakers[i].id;
}

static const struct upr_loc *speaker_loc(const struct upr_loader *L, size_t i)
{
	return &L->speakers[i].loc;
}

static const char *delegation_id(const struct upr_loader *L, size_t i)
{
	return L->delegations[i].id;
}

static const struct upr_loc *delegation_loc(const struct upr_loader *L, size_t i)
{
	return &L->delegations[i].loc;
}

/* Adds id -> idx to map; returns the index of an earlier entity with that
 * id, or -1. */
static int register_id(struct upr_loader *L, struct upr_strmap *map, const char *id,
		       size_t idx)
{
	int old = -1;
	int rc = upr_strmap_put(map, id, (int)idx, &old);
	if (rc < 0)
		upr_loader_oom(L);
	return rc == 1 ? old : -1;
}

/* Room for one more entity of a list, or false after reporting (once per
 * list: bit is the list's flag in L->full). */
static bool entity_fits(struct upr_loader *L, size_t n, const struct upr_ynode *at,
			const char *what, unsigned bit)
{
	if (n < UPR_MAX_ENTITIES)
		return true;
	L->incomplete = true;
	if (!(L->full & bit)) {
		struct upr_loc loc = loc_of(L, at);
		upr_error(L->d, &loc, "more than %d %s", UPR_MAX_ENTITIES, what);
		L->full |= bit;
	}
	return false;
}

/* ---- event ---- */

static void event_defaults(struct upr_loader *L, struct upr_event *e)
{
	e->session_length = 60;
	e->opening = 5;
	e->state_statement = 0;
	e->questions = 15;
	e->gap = 0;
	e->grid = 30;
	e->min_statements = 1;
	e->nhri_first = true;
	e->statement_min = 5;
	e->statement_max = 7;
	e->travel = 10;
	e->waitlist = false;
	for (int i = 0; i < UPR_W_COUNT; i++)
		e->weights[i] = upr_weight_defaults[i];
	/* UNOG's meeting hours. */
	e->hours = alloc(L, 2, sizeof(*e->hours));
	if (e->hours) {
		e->hours[0] = (struct upr_interval){ 10 * 60, 13 * 60 };
		e->hours[1] = (struct upr_interval){ 15 * 60, 18 * 60 };
		e->nhours = 2;
	}
}

/*
 * An id from a name: ASCII letters lowercased, digits kept, every other run
 * one '-'; cut after the last whole word that fits in UPR_ID_MAX.  A name
 * without ASCII letters or digits gives "event-" and eight hex digits of its
 * hash, so that two rounds named in another script keep distinct calendar
 * UIDs.  The string is in the problem's arena.
 */
static const char *id_from_name(struct upr_loader *L, const char *name)
{
	char buf[UPR_ID_MAX + 1];
	size_t k = 0, words_end = 0;	/* length up to the last whole word */
	bool gap = false;
	for (const char *c = name; *c; c++) {
		char ch = *c;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
			gap = true;
			continue;
		}
		bool dash = gap && k > 0;
		if (k + dash + 1 > UPR_ID_MAX) {
			/* Mid-word: drop the partial word, unless it is the
			 * first one. */
			if (!dash && words_end > 0)
				k = words_end;
			break;
		}
		if (dash) {
			words_end = k;
			buf[k++] = '-';
		}
		gap = false;
		buf[k++] = ch;
	}
	buf[k] = '\0';
	if (k == 0) {
		uint64_t h = upr_hash_str(name);
		snprintf(buf, sizeof(buf), "event-%08x", (unsigned)((h ^ (h >> 32)) & 0xffffffffu));
	}
	return copy_str(L, buf);
}

struct sorted_item {
	struct upr_interval iv;	/* for days: iv.start is the day */
	size_t idx;		/* position in the list */
};

static int cmp_sorted(const void *pa, const void *pb)
{
	const struct sorted_item *a = pa, *b = pb;
	if (a->iv.start != b->iv.start)
		return a->iv.start < b->iv.start ? -1 : 1;
	if (a->iv.end != b->iv.end)
		return a->iv.end < b->iv.end ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static void too_many_days(struct upr_loader *L, const struct upr_ynode *n, int64_t count)
{
	struct upr_loc loc = loc_of(L, n);
	upr_error(L->d, &loc, "'days' holds %lld days, more than %d", (long long)count,
		  MAX_DAYS);
}

static bool read_days_range(struct upr_loader *L, const struct upr_ynode *n,
			    struct upr_event *e)
{
	static const char *const keys[] = { "from", "to" };
	const struct upr_ynode *v[2], *k[2];
	read_keys(L, n, keys, 2, v, k);
	if (!v[0])
		missing(L, n, "from", "'days'");
	if (!v[1])
		missing(L, n, "to", "'days'");
	int64_t from = 0, to = 0;
	bool ok = v[0] && get_date(L, v[0], "days.from", false, &from);
	ok = v[1] && get_date(L, v[1], "days.to", false, &to) && ok;
	if (!ok)
		return false;
	if (to < from) {
		char a[11], b[11];
		struct upr_loc loc = loc_of(L, v[1]);
		upr_format_date(to, a);
		upr_format_date(from, b);
		upr_error(L->d, &loc, "'days.to' ('%s') is before 'days.from' ('%s')", a, b);
		return false;
	}
	if (to - from + 1 > MAX_DAYS) {
		too_many_days(L, n, to - from + 1);
		return false;
	}
	e->days = alloc(L, (size_t)(to - from + 1), sizeof(*e->days));
	if (!e->days)
		return false;
	for (int64_t d = from; d <= to; d++)
		e->days[e->ndays++] = d;
	return true;
}

static bool read_days(struct upr_loader *L, const struct upr_ynode *n, struct upr_event *e)
{
	if (n->kind == UPR_Y_MAP)
		return read_days_range(L, n, e);
	const struct upr_ynode *items;
	size_t count;
	if (!items_of(L, n, "days", &items, &count))
		return false;
	if (count == 0) {
		must_not_be_empty(L, n, "days");
		return false;
	}
	if (count > MAX_DAYS) {
		too_many_days(L, n, (int64_t)count);
		return false;
	}
	struct sorted_item *s = upr_malloc(count * sizeof(*s));
	e->days = alloc(L, count, sizeof(*e->days));
	if (!s || !e->days) {
		upr_free(s);
		upr_loader_oom(L);
		return false;
	}
	size_t k = 0;
	bool ok = true;
	for (size_t i = 0; i < count; i++) {
		if (get_date(L, &items[i], "days", true, &s[k].iv.start)) {
			s[k].iv.end = 0;
			s[k++].idx = i;
		} else {
			ok = false;
		}
	}
	qsort(s, k, sizeof(*s), cmp_sorted);
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && s[i].iv.start == s[i - 1].iv.start) {
			char date[11];
			struct upr_loc loc = loc_of(L, &items[s[i].idx]);
			upr_format_date(s[i].iv.start, date);
			upr_error(L->d, &loc, "day '%s' is listed twice", date);
			ok = false;
			continue;
		}
		e->days[e->ndays++] = s[i].iv.start;
	}
	upr_free(s);
	return ok;
}

/* Reads event.hours; false when any window was reported. */
static bool read_hours(struct upr_loader *L, const struct upr_ynode *n, struct upr_event *e)
{
	const struct upr_ynode *items;
	size_t count;
	if (!items_of(L, n, "hours", &items, &count))
		return false;
	if (count == 0) {
		must_not_be_empty(L, n, "hours");
		return false;
	}
	struct sorted_item *s = upr_malloc(count * sizeof(*s));
	struct upr_interval *h = alloc(L, count, sizeof(*h));
	if (!s || !h) {
		upr_free(s);
		upr_loader_oom(L);
		return false;
	}
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		const char *t = scalar(L, &items[i], "hours", &F_WINDOW, true);
		if (!t)
			continue;
		char msg[160];
		if (report_value(L, &items[i], "hours", &F_WINDOW, true,
				 upr_parse_window(t, &s[k].iv, msg, sizeof(msg)), msg))
			s[k++].idx = i;
	}
	/* Windows stay separate even when they touch: a session starts on the
	 * grid of its own window and never crosses its end (H1, docs/reference.md#hard-constraints). */
	qsort(s, k, sizeof(*s), cmp_sorted);
	size_t last = 0;	/* the window reaching furthest so far */
	e->nhours = 0;
	e->hours = h;
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && s[i].iv.start < s[last].iv.end) {
			char a[UPR_QUOTE_MAX], b[UPR_QUOTE_MAX];
			const struct upr_ynode *x = &items[s[i].idx], *y = &items[s[last].idx];
			/* Report at the one written later. */
			if (s[last].idx > s[i].idx) {
				const struct upr_ynode *t = x;
				x = y;
				y = t;
			}
			struct upr_loc loc = loc_of(L, x);
			upr_error(L->d, &loc, "window %s overlaps %s",
				  upr_quote(a, x->u.text, x->n), upr_quote(b, y->u.text, y->n));
			if (s[i].iv.end > s[last].iv.end)
				last = i;
			continue;
		}
		h[e->nhours++] = s[i].iv;
		if (i == 0 || s[i].iv.end > s[last].iv.end)
			last = i;
	}
	upr_free(s);
	return e->nhours == count;
}

static void read_session(struct upr_loader *L, const struct upr_ynode *n,
			 struct upr_event *e, const struct upr_ynode **length)
{
	static const char *const keys[] = {
		"length", "opening", "state_statement", "questions", "gap", "grid",
		"min_statements", "nhri_first",
	};
	static const struct {
		const char *label;
		size_t off;
		int min, max;
		const struct form *form;
	} ints[] = {
		{ "session.length", offsetof(struct upr_event, session_length), 1, MAX_MINUTES, &F_MINUTES },
		{ "session.opening", offsetof(struct upr_event, opening), 0, MAX_MINUTES, &F_MINUTES },
		{ "session.state_statement", offsetof(struct upr_event, state_statement), 0, MAX_MINUTES, &F_MINUTES },
		{ "session.questions", offsetof(struct upr_event, questions), 0, MAX_MINUTES, &F_MINUTES },
		{ "session.gap", offsetof(struct upr_event, gap), 0, MAX_MINUTES, &F_MINUTES },
		{ "session.grid", offsetof(struct upr_event, grid), 1, MAX_MINUTES, &F_MINUTES },
		{ "session.min_statements", offsetof(struct upr_event, min_statements), 0, MAX_MIN_STATEMENTS, &F_INT },
	};
	enum { NKEYS = sizeof(keys) / sizeof(keys[0]), NINTS = sizeof(ints) / sizeof(ints[0]) };
	const struct upr_ynode *v[NKEYS], *k[NKEYS];
	if (n->kind == UPR_Y_NULL || !is_map(L, n, "session", false))
		return;
	read_keys(L, n, keys, NKEYS, v, k);
	for (size_t i = 0; i < NINTS; i++)
		get_int_field(L, v[i], ints[i].label, ints[i].form, ints[i].min, ints[i].max,
			      (int *)((char *)e + ints[i].off));
	get_bool(L, v[NINTS], "session.nhri_first", &e->nhri_first);
	*length = v[0];
}

static void read_statement(struct upr_loader *L, const struct upr_ynode *n,
			   struct upr_event *e)
{
	static const char *const keys[] = { "min", "max" };
	const struct upr_ynode *v[2], *k[2];
	if (n->kind == UPR_Y_NULL || !is_map(L, n, "statement", false))
		return;
	read_keys(L, n, keys, 2, v, k);
	int64_t min = e->statement_min, max = e->statement_max;
	bool ok = !v[0] || get_int(L, v[0], "statement.min", &F_MINUTES, 1, MAX_MINUTES, &min);
	ok = (!v[1] || get_int(L, v[1], "statement.max", &F_MINUTES, 1, MAX_MINUTES, &max)) && ok;
	if (!ok)
		return;
	e->statement_min = (int)min;
	e->statement_max = (int)max;
	if (min > max) {
		/* At the value that was written; at min when both were. */
		struct upr_loc loc = loc_of(L, v[0] ? v[0] : v[1]);
		upr_error(L->d, &loc, "'statement.min' (%lld) is above 'statement.max' (%lld)",
			  (long long)min, (long long)max);
	}
}

static void read_weights(struct upr_loader *L, const struct upr_ynode *n,
			 struct upr_event *e)
{
	const struct upr_ynode *v[UPR_W_COUNT], *k[UPR_W_COUNT];
	if (n->kind == UPR_Y_NULL || !is_map(L, n, "weights", false))
		return;
	read_keys(L, n, upr_weight_names, UPR_W_COUNT, v, k);
	for (int i = 0; i < UPR_W_COUNT; i++) {
		if (!v[i])
			continue;
		char label[64];
		snprintf(label, sizeof(label), "weights.%s", upr_weight_names[i]);
		int64_t w;
		if (get_int(L, v[i], label, &F_INT, 0, MAX_WEIGHT, &w)) {
			e->weights[i] = w;
			e->weight_loc[i] = loc_of(L, v[i]);
		}
	}
}

/*
 * Clock changes (docs/input-decisions.md): a window of 'hours' on an event
 * day must lie within one UTC offset, so that every session keeps its real
 * minutes and every time written has one offset; and that offset must be
 * whole minutes, as outputs write it.  One check of the day's whole span
 * covers the usual day; the windows are looked at one by one only on a day
 * with a change.
 */

/* The item of 'hours' that reads as window w; the event when hours were not
 * written (the defaults). */
static struct upr_loc window_loc(struct upr_loader *L, const struct upr_ynode *hours,
				 const struct upr_interval *w)
{
	const struct upr_ynode *items;
	size_t count;
	if (hours && items_of(L, hours, "hours", &items, &count)) {
		for (size_t i = 0; i < count; i++) {
			struct upr_interval iv;
			char msg[160];
			if (items[i].kind == UPR_Y_SCALAR &&
			    upr_parse_window(items[i].u.text, &iv, msg, sizeof(msg)) == UPR_V_OK &&
			    iv.start == w->start && iv.end == w->end)
				return loc_of(L, &items[i]);
		}
	}
	return L->p->event.loc;
}

/* The offset of a clear window must be whole minutes; reported once. */
static void check_whole_minutes(struct upr_loader *L, const struct upr_ynode *tz, int off,
				int64_t day, bool *reported)
{
	if (off % 60 == 0 || *reported)
		return;
	char o[10], date[11];
	upr_tz_offset_text(off, o);
	upr_format_date(day, date);
	struct upr_loc loc = loc_of(L, tz);
	upr_error(L->d, &loc,
		  "time zone '%s' is %s from UTC on %s, not a whole number of minutes "
		  "(outputs write offsets in minutes)",
		  L->p->event.timezone, o, date);
	*reported = true;
}

static void check_window_clocks(struct upr_loader *L, const struct upr_ynode *hours,
				const struct upr_ynode *tz)
{
	const struct upr_event *e = &L->p->event;
	bool reported = false;
	for (size_t d = 0; d < e->ndays && e->nhours > 0; d++) {
		int64_t t0 = e->days[d] * UPR_MIN_PER_DAY;
		struct upr_tz_change c;
		int off;
		/* The day's span first: windows are sorted and disjoint. */
		if (upr_tz_span(e->timezone, t0 + e->hours[0].start,
				t0 + e->hours[e->nhours - 1].end, &c, &off) == UPR_TZ_CLEAR) {
			check_whole_minutes(L, tz, off, e->days[d], &reported);
			continue;
		}
		for (size_t i = 0; i < e->nhours; i++) {
			const struct upr_interval *w = &e->hours[i];
			enum upr_tz_meet m = upr_tz_span(e->timezone, t0 + w->start, t0 + w->end,
							 &c, &off);
			if (m == UPR_TZ_CLEAR) {
				check_whole_minutes(L, tz, off, e->days[d], &reported);
				continue;
			}
			char a[6], b[6], day[11], what[160];
			upr_format_hm((int)w->start, a);
			upr_format_hm((int)w->end, b);
			upr_format_date(e->days[d], day);
			upr_tz_change_text(e->timezone, &c, what, sizeof(what));
			struct upr_loc loc = window_loc(L, hours, w);
			upr_error(L->d, &loc,
				  "window '%s-%s' on %s %s %s (a session must lie within one "
				  "UTC offset)",
				  a, b, day, m == UPR_TZ_ENDS_AT ? "ends at" : "contains", what);
		}
	}
}

/*
 * 'travel' and 'session.gap' are counted in wall-clock minutes.  Across a
 * change that puts the clocks forward, two windows are fewer real minutes
 * apart than wall-clock ones; refuse when that could let two statements or
 * sessions closer than the larger of the two (going back only makes the
 * count stricter than real time).
 */
static void check_changes_between_windows(struct upr_loader *L,
					  const struct upr_ynode *hours,
					  const struct upr_ynode *travel)
{
	const struct upr_event *e = &L->p->event;
	int least = e->travel > e->gap ? e->travel : e->gap;
	const char *what_least = e->travel >= e->gap ? "travel" : "session.gap";
	for (size_t d = 0; d < e->ndays && least > 0 && e->nhours > 0; d++) {
		/* Most days have no change between their first and last window. */
		int64_t t0 = e->days[d] * UPR_MIN_PER_DAY;
		struct upr_tz_change c;
		int off;
		bool day_clear = upr_tz_span(e->timezone, t0 + e->hours[0].start,
					     t0 + e->hours[e->nhours - 1].end, &c,
					     &off) == UPR_TZ_CLEAR;
		for (size_t i = 0; i < e->nhours; i++) {
			size_t nd = i + 1 < e->nhours ? d : d + 1;
			size_t ni = i + 1 < e->nhours ? i + 1 : 0;
			if (nd == e->ndays)
				break;
			if (nd == d && day_clear)
				continue;
			int64_t end = e->days[d] * UPR_MIN_PER_DAY + e->hours[i].end;
			int64_t next = e->days[nd] * UPR_MIN_PER_DAY + e->hours[ni].start;
			/* No change moves the clocks by a day or more. */
			if (next - end >= least + UPR_MIN_PER_DAY)
				continue;
			if (upr_tz_span(e->timezone, end, next, &c, &off) == UPR_TZ_CLEAR)
				continue;
			/* A change touching a window is reported at the window. */
			int64_t lo = c.utc + (c.from < c.to ? c.from : c.to);
			int64_t hi = c.utc + (c.from < c.to ? c.to : c.from);
			int64_t real = (next - end) * 60 - (c.to - c.from);
			if (lo <= end * 60 || hi > next * 60 || real >= (int64_t)least * 60)
				continue;
			char a[17], b[17], what[160];
			upr_format_local(end, a);
			upr_format_local(next, b);
			upr_tz_change_text(e->timezone, &c, what, sizeof(what));
			struct upr_loc loc = travel && e->travel >= e->gap
						     ? loc_of(L, travel)
						     : window_loc(L, hours, &e->hours[ni]);
			upr_error(L->d, &loc,
				  "%s leaves %lld real minutes between the windows ending %s and "
				  "starting %s, less than '%s' (%d minutes)",
				  what, (long long)(real / 60), a, b, what_least, least);
		}
	}
}

static void build_event(struct upr_loader *L, const struct upr_ynode *key,
			const struct upr_ynode *n)
{
	if (L->have_event) {
		struct upr_loc loc = loc_of(L, key);
		upr_error(L->d, &loc, "key 'event' is already given at %s:%d:%d",
			  L->event_key.file, L->event_key.line, L->event_key.col);
		return;
	}
	L->have_event = true;
	L->event_key = loc_of(L, key);
	struct upr_event *e = &L->p->event;
	event_defaults(L, e);
	if (!is_map(L, n, "event", false))
		return;
	e->loc = loc_of(L, n);

	enum { E_NAME, E_ID, E_TIMEZONE, E_VENUE, E_DAYS, E_HOURS, E_SESSION, E_STATEMENT,
	       E_TRAVEL, E_WAITLIST, E_WEIGHTS, E_N };
	static const char *const keys[E_N] = {
		"name", "id", "timezone", "venue", "days", "hours", "session", "statement",
		"travel", "waitlist", "weights",
	};
	const struct upr_ynode *v[E_N], *k[E_N];
	read_keys(L, n, keys, E_N, v, k);

	if (v[E_NAME])
		e->name = get_string(L, v[E_NAME], "name");
	else
		missing(L, n, "name", "event");
	if (v[E_ID])
		e->id = get_id(L, v[E_ID], "id");
	else if (e->name)
		e->id = id_from_name(L, e->name);
	if (v[E_TIMEZONE]) {
		const char *tz = get_string(L, v[E_TIMEZONE], "timezone");
		if (tz && !upr_tz_exists(tz)) {
			char q[UPR_QUOTE_MAX], hint[256];
			struct upr_loc loc = loc_of(L, v[E_TIMEZONE]);
			if (upr_tz_suggest(tz, hint, sizeof(hint)))
				upr_error(L->d, &loc, "unknown time zone %s (did you mean %s?)",
					  upr_quote(q, tz, strlen(tz)), hint);
			else
				upr_error(L->d, &loc, "unknown time zone %s",
					  upr_quote(q, tz, strlen(tz)));
		}
		e->timezone = tz;
	} else {
		missing(L, n, "timezone", "event");
	}
	if (v[E_VENUE])
		e->venue = get_string(L, v[E_VENUE], "venue");
	if (v[E_DAYS])
		L->event_days_ok = read_days(L, v[E_DAYS], e);
	else
		missing(L, n, "days", "event");
	bool hours_ok = !v[E_HOURS] || read_hours(L, v[E_HOURS], e);

	const struct upr_ynode *length = NULL;
	if (v[E_SESSION])
		read_session(L, v[E_SESSION], e, &length);
	if (v[E_STATEMENT])
		read_statement(L, v[E_STATEMENT], e);
	get_int_field(L, v[E_TRAVEL], "travel", &F_MINUTES, 0, MAX_MINUTES, &e->travel);
	get_bool(L, v[E_WAITLIST], "waitlist", &e->waitlist);
	if (v[E_WEIGHTS])
		read_weights(L, v[E_WEIGHTS], e);
	if (hours_ok && L->event_days_ok && e->timezone && upr_tz_exists(e->timezone)) {
		check_window_clocks(L, v[E_HOURS], v[E_TIMEZONE]);
		check_changes_between_windows(L, v[E_HOURS], v[E_TRAVEL]);
	}

	/* A session must fit in some window; where it fits is the solver's
	 * business. */
	int64_t longest = 0;
	for (size_t i = 0; i < e->nhours; i++)
		if (e->hours[i].end - e->hours[i].start > longest)
			longest = e->hours[i].end - e->hours[i].start;
	if (hours_ok && e->session_length > longest) {
		const struct upr_ynode *at = length ? length : v[E_HOURS];
		struct upr_loc loc = at ? loc_of(L, at) : e->loc;
		upr_error(L->d, &loc,
			  "session of %d minutes is longer than every window of 'hours' "
			  "(the longest is %lld minutes)", e->session_length, (long long)longest);
	}
}

/* ---- rooms, states, speakers, delegations ---- */

/* The id of an entity, or NULL (reported) when missing or unusable. */
static const char *entity_id(struct upr_loader *L, const struct upr_ynode *map,
			     const struct upr_ynode *v, const char *what)
{
	const char *id = NULL;
	if (!v)
		missing(L, map, "id", what);
	else
		id = get_id(L, v, "id");
	/* Nothing can refer to an entity without an id. */
	if (!id)
		L->incomplete = true;
	return id;
}

static const char *entity_name(struct upr_loader *L, const struct upr_ynode *map,
			       const struct upr_ynode *v, const char *key, const char *what)
{
	if (!v) {
		missing(L, map, key, what);
		return NULL;
	}
	return get_string(L, v, key);
}

static void build_room(struct upr_loader *L, const struct upr_ynode *n)
{
	if (!is_entry(L, n, "rooms") || !entity_fits(L, L->nrooms, n, "rooms", 1))
		return;
	enum { R_ID, R_NAME, R_CAPACITY, R_LANGUAGES, R_VIDEO, R_AVAILABLE, R_N };
	static const char *const keys[R_N] = {
		"id", "name", "capacity", "languages", "video", "available",
	};
	const struct upr_ynode *v[R_N], *k[R_N];
	read_keys(L, n, keys, R_N, v, k);

	struct upr_room r = { 0 };
	r.loc = loc_of(L, n);
	r.id = entity_id(L, n, v[R_ID], "room");
	r.name = v[R_NAME] ? get_string(L, v[R_NAME], "name") : r.id;
	r.capacity = -1;
	get_int_field(L, v[R_CAPACITY], "capacity", &F_INT, 1, MAX_CAPACITY, &r.capacity);
	if (v[R_LANGUAGES]) {
		get_langs(L, v[R_LANGUAGES], "languages", &r.languages, &r.nlanguages);
	} else {
		r.languages = alloc(L, 1, sizeof(*r.languages));
		if (r.languages) {
			r.languages[0] = UPR_LANG_EN;
			r.nlanguages = 1;
		}
	}
	get_bool(L, v[R_VIDEO], "video", &r.video);
	if (v[R_AVAILABLE]) {
		r.has_available = true;
		get_times(L, v[R_AVAILABLE], "available", false, &r.available);
	}

	struct upr_room *rooms = grow(L, L->rooms, L->nrooms, &L->caprooms, sizeof(*rooms));
	if (!rooms)
		return;
	L->rooms = rooms;
	size_t idx = L->nrooms++;
	rooms[idx] = r;
	int old = r.id ? register_id(L, &L->p->room_ids, r.id, idx) : -1;
	if (old >= 0)
		duplicate_id(L, v[R_ID], r.id, &rooms[old].loc);
}

static void build_state(struct upr_loader *L, const struct upr_ynode *n)
{
	if (!is_entry(L, n, "states") || !entity_fits(L, L->nstates, n, "states", 2))
		return;
	enum { S_ID, S_NAME, S_REVIEW, S_PREFER, S_UNAVAILABLE, S_ROOM, S_START, S_N };
	static const char *const keys[S_N] = {
		"id", "name", "review", "prefer", "unavailable", "room", "start",
	};
	const struct upr_ynode *v[S_N], *k[S_N];
	read_keys(L, n, keys, S_N, v, k);

	size_t idx = L->nstates;
	struct upr_state s = { 0 };
	s.loc = loc_of(L, n);
	s.room = -1;
	s.nhri = -1;
	s.id = entity_id(L, n, v[S_ID], "state");
	s.name = entity_name(L, n, v[S_NAME], "name", "state");
	if (v[S_REVIEW]) {
		s.review_loc = loc_of(L, v[S_REVIEW]);
		s.has_review = get_datetime(L, v[S_REVIEW], "review", &s.review);
	}
	if (v[S_PREFER])
		get_times(L, v[S_PREFER], "prefer", true, &s.prefer);
	if (v[S_UNAVAILABLE])
		get_times(L, v[S_UNAVAILABLE], "unavailable", true, &s.unavailable);
	if (v[S_ROOM]) {
		s.room_loc = loc_of(L, v[S_ROOM]);
		if (scalar(L, v[S_ROOM], "room", &F_ID, false))
			add_ref(L, UPR_REF_STATE_ROOM, idx, 0, v[S_ROOM]);
	}
	if (v[S_START]) {
		s.start_loc = loc_of(L, v[S_START]);
		s.has_start = get_datetime(L, v[S_START], "start", &s.start);
	}

	struct upr_state *states = grow(L, L->states, L->nstates, &L->capstates, sizeof(*states));
	if (!states)
		return;
	L->states = states;
	L->nstates++;
	states[idx] = s;
	int old = s.id ? register_id(L, &L->p->state_ids, s.id, idx) : -1;
	if (old >= 0)
		duplicate_id(L, v[S_ID], s.id, &states[old].loc);
}

static void build_speaker(struct upr_loader *L, const struct upr_ynode *n)
{
	if (!is_entry(L, n, "speakers") || !entity_fits(L, L->nspeakers, n, "speakers", 4))
		return;
	enum { P_ID, P_ORGANISATION, P_KIND, P_STATES, P_LANGUAGE, P_REMOTE, P_AVAILABLE,
	       P_UNAVAILABLE, P_PRIORITY, P_APPLIED, P_N };
	static const char *const keys[P_N] = {
		"id", "organisation", "kind", "states", "language", "remote", "available",
		"unavailable", "priority", "applied",
	};
	const struct upr_ynode *v[P_N], *k[P_N];
	read_keys(L, n, keys, P_N, v, k);

	size_t idx = L->nspeakers;
	struct upr_speaker s = { 0 };
	s.loc = loc_of(L, n);
	s.order = (int)idx;
	s.id = entity_id(L, n, v[P_ID], "speaker");
	s.organisation = entity_name(L, n, v[P_ORGANISATION], "organisation", "speaker");
	s.kind = UPR_KIND_CSO;
	if (v[P_KIND]) {
		const char *t = scalar(L, v[P_KIND], "kind", &F_STRING, false);
		size_t i = 0;
		while (t && i < 3 && strcmp(t, upr_kind_names[i]) != 0)
			i++;
		if (t && i < 3) {
			s.kind = (enum upr_kind)i;
		} else if (t) {
			char q[UPR_QUOTE_MAX];
			struct upr_loc loc = loc_of(L, v[P_KIND]);
			upr_error(L->d, &loc, "'kind' must be 'nhri', 'cso' or 'coalition', got %s",
				  upr_quote(q, t, v[P_KIND]->n));
		}
	}
	if (v[P_STATES]) {
		s.nstates = get_refs(L, v[P_STATES], "states", UPR_REF_SPEAKER_STATE, idx, 0,
				     &s.states);
		if (s.nstates == 0 && v[P_STATES]->kind != UPR_Y_MAP)
			must_not_be_empty(L, v[P_STATES], "states");
	} else {
		missing(L, n, "states", "speaker");
	}
	s.language = UPR_LANG_EN;
	if (v[P_LANGUAGE])
		get_lang(L, v[P_LANGUAGE], "language", false, &s.language);
	get_bool(L, v[P_REMOTE], "remote", &s.remote);
	if (v[P_AVAILABLE]) {
		s.has_available = true;
		get_times(L, v[P_AVAILABLE], "available", false, &s.available);
	}
	if (v[P_UNAVAILABLE])
		get_times(L, v[P_UNAVAILABLE], "unavailable", true, &s.unavailable);
	s.priority = s.kind == UPR_KIND_NHRI ? 9 : 5;
	get_int_field(L, v[P_PRIORITY], "priority", &F_INT, 0, 9, &s.priority);
	if (v[P_APPLIED])
		s.has_applied = get_datetime(L, v[P_APPLIED], "applied", &s.applied);

	struct upr_speaker *sp = grow(L, L->speakers, L->nspeakers, &L->capspeakers, sizeof(*sp));
	if (!sp)
		return;
	L->speakers = sp;
	L->nspeakers++;
	sp[idx] = s;
	int old = s.id ? register_id(L, &L->p->speaker_ids, s.id, idx) : -1;
	if (old >= 0)
		duplicate_id(L, v[P_ID], s.id, &sp[old].loc);
	else if (s.id)
		check_file_id(L, &L->speaker_files, v[P_ID], s.id, idx, "speakers",
			      speaker_id, speaker_loc);
}

static void build_delegation(struct upr_loader *L, const struct upr_ynode *n)
{
	if (!is_entry(L, n, "delegations") ||
	    !entity_fits(L, L->ndelegations, n, "delegations", 8))
		return;
	enum { D_ID, D_NAME, D_STATE, D_FOLLOWS, D_N };
	static const char *const keys[D_N] = { "id", "name", "state", "follows" };
	const struct upr_ynode *v[D_N], *k[D_N];
	read_keys(L, n, keys, D_N, v, k);

	size_t idx = L->ndelegations;
	struct upr_delegation g = { 0 };
	g.loc = loc_of(L, n);
	g.state = -1;
	g.id = entity_id(L, n, v[D_ID], "delegation");
	g.name = entity_name(L, n, v[D_NAME], "name", "delegation");
	if (v[D_STATE])
		g.state_id = get_id(L, v[D_STATE], "state");
	/* One spare slot: resolve.c adds the delegation's own State. */
	if (v[D_FOLLOWS])
		g.nfollows = get_refs(L, v[D_FOLLOWS], "follows", UPR_REF_FOLLOW, idx, 1,
				      &g.follows);
	else
		g.follows = alloc(L, 1, sizeof(*g.follows));

	struct upr_delegation *dg = grow(L, L->delegations, L->ndelegations,
					 &L->capdelegations, sizeof(*dg));
	if (!dg)
		return;
	L->delegations = dg;
	L->ndelegations++;
	dg[idx] = g;
	int old = g.id ? register_id(L, &L->p->delegation_ids, g.id, idx) : -1;
	if (old >= 0)
		duplicate_id(L, v[D_ID], g.id, &dg[old].loc);
	else if (g.id)
		check_file_id(L, &L->delegation_files, v[D_ID], g.id, idx, "delegations",
			      delegation_id, delegation_loc);
}

/* ---- a file ---- */

static void build_list(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		       void (*build)(struct upr_loader *, const struct upr_ynode *))
{
	const struct upr_ynode *items;
	size_t count;
	if (!n)
		return;
	if (!items_of(L, n, label, &items, &count)) {
		L->incomplete = true;
		return;
	}
	for (size_t i = 0; i < count && !L->oom; i++)
		build(L, &items[i]);
}

void upr_loader_build_file(struct upr_loader *L, const struct upr_ydoc *doc)
{
	L->doc = doc;
	const struct upr_ynode *root = &doc->root;
	enum { T_EVENT, T_ROOMS, T_STATES, T_SPEAKERS, T_DELEGATIONS, T_N };
	static const char *const keys[T_N] = {
		"event", "rooms", "states", "speakers", "delegations",
	};
	if (root->kind == UPR_Y_MAP) {
		const struct upr_ynode *v[T_N], *k[T_N];
		read_keys(L, root, keys, T_N, v, k);
		if (v[T_EVENT])
			build_event(L, k[T_EVENT], v[T_EVENT]);
		build_list(L, v[T_ROOMS], "rooms", build_room);
		build_list(L, v[T_STATES], "states", build_state);
		build_list(L, v[T_SPEAKERS], "speakers", build_speaker);
		build_list(L, v[T_DELEGATIONS], "delegations", build_delegation);
	} else {
		/* Nothing of this file can be used: like a syntax error, it
		 * stops the checks that span files. */
		L->incomplete = true;
		if (root->kind != UPR_Y_BAD) {
			char got[UPR_QUOTE_MAX];
			struct upr_loc loc = loc_of(L, root);
			upr_error(L->d, &loc,
				  "top level must be a mapping of 'event', 'rooms', 'states', "
				  "'speakers' and 'delegations', got %s", describe(root, got));
		}
	}
	L->doc = NULL;
}
