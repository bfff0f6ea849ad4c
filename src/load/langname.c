/*
 * langname.c - "did you mean" for a language that is not an ISO 639-1 code.
 *
 * Users write a language's name ("french"), its name in itself
 * ("Français"), a tag with a region ("fr-CA", "pt_BR") or a three-letter
 * code ("fra", "ger").  The answer comes from Debian's iso-codes:
 *
 *   - a tag: its first subtag, when it is a code of ISO 639-1, or a
 *     three-letter code (terminology or bibliographic) of iso_639-2.json
 *     that has one;
 *   - a name: the English names of iso_639-2.json ("Spanish; Castilian"
 *     is two names), within max(1, length / 3) edits from four letters
 *     on, exactly below that (iso_639-3.json adds little for a language
 *     that has an ISO 639-1 code, and is 25 times larger to read);
 *   - a name in the language itself: iso-codes' own translation of each
 *     language's English name into that language (the catalogue
 *     /usr/share/locale/<code>/LC_MESSAGES/iso_639-2.mo), read only when
 *     no English name matches exactly; an exact match here beats a close
 *     English name ("Deutsch" is German, not Dutch).
 *
 * Names are folded as time zone names are (upr_name_fold: case, '_' and
 * '-', accents of Latin-1), so "Francais" is "Français".  Only a language
 * with an ISO 639-1 code is ever suggested, the first in the files' order
 * on a tie.  Only an error reads these files; a missing one only means
 * fewer suggestions.
 */
#include "load/values.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/mo.h"
#include "util/smallfile.h"

#ifndef UPR_ISO_CODES_DIR
#define UPR_ISO_CODES_DIR "/usr/share/iso-codes/json"
#endif
#ifndef UPR_LOCALE_DIR
#define UPR_LOCALE_DIR "/usr/share/locale"
#endif

/* iso_639-2.json is 40 kB, a catalogue less. */
#define MAX_FILE (8 * 1024 * 1024)

struct best {
	char word[UPR_ID_MAX + 1];	/* folded */
	size_t max, d;			/* d: SIZE_MAX while nothing is close */
	char code[3], name[96];		/* the suggestion and its English name */
};

/* The list of entries of iso-codes' file NAME ("639-2": iso_639-2.json),
 * parsed (cJSON_Delete the returned root); NULL if unreadable. */
static cJSON *read_iso(const char *name, const cJSON **list)
{
	char path[256];
	size_t len;
	snprintf(path, sizeof(path), "%s/iso_%s.json", UPR_ISO_CODES_DIR, name);
	char *text = upr_read_small_file(path, MAX_FILE, &len, NULL);
	if (!text)
		return NULL;
	cJSON *root = cJSON_ParseWithLength(text, len);
	upr_free(text);
	*list = cJSON_GetObjectItemCaseSensitive(root, name);
	if (!cJSON_IsArray(*list)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

static const char *field(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Entry o's ISO 639-1 code, when it has a valid one. */
static const char *code_of(const cJSON *o)
{
	const char *a2 = field(o, "alpha_2");
	return a2 && upr_lang_known(a2) ? a2 : NULL;
}

/* Offers each name of names for code: "Spanish; Castilian" is two, and
 * "Greek, Modern (1453-)" offers "Greek". */
static void offer(struct best *b, const char *names, const char *code, const char *english)
{
	while (*names) {
		size_t n = strcspn(names, ";,");
		char one[UPR_ID_MAX + 1], f[UPR_ID_MAX + 1];
		const char *s = names;
		while (n && *s == ' ')
			s++, n--;
		if (n > 0 && n <= UPR_ID_MAX) {
			memcpy(one, s, n);
			one[n] = '\0';
			upr_name_fold(one, f, sizeof(f));
			size_t d = upr_edit_distance(b->word, f);
			if (d <= b->max && (b->d == SIZE_MAX || d < b->d)) {
				b->d = d;
				snprintf(b->code, sizeof(b->code), "%s", code);
				snprintf(b->name, sizeof(b->name), "%.*s",
					 (int)strcspn(english, ";"), english);
			}
		}
		names = s + n;
		if (*names == ';' || *names == ',')
			names++;
	}
}

/* The English names of list. */
static void offer_names(struct best *b, const cJSON *list)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, list) {
		const char *code = code_of(o), *name = field(o, "name");
		if (code && name)
			offer(b, name, code, name);
	}
}

/* Each language's English name as its own catalogue translates it. */
static void offer_endonyms(struct best *b, const cJSON *list)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, list) {
		const char *code = code_of(o), *name = field(o, "name");
		if (!code || !name)
			continue;
		char path[256];
		size_t len;
		snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/iso_639-2.mo", UPR_LOCALE_DIR,
			 code);
		char *text = upr_read_small_file(path, MAX_FILE, &len, NULL);
		struct upr_mo mo;
		const char *own = text && upr_mo_open(&mo, text, len) ? upr_mo_find(&mo, name) : NULL;
		if (own)
			offer(b, own, code, name);
		upr_free(text);
	}
}

/* The suggestion: entry o, whose ISO 639-1 code is code. */
static void take(struct best *b, const char *code, const cJSON *o)
{
	const char *name = field(o, "name");
	snprintf(b->code, sizeof(b->code), "%s", code);
	snprintf(b->name, sizeof(b->name), "%.*s", (int)strcspn(name ? name : "", ";"),
		 name ? name : "");
	b->d = 0;
}

/* A tag's first subtag ("fr" of "fr-CA", "fra" of "fra"): a code of ISO
 * 639-1 followed by a subtag, or a three-letter code (terminology or
 * bibliographic) of list that has one. */
static bool from_tag(struct best *b, const char *word, const cJSON *list)
{
	size_t n = strcspn(word, "-_");
	if (n < 2 || n > 3 || (n == 2 && !word[n]) || (word[n] && !word[n + 1]))
		return false;
	char sub[4];
	for (size_t i = 0; i < n; i++) {
		char c = word[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			return false;
		sub[i] = c;
	}
	sub[n] = '\0';
	const cJSON *o;
	cJSON_ArrayForEach(o, list) {
		const char *code = code_of(o), *a3 = field(o, "alpha_3");
		const char *bib = field(o, "bibliographic");
		if (code && (n == 2 ? strcmp(code, sub) == 0
				    : (a3 && strcmp(a3, sub) == 0) || (bib && strcmp(bib, sub) == 0))) {
			take(b, code, o);
			return true;
		}
	}
	if (n == 2 && upr_lang_known(sub)) {
		memcpy(b->code, sub, sizeof(b->code));	/* two letters and '\0' */
		b->d = 0;
		return true;
	}
	return false;
}

bool upr_lang_suggest(const char *word, char *out, size_t size)
{
	size_t len = strlen(word);
	if (len < 2 || len > UPR_ID_MAX)
		return false;
	struct best b = { .d = SIZE_MAX };
	upr_name_fold(word, b.word, sizeof(b.word));
	size_t flen = strlen(b.word);
	b.max = flen < 4 ? 0 : flen / 3 > 1 ? flen / 3 : 1;
	const cJSON *list2;
	cJSON *root2 = read_iso("639-2", &list2);
	if (!root2)
		return false;
	bool found = from_tag(&b, word, list2);
	if (!found) {
		offer_names(&b, list2);
		if (b.d != 0 && flen >= 4)
			offer_endonyms(&b, list2);
		found = b.d != SIZE_MAX;
	}
	cJSON_Delete(root2);
	if (!found)
		return false;
	if (b.name[0])
		snprintf(out, size, "'%s', %s", b.code, b.name);
	else
		snprintf(out, size, "'%s'", b.code);
	return true;
}
