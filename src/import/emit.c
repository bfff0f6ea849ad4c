/*
 * emit.c - speakers.yaml from import records, and the keys of an earlier one.
 *
 * The output is stable: the records in the export's row order, each key in
 * the order of docs/reference.md#speakers, a value written only when the
 * form gave it, scalars plain unless YAML would read them otherwise.  Above
 * each speaker a comment names its source row and key:
 *
 *   # applications.csv row 7; key: 1042
 *   - id: ocle
 *
 * A re-import reads these comments back (upr_ikeys_read), so an id that an
 * organiser edited in the file, or that a timetable uses, stays with its
 * application.  Comments keep the file a plain input file: `check` and
 * `plan` read it as any other.
 */
#include "import/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load/isocodes.h"
#include "load/values.h"

/* Does YAML 1.1 read s, written plain, as the string s? */
static bool plain_ok(const char *s)
{
	static const char *const special[] = { "y", "n", "yes", "no", "on", "off", "true",
					       "false", "null", "~" };
	if (!*s || strchr("-?:,[]{}#&*!|>'\"%@` \t.+0123456789", s[0]))
		return false;
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcasecmp(s, special[i]) == 0)
			return false;
	size_t n = strlen(s);
	if (s[n - 1] == ' ' || s[n - 1] == ':' || strstr(s, ": ") || strstr(s, " #"))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] == 0x85) ||
		    (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) ||
		    (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
			return false;
	return true;
}

void upr_iemit_scalar(FILE *f, const char *s)
{
	if (plain_ok(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7F)
			fprintf(f, "\\x%02X", *p);
		else if (p[0] == 0xC2 && p[1] == 0x85)
			fputs("\\N", f), p++;
		else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			fputs(p[2] == 0xA8 ? "\\L" : "\\P", f), p += 2;
		else if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
			fputs("\\uFEFF", f), p += 2;
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* raw: v are dates and windows this module wrote, plain in YAML as the
 * input files write them ("2017-12-12 09:30-11:00"). */
static void list(FILE *f, const char *key, const char *const *v, size_t n, bool raw)
{
	fprintf(f, "    %s: [", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		if (raw)
			fputs(v[i], f);
		else
			upr_iemit_scalar(f, v[i]);
	}
	fputs("]\n", f);
}

/* A comment's text on one line: line breaks YAML knows become blanks. */
static void comment_text(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r' || *p == '\n')
			fputc(' ', f);
		else if (p[0] == 0xC2 && p[1] == 0x85)
			fputc(' ', f), p++;
		else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			fputc(' ', f), p += 2;
		else
			fputc(*p, f);
	}
}

int upr_iemit_speakers(FILE *f, const struct upr_iconvert *cv, const char *csv_name,
		       const char *map_name)
{
	fputs("# speakers.yaml - made by `upr-schedule import` from ", f);
	comment_text(f, base(csv_name));
	fputs("\n# with ", f);
	comment_text(f, base(map_name));
	fputs(": one speaker per application, in the order of the\n"
	      "# export.  A re-import keeps each speaker's id by the key in the comment\n"
	      "# above it: keep those comments with their speakers.\n"
	      "\nspeakers:\n", f);
	for (size_t i = 0; i < cv->nrecs; i++) {
		const struct upr_irecord *r = &cv->recs[i];
		if (r->dropped)
			continue;
		fputs("\n  # ", f);
		comment_text(f, base(csv_name));
		fprintf(f, " row %d; key: ", r->row);
		comment_text(f, r->key ? r->key : "");
		fputs("\n  - id: ", f);
		upr_iemit_scalar(f, r->id);
		fputs("\n    organisation: ", f);
		upr_iemit_scalar(f, r->organisation);
		fputc('\n', f);
		if (r->kind)
			fprintf(f, "    kind: %s\n", r->kind);
		list(f, "states", r->states, r->nstates, false);
		if (r->language[0])
			fprintf(f, "    language: %s\n", r->language);
		if (r->remote >= 0)
			fprintf(f, "    remote: %s\n", r->remote ? "true" : "false");
		/* block style: a plain scalar may hold ',' there, not in a flow */
		if (r->contact_email) {
			fputs("    contact:\n", f);
			if (r->contact_name) {
				fputs("      name: ", f);
				upr_iemit_scalar(f, r->contact_name);
				fputc('\n', f);
			}
			fputs("      email: ", f);
			upr_iemit_scalar(f, r->contact_email);
			fputc('\n', f);
		}
		if (r->video_link) {
			fputs("    video_link: ", f);
			upr_iemit_scalar(f, r->video_link);
			fputc('\n', f);
		}
		if (r->navailable)
			list(f, "available", r->available, r->navailable, true);
		if (r->nunavailable)
			list(f, "unavailable", r->unavailable, r->nunavailable, true);
		if (r->priority >= 0)
			fprintf(f, "    priority: %d\n", r->priority);
		if (r->applied)
			fprintf(f, "    applied: %s\n", r->applied);
	}
	return ferror(f) ? -1 : 0;
}

void upr_islug(const char *s, char *out, size_t max)
{
	char f[UPR_NAME_MAX];
	upr_iso_fold(s, f, sizeof(f));
	size_t k = 0;
	for (const char *p = f; *p && k < max && k + 1 < UPR_ID_MAX; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			out[k++] = *p;
		else if (*p == ' ' && k > 0 && out[k - 1] != '-')
			out[k++] = '-';
	}
	/* cut at a word's end rather than inside one */
	if (k == max && f[0]) {
		size_t cut = k;
		while (cut > 0 && out[cut - 1] != '-')
			cut--;
		if (cut > max / 2)
			k = cut;
	}
	while (k > 0 && out[k - 1] == '-')
		k--;
	out[k] = '\0';
}

/* ---- keys of an earlier output ---- */

static const char *after_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* The id written after "id:" (quotes and a comment removed), in a. */
static const char *id_value(struct upr_arena *a, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n > 0 && (*s == '"' || *s == '\'')) {
		const char *end = memchr(s + 1, *s, n - 1);
		return end ? upr_arena_strndup(a, s + 1, (size_t)(end - s - 1)) : NULL;
	}
	size_t l = 0;
	while (l < n && s[l] != ' ' && s[l] != '\t' && s[l] != '#')
		l++;
	return l ? upr_arena_strndup(a, s, l) : NULL;
}

static int add_key(struct upr_ikeys *k, const char *key, const char *id, int line)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 64;
		const char **a = upr_realloc(k->keys, cap * sizeof(*a));
		if (!a)
			return -1;
		k->keys = a;
		const char **b = upr_realloc(k->ids, cap * sizeof(*b));
		if (!b)
			return -1;
		k->ids = b;
		int *c = upr_realloc(k->lines, cap * sizeof(*c));
		if (!c)
			return -1;
		k->lines = c;
		k->cap = cap;
	}
	k->keys[k->n] = key;
	k->lines[k->n] = line;
	k->ids[k->n++] = id;
	return 0;
}

int upr_ikeys_read(struct upr_ikeys *k, const char *path, struct upr_diags *d)
{
	memset(k, 0, sizeof(*k));
	upr_arena_init(&k->arena);
	k->file = upr_arena_strdup(&k->arena, path);
	struct upr_loc loc = { path, 0, 0 };
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		if (errno == ENOENT)
			return 0;
		upr_error(d, &loc, "cannot open: %s", strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t linecap = 0;
	const char *pending = NULL, *item_key = NULL;
	bool in_item = false, have_id = false;
	int rc = 0, lineno = 0;
	while (rc == 0 && getline(&line, &linecap, fp) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		const char *t = after_blanks(line);
		if (t[0] == '#') {
			const char *kp = strstr(t, "; key: ");
			kp = kp ? kp + 7 : strncmp(t, "# key: ", 7) == 0 ? t + 7 : NULL;
			if (kp) {
				size_t n = strlen(kp);
				while (n > 0 && kp[n - 1] == ' ')
					n--;
				pending = upr_arena_strndup(&k->arena, kp, n);
			}
			continue;
		}
		if (t[0] == '-' && (t[1] == ' ' || t[1] == '\0')) {
			in_item = true;
			have_id = false;
			item_key = pending;
			pending = NULL;
			t = after_blanks(t + 1);
		}
		if (in_item && !have_id && strncmp(t, "id:", 3) == 0) {
			have_id = true;
			const char *id = id_value(&k->arena, t + 3, strlen(t + 3));
			if (item_key && id && add_key(k, item_key, id, lineno) != 0)
				rc = -1;
		}
	}
	if (ferror(fp)) {
		upr_error(d, &loc, "cannot read: %s", strerror(errno));
		rc = -1;
	} else if (rc != 0 || k->arena.failed) {
		upr_error(d, NULL, "out of memory");
		rc = -1;
	}
	fclose(fp);
	free(line);	/* getline's, not ours */
	return rc;
}

void upr_ikeys_release(struct upr_ikeys *k)
{
	upr_free(k->keys);
	upr_free(k->ids);
	upr_free(k->lines);
	upr_arena_release(&k->arena);
	memset(k, 0, sizeof(*k));
}
