/*
 * pin.c - upr_edit_pin: the `room` and `start` pins (keys of a State,
 * docs/reference.md#states) that keep States where a timetable has them, printed as YAML
 * lines or written into the YAML file that defines each State.
 *
 * In place, the file is changed in exactly two ways, and every other byte
 * stays as it was (comments, blank lines, quoting, key order): a `room:`
 * or `start:` value the State already has is replaced (the text of the
 * scalar only, so a comment after it stays), and a key it lacks is
 * inserted as a new line after the last line of its mapping, indented as
 * its keys are.  Where the loader found the State (its mapping's first
 * key, 1-based line and character column) and its pins is all this needs;
 * a State written as a flow mapping (`{id: DE, ...}`) is refused, as its
 * keys share one line.  The States of one file are changed from the last
 * to the first, so a line inserted below never moves one still to come;
 * each file is written whole to a temporary name and renamed into place.
 */
#include "api/api.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "load/timetable_read.h"
#include "load/values.h"
#include "util/outfile.h"
#include "util/smallfile.h"

/* One State to pin: where it is and where the timetable has it. */
struct pin {
	int state;
	const char *room;	/* the room's id */
	char start[17];		/* "2017-12-12 10:00" */
};

/* The byte offset in text of 1-based (line, col), col counted in
 * characters of UTF-8 as the loader counts them; (size_t)-1 past the
 * end. */
static size_t offset_of(const char *text, size_t len, int line, int col)
{
	size_t at = 0;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(text + at, '\n', len - at);
		if (!nl)
			return (size_t)-1;
		at = (size_t)(nl - text) + 1;
	}
	for (int c = 1; c < col; c++) {
		if (at >= len || text[at] == '\n')
			return (size_t)-1;
		at++;
		while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
			at++;
	}
	return at;
}

/* Offset of the start of the line after the one holding at (len at the end). */
static size_t next_line(const char *text, size_t len, size_t at)
{
	const char *nl = memchr(text + at, '\n', len - at);
	return nl ? (size_t)(nl - text) + 1 : len;
}

/* The end of the scalar that starts at at: its closing quote, or the
 * end of its line before a comment and trailing blanks. */
static size_t scalar_end(const char *text, size_t len, size_t at)
{
	size_t eol = next_line(text, len, at);
	if (eol > at && text[eol - 1] == '\n')
		eol--;
	if (at < eol && (text[at] == '"' || text[at] == '\'')) {
		char q = text[at];
		for (size_t i = at + 1; i < eol; i++) {
			if (q == '"' && text[i] == '\\') {
				i++;
				continue;
			}
			if (text[i] == q) {
				if (q == '\'' && i + 1 < eol && text[i + 1] == '\'') {
					i++;
					continue;
				}
				return i + 1;
			}
		}
		return eol;
	}
	size_t end = at;
	for (size_t i = at; i < eol; i++) {
		if (text[i] == '#' && i > at && (text[i - 1] == ' ' || text[i - 1] == '\t'))
			break;
		end = i + 1;
	}
	while (end > at && (text[end - 1] == ' ' || text[end - 1] == '\t'))
		end--;
	return end;
}

/* The room id as a YAML scalar: plain, or quoted where YAML 1.1 would
 * read it as something else than a string (yes, no, on, a number...). */
static void room_scalar(const char *id, char *out, size_t size)
{
	bool b;
	int64_t n;
	if (upr_parse_bool(id, &b) == UPR_V_OK || upr_parse_int(id, &n) == UPR_V_OK ||
	    strcmp(id, "null") == 0 || strcmp(id, "~") == 0 || isdigit((unsigned char)id[0]))
		snprintf(out, size, "\"%s\"", id);
	else
		snprintf(out, size, "%s", id);
}

/* A growing copy of the file being changed. */
struct text {
	char *s;
	size_t len;
};

/* Replaces text[at, end) with rep.  0, or -1 out of memory. */
static int splice(struct text *t, size_t at, size_t end, const char *rep)
{
	size_t n = strlen(rep), len = t->len - (end - at) + n;
	char *s = upr_malloc(len + 1);
	if (!s)
		return -1;
	memcpy(s, t->s, at);
	memcpy(s + at, rep, n);
	memcpy(s + at + n, t->s + end, t->len - end);
	s[len] = '\0';
	upr_free(t->s);
	t->s = s;
	t->len = len;
	return 0;
}

/* Pins one State in t.  UPR_OK, UPR_BAD_INPUT (a flow mapping, a place
 * the file does not have) or UPR_FAILED (out of memory). */
static int pin_one(const struct upr_problem *p, const struct pin *x, struct text *t,
		   struct upr_diags *d)
{
	const struct upr_state *st = &p->states[x->state];
	size_t key = offset_of(t->s, t->len, st->loc.line, st->loc.col);
	if (key == (size_t)-1) {
		upr_error(d, &st->loc, "the file no longer has the State %s here: load it again", st->id);
		return UPR_BAD_INPUT;
	}
	if (t->s[key] == '{') {
		upr_error(d, &st->loc,
			  "%s is written as a flow mapping ({...}): add 'room: %s' and 'start: %s' to it by hand",
			  st->id, x->room, x->start);
		return UPR_BAD_INPUT;
	}
	char room[80], start[24];
	room_scalar(x->room, room, sizeof(room));
	snprintf(start, sizeof(start), "%s", x->start);
	/* values it has: replaced, the later line first */
	struct value {
		const struct upr_loc *loc;
		const char *value;
		bool has;
	} vals[2] = { { &st->room_loc, room, st->room_loc.line > 0 },
		      { &st->start_loc, start, st->start_loc.line > 0 } };
	if (vals[0].has && vals[1].has && st->room_loc.line < st->start_loc.line) {
		struct value tmp = vals[0];
		vals[0] = vals[1];
		vals[1] = tmp;
	}
	for (int i = 0; i < 2; i++) {
		if (!vals[i].has)
			continue;
		size_t at = offset_of(t->s, t->len, vals[i].loc->line, vals[i].loc->col);
		if (at == (size_t)-1) {
			upr_error(d, vals[i].loc, "the file no longer has this value: load it again");
			return UPR_BAD_INPUT;
		}
		if (splice(t, at, scalar_end(t->s, t->len, at), vals[i].value) != 0)
			return UPR_FAILED;
	}
	if (st->room_loc.line > 0 && st->start_loc.line > 0)
		return UPR_OK;
	/* keys it lacks: after the last line of its mapping, the first line
	 * whose indentation is less than its keys' ends it (blank lines and
	 * comments belong to what follows) */
	size_t indent = (size_t)st->loc.col - 1, end = next_line(t->s, t->len, key);
	for (size_t at = end; at < t->len; at = next_line(t->s, t->len, at)) {
		size_t sp = 0;
		while (at + sp < t->len && t->s[at + sp] == ' ')
			sp++;
		char c = at + sp < t->len ? t->s[at + sp] : '\n';
		if (c == '\n' || c == '\r' || c == '#')
			continue;
		if (sp < indent)
			break;
		end = next_line(t->s, t->len, at);
	}
	char add[256];
	size_t n = 0;
	bool nl_before = end > 0 && t->s[end - 1] != '\n';	/* a last line without one */
	bool crlf = end >= 2 && t->s[end - 2] == '\r';
	const char *eol = crlf ? "\r\n" : "\n";
	if (nl_before)
		n += (size_t)snprintf(add + n, sizeof(add) - n, "%s", eol);
	if (st->room_loc.line == 0)
		n += (size_t)snprintf(add + n, sizeof(add) - n, "%*sroom: %s%s", (int)indent, "", room, eol);
	if (st->start_loc.line == 0)
		n += (size_t)snprintf(add + n, sizeof(add) - n, "%*sstart: %s%s", (int)indent, "", start,
				      eol);
	return splice(t, end, end, add) != 0 ? UPR_FAILED : UPR_OK;
}

/* Sorts pins[0..n) by file, later in a file first (insertion sort:
 * a handful of States). */
static void sort_pins(const struct upr_problem *p, struct pin *pins, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			const struct upr_state *a = &p->states[pins[j - 1].state];
			const struct upr_state *b = &p->states[pins[j].state];
			int c = strcmp(a->loc.file, b->loc.file);
			if (c < 0 || (c == 0 && a->loc.line > b->loc.line))
				break;
			struct pin tmp = pins[j - 1];
			pins[j - 1] = pins[j];
			pins[j] = tmp;
		}
}

/* The new text of the file of pins[0..n) (all in one file) into *t. */
static int pin_file(const struct upr_problem *p, const struct pin *pins, size_t n,
		    struct text *t, struct upr_diags *d)
{
	const char *path = p->states[pins[0].state].loc.file;
	bool nomem = false;
	t->s = upr_read_small_file(path, UPR_MAX_FILE_SIZE, &t->len, &nomem);
	if (!t->s) {
		upr_error(d, NULL, nomem ? "out of memory" : "cannot read '%s'", path);
		return nomem ? UPR_FAILED : UPR_BAD_INPUT;
	}
	int rc = UPR_OK;
	for (size_t i = 0; i < n && rc == UPR_OK; i++)
		rc = pin_one(p, &pins[i], t, d);
	return rc;
}

/* Writes t over path, through a temporary file renamed into place. */
static int write_text(const char *path, const struct text *t, struct upr_diags *d)
{
	struct upr_outfile of;
	if (upr_outfile_open(&of, path, d) != 0)
		return UPR_WRITE_ERROR;
	int rc = UPR_OK;
	if (fwrite(t->s, 1, t->len, of.f) != t->len) {
		upr_error(d, NULL, "cannot write '%s'", path);
		rc = UPR_WRITE_ERROR;
	} else if (upr_outfile_close(&of, d) != 0 || upr_outfile_rename(&of, d) != 0) {
		rc = UPR_WRITE_ERROR;
	}
	upr_outfile_release(&of);
	return rc;
}

int upr_edit_pin(const struct upr_problem *p, const struct upr_pin_request *rq,
		 struct upr_diags *d)
{
	if (rq->nstates == 0 || (!rq->in_place && !rq->stream)) {
		upr_error(d, NULL, "edit pin needs one State or more, and where to write");
		return UPR_BAD_INPUT;
	}
	struct upr_timetable *t = NULL;
	/* read as a baseline: pins are what keeps States in place through
	 * the re-plan after the input changed (a speaker withdrew), so the
	 * States and rooms that remain are enough */
	if (upr_timetable_read_file_mode(p, rq->timetable, UPR_TT_BASELINE, &t, NULL, d) != 0)
		return UPR_BAD_INPUT;
	struct pin *pins = upr_calloc(rq->nstates, sizeof(*pins));
	struct {
		size_t first;	/* its first pin */
		struct text t;
	} *texts = NULL;
	int rc = UPR_FAILED;
	if (!pins) {
		upr_error(d, NULL, "out of memory");
		goto done;
	}
	rc = UPR_OK;
	size_t n = 0;
	for (size_t i = 0; i < rq->nstates; i++) {
		struct upr_found f;
		if (upr_problem_find(p, UPR_ENTITY_STATE, rq->states[i], &f, d) != 0) {
			rc = UPR_BAD_INPUT;
			continue;
		}
		const struct upr_session *s = NULL;
		for (size_t k = 0; k < t->nsessions; k++)
			if (t->sessions[k].state == f.index)
				s = &t->sessions[k];
		if (!s) {
			upr_error(d, NULL, "%s (%s) has no session in the timetable, so nothing to pin",
				  p->states[f.index].name, p->states[f.index].id);
			rc = UPR_BAD_INPUT;
			continue;
		}
		if (s->room < 0) {
			upr_error(d, NULL, "the room of %s (%s) in the timetable is no longer in the input, so it cannot be pinned",
				  p->states[f.index].name, p->states[f.index].id);
			rc = UPR_BAD_INPUT;
			continue;
		}
		bool twice = false;
		for (size_t k = 0; k < n; k++)
			twice |= pins[k].state == f.index;
		if (twice)
			continue;
		pins[n].state = f.index;
		pins[n].room = p->rooms[s->room].id;
		upr_format_local(s->start, pins[n].start);
		n++;
	}
	if (rc != UPR_OK)
		goto done;
	if (!rq->in_place) {
		for (size_t i = 0; i < n; i++) {
			const struct upr_state *st = &p->states[pins[i].state];
			char room[80];
			room_scalar(pins[i].room, room, sizeof(room));
			fprintf(rq->stream, "# %s (%s), %s:%d\nroom: %s\nstart: %s\n", st->name, st->id,
				st->loc.file, st->loc.line, room, pins[i].start);
		}
		if (fflush(rq->stream) != 0 || ferror(rq->stream)) {
			upr_error(d, NULL, "cannot write to standard output");
			rc = UPR_WRITE_ERROR;
		}
		goto done;
	}
	/* every file's new text first, then the files: none is written
	 * when one of them cannot be changed */
	sort_pins(p, pins, n);
	texts = upr_calloc(n, sizeof(*texts));
	if (!texts) {
		upr_error(d, NULL, "out of memory");
		rc = UPR_FAILED;
		goto done;
	}
	size_t nfiles = 0;
	for (size_t i = 0, j; i < n && rc == UPR_OK; i = j, nfiles++) {
		for (j = i + 1; j < n && strcmp(p->states[pins[j].state].loc.file,
						p->states[pins[i].state].loc.file) == 0; j++)
			;
		texts[nfiles].first = i;
		rc = pin_file(p, pins + i, j - i, &texts[nfiles].t, d);
	}
	for (size_t f = 0; f < nfiles && rc == UPR_OK; f++)
		rc = write_text(p->states[pins[texts[f].first].state].loc.file, &texts[f].t, d);
done:
	for (size_t f = 0; texts && f < n; f++)
		upr_free(texts[f].t.s);
	upr_free(texts);
	upr_free(pins);
	upr_timetable_free(t);
	return rc;
}
