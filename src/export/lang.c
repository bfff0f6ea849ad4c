/*
 * lang.c - picking a language and wording dates in it (lang.h).
 *
 * English dates keep the form the outputs have always had (the golden
 * outputs fix it), built from the civil date.  Other languages ask ICU for
 * the CLDR pattern of a skeleton ("yMMMMEEEEd": year, full month, full
 * weekday, day) and format the UDate of the day at noon in zone "UTC":
 * the day is a local date already, so no zone may move it, and noon keeps
 * it clear of any edge.  ICU works in UTF-16; results are turned to UTF-8
 * here.  When ICU fails (no data for the locale), the English form is
 * written rather than nothing.
 */
#include "export/lang.h"

#include <string.h>

#include "upr/upr.h"

#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/udateintervalformat.h>
#include <unicode/ustring.h>

static const struct upr_ui_table *const tables[UPR_UI_COUNT] = {
	[UPR_UI_EN] = &upr_ui_en,
	[UPR_UI_FR] = &upr_ui_fr,
	[UPR_UI_ES] = &upr_ui_es,
};

int upr_ui_lang_parse(const char *code)
{
	if (!code)
		return UPR_UI_EN;
	for (int i = 0; i < UPR_UI_COUNT; i++)
		if (strcmp(code, tables[i]->code) == 0)
			return i;
	return -1;
}

bool upr_output_lang_known(const char *code)
{
	return upr_ui_lang_parse(code) >= 0;
}

const char *upr_output_lang_list(void)
{
	return "en, fr, es";
}

const char *upr_ui_lang_code(enum upr_ui_lang l)
{
	return tables[(unsigned)l < UPR_UI_COUNT ? l : UPR_UI_EN]->code;
}

const char *upr_msg(enum upr_ui_lang l, enum upr_msg id)
{
	const struct upr_ui_table *t = tables[(unsigned)l < UPR_UI_COUNT ? l : UPR_UI_EN];
	return (unsigned)id < UPR_MSG_COUNT ? t->msgs[id] : "";
}

const char *upr_msg_n(enum upr_ui_lang l, enum upr_msg id, long long n)
{
	const struct upr_ui_table *t = tables[(unsigned)l < UPR_UI_COUNT ? l : UPR_UI_EN];
	bool one = t->plural_from_two ? (n == 0 || n == 1) : n == 1;
	return upr_msg(l, one ? id : (enum upr_msg)(id + 1));
}

/* ---- English, as the outputs have always had it ---- */

static const char *const weekdays[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};
static const char *const months[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static void en_date(struct upr_ebuf *b, int64_t day, unsigned flags, long *wb, long *we)
{
	int y;
	unsigned m, d;
	upr_civil_from_days(day, &y, &m, &d);
	/* 1970-01-01 was a Thursday (index 3 from Monday). */
	int64_t wd = (day % 7 + 7 + 3) % 7;
	if (flags & UPR_UI_DATE_WEEKDAY) {
		if (wb)
			*wb = (long)b->len;
		if (flags & UPR_UI_DATE_SHORT)
			upr_ebuf_add(b, weekdays[wd], 3);
		else
			upr_ebuf_puts(b, weekdays[wd]);
		if (we)
			*we = (long)b->len;
		upr_ebuf_putc(b, ' ');
	}
	if (flags & UPR_UI_DATE_SHORT) {
		upr_ebuf_printf(b, "%u ", d);
		upr_ebuf_add(b, months[(m - 1) % 12], 3);
	} else {
		upr_ebuf_printf(b, "%u %s", d, months[(m - 1) % 12]);
	}
	if (flags & UPR_UI_DATE_YEAR)
		upr_ebuf_printf(b, " %d", y);
}

static void en_date_range(struct upr_ebuf *b, int64_t first, int64_t last)
{
	int y1, y2;
	unsigned m1, d1, m2, d2;
	upr_civil_from_days(first, &y1, &m1, &d1);
	upr_civil_from_days(last, &y2, &m2, &d2);
	if (first == last) {
		en_date(b, first, UPR_UI_DATE_YEAR, NULL, NULL);
	} else if (y1 == y2 && m1 == m2) {
		upr_ebuf_printf(b, "%u\xe2\x80\x93", d1);
		en_date(b, last, UPR_UI_DATE_YEAR, NULL, NULL);
	} else {
		en_date(b, first, y1 != y2 ? UPR_UI_DATE_YEAR : 0, NULL, NULL);
		upr_ebuf_puts(b, " \xe2\x80\x93 ");
		en_date(b, last, UPR_UI_DATE_YEAR, NULL, NULL);
	}
}

/* ---- other languages, through ICU ---- */

#define USTR_MAX 128

static const UChar utc[] = { 'U', 'T', 'C', 0 };

/* The skeleton of flags: which fields, how long. */
static const char *skeleton(unsigned flags)
{
	bool wd = flags & UPR_UI_DATE_WEEKDAY, y = flags & UPR_UI_DATE_YEAR;
	if (flags & UPR_UI_DATE_SHORT)
		return wd ? (y ? "yMMMEd" : "MMMEd") : (y ? "yMMMd" : "MMMd");
	return wd ? (y ? "yMMMMEEEEd" : "MMMMEEEEd") : (y ? "yMMMMd" : "MMMMd");
}

/* The day at noon UTC, in ICU's milliseconds. */
static UDate noon(int64_t day)
{
	return ((double)day * 86400.0 + 43200.0) * 1000.0;
}

/* Appends u[0..n) as UTF-8; false when it does not convert. */
static bool put_u(struct upr_ebuf *b, const UChar *u, int32_t n)
{
	char out[4 * USTR_MAX];
	int32_t len = 0;
	UErrorCode st = U_ZERO_ERROR;
	u_strToUTF8(out, (int32_t)sizeof(out), &len, u, n, &st);
	if (U_FAILURE(st) || len > (int32_t)sizeof(out))
		return false;
	upr_ebuf_add(b, out, (size_t)len);
	return true;
}

/* The UTF-16 pattern of skel in locale loc into pat; its length, or -1. */
static int32_t best_pattern(const char *loc, const char *skel, UChar *pat, int32_t cap)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar uskel[32];
	u_uastrcpy(uskel, skel);
	UDateTimePatternGenerator *g = udatpg_open(loc, &st);
	if (U_FAILURE(st))
		return -1;
	int32_t n = udatpg_getBestPattern(g, uskel, -1, pat, cap, &st);
	udatpg_close(g);
	return U_FAILURE(st) || n >= cap ? -1 : n;
}

static bool icu_date(struct upr_ebuf *b, const char *loc, int64_t day, unsigned flags,
		     long *wb, long *we)
{
	UChar pat[USTR_MAX], res[USTR_MAX];
	int32_t np = best_pattern(loc, skeleton(flags), pat, USTR_MAX);
	if (np < 0)
		return false;
	UErrorCode st = U_ZERO_ERROR;
	UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, utc, -1, pat, np, &st);
	if (U_FAILURE(st))
		return false;
	UFieldPosition pos = { UDAT_DAY_OF_WEEK_FIELD, 0, 0 };
	int32_t n = udat_format(f, noon(day), res, USTR_MAX, &pos, &st);
	udat_close(f);
	if (U_FAILURE(st) || n >= USTR_MAX)
		return false;
	size_t at = b->len;
	if (!(flags & UPR_UI_DATE_WEEKDAY) || pos.endIndex <= pos.beginIndex)
		return put_u(b, res, n);
	/* in three parts, to know where the weekday's bytes are */
	if (!put_u(b, res, pos.beginIndex))
		return false;
	if (wb)
		*wb = (long)b->len;
	if (!put_u(b, res + pos.beginIndex, pos.endIndex - pos.beginIndex)) {
		b->len = at;
		return false;
	}
	if (we)
		*we = (long)b->len;
	if (!put_u(b, res + pos.endIndex, n - pos.endIndex)) {
		b->len = at;
		return false;
	}
	return true;
}

static bool icu_date_range(struct upr_ebuf *b, const char *loc, int64_t first, int64_t last)
{
	UChar skel[16], res[USTR_MAX];
	u_uastrcpy(skel, "yMMMMd");
	UErrorCode st = U_ZERO_ERROR;
	UDateIntervalFormat *f = udtitvfmt_open(loc, skel, -1, utc, -1, &st);
	if (U_FAILURE(st))
		return false;
	int32_t n = udtitvfmt_format(f, noon(first), noon(last), res, USTR_MAX, NULL, &st);
	udtitvfmt_close(f);
	if (U_FAILURE(st) || n >= USTR_MAX)
		return false;
	return put_u(b, res, n);
}

void upr_ui_date(struct upr_ebuf *b, enum upr_ui_lang l, int64_t day, unsigned flags,
		   long *wd_begin, long *wd_end)
{
	if (wd_begin)
		*wd_begin = -1;
	if (wd_end)
		*wd_end = -1;
	const char *loc = tables[(unsigned)l < UPR_UI_COUNT ? l : UPR_UI_EN]->icu_locale;
	if (loc && icu_date(b, loc, day, flags, wd_begin, wd_end))
		return;
	en_date(b, day, flags, wd_begin, wd_end);
}

void upr_ui_date_range(struct upr_ebuf *b, enum upr_ui_lang l, int64_t first, int64_t last)
{
	const char *loc = tables[(unsigned)l < UPR_UI_COUNT ? l : UPR_UI_EN]->icu_locale;
	if (loc && icu_date_range(b, loc, first, last))
		return;
	en_date_range(b, first, last);
}
