/*
 * text.c - output buffer, text cleaning and running orders for the writers
 * of timetable.csv, the calendars, programme.html and schedule.xml.
 *
 * Invariants: a struct upr_ebuf never grows past UPR_EBUF_MAX and, once
 * failed, stays failed; upr_ebuf_add_clean emits only valid UTF-8 without
 * control characters, whatever bytes it is given.
 */
#include "export/text.h"
#include "export/lang.h"
#include "model/session.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const upr_ex_item_names[4] = { "opening", "remarks", "statement", "questions" };

void upr_ebuf_init(struct upr_ebuf *b)
{
	memset(b, 0, sizeof(*b));
}

void upr_ebuf_release(struct upr_ebuf *b)
{
	upr_free(b->p);
	upr_ebuf_init(b);
}

/* Makes room for n more bytes and the terminating NUL. */
static bool reserve(struct upr_ebuf *b, size_t n)
{
	if (b->failed)
		return false;
	if (n > UPR_EBUF_MAX - b->len - 1 || b->len >= UPR_EBUF_MAX) {
		b->failed = b->capped = true;
		return false;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 1024;
	while (cap < need)
		cap = cap > UPR_EBUF_MAX / 2 ? UPR_EBUF_MAX : cap * 2;
	char *p = upr_realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void upr_ebuf_add(struct upr_ebuf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void upr_ebuf_puts(struct upr_ebuf *b, const char *s)
{
	upr_ebuf_add(b, s, strlen(s));
}

void upr_ebuf_putc(struct upr_ebuf *b, char c)
{
	upr_ebuf_add(b, &c, 1);
}

void upr_ebuf_printf(struct upr_ebuf *b, const char *fmt, ...)
{
	if (b->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int upr_ebuf_write(const struct upr_ebuf *b, FILE *f)
{
	if (b->failed) {
		errno = b->capped ? EFBIG : ENOMEM;	/* for the caller's message */
		return -1;
	}
	if (b->len && fwrite(b->p, 1, b->len, f) != b->len)
		return -1;
	if (fflush(f) != 0 || ferror(f))
		return -1;
	return 0;
}

size_t upr_ex_utf8_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	size_t len;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;	/* continuation byte, overlong lead, or > U+10FFFF */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;	/* overlong, or beyond Unicode */
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;	/* UTF-16 surrogates are not characters */
	return len;
}

void upr_ebuf_add_clean(struct upr_ebuf *b, const char *str)
{
	if (!str)
		return;
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	size_t i = 0;
	while (i < n) {
		/* Copy the longest run that needs no change in one go. */
		size_t run = i;
		for (;;) {
			size_t len = upr_ex_utf8_len(s + run, n - run);
			if (len == 0)
				break;
			unsigned c0 = s[run];
			if (len == 1 && (c0 < 0x20 || c0 == 0x7f))
				break;
			if (len == 2 && c0 == 0xc2 && s[run + 1] < 0xa0)
				break;	/* C1 controls U+0080-U+009F */
			if (len == 3 && c0 == 0xe2 && s[run + 1] == 0x80 &&
			    (s[run + 2] == 0xa8 || s[run + 2] == 0xa9))
				break;	/* U+2028, U+2029 */
			run += len;
			if (run >= n)
				break;
		}
		if (run > i) {
			upr_ebuf_add(b, str + i, run - i);
			i = run;
			continue;
		}
		size_t len = upr_ex_utf8_len(s + i, n - i);
		if (len == 0) {
			upr_ebuf_puts(b, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
		} else {
			upr_ebuf_putc(b, ' ');
			i += len;
		}
	}
}

void upr_ebuf_add_markup(struct upr_ebuf *b, const char *s, enum upr_markup m)
{
	struct upr_ebuf c;
	upr_ebuf_init(&c);
	upr_ebuf_add_clean(&c, s);
	if (c.failed)
		b->failed = true;
	for (size_t i = 0; i < c.len; i++) {
		/* the run up to the next byte that changes, in one go: a
		 * million waitlisted reasons went byte by byte */
		size_t run = i;
		while (run < c.len && !strchr("&<>\"'\xef", c.p[run]))
			run++;
		if (run > i) {
			upr_ebuf_add(b, c.p + i, run - i);
			i = run - 1;
			continue;
		}
		unsigned char ch = (unsigned char)c.p[i];
		switch (ch) {
		case '&':
			upr_ebuf_puts(b, "&amp;");
			break;
		case '<':
			upr_ebuf_puts(b, "&lt;");
			break;
		case '>':
			upr_ebuf_puts(b, "&gt;");
			break;
		case '"':
			upr_ebuf_puts(b, "&quot;");
			break;
		case '\'':
			upr_ebuf_puts(b, m == UPR_MARKUP_XML ? "&apos;" : "&#39;");
			break;
		default:
			if (m == UPR_MARKUP_XML && ch == 0xef && i + 2 < c.len &&
			    (unsigned char)c.p[i + 1] == 0xbf &&
			    ((unsigned char)c.p[i + 2] & 0xfe) == 0xbe) {
				upr_ebuf_puts(b, "\xef\xbf\xbd");
				i += 2;
			} else {
				upr_ebuf_putc(b, (char)ch);
			}
		}
	}
	upr_ebuf_release(&c);
}

int64_t upr_ex_day(int64_t t)
{
	return upr_floor_div(t, UPR_MIN_PER_DAY);
}

int upr_ex_minute(int64_t t)
{
	return (int)(t - upr_ex_day(t) * UPR_MIN_PER_DAY);
}

size_t upr_ex_items(const struct upr_problem *p, const struct upr_session *s,
		    struct upr_item *items)
{
	size_t n = 0;
	int64_t t = s->start;
	int64_t open_end = t + p->event.opening;
	if (open_end > t)
		items[n++] = (struct upr_item){ UPR_ITEM_OPENING, t, open_end, -1 };
	t = open_end;
	int64_t rem_end = upr_session_stmts_start(p, s->state, s->start);
	if (rem_end > t)
		items[n++] = (struct upr_item){ UPR_ITEM_REMARKS, t, rem_end, -1 };
	t = rem_end;
	for (size_t i = 0; i < s->nstmts; i++) {
		const struct upr_stmt *st = &s->stmts[i];
		int64_t end = st->start + st->minutes;
		if (end > st->start)
			items[n++] = (struct upr_item){ UPR_ITEM_STATEMENT, st->start, end, (int)i };
		t = end;
	}
	if (s->end > t)
		items[n++] = (struct upr_item){ UPR_ITEM_QUESTIONS, t, s->end, -1 };
	return n;
}

const char *upr_ex_state_name(const struct upr_problem *p, int state)
{
	if (state < 0 || (size_t)state >= p->nstates || !p->states[state].name)
		return "";
	return p->states[state].name;
}

const char *upr_ex_state_id(const struct upr_problem *p, int state)
{
	if (state < 0 || (size_t)state >= p->nstates || !p->states[state].id)
		return "";
	return p->states[state].id;
}

const char *upr_ex_room_name(const struct upr_problem *p, int room)
{
	if (room < 0 || (size_t)room >= p->nrooms)
		return "";
	const struct upr_room *r = &p->rooms[room];
	return r->name ? r->name : r->id ? r->id : "";
}

const char *upr_ex_room_id(const struct upr_problem *p, int room)
{
	if (room < 0 || (size_t)room >= p->nrooms || !p->rooms[room].id)
		return "";
	return p->rooms[room].id;
}

const struct upr_speaker *upr_ex_speaker(const struct upr_problem *p, int speaker)
{
	if (speaker < 0 || (size_t)speaker >= p->nspeakers)
		return NULL;
	return &p->speakers[speaker];
}

const char *const upr_ex_kind_labels[3] = { "CSO", "NHRI", "coalition" };

void upr_ex_put_span(struct upr_ebuf *b, int64_t start, int64_t end)
{
	char s[6], e[6];
	upr_format_hm(upr_ex_minute(start), s);
	upr_format_hm((int)(end - upr_ex_day(start) * UPR_MIN_PER_DAY), e);
	upr_ebuf_printf(b, "%s-%s", s, e);
}

void upr_ex_put_speaker(struct upr_ebuf *b, const struct upr_speaker *sp)
{
	upr_ex_put_speaker_lang(b, UPR_UI_EN, sp);
}

void upr_ex_put_speaker_lang(struct upr_ebuf *b, enum upr_ui_lang l, const struct upr_speaker *sp)
{
	char lang[3];
	upr_ebuf_add_clean(b, sp->organisation);
	upr_lang_format(sp->language, lang);
	upr_ebuf_printf(b, " (%s, %s%s)", upr_ex_kind_labels[sp->kind], lang,
			sp->remote ? upr_msg(l, UPR_MSG_REMOTE) : "");
}

void upr_ex_running_order(struct upr_ebuf *b, const struct upr_problem *p,
			  const struct upr_session *s)
{
	upr_ex_running_order_lang(b, UPR_UI_EN, p, s);
}

void upr_ex_running_order_lang(struct upr_ebuf *b, enum upr_ui_lang lang,
			       const struct upr_problem *p, const struct upr_session *s)
{
	struct upr_item *items = upr_malloc((s->nstmts + 3) * sizeof(*items));
	if (!items) {
		b->failed = true;
		return;
	}
	size_t n = upr_ex_items(p, s, items);
	upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_RUNNING_ORDER));
	for (size_t i = 0; i < n; i++) {
		upr_ebuf_putc(b, '\n');
		upr_ex_put_span(b, items[i].start, items[i].end);
		upr_ebuf_putc(b, ' ');
		switch (items[i].type) {
		case UPR_ITEM_OPENING:
			upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_OPENING));
			break;
		case UPR_ITEM_REMARKS:
			upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_REMARKS));
			break;
		case UPR_ITEM_STATEMENT: {
			const struct upr_speaker *sp =
				upr_ex_speaker(p, s->stmts[items[i].stmt].speaker);
			if (sp)
				upr_ex_put_speaker_lang(b, lang, sp);
			break;
		}
		case UPR_ITEM_QUESTIONS:
			upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_QA));
			break;
		}
	}
	upr_free(items);
}

static int cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t *upr_ex_all_days(const struct upr_problem *p, const struct upr_timetable *t, size_t *n)
{
	int64_t *d = upr_malloc((p->event.ndays + t->nsessions + 1) * sizeof(*d));
	if (!d)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < p->event.ndays; i++)
		d[k++] = p->event.days[i];
	for (size_t i = 0; i < t->nsessions; i++)
		d[k++] = upr_ex_day(t->sessions[i].start);
	qsort(d, k, sizeof(*d), cmp_day);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (u == 0 || d[u - 1] != d[i])
			d[u++] = d[i];
	*n = u;
	return d;
}
