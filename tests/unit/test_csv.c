/*
 * test_csv.c - timetable.csv, read back with a small RFC 4180 parser and
 * compared field by field with the timetable of tests/unit/fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define NCOLS 13
#define MAXROWS 64

struct csv {
	char *cell[MAXROWS][NCOLS];
	int nrows;
};

/* RFC 4180, strictly: records end with CRLF (the last one too), a quoted
 * field may hold anything with quotes doubled, an unquoted one no quote,
 * CR or LF.  Fails the test on anything else. */
static void parse_csv(const char *s, size_t n, struct csv *out)
{
	size_t i = 0;
	out->nrows = 0;
	while (i < n) {
		assert_true(out->nrows < MAXROWS);
		int col = 0;
		for (;;) {
			char *cell = malloc(n + 1);
			size_t k = 0;
			if (s[i] == '"') {
				i++;
				for (;;) {
					assert_true(i < n);
					if (s[i] == '"') {
						if (i + 1 < n && s[i + 1] == '"') {
							cell[k++] = '"';
							i += 2;
							continue;
						}
						i++;
						break;
					}
					cell[k++] = s[i++];
				}
			} else {
				while (i < n && s[i] != ',' && s[i] != '\r') {
					assert_true(s[i] != '"' && s[i] != '\n');
					cell[k++] = s[i++];
				}
			}
			cell[k] = '\0';
			assert_true(col < NCOLS);
			out->cell[out->nrows][col++] = cell;
			assert_true(i < n);
			if (s[i] == ',') {
				i++;
				continue;
			}
			assert_int_equal(s[i], '\r');
			assert_true(i + 1 < n);
			assert_int_equal(s[i + 1], '\n');
			i += 2;
			break;
		}
		assert_int_equal(col, NCOLS);
		out->nrows++;
	}
}

static void free_csv(struct csv *c)
{
	for (int r = 0; r < c->nrows; r++)
		for (int k = 0; k < NCOLS; k++)
			free(c->cell[r][k]);
}

/* What a cell should read, independently of the code under test. */
static void guarded(const char *s, char *out, size_t size)
{
	if (s[0] && strchr("=+-@\t\r", s[0]))
		snprintf(out, size, "'%s", s);
	else
		snprintf(out, size, "%s", s);
}

static void check_row(char **row, const char *date, int64_t start, int64_t end,
		      const char *room, const char *room_name, const char *state,
		      const char *state_name,
		      const char *type, const struct upr_speaker *sp)
{
	char buf[1024], s[16], e[16];
	assert_string_equal(row[0], date);
	snprintf(s, sizeof(s), "%02u:%02u", (unsigned)(start % 1440 / 60), (unsigned)(start % 60));
	snprintf(e, sizeof(e), "%02u:%02u", (unsigned)(end % 1440 / 60), (unsigned)(end % 60));
	assert_string_equal(row[1], s);
	assert_string_equal(row[2], e);
	assert_string_equal(row[3], room);
	char rn[1024];
	guarded(room_name, rn, sizeof(rn));
	assert_string_equal(row[4], rn);
	assert_string_equal(row[5], state);
	guarded(state_name, buf, sizeof(buf));
	assert_string_equal(row[6], buf);
	assert_string_equal(row[7], type);
	if (sp) {
		char lang[3];
		upr_lang_format(sp->language, lang);
		assert_string_equal(row[8], sp->id);
		guarded(sp->organisation, buf, sizeof(buf));
		assert_string_equal(row[9], buf);
		assert_string_equal(row[10], upr_kind_names[sp->kind]);
		assert_string_equal(row[11], lang);
	} else {
		for (int k = 8; k <= 11; k++)
			assert_string_equal(row[k], "");
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)(end - start));
	assert_string_equal(row[12], buf);
}

static void test_rows(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	size_t n = 0;
	int rc = -1;
	char *text = fx_capture(upr_export_csv, &f, &n, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(text);
	/* No byte order mark; the header exactly. */
	assert_true((unsigned char)text[0] != 0xef);
	const char *header = "date,start,end,room,room_name,state,state_name,type,speaker,organisation,"
			     "kind,language,minutes\r\n";
	assert_memory_equal(text, header, strlen(header));

	static struct csv c;
	parse_csv(text, n, &c);
	int row = 1;
	for (size_t i = 0; i < f.t->nsessions; i++) {
		const struct upr_session *s = &f.t->sessions[i];
		const struct upr_event *e = &f.p->event;
		char date[11];
		upr_format_date(s->start / 1440, date);
		const char *room = f.p->rooms[s->room].id, *rname = f.p->rooms[s->room].name;
		const char *sid = f.p->states[s->state].id;
		const char *sname = f.p->states[s->state].name;
		int64_t t = s->start;
		check_row(c.cell[row++], date, t, t + e->opening, room, rname, sid, sname, "opening", NULL);
		t += e->opening;
		check_row(c.cell[row++], date, t, t + e->state_statement, room, rname, sid, sname,
			  "remarks", NULL);
		for (size_t k = 0; k < s->nstmts; k++) {
			const struct upr_stmt *st = &s->stmts[k];
			check_row(c.cell[row++], date, st->start, st->start + st->minutes, room, rname, sid,
				  sname, "statement", &f.p->speakers[st->speaker]);
			t = st->start + st->minutes;
		}
		check_row(c.cell[row++], date, t, s->end, room, rname, sid, sname, "questions", NULL);
	}
	assert_int_equal(row, c.nrows);
	assert_int_equal(c.nrows, 1 + 41);

	/* Hostile cells, by their raw bytes and read back. */
	assert_non_null(strstr(text, ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","));
	assert_non_null(strstr(text, ",'+41 22 917 12 34,"));
	assert_non_null(strstr(text, ",'@SUM(A1),"));
	assert_non_null(strstr(text, ",'\tTabbed Org,"));
	assert_non_null(strstr(text, ",'-2+3 Minus Org,"));
	assert_non_null(strstr(text, ",\"'\rCarriage Org\","));
	assert_non_null(strstr(text, ",\"Commas, Semicolons; and Backslashes\\ Ltd\","));
	assert_non_null(strstr(text, ",\"Line\nBreak\r\nOrganisation\","));
	assert_non_null(strstr(text, ",Amnesty International,"));
	assert_non_null(strstr(text, ",\"Korea, Republic of\","));
	/* the room's id, then its name (quoted: it holds a comma and quotes) */
	assert_non_null(strstr(text, ",xxiv,\"Room XXIV; \"\"annex\"\", 2nd floor\",BI,"));
	int seen = 0;
	for (int r = 1; r < c.nrows; r++) {
		const char *org = c.cell[r][9];
		if (!strcmp(c.cell[r][8], "hyperlink")) {
			assert_string_equal(org, "'=HYPERLINK(\"http://evil.example\",\"click\")");
			seen++;
		}
		if (!strcmp(c.cell[r][8], "plain")) {
			assert_string_equal(org, "Amnesty International");	/* unchanged */
			seen++;
		}
		if (!strcmp(c.cell[r][8], "tab")) {
			assert_string_equal(org, "'\tTabbed Org");
			seen++;
		}
		if (!strcmp(c.cell[r][8], "long"))
			assert_string_equal(org, f.p->speakers[FX_LONG].organisation);
		/* No cell read back starts a formula. */
		for (int k = 0; k < NCOLS; k++)
			assert_null(strchr("=+-@\t\r", c.cell[r][k][0] ? c.cell[r][k][0] : 'x'));
	}
	assert_int_equal(seen, 1 + 3 + 1);
	free_csv(&c);

	/* Same input, same bytes. */
	size_t n2 = 0;
	char *again = fx_capture(upr_export_csv, &f, &n2, &rc);
	assert_int_equal(n, n2);
	assert_memory_equal(text, again, n);
	free(again);
	free(text);
	fx_free(&f);
}

static void test_empty_timetable(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	f.t->nsessions = 0;
	size_t n = 0;
	int rc = -1;
	char *text = fx_capture(upr_export_csv, &f, &n, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, "date,start,end,room,room_name,state,state_name,type,speaker,organisation,"
				  "kind,language,minutes\r\n");
	free(text);
	fx_free(&f);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	int ok = 0;
	for (unsigned long n = 1; n < 10000 && !ok; n++) {
		upr_mem_fail_at(n);
		int rc = -2;
		char *s = fx_capture(upr_export_csv, &f, NULL, &rc);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		ok = rc == 0;
		free(s);
	}
	assert_true(ok);
	fx_free(&f);
}

int main(void)
{
	/* failure injection reaches cJSON too (util/mem.h) */
	upr_mem_hook_cjson();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_empty_timetable),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
