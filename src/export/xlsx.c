/*
 * xlsx.c - timetable.xlsx: the timetable as a spreadsheet workbook
 * (docs/reference.md#timetablexlsx), written with libxlsxwriter.
 *
 * Sheets, in this order:
 *   - one per day of the event (and any other day with a session), named by
 *     its date (2017-11-27), in the shape of the programme's grid: a row per
 *     session start of the day, a column per room used that day, and in each
 *     cell the State, the session's times and one line per statement;
 *   - "Statements": the rows and columns of timetable.csv (csv.c), with
 *     room_name after room.
 * Dates are date cells and times time cells (numbers with a number format,
 * not text), minutes are numbers; the header row is frozen (and the time
 * column on a day), "Statements" has an autofilter over all its rows, and
 * every column is as wide as its longest line.
 *
 * Same bytes for the same input: the document's creation time is
 * opts->dtstamp (libxlsxwriter would otherwise read the clock; it does for
 * 0, so the epoch is written as 1970-01-01T00:00:01Z), and libxlsxwriter
 * gives every zip entry the fixed time 1980-01-01 00:00.
 *
 * Text is cleaned as for the calendars and the HTML (text.h): XML 1.0 has
 * no control characters, so a newline in a name becomes a space.  Cells are
 * written as strings, never formulas, so a name starting with '=' is only
 * text (the CSV needs its "'" guard, a workbook does not).
 *
 * libxlsxwriter 1.1.4 writes to a file name only, and zip needs to seek, so
 * the workbook is written into a private temporary directory (under
 * $TMPDIR, else /tmp), read back whole, removed, and then written to f
 * with one fwrite like every other writer.
 */
#include "export/export.h"
#include "export/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

/* A column never gets wider than this many characters (then it wraps). */
#define XLSX_MAX_WIDTH 60.0
#define XLSX_GRID_WIDTH 42.0
#define XLSX_LINE_POINTS 15.0	/* height of one line of 11-point text */

struct book {
	lxw_workbook *wb;
	lxw_format *head, *date, *time, *time24, *time_top, *block;
	struct upr_ebuf s;	/* the cell being built */
	bool failed;
};

/* Empties the cell being built (then a NUL-terminated "", or failed). */
static void reset(struct book *bk)
{
	bk->s.len = 0;
	upr_ebuf_puts(&bk->s, "");
}

static void ok(struct book *bk, lxw_error e)
{
	if (e != LXW_NO_ERROR)
		bk->failed = true;
}

/*
 * Display width of s: its longest line, in code points.  *lines (when not
 * NULL) gets how many lines it takes in a column of wrap characters (each
 * line over wrap counted as it would wrap; no wrapping for wrap 0).
 */
static double width_of(const char *s, double wrap, int *lines)
{
	size_t best = 0, cur = 0;
	int n = 0;
	for (const unsigned char *q = (const unsigned char *)s;; q++) {
		if (*q == '\n' || *q == '\0') {
			n += wrap > 0 && cur > wrap ? (int)((double)cur / wrap) + 1 : 1;
			cur = 0;
			if (*q == '\0')
				break;
		} else if ((*q & 0xc0) != 0x80 && ++cur > best) {
			best = cur;
		}
	}
	if (lines)
		*lines = n;
	return (double)best;
}

static void widen(double *w, double x)
{
	if (x > *w)
		*w = x;
}

/* Writes the text built in bk->s (cleaned) at (row, col); widens *w. */
static void put_built(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		      lxw_format *fmt, double *w, int *lines)
{
	if (bk->s.failed || !bk->s.p) {
		bk->failed |= bk->s.failed;
		return;
	}
	widen(w, width_of(bk->s.p, 0, lines));
	ok(bk, worksheet_write_string(ws, row, col, bk->s.p, fmt));
}

static void put_text(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		     const char *text, double *w)
{
	reset(bk);
	upr_ebuf_add_clean(&bk->s, text);
	put_built(bk, ws, row, col, NULL, w, NULL);
}

/* Excel's serial day number: days since 1899-12-30. */
static double serial_day(int64_t day)
{
	return (double)(day - upr_days_from_civil(1899, 12, 30));
}

static void put_hm(struct book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int minute)
{
	/* 24:00 (an item's end at midnight) is the fraction 1.0, which "hh:mm"
	 * would show as 00:00. */
	ok(bk, worksheet_write_number(ws, row, col, minute / (double)UPR_MIN_PER_DAY,
				      minute >= UPR_MIN_PER_DAY ? bk->time24 : bk->time));
}

static void set_widths(struct book *bk, lxw_worksheet *ws, const double *w, size_t n,
		       double max)
{
	for (size_t c = 0; c < n; c++) {
		double x = w[c] + 2 < max ? w[c] + 2 : max;
		ok(bk, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, x, NULL));
	}
}

/* Printed: landscape, as wide as one page, the header row on every page. */
static void print_setup(struct book *bk, lxw_worksheet *ws)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);	/* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	ok(bk, worksheet_repeat_rows(ws, 0, 0));
}

/* ---- a day ---- */

static int cmp_start_room(const void *a, const void *b)
{
	const struct upr_session *x = *(const struct upr_session *const *)a;
	const struct upr_session *y = *(const struct upr_session *const *)b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->room != y->room)
		return x->room < y->room ? -1 : 1;
	return (x->state > y->state) - (x->state < y->state);
}

/* The cell text of one session: State, times, a line per statement. */
static void put_session(struct book *bk, const struct upr_problem *p,
			const struct upr_session *s)
{
	upr_ebuf_add_clean(&bk->s, upr_ex_state_name(p, s->state));
	upr_ebuf_putc(&bk->s, '\n');
	upr_ex_put_span(&bk->s, s->start, s->end);
	for (size_t k = 0; k < s->nstmts; k++) {
		const struct upr_speaker *sp = upr_ex_speaker(p, s->stmts[k].speaker);
		if (!sp)
			continue;
		upr_ebuf_putc(&bk->s, '\n');
		upr_ex_put_speaker(&bk->s, sp);
	}
}

/* Builds in bk->s the text of the sessions ord[*i] and those after it of
 * the same start and room (only a hand-edited timetable has them), a blank
 * line between; *i is left at the last. */
static void build_cell(struct book *bk, const struct upr_problem *p,
		       const struct upr_session **ord, size_t n, size_t *i)
{
	const struct upr_session *s = ord[*i];
	reset(bk);
	put_session(bk, p, s);
	while (*i + 1 < n && ord[*i + 1]->start == s->start && ord[*i + 1]->room == s->room) {
		upr_ebuf_puts(&bk->s, "\n\n");
		put_session(bk, p, ord[++*i]);
	}
}

/*
 * The sheet of day: sessions ord[0..n) of that day, with a valid room.
 * col has room for p->nrooms, w for p->nrooms + 1.
 */
static void put_day(struct book *bk, const struct upr_problem *p, int64_t day,
		    const struct upr_session **ord, size_t n, int *col, double *w)
{
	char name[11];
	upr_format_date(day, name);
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, name);
	if (!ws) {
		bk->failed = true;
		return;
	}
	qsort(ord, n, sizeof(*ord), cmp_start_room);

	/* Columns: the rooms used that day, in input order. */
	for (size_t r = 0; r < p->nrooms; r++)
		col[r] = 0;
	for (size_t i = 0; i < n; i++)
		col[ord[i]->room] = 1;
	lxw_col_t ncols = 1;
	w[0] = 5;	/* "hh:mm" */
	put_text(bk, ws, 0, 0, "Time", &w[0]);
	for (size_t r = 0; r < p->nrooms; r++) {
		if (!col[r]) {
			col[r] = -1;
			continue;
		}
		col[r] = ncols;
		w[ncols] = 0;
		put_text(bk, ws, 0, ncols, upr_ex_room_name(p, (int)r), &w[ncols]);
		ncols++;
	}
	ok(bk, worksheet_set_row(ws, 0, LXW_DEF_ROW_HEIGHT, bk->head));

	/* The widths first, from every cell's longest line; then the rows,
	 * each as high as its cell of most lines once wrapped at that width. */
	for (size_t i = 0; i < n && !bk->failed; i++) {
		build_cell(bk, p, ord, n, &i);
		bk->failed |= bk->s.failed;
		if (!bk->failed)
			widen(&w[col[ord[i]->room]], width_of(bk->s.p, 0, NULL));
	}
	for (lxw_col_t c = 0; c < ncols; c++)
		if (w[c] > XLSX_GRID_WIDTH)
			w[c] = XLSX_GRID_WIDTH;
	lxw_row_t row = 0;
	int tallest = 1;
	for (size_t i = 0; i < n && !bk->failed; i++) {
		const struct upr_session *s = ord[i];
		if (i == 0 || s->start != ord[i - 1]->start) {
			if (row > 0)
				ok(bk, worksheet_set_row(ws, row, XLSX_LINE_POINTS * tallest, NULL));
			row++;
			tallest = 1;
			ok(bk, worksheet_write_number(ws, row, 0,
						      upr_ex_minute(s->start) / (double)UPR_MIN_PER_DAY,
						      bk->time_top));
		}
		build_cell(bk, p, ord, n, &i);
		int c = col[s->room], lines = 1;
		if (!bk->s.failed) {
			width_of(bk->s.p, w[c], &lines);
			ok(bk, worksheet_write_string(ws, row, (lxw_col_t)c, bk->s.p, bk->block));
		}
		bk->failed |= bk->s.failed;
		if (lines > tallest)
			tallest = lines;
	}
	if (row > 0)
		ok(bk, worksheet_set_row(ws, row, XLSX_LINE_POINTS * tallest, NULL));
	else
		put_text(bk, ws, 1, 0, "No pre-session on this day.", &w[0]);
	set_widths(bk, ws, w, ncols, XLSX_GRID_WIDTH + 2);
	worksheet_freeze_panes(ws, 1, 1);
	print_setup(bk, ws);
}

static int put_days(struct book *bk, const struct upr_problem *p, const struct upr_timetable *t)
{
	size_t ndays, ns = t->nsessions;
	int64_t *days = upr_ex_all_days(p, t, &ndays);
	const struct upr_session **ord = upr_malloc((ns + 1) * sizeof(*ord));
	int *col = upr_malloc((p->nrooms + 1) * sizeof(*col));
	double *w = upr_malloc((p->nrooms + 1) * sizeof(*w));
	int rc = days && ord && col && w ? 0 : -1;
	for (size_t d = 0; d < ndays && rc == 0 && !bk->failed; d++) {
		size_t n = 0;
		for (size_t i = 0; i < ns; i++) {
			const struct upr_session *s = &t->sessions[i];
			if (upr_ex_day(s->start) == days[d] && s->room >= 0 &&
			    (size_t)s->room < p->nrooms)
				ord[n++] = s;
		}
		put_day(bk, p, days[d], ord, n, col, w);
	}
	upr_free(days);
	upr_free(ord);
	upr_free(col);
	upr_free(w);
	return rc;
}

/* ---- Statements: timetable.csv's rows ---- */

static const char *const columns[] = {
	"date", "start", "end", "room", "room_name", "state", "state_name", "type",
	"speaker", "organisation", "kind", "language", "minutes",
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static int put_statements(struct book *bk, const struct upr_problem *p,
			  const struct upr_timetable *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "Statements");
	if (!ws)
		return -1;
	double w[NCOLUMNS] = { 0 };
	for (size_t c = 0; c < NCOLUMNS; c++)
		put_text(bk, ws, 0, (lxw_col_t)c, columns[c], &w[c]);
	ok(bk, worksheet_set_row(ws, 0, LXW_DEF_ROW_HEIGHT, bk->head));

	struct upr_item *items = NULL;
	size_t cap = 0;
	lxw_row_t row = 0;
	for (size_t i = 0; i < t->nsessions && !bk->failed; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (s->nstmts + 3 > cap) {
			upr_free(items);
			cap = s->nstmts + 3;
			items = upr_malloc(cap * sizeof(*items));
			if (!items)
				return -1;
		}
		size_t n = upr_ex_items(p, s, items);
		for (size_t k = 0; k < n; k++) {
			const struct upr_item *it = &items[k];
			int64_t day = upr_ex_day(it->start);
			const struct upr_speaker *sp = it->type == UPR_ITEM_STATEMENT
				? upr_ex_speaker(p, s->stmts[it->stmt].speaker) : NULL;
			char lang[3] = "";
			if (sp)
				upr_lang_format(sp->language, lang);
			row++;
			ok(bk, worksheet_write_number(ws, row, 0, serial_day(day), bk->date));
			put_hm(bk, ws, row, 1, upr_ex_minute(it->start));
			/* An item ends on its start's day (H1); 24:00 at most. */
			put_hm(bk, ws, row, 2, (int)(it->end - day * UPR_MIN_PER_DAY));
			put_text(bk, ws, row, 3, upr_ex_room_id(p, s->room), &w[3]);
			put_text(bk, ws, row, 4, upr_ex_room_name(p, s->room), &w[4]);
			put_text(bk, ws, row, 5, upr_ex_state_id(p, s->state), &w[5]);
			put_text(bk, ws, row, 6, upr_ex_state_name(p, s->state), &w[6]);
			put_text(bk, ws, row, 7, upr_ex_item_names[it->type], &w[7]);
			put_text(bk, ws, row, 8, sp ? sp->id : "", &w[8]);
			put_text(bk, ws, row, 9, sp ? sp->organisation : "", &w[9]);
			put_text(bk, ws, row, 10, sp ? upr_kind_names[sp->kind] : "", &w[10]);
			put_text(bk, ws, row, 11, lang, &w[11]);
			ok(bk, worksheet_write_number(ws, row, 12, (double)(it->end - it->start), NULL));
		}
	}
	upr_free(items);
	widen(&w[0], 11);	/* yyyy-mm-dd, with room for wider fonts */
	widen(&w[1], 6);	/* hh:mm */
	widen(&w[2], 6);
	set_widths(bk, ws, w, NCOLUMNS, XLSX_MAX_WIDTH);
	worksheet_freeze_panes(ws, 1, 0);
	print_setup(bk, ws);
	ok(bk, worksheet_autofilter(ws, 0, 0, row, NCOLUMNS - 1));
	return 0;
}

/* ---- the workbook ---- */

static lxw_format *number_format(lxw_workbook *wb, const char *num)
{
	lxw_format *f = workbook_add_format(wb);
	if (f)
		format_set_num_format(f, num);
	return f;
}

/* Builds the workbook at path; 0 or -1. */
static int build(const char *path, const char *tmpdir, const struct upr_problem *p,
		 const struct upr_timetable *t, const struct upr_export_opts *o)
{
	struct book bk = { 0 };
	lxw_workbook_options opts = { .tmpdir = (char *)tmpdir };
	bk.wb = workbook_new_opt(path, &opts);
	if (!bk.wb)
		return -1;
	upr_ebuf_init(&bk.s);

	struct upr_ebuf title;
	upr_ebuf_init(&title);
	upr_ebuf_puts(&title, "");
	upr_ebuf_add_clean(&title, p->event.name);
	lxw_doc_properties props = {
		.title = title.p,
		.subject = "UPR pre-sessions: timetable",
		/* never the clock, so that the same input gives the same
		 * bytes; libxlsxwriter reads it for 0, so the epoch itself
		 * (SOURCE_DATE_EPOCH=0) is written as one second later */
		.created = o->dtstamp > 0 ? (time_t)o->dtstamp : 1,
	};
	if (!title.failed)
		ok(&bk, workbook_set_properties(bk.wb, &props));
	else
		bk.failed = true;

	bk.head = workbook_add_format(bk.wb);
	bk.block = workbook_add_format(bk.wb);
	bk.date = number_format(bk.wb, "yyyy-mm-dd");
	bk.time = number_format(bk.wb, "hh:mm");
	bk.time24 = number_format(bk.wb, "[hh]:mm");
	bk.time_top = number_format(bk.wb, "hh:mm");
	if (!bk.head || !bk.block || !bk.date || !bk.time || !bk.time24 || !bk.time_top) {
		bk.failed = true;
	} else {
		format_set_bold(bk.head);
		format_set_bottom(bk.head, LXW_BORDER_THIN);
		format_set_text_wrap(bk.block);
		format_set_align(bk.block, LXW_ALIGN_VERTICAL_TOP);
		format_set_align(bk.time_top, LXW_ALIGN_VERTICAL_TOP);
	}

	int rc = -1;
	if (!bk.failed && put_days(&bk, p, t) == 0 && !bk.failed &&
	    put_statements(&bk, p, t) == 0 && !bk.failed)
		rc = 0;
	/* close writes the file (and frees the workbook) even after a failure */
	lxw_error e = workbook_close(bk.wb);
	upr_ebuf_release(&bk.s);
	upr_ebuf_release(&title);
	return rc == 0 && e == LXW_NO_ERROR ? 0 : -1;
}

/* Reads the file at path whole into b; 0 or -1 (errno set). */
static int slurp(const char *path, struct upr_ebuf *b)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		upr_ebuf_add(b, chunk, n);
	int bad = ferror(in);
	fclose(in);
	return bad || b->failed ? -1 : 0;
}

int upr_export_xlsx(const struct upr_problem *p, const struct upr_timetable *t,
		    const struct upr_export_opts *o, FILE *f)
{
	const char *base = getenv("TMPDIR");
	if (!base || base[0] != '/')
		base = "/tmp";
	struct upr_ebuf dir, path, out;
	upr_ebuf_init(&dir);
	upr_ebuf_init(&path);
	upr_ebuf_init(&out);
	upr_ebuf_printf(&dir, "%s/upr-xlsx-XXXXXX", base);
	int rc = -1;
	if (!dir.failed && mkdtemp(dir.p)) {
		upr_ebuf_printf(&path, "%s/timetable.xlsx", dir.p);
		errno = 0;
		if (!path.failed && build(path.p, dir.p, p, t, o) == 0 && slurp(path.p, &out) == 0)
			rc = upr_ebuf_write(&out, f);
		else if (errno == 0)
			errno = out.failed ? (out.capped ? EFBIG : ENOMEM) : EIO;
		int saved = errno;
		if (!path.failed)
			unlink(path.p);
		rmdir(dir.p);
		errno = saved;
	}
	upr_ebuf_release(&dir);
	upr_ebuf_release(&path);
	upr_ebuf_release(&out);
	return rc;
}
