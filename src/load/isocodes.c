/*
 * isocodes.c - country and language names to codes (isocodes.h).
 *
 * Reads iso-codes' JSON with cJSON and its French catalogues (.mo files)
 * directly.  What iso-codes lacks and people write is in the alias tables
 * below (docs/reference.md#applications-in names them); every other name
 * comes from iso-codes, so a new country or a renamed one needs no edit here.
 *
 * Invariant: t->v is sorted by folded name with ties in the order added, so
 * a lookup is a binary search and never depends on hashing.
 */
#include "load/isocodes.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mo.h"
#include "util/smallfile.h"

#ifndef UPR_ISO_CODES_DIR
#define UPR_ISO_CODES_DIR "/usr/share/iso-codes/json"
#endif
#ifndef UPR_ISO_CODES_FR
#define UPR_ISO_CODES_FR "/usr/share/locale/fr/LC_MESSAGES"
#endif

/* The data files are under 1 MB; anything much larger is not them. */
#define MAX_ISO_FILE (8u * 1024u * 1024u)

/* Names people write that iso-codes has neither as name, common_name nor
 * official_name (nor in French). */
static const struct {
	const char *name, *code;
} country_aliases[] = {
	{ "UAE", "AE" },	{ "Emirates", "AE" },	{ "Russie", "RU" },	{ "UK", "GB" },
	{ "Great Britain", "GB" }, { "Britain", "GB" }, { "USA", "US" },
	{ "United States of America", "US" },	{ "Russia", "RU" },
	{ "DRC", "CD" },	{ "DR Congo", "CD" },
	{ "Democratic Republic of Congo", "CD" },
	{ "Democratic Republic of the Congo", "CD" },
	{ "Republic of Congo", "CG" },	{ "Ivory Coast", "CI" },
	{ "Turkey", "TR" },	{ "Macedonia", "MK" },	{ "Swaziland", "SZ" },
	{ "Cape Verde", "CV" },	{ "Burma", "MM" },	{ "Brunei", "BN" },
	{ "Vatican", "VA" },	{ "Holy See", "VA" },	{ "Palestine", "PS" },
	{ "Micronesia", "FM" },	{ "East Timor", "TL" },
};

/* Languages whose French name iso-codes gives only in part. */
static const struct {
	const char *name, *code;
} language_aliases[] = {
	{ "espagnol", "es" },
	{ "Castilian", "es" },
};

/* The base letters of U+00C0-U+00FF ('\0': not a letter). */
static const char latin1[64] = "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
			       "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

void upr_iso_fold(const char *s, char *out, size_t size)
{
	size_t k = 0;
	bool blank = true;	/* last written is a blank, or nothing yet */
	if (size == 0)
		return;
	for (const unsigned char *c = (const unsigned char *)s; *c && k + 2 < size; c++) {
		unsigned ch = *c;
		if (ch == '\'')
			continue;
		if (ch == 0xE2 && c[1] == 0x80 && (c[2] == 0x99 || c[2] == 0x98)) {
			c += 2;	/* ’ ‘ */
			continue;
		}
		if (ch == 0xC3 && c[1] >= 0x80 && c[1] <= 0xBF && latin1[c[1] - 0x80]) {
			ch = (unsigned char)latin1[c[1] - 0x80];
			c++;
		} else if (ch == 0xC5 && (c[1] == 0x92 || c[1] == 0x93)) {
			out[k++] = 'o';	/* Œ œ */
			ch = 'e';
			c++;
			blank = false;
		} else if (ch >= 'A' && ch <= 'Z') {
			ch = ch - 'A' + 'a';
		} else if (ch < 0x80 && !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
			if (!blank)
				out[k++] = ' ';
			blank = true;
			continue;
		}
		out[k++] = (char)ch;
		blank = false;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	if (strncmp(out, "the ", 4) == 0)
		memmove(out, out + 4, k - 3);
}

static int add(struct upr_iso_names *t, const char *name, const char *code)
{
	char f[UPR_NAME_MAX];
	upr_iso_fold(name, f, sizeof(f));
	if (!f[0])
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;
		struct upr_iso_name *v = upr_realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	struct upr_iso_name *e = &t->v[t->n];
	e->folded = upr_arena_strdup(&t->arena, f);
	e->name = upr_arena_strdup(&t->arena, name);
	if (!e->folded || !e->name)
		return -1;
	snprintf(e->code, sizeof(e->code), "%s", code);
	t->n++;
	return 0;
}

/* name, its "B A" form when it reads "A, B", and their French. */
static int add_name(struct upr_iso_names *t, const struct upr_mo *fr, const char *name,
		    const char *code)
{
	const char *tr = fr ? upr_mo_find(fr, name) : NULL;
	if (add(t, name, code) != 0 || (tr && add(t, tr, code) != 0))
		return -1;
	const char *tr_or[2] = { name, tr };
	for (int i = 0; i < 2; i++) {
		const char *comma = tr_or[i] ? strstr(tr_or[i], ", ") : NULL;
		if (!comma)
			continue;
		char *flip = upr_arena_printf(&t->arena, "%s %.*s", comma + 2,
					      (int)(comma - tr_or[i]), tr_or[i]);
		if (!flip || add(t, flip, code) != 0)
			return -1;
	}
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct upr_iso_name *x = a, *y = b;
	int c = strcmp(x->folded, y->folded);
	/* ties in table order: entries were added in it, so compare addresses */
	return c ? c : (x < y ? -1 : x > y);
}

static int load(struct upr_iso_names *t, const char *json_name, const char *key,
		const char *mo_name, bool countries)
{
	memset(t, 0, sizeof(*t));
	upr_arena_init(&t->arena);
	size_t len = 0, molen = 0;
	bool nomem, monomem;
	char *text = upr_read_small_file(json_name, MAX_ISO_FILE, &len, &nomem);
	if (!text)
		return nomem ? -2 : -1;
	char *motext = upr_read_small_file(mo_name, MAX_ISO_FILE, &molen, &monomem);
	struct upr_mo fr;
	bool have_fr = motext && upr_mo_open(&fr, motext, molen);
	/* iso-codes' own data parses: a failure is cJSON's allocation */
	cJSON *root = monomem ? NULL : cJSON_ParseWithLength(text, len);
	upr_free(text);
	int rc = root ? 0 : -2;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, key), *e;
	cJSON_ArrayForEach(e, list) {
		const char *a2 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "alpha_2"));
		const char *a3 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "alpha_3"));
		if (!a2 || strlen(a2) != 2 || rc != 0)
			continue;
		if (add(t, a2, a2) != 0 || (a3 && add(t, a3, a2) != 0))
			rc = -2;
		static const char *const fields[] = { "name", "common_name", "official_name" };
		for (size_t i = 0; i < (countries ? 3u : 1u) && rc == 0; i++) {
			const char *n = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(e, fields[i]));
			if (!n)
				continue;
			if (add_name(t, have_fr ? &fr : NULL, n, a2) != 0)
				rc = -2;
			/* "Spanish; Castilian": each part is a name of its own */
			for (const char *p = strchr(n, ';'); !countries && p && rc == 0;
			     p = strchr(p + 1, ';')) {
				size_t plen = strcspn(p + 1, ";");
				char *part = upr_arena_strndup(&t->arena, p + 1, plen);
				const char *first = upr_arena_strndup(&t->arena, n, strcspn(n, ";"));
				if (!part || !first || add(t, part, a2) != 0 ||
				    add_name(t, have_fr ? &fr : NULL, first, a2) != 0)
					rc = -2;
			}
		}
	}
	cJSON_Delete(root);
	upr_free(motext);
	if (countries) {
		for (size_t i = 0; rc == 0 && i < sizeof(country_aliases) / sizeof(country_aliases[0]); i++)
			rc = add(t, country_aliases[i].name, country_aliases[i].code) ? -2 : 0;
	} else {
		for (size_t i = 0; rc == 0 && i < sizeof(language_aliases) / sizeof(language_aliases[0]); i++)
			rc = add(t, language_aliases[i].name, language_aliases[i].code) ? -2 : 0;
	}
	if (rc == 0 && t->arena.failed)
		rc = -2;
	if (rc == 0 && t->n == 0)
		rc = -1;
	if (rc != 0) {
		upr_iso_names_release(t);
		upr_arena_init(&t->arena);
		return rc;
	}
	/* languages: lowercase codes */
	for (size_t i = 0; !countries && i < t->n; i++)
		for (char *c = t->v[i].code; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	qsort(t->v, t->n, sizeof(*t->v), cmp_entry);
	return 0;
}

int upr_iso_countries(struct upr_iso_names *t)
{
	return load(t, UPR_ISO_CODES_DIR "/iso_3166-1.json", "3166-1",
		    UPR_ISO_CODES_FR "/iso_3166-1.mo", true);
}

int upr_iso_languages(struct upr_iso_names *t)
{
	return load(t, UPR_ISO_CODES_DIR "/iso_639-2.json", "639-2",
		    UPR_ISO_CODES_FR "/iso_639-2.mo", false);
}

void upr_iso_names_release(struct upr_iso_names *t)
{
	upr_free(t->v);
	upr_arena_release(&t->arena);
	t->v = NULL;
	t->n = t->cap = 0;
}

const char *upr_iso_lookup(const struct upr_iso_names *t, const char *name)
{
	char f[UPR_NAME_MAX];
	upr_iso_fold(name, f, sizeof(f));
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->v[mid].folded, f) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && strcmp(t->v[lo].folded, f) == 0 ? t->v[lo].code : NULL;
}
