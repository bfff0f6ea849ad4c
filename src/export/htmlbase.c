/*
 * htmlbase.c - the pieces programme.html and organiser.html share: escaping,
 * times and dates in words, the document head and the base style sheet
 * (html.h).
 *
 * The style never sets a font size under 9 pt (12 px), never lets a word
 * break inside (overflow-wrap only breaks a word that is wider than its
 * whole line, which no real name is) and loads nothing: fonts are the
 * reader's own.
 */
#include "export/html.h"
#include "export/lang.h"

const char upr_html_base_css[] =
	":root{--un:#009edb;--navy:#0b3d66;--ink:#1d2a36;--muted:#5b6b7a;"
	"--rule:#c5d3df;--tint:#eaf5fc;--paper:#fff}\n"
	"*{box-sizing:border-box}\n"
	"html{font-family:\"Helvetica Neue\",Helvetica,Arial,\"Liberation Sans\","
	"\"DejaVu Sans\",sans-serif;font-size:10pt;line-height:1.4;color:var(--ink);"
	"background:var(--paper);-webkit-print-color-adjust:exact;print-color-adjust:exact;"
	"overflow-wrap:break-word;word-break:normal;hyphens:manual}\n"
	"body{margin:0 auto;padding:16px}\n"
	"@media print{body{max-width:none;padding:0}}\n"
	"h1,h2{font-family:Georgia,\"Times New Roman\",\"DejaVu Serif\",serif;"
	"font-weight:normal;color:var(--navy)}\n"
	".masthead{border-top:5px solid var(--un);padding:16px 0 12px;margin-bottom:16px;"
	"border-bottom:1px solid var(--rule)}\n"
	".kicker{margin:0 0 6px;color:var(--un);font-weight:bold;font-size:9pt;"
	"letter-spacing:.12em;text-transform:uppercase}\n"
	"h1{font-size:22pt;line-height:1.15;margin:0 0 8px}\n"
	".meta{margin:0;font-size:11pt}\n"
	".facts{margin:4px 0 0;color:var(--muted)}\n"
	"h2{font-size:15pt;margin:0 0 10px;padding-bottom:4px;border-bottom:2px solid var(--un)}\n"
	"h2 .wd{color:var(--un)}\n"
	"a{color:var(--navy)}\n"
	".nw{white-space:nowrap}\n"
	".none{color:var(--muted);font-style:italic}\n"
	"table{border-collapse:collapse;width:100%}\n"
	".list th{text-align:left;font-weight:bold;color:var(--navy);font-size:9pt;"
	"text-transform:uppercase;letter-spacing:.06em;border-bottom:1.5px solid var(--navy);"
	"padding:3px 6px}\n"
	".list td{border-bottom:1px solid var(--rule);padding:3px 6px;vertical-align:top}\n"
	".list td.n{white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted)}\n"
	".list tr{break-inside:avoid}\n"
	"footer{margin-top:20px;padding-top:6px;border-top:1px solid var(--rule);"
	"color:var(--muted);font-size:9pt}\n";

void upr_html_esc(struct upr_ebuf *b, const char *s)
{
	upr_ebuf_add_markup(b, s, UPR_MARKUP_HTML);
}

void upr_html_name(struct upr_ebuf *b, const char *s)
{
	upr_ebuf_puts(b, "<bdi>");
	upr_html_esc(b, s);
	upr_ebuf_puts(b, "</bdi>");
}

void upr_html_hm(struct upr_ebuf *b, int minute)
{
	char hm[6];
	upr_format_hm(minute, hm);
	upr_ebuf_puts(b, hm);
}

void upr_html_span(struct upr_ebuf *b, int64_t start, int64_t end)
{
	upr_html_hm(b, upr_ex_minute(start));
	upr_ebuf_puts(b, "\xe2\x80\x93");
	upr_html_hm(b, (int)(end - upr_ex_day(start) * UPR_MIN_PER_DAY));
}

void upr_html_date(struct upr_ebuf *b, enum upr_ui_lang lang, int64_t day, unsigned flags)
{
	struct upr_ebuf t;
	upr_ebuf_init(&t);
	long wb, we;
	upr_ui_date(&t, lang, day, flags & (UPR_DATE_WEEKDAY | UPR_DATE_YEAR), &wb, &we);
	if (t.failed)
		b->failed = true;
	if ((flags & UPR_DATE_MARKUP) && wb >= 0 && we >= wb) {
		upr_ebuf_add(b, t.p, (size_t)wb);
		upr_ebuf_puts(b, "<span class=\"wd\">");
		upr_ebuf_add(b, t.p + wb, (size_t)(we - wb));
		upr_ebuf_puts(b, "</span>");
		upr_ebuf_add(b, t.p + we, t.len - (size_t)we);
	} else if (t.len) {
		upr_ebuf_add(b, t.p, t.len);
	}
	upr_ebuf_release(&t);
}

void upr_html_date_range(struct upr_ebuf *b, enum upr_ui_lang lang, int64_t first, int64_t last)
{
	upr_ui_date_range(b, lang, first, last);
}

void upr_html_head(struct upr_ebuf *b, enum upr_ui_lang lang, const struct upr_problem *p,
		   const char *what)
{
	upr_ebuf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
			upr_ui_lang_code(lang));
	upr_ebuf_puts(b,
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			 "<meta name=\"generator\" content=\"upr-schedule " UPR_VERSION "\">\n"
			 "<title>");
	upr_html_esc(b, p->event.name);
	upr_ebuf_printf(b, " \xe2\x80\x93 %s</title>\n<style>\n", what);
	upr_ebuf_puts(b, upr_html_base_css);
}
