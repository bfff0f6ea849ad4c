/*
 * test_html.c - programme.html: self-contained, every input text escaped,
 * tags balanced, the sections docs/reference.md#programmehtml asks for (a
 * named page per day, only the day's rooms as columns, a list for a day
 * without parallel sessions, an index linking to each State, nothing of the
 * waitlist), and a render with headless Chromium.  How the page looks at
 * each width and in print is tests/browser/test_programme.py's.
 *
 * The render needs /usr/bin/chromium (the project's set-up installs it).
 * Without it the test fails rather than passing unseen, unless
 * UPR_NO_CHROMIUM=1 says that this machine cannot have it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "fixture.h"

#define CHROMIUM "/usr/bin/chromium"

static char *write_html(const struct fx *f, size_t *n)
{
	int rc = -1;
	char *text = fx_capture(upr_export_html, f, n, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(text);
	return text;
}

static bool has_ci(const char *text, const char *what)
{
	size_t k = strlen(what);
	for (const char *s = text; *s; s++)
		if (strncasecmp(s, what, k) == 0)
			return true;
	return false;
}

static const char *const void_elements[] = { "meta", "col", "br", "hr", "img", "link", "input" };

/* Tags balance (every element we open is closed, in order), and nothing
 * from the input is inside a tag: no "on...=" handler, no src, no href but
 * to an anchor of the page itself. */
static void check_markup(const char *text)
{
	char stack[64][16];
	int depth = 0;
	const char *s = text;
	while ((s = strchr(s, '<')) != NULL) {
		const char *end = strchr(s, '>');
		assert_non_null(end);
		if (s[1] == '!') {	/* <!DOCTYPE html> */
			s = end + 1;
			continue;
		}
		bool closing = s[1] == '/';
		const char *nm = s + 1 + closing;
		size_t k = 0;
		while (isalnum((unsigned char)nm[k]))
			k++;
		assert_true(k > 0 && k < 16);
		char tag[16];
		memcpy(tag, nm, k);
		tag[k] = '\0';
		/* Inside the tag: attribute names are ours. */
		for (const char *a = nm + k; a < end; a++) {
			if (*a == '"') {	/* skip a quoted value */
				a = strchr(a + 1, '"');
				assert_true(a && a < end);
				continue;
			}
			assert_false(strncasecmp(a, "on", 2) == 0 && a[-1] == ' ');
			assert_false(strncasecmp(a, "src", 3) == 0);
			if (strncasecmp(a, "href", 4) == 0)
				assert_true(strncmp(a, "href=\"#", 7) == 0);
		}
		bool is_void = false;
		for (size_t i = 0; i < sizeof(void_elements) / sizeof(*void_elements); i++)
			is_void |= strcmp(tag, void_elements[i]) == 0;
		if (closing) {
			assert_true(depth > 0);
			depth--;
			if (strcmp(stack[depth], tag) != 0)
				fail_msg("</%s> closes <%s>", tag, stack[depth]);
		} else if (!is_void) {
			assert_true(depth < 64);
			snprintf(stack[depth++], sizeof(stack[0]), "%s", tag);
		}
		if (strcmp(tag, "style") == 0 && !closing) {
			/* CSS holds no markup and loads nothing. */
			const char *close = strstr(end, "</style>");
			assert_non_null(close);
			s = close;
			continue;
		}
		s = end + 1;
	}
	assert_int_equal(depth, 0);
}

static void test_escaped_and_self_contained(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	size_t n = 0;
	char *text = write_html(&f, &n);
	assert_int_equal(strlen(text), n);
	assert_true(strncmp(text, "<!DOCTYPE html>\n", 16) == 0);
	check_markup(text);

	/* No script, nothing loaded from elsewhere. */
	assert_false(has_ci(text, "<script"));
	assert_false(has_ci(text, "<img"));
	assert_false(has_ci(text, "<link"));
	assert_false(has_ci(text, "<iframe"));
	assert_false(has_ci(text, "src=http"));
	assert_false(has_ci(text, "src=\""));
	assert_false(has_ci(text, "url("));
	assert_false(has_ci(text, "@import"));
	assert_false(has_ci(text, "http://") && !strstr(text, "HYPERLINK(&quot;http://"));
	assert_false(has_ci(text, "https://"));

	/* Hostile names escaped. */
	assert_non_null(strstr(text, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Watch"));
	assert_non_null(strstr(text, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(text, "=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)"));
	assert_non_null(strstr(text, "Room XXIV; &quot;annex&quot;, 2nd floor"));
	assert_non_null(strstr(text, "UPR Info pre-sessions, 29th &quot;UPR&quot; session &amp; more"));
	assert_non_null(strstr(text, "C\xc3\xb4te d&#39;Ivoire"));
	assert_non_null(strstr(text, "<bdi>\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xb8\xd9\x85\xd8\xa9 "));
	assert_non_null(strstr(text, f.p->speakers[FX_LONG].organisation));
	/* Control characters do not reach the page. */
	assert_non_null(strstr(text, "Line Break  Organisation"));
	for (const unsigned char *q = (const unsigned char *)text; *q; q++)
		assert_true(*q >= 0x20 || *q == '\n');

	/* What docs/reference.md#programmehtml asks for: a named page per day
	 * whose margin names it, the masthead on the first day's page. */
	assert_non_null(strstr(text, "@page{size:A4"));
	assert_non_null(strstr(text, ".d0{page:d0}@page d0{@top-left{content:\"Tuesday 12 December 2017\""));
	assert_non_null(strstr(text, ".d2{page:d2}@page d2{@top-left{content:\"Tuesday 3 July 2018\""));
	assert_non_null(strstr(text, ".masthead{page:d0}.index{page:d2}"));
	assert_non_null(strstr(text, "<section class=\"day d0\" id=\"day-2017-12-12\">"));
	assert_non_null(strstr(text, "<section class=\"day d1\" id=\"day-2017-12-13\">"));
	assert_non_null(strstr(text, "<section class=\"day d2\" id=\"day-2018-07-03\">"));
	assert_non_null(strstr(text, "Palais des Nations, Geneva \xc2\xb7 12 December 2017 \xe2\x80\x93 "
				     "3 July 2018"));
	/* Every session once, as an anchor; the index links to it. */
	for (size_t i = 0; i < f.t->nsessions; i++) {
		const char *sid = f.p->states[f.t->sessions[i].state].id;
		char id[64], href[64];
		snprintf(id, sizeof(id), "<article class=\"s\" id=\"%s\">", sid);
		snprintf(href, sizeof(href), "<a href=\"#%s\">", sid);
		const char *at = strstr(text, id);
		assert_non_null(at);
		assert_null(strstr(at + 1, id));
		assert_non_null(strstr(text, href));
	}
	/* The grid of a day with parallel sessions: both rooms as columns,
	 * both 10:00 sessions in one row, France below. */
	assert_non_null(strstr(text, "<div class=\"g n2\"><div class=\"rh\" style=\"grid-column:2\">"
				     "<bdi>Room XXIII</bdi>"));
	assert_non_null(strstr(text, "<div class=\"tl\" style=\"grid-row:2\">10:00</div>\n"
				     "<div class=\"c\" style=\"grid-row:2/3;grid-column:2\">"
				     "<article class=\"s\" id=\"BS\"><h3><bdi>Bahamas</bdi></h3>"));
	assert_non_null(strstr(text, "<div class=\"c\" style=\"grid-row:2/3;grid-column:3\">"
				     "<article class=\"s\" id=\"BI\"><h3><bdi>Burundi</bdi></h3>"));
	assert_non_null(strstr(text, "<div class=\"c\" style=\"grid-row:3/4;grid-column:2\">"
				     "<article class=\"s\" id=\"FR\">"));
	/* A day of one session is a list, with no room column. */
	const char *summer = strstr(text, "id=\"day-2018-07-03\"");
	assert_non_null(summer);
	assert_true(strncmp(strstr(summer, "<div class=\"g "), "<div class=\"g ls\">", 18) == 0);
	/* Public: a State not held in plain words, in the index in its
	 * alphabetical place; nothing of the waitlist or the planner's words. */
	assert_non_null(strstr(text, "<li><bdi>Tonga</bdi> <span class=\"nh\">no pre-session: not "
				     "enough applications</span></li>"));
	const char *ix = strstr(text, "<section class=\"index\" id=\"index\">");
	assert_non_null(ix);
	const char *order[] = { "Bahamas", "Burundi", "C\xc3\xb4te", "France", "Korea",
				"S\xc3\xa3o Tom", "Tonga" };
	const char *prev = ix;
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++) {
		const char *at = strstr(prev, order[i]);
		if (!at)
			fail_msg("index: %s missing or out of order", order[i]);
		prev = at;
	}
	assert_false(has_ci(text, "min_statements"));
	assert_false(has_ci(text, "waitlist"));
	assert_false(has_ci(text, "Waitlisted Watch"));
	assert_false(has_ci(text, "7th statement"));

	/* Same input, same bytes. */
	size_t n2 = 0;
	char *again = write_html(&f, &n2);
	assert_int_equal(n, n2);
	assert_memory_equal(text, again, n);
	free(again);
	free(text);
	fx_free(&f);
}

/* Sessions that do not line up, and a break: the rows still add up, and
 * the break is no row of its own. */
static void test_grid_rows(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	struct upr_session *bi = &f.t->sessions[1], *fr = &f.t->sessions[2];
	bi->start += 30;
	bi->end += 30;
	fr->start += 240;
	fr->end += 240;
	char *text = write_html(&f, NULL);
	check_markup(text);
	/* rows 10:00-10:30, 10:30-11:00, 11:00-11:30, 11:30-15:00, 15:00-16:00 */
	assert_non_null(strstr(text, "<div class=\"c\" style=\"grid-row:2/4;grid-column:2\">"
				     "<article class=\"s\" id=\"BS\">"));
	assert_non_null(strstr(text, "<div class=\"tl\" style=\"grid-row:3\">10:30</div>\n"
				     "<div class=\"c\" style=\"grid-row:3/5;grid-column:3\">"
				     "<article class=\"s\" id=\"BI\">"));
	assert_non_null(strstr(text, "<div class=\"tl\" style=\"grid-row:6\">15:00</div>\n"
				     "<div class=\"c\" style=\"grid-row:6/7;grid-column:2\">"
				     "<article class=\"s\" id=\"FR\">"));
	assert_false(has_ci(text, "Break until"));
	/* A hand-edited overlap in one room shares a cell; the other room
	 * has no column that day. */
	bi->room = 0;
	free(text);
	text = write_html(&f, NULL);
	check_markup(text);
	assert_non_null(strstr(text, "</ol></article><article class=\"s\" id=\"BI\"><h3><bdi>Burundi"));
	assert_non_null(strstr(text, "<div class=\"g n1\"><div class=\"rh\" style=\"grid-column:2\">"
				     "<bdi>Room XXIII</bdi>"));
	free(text);
	fx_free(&f);
}

/* organiser.html: the team's view holds what the programme leaves out, the
 * score is the checker's, and it is self-contained and stable too. */
static void test_organiser(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	size_t n = 0, n2 = 0;
	int rc = -1;
	char *text = fx_capture(upr_export_organiser, &f, &n, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(text);
	check_markup(text);
	assert_false(has_ci(text, "<script"));
	assert_false(has_ci(text, "http://"));
	assert_false(has_ci(text, "https://"));
	assert_false(has_ci(text, "url("));
	/* the planner's own words */
	assert_non_null(strstr(text, "<tr><td><bdi>Tonga</bdi></td><td>no speakers "
				     "(session.min_statements is 1)</td></tr>"));
	assert_non_null(strstr(text, "<bdi>Waitlisted Watch</bdi></td><td><bdi>France</bdi>"));
	assert_non_null(strstr(text, "the session has no room for a 7th statement"));
	/* the checker's score, part by part */
	struct upr_check_result r;
	upr_check_result_init(&r);
	struct upr_check_opts co = { .explain = true };
	assert_true(upr_check(f.p, f.t, &co, &r) >= 0);
	char want[128];
	snprintf(want, sizeof(want), "<h2>Score: %lld</h2>", (long long)r.score.total);
	assert_non_null(strstr(text, want));
	for (int w = 0; w < UPR_W_COUNT; w++) {
		snprintf(want, sizeof(want), "<tr><td>%s</td><td class=\"num\">%lld</td>"
			 "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>",
			 upr_weight_names[w], (long long)f.p->event.weights[w],
			 (long long)r.score.count[w], (long long)r.score.part[w]);
		assert_non_null(strstr(text, want));
	}
	upr_check_result_release(&r);
	/* one chart per day (3), one bar per session (6) */
	size_t charts = 0, bars = 0;
	for (const char *q = text; (q = strstr(q, "<svg class=\"chart\"")) != NULL; q++)
		charts++;
	for (const char *q = text; (q = strstr(q, "<rect class=\"s\"")) != NULL; q++)
		bars++;
	assert_int_equal(charts, 3);
	assert_int_equal(bars, f.t->nsessions);
	/* speakers with more than one statement: the long name speaks on BS
	 * and CI; the NHRI of the Bahamas, with one statement, is not listed */
	const char *sp = strstr(text, "<section id=\"speakers\">");
	assert_non_null(sp);
	assert_non_null(strstr(sp, f.p->speakers[FX_LONG].organisation));
	assert_null(strstr(sp, f.p->speakers[FX_BS_NHRI].organisation));
	/* same input, same bytes */
	char *again = fx_capture(upr_export_organiser, &f, &n2, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(n, n2);
	assert_memory_equal(text, again, n);
	free(again);
	free(text);
	fx_free(&f);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	int ok = 0;
	for (unsigned long n = 1; n < 100000 && !ok; n++) {
		upr_mem_fail_at(n);
		int rc = -2;
		char *s = fx_capture(upr_export_html, &f, NULL, &rc);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		ok = rc == 0;
		free(s);
	}
	assert_true(ok);
	fx_free(&f);
}

static void test_organiser_out_of_memory(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	int ok = 0;
	for (unsigned long n = 1; n < 100000 && !ok; n++) {
		upr_mem_fail_at(n);
		int rc = -2;
		char *s = fx_capture(upr_export_organiser, &f, NULL, &rc);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		ok = rc == 0;
		free(s);
	}
	assert_true(ok);
	fx_free(&f);
}

/* Renders the page at A4 size (1240 x 1754 pixels, 150 dpi) and checks that
 * a real image came out. */
static void test_render_with_chromium(void **state)
{
	(void)state;
	const char *no = getenv("UPR_NO_CHROMIUM");
	if (access(CHROMIUM, X_OK) != 0) {
		if (no && strcmp(no, "1") == 0)
			skip();
		fail_msg(CHROMIUM " is missing: install it (apt-get install chromium) or set "
			 "UPR_NO_CHROMIUM=1");
	}
	char dir[] = "/tmp/upr-html-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char html[128], png[128], cmd[1024];
	snprintf(html, sizeof(html), "%s/programme.html", dir);
	snprintf(png, sizeof(png), "%s/programme.png", dir);
	struct fx f;
	fx_init(&f);
	FILE *out = fopen(html, "wb");
	assert_non_null(out);
	assert_int_equal(upr_export_html(f.p, f.t, out), 0);
	assert_int_equal(fclose(out), 0);
	fx_free(&f);
	snprintf(cmd, sizeof(cmd),
		 "timeout 60 " CHROMIUM " --headless --no-sandbox --disable-gpu --disable-quic "
		 "--no-first-run --disable-background-networking --disable-component-update "
		 "--disable-sync --user-data-dir='%s/profile' --screenshot='%s' "
		 "--window-size=1240,1754 'file://%s' >'%s/log' 2>&1",
		 dir, png, html, dir);
	int rc = system(cmd);
	size_t n = 0;
	char *img = fx_read_file(png, &n);
	if (!img) {
		snprintf(cmd, sizeof(cmd), "tail -n 20 '%s/log'", dir);
		if (system(cmd) != 0)
			perror("tail");
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	if (!img)
		fail_msg("chromium wrote no image (status %d)", rc);
	assert_memory_equal(img, "\x89PNG\r\n\x1a\n", 8);
	/* A blank A4 page compresses to a few kilobytes; a programme with its
	 * grid and text is far larger. */
	assert_true(n > 50000);
	/* IHDR: the width and height asked for. */
	const unsigned char *h = (const unsigned char *)img + 16;
	unsigned w = (unsigned)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
	unsigned ht = (unsigned)h[4] << 24 | h[5] << 16 | h[6] << 8 | h[7];
	assert_int_equal(w, 1240);
	assert_int_equal(ht, 1754);
	free(img);
}

int main(void)
{
	/* failure injection reaches cJSON too (util/mem.h) */
	upr_mem_hook_cjson();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaped_and_self_contained),
		cmocka_unit_test(test_grid_rows),
		cmocka_unit_test(test_organiser),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_organiser_out_of_memory),
		cmocka_unit_test(test_render_with_chromium),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
