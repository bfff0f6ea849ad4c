/*
 * build.c - one file's tree to entities: every key of
 * docs/reference.md#input-files with its type, range and default.  The
 * typed readers here are shared with event.c (declared in build.h).
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

/* Sanity bound against absurd values (docs/input-decisions.md); the others
 * are in build.h. */
#define MAX_CAPACITY 1000000

/* How a form is named in "'KEY' must be ONE" and "'KEY' must hold MANY". */
static const struct upr_ld_form F_STRING = { "a string", "strings" };
static const struct upr_ld_form F_ID = { "an id", "ids" };
const struct upr_ld_form UPR_LD_F_INT = { "an integer", "integers" };
const struct upr_ld_form UPR_LD_F_MINUTES = { "a number of minutes", "numbers of minutes" };
static const struct upr_ld_form F_BOOL = { "true or false", "true or false" };
static const struct upr_ld_form F_MAPPING = { "a mapping", "mappings" };
static const struct upr_ld_form F_DATE = { "a date like '2017-12-12'", "dates like '2017-12-12'" };
const struct upr_ld_form UPR_LD_F_WINDOW = { "a window like '10:00-13:00'",
				      "windows like '10:00-13:00'" };
static const struct upr_ld_form F_DATED = {
	"a date or a dated window like '2017-12-12 10:00-13:00'",
	"dates or dated windows like '2017-12-12 10:00-13:00'",
};
static const struct upr_ld_form F_DATETIME = { "a date and time like '2017-12-12 10:00'",
					"dates and times like '2017-12-12 10:00'" };
static const struct upr_ld_form F_LANG = { "an ISO 639-1 code like 'en'",
				    "ISO 639-1 codes like 'en'" };

/* ---- reporting ---- */

struct upr_loc upr_ld_loc_of(const struct upr_loader *L, const struct upr_ynode *n)
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
		       const char *label, const struct upr_ld_form *f, bool many)
{
	if (n->kind == UPR_Y_BAD)
		return;	/* already reported where the tree was read */
	char got[UPR_QUOTE_MAX];
	struct upr_loc loc = upr_ld_loc_of(L, n);
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
void *upr_ld_alloc(struct upr_loader *L, size_t n, size_t size)
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
const char *upr_ld_copy_str(struct upr_loader *L, const char *s)
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
	struct upr_loc loc = upr_ld_loc_of(L, k);
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
void upr_ld_read_keys(struct upr_loader *L, const struct upr_ynode *map,
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
			struct upr_loc loc = upr_ld_loc_of(L, k);
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
			struct upr_loc loc = upr_ld_loc_of(L, k), first = upr_ld_loc_of(L, at[j]);
			upr_error(L->d, &loc, "key '%s' is already given at %s:%d:%d",
				  keys[j], first.file, first.line, first.col);
			continue;
		}
		at[j] = k;
		vals[j] = &map->u.items[i + 1];
	}
}

void upr_ld_missing(struct upr_loader *L, const struct upr_ynode *map,
		    const char *key, const char *in)
{
	struct upr_loc loc = upr_ld_loc_of(L, map);
	upr_error(L->d, &loc, "missing required key '%s' in %s", key, in);
}

/* Is n a mapping?  Reports it when not. */
bool upr_ld_is_map(struct upr_loader *L, const struct upr_ynode *n, const char *label,
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
	if (upr_ld_is_map(L, n, label, true))
		return true;
	L->incomplete = true;
	return false;
}

/* ---- scalars ---- */

/* The text of a scalar, or NULL after reporting. */
const char *upr_ld_scalar(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label, const struct upr_ld_form *f, bool many)
{
	if (n->kind == UPR_Y_SCALAR)
		return n->u.text;
	wrong_type(L, n, label, f, many);
	return NULL;
}

/* A non-empty string copied into the problem's arena, or NULL after
 * reporting. */
const char *upr_ld_get_string(struct upr_loader *L, const struct upr_ynode *n,
			      const char *label)
{
	const char *s = upr_ld_scalar(L, n, label, &F_STRING, false);
	if (!s)
		return NULL;
	if (!*s) {
		struct upr_loc loc = upr_ld_loc_of(L, n);
		upr_error(L->d, &loc, "'%s' must not be empty", label);
		return NULL;
	}
	return upr_ld_copy_str(L, s);
}

/* An id, copied into the problem's arena.  One that breaks the id rule is
 * reported but still returned, so that the entity keeps its name for
 * references. */
const char *upr_ld_get_id(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label)
{
	const char *s = upr_ld_scalar(L, n, label, &F_ID, false);
	if (!s)
		return NULL;
	if (!upr_id_valid(s)) {
		char q[UPR_QUOTE_MAX];
		struct upr_loc loc = upr_ld_loc_of(L, n);
		upr_error(L->d, &loc,
			  "id %s is not valid: use 1-64 letters, digits, '.', '_' or '-', "
			  "starting with a letter or digit", upr_quote(q, s, n->n));
		if (!*s)
			return NULL;
	}
	return upr_ld_copy_str(L, s);
}

bool upr_ld_get_int(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		    const struct upr_ld_form *f, int64_t min, int64_t max, int64_t *out)
{
	const char *s = upr_ld_scalar(L, n, label, f, false);
	if (!s)
		return false;
	int64_t v;
	if (upr_parse_int(s, &v) != UPR_V_OK) {
		wrong_type(L, n, label, f, false);
		return false;
	}
	if (v < min || v > max) {
		char q[UPR_QUOTE_MAX];
		struct upr_loc loc = upr_ld_loc_of(L, n);
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
void upr_ld_get_int_field(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label, const struct upr_ld_form *f, int min, int max,
			  int *out)
{
	int64_t v;
	if (n && upr_ld_get_int(L, n, label, f, min, max, &v))
		*out = (int)v;
}

void upr_ld_get_bool(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool *out)
{
	if (!n)
		return;
	const char *s = upr_ld_scalar(L, n, label, &F_BOOL, false);
	if (s && upr_parse_bool(s, out) != UPR_V_OK)
		wrong_type(L, n, label, &F_BOOL, false);
}

/* Reports the verdict of a value parser on n; true when the value is good. */
bool upr_ld_report_value(struct upr_loader *L, const struct upr_ynode *n,
			 const char *label, const struct upr_ld_form *f, bool many,
			 enum upr_vstatus st, const char *msg)
{
	if (st == UPR_V_FORM) {
		wrong_type(L, n, label, f, many);
		return false;
	}
	if (st == UPR_V_BAD) {
		struct upr_loc loc = upr_ld_loc_of(L, n);
		upr_error(L->d, &loc, "%s", msg);
		return false;
	}
	return true;
}

bool upr_ld_get_date(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool many, int64_t *day)
{
	const char *s = upr_ld_scalar(L, n, label, &F_DATE, many);
	if (!s)
		return false;
	char msg[160];
	return upr_ld_report_value(L, n, label, &F_DATE, many,
			    upr_parse_date(s, day, msg, sizeof(msg)), msg);
}

static bool get_datetime(struct upr_loader *L, const struct upr_ynode *n,
			 const char *label, int64_t *t)
{
	const char *s = upr_ld_scalar(L, n, label, &F_DATETIME, false);
	if (!s)
		return false;
	char msg[160];
	return upr_ld_report_value(L, n, label, &F_DATETIME, false,
			    upr_parse_datetime(s, t, msg, sizeof(msg)), msg);
}

static bool get_lang(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool many, upr_lang *out)
{
	const char *s = upr_ld_scalar(L, n, label, &F_LANG, many);
	if (!s)
		return false;
	char msg[160];
	return upr_ld_report_value(L, n, label, &F_LANG, many,
			    upr_parse_lang(s, out, msg, sizeof(msg)), msg);
}

/* ---- lists ---- */

/*
 * The items of a list value.  A scalar stands for a one-element list and
 * nothing (an empty value) for an empty one; a mapping is reported.
 */
bool upr_ld_items_of(struct upr_loader *L, const struct upr_ynode *n, const char *label,
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
		struct upr_loc loc = upr_ld_loc_of(L, n);
		upr_error(L->d, &loc, "'%s' must be a list, got a mapping", label);
		return false;
	}
	default:
		*items = n;
		*count = 1;
		return true;
	}
}

void upr_ld_must_not_be_empty(struct upr_loader *L, const struct upr_ynode *n,
			      const char *label)
{
	struct upr_loc loc = upr_ld_loc_of(L, n);
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
	if (!upr_ld_items_of(L, n, label, &items, &count))
		return;
	if (count == 0) {
		if (!allow_empty)
			upr_ld_must_not_be_empty(L, n, label);
		return;
	}
	struct upr_interval *v = upr_ld_alloc(L, count, sizeof(*v));
	if (!v)
		return;
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		const struct upr_ynode *it = &items[i];
		const char *s = upr_ld_scalar(L, it, label, &F_DATED, true);
		if (!s)
			continue;
		char msg[160];
		if (upr_ld_report_value(L, it, label, &F_DATED, true,
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
	if (!upr_ld_items_of(L, n, label, &items, &count))
		return;
	if (count == 0) {
		upr_ld_must_not_be_empty(L, n, label);
		return;
	}
	upr_lang *v = upr_ld_alloc(L, count, sizeof(*v));
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
	const char *id = upr_ld_copy_str(L, n->u.text);
	if (!id)
		return;
	r[L->nrefs].kind = kind;
	r[L->nrefs].owner = owner;
	r[L->nrefs].pos = pos;
	r[L->nrefs].id = id;
	r[L->nrefs].loc = upr_ld_loc_of(L, n);
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
	if (!upr_ld_items_of(L, n, label, &items, &count) || count + extra == 0)
		return 0;
	int *v = upr_ld_alloc(L, count + extra, sizeof(*v));
	if (!v)
		return 0;
	for (size_t i = 0; i < count + extra; i++)
		v[i] = -1;
	for (size_t i = 0; i < count; i++)
		if (upr_ld_scalar(L, &items[i], label, &F_ID, true))
			add_ref(L, kind, owner, i, &items[i]);
	*out = v;
	return count;
}

static void duplicate_id(struct upr_loader *L, const struct upr_ynode *idnode,
			 const char *id, const struct upr_loc *first)
{
	char q[UPR_QUOTE_MAX];
	struct upr_loc loc = upr_ld_loc_of(L, idnode);
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
	struct upr_loc loc = upr_ld_loc_of(L, idnode);
	if (upr_id_is_device_name(id))
		upr_error(L->d, &loc, "id %s is a device name on Windows, where its calendar "
			  "%s/%s.ics cannot be written", upr_quote(q, id, strlen(id)), dir, id);
	char folded[UPR_ID_MAX + 1];
	upr_id_fold(id, folded);
	int old = upr_strmap_get(files, folded);
	if (old < 0) {
		const char *key = upr_ld_copy_str(L, folded);
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
		struct upr_loc loc = upr_ld_loc_of(L, at);
		upr_error(L->d, &loc, "more than %d %s", UPR_MAX_ENTITIES, what);
		L->full |= bit;
	}
	return false;
}

/* ---- entities (the event is read in event.c) ---- */

/* The id of an entity, or NULL (reported) when missing or unusable. */
static const char *entity_id(struct upr_loader *L, const struct upr_ynode *map,
			     const struct upr_ynode *v, const char *what)
{
	const char *id = NULL;
	if (!v)
		upr_ld_missing(L, map, "id", what);
	else
		id = upr_ld_get_id(L, v, "id");
	/* Nothing can refer to an entity without an id. */
	if (!id)
		L->incomplete = true;
	return id;
}

static const char *entity_name(struct upr_loader *L, const struct upr_ynode *map,
			       const struct upr_ynode *v, const char *key, const char *what)
{
	if (!v) {
		upr_ld_missing(L, map, key, what);
		return NULL;
	}
	return upr_ld_get_string(L, v, key);
}

static void build_room(struct upr_loader *L, const struct upr_ynode *n)
{
	if (!is_entry(L, n, "rooms") || !entity_fits(L, L->nrooms, n, "rooms", 1))
		return;
	enum { R_ID, R_NAME, R_CAPACITY, R_LANGUAGES, R_VIDEO, R_VIDEO_LINK, R_AVAILABLE, R_N };
	static const char *const keys[R_N] = {
		"id", "name", "capacity", "languages", "video", "video_link", "available",
	};
	const struct upr_ynode *v[R_N], *k[R_N];
	upr_ld_read_keys(L, n, keys, R_N, v, k);

	struct upr_room r = { 0 };
	r.loc = upr_ld_loc_of(L, n);
	r.id = entity_id(L, n, v[R_ID], "room");
	r.name = v[R_NAME] ? upr_ld_get_string(L, v[R_NAME], "name") : r.id;
	r.capacity = -1;
	upr_ld_get_int_field(L, v[R_CAPACITY], "capacity", &UPR_LD_F_INT, 1, MAX_CAPACITY, &r.capacity);
	if (v[R_LANGUAGES]) {
		get_langs(L, v[R_LANGUAGES], "languages", &r.languages, &r.nlanguages);
	} else {
		r.languages = upr_ld_alloc(L, 1, sizeof(*r.languages));
		if (r.languages) {
			r.languages[0] = UPR_LANG_EN;
			r.nlanguages = 1;
		}
	}
	upr_ld_get_bool(L, v[R_VIDEO], "video", &r.video);
	if (v[R_VIDEO_LINK])
		r.video_link = upr_ld_get_url(L, v[R_VIDEO_LINK], "video_link");
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
	upr_ld_read_keys(L, n, keys, S_N, v, k);

	size_t idx = L->nstates;
	struct upr_state s = { 0 };
	s.loc = upr_ld_loc_of(L, n);
	s.room = -1;
	s.nhri = -1;
	s.id = entity_id(L, n, v[S_ID], "state");
	s.name = entity_name(L, n, v[S_NAME], "name", "state");
	if (v[S_REVIEW]) {
		s.review_loc = upr_ld_loc_of(L, v[S_REVIEW]);
		s.has_review = get_datetime(L, v[S_REVIEW], "review", &s.review);
	}
	if (v[S_PREFER])
		get_times(L, v[S_PREFER], "prefer", true, &s.prefer);
	if (v[S_UNAVAILABLE])
		get_times(L, v[S_UNAVAILABLE], "unavailable", true, &s.unavailable);
	if (v[S_ROOM]) {
		s.room_loc = upr_ld_loc_of(L, v[S_ROOM]);
		if (upr_ld_scalar(L, v[S_ROOM], "room", &F_ID, false))
			add_ref(L, UPR_REF_STATE_ROOM, idx, 0, v[S_ROOM]);
	}
	if (v[S_START]) {
		s.start_loc = upr_ld_loc_of(L, v[S_START]);
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
	enum { P_ID, P_ORGANISATION, P_KIND, P_STATES, P_LANGUAGE, P_REMOTE, P_VIDEO_LINK,
	       P_CONTACT, P_AVAILABLE, P_UNAVAILABLE, P_PRIORITY, P_APPLIED, P_N };
	static const char *const keys[P_N] = {
		"id", "organisation", "kind", "states", "language", "remote", "video_link",
		"contact", "available", "unavailable", "priority", "applied",
	};
	const struct upr_ynode *v[P_N], *k[P_N];
	upr_ld_read_keys(L, n, keys, P_N, v, k);

	size_t idx = L->nspeakers;
	struct upr_speaker s = { 0 };
	s.loc = upr_ld_loc_of(L, n);
	s.order = (int)idx;
	s.id = entity_id(L, n, v[P_ID], "speaker");
	s.organisation = entity_name(L, n, v[P_ORGANISATION], "organisation", "speaker");
	s.kind = UPR_KIND_CSO;
	if (v[P_KIND]) {
		const char *t = upr_ld_scalar(L, v[P_KIND], "kind", &F_STRING, false);
		size_t i = 0;
		while (t && i < 3 && strcmp(t, upr_kind_names[i]) != 0)
			i++;
		if (t && i < 3) {
			s.kind = (enum upr_kind)i;
		} else if (t) {
			char q[UPR_QUOTE_MAX];
			struct upr_loc loc = upr_ld_loc_of(L, v[P_KIND]);
			upr_error(L->d, &loc, "'kind' must be 'nhri', 'cso' or 'coalition', got %s",
				  upr_quote(q, t, v[P_KIND]->n));
		}
	}
	if (v[P_STATES]) {
		s.nstates = get_refs(L, v[P_STATES], "states", UPR_REF_SPEAKER_STATE, idx, 0,
				     &s.states);
		if (s.nstates == 0 && v[P_STATES]->kind != UPR_Y_MAP)
			upr_ld_must_not_be_empty(L, v[P_STATES], "states");
	} else {
		upr_ld_missing(L, n, "states", "speaker");
	}
	s.language = UPR_LANG_EN;
	if (v[P_LANGUAGE])
		get_lang(L, v[P_LANGUAGE], "language", false, &s.language);
	upr_ld_get_bool(L, v[P_REMOTE], "remote", &s.remote);
	if (v[P_VIDEO_LINK])
		s.video_link = upr_ld_get_url(L, v[P_VIDEO_LINK], "video_link");
	if (v[P_CONTACT])
		upr_ld_get_contact(L, v[P_CONTACT], &s.contact_name, &s.contact_email);
	if (v[P_AVAILABLE]) {
		s.has_available = true;
		get_times(L, v[P_AVAILABLE], "available", false, &s.available);
	}
	if (v[P_UNAVAILABLE])
		get_times(L, v[P_UNAVAILABLE], "unavailable", true, &s.unavailable);
	s.priority = s.kind == UPR_KIND_NHRI ? 9 : 5;
	upr_ld_get_int_field(L, v[P_PRIORITY], "priority", &UPR_LD_F_INT, 0, 9, &s.priority);
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
	upr_ld_read_keys(L, n, keys, D_N, v, k);

	size_t idx = L->ndelegations;
	struct upr_delegation g = { 0 };
	g.loc = upr_ld_loc_of(L, n);
	g.state = -1;
	g.id = entity_id(L, n, v[D_ID], "delegation");
	g.name = entity_name(L, n, v[D_NAME], "name", "delegation");
	if (v[D_STATE])
		g.state_id = upr_ld_get_id(L, v[D_STATE], "state");
	/* One spare slot: resolve.c adds the delegation's own State. */
	if (v[D_FOLLOWS])
		g.nfollows = get_refs(L, v[D_FOLLOWS], "follows", UPR_REF_FOLLOW, idx, 1,
				      &g.follows);
	else
		g.follows = upr_ld_alloc(L, 1, sizeof(*g.follows));

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
	if (!upr_ld_items_of(L, n, label, &items, &count)) {
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
		upr_ld_read_keys(L, root, keys, T_N, v, k);
		if (v[T_EVENT])
			upr_ld_build_event(L, k[T_EVENT], v[T_EVENT]);
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
			struct upr_loc loc = upr_ld_loc_of(L, root);
			upr_error(L->d, &loc,
				  "top level must be a mapping of 'event', 'rooms', 'states', "
				  "'speakers' and 'delegations', got %s", describe(root, got));
		}
	}
	L->doc = NULL;
}
