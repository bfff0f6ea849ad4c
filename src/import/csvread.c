/*
 * csvread.c - a form's CSV export into rows of UTF-8 cells.
 *
 * The parsing itself is libcsv's (RFC 4180: quoted fields, "" for a quote,
 * newlines inside quotes); this file only prepares the bytes and keeps the
 * cells.  Exports come from form services, Excel and LibreOffice, so:
 *
 *   - a UTF-8 byte order mark is dropped; a UTF-16 one is refused, naming
 *     the fix (save as "CSV UTF-8");
 *   - bytes that are not UTF-8 are read as Windows-1252 (what Excel writes
 *     on Windows) and converted with iconv, with a note saying so;
 *   - the delimiter is the most frequent of ',' ';' and tab outside quotes
 *     in the header row (',' on a tie), unless the caller names one;
 *   - trailing empty header cells (columns a spreadsheet kept) are dropped,
 *     rows whose cells are all empty skipped.
 *
 * Every cell lives in c->arena.  Rows are numbered as a spreadsheet shows
 * them: the header is row 1 (blank lines, which libcsv skips, not counted).
 */
#include "import/import.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "upr/upr.h"

/* Is buf[0..len) well-formed UTF-8 (no overlong forms, no surrogates)? */
static bool utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3, min = 0x10000;
		} else {
			return false;
		}
		unsigned cp = c & (0x3Fu >> n);
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

/* Windows-1252 text into UTF-8 (upr_free), or NULL when a byte has no
 * character there (0x81, 0x8D, 0x8F, 0x90, 0x9D) or memory ran out. */
static char *from_cp1252(const char *in, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = 3 * len + 1;	/* a byte is at most three UTF-8 bytes */
	char *out = upr_malloc(cap);
	char *ip = (char *)in, *op = out;
	size_t il = len, ol = cap;
	if (out && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		upr_free(out);
		out = NULL;
	}
	iconv_close(cd);
	if (out) {
		*op = '\0';
		*outlen = (size_t)(op - out);
	}
	return out;
}

/* The most frequent delimiter outside quotes in the first record. */
static char detect_delim(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		else if (!quoted)
			comma += ch == ',', semi += ch == ';', tab += ch == '\t';
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

struct collect {
	struct upr_csv *c;
	const char **cells;	/* the record being read */
	size_t n, cap;
	int row;		/* number of the record being read */
	bool failed;		/* out of memory */
};

static void on_field(void *s, size_t len, void *data)
{
	struct collect *k = data;
	if (k->failed)
		return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		const char **v = upr_realloc(k->cells, cap * sizeof(*v));
		if (!v) {
			k->failed = true;
			return;
		}
		k->cells = v;
		k->cap = cap;
	}
	char *cell = upr_arena_strndup(&k->c->arena, s ? s : "", s ? len : 0);
	if (!cell)
		k->failed = true;
	else
		k->cells[k->n++] = cell;
}

/* Trims blanks (and the no-break space) from both ends, in place. */
static const char *trim(char *s)
{
	while (*s == ' ' || *s == '\t' || (s[0] == '\xC2' && s[1] == '\xA0'))
		s += *s == '\xC2' ? 2 : 1;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			 s[n - 1] == '\n' || (n > 1 && s[n - 2] == '\xC2' && s[n - 1] == '\xA0')))
		n -= s[n - 1] == '\xA0' ? 2 : 1;
	s[n] = '\0';
	return s;
}

static void on_record(int term, void *data)
{
	struct collect *k = data;
	struct upr_csv *c = k->c;
	k->row++;
	if (k->failed)
		return;
	for (size_t i = 0; i < k->n; i++)
		k->cells[i] = trim((char *)k->cells[i]);
	if (k->row == 1) {
		size_t n = k->n;
		while (n > 0 && !k->cells[n - 1][0])
			n--;
		c->header = upr_arena_alloc(&c->arena, (n ? n : 1) * sizeof(*c->header));
		if (!c->header) {
			k->failed = true;
			return;
		}
		memcpy(c->header, k->cells, n * sizeof(*c->header));
		c->ncols = n;
		k->n = 0;
		return;
	}
	bool empty = true;
	for (size_t i = 0; i < k->n && empty; i++)
		empty = !k->cells[i][0];
	if (!empty) {
		struct upr_csv_row *rows = upr_realloc(c->rows, (c->nrows + 1) * sizeof(*rows));
		const char **cells = upr_arena_alloc(&c->arena, k->n * sizeof(*cells));
		if (!rows || !cells) {
			if (rows)
				c->rows = rows;
			k->failed = true;
			return;
		}
		c->rows = rows;
		memcpy(cells, k->cells, k->n * sizeof(*cells));
		c->rows[c->nrows++] = (struct upr_csv_row){ k->row, cells, k->n };
	}
	k->n = 0;
}

/* libcsv trims blanks around unquoted fields by default, tabs included:
 * only the caller's trim (after parsing) decides, so a tab is a delimiter. */
static int no_space(unsigned char ch)
{
	return ch == ' ';
}

static void *csv_realloc(void *p, size_t n)
{
	return upr_realloc(p, n);
}

static void csv_free_fn(void *p)
{
	upr_free(p);
}

/* The file's bytes (upr_free), or NULL with an error in d. */
static char *read_file(const char *path, size_t *len, struct upr_diags *d)
{
	struct upr_loc loc = { path, 0, 0 };
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		upr_error(d, &loc, "cannot open: %s", strerror(errno));
		return NULL;
	}
	char *buf = upr_malloc(UPR_MAX_FILE_SIZE + 1);
	size_t n = buf ? fread(buf, 1, UPR_MAX_FILE_SIZE + 1, fp) : 0;
	bool bad = true;
	if (!buf)
		upr_error(d, &loc, "out of memory");
	else if (ferror(fp))
		upr_error(d, &loc, "cannot read: %s", strerror(errno));
	else if (n > UPR_MAX_FILE_SIZE)
		upr_error(d, &loc, "file is larger than %u bytes (docs/reference.md#limits)",
			  UPR_MAX_FILE_SIZE);
	else
		bad = false;
	fclose(fp);
	if (bad) {
		upr_free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

int upr_csv_read(struct upr_csv *c, const char *path, char delim, struct upr_diags *d)
{
	memset(c, 0, sizeof(*c));
	upr_arena_init(&c->arena);
	c->file = upr_arena_strdup(&c->arena, path);
	struct upr_loc loc = { c->file, 0, 0 };
	if (!c->file) {
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	size_t errors = d->errors, len = 0;
	char *buf = read_file(path, &len, d);
	if (!buf || d->errors > errors) {
		upr_free(buf);
		return -1;
	}
	const char *text = buf;
	if (len >= 2 && ((buf[0] == '\xFF' && buf[1] == '\xFE') ||
			 (buf[0] == '\xFE' && buf[1] == '\xFF'))) {
		upr_error(d, &loc, "the file is UTF-16: export it as CSV in UTF-8 "
			  "(LibreOffice: Text CSV, character set UTF-8; Excel: CSV UTF-8)");
		upr_free(buf);
		return -1;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	if (memchr(text, '\0', len)) {
		upr_error(d, &loc, "the file holds a NUL byte: not a CSV text file");
		upr_free(buf);
		return -1;
	}
	char *conv = NULL;
	if (!utf8_valid((const unsigned char *)text, len)) {
		conv = from_cp1252(text, len, &len);
		if (!conv) {
			upr_error(d, &loc, "the file is neither UTF-8 nor Windows-1252: "
				  "export it as CSV in UTF-8");
			upr_free(buf);
			return -1;
		}
		c->cp1252 = true;
		upr_note(d, &loc, "not UTF-8: read as Windows-1252 and converted");
		text = conv;
	}
	c->delim = delim ? delim : detect_delim(text, len);

	struct csv_parser p;
	struct collect k = { .c = c };
	int rc = 0;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		upr_error(d, NULL, "out of memory");
		rc = -1;
	} else {
		csv_set_delim(&p, (unsigned char)c->delim);
		csv_set_space_func(&p, no_space);
		csv_set_realloc_func(&p, csv_realloc);
		csv_set_free_func(&p, csv_free_fn);
		if (csv_parse(&p, text, len, on_field, on_record, &k) != len ||
		    csv_fini(&p, on_field, on_record, &k) != 0) {
			struct upr_loc at = { c->file, k.row + 1, (int)k.n + 1 };
			if (csv_error(&p) == CSV_EPARSE)
				upr_error(d, &at, "malformed quoted field: a '\"' inside a quoted "
					  "field must be doubled, and the field must end with '\"'");
			else
				upr_error(d, &at, "%s", csv_strerror(csv_error(&p)));
			rc = -1;
		}
		csv_free(&p);
	}
	upr_free(k.cells);
	upr_free(conv);
	upr_free(buf);
	if (rc == 0 && (k.failed || c->arena.failed)) {
		upr_error(d, NULL, "out of memory");
		rc = -1;
	}
	if (rc == 0 && c->ncols == 0) {
		upr_error(d, &loc, "no header row: the first row names the columns");
		rc = -1;
	}
	return rc;
}

void upr_csv_release(struct upr_csv *c)
{
	upr_free(c->rows);
	upr_arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}

struct upr_loc upr_csv_loc(const struct upr_csv *c, int row, size_t col)
{
	return (struct upr_loc){ c->file, row, (int)col + 1 };
}
