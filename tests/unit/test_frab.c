/*
 * test_frab.c - schedule.xml: valid against the c3voc schema (xmllint
 * --schema, with the copy in tests/data/), stable guids, escaped text that
 * reads back as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

#define XSD UPR_SOURCE_DIR "/tests/data/schedule.xml.xsd"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/upr-frab-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes the schedule of f to tmpdir/name; returns its text (free()). */
static char *write_file(const struct fx *f, const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", tmpdir, name);
	FILE *out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(upr_export_frab(f->p, f->t, out), 0);
	assert_int_equal(fclose(out), 0);
	char *text = fx_read_file(path, NULL);
	assert_non_null(text);
	return text;
}

static void validate(const char *path)
{
	char cmd[512];
	assert_int_equal(access(XSD, R_OK), 0);
	snprintf(cmd, sizeof(cmd), "xmllint --noout --schema '%s' '%s' 2>&1", XSD, path);
	FILE *pp = popen(cmd, "r");
	assert_non_null(pp);
	char out[4096];
	size_t n = fread(out, 1, sizeof(out) - 1, pp);
	out[n] = '\0';
	int rc = pclose(pp);
	if (rc != 0)
		fail_msg("xmllint rejects %s (status %d):\n%s", path, rc, out);
}

/* The string value of an XPath expression, through xmllint. */
static char *xpath(const char *path, const char *expr)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "xmllint --xpath '%s' '%s'", expr, path);
	FILE *pp = popen(cmd, "r");
	assert_non_null(pp);
	char *out = calloc(1, 65536);
	size_t n = fread(out, 1, 65535, pp);
	/* Newer xmllint versions end the value with a newline. */
	if (n && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	assert_int_equal(pclose(pp), 0);
	return out;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *s = strstr(text, what); s; s = strstr(s + 1, what))
		n++;
	return n;
}

static void test_valid_and_complete(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	char path[256];
	char *text = write_file(&f, "schedule.xml", path, sizeof(path));
	validate(path);

	assert_int_equal(count(text, "<day "), 3);
	assert_int_equal(count(text, "<room name="), 3 * 2);
	assert_int_equal(count(text, "<event "), FX_NSESSIONS);
	assert_int_equal(count(text, "<type>pre-session</type>"), FX_NSESSIONS);
	assert_int_equal(count(text, "<person "), 23);
	assert_non_null(strstr(text, "<day index=\"1\" date=\"2017-12-12\" "
				     "start=\"2017-12-12T10:00:00+01:00\" "
				     "end=\"2017-12-12T18:00:00+01:00\">"));
	assert_non_null(strstr(text, "<date>2018-07-03T10:00:00+02:00</date>"));
	/* guids: UUID v5 of the UID in the URL namespace, as Python's
	 * uuid.uuid5(uuid.NAMESPACE_URL, "upr29/BS@upr-schedule") gives. */
	assert_non_null(strstr(text, "<event guid=\"fba27faa-4c94-5ebe-afee-9469055965fc\" id=\"1\">"));
	assert_non_null(strstr(text, "<room name=\"Room XXIII\" "
				     "guid=\"1e13e9e9-8b6e-5077-bd4e-e4a933754127\">"));

	/* Escaped, and reads back as written. */
	assert_null(strstr(text, "<script"));
	assert_null(strstr(text, "<img"));
	assert_non_null(strstr(text, "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; Watch"));
	char *v = xpath(path, "string(//event[title=\"Burundi\"]/persons/person[2])");
	assert_string_equal(v, "<script>alert('x')</script> Watch");
	free(v);
	v = xpath(path, "string(//event[title=\"Burundi\"]/persons/person[3])");
	assert_string_equal(v, "\"><img src=x onerror=alert(1)>");
	free(v);
	v = xpath(path, "string(/schedule/conference/title)");
	assert_string_equal(v, f.p->event.name);
	free(v);
	v = xpath(path, "string(//event[@id=\"1\"]/persons/person[4])");
	assert_string_equal(v, f.p->speakers[FX_LONG].organisation);
	free(v);
	v = xpath(path, "string(//event[@id=\"1\"]/persons/person[3])");
	assert_string_equal(v, "Line Break  Organisation");	/* controls become spaces */
	free(v);

	/* Same input, same bytes. */
	char path2[256];
	char *again = write_file(&f, "again.xml", path2, sizeof(path2));
	assert_string_equal(text, again);
	free(again);
	free(text);
	fx_free(&f);
}

/* The version follows the content; guids do not follow times or rooms. */
static void test_version_and_guids(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	char path[256];
	char *a = write_file(&f, "a.xml", path, sizeof(path));
	struct upr_session *s = &f.t->sessions[2];
	s->start += 240;
	s->end += 240;
	for (size_t k = 0; k < s->nstmts; k++)
		s->stmts[k].start += 240;
	s->room = 1;
	char *b = write_file(&f, "b.xml", path, sizeof(path));
	validate(path);
	const char *va = strstr(a, "<version>"), *vb = strstr(b, "<version>");
	assert_non_null(va);
	assert_non_null(vb);
	assert_memory_not_equal(va, vb, 9 + 16);
	char uid[256];
	upr_uid_session(f.p, FX_FR, uid, sizeof(uid));
	assert_string_equal(uid, "upr29/FR@upr-schedule");
	const char *ga = strstr(a, "<event guid=\"34fd0565-295d-5254-b7c2-b26e6f62b231\" id=\"3\">");
	const char *gb = strstr(b, "<event guid=\"34fd0565-295d-5254-b7c2-b26e6f62b231\" id=\"3\">");
	assert_non_null(ga);
	assert_non_null(gb);
	free(a);
	free(b);
	fx_free(&f);
}

/* Control characters and broken UTF-8 cannot make the XML invalid. */
static void test_bad_bytes(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	f.p->states[FX_BS].name = "Ba\x01ha\x1bmas\xff\xfe \xef\xbf\xbe end";
	f.p->rooms[0].name = "Room \x0b<XXIII>";
	f.p->event.name = "\xc3";
	f.p->event.id = "A.b";	/* too short for an acronym: left out */
	char path[256];
	char *text = write_file(&f, "bad.xml", path, sizeof(path));
	validate(path);
	assert_null(strstr(text, "<acronym>"));
	char *v = xpath(path, "string(//event[@id=\"1\"]/title)");
	assert_string_equal(v, "Ba ha mas\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd end");
	free(v);
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
		char *s = fx_capture(upr_export_frab, &f, NULL, &rc);
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
		cmocka_unit_test(test_valid_and_complete),
		cmocka_unit_test(test_version_and_guids),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
