/*
 * html.h - what the two HTML pages share (programme.html in html.c,
 * organiser.html in organiser.c): escaping, names, times and dates, the
 * house style sheet.
 *
 * Private to src/export/.  Everything here appends to a struct upr_ebuf;
 * text from the input always goes through upr_html_esc or upr_html_name.
 */
#ifndef UPR_EXPORT_HTML_H
#define UPR_EXPORT_HTML_H

#include "export/lang.h"
#include "export/text.h"

/* Appends s cleaned and HTML-escaped (text and attribute values alike). */
void upr_html_esc(struct upr_ebuf *b, const char *s);
/* A name: escaped, in <bdi> so Arabic or Hebrew names do not reorder the
 * times beside them. */
void upr_html_name(struct upr_ebuf *b, const char *s);
/* "10:00" for a minute of the day. */
void upr_html_hm(struct upr_ebuf *b, int minute);
/* "10:00–11:00" (en dash), end counted from start's day. */
void upr_html_span(struct upr_ebuf *b, int64_t start, int64_t end);
/* What upr_html_date writes besides day and month. */
enum {
	UPR_DATE_WEEKDAY = 1,	/* "Tuesday " */
	UPR_DATE_YEAR = 2,	/* " 2017" */
	UPR_DATE_MARKUP = 4,	/* the weekday in <span class="wd"> (else plain text,
				 * as a CSS string needs) */
};
/* "Tuesday 12 December 2017" ("mardi 12 décembre 2017"), parts as flags
 * (UPR_DATE_*) say, in language lang (lang.h). */
void upr_html_date(struct upr_ebuf *b, enum upr_ui_lang lang, int64_t day, unsigned flags);
/* "12–14 December 2017", "30 November – 2 December 2017", ... */
void upr_html_date_range(struct upr_ebuf *b, enum upr_ui_lang lang, int64_t first, int64_t last);
/* "<!DOCTYPE html>" to the opening <style>, the page title from the event
 * name and what (" – programme"); <html lang> is lang's code. */
void upr_html_head(struct upr_ebuf *b, enum upr_ui_lang lang, const struct upr_problem *p,
		   const char *what);
/* The style both pages start from: fonts, colours, headings, masthead,
 * tables of lists; no text smaller than 12 px (9 pt). */
extern const char upr_html_base_css[];

#endif
