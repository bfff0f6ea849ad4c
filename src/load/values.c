/*
 * values.c - the value forms of docs/reference.md#value-forms (dates, times, windows, languages,
 * ids, integers, booleans) and the edit distance behind did-you-mean.
 *
 * What must hold: a parser that returns UPR_V_OK has checked everything about
 * the value itself (a real date, a real time, a window that is not empty), so
 * the builder only checks what depends on other values.  Parsers never
 * allocate; they work on byte ranges of the caller's text.
 */
#include "load/values.h"

#include <stdio.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

enum upr_vstatus upr_parse_int(const char *s, int64_t *out)
{
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!is_digit(*s))
		return UPR_V_FORM;
	uint64_t v = 0;
	bool over = false;
	for (; is_digit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			over = true;
		else
			v = v * 10 + d;
	}
	if (*s)
		return UPR_V_FORM;
	if (over || v > (uint64_t)INT64_MAX)
		*out = neg ? INT64_MIN : INT64_MAX;
	else
		*out = neg ? -(int64_t)v : (int64_t)v;
	return UPR_V_OK;
}

enum upr_vstatus upr_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {
		"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y",
	};
	static const char *const no[] = {
		"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return UPR_V_OK;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return UPR_V_OK;
		}
	}
	return UPR_V_FORM;
}

/* ---- dates and times, on byte ranges [s, s + n) ---- */

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* Is [s, s+n) of the form YYYY-MM-DD? */
static bool date_form(const char *s, size_t n)
{
	return n == 10 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2) &&
	       s[7] == '-' && all_digits(s + 8, 2);
}

static enum upr_vstatus date_range(const char *s, size_t n, int64_t *day,
				   char *msg, size_t size)
{
	if (!date_form(s, n))
		return UPR_V_FORM;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < UPR_MIN_YEAR || y > UPR_MAX_YEAR) {
		snprintf(msg, size, "date '%.*s' is outside the years %d-%d", (int)n, s,
			 UPR_MIN_YEAR, UPR_MAX_YEAR);
		return UPR_V_BAD;
	}
	if (!upr_date_valid(y, m, d)) {
		snprintf(msg, size, "date '%.*s' does not exist", (int)n, s);
		return UPR_V_BAD;
	}
	*day = upr_days_from_civil(y, (unsigned)m, (unsigned)d);
	return UPR_V_OK;
}

static enum upr_vstatus time_range(const char *s, size_t n, bool end, int *minute,
				   char *msg, size_t size)
{
	/* H:MM or HH:MM */
	if (n < 4 || n > 5 || s[n - 3] != ':' || !all_digits(s, n - 3) ||
	    !all_digits(s + n - 2, 2))
		return UPR_V_FORM;
	int h = digits(s, n - 3), m = digits(s + n - 2, 2);
	if (h > 24 || m > 59 || (h == 24 && m > 0)) {
		snprintf(msg, size, "time '%.*s' does not exist", (int)n, s);
		return UPR_V_BAD;
	}
	if (h == 24 && !end) {
		snprintf(msg, size, "time '%.*s' can only end a window", (int)n, s);
		return UPR_V_BAD;
	}
	*minute = h * 60 + m;
	return UPR_V_OK;
}

static enum upr_vstatus window_range(const char *s, size_t n, const char *whole,
				     struct upr_interval *out, char *msg, size_t size)
{
	const char *dash = memchr(s, '-', n);
	if (!dash)
		return UPR_V_FORM;
	const char *a = s, *ae = dash, *b = dash + 1, *be = s + n;
	while (ae > a && is_blank(ae[-1]))
		ae--;
	while (b < be && is_blank(*b))
		b++;
	int start, end;
	enum upr_vstatus st = time_range(a, (size_t)(ae - a), false, &start, msg, size);
	if (st != UPR_V_OK)
		return st;
	/* Check the end's form before its value, so "10:00-x" is a form error
	 * rather than a message about a time. */
	st = time_range(b, (size_t)(be - b), true, &end, msg, size);
	if (st != UPR_V_OK)
		return st;
	if (end < start) {
		snprintf(msg, size, "window '%s' ends before it starts", whole);
		return UPR_V_BAD;
	}
	if (end == start) {
		snprintf(msg, size, "window '%s' is empty", whole);
		return UPR_V_BAD;
	}
	out->start = start;
	out->end = end;
	return UPR_V_OK;
}

enum upr_vstatus upr_parse_date(const char *s, int64_t *day, char *msg, size_t size)
{
	return date_range(s, strlen(s), day, msg, size);
}

enum upr_vstatus upr_parse_time(const char *s, bool end, int *minute,
				char *msg, size_t size)
{
	return time_range(s, strlen(s), end, minute, msg, size);
}

enum upr_vstatus upr_parse_window(const char *s, struct upr_interval *out,
				  char *msg, size_t size)
{
	return window_range(s, strlen(s), s, out, msg, size);
}

/* Splits "DATE<blanks>REST": the date's status, and REST (may be empty). */
static enum upr_vstatus split_date(const char *s, int64_t *day, const char **rest,
				   char *msg, size_t size)
{
	size_t n = strlen(s);
	size_t dn = n < 10 ? n : 10;
	if (n > 10 && !is_blank(s[10]))
		return UPR_V_FORM;
	/* The form of the whole text first: a bad date in a text that is not
	 * a dated window at all is a form error. */
	if (!date_form(s, dn))
		return UPR_V_FORM;
	const char *r = s + dn;
	while (is_blank(*r))
		r++;
	*rest = r;
	return date_range(s, dn, day, msg, size);
}

enum upr_vstatus upr_parse_dated_window(const char *s, struct upr_interval *out,
					char *msg, size_t size)
{
	int64_t day;
	const char *rest;
	enum upr_vstatus st = split_date(s, &day, &rest, msg, size);
	if (st != UPR_V_OK)
		return st;
	if (!*rest) {
		if (rest != s + 10)
			return UPR_V_FORM;	/* trailing blanks only */
		out->start = day * UPR_MIN_PER_DAY;
		out->end = out->start + UPR_MIN_PER_DAY;
		return UPR_V_OK;
	}
	struct upr_interval w;
	st = window_range(rest, strlen(rest), s, &w, msg, size);
	if (st != UPR_V_OK)
		return st;
	out->start = day * UPR_MIN_PER_DAY + w.start;
	out->end = day * UPR_MIN_PER_DAY + w.end;
	return UPR_V_OK;
}

enum upr_vstatus upr_parse_datetime(const char *s, int64_t *t, char *msg, size_t size)
{
	int64_t day;
	const char *rest;
	enum upr_vstatus st = split_date(s, &day, &rest, msg, size);
	if (st != UPR_V_OK)
		return st;
	if (!*rest)
		return UPR_V_FORM;
	int m;
	st = time_range(rest, strlen(rest), false, &m, msg, size);
	if (st != UPR_V_OK)
		return st;
	*t = day * UPR_MIN_PER_DAY + m;
	return UPR_V_OK;
}

/* ---- languages ---- */

/* The codes ISO 639-1 assigns (183; the withdrawn 'bh' and 'sh' are not). */
static const char iso639_1[] =
	"aaabaeafakamanarasavayaz"
	"babebgbibmbnbobrbs"
	"cacechcocrcscucvcy"
	"dadedvdz"
	"eeeleneoeseteu"
	"fafffifjfofrfy"
	"gagdglgngugv"
	"hahehihohrhthuhyhz"
	"iaidieigiiikioisitiu"
	"jajv"
	"kakgkikjkkklkmknkokrkskukvkwky"
	"lalblglilnloltlulv"
	"mgmhmimkmlmnmrmsmtmy"
	"nanbndnengnlnnnonrnvny"
	"ocojomoros"
	"papiplpspt"
	"qu"
	"rmrnrorurw"
	"sascsdsesgsiskslsmsnsosqsrssstsusvsw"
	"tatetgthtitktltntotrtstttwty"
	"ugukuruz"
	"vevivo"
	"wawo"
	"xh"
	"yiyo"
	"zazhzu";

static bool iso639_known(char a, char b)
{
	for (size_t i = 0; i + 1 < sizeof(iso639_1); i += 2)
		if (iso639_1[i] == a && iso639_1[i + 1] == b)
			return true;
	return false;
}

bool upr_lang_known(const char *s)
{
	return strlen(s) == 2 && iso639_known(s[0], s[1]);
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

enum upr_vstatus upr_parse_lang(const char *s, upr_lang *out, char *msg, size_t size)
{
	char hint[160];
	if (strlen(s) != 2 || !(is_lower(s[0]) || is_upper(s[0])) ||
	    !(is_lower(s[1]) || is_upper(s[1]))) {
		/* a name or a tag: said in the words of an unknown code */
		if (!upr_lang_suggest(s, hint, sizeof(hint)))
			return UPR_V_FORM;
		snprintf(msg, size, "language '%s' is not an ISO 639-1 code (did you mean %s?)",
			 s, hint);
		return UPR_V_BAD;
	}
	if (!is_lower(s[0]) || !is_lower(s[1])) {
		char a = is_upper(s[0]) ? (char)(s[0] - 'A' + 'a') : s[0];
		char b = is_upper(s[1]) ? (char)(s[1] - 'A' + 'a') : s[1];
		snprintf(msg, size, "language '%s' must be written in lowercase ('%c%c')",
			 s, a, b);
		return UPR_V_BAD;
	}
	if (!iso639_known(s[0], s[1])) {
		snprintf(msg, size, "language '%s' is not an ISO 639-1 code", s);
		return UPR_V_BAD;
	}
	*out = UPR_LANG(s[0], s[1]);
	return UPR_V_OK;
}

/* ---- ids ---- */

static bool is_alnum(char c)
{
	return is_digit(c) || is_lower(c) || is_upper(c);
}

bool upr_id_valid(const char *s)
{
	if (!is_alnum(s[0]))
		return false;
	size_t i = 1;
	for (; s[i]; i++) {
		if (i >= UPR_ID_MAX)
			return false;
		if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return false;
	}
	return true;
}

bool upr_id_is_device_name(const char *s)
{
	static const char *const devices[] = { "con", "prn", "aux", "nul" };
	size_t n = strcspn(s, ".");
	if (n < 3 || n > 4)
		return false;
	char base[5];
	for (size_t i = 0; i < n; i++)
		base[i] = is_upper(s[i]) ? (char)(s[i] - 'A' + 'a') : s[i];
	base[n] = '\0';
	if (n == 4)
		return (memcmp(base, "com", 3) == 0 || memcmp(base, "lpt", 3) == 0) &&
		       base[3] >= '1' && base[3] <= '9';
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (strcmp(base, devices[i]) == 0)
			return true;
	return false;
}

void upr_id_fold(const char *s, char out[UPR_ID_MAX + 1])
{
	size_t i = 0;
	for (; s[i] && i < UPR_ID_MAX; i++)
		out[i] = is_upper(s[i]) ? (char)(s[i] - 'A' + 'a') : s[i];
	out[i] = '\0';
}

/* ---- did-you-mean ---- */

static char fold(char c)
{
	return is_upper(c) ? (char)(c - 'A' + 'a') : c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t upr_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > UPR_ID_MAX || m > UPR_ID_MAX)
		return SIZE_MAX;
	/* Three rows of the optimal-string-alignment table: the row before
	 * the previous one is what a transposition looks back to. */
	size_t rows[3][UPR_ID_MAX + 1];
	size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) && pp[j - 2] + 1 < cur[j])
				cur[j] = pp[j - 2] + 1;
		}
		size_t *t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

void upr_suggest_init(struct upr_suggest *s, const char *word)
{
	size_t len = strlen(word);
	s->word = word;
	s->max = len / 3 > 1 ? len / 3 : 1;
	s->best_d = SIZE_MAX;
	s->best = NULL;
}

void upr_suggest_add(struct upr_suggest *s, const char *candidate)
{
	size_t n = strlen(s->word), m = strlen(candidate);
	/* The length difference is a lower bound of the distance: skip
	 * the table for candidates that cannot be close. */
	if ((n > m ? n - m : m - n) > s->max)
		return;
	size_t d = upr_edit_distance(s->word, candidate);
	if (d <= s->max && d < s->best_d) {
		s->best_d = d;
		s->best = candidate;
	}
}
