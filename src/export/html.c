/*
 * html.c - programme.html: the printable programme (docs/reference.md#programmehtml).
 *
 * One self-contained page: no script, no external file (fonts, images and
 * style are the browser's own or inline), so it can be mailed, archived and
 * printed as it is.  It holds, in order:
 *   - the masthead: event name, venue, dates, counts;
 *   - per day (a new A4 page each), a grid with the rooms as columns and
 *     time running down; each session is one block (State, time, running
 *     order) spanning the rows of its time;
 *   - the running order of every State, on a new page;
 *   - the States not held and the waitlist.
 *
 * The grid is an HTML table whose rows are the intervals between
 * consecutive session starts and ends of the day, so any times (a 10-minute
 * gap, a 45-minute grid) fit without a fixed slot size; a row no session
 * covers is drawn as a thin break.  A session that overlaps another in the
 * same room (only a hand-edited timetable can have one) shares its cell, so
 * the table never breaks.
 *
 * Every text from the input is cleaned (no control characters, valid UTF-8)
 * and escaped (& < > " '), and names sit in <bdi> so Arabic or Hebrew names
 * do not reorder the times beside them.
 */
#include "export/export.h"
#include "export/text.h"

#include <stdlib.h>
#include <string.h>

static const char *const weekdays[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};
static const char *const months[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static const char css[] =
	"@page{size:A4;margin:14mm 12mm 16mm}\n"
	":root{--un:#009edb;--navy:#0b3d66;--ink:#1d2a36;--muted:#5b6b7a;"
	"--rule:#c5d3df;--tint:#eaf5fc;--paper:#fff}\n"
	"*{box-sizing:border-box}\n"
	"html{font-family:\"Helvetica Neue\",Helvetica,Arial,\"Liberation Sans\","
	"\"DejaVu Sans\",sans-serif;font-size:10pt;line-height:1.35;color:var(--ink);"
	"background:var(--paper);-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{margin:0 auto;max-width:190mm;padding:10mm 6mm}\n"
	"@media print{body{max-width:none;padding:0}}\n"
	"h1,h2{font-family:Georgia,\"Times New Roman\",\"DejaVu Serif\",serif;"
	"font-weight:normal;color:var(--navy)}\n"
	".masthead{border-top:5px solid var(--un);padding:6mm 0 5mm;margin-bottom:7mm;"
	"border-bottom:1px solid var(--rule)}\n"
	".kicker{margin:0 0 2mm;color:var(--un);font-weight:bold;font-size:8.5pt;"
	"letter-spacing:.14em;text-transform:uppercase}\n"
	"h1{font-size:22pt;line-height:1.15;margin:0 0 2.5mm}\n"
	".meta{margin:0;font-size:11pt}\n"
	".facts{margin:1.5mm 0 0;color:var(--muted)}\n"
	"h2{font-size:15pt;margin:0 0 4mm;padding-bottom:1.5mm;border-bottom:2px solid var(--un)}\n"
	"h2 .wd{color:var(--un)}\n"
	".day,.orders{break-before:page}\n"
	".day.first{break-before:auto}\n"
	".none{color:var(--muted);font-style:italic}\n"
	"table{border-collapse:collapse;width:100%}\n"
	".grid{table-layout:fixed;margin-bottom:6mm}\n"
	".grid th,.grid td{border:1px solid var(--rule);vertical-align:top;padding:0;"
	"overflow-wrap:anywhere}\n"
	".grid thead th{background:var(--navy);color:#fff;text-align:left;padding:2mm 2.5mm;"
	"font-size:10.5pt}\n"
	".grid thead th small{display:block;font-weight:normal;font-size:8pt;color:#cfe3f2}\n"
	".grid .tc{width:15mm}\n"
	".grid th.t{padding:1.5mm 2mm;text-align:right;font-weight:normal;color:var(--muted);"
	"background:#f5f8fb;font-variant-numeric:tabular-nums}\n"
	".grid thead th.t{background:var(--navy);color:#cfe3f2}\n"
	".grid td.s{background:var(--tint);border-left:3px solid var(--un);padding:2mm 2.5mm;"
	"break-inside:avoid}\n"
	".grid tr.gap th,.grid tr.gap td{height:5mm;background:#f5f8fb;color:var(--muted);"
	"font-size:8pt;font-style:italic;padding:1mm 2mm}\n"
	".blk{break-inside:avoid}\n"
	".blk+.blk{margin-top:2mm;padding-top:2mm;border-top:1px dashed var(--rule)}\n"
	".blk h3{margin:0;font-size:11.5pt;color:var(--navy)}\n"
	".when{margin:.3mm 0 1.5mm;color:var(--muted);font-size:8.5pt}\n"
	"ol.ro{list-style:none;margin:0;padding:0;font-size:8.5pt}\n"
	"ol.ro li{padding-left:11mm;text-indent:-11mm;margin:.4mm 0}\n"
	".tm{display:inline-block;width:11mm;text-indent:0;color:var(--muted);"
	"font-variant-numeric:tabular-nums}\n"
	".tag{display:inline-block;margin-left:1mm;padding:0 1mm;border-radius:1mm;"
	"font-size:6.5pt;line-height:1.45;text-indent:0;letter-spacing:.04em;"
	"border:1px solid #a9bccb;color:#4a5d6e;vertical-align:1px;white-space:nowrap}\n"
	".tag.k{background:var(--un);border-color:var(--un);color:#fff}\n"
	".tag.v{border-color:var(--navy);color:var(--navy)}\n"
	".orders article{break-inside:avoid;margin-bottom:5mm}\n"
	".orders h3{margin:0;font-size:12pt;color:var(--navy)}\n"
	".list{font-size:9pt;table-layout:fixed}\n"
	".list .c-t{width:25mm}.list .c-k{width:22mm}.list .c-l{width:20mm}"
	".list .c-r{width:18mm}.list .c-s{width:45mm}\n"
	".list th{text-align:left;font-weight:bold;color:var(--navy);font-size:8pt;"
	"text-transform:uppercase;letter-spacing:.06em;border-bottom:1.5px solid var(--navy);"
	"padding:1mm 2mm}\n"
	".list td{border-bottom:1px solid var(--rule);padding:1mm 2mm;vertical-align:top;"
	"overflow-wrap:anywhere}\n"
	".list td.n{white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted)}\n"
	".list tr.x td{color:var(--muted);font-style:italic}\n"
	".lists{margin-top:8mm}\n"
	".lists section{break-inside:avoid;margin-bottom:6mm}\n"
	"footer{margin-top:8mm;padding-top:2mm;border-top:1px solid var(--rule);"
	"color:var(--muted);font-size:8pt}\n";

/* ---- text ---- */

/* Appends s cleaned and HTML-escaped (text and attribute values alike). */
static void esc(struct upr_ebuf *b, const char *s)
{
	struct upr_ebuf c;
	upr_ebuf_init(&c);
	upr_ebuf_add_clean(&c, s);
	if (c.failed)
		b->failed = true;
	for (size_t i = 0; i < c.len; i++) {
		switch (c.p[i]) {
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
			upr_ebuf_puts(b, "&#39;");
			break;
		default:
			upr_ebuf_putc(b, c.p[i]);
		}
	}
	upr_ebuf_release(&c);
}

/* A name: escaped, isolated for bidirectional text. */
static void name(struct upr_ebuf *b, const char *s)
{
	upr_ebuf_puts(b, "<bdi>");
	esc(b, s);
	upr_ebuf_puts(b, "</bdi>");
}

static void put_hm(struct upr_ebuf *b, int minute)
{
	char hm[6];
	upr_format_hm(minute, hm);
	upr_ebuf_puts(b, hm);
}

/* "10:00–11:00" (en dash) */
static void put_span(struct upr_ebuf *b, int64_t start, int64_t end)
{
	put_hm(b, upr_ex_minute(start));
	upr_ebuf_puts(b, "\xe2\x80\x93");
	put_hm(b, (int)(end - upr_ex_day(start) * UPR_MIN_PER_DAY));
}

/* "Tuesday 12 December 2017"; weekday and year optional. */
static void put_date(struct upr_ebuf *b, int64_t day, bool weekday, bool year)
{
	int y;
	unsigned m, d;
	upr_civil_from_days(day, &y, &m, &d);
	if (weekday) {
		/* 1970-01-01 was a Thursday (index 3 from Monday). */
		int64_t wd = (day % 7 + 7 + 3) % 7;
		upr_ebuf_printf(b, "<span class=\"wd\">%s</span> ", weekdays[wd]);
	}
	upr_ebuf_printf(b, "%u %s", d, months[(m - 1) % 12]);
	if (year)
		upr_ebuf_printf(b, " %d", y);
}

/* "12–14 December 2017", "30 November – 2 December 2017", ... */
static void put_date_range(struct upr_ebuf *b, int64_t first, int64_t last)
{
	int y1, y2;
	unsigned m1, d1, m2, d2;
	upr_civil_from_days(first, &y1, &m1, &d1);
	upr_civil_from_days(last, &y2, &m2, &d2);
	if (first == last) {
		put_date(b, first, false, true);
	} else if (y1 == y2 && m1 == m2) {
		upr_ebuf_printf(b, "%u\xe2\x80\x93", d1);
		put_date(b, last, false, true);
	} else {
		put_date(b, first, false, y1 != y2);
		upr_ebuf_puts(b, " \xe2\x80\x93 ");
		put_date(b, last, false, true);
	}
}

static void put_tags(struct upr_ebuf *b, const struct upr_speaker *sp)
{
	char lang[3];
	upr_lang_format(sp->language, lang);
	if (sp->kind != UPR_KIND_CSO)
		upr_ebuf_printf(b, "<span class=\"tag k\">%s</span>", upr_ex_kind_labels[sp->kind]);
	upr_ebuf_printf(b, "<span class=\"tag\">%c%c</span>", lang[0] - 'a' + 'A', lang[1] - 'a' + 'A');
	if (sp->remote)
		upr_ebuf_puts(b, "<span class=\"tag v\">video</span>");
}

static const char *item_label(enum upr_item_type type)
{
	switch (type) {
	case UPR_ITEM_OPENING:
		return "Opening by the moderator";
	case UPR_ITEM_REMARKS:
		return "Remarks by the State under Review";
	case UPR_ITEM_QUESTIONS:
		return "Questions and answers";
	default:
		return "";
	}
}

/* ---- the grid of one day ---- */

struct cell {
	size_t row0, row1;	/* rows [row0, row1) */
	size_t first, n;	/* sessions ord[first .. first+n) */
};

struct day_ctx {
	const struct upr_problem *p;
	const struct upr_timetable *t;
	const struct upr_session **ord; /* the day's sessions, by room then start */
	int64_t *bounds;	/* row boundaries */
	struct cell *cells;
	int *cell_at;		/* [room * nrows + row]: cell starting or covering, -1 */
	struct upr_item *items;
};

static int cmp_room_start(const void *a, const void *b)
{
	const struct upr_session *x = *(const struct upr_session *const *)a;
	const struct upr_session *y = *(const struct upr_session *const *)b;
	if (x->room != y->room)
		return x->room < y->room ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->state < y->state ? -1 : x->state > y->state;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static size_t bound_index(const int64_t *v, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void put_block(struct upr_ebuf *b, struct day_ctx *c, const struct upr_session *s)
{
	const struct upr_problem *p = c->p;
	upr_ebuf_puts(b, "<div class=\"blk\"><h3>");
	name(b, upr_ex_state_name(p, s->state));
	upr_ebuf_puts(b, "</h3><p class=\"when\">");
	put_span(b, s->start, s->end);
	upr_ebuf_printf(b, " \xc2\xb7 %zu statement%s</p><ol class=\"ro\">", s->nstmts,
			s->nstmts == 1 ? "" : "s");
	size_t n = upr_ex_items(p, s, c->items);
	for (size_t i = 0; i < n; i++) {
		const struct upr_item *it = &c->items[i];
		upr_ebuf_puts(b, "<li><span class=\"tm\">");
		put_hm(b, upr_ex_minute(it->start));
		upr_ebuf_puts(b, "</span>");
		const struct upr_speaker *sp = it->type == UPR_ITEM_STATEMENT
			? upr_ex_speaker(p, s->stmts[it->stmt].speaker) : NULL;
		if (sp) {
			name(b, sp->organisation);
			put_tags(b, sp);
		} else if (it->type == UPR_ITEM_OPENING) {
			upr_ebuf_puts(b, "Opening");
		} else if (it->type == UPR_ITEM_REMARKS) {
			upr_ebuf_puts(b, "State under Review");
		} else if (it->type == UPR_ITEM_QUESTIONS) {
			upr_ebuf_puts(b, "Questions");
		}
		upr_ebuf_puts(b, "</li>");
	}
	upr_ebuf_puts(b, "</ol></div>");
}

static void put_room_header(struct upr_ebuf *b, const struct upr_room *r, int index,
			    const struct upr_problem *p)
{
	upr_ebuf_puts(b, "<th scope=\"col\">");
	esc(b, upr_ex_room_name(p, index));
	upr_ebuf_puts(b, "<small>");
	bool sep = false;
	if (r->capacity >= 0) {
		upr_ebuf_printf(b, "%d seats", r->capacity);
		sep = true;
	}
	if (r->nlanguages) {
		upr_ebuf_puts(b, sep ? " \xc2\xb7 " : "");
		for (size_t i = 0; i < r->nlanguages; i++) {
			char code[3];
			upr_lang_format(r->languages[i], code);
			upr_ebuf_printf(b, "%s%c%c", i ? " " : "", code[0] - 'a' + 'A',
					code[1] - 'a' + 'A');
		}
		sep = true;
	}
	if (r->video)
		upr_ebuf_puts(b, sep ? " \xc2\xb7 video" : "video");
	upr_ebuf_puts(b, "</small></th>");
}

static void put_grid(struct upr_ebuf *b, struct day_ctx *c, size_t nsess)
{
	const struct upr_problem *p = c->p;
	size_t nrooms = p->nrooms;

	/* Rows: between consecutive starts and ends. */
	size_t nb = 0;
	for (size_t i = 0; i < nsess; i++) {
		c->bounds[nb++] = c->ord[i]->start;
		c->bounds[nb++] = c->ord[i]->end;
	}
	qsort(c->bounds, nb, sizeof(*c->bounds), cmp_i64);
	size_t u = 0;
	for (size_t i = 0; i < nb; i++)
		if (u == 0 || c->bounds[u - 1] != c->bounds[i])
			c->bounds[u++] = c->bounds[i];
	nb = u;
	size_t nrows = nb > 0 ? nb - 1 : 0;

	/* Cells: a room's sessions, merged when they overlap. */
	for (size_t i = 0; i < nrooms * nrows; i++)
		c->cell_at[i] = -1;
	size_t ncells = 0;
	for (size_t i = 0; i < nsess; i++) {
		const struct upr_session *s = c->ord[i];
		size_t r0 = bound_index(c->bounds, nb, s->start);
		size_t r1 = bound_index(c->bounds, nb, s->end);
		if (r1 <= r0)
			r1 = r0 + 1;	/* an empty session still gets its row */
		if (r1 > nrows)
			r1 = nrows;
		struct cell *last = ncells ? &c->cells[ncells - 1] : NULL;
		if (last && c->ord[last->first]->room == s->room && r0 < last->row1) {
			if (r1 > last->row1)
				last->row1 = r1;
			last->n++;
		} else {
			c->cells[ncells++] = (struct cell){ r0, r1, i, 1 };
		}
	}
	for (size_t k = 0; k < ncells; k++) {
		int room = c->ord[c->cells[k].first]->room;
		for (size_t r = c->cells[k].row0; r < c->cells[k].row1; r++)
			c->cell_at[(size_t)room * nrows + r] = (int)k;
	}

	upr_ebuf_puts(b, "<table class=\"grid\"><colgroup><col class=\"tc\">");
	for (size_t r = 0; r < nrooms; r++)
		upr_ebuf_puts(b, "<col>");
	upr_ebuf_puts(b, "</colgroup>\n<thead><tr><th class=\"t\" scope=\"col\">Time</th>");
	for (size_t r = 0; r < nrooms; r++)
		put_room_header(b, &p->rooms[r], (int)r, p);
	upr_ebuf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t row = 0; row < nrows; row++) {
		bool any = false;
		for (size_t r = 0; r < nrooms; r++)
			any |= c->cell_at[r * nrows + row] >= 0;
		int64_t at = c->bounds[row];
		if (!any) {
			upr_ebuf_puts(b, "<tr class=\"gap\"><th class=\"t\" scope=\"row\">");
			put_hm(b, upr_ex_minute(at));
			upr_ebuf_printf(b, "</th><td colspan=\"%zu\">Break until ", nrooms);
			put_hm(b, (int)(c->bounds[row + 1] - upr_ex_day(at) * UPR_MIN_PER_DAY));
			upr_ebuf_puts(b, "</td></tr>\n");
			continue;
		}
		upr_ebuf_puts(b, "<tr><th class=\"t\" scope=\"row\">");
		put_hm(b, upr_ex_minute(at));
		upr_ebuf_puts(b, "</th>");
		for (size_t r = 0; r < nrooms; r++) {
			int k = c->cell_at[r * nrows + row];
			if (k < 0) {
				upr_ebuf_puts(b, "<td></td>");
				continue;
			}
			const struct cell *cl = &c->cells[k];
			if (cl->row0 != row)
				continue;	/* covered by a rowspan above */
			upr_ebuf_printf(b, "<td class=\"s\" rowspan=\"%zu\">", cl->row1 - cl->row0);
			for (size_t j = 0; j < cl->n; j++)
				put_block(b, c, c->ord[cl->first + j]);
			upr_ebuf_puts(b, "</td>");
		}
		upr_ebuf_puts(b, "</tr>\n");
	}
	upr_ebuf_puts(b, "</tbody></table>\n");
}

/* ---- the page ---- */

static void put_masthead(struct upr_ebuf *b, const struct upr_problem *p,
			 const struct upr_timetable *t, const int64_t *days, size_t ndays)
{
	upr_ebuf_puts(b, "<header class=\"masthead\">\n<p class=\"kicker\">Universal Periodic "
			 "Review \xc2\xb7 Pre-sessions</p>\n<h1>");
	esc(b, p->event.name);
	upr_ebuf_puts(b, "</h1>\n<p class=\"meta\">");
	if (p->event.venue && *p->event.venue) {
		esc(b, p->event.venue);
		upr_ebuf_puts(b, " \xc2\xb7 ");
	}
	if (ndays)
		put_date_range(b, days[0], days[ndays - 1]);
	upr_ebuf_puts(b, "</p>\n<p class=\"facts\">");
	size_t nstmts = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		nstmts += t->sessions[i].nstmts;
	upr_ebuf_printf(b, "%zu pre-session%s \xc2\xb7 %zu statement%s \xc2\xb7 %zu room%s "
			   "\xc2\xb7 times in ",
			t->nsessions, t->nsessions == 1 ? "" : "s", nstmts, nstmts == 1 ? "" : "s",
			p->nrooms, p->nrooms == 1 ? "" : "s");
	esc(b, p->event.timezone);
	upr_ebuf_puts(b, " local time</p>\n</header>\n");
}

static int put_days(struct upr_ebuf *b, const struct upr_problem *p,
		    const struct upr_timetable *t, const int64_t *days, size_t ndays)
{
	size_t ns = t->nsessions;
	struct day_ctx c = { .p = p, .t = t };
	size_t maxst = 0;
	for (size_t i = 0; i < ns; i++)
		if (t->sessions[i].nstmts > maxst)
			maxst = t->sessions[i].nstmts;
	c.ord = upr_malloc((ns + 1) * sizeof(*c.ord));
	c.bounds = upr_malloc((2 * ns + 1) * sizeof(*c.bounds));
	c.cells = upr_malloc((ns + 1) * sizeof(*c.cells));
	c.cell_at = upr_malloc((p->nrooms * 2 * ns + 1) * sizeof(*c.cell_at));
	c.items = upr_malloc((maxst + 3) * sizeof(*c.items));
	int rc = 0;
	if (!c.ord || !c.bounds || !c.cells || !c.cell_at || !c.items)
		rc = -1;
	for (size_t d = 0; d < ndays && rc == 0; d++) {
		size_t n = 0;
		for (size_t i = 0; i < ns; i++) {
			const struct upr_session *s = &t->sessions[i];
			if (upr_ex_day(s->start) == days[d] && s->room >= 0 &&
			    (size_t)s->room < p->nrooms)
				c.ord[n++] = s;
		}
		qsort(c.ord, n, sizeof(*c.ord), cmp_room_start);
		char date[11];
		upr_format_date(days[d], date);
		upr_ebuf_printf(b, "<section class=\"day%s\" id=\"day-%s\">\n<h2>",
				d == 0 ? " first" : "", date);
		put_date(b, days[d], true, true);
		upr_ebuf_puts(b, "</h2>\n");
		if (n == 0)
			upr_ebuf_puts(b, "<p class=\"none\">No pre-session on this day.</p>\n");
		else
			put_grid(b, &c, n);
		upr_ebuf_puts(b, "</section>\n");
	}
	upr_free(c.ord);
	upr_free(c.bounds);
	upr_free(c.cells);
	upr_free(c.cell_at);
	upr_free(c.items);
	return rc;
}

static int put_orders(struct upr_ebuf *b, const struct upr_problem *p,
		      const struct upr_timetable *t)
{
	if (t->nsessions == 0)
		return 0;
	size_t maxst = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		if (t->sessions[i].nstmts > maxst)
			maxst = t->sessions[i].nstmts;
	struct upr_item *items = upr_malloc((maxst + 3) * sizeof(*items));
	if (!items)
		return -1;
	upr_ebuf_puts(b, "<section class=\"orders\">\n<h2>Running order by State</h2>\n");
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		upr_ebuf_puts(b, "<article id=\"state-");
		esc(b, upr_ex_state_id(p, s->state));
		upr_ebuf_puts(b, "\"><h3>");
		name(b, upr_ex_state_name(p, s->state));
		upr_ebuf_puts(b, "</h3><p class=\"when\">");
		put_date(b, upr_ex_day(s->start), true, true);
		upr_ebuf_puts(b, ", ");
		put_span(b, s->start, s->end);
		upr_ebuf_puts(b, " \xc2\xb7 ");
		esc(b, upr_ex_room_name(p, s->room));
		upr_ebuf_puts(b, "</p>\n<table class=\"list\"><colgroup><col class=\"c-t\"><col>"
				 "<col class=\"c-k\"><col class=\"c-l\"><col class=\"c-r\"></colgroup>"
				 "<thead><tr><th>Time</th>"
				 "<th>Organisation</th><th>Kind</th><th>Language</th>"
				 "<th>Remote</th></tr></thead><tbody>\n");
		size_t n = upr_ex_items(p, s, items);
		for (size_t k = 0; k < n; k++) {
			const struct upr_item *it = &items[k];
			const struct upr_speaker *sp = it->type == UPR_ITEM_STATEMENT
				? upr_ex_speaker(p, s->stmts[it->stmt].speaker) : NULL;
			upr_ebuf_puts(b, sp ? "<tr><td class=\"n\">" : "<tr class=\"x\"><td class=\"n\">");
			put_span(b, it->start, it->end);
			upr_ebuf_puts(b, "</td>");
			if (sp) {
				char lang[3];
				upr_lang_format(sp->language, lang);
				upr_ebuf_puts(b, "<td>");
				name(b, sp->organisation);
				upr_ebuf_printf(b, "</td><td>%s</td><td>%c%c</td><td>%s</td></tr>\n",
						upr_ex_kind_labels[sp->kind], lang[0] - 'a' + 'A',
						lang[1] - 'a' + 'A', sp->remote ? "by video" : "");
			} else {
				upr_ebuf_printf(b, "<td colspan=\"4\">%s</td></tr>\n",
						item_label(it->type));
			}
		}
		upr_ebuf_puts(b, "</tbody></table>\n</article>\n");
	}
	upr_ebuf_puts(b, "</section>\n");
	upr_free(items);
	return 0;
}

static void put_lists(struct upr_ebuf *b, const struct upr_problem *p,
		      const struct upr_timetable *t)
{
	upr_ebuf_puts(b, "<div class=\"lists\">\n<section><h2>States without a pre-session</h2>\n");
	if (t->nnot_held == 0) {
		upr_ebuf_puts(b, "<p class=\"none\">Every State under Review has a pre-session.</p>\n");
	} else {
		upr_ebuf_puts(b, "<table class=\"list\"><colgroup><col class=\"c-s\"><col>"
				 "</colgroup><thead><tr><th>State</th><th>Reason</th></tr></thead>"
				 "<tbody>\n");
		for (size_t i = 0; i < t->nnot_held; i++) {
			upr_ebuf_puts(b, "<tr><td>");
			name(b, upr_ex_state_name(p, t->not_held[i].state));
			upr_ebuf_puts(b, "</td><td>");
			esc(b, t->not_held[i].reason);
			upr_ebuf_puts(b, "</td></tr>\n");
		}
		upr_ebuf_puts(b, "</tbody></table>\n");
	}
	upr_ebuf_puts(b, "</section>\n<section><h2>Waitlist</h2>\n");
	if (t->nwaitlist == 0) {
		upr_ebuf_puts(b, "<p class=\"none\">No statement is waitlisted.</p>\n");
	} else {
		upr_ebuf_puts(b, "<table class=\"list\"><colgroup><col><col class=\"c-s\"><col>"
				 "</colgroup><thead><tr><th>Organisation</th><th>State</th>"
				 "<th>Reason</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < t->nwaitlist; i++) {
			const struct upr_speaker *sp = upr_ex_speaker(p, t->waitlist[i].speaker);
			upr_ebuf_puts(b, "<tr><td>");
			name(b, sp ? sp->organisation : "");
			upr_ebuf_puts(b, "</td><td>");
			name(b, upr_ex_state_name(p, t->waitlist[i].state));
			upr_ebuf_puts(b, "</td><td>");
			esc(b, t->waitlist[i].reason);
			upr_ebuf_puts(b, "</td></tr>\n");
		}
		upr_ebuf_puts(b, "</tbody></table>\n");
	}
	upr_ebuf_puts(b, "</section>\n</div>\n");
}

int upr_export_html(const struct upr_problem *p, const struct upr_timetable *t, FILE *f)
{
	size_t ndays = 0;
	int64_t *days = upr_ex_all_days(p, t, &ndays);
	if (!days)
		return -1;
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	upr_ebuf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			  "<meta name=\"generator\" content=\"upr-schedule " UPR_VERSION "\">\n"
			  "<title>");
	esc(&b, p->event.name);
	upr_ebuf_puts(&b, " \xe2\x80\x93 programme</title>\n<style>\n");
	upr_ebuf_puts(&b, css);
	upr_ebuf_puts(&b, "</style>\n</head>\n<body>\n");
	put_masthead(&b, p, t, days, ndays);
	upr_ebuf_puts(&b, "<main>\n");
	int rc = put_days(&b, p, t, days, ndays);
	if (rc == 0)
		rc = put_orders(&b, p, t);
	if (rc == 0)
		put_lists(&b, p, t);
	upr_ebuf_puts(&b, "</main>\n<footer>Programme of the pre-sessions. Times are local "
			  "time (");
	esc(&b, p->event.timezone);
	upr_ebuf_puts(&b, "). Made with upr-schedule " UPR_VERSION ".</footer>\n</body>\n</html>\n");
	upr_free(days);
	if (rc == 0)
		rc = upr_ebuf_write(&b, f);
	upr_ebuf_release(&b);
	return rc;
}
