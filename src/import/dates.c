/*
 * dates.c - the simple availability forms of an application form, and its
 * submission times (the forms: convert.c's header, docs/reference.md).
 *
 * An item is read as tokens (numbers, words folded by upr_iso_fold, and
 * the marks - : / .), so "10-12 April", "10 – 12 avril" and "mardi 12
 * décembre 9h30-11h" read alike.  A date without a year is placed in the
 * year in which it is a day of the event; a range keeps its days of the
 * event; a date that is no day of the event is an error, since the loader
 * would refuse it as well or never use it.
 */
#include "import/import.h"

#include <stdio.h>
#include <string.h>

#include "load/isocodes.h"
#include "load/values.h"

enum tkind { T_NUM, T_WORD, T_MARK };

struct tok {
	enum tkind kind;
	int num, digits;
	char word[24];
	char mark;
};

#define MAX_TOKS 32

static const char *const months[][4] = {
	{ "january", "jan", "janvier", "janv" },	{ "february", "feb", "fevrier", "fevr" },
	{ "march", "mar", "mars", NULL },		{ "april", "apr", "avril", "avr" },
	{ "may", "mai", NULL, NULL },			{ "june", "jun", "juin", NULL },
	{ "july", "jul", "juillet", "juil" },		{ "august", "aug", "aout", NULL },
	{ "september", "sep", "sept", "septembre" },	{ "october", "oct", "octobre", NULL },
	{ "november", "nov", "novembre", NULL },	{ "december", "dec", "decembre", NULL },
};

/* Words that carry nothing here: weekdays, articles, ordinal suffixes. */
static const char *const skip_words[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"the", "le", "of", "on", "from", "de", "du", "st", "nd", "rd", "th", "er",
};

static const char *const range_words[] = { "to", "a", "au", "until", "through" };

static bool in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

static int month_of(const char *w)
{
	for (int m = 0; m < 12; m++)
		for (int k = 0; k < 4; k++)
			if (months[m][k] && strcmp(months[m][k], w) == 0)
				return m + 1;
	return 0;
}

/* Tokens of s; -1 when there are too many or a character is none of them. */
static int tokenize(const char *s, struct tok *t, size_t *n)
{
	*n = 0;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
			s++;
			continue;
		}
		if (*n == MAX_TOKS)
			return -1;
		struct tok *k = &t[(*n)++];
		memset(k, 0, sizeof(*k));
		if (c >= '0' && c <= '9') {
			k->kind = T_NUM;
			while (*s >= '0' && *s <= '9' && k->digits < 6)
				k->num = k->num * 10 + (*s++ - '0'), k->digits++;
			if (*s >= '0' && *s <= '9')
				return -1;
		} else if (c == '-' || c == ':' || c == '/' || c == '.') {
			k->kind = T_MARK;
			k->mark = (char)c;
			s++;
		} else if (c == 0xE2 && (unsigned char)s[1] == 0x80 &&
			   ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
			k->kind = T_MARK;	/* en and em dashes */
			k->mark = '-';
			s += 3;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) {
			char raw[64];
			size_t l = 0;
			while (*s && (((unsigned char)*s >= 'a' && (unsigned char)*s <= 'z') ||
				      ((unsigned char)*s >= 'A' && (unsigned char)*s <= 'Z') ||
				      (unsigned char)*s >= 0x80)) {
				if (l + 1 < sizeof(raw))
					raw[l++] = *s;
				s++;
			}
			raw[l] = '\0';
			k->kind = T_WORD;
			upr_iso_fold(raw, k->word, sizeof(k->word));
		} else {
			return -1;
		}
	}
	return 0;
}

struct rd {
	const struct tok *t;
	size_t n, i;
};

static const struct tok *peek(struct rd *r)
{
	return r->i < r->n ? &r->t[r->i] : NULL;
}

static void skip(struct rd *r)
{
	const struct tok *k;
	while ((k = peek(r)) && k->kind == T_WORD &&
	       in(k->word, skip_words, sizeof(skip_words) / sizeof(skip_words[0])))
		r->i++;
}

static bool mark(struct rd *r, char m)
{
	const struct tok *k = peek(r);
	if (k && k->kind == T_MARK && k->mark == m) {
		r->i++;
		return true;
	}
	return false;
}

static bool range_sep(struct rd *r)
{
	const struct tok *k = peek(r);
	if (mark(r, '-'))
		return true;
	if (k && k->kind == T_WORD &&
	    in(k->word, range_words, sizeof(range_words) / sizeof(range_words[0]))) {
		r->i++;
		return true;
	}
	return false;
}

static bool num(struct rd *r, int *v, int maxdigits)
{
	const struct tok *k = peek(r);
	if (k && k->kind == T_NUM && k->digits <= maxdigits) {
		*v = k->num;
		r->i++;
		return true;
	}
	return false;
}

static int month(struct rd *r)
{
	const struct tok *k = peek(r);
	int m = k && k->kind == T_WORD ? month_of(k->word) : 0;
	if (m) {
		r->i++;
		mark(r, '.');	/* "déc." */
	}
	return m;
}

static bool year(struct rd *r, int *v)
{
	const struct tok *k = peek(r);
	return k && k->kind == T_NUM && k->digits == 4 && num(r, v, 4);
}

/* "9:30", "9h30", "9h", "09.30", "9" into minutes; -1 if none. */
static int hm(struct rd *r)
{
	int h, m = 0;
	if (!num(r, &h, 2))
		return -1;
	const struct tok *k = peek(r);
	if (k && k->kind == T_WORD && strcmp(k->word, "h") == 0) {
		r->i++;
		num(r, &m, 2);
	} else if (mark(r, ':') || mark(r, '.')) {
		if (!num(r, &m, 2))
			return -1;
	}
	return h <= 24 && m < 60 && h * 60 + m <= 1440 ? h * 60 + m : -1;
}

/* One item into days [d1, d2] (years filled when written, else 0), with
 * an optional window [w1, w2). */
struct item {
	int y, m, d1, d2;
	int w1, w2;	/* -1: the whole day */
};

static bool read_item(struct rd *r, struct item *it)
{
	it->y = 0;
	it->w1 = it->w2 = -1;
	skip(r);
	int a, b, c;
	size_t at = r->i;
	if (num(r, &a, 4) && r->t[at].digits == 4 && mark(r, '-') && num(r, &b, 2) &&
	    mark(r, '-') && num(r, &c, 2)) {
		it->y = a, it->m = b, it->d1 = it->d2 = c;
	} else if ((r->i = at, num(r, &a, 2)) && (mark(r, '/') || mark(r, '.')) &&
		   num(r, &b, 2) && (mark(r, '/') || mark(r, '.')) && num(r, &c, 4) &&
		   r->t[r->i - 1].digits == 4) {
		it->y = c, it->m = b, it->d1 = it->d2 = a;
	} else if ((r->i = at, num(r, &a, 2))) {
		skip(r);
		it->d1 = it->d2 = a;
		size_t back = r->i;
		if (range_sep(r)) {
			skip(r);
			if (!num(r, &it->d2, 2))
				r->i = back;
			skip(r);
		}
		if (!(it->m = month(r)))
			return false;
		if (year(r, &c))
			it->y = c;
	} else if ((r->i = at, (it->m = month(r)) != 0)) {
		if (!num(r, &a, 2))
			return false;
		skip(r);
		it->d1 = it->d2 = a;
		size_t back = r->i;
		if (range_sep(r) && !(skip(r), num(r, &it->d2, 2)))
			r->i = back;
		skip(r);
		if (year(r, &c))
			it->y = c;
	} else {
		return false;
	}
	skip(r);
	if (r->i < r->n) {
		if ((it->w1 = hm(r)) < 0 || !range_sep(r) || (it->w2 = hm(r)) < 0)
			return false;
		if (it->w2 <= it->w1)
			return false;
	}
	return r->i == r->n && it->d2 >= it->d1;
}

static bool event_day(const struct upr_event *ev, int64_t day)
{
	for (size_t i = 0; i < ev->ndays; i++)
		if (ev->days[i] == day)
			return true;
	return false;
}

static int add_out(struct upr_arena *a, const char ***out, size_t *n, size_t *cap,
		   const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*out)[i], s) == 0)
			return 0;
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 8;
		const char **v = upr_arena_alloc(a, nc * sizeof(*v));
		if (!v)
			return -1;
		if (*n)
			memcpy(v, *out, *n * sizeof(*v));
		*out = v;
		*cap = nc;
	}
	(*out)[(*n)++] = s;
	return 0;
}

int upr_idates_parse(const struct upr_event *ev, const char *text, struct upr_arena *a,
		     const char ***out, size_t *n, char *msg, size_t size)
{
	size_t cap = 0;
	char first[11], last[11];
	upr_format_date(ev->days[0], first);
	upr_format_date(ev->days[ev->ndays - 1], last);
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, ";\n");
		/* ',' separates items too, but not inside "December 12, 2017" */
		size_t comma = strcspn(p, ",");
		if (comma < len) {
			const char *after = p + comma + 1;
			while (*after == ' ')
				after++;
			if (!(after[0] >= '0' && after[0] <= '9' && after[1] >= '0' && after[1] <= '9' &&
			      after[2] >= '0' && after[2] <= '9' && after[3] >= '0' && after[3] <= '9'))
				len = comma;
		}
		char item[256];
		snprintf(item, sizeof(item), "%.*s", (int)(len < 255 ? len : 255), p);
		p += len + (p[len] != '\0');
		struct tok t[MAX_TOKS];
		size_t nt = 0;
		int tr = tokenize(item, t, &nt);
		if (tr == 0 && nt == 0)
			continue;	/* blank between two separators */
		struct rd r = { t, nt, 0 };
		struct item it;
		char *q = item;
		while (*q == ' ' || *q == '\t' || *q == '\r')
			q++;
		if (tr != 0 || !read_item(&r, &it)) {
			snprintf(msg, size, "'%s' is not a date in a form import reads "
				 "(2017-12-12, 12 December, 12-13 December, 12 December 09:30-11:00)", q);
			return -1;
		}
		/* the year: as written, else the one in which the day is the event's */
		int y = it.y;
		for (size_t i = 0; !y && i < ev->ndays; i++) {
			int ey;
			unsigned em, ed;
			upr_civil_from_days(ev->days[i], &ey, &em, &ed);
			for (int d = it.d1; d <= it.d2 && !y; d++)
				if (upr_date_valid(ey, it.m, d) &&
				    event_day(ev, upr_days_from_civil(ey, (unsigned)it.m, (unsigned)d)))
					y = ey;
		}
		if (!y) {
			int ey;
			unsigned em, ed;
			upr_civil_from_days(ev->days[0], &ey, &em, &ed);
			y = ey;
		}
		bool any = false;
		for (int d = it.d1; d <= it.d2; d++) {
			if (!upr_date_valid(y, it.m, d)) {
				snprintf(msg, size, "'%s': there is no day %d in month %d of %d", q, d,
					 it.m, y);
				return -1;
			}
			int64_t day = upr_days_from_civil(y, (unsigned)it.m, (unsigned)d);
			if (!event_day(ev, day))
				continue;
			char ds[11], w1[6], w2[6];
			upr_format_date(day, ds);
			const char *s;
			if (it.w1 >= 0) {
				upr_format_hm(it.w1, w1);
				upr_format_hm(it.w2, w2);
				s = upr_arena_printf(a, "%s %s-%s", ds, w1, w2);
			} else {
				s = upr_arena_strdup(a, ds);
			}
			if (!s || add_out(a, out, n, &cap, s) != 0) {
				snprintf(msg, size, "out of memory");
				return -1;
			}
			any = true;
		}
		if (!any) {
			snprintf(msg, size, "'%s' is not a day of the event (%s to %s)", q, first, last);
			return -1;
		}
	}
	return 0;
}

const char *upr_idatetime_parse(const char *text, struct upr_arena *a, char *msg, size_t size)
{
	int y, mo, d, h, mi, used = 0;
	bool ok = false;
	if (sscanf(text, "%4d-%2d-%2d%*1[ T]%2d:%2d%n", &y, &mo, &d, &h, &mi, &used) == 5)
		ok = true;
	else if (sscanf(text, "%2d/%2d/%4d %2d:%2d%n", &d, &mo, &y, &h, &mi, &used) == 5)
		ok = true;
	else if (sscanf(text, "%2d.%2d.%4d %2d:%2d%n", &d, &mo, &y, &h, &mi, &used) == 5)
		ok = true;
	/* seconds, fractions and a zone are allowed and dropped */
	const char *rest = text + used;
	if (ok && *rest == ':')
		rest += strspn(rest + 1, "0123456789") + 1;
	if (ok && *rest == '.')
		rest += strspn(rest + 1, "0123456789") + 1;
	ok = ok && (*rest == '\0' || strspn(rest, "Z+-:0123456789") == strlen(rest));
	if (!ok || !upr_date_valid(y, mo, d) || h > 23 || mi > 59 || y < UPR_MIN_YEAR ||
	    y > UPR_MAX_YEAR) {
		snprintf(msg, size, "'%s' is not a date and time (2017-10-03 14:22, "
			 "03/10/2017 14:22)", text);
		return NULL;
	}
	return upr_arena_printf(a, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
}
