/*
 * tzname.c - "did you mean" for an unknown time zone name.
 *
 * Users write the city they meet in ("Europe/Geneva"), a country
 * ("Switzerland") or a misspelt zone ("Europe/Zurik").  The answer comes
 * from the tz database's own tables in libical's zone directory, and from
 * Debian's iso-codes when it is installed:
 *
 *   - a zone whose city (last part of the name, '_' read as a space) is
 *     within max(1, (length + 1) / 3) edits of the city written;
 *   - a country by its name or code (iso3166.tab), whose zone is the first
 *     that zone.tab lists for it;
 *   - a subdivision by its name, exactly or, from six letters, within one
 *     edit (iso-codes'
 *     iso_3166-2.json: "Genève" is CH-GE), whose country then gives the
 *     zone as above.
 *
 * Names are compared folded: ASCII case ignored, '_' and '-' as spaces, and
 * the accented Latin letters of U+00C0-U+00FF as their base letter, so
 * "Geneva" is one edit from "Genève".  The closest wins; on a tie a city
 * before a country before a subdivision, then the first in the tables'
 * order, so the answer never depends on hashing.  Only an error reads these
 * files; a missing one only means fewer suggestions.
 */
#include "load/values.h"

#include <stdio.h>
#include <string.h>

#include "model/timetable.h"
#include "util/mem.h"
#include "util/smallfile.h"

#ifndef UPR_ISO_CODES_DIR
#define UPR_ISO_CODES_DIR "/usr/share/iso-codes/json"
#endif

/* iso_3166-2.json is about 0.5 MB; anything much larger is not it. */
#define MAX_ISO_FILE (8 * 1024 * 1024)

/* The base letters of U+00C0-U+00FF ('\0': not a letter). */
static const char latin1[64] = "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
			       "aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

/* s folded into out[size] (see above; values.h); other bytes are kept. */
void upr_name_fold(const char *s, char *out, size_t size)
{
	size_t k = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c && k + 1 < size; c++) {
		char ch = (char)*c;
		if (*c >= 'A' && *c <= 'Z')
			ch = (char)(*c - 'A' + 'a');
		else if (*c == '_' || *c == '-')
			ch = ' ';
		else if (*c == 0xC3 && c[1] >= 0x80 && c[1] <= 0xBF && latin1[c[1] - 0x80]) {
			ch = latin1[c[1] - 0x80];
			c++;
		}
		out[k++] = ch;
	}
	out[k] = '\0';
}

enum source { FROM_CITY, FROM_COUNTRY, FROM_SUBDIVISION };

struct best {
	char word[UPR_ID_MAX + 1];	/* the city or name written, folded */
	size_t max;			/* largest distance suggested */
	size_t d;			/* SIZE_MAX: nothing yet */
	enum source from;
	char zone[128];			/* FROM_CITY */
	char country[3];		/* FROM_COUNTRY, FROM_SUBDIVISION */
};

/* Offers candidate (not yet folded); zone or country says what it stands for. */
static void offer(struct best *b, const char *candidate, enum source from,
		  const char *zone, const char *country)
{
	char f[UPR_ID_MAX + 1];
	if (strlen(candidate) > UPR_ID_MAX)
		return;
	upr_name_fold(candidate, f, sizeof(f));
	size_t d = upr_edit_distance(b->word, f);
	if (d > b->max || (b->d != SIZE_MAX && (d > b->d || (d == b->d && from >= b->from))))
		return;
	b->d = d;
	b->from = from;
	snprintf(b->zone, sizeof(b->zone), "%s", zone ? zone : "");
	snprintf(b->country, sizeof(b->country), "%s", country ? country : "");
}

static bool offer_city(void *ctx, const char *zone)
{
	const char *slash = strrchr(zone, '/');
	offer(ctx, slash ? slash + 1 : zone, FROM_CITY, zone, NULL);
	return false;
}

/* Opens NAME in the tz database's directory, or NULL. */
static FILE *open_tz_table(const char *name)
{
	const char *dir = upr_tz_dir();
	char path[512];
	if (!dir || snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return NULL;
	return fopen(path, "r");
}

/* Splits a line of a .tab file at tabs into at most n fields; false for a
 * comment or a line with fewer. */
static bool tab_fields(char *line, char **f, size_t n)
{
	if (line[0] == '#')
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	for (size_t i = 0; i < n; i++) {
		f[i] = line;
		line += strcspn(line, "\t");
		if (*line)
			*line++ = '\0';
		else if (i + 1 < n)
			return false;
	}
	return true;
}

/* Countries by code and name: iso3166.tab, "CH<TAB>Switzerland". */
static void offer_countries(struct best *b)
{
	FILE *fp = open_tz_table("iso3166.tab");
	if (!fp)
		return;
	char line[256], *f[2];
	while (fgets(line, sizeof(line), fp))
		if (tab_fields(line, f, 2) && strlen(f[0]) == 2) {
			offer(b, f[0], FROM_COUNTRY, NULL, f[0]);
			offer(b, f[1], FROM_COUNTRY, NULL, f[0]);
		}
	fclose(fp);
}

/* The string value after "key": at p (no escapes), copied into out; the
 * position after it, or NULL. */
static const char *json_value(const char *p, const char *key, char *out, size_t size)
{
	p += strlen(key);
	while (*p == ' ' || *p == ':')
		p++;
	if (*p != '"')
		return NULL;
	const char *end = strpbrk(++p, "\"\\");
	if (!end || *end != '"' || (size_t)(end - p) >= size)
		return NULL;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return end + 1;
}

/*
 * Subdivisions: iso_3166-2.json's entries {"code": "CH-GE", "name":
 * "Genève", ...}, read with a plain scan rather than a JSON parser: the
 * file is half a megabyte, and a suggestion must stay cheap when a fuzzer
 * asks for thousands.  An entry whose code or name has an escape is passed
 * over; iso-codes writes none.
 */
static void offer_subdivisions(struct best *b)
{
	char *text = upr_read_small_file(UPR_ISO_CODES_DIR "/iso_3166-2.json", MAX_ISO_FILE, NULL, NULL);
	if (!text)
		return;
	char code[16] = "", name[UPR_ID_MAX + 1];
	const char *p = text;
	while ((p = strchr(p, '"')) != NULL) {
		const char *next = NULL;
		if (strncmp(p, "\"code\"", 6) == 0) {
			next = json_value(p, "\"code\"", code, sizeof(code));
			if (!next)
				code[0] = '\0';
		} else if (strncmp(p, "\"name\"", 6) == 0) {
			next = json_value(p, "\"name\"", name, sizeof(name));
			if (next && strlen(code) > 3 && code[2] == '-') {
				char cc[3] = { code[0], code[1], '\0' };
				offer(b, name, FROM_SUBDIVISION, NULL, cc);
			}
			code[0] = '\0';
		}
		p = next ? next : p + 1;
	}
	upr_free(text);
}

/* The zone of country cc: the first zone.tab lists, with how many it lists. */
static size_t country_zone(const char *cc, char *zone, size_t size)
{
	FILE *fp = open_tz_table("zone.tab");
	if (!fp)
		return 0;
	char line[512], *f[3];
	size_t n = 0;
	while (fgets(line, sizeof(line), fp))
		if (tab_fields(line, f, 3) && strcmp(f[0], cc) == 0 && n++ == 0)
			snprintf(zone, size, "%s", f[2]);
	fclose(fp);
	return n;
}

/* The name iso3166.tab gives country cc, into out. */
static void country_name(const char *cc, char *out, size_t size)
{
	snprintf(out, size, "%s", cc);
	FILE *fp = open_tz_table("iso3166.tab");
	if (!fp)
		return;
	char line[256], *f[2];
	while (fgets(line, sizeof(line), fp))
		if (tab_fields(line, f, 2) && strcmp(f[0], cc) == 0) {
			snprintf(out, size, "%s", f[1]);
			break;
		}
	fclose(fp);
}

bool upr_tz_suggest(const char *name, char *out, size_t size)
{
	const char *slash = strrchr(name, '/');
	const char *city = slash ? slash + 1 : name;
	if (!*city || strlen(city) > UPR_ID_MAX)
		return false;
	struct best b = { .d = SIZE_MAX };
	upr_name_fold(city, b.word, sizeof(b.word));
	size_t len = strlen(b.word);
	b.max = (len + 1) / 3 > 1 ? (len + 1) / 3 : 1;
	upr_tz_each_name(offer_city, &b);
	if (b.d != 0)
		offer_countries(&b);
	/* Thousands of subdivisions: only a word of six letters or more one
	 * edit away, or a shorter one exactly, is not a match by accident
	 * ("Lyon" is one edit from León, in Spain). */
	if (b.d > 1 && len >= 4) {
		size_t max = b.max;
		b.max = len >= 6 ? 1 : 0;
		offer_subdivisions(&b);
		b.max = max;
	}
	if (b.d == SIZE_MAX)
		return false;
	if (b.from == FROM_CITY) {
		snprintf(out, size, "'%s'", b.zone);
		return true;
	}
	char zone[128], country[128];
	size_t nzones = country_zone(b.country, zone, sizeof(zone));
	if (nzones == 0)
		return false;
	country_name(b.country, country, sizeof(country));
	if (nzones == 1)
		snprintf(out, size, "'%s', the zone of %s", zone, country);
	else
		snprintf(out, size, "'%s', the first of the %zu zones of %s", zone, nzones,
			 country);
	return true;
}
