/*
 * convert.c - rows of a form's export into speaker records.
 *
 * Each mapped cell is read by its key's rule, value maps first (the form's
 * own wording, compared folded: upr_iso_fold), then:
 *
 *   states       a State of the round by id, by its name in states.yaml, or
 *                by any ISO 3166 name or code (load/isocodes.h); a cell that
 *                is not one State is split at ',' ';' and newlines
 *   language     any ISO 639 name in English or French, or a code
 *   kind         nhri, cso or coalition
 *   remote       yes/no, true/false, oui/non
 *   priority     0-9
 *   available,   dates: "2017-12-12", "12 December", "12-13 December",
 *   unavailable  "12/12/2017", "December 12", each optionally followed by
 *                hours "09:30-11:00" (or "9h30-11h"); items split at ','
 *                ';' and newlines; weekday names ignored; a date without a
 *                year takes the year in which it is a day of the event
 *   applied      "2017-10-03 14:22[:05]", "...T14:22", "03/10/2017 14:22"
 *
 * Every problem of every row is reported before anything is written.  Ids:
 * a speaker whose key an earlier output names keeps that id; the others get
 * the slug of the id column or of the organisation, made unique with -2,
 * -3, ... in row order, so one export always gives the same ids.
 */
#include "import/import.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load/build.h"
#include "load/isocodes.h"
#include "load/values.h"
#include "upr/upr.h"

struct ctx {
	struct upr_iconvert *cv;
	struct upr_diags *d;
	long col[UPR_IK_COUNT];	/* header index of each key, -1 none */
	long keycol;
	struct upr_iso_names countries, languages;
	bool have_countries, have_languages;
};

static bool feq(const char *a, const char *b)
{
	char fa[UPR_NAME_MAX], fb[UPR_NAME_MAX];
	upr_iso_fold(a, fa, sizeof(fa));
	upr_iso_fold(b, fb, sizeof(fb));
	return strcmp(fa, fb) == 0;
}

/* The header index of column name, or -1 with an error at loc. */
static long find_column(const struct upr_csv *c, const char *name, const struct upr_loc *loc,
			struct upr_diags *d)
{
	for (size_t i = 0; i < c->ncols; i++)
		if (strcmp(c->header[i], name) == 0)
			return (long)i;
	for (size_t i = 0; i < c->ncols; i++)
		if (feq(c->header[i], name))
			return (long)i;
	struct upr_suggest s;
	upr_suggest_init(&s, name);
	for (size_t i = 0; i < c->ncols; i++)
		upr_suggest_add(&s, c->header[i]);
	if (s.best)
		upr_error(d, loc, "column '%s' is not in the header of %s (did you mean '%s'?)",
			  name, c->file, s.best);
	else
		upr_error(d, loc, "column '%s' is not in the header of %s", name, c->file);
	return -1;
}

int upr_imap_columns(const struct upr_imap *m, const struct upr_csv *c,
		     long col[UPR_IK_COUNT], long *keycol, struct upr_diags *d)
{
	size_t errors = d->errors;
	for (int k = 0; k < UPR_IK_COUNT; k++)
		col[k] = m->column[k] ? find_column(c, m->column[k], &m->column_loc[k], d) : -1;
	*keycol = m->key ? find_column(c, m->key, &m->key_loc, d) : -1;
	return d->errors > errors ? -1 : 0;
}

static const char *cell(const struct upr_csv_row *r, long col)
{
	return col >= 0 && (size_t)col < r->ncells ? r->cells[col] : "";
}

/* The value map's value for text, or NULL. */
static const char *mapped(struct ctx *x, enum upr_ikey k, const char *text)
{
	const struct upr_imap *m = x->cv->map;
	for (size_t i = 0; i < m->nvalues[k]; i++)
		if (feq(m->values[k][i].from, text))
			return m->values[k][i].to;
	return NULL;
}

struct cellref {
	struct ctx *x;
	const struct upr_csv_row *r;
	enum upr_ikey k;
	struct upr_loc loc;
	const char *head;	/* the column's header name */
};

__attribute__((format(printf, 2, 3)))
static void cerror(struct cellref *cr, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	upr_error(cr->x->d, &cr->loc, "%s: %s", cr->head, msg);
}

/* Up to UPR_NAME_MAX bytes of s on one line, for messages. */
static const char *shown(const char *s, char out[UPR_NAME_MAX])
{
	size_t k = 0;
	for (; *s && k + 1 < UPR_NAME_MAX; s++)
		out[k++] = (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s;
	/* not the first bytes of a character cut short */
	if (*s)
		while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
	if (*s && k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0xC0)
		k--;
	out[k] = '\0';
	return out;
}

/* ---- States ---- */

/* The State of the round that text names, or -1. */
static int state_of(struct ctx *x, const char *text)
{
	const struct upr_problem *p = x->cv->round;
	for (size_t i = 0; i < p->nstates; i++)
		if (strcmp(p->states[i].id, text) == 0)
			return (int)i;
	for (size_t i = 0; i < p->nstates; i++)
		if (feq(p->states[i].id, text) || feq(p->states[i].name, text))
			return (int)i;
	const char *code = x->have_countries ? upr_iso_lookup(&x->countries, text) : NULL;
	if (code) {
		for (size_t i = 0; i < p->nstates; i++)
			if (strcmp(p->states[i].id, code) == 0)
				return (int)i;
		/* the State's own name may be a name of that country */
		for (size_t i = 0; i < p->nstates; i++) {
			const char *c2 = upr_iso_lookup(&x->countries, p->states[i].name);
			if (c2 && strcmp(c2, code) == 0)
				return (int)i;
		}
	}
	return -1;
}

static void add_state(struct cellref *cr, struct upr_irecord *rec, int s)
{
	const char *id = cr->x->cv->round->states[s].id;
	for (size_t i = 0; i < rec->nstates; i++)
		if (rec->states[i] == id)
			return;	/* "each State once": a repeat adds nothing */
	rec->states[rec->nstates++] = id;
}

static void bad_state(struct cellref *cr, const char *text)
{
	struct ctx *x = cr->x;
	const struct upr_problem *p = x->cv->round;
	char q[UPR_NAME_MAX];
	shown(text, q);
	const char *code = x->have_countries ? upr_iso_lookup(&x->countries, text) : NULL;
	if (code) {
		cerror(cr, "State '%s' (%s) is not under review in this round", q, code);
		return;
	}
	struct upr_suggest s;
	upr_suggest_init(&s, text);
	for (size_t i = 0; i < p->nstates; i++)
		upr_suggest_add(&s, p->states[i].name);
	/* a longer name cut short ("Burkina") is a prefix, not a typo */
	char f[UPR_NAME_MAX], g[UPR_NAME_MAX];
	upr_iso_fold(text, f, sizeof(f));
	for (size_t i = 0; !s.best && f[0] && i < p->nstates; i++) {
		upr_iso_fold(p->states[i].name, g, sizeof(g));
		if (strncmp(g, f, strlen(f)) == 0)
			s.best = p->states[i].name;
	}
	if (s.best)
		cerror(cr, "unknown State '%s' (did you mean '%s'?)", q, s.best);
	else
		cerror(cr, "unknown State '%s'", q);
}

static void read_states(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	struct ctx *x = cr->x;
	size_t errors = x->d->errors;
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == ',' || *p == ';' || *p == '\n';
	rec->states = upr_arena_alloc(&x->cv->arena, cap * sizeof(*rec->states));
	if (!rec->states)
		return;
	const char *to = mapped(x, UPR_IK_STATES, text);
	int s = state_of(x, to ? to : text);
	if (s >= 0) {
		add_state(cr, rec, s);
		return;
	}
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, ",;\n");
		char *part = upr_arena_strndup(&x->cv->arena, p, n);
		p += n + (p[n] != '\0');
		if (!part)
			return;
		while (*part == ' ' || *part == '\t' || *part == '\r')
			part++;
		size_t l = strlen(part);
		while (l > 0 && (part[l - 1] == ' ' || part[l - 1] == '\t' || part[l - 1] == '\r'))
			part[--l] = '\0';
		if (!*part)
			continue;
		to = mapped(x, UPR_IK_STATES, part);
		s = state_of(x, to ? to : part);
		if (s >= 0)
			add_state(cr, rec, s);
		else
			bad_state(cr, part);
	}
	if (rec->nstates == 0 && x->d->errors == errors)
		cerror(cr, "no State in '%s'", text);
}

/* ---- language, kind, remote, priority ---- */

static void read_language(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	struct ctx *x = cr->x;
	const char *to = mapped(x, UPR_IK_LANGUAGE, text);
	const char *code = x->have_languages ? upr_iso_lookup(&x->languages, to ? to : text) : NULL;
	char q[UPR_NAME_MAX];
	if (code) {
		snprintf(rec->language, sizeof(rec->language), "%s", code);
		return;
	}
	if (!x->have_languages) {
		cerror(cr, "language '%s' cannot be looked up: iso-codes is not installed",
		       shown(text, q));
		return;
	}
	struct upr_suggest s;
	upr_suggest_init(&s, text);
	for (size_t i = 0; i < x->languages.n; i++)
		if (strlen(x->languages.v[i].folded) > 3)
			upr_suggest_add(&s, x->languages.v[i].name);
	if (s.best)
		cerror(cr, "unknown language '%s' (did you mean '%s'?)", shown(text, q), s.best);
	else
		cerror(cr, "unknown language '%s'", shown(text, q));
}

static void read_kind(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	const char *to = mapped(cr->x, UPR_IK_KIND, text);
	for (size_t i = 0; i < 3; i++)
		if (feq(to ? to : text, upr_kind_names[i])) {
			rec->kind = upr_kind_names[i];
			return;
		}
	char q[UPR_NAME_MAX];
	cerror(cr, "kind '%s' is not nhri, cso or coalition: add it to the map's values.kind",
	       shown(text, q));
}

static void read_remote(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	const char *to = mapped(cr->x, UPR_IK_REMOTE, text);
	bool b;
	if (upr_parse_bool(to ? to : text, &b) == UPR_V_OK) {
		rec->remote = b;
		return;
	}
	if (feq(text, "oui") || feq(text, "non")) {
		rec->remote = feq(text, "oui");
		return;
	}
	char q[UPR_NAME_MAX];
	cerror(cr, "remote '%s' is not yes or no: add it to the map's values.remote",
	       shown(text, q));
}

static void read_priority(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	const char *to = mapped(cr->x, UPR_IK_PRIORITY, text);
	int64_t v;
	if (upr_parse_int(to ? to : text, &v) == UPR_V_OK && v >= 0 && v <= 9) {
		rec->priority = (int)v;
		return;
	}
	char q[UPR_NAME_MAX];
	cerror(cr, "priority '%s' is not a whole number 0-9", shown(text, q));
}

/* A contact's name: one line, without the characters an address's display
 * name cannot hold unquoted (the loader's rule, src/load/contact.c). */
static void read_contact_name(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	char q[UPR_NAME_MAX];
	if (strpbrk(text, "<>\"\n\r")) {
		cerror(cr, "contact name '%s' holds a line break, '<', '>' or '\"'", shown(text, q));
		return;
	}
	rec->contact_name = text;
}

static void read_contact_email(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	char q[UPR_NAME_MAX];
	if (!upr_ld_email_valid(text, strlen(text))) {
		cerror(cr, "e-mail '%s' is not an address like name@example.org", shown(text, q));
		return;
	}
	rec->contact_email = text;
}

static void read_video_link(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	char q[UPR_NAME_MAX];
	if (!upr_ld_url_valid(text, strlen(text))) {
		cerror(cr, "video link '%s' is not an http:// or https:// address", shown(text, q));
		return;
	}
	rec->video_link = text;
}

/* ---- dates ---- */

static void read_days(struct cellref *cr, const char *text, const char ***out, size_t *n)
{
	const char *to = mapped(cr->x, cr->k, text);
	char msg[256];
	if (to && !*to)
		return;	/* the form's "any day": all days */
	if (upr_idates_parse(&cr->x->cv->round->event, to ? to : text, &cr->x->cv->arena, out, n,
			     msg, sizeof(msg)) != 0)
		cerror(cr, "%s", msg);
}

static void read_applied(struct cellref *cr, struct upr_irecord *rec, const char *text)
{
	char msg[256];
	rec->applied = upr_idatetime_parse(text, &cr->x->cv->arena, msg, sizeof(msg));
	if (!rec->applied)
		cerror(cr, "%s", msg);
}

/* ---- rows ---- */

/* The key cell on one line, blanks collapsed; NULL when empty. */
static const char *key_text(struct upr_arena *a, const char *s)
{
	char *k = upr_arena_strdup(a, s), *o = k;
	if (!k)
		return NULL;
	bool blank = true;
	for (const char *p = s; *p; p++) {
		bool b = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
		if (!b)
			*o++ = *p;
		else if (!blank)
			*o++ = ' ';
		blank = b;
	}
	while (o > k && o[-1] == ' ')
		o--;
	*o = '\0';
	return *k ? k : NULL;
}

static void read_row(struct ctx *x, const struct upr_csv_row *r, struct upr_irecord *rec)
{
	const struct upr_csv *c = x->cv->csv;
	memset(rec, 0, sizeof(*rec));
	rec->row = r->row;
	rec->remote = rec->priority = -1;
	for (size_t i = c->ncols; i < r->ncells; i++)
		if (r->cells[i][0]) {
			struct upr_loc loc = upr_csv_loc(c, r->row, i);
			upr_error(x->d, &loc, "a cell beyond the last named column");
			break;
		}
	for (int k = 0; k < UPR_IK_COUNT; k++) {
		if (x->col[k] < 0)
			continue;
		struct cellref cr = { x, r, (enum upr_ikey)k,
				      upr_csv_loc(c, r->row, (size_t)x->col[k]),
				      c->header[x->col[k]] };
		const char *text = cell(r, x->col[k]);
		if (strlen(text) > UPR_MAX_STRING_BYTES) {
			cerror(&cr, "more than %d bytes (docs/reference.md#limits)",
			       UPR_MAX_STRING_BYTES);
			continue;
		}
		if (!*text) {
			if (k == UPR_IK_ORGANISATION || k == UPR_IK_STATES)
				cerror(&cr, "empty: every application names its %s",
				       k == UPR_IK_STATES ? "States" : "organisation");
			continue;
		}
		switch ((enum upr_ikey)k) {
		case UPR_IK_ID:
			rec->id = text;	/* slugged in assign_ids */
			break;
		case UPR_IK_ORGANISATION:
			rec->organisation = key_text(&x->cv->arena, text);
			break;
		case UPR_IK_KIND: read_kind(&cr, rec, text); break;
		case UPR_IK_STATES: read_states(&cr, rec, text); break;
		case UPR_IK_LANGUAGE: read_language(&cr, rec, text); break;
		case UPR_IK_REMOTE: read_remote(&cr, rec, text); break;
		case UPR_IK_PRIORITY: read_priority(&cr, rec, text); break;
		case UPR_IK_AVAILABLE:
			read_days(&cr, text, &rec->available, &rec->navailable);
			break;
		case UPR_IK_UNAVAILABLE:
			read_days(&cr, text, &rec->unavailable, &rec->nunavailable);
			break;
		case UPR_IK_APPLIED: read_applied(&cr, rec, text); break;
		case UPR_IK_CONTACT_NAME: read_contact_name(&cr, rec, text); break;
		case UPR_IK_CONTACT_EMAIL: read_contact_email(&cr, rec, text); break;
		case UPR_IK_VIDEO_LINK: read_video_link(&cr, rec, text); break;
		case UPR_IK_COUNT: break;
		}
	}
	rec->key = key_text(&x->cv->arena, x->keycol >= 0 ? cell(r, x->keycol)
							 : rec->organisation ? rec->organisation : "");
	if (x->keycol >= 0 && !rec->key) {
		struct upr_loc loc = upr_csv_loc(c, r->row, (size_t)x->keycol);
		upr_error(x->d, &loc, "%s: empty: the key column names every submission",
			  c->header[x->keycol]);
	}
}

static bool key_eq(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/* Later submissions of one key replace earlier ones (--keep-latest), or
 * each repeat is an error. */
static void duplicates(struct ctx *x)
{
	struct upr_iconvert *cv = x->cv;
	const char *what = x->keycol >= 0 ? cv->csv->header[x->keycol] : "organisation";
	long col = x->keycol >= 0 ? x->keycol : x->col[UPR_IK_ORGANISATION];
	for (size_t i = 0; i < cv->nrecs; i++) {
		for (size_t j = i + 1; j < cv->nrecs && cv->recs[i].key; j++) {
			if (!key_eq(cv->recs[i].key, cv->recs[j].key))
				continue;
			struct upr_loc loc = upr_csv_loc(cv->csv, cv->recs[j].row, (size_t)col);
			if (cv->keep_latest) {
				cv->recs[i].dropped = true;
				upr_note(x->d, &loc, "%s: '%s' submitted again: row %d replaces row %d",
					 what, cv->recs[j].key, cv->recs[j].row, cv->recs[i].row);
			} else {
				upr_error(x->d, &loc, "%s: duplicate submission '%s' (also row %d); "
					  "keep the latest with --keep-latest",
					  what, cv->recs[j].key, cv->recs[i].row);
			}
			break;	/* the next one reports j's own repeats */
		}
	}
}

/* Is id (ignoring case) an earlier output's, a kept one's, or one given
 * to a record before i? */
static bool id_taken(struct upr_iconvert *cv, size_t i, const char *id)
{
	char a[UPR_ID_MAX + 1], b[UPR_ID_MAX + 1];
	upr_id_fold(id, a);
	for (size_t j = 0; j < cv->nrecs; j++) {
		const struct upr_irecord *r = &cv->recs[j];
		if (r->dropped || !(r->kept || j < i))
			continue;
		upr_id_fold(r->id, b);
		if (strcmp(a, b) == 0)
			return true;
	}
	/* an id an earlier output gave stays that speaker's, even once it is
	 * gone: its published calendar is not handed to another */
	for (size_t k = 0; cv->earlier && k < cv->earlier->n; k++) {
		upr_id_fold(cv->earlier->ids[k], b);
		if (strcmp(a, b) == 0)
			return true;
	}
	return false;
}

static void assign_ids(struct ctx *x)
{
	struct upr_iconvert *cv = x->cv;
	const struct upr_ikeys *e = cv->earlier;
	/* first the ids an earlier output gives, then the new ones in row order */
	for (size_t i = 0; i < cv->nrecs; i++) {
		struct upr_irecord *r = &cv->recs[i];
		for (size_t k = 0; e && r->key && k < e->n && !r->kept; k++)
			if (key_eq(e->keys[k], r->key)) {
				r->id = e->ids[k];
				r->kept = true;
			}
	}
	for (size_t i = 0; i < cv->nrecs; i++) {
		struct upr_irecord *r = &cv->recs[i];
		if (r->kept || r->dropped)
			continue;
		char slug[UPR_ID_MAX + 1];
		upr_islug(r->id ? r->id : "", slug, 40);
		if (!slug[0])
			upr_islug(r->organisation ? r->organisation : "", slug, 40);
		if (!slug[0])
			snprintf(slug, sizeof(slug), "speaker");
		char id[UPR_ID_MAX + 16];	/* slug (<= 40) and "-N" */
		snprintf(id, sizeof(id), "%s", slug);
		for (int n = 2; id_taken(cv, i, id) || upr_id_is_device_name(id); n++)
			snprintf(id, sizeof(id), "%s-%d", slug, n);
		r->id = upr_arena_strdup(&cv->arena, id);
	}
	/* a speaker of the earlier file whose application is gone: say so, as
	 * its statements leave the timetable at the next plan */
	for (size_t k = 0; e && k < e->n; k++) {
		bool found = false;
		for (size_t i = 0; i < cv->nrecs && !found; i++)
			found = !cv->recs[i].dropped && key_eq(cv->recs[i].key, e->keys[k]);
		if (!found) {
			struct upr_loc loc = { e->file, e->lines[k], 0 };
			upr_note(x->d, &loc, "speaker '%s' (key '%s') is not in %s: left out",
				 e->ids[k], e->keys[k], cv->csv->file);
		}
	}
}

int upr_iconvert_run(struct upr_iconvert *cv, struct upr_diags *d)
{
	struct ctx x = { .cv = cv, .d = d, .keycol = -1 };
	size_t errors = d->errors;
	upr_arena_init(&cv->arena);
	const struct upr_imap *m = cv->map;
	if (upr_imap_columns(m, cv->csv, x.col, &x.keycol, d) != 0)
		return -1;
	/* without iso-codes, States still match by the round's ids and names */
	int ic = upr_iso_countries(&x.countries), il = upr_iso_languages(&x.languages);
	x.have_countries = ic == 0;
	x.have_languages = il == 0;
	cv->recs = ic == -2 || il == -2 ? NULL
		 : upr_calloc(cv->csv->nrows ? cv->csv->nrows : 1, sizeof(*cv->recs));
	if (!cv->recs) {
		upr_error(d, NULL, "out of memory");
	} else {
		for (size_t i = 0; i < cv->csv->nrows; i++)
			read_row(&x, &cv->csv->rows[i], &cv->recs[i]);
		cv->nrecs = cv->csv->nrows;
		duplicates(&x);
		if (cv->nrecs == 0) {
			struct upr_loc loc = { cv->csv->file, 0, 0 };
			upr_error(d, &loc, "no application: the file has a header row only");
		}
		if (d->errors == errors)
			assign_ids(&x);
	}
	upr_iso_names_release(&x.countries);
	upr_iso_names_release(&x.languages);
	if (cv->arena.failed)
		upr_error(d, NULL, "out of memory");
	return d->errors > errors ? -1 : 0;
}

void upr_iconvert_release(struct upr_iconvert *cv)
{
	upr_free(cv->recs);
	cv->recs = NULL;
	cv->nrecs = 0;
	upr_arena_release(&cv->arena);
}
