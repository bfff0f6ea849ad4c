/*
 * values.h - parsers for the value forms of docs/reference.md#value-forms, and did-you-mean.
 *
 * Private to src/load.  Every parser reads a whole NUL-terminated text and
 * either accepts it, says it is not in the expected form (the caller knows
 * which key it was and names the form), or says the form is right but the
 * value impossible (2017-02-30, 24:10, a window ending before it starts); then
 * it writes a lowercase message that quotes the value into msg.
 *
 * The limits here are sanity bounds (docs/input-decisions.md): years
 * 1970-2200, the years in which libical gives every zone's offsets and
 * daylight saving time and writes calendar times correctly (tests/unit/
 * test_tz.c checks each of them); a day number and a local minute always fit.
 */
#ifndef UPR_LOAD_VALUES_H
#define UPR_LOAD_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

#define UPR_MIN_YEAR 1970
#define UPR_MAX_YEAR 2200
#define UPR_ID_MAX 64

enum upr_vstatus {
	UPR_V_OK = 0,
	UPR_V_FORM,	/* not the expected form; the caller names the form */
	UPR_V_BAD,	/* the expected form, an impossible value; see msg */
};

/* Decimal integer, optional sign.  Out-of-range values saturate to
 * INT64_MIN/INT64_MAX, so the caller's range check reports them. */
enum upr_vstatus upr_parse_int(const char *s, int64_t *out);

/* YAML 1.1 booleans: true/false, yes/no, on/off, y/n (lower, Title, UPPER). */
enum upr_vstatus upr_parse_bool(const char *s, bool *out);

/* "2017-12-12" (exactly YYYY-MM-DD) into a day number (upr_days_from_civil). */
enum upr_vstatus upr_parse_date(const char *s, int64_t *day, char *msg, size_t size);

/* "10:00" or "9:30" into minutes of the day.  "24:00" is accepted only when
 * end is true (the end of a window). */
enum upr_vstatus upr_parse_time(const char *s, bool end, int *minute,
				char *msg, size_t size);

/* "10:00-13:00" (blanks allowed around '-') into minute-of-day [start, end),
 * 0 <= start < end <= 1440. */
enum upr_vstatus upr_parse_window(const char *s, struct upr_interval *out,
				  char *msg, size_t size);

/* "2017-12-12 10:00-13:00" or a bare "2017-12-12" (the whole day) into local
 * minutes. */
enum upr_vstatus upr_parse_dated_window(const char *s, struct upr_interval *out,
					char *msg, size_t size);

/* "2017-12-12 10:00" into local minutes. */
enum upr_vstatus upr_parse_datetime(const char *s, int64_t *t, char *msg, size_t size);

/* An ISO 639-1 code: two lowercase letters that the standard assigns.  A
 * language's name or tag ("French", "fr-CA") is refused with the code
 * that it stands for (upr_lang_suggest). */
enum upr_vstatus upr_parse_lang(const char *s, upr_lang *out, char *msg, size_t size);
/* Is s a code that ISO 639-1 assigns, in lowercase? */
bool upr_lang_known(const char *s);

/* Does s match [A-Za-z0-9][A-Za-z0-9._-]{0,63}? */
bool upr_id_valid(const char *s);

/* Is a file named s a device on Windows: CON, PRN, AUX, NUL, COM1-COM9 or
 * LPT1-LPT9, in any case, alone or before a '.' ("nul.x.ics" is NUL too)? */
bool upr_id_is_device_name(const char *s);

/* A valid id with ASCII letters lowercased into out: equal for two ids
 * exactly when their files collide where the file system ignores case. */
void upr_id_fold(const char *s, char out[UPR_ID_MAX + 1]);

/*
 * Did-you-mean: the restricted Damerau-Levenshtein distance (adjacent
 * transpositions count one), ignoring ASCII case.  Words longer than
 * UPR_ID_MAX give SIZE_MAX: nothing that long is a typo of a known name.
 */
size_t upr_edit_distance(const char *a, const char *b);

/*
 * Collects the closest candidate to word: one within max(1, strlen(word)/3)
 * edits.  On a tie the candidate added first wins, so the suggestion follows
 * the order of the key table or of the input and never depends on hashing.
 */
struct upr_suggest {
	const char *word;
	size_t max;	/* largest distance still suggested */
	size_t best_d;
	const char *best;	/* NULL: nothing close */
};
void upr_suggest_init(struct upr_suggest *s, const char *word);
void upr_suggest_add(struct upr_suggest *s, const char *candidate);

/*
 * A suggestion for an unknown time zone name, by city, country or spelling
 * (tzname.c), quoted into out ("'Europe/Zurich', the zone of Switzerland");
 * false when nothing is close.
 */
bool upr_tz_suggest(const char *name, char *out, size_t size);

/* s folded for comparing names (tzname.c): ASCII case ignored, '_' and '-'
 * as spaces, the accented letters of U+00C0-U+00FF as their base letter. */
void upr_name_fold(const char *s, char *out, size_t size);

/*
 * A suggestion for a language that is not an ISO 639-1 code, by tag, code
 * of ISO 639-2, English name or own name (langname.c), quoted into out
 * ("'fr', French"); false when nothing is close.
 */
bool upr_lang_suggest(const char *word, char *out, size_t size);

#endif
