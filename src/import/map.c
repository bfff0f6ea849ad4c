/*
 * map.c - the import map: which column of the form holds which speaker key.
 *
 *   input: .                      the round's input (event, States), from
 *                                 the map's folder; --input overrides it
 *   key: Submission ID            the column naming a submission (optional)
 *   columns:                      speaker key -> the column's header name
 *     id: Short name              or {from: organisation}: a slug of it
 *     organisation: Organisation
 *     states: State(s) under Review
 *     ...
 *   values:                       per key, the form's wording -> the value
 *     kind:
 *       National Human Rights Institution: nhri
 *
 * The file is read with the loader's YAML reader (load/ytree.h), so its
 * limits and locations are the input files'; every problem is reported.
 */
#include "import/import.h"

#include <errno.h>
#include <string.h>

#include "load/values.h"
#include "load/ytree.h"
#include "upr/upr.h"

const char *const upr_ikey_names[UPR_IK_COUNT] = {
	"id", "organisation", "kind", "states", "language", "remote",
	"available", "unavailable", "priority", "applied",
	"contact_name", "contact_email", "video_link",
};

static const char *const top_keys[] = { "input", "key", "columns", "values" };

static bool scalar(const struct upr_ynode *n)
{
	return n->kind == UPR_Y_SCALAR;
}

/* Reports an unknown key k of a mapping with keys names[0..n). */
static void unknown(struct upr_diags *d, const struct upr_ydoc *doc, const struct upr_ynode *k,
		    const char *const *names, size_t n)
{
	struct upr_loc loc = upr_ytree_loc(doc, k);
	const char *text = scalar(k) ? k->u.text : "";
	struct upr_suggest s;
	upr_suggest_init(&s, text);
	for (size_t i = 0; i < n; i++)
		upr_suggest_add(&s, names[i]);
	if (s.best)
		upr_error(d, &loc, "unknown key '%s' (did you mean '%s'?)", text, s.best);
	else
		upr_error(d, &loc, "unknown key '%s'", text);
}

static int key_index(const char *s)
{
	for (int i = 0; i < UPR_IK_COUNT; i++)
		if (strcmp(upr_ikey_names[i], s) == 0)
			return i;
	return -1;
}

static const char *text_of(struct upr_imap *m, const struct upr_ydoc *doc,
			   const struct upr_ynode *v, const char *what, struct upr_diags *d)
{
	struct upr_loc loc = upr_ytree_loc(doc, v);
	if (!scalar(v) || !v->u.text[0]) {
		upr_error(d, &loc, "%s must be a column's header name", what);
		return NULL;
	}
	return upr_arena_strdup(&m->arena, v->u.text);
}

static void read_columns(struct upr_imap *m, const struct upr_ydoc *doc,
			 const struct upr_ynode *v, struct upr_diags *d)
{
	struct upr_loc loc = upr_ytree_loc(doc, v);
	if (v->kind != UPR_Y_MAP) {
		upr_error(d, &loc, "'columns' must map speaker keys to column names");
		return;
	}
	for (uint32_t i = 0; i + 1 < v->n; i += 2) {
		const struct upr_ynode *k = &v->u.items[i], *x = &v->u.items[i + 1];
		int ik = scalar(k) ? key_index(k->u.text) : -1;
		if (ik < 0) {
			unknown(d, doc, k, upr_ikey_names, UPR_IK_COUNT);
			continue;
		}
		m->column_loc[ik] = upr_ytree_loc(doc, x);
		if (ik == UPR_IK_ID && x->kind == UPR_Y_MAP) {
			/* {from: organisation}: the only rule so far */
			bool ok = x->n == 2 && scalar(&x->u.items[0]) && scalar(&x->u.items[1]) &&
				  strcmp(x->u.items[0].u.text, "from") == 0 &&
				  strcmp(x->u.items[1].u.text, "organisation") == 0;
			if (!ok)
				upr_error(d, &m->column_loc[ik],
					  "'id' is a column's header name or {from: organisation}");
			m->id_from_organisation = ok;
			continue;
		}
		m->column[ik] = text_of(m, doc, x, "a column", d);
	}
	if (!m->column[UPR_IK_ORGANISATION])
		upr_error(d, &loc, "'columns' must name the column of 'organisation'");
	if (!m->column[UPR_IK_STATES])
		upr_error(d, &loc, "'columns' must name the column of 'states'");
	if (!m->column[UPR_IK_ID] && !m->id_from_organisation)
		m->id_from_organisation = true;	/* the default rule */
}

static void read_values(struct upr_imap *m, const struct upr_ydoc *doc,
			const struct upr_ynode *v, struct upr_diags *d)
{
	struct upr_loc loc = upr_ytree_loc(doc, v);
	if (v->kind != UPR_Y_MAP) {
		upr_error(d, &loc, "'values' must map speaker keys to value maps");
		return;
	}
	for (uint32_t i = 0; i + 1 < v->n; i += 2) {
		const struct upr_ynode *k = &v->u.items[i], *x = &v->u.items[i + 1];
		int ik = scalar(k) ? key_index(k->u.text) : -1;
		if (ik < 0 || ik == UPR_IK_ID || ik == UPR_IK_ORGANISATION) {
			static const char *const valued[] = { "kind", "states", "language",
							      "remote", "available",
							      "unavailable", "priority", "applied" };
			unknown(d, doc, k, valued, sizeof(valued) / sizeof(valued[0]));
			continue;
		}
		struct upr_loc xl = upr_ytree_loc(doc, x);
		if (x->kind != UPR_Y_MAP) {
			upr_error(d, &xl, "values of '%s' must map the form's wording to a value",
				  upr_ikey_names[ik]);
			continue;
		}
		m->values[ik] = upr_arena_alloc(&m->arena, (x->n / 2 + 1) * sizeof(struct upr_ivalue));
		if (!m->values[ik])
			return;
		for (uint32_t j = 0; j + 1 < x->n; j += 2) {
			const struct upr_ynode *from = &x->u.items[j], *to = &x->u.items[j + 1];
			struct upr_loc tl = upr_ytree_loc(doc, to);
			if (!scalar(from) || !scalar(to)) {
				upr_error(d, &tl, "a value map pairs the form's wording with one value");
				continue;
			}
			if (ik == UPR_IK_KIND && strcmp(to->u.text, "nhri") != 0 &&
			    strcmp(to->u.text, "cso") != 0 && strcmp(to->u.text, "coalition") != 0) {
				upr_error(d, &tl, "kind '%s' is not nhri, cso or coalition", to->u.text);
				continue;
			}
			bool b;
			if (ik == UPR_IK_REMOTE && upr_parse_bool(to->u.text, &b) != UPR_V_OK) {
				upr_error(d, &tl, "remote '%s' is not true or false", to->u.text);
				continue;
			}
			struct upr_ivalue *iv = &m->values[ik][m->nvalues[ik]++];
			iv->from = upr_arena_strdup(&m->arena, from->u.text);
			iv->to = upr_arena_strdup(&m->arena, to->u.text);
			iv->loc = tl;
		}
	}
}

/* dir of path (with its '/'), then rel; rel itself when absolute. */
static const char *resolve(struct upr_arena *a, const char *path, const char *rel)
{
	const char *slash = strrchr(path, '/');
	if (rel[0] == '/' || !slash)
		return upr_arena_strdup(a, rel);
	if (strcmp(rel, ".") == 0)
		return upr_arena_strndup(a, path, (size_t)(slash - path));
	return upr_arena_printf(a, "%.*s%s", (int)(slash - path + 1), path, rel);
}

int upr_imap_read(struct upr_imap *m, const char *path, struct upr_diags *d)
{
	memset(m, 0, sizeof(*m));
	upr_arena_init(&m->arena);
	m->file = upr_arena_strdup(&m->arena, path);
	if (!m->file) {
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	struct upr_loc floc = { m->file, 0, 0 };
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		upr_error(d, &floc, "cannot open: %s", strerror(errno));
		return -1;
	}
	size_t cap = 1024 * 1024, len;	/* a map is a few lines */
	char *buf = upr_malloc(cap + 1);
	len = buf ? fread(buf, 1, cap + 1, fp) : 0;
	fclose(fp);
	if (!buf || len > cap) {
		upr_error(d, &floc, buf ? "a map is at most 1 MB" : "out of memory");
		upr_free(buf);
		return -1;
	}
	size_t errors = d->errors;
	struct upr_ydoc doc;
	int rc = upr_ytree_parse(&doc, m->file, buf, len, d);
	upr_free(buf);
	if (rc == UPR_YAML_OK && doc.root.kind != UPR_Y_MAP) {
		struct upr_loc loc = upr_ytree_loc(&doc, &doc.root);
		upr_error(d, &loc, "a map is a mapping with 'columns' (and 'key', 'values', 'input')");
	} else if (rc == UPR_YAML_OK) {
		const struct upr_ynode *root = &doc.root, *columns = NULL;
		for (uint32_t i = 0; i + 1 < root->n; i += 2) {
			const struct upr_ynode *k = &root->u.items[i], *v = &root->u.items[i + 1];
			const char *name = scalar(k) ? k->u.text : "";
			if (strcmp(name, "input") == 0) {
				m->input_loc = upr_ytree_loc(&doc, v);
				const char *t = text_of(m, &doc, v, "'input', a folder or file,", d);
				m->input = t ? resolve(&m->arena, path, t) : NULL;
			} else if (strcmp(name, "key") == 0) {
				m->key_loc = upr_ytree_loc(&doc, v);
				m->key = text_of(m, &doc, v, "'key'", d);
			} else if (strcmp(name, "columns") == 0) {
				columns = v;
				read_columns(m, &doc, v, d);
			} else if (strcmp(name, "values") == 0) {
				read_values(m, &doc, v, d);
			} else {
				unknown(d, &doc, k, top_keys, sizeof(top_keys) / sizeof(top_keys[0]));
			}
		}
		if (!columns)
			upr_error(d, &floc, "the map has no 'columns'");
	}
	upr_ytree_release(&doc);
	if (m->arena.failed)
		upr_error(d, NULL, "out of memory");
	return d->errors > errors ? -1 : 0;
}

void upr_imap_release(struct upr_imap *m)
{
	upr_arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}
