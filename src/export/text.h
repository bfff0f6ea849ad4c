/*
 * text.h - what the non-JSON writers share: a growable output buffer, the
 * cleaning of input text, and the derived items of a session.
 *
 * Private to src/export/.  Every writer builds its whole file in a struct
 * upr_ebuf and writes it with one fwrite, so a failure halfway (memory, a
 * cap) never leaves a partial file behind the caller's temporary name.
 */
#ifndef UPR_EXPORT_TEXT_H
#define UPR_EXPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/timetable.h"

/* Largest file a writer builds: far above any real programme (100,000
 * statements), low enough that a runaway loop fails instead of eating RAM. */
#define UPR_EBUF_MAX ((size_t)256 * 1024 * 1024)

/* A byte buffer, always NUL-terminated once anything was added.  After a
 * failed append (no memory, over UPR_EBUF_MAX) failed is set and every later
 * append does nothing, so callers check once at the end. */
struct upr_ebuf {
	char *p;
	size_t len, cap;
	bool failed;
	bool capped;		/* failed because of UPR_EBUF_MAX, not memory */
};

void upr_ebuf_init(struct upr_ebuf *b);
void upr_ebuf_release(struct upr_ebuf *b);
void upr_ebuf_add(struct upr_ebuf *b, const char *s, size_t n);
void upr_ebuf_puts(struct upr_ebuf *b, const char *s);
void upr_ebuf_putc(struct upr_ebuf *b, char c);
void upr_ebuf_printf(struct upr_ebuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Writes the buffer to f: 0, or -1 when the buffer failed (errno EFBIG
 * past UPR_EBUF_MAX, else ENOMEM) or f did (errno from the stream). */
int upr_ebuf_write(const struct upr_ebuf *b, FILE *f);

/*
 * Appends s cleaned for a format whose lines or markup must not be
 * influenced by the input: every control character (U+0000-U+001F, U+007F,
 * U+0080-U+009F) and the Unicode line and paragraph separators (U+2028,
 * U+2029) become one space each, and every byte that is not part of valid
 * UTF-8 becomes U+FFFD.  Everything else is copied unchanged, so the result
 * is valid UTF-8 with no way to end a line.  NULL appends nothing.
 */
void upr_ebuf_add_clean(struct upr_ebuf *b, const char *s);

/* Markup that upr_ebuf_add_markup writes into. */
enum upr_markup {
	UPR_MARKUP_HTML,	/* ' as &#39; */
	UPR_MARKUP_XML,		/* ' as &apos;, and U+FFFE, U+FFFF (not XML
				 * characters) as U+FFFD */
};

/* Appends s cleaned (upr_ebuf_add_clean) and escaped for the content and
 * the quoted attribute values of markup m. */
void upr_ebuf_add_markup(struct upr_ebuf *b, const char *s, enum upr_markup m);
/* Length of the valid UTF-8 sequence (shortest form, no surrogates, at most
 * U+10FFFF) starting at s, with n bytes available; 0 if invalid. */
size_t upr_ex_utf8_len(const unsigned char *s, size_t n);

/* One line of a session's running order (its item types: docs/reference.md#timetablejson). */
enum upr_item_type {
	UPR_ITEM_OPENING,
	UPR_ITEM_REMARKS,
	UPR_ITEM_STATEMENT,
	UPR_ITEM_QUESTIONS
};
extern const char *const upr_ex_item_names[4]; /* "opening", ... */

struct upr_item {
	enum upr_item_type type;
	int64_t start, end;	/* local minutes */
	int stmt;		/* index into session->stmts, or -1 */
};

/*
 * Fills items (room for s->nstmts + 3) with the session's running order:
 * the opening from start, the State's remarks when state_statement > 0, the
 * statements, then the questions from the last statement's end to the
 * session's end.  Items of 0 minutes (or fewer, in a hand-edited timetable)
 * are left out.  Returns how many were written.
 */
size_t upr_ex_items(const struct upr_problem *p, const struct upr_session *s,
			 struct upr_item *items);

/* Display names of enum upr_kind: "CSO", "NHRI", "coalition". */
extern const char *const upr_ex_kind_labels[3];

/* "10:00-10:05": the local times of [start, end), end counted from start's
 * day (24:00 at most). */
void upr_ex_put_span(struct upr_ebuf *b, int64_t start, int64_t end);
/* "<organisation> (NHRI, en, remote)", the organisation cleaned. */
void upr_ex_put_speaker(struct upr_ebuf *b, const struct upr_speaker *sp);
/*
 * The running order as plain text, input cleaned, lines joined by '\n'
 * (no newline at the end):
 *   Running order:
 *   10:00-10:05 Opening
 *   10:05-10:07 Remarks by the State under Review
 *   10:07-10:14 <organisation> (NHRI, en)
 *   10:40-11:00 Questions and answers
 */
void upr_ex_running_order(struct upr_ebuf *b, const struct upr_problem *p,
			  const struct upr_session *s);

/* Day number of local minutes t, and minute of that day. */
int64_t upr_ex_day(int64_t t);
int upr_ex_minute(int64_t t);

/* Bounds-checked names: "" (never NULL) for an index out of range, so a
 * hand-edited timetable cannot make a writer read outside the problem. */
const char *upr_ex_state_name(const struct upr_problem *p, int state);
const char *upr_ex_state_id(const struct upr_problem *p, int state);
const char *upr_ex_room_name(const struct upr_problem *p, int room);
const char *upr_ex_room_id(const struct upr_problem *p, int room);
const struct upr_speaker *upr_ex_speaker(const struct upr_problem *p, int speaker);

/* The event days and, for a hand-edited timetable, any other day with a
 * session: sorted, unique; *n set.  NULL out of memory; caller frees with
 * upr_free. */
int64_t *upr_ex_all_days(const struct upr_problem *p, const struct upr_timetable *t, size_t *n);

#endif
