/*
 * html.c - programme.html: the delegates' programme (docs/reference.md#programmehtml).
 *
 * One self-contained page: no script, no external file (fonts and style are
 * the browser's own or inline), so it can be mailed, archived and printed as
 * it is.  It is public: it shows States not held in plain words and nothing
 * of the waitlist (organiser.html has the team's view).  It holds, in order:
 *   - the masthead: event name, venue, dates, counts, links to each day and
 *     to the index;
 *   - per day, the sessions (State, time, room, running order), each an
 *     <article id="STATE-ID"> so that a link can point at one State;
 *   - an alphabetical index of every State, linking to its session or
 *     saying why it has none.
 *
 * The layout of a day follows its reader without a script:
 *   - a grid (CSS grid) with one column per room used that day and time
 *     running down, rows being the intervals between consecutive session
 *     starts and ends, when the page is wide enough for room columns of at
 *     least COL_MIN_PX: a media query per room count switches it;
 *   - otherwise a list by time: the same elements, which are in time order
 *     in the document, flow as cards (one column below NARROW_PX); a day
 *     without two sessions at once is always the list, as its grid would
 *     be one session per row and empty cells beside it.
 * In print each day is a named page whose top margin names the day, so a
 * page that continues a day still says which; a session never splits
 * (break-inside: avoid); a day of more rooms than a portrait A4 holds at
 * COL_MIN_PX prints landscape, and one of more than a landscape A4 holds
 * prints as the list.
 *
 * A session that overlaps another in the same room (only a hand-edited
 * timetable can have one) shares its cell, so nothing is drawn over.
 */
#include "export/export.h"
#include "export/html.h"

#include <stdlib.h>
#include <string.h>

/* Geometry, in CSS pixels (1/96 inch). */
#define COL_MIN_PX 160		/* narrowest room column of a grid */
#define TIME_COL_PX 48		/* the grid's time column */
#define GAP_PX 4		/* between grid tracks */
#define BODY_PAD_PX 16		/* the page's padding on each side */
#define BODY_MAX_PX 1440	/* widest the page gets */
#define NARROW_PX 600		/* below: a single column of cards */
/* A4 less the print margins (10 mm each side): 190 mm portrait, 277 mm
 * landscape, in pixels. */
#define PRINT_PORTRAIT_PX 718
#define PRINT_LANDSCAPE_PX 1046

static const char css[] =
	"@page{size:A4;margin:14mm 10mm 12mm;"
	"@bottom-right{content:counter(page) \" / \" counter(pages);font:9pt sans-serif;"
	"color:#5b6b7a}}\n"
	"body{max-width:1440px}\n"
	"@media print{html{line-height:1.25}.rh{position:static}.s{padding:4px 6px}}\n"
	"nav.jump{margin:10px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px}\n"
	"nav.jump a{white-space:nowrap}\n"
	"@media print{nav.jump{display:none}}\n"
	".day{margin-bottom:24px}\n"
	".g{display:grid;gap:4px;align-items:stretch}\n"
	".rh{grid-row:1;background:var(--navy);color:#fff;padding:5px 8px;font-weight:bold;"
	"position:sticky;top:0;z-index:1}\n"
	".rh small{display:block;font-weight:normal;font-size:9pt;color:#cfe3f2}\n"
	".tl{grid-column:1;color:var(--muted);text-align:right;padding:6px 2px 0 0;"
	"font-variant-numeric:tabular-nums;border-top:1px solid var(--rule)}\n"
	".c{display:flex;flex-direction:column;gap:4px;min-width:0}\n"
	".s{flex:1 0 auto;background:var(--tint);border-left:3px solid var(--un);"
	"padding:6px 8px;break-inside:avoid;scroll-margin-top:60px}\n"
	".s:target{outline:2px solid var(--un)}\n"
	".s h3{margin:0;font-size:11.5pt;color:var(--navy)}\n"
	".when{margin:1px 0 4px;color:var(--muted);font-size:9pt}\n"
	"ol.ro{list-style:none;margin:0;padding:0;font-size:9pt}\n"
	"ol.ro li{display:grid;grid-template-columns:3.3em minmax(0,1fr);gap:0 .4em;margin:1px 0}\n"
	".tm{color:var(--muted);font-variant-numeric:tabular-nums}\n"
	".tag{display:inline-block;margin-left:.3em;padding:0 .3em;border-radius:2px;"
	"font-size:9pt;line-height:1.25;border:1px solid #a9bccb;color:#4a5d6e;"
	"white-space:nowrap}\n"
	".tag.k{background:var(--un);border-color:var(--un);color:#fff}\n"
	".tag.v{border-color:var(--navy);color:var(--navy)}\n"
	".index{margin-top:24px}\n"
	".index ul{columns:20em;column-gap:24px;list-style:none;margin:0;padding:0}\n"
	".index li{break-inside:avoid;margin:0 0 3px}\n"
	".index .at{color:var(--muted);font-size:9pt}\n"
	".index .nh{color:var(--muted);font-style:italic;font-size:9pt}\n"
	;

/* The rules that turn the grid sel (".n3") into the list by time: the
 * cells, which are in time order in the document, flow down as many
 * columns as fit (one on a phone), each card saying its time and room. */
static void put_list_rules(struct upr_ebuf *b, const char *sel)
{
	upr_ebuf_printf(b, "%s{display:block;columns:15rem;column-gap:8px}"
			"%s>.rh,%s>.tl{display:none}"
			"%s>.c{margin:0 0 6px;break-inside:avoid}",
			sel, sel, sel, sel);
}

static int pixels_for(size_t nrooms)
{
	return TIME_COL_PX + (int)nrooms * (COL_MIN_PX + GAP_PX);
}

/* ---- one session ---- */

static void put_tags(struct upr_ebuf *b, enum upr_ui_lang lang, const struct upr_speaker *sp)
{
	char code[3];
	upr_lang_format(sp->language, code);
	if (sp->kind != UPR_KIND_CSO)
		upr_ebuf_printf(b, "<span class=\"tag k\">%s</span>", upr_ex_kind_labels[sp->kind]);
	upr_ebuf_printf(b, "<span class=\"tag\">%c%c</span>", code[0] - 'a' + 'A', code[1] - 'a' + 'A');
	if (sp->remote)
		upr_ebuf_printf(b, "<span class=\"tag v\">%s</span>", upr_msg(lang, UPR_MSG_VIDEO));
}

static void put_session(struct upr_ebuf *b, const struct upr_problem *p, enum upr_ui_lang lang,
			const struct upr_session *s, struct upr_item *items)
{
	upr_ebuf_puts(b, "<article class=\"s\" id=\"");
	upr_html_esc(b, upr_ex_state_id(p, s->state));
	upr_ebuf_puts(b, "\"><h3>");
	upr_html_name(b, upr_ex_state_name(p, s->state));
	upr_ebuf_puts(b, "</h3><p class=\"when\">");
	upr_html_span(b, s->start, s->end);
	upr_ebuf_puts(b, " \xc2\xb7 ");
	upr_html_name(b, upr_ex_room_name(p, s->room));
	upr_ebuf_puts(b, "</p><ol class=\"ro\">");
	size_t n = upr_ex_items(p, s, items);
	for (size_t i = 0; i < n; i++) {
		const struct upr_item *it = &items[i];
		upr_ebuf_puts(b, "<li><span class=\"tm\">");
		upr_html_hm(b, upr_ex_minute(it->start));
		upr_ebuf_puts(b, "</span><span>");
		const struct upr_speaker *sp = it->type == UPR_ITEM_STATEMENT
			? upr_ex_speaker(p, s->stmts[it->stmt].speaker) : NULL;
		switch (it->type) {
		case UPR_ITEM_OPENING:
			upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_OPENING));
			break;
		case UPR_ITEM_REMARKS:
			upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_SUR));
			break;
		case UPR_ITEM_STATEMENT:
			if (sp) {
				upr_html_name(b, sp->organisation);
				put_tags(b, lang, sp);
			}
			break;
		case UPR_ITEM_QUESTIONS:
			upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_QUESTIONS));
			break;
		}
		upr_ebuf_puts(b, "</span></li>");
	}
	upr_ebuf_puts(b, "</ol></article>");
}

/* ---- the grid of one day ---- */

struct cell {
	size_t row0, row1;	/* rows [row0, row1) */
	int col;		/* 0-based among the day's rooms */
	size_t first, n;	/* sessions ord[first .. first+n) */
};

/* Scratch space for one day, sized for all sessions once. */
struct day_ctx {
	const struct upr_problem *p;
	enum upr_ui_lang lang;
	const struct upr_session **ord; /* the day's sessions, by room then start */
	int64_t *bounds;	/* row boundaries */
	struct cell *cells;
	int *col_of;		/* per room: its column that day, or -1 */
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

/* Cells in reading order: by first row, then column. */
static int cmp_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;
	if (x->row0 != y->row0)
		return x->row0 < y->row0 ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
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

static void put_room_header(struct upr_ebuf *b, const struct upr_problem *p, enum upr_ui_lang lang,
			    int room, int col)
{
	const struct upr_room *r = &p->rooms[room];
	upr_ebuf_printf(b, "<div class=\"rh\" style=\"grid-column:%d\">", col + 2);
	upr_html_name(b, upr_ex_room_name(p, room));
	upr_ebuf_puts(b, "<small>");
	bool sep = false;
	if (r->capacity >= 0) {
		upr_ebuf_printf(b, upr_msg(lang, UPR_MSG_SEATS), r->capacity);
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
	if (r->video) {
		upr_ebuf_puts(b, sep ? " \xc2\xb7 " : "");
		upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_VIDEO));
	}
	upr_ebuf_puts(b, "</small></div>");
}

/* The day's n sessions (c->ord) in the day's nused rooms (c->col_of). */
static void put_grid(struct upr_ebuf *b, struct day_ctx *c, size_t n, size_t nused, bool grid)
{
	const struct upr_problem *p = c->p;

	/* Rows: between consecutive starts and ends. */
	size_t nb = 0;
	for (size_t i = 0; i < n; i++) {
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
	size_t ncells = 0;
	for (size_t i = 0; i < n; i++) {
		const struct upr_session *s = c->ord[i];
		size_t r0 = bound_index(c->bounds, nb, s->start);
		size_t r1 = bound_index(c->bounds, nb, s->end);
		if (r1 <= r0)
			r1 = r0 + 1;	/* an empty session still gets its row */
		if (r1 > nrows && nrows > 0)
			r1 = nrows;
		struct cell *last = ncells ? &c->cells[ncells - 1] : NULL;
		if (last && c->ord[last->first]->room == s->room && r0 < last->row1) {
			if (r1 > last->row1)
				last->row1 = r1;
			last->n++;
		} else {
			c->cells[ncells++] = (struct cell){ r0, r1, c->col_of[s->room], i, 1 };
		}
	}
	qsort(c->cells, ncells, sizeof(*c->cells), cmp_cell);

	if (grid)
		upr_ebuf_printf(b, "<div class=\"g n%zu\">", nused);
	else
		upr_ebuf_puts(b, "<div class=\"g ls\">");
	for (size_t r = 0; r < p->nrooms; r++)
		if (c->col_of[r] >= 0)
			put_room_header(b, p, c->lang, (int)r, c->col_of[r]);
	upr_ebuf_puts(b, "\n");
	for (size_t k = 0; k < ncells; k++) {
		const struct cell *cl = &c->cells[k];
		if (k == 0 || c->cells[k - 1].row0 != cl->row0) {
			upr_ebuf_printf(b, "<div class=\"tl\" style=\"grid-row:%zu\">", cl->row0 + 2);
			upr_html_hm(b, upr_ex_minute(c->bounds[cl->row0]));
			upr_ebuf_puts(b, "</div>\n");
		}
		upr_ebuf_printf(b, "<div class=\"c\" style=\"grid-row:%zu/%zu;grid-column:%d\">",
				cl->row0 + 2, cl->row1 + 2, cl->col + 2);
		for (size_t j = 0; j < cl->n; j++)
			put_session(b, p, c->lang, c->ord[cl->first + j], c->items);
		upr_ebuf_puts(b, "</div>\n");
	}
	upr_ebuf_puts(b, "</div>\n");
}

/* ---- the page ---- */

/* Is session s shown in the days (a room of the problem)? */
static bool shown(const struct upr_problem *p, const struct upr_session *s)
{
	return s->room >= 0 && (size_t)s->room < p->nrooms;
}

/* How many rooms day holds sessions in; col_of filled for them. */
static size_t day_rooms(const struct upr_problem *p, const struct upr_timetable *t,
			int64_t day, int *col_of)
{
	for (size_t r = 0; r < p->nrooms; r++)
		col_of[r] = -1;
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (upr_ex_day(s->start) == day && shown(p, s))
			col_of[s->room] = 0;
	}
	size_t n = 0;
	for (size_t r = 0; r < p->nrooms; r++)
		if (col_of[r] >= 0)
			col_of[r] = (int)n++;
	return n;
}

/* Do two sessions of day overlap in time?  Without, a grid would be one
 * session per row and the rest empty cells, so the day is a list by time.
 * t's sessions are sorted by start (timetable.h). */
static bool day_parallel(const struct upr_problem *p, const struct upr_timetable *t, int64_t day)
{
	bool any = false;
	int64_t end = 0;
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (upr_ex_day(s->start) != day || !shown(p, s))
			continue;
		if (any && s->start < end)
			return true;
		if (!any || s->end > end)
			end = s->end;
		any = true;
	}
	return false;
}

/* The style that depends on the days: a named page per day (its running
 * head, its orientation) and, per room count in use, the grid's columns and
 * when it becomes a list. */
static void put_day_css(struct upr_ebuf *b, const struct upr_problem *p, enum upr_ui_lang lang,
			const struct upr_timetable *t, const int64_t *days, size_t ndays,
			int *col_of)
{
	bool *used = upr_calloc(p->nrooms + 1, sizeof(*used));
	if (!used) {
		b->failed = true;
		return;
	}
	for (size_t d = 0; d < ndays; d++) {
		size_t n = day_rooms(p, t, days[d], col_of);
		bool grid = day_parallel(p, t, days[d]);
		used[n] |= grid;
		bool wide = grid && pixels_for(n) > PRINT_PORTRAIT_PX;
		upr_ebuf_printf(b, ".d%zu{page:d%zu}@page d%zu{%s@top-left{content:\"", d, d, d,
				wide ? "size:A4 landscape;" : "");
		upr_html_date(b, lang, days[d], UPR_DATE_WEEKDAY | UPR_DATE_YEAR);
		upr_ebuf_puts(b, "\";font:9pt sans-serif;color:#5b6b7a}}\n");
	}
	/* The masthead opens the first day's page and the index follows the
	 * last day's, so neither takes a page of its own. */
	if (ndays)
		upr_ebuf_printf(b, ".masthead{page:d0}.index{page:d%zu}\n", ndays - 1);
	put_list_rules(b, ".ls");
	upr_ebuf_puts(b, "\n");
	for (size_t n = 1; n <= p->nrooms; n++) {
		if (!used[n])
			continue;
		char sel[32];
		snprintf(sel, sizeof(sel), ".n%zu", n);
		upr_ebuf_printf(b, ".n%zu{grid-template-columns:%dpx repeat(%zu,minmax(%dpx,1fr))}\n",
				n, TIME_COL_PX, n, COL_MIN_PX);
		int need = pixels_for(n) + 2 * BODY_PAD_PX;
		if (need < NARROW_PX)
			need = NARROW_PX;
		if (need > BODY_MAX_PX) {
			put_list_rules(b, sel);	/* never wide enough */
			upr_ebuf_puts(b, "\n");
		} else {
			upr_ebuf_printf(b, "@media screen and (max-width:%d.98px){", need - 1);
			put_list_rules(b, sel);
			upr_ebuf_puts(b, "}\n");
		}
		if (pixels_for(n) > PRINT_LANDSCAPE_PX) {
			upr_ebuf_puts(b, "@media print{");
			put_list_rules(b, sel);
			upr_ebuf_puts(b, "}\n");
		}
	}
	upr_free(used);
}

static void put_masthead(struct upr_ebuf *b, const struct upr_problem *p, enum upr_ui_lang lang,
			 const struct upr_timetable *t, const int64_t *days, size_t ndays)
{
	upr_ebuf_printf(b, "<header class=\"masthead\">\n<p class=\"kicker\">%s \xc2\xb7 "
			   "<span class=\"nw\">%s</span></p>\n<h1>",
			upr_msg(lang, UPR_MSG_KICKER_UPR), upr_msg(lang, UPR_MSG_KICKER_PRE));
	upr_html_esc(b, p->event.name);
	upr_ebuf_puts(b, "</h1>\n<p class=\"meta\">");
	if (p->event.venue && *p->event.venue) {
		upr_html_esc(b, p->event.venue);
		upr_ebuf_puts(b, " \xc2\xb7 ");
	}
	if (ndays)
		upr_html_date_range(b, lang, days[0], days[ndays - 1]);
	upr_ebuf_puts(b, "</p>\n<p class=\"facts\">");
	size_t nstmts = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		nstmts += t->sessions[i].nstmts;
	upr_ebuf_printf(b, upr_msg_n(lang, UPR_MSG_N_SESSIONS, (long long)t->nsessions),
			t->nsessions);
	upr_ebuf_puts(b, " \xc2\xb7 ");
	upr_ebuf_printf(b, upr_msg_n(lang, UPR_MSG_N_STATEMENTS, (long long)nstmts), nstmts);
	upr_ebuf_puts(b, " \xc2\xb7 ");
	upr_ebuf_printf(b, upr_msg_n(lang, UPR_MSG_N_ROOMS, (long long)p->nrooms), p->nrooms);
	upr_ebuf_puts(b, " \xc2\xb7 ");
	upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_TIMES_IN));
	upr_html_esc(b, p->event.timezone);
	upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_LOCAL_TIME));
	upr_ebuf_puts(b, "</p>\n<nav class=\"jump\">");
	for (size_t d = 0; d < ndays; d++) {
		char date[11];
		upr_format_date(days[d], date);
		upr_ebuf_printf(b, "<a href=\"#day-%s\">", date);
		upr_html_date(b, lang, days[d], UPR_DATE_WEEKDAY);
		upr_ebuf_puts(b, "</a>");
	}
	upr_ebuf_printf(b, "<a href=\"#index\">%s</a></nav>\n</header>\n", upr_msg(lang, UPR_MSG_INDEX));
}

static int put_days(struct upr_ebuf *b, const struct upr_problem *p, enum upr_ui_lang lang,
		    const struct upr_timetable *t, const int64_t *days, size_t ndays,
		    int *col_of)
{
	size_t ns = t->nsessions;
	struct day_ctx c = { .p = p, .lang = lang, .col_of = col_of };
	size_t maxst = 0;
	for (size_t i = 0; i < ns; i++)
		if (t->sessions[i].nstmts > maxst)
			maxst = t->sessions[i].nstmts;
	c.ord = upr_malloc((ns + 1) * sizeof(*c.ord));
	c.bounds = upr_malloc((2 * ns + 1) * sizeof(*c.bounds));
	c.cells = upr_malloc((ns + 1) * sizeof(*c.cells));
	c.items = upr_malloc((maxst + 3) * sizeof(*c.items));
	int rc = 0;
	if (!c.ord || !c.bounds || !c.cells || !c.items)
		rc = -1;
	for (size_t d = 0; d < ndays && rc == 0; d++) {
		size_t nused = day_rooms(p, t, days[d], col_of);
		size_t n = 0;
		for (size_t i = 0; i < ns; i++) {
			const struct upr_session *s = &t->sessions[i];
			if (upr_ex_day(s->start) == days[d] && shown(p, s))
				c.ord[n++] = s;
		}
		qsort(c.ord, n, sizeof(*c.ord), cmp_room_start);
		char date[11];
		upr_format_date(days[d], date);
		upr_ebuf_printf(b, "<section class=\"day d%zu\" id=\"day-%s\">\n<h2>", d, date);
		upr_html_date(b, lang, days[d], UPR_DATE_WEEKDAY | UPR_DATE_YEAR | UPR_DATE_MARKUP);
		upr_ebuf_puts(b, "</h2>\n");
		if (n == 0)
			upr_ebuf_printf(b, "<p class=\"none\">%s</p>\n", upr_msg(lang, UPR_MSG_NO_SESSION_DAY));
		else
			put_grid(b, &c, n, nused, day_parallel(p, t, days[d]));
		upr_ebuf_puts(b, "</section>\n");
	}
	upr_free(c.ord);
	upr_free(c.bounds);
	upr_free(c.cells);
	upr_free(c.items);
	return rc;
}

/* ---- the index ---- */

struct entry {
	const char *name;
	int state;
	const struct upr_session *s;	/* NULL: not held */
};

/* Alphabetical, ASCII letters without case; ties by State index so that
 * the order never depends on qsort. */
static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);
	if (c == 0)
		c = strcmp(x->name, y->name);
	return c ? c : (x->state > y->state) - (x->state < y->state);
}

static int put_index(struct upr_ebuf *b, const struct upr_problem *p, enum upr_ui_lang lang,
		     const struct upr_timetable *t)
{
	size_t cap = t->nsessions + t->nnot_held, n = 0;
	struct entry *e = upr_malloc((cap + 1) * sizeof(*e));
	if (!e)
		return -1;
	for (size_t i = 0; i < t->nsessions; i++)
		if (shown(p, &t->sessions[i]))
			e[n++] = (struct entry){ upr_ex_state_name(p, t->sessions[i].state),
						 t->sessions[i].state, &t->sessions[i] };
	for (size_t i = 0; i < t->nnot_held; i++)
		e[n++] = (struct entry){ upr_ex_state_name(p, t->not_held[i].state),
					 t->not_held[i].state, NULL };
	qsort(e, n, sizeof(*e), cmp_entry);
	upr_ebuf_printf(b, "<section class=\"index\" id=\"index\">\n<h2>%s</h2>\n<ul>\n",
			upr_msg(lang, UPR_MSG_INDEX));
	for (size_t i = 0; i < n; i++) {
		upr_ebuf_puts(b, "<li>");
		if (e[i].s) {
			upr_ebuf_puts(b, "<a href=\"#");
			upr_html_esc(b, upr_ex_state_id(p, e[i].state));
			upr_ebuf_puts(b, "\">");
			upr_html_name(b, e[i].name);
			upr_ebuf_puts(b, "</a> <span class=\"at\">");
			upr_html_date(b, lang, upr_ex_day(e[i].s->start), UPR_DATE_WEEKDAY);
			upr_ebuf_puts(b, ", ");
			upr_html_hm(b, upr_ex_minute(e[i].s->start));
			upr_ebuf_puts(b, " \xc2\xb7 ");
			upr_html_name(b, upr_ex_room_name(p, e[i].s->room));
			upr_ebuf_puts(b, "</span>");
		} else {
			/* The planner holds no session only for want of applications
			 * (session.min_statements); its words stay on organiser.html. */
			upr_html_name(b, e[i].name);
			upr_ebuf_printf(b, " <span class=\"nh\">%s</span>", upr_msg(lang, UPR_MSG_NOT_HELD_PUBLIC));
		}
		upr_ebuf_puts(b, "</li>\n");
	}
	upr_ebuf_puts(b, "</ul>\n");
	upr_free(e);
	return 0;
}

int upr_export_html(const struct upr_problem *p, const struct upr_timetable *t, FILE *f)
{
	return upr_export_html_lang(p, t, UPR_UI_EN, f);
}

int upr_export_html_lang(const struct upr_problem *p, const struct upr_timetable *t,
			 enum upr_ui_lang lang, FILE *f)
{
	size_t ndays = 0;
	int64_t *days = upr_ex_all_days(p, t, &ndays);
	int *col_of = upr_malloc((p->nrooms + 1) * sizeof(*col_of));
	if (!days || !col_of) {
		upr_free(days);
		upr_free(col_of);
		return -1;
	}
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	upr_html_head(&b, lang, p, upr_msg(lang, UPR_MSG_PROGRAMME));
	upr_ebuf_puts(&b, css);
	put_day_css(&b, p, lang, t, days, ndays, col_of);
	upr_ebuf_puts(&b, "</style>\n</head>\n<body>\n");
	put_masthead(&b, p, lang, t, days, ndays);
	upr_ebuf_puts(&b, "<main>\n");
	int rc = put_days(&b, p, lang, t, days, ndays, col_of);
	if (rc == 0)
		rc = put_index(&b, p, lang, t);
	upr_ebuf_printf(&b, "<footer>%s", upr_msg(lang, UPR_MSG_FOOTER));
	upr_html_esc(&b, p->event.timezone);
	upr_ebuf_printf(&b, "). %s " UPR_VERSION ".</footer>\n</section>\n"
			    "</main>\n</body>\n</html>\n", upr_msg(lang, UPR_MSG_MADE_WITH));
	upr_free(days);
	upr_free(col_of);
	if (rc == 0)
		rc = upr_ebuf_write(&b, f);
	upr_ebuf_release(&b);
	return rc;
}
