/*
 * test_hostile.c - hostile text from the YAML input reaches every output
 * and none of them can be subverted by it.
 *
 * The input (written by this test) puts into the event's name and venue,
 * room, State, organisation and delegation names: newlines followed by
 * text that looks like a calendar property, tabs, the line and paragraph
 * separators, the bidirectional override U+202E, markup, "]]>", entity
 * lookalikes, spreadsheet formulas (= + - @ tab at the start of a cell),
 * quotes, commas, semicolons, backslashes, and names of nearly
 * UPR_MAX_STRING_BYTES with 2-, 3- and 4-byte UTF-8.  All of it through YAML double-quoted escapes, as an
 * organiser's editor could write it.  Then `plan` runs in-process, and:
 *
 *   - timetable.json parses, and every name in it is the input's, byte for
 *     byte (JSON escapes anything);
 *   - timetable.csv parses as strict RFC 4180 (CRLF rows, 13 cells each,
 *     quotes only where allowed), every name cell is the input's, with a
 *     leading "'" exactly when it starts with = + - @ tab or CR;
 *   - every .ics parses with libical without errors, uses CRLF line ends
 *     only, no physical line starts with injected text, VEVENTs are exactly
 *     the sessions (or statements), and SUMMARY/LOCATION read back as the
 *     input with control characters turned into spaces (text.h's rule);
 *   - programme.html holds no '<' that came from the input;
 *   - schedule.xml is valid against tests/data/schedule.xml.xsd (xmllint).
 *
 * And a NUL written as "\0" inside a double-quoted string, or any other
 * control character than tab and newline (CR, BEL, ESC, DEL, NEL and the
 * other C1 controls), is refused with an error that says so, and nothing
 * is written.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <libical/ical.h>

#include "files.h"
#include "cli/cli.h"
#include "upr/upr.h"

#define NROOMS 2
#define NSTATES 4
#define NSPEAKERS 6

/* Names as YAML double-quoted source (escapes) and as the bytes they
 * stand for.  Long names are built at run time (long_name). */
struct name {
	const char *yaml;	/* between the quotes in the YAML file */
	const char *bytes;	/* what the loader must read */
};

static const struct name event_name = {
	"Pre-sessions \\\"29\\\"\\nEND:VCALENDAR\\nINJECTED-EVENT:1 <x-hostile>\\u202e&amp;",
	"Pre-sessions \"29\"\nEND:VCALENDAR\nINJECTED-EVENT:1 <x-hostile>\xe2\x80\xae&amp;",
};

static const struct name room_names[NROOMS] = {
	{ "=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\\t<x-hostile>",
	  "=HYPERLINK(\"http://evil.example\",\"x\")\t<x-hostile>" },
	{ NULL, NULL },	/* long */
};

static const struct name state_names[NSTATES] = {
	{ "Bahamas\\nINJECTED-STATE:1\\n DESCRIPTION:x",
	  "Bahamas\nINJECTED-STATE:1\n DESCRIPTION:x" },
	{ "+SUM(A1:A9)\\L\\P<x-hostile>",
	  "+SUM(A1:A9)\xe2\x80\xa8\xe2\x80\xa9<x-hostile>" },
	{ "\\u202eanidraS ]]><x-hostile/> &lt; ' ; , \\\\",
	  "\xe2\x80\xae" "anidraS ]]><x-hostile/> &lt; ' ; , \\" },
	{ NULL, NULL },	/* long */
};

static const struct name orgs[NSPEAKERS] = {
	{ "-2+3 Minus\\nINJECTED-ORG:1", "-2+3 Minus\nINJECTED-ORG:1" },
	{ "@cmd|' /C calc'!A0", "@cmd|' /C calc'!A0" },
	{ "\\tTabbed\\nNewline <script>alert(1)</script>",
	  "\tTabbed\nNewline <script>alert(1)</script>" },
	{ "\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil@example\\nINJECTED-UID:1",
	  "\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@example\nINJECTED-UID:1" },
	{ NULL, NULL },	/* long */
	{ "\\\"quoted\\\", \\\"\\\"doubled\\\"\\\" \\u2028 and \\U0001F600 <x-hostile>",
	  "\"quoted\", \"\"doubled\"\" \xe2\x80\xa8 and \xf0\x9f\x98\x80 <x-hostile>" },
};

static const char *const room_ids[NROOMS] = { "ra", "rb" };
static const char *const state_ids[NSTATES] = { "BS", "FR", "SA", "KR" };
static const char *const speaker_ids[NSPEAKERS] = { "s0", "s1", "s2", "s3", "s4", "s5" };
/* which States each speaker speaks at: every State gets two or three */
static const char *const speaker_states[NSPEAKERS] = {
	"[BS, FR]", "[FR, SA]", "[SA, KR]", "[KR, BS]", "[BS, SA]", "[FR, KR]",
};

static char tmp[64];
static char *long_yaml, *long_bytes;	/* a long name, both forms */
/* The bytes each name must read back as. */
static const char *want_room[NROOMS], *want_state[NSTATES], *want_org[NSPEAKERS];
static char *venue_bytes;

/* ---- helpers ---- */

/* A name of nearly UPR_MAX_STRING_BYTES: units of ASCII, 2-, 3- and 4-byte UTF-8, markup and the
 * bidi override, so folding and escaping meet every kind of character at
 * every offset. */
static void make_long_name(void)
{
	static const char unit_yaml[] = "Ligue,\\u00e9\\u2014\\U0001F600 <x-hostile>;\\u202e ";
	static const char unit_bytes[] = "Ligue,\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80 <x-hostile>;"
					 "\xe2\x80\xae ";
	size_t reps = UPR_MAX_STRING_BYTES / (sizeof(unit_bytes) - 1);
	long_yaml = malloc(reps * (sizeof(unit_yaml) - 1) + 1);
	long_bytes = malloc(reps * (sizeof(unit_bytes) - 1) + 1);
	assert_non_null(long_yaml);
	assert_non_null(long_bytes);
	long_yaml[0] = long_bytes[0] = '\0';
	for (size_t i = 0; i < reps; i++) {
		strcat(long_yaml, unit_yaml);
		strcat(long_bytes, unit_bytes);
	}
	/* libical's reader drops a value's trailing spaces: end on a dot */
	long_yaml[strlen(long_yaml) - 1] = '.';
	long_bytes[strlen(long_bytes) - 1] = '.';
	assert_true(strlen(long_bytes) <= UPR_MAX_STRING_BYTES);
	assert_true(strlen(long_bytes) >= UPR_MAX_STRING_BYTES - sizeof(unit_bytes));
}

static void write_input(const char *path, const char *nul_org)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "event:\n  name: \"%s\"\n  id: hostile\n  timezone: Europe/Zurich\n"
		   "  venue: \"%s\"\n  days: [2017-12-12, 2017-12-13]\n  waitlist: true\n",
		event_name.yaml, long_yaml);
	fprintf(f, "rooms:\n");
	for (int i = 0; i < NROOMS; i++)
		fprintf(f, "  - id: %s\n    name: \"%s\"\n    languages: [en, fr]\n    video: true\n",
			room_ids[i], room_names[i].yaml ? room_names[i].yaml : long_yaml);
	fprintf(f, "states:\n");
	for (int i = 0; i < NSTATES; i++)
		fprintf(f, "  - id: %s\n    name: \"%s\"\n", state_ids[i],
			state_names[i].yaml ? state_names[i].yaml : long_yaml);
	fprintf(f, "speakers:\n");
	for (int i = 0; i < NSPEAKERS; i++)
		fprintf(f, "  - id: %s\n    organisation: \"%s\"\n    states: %s\n", speaker_ids[i],
			i == 0 && nul_org ? nul_org : orgs[i].yaml ? orgs[i].yaml : long_yaml,
			speaker_states[i]);
	fprintf(f, "delegations:\n  - id: ch\n    name: \"%s\"\n    follows: [BS, FR, SA, KR]\n",
		state_names[1].yaml);
	assert_int_equal(fclose(f), 0);
}

static int run_plan(const char *input, const char *out, char **err)
{
	char errpath[128];
	snprintf(errpath, sizeof(errpath), "%s/stderr", tmp);
	fflush(stderr);
	int se = dup(2);
	FILE *fe = fopen(errpath, "w");
	assert_non_null(fe);
	dup2(fileno(fe), 2);
	fclose(fe);
	char *argv[] = { "upr-schedule", "plan", (char *)input, "-o", (char *)out, "-q",
			 "--effort", "1000", NULL };
	int rc = upr_cli_main(8, argv);
	fflush(stderr);
	dup2(se, 2);
	close(se);
	*err = slurp(errpath, NULL);
	assert_non_null(*err);
	return rc;
}

/* text.h's cleaning: control characters (C0, DEL, C1) and U+2028/U+2029
 * become one space each.  The input here is valid UTF-8. */
static char *cleaned(const char *s)
{
	char *r = malloc(strlen(s) + 1);
	assert_non_null(r);
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p < 0x20 || *p == 0x7f) {
			r[k++] = ' ';
			p++;
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			r[k++] = ' ';
			p += 2;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			r[k++] = ' ';
			p += 3;
		} else {
			r[k++] = (char)*p++;
		}
	}
	r[k] = '\0';
	return r;
}

static int index_of(const char *const *ids, int n, const char *id)
{
	for (int i = 0; id && i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return i;
	return -1;
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- the outputs ---- */

static void check_json(const char *dir)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/timetable.json", dir);
	char *text = slurp(path, NULL);
	assert_non_null(text);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(root, "event");
	assert_string_equal(json_str(ev, "name"), event_name.bytes);
	assert_string_equal(json_str(ev, "venue"), venue_bytes);
	const cJSON *sessions = cJSON_GetObjectItemCaseSensitive(root, "sessions");
	assert_int_equal(cJSON_GetArraySize(sessions), NSTATES);
	int stmts = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, sessions) {
		int st = index_of(state_ids, NSTATES, json_str(s, "state"));
		int rm = index_of(room_ids, NROOMS, json_str(s, "room"));
		assert_true(st >= 0 && rm >= 0);
		assert_string_equal(json_str(s, "state_name"), want_state[st]);
		assert_string_equal(json_str(s, "room_name"), want_room[rm]);
		const cJSON *it;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(s, "items")) {
			if (strcmp(json_str(it, "type"), "statement") != 0)
				continue;
			int sp = index_of(speaker_ids, NSPEAKERS, json_str(it, "speaker"));
			assert_true(sp >= 0);
			assert_string_equal(json_str(it, "organisation"), want_org[sp]);
			stmts++;
		}
	}
	assert_int_equal(stmts, 12);	/* every speaker, twice: nothing waitlisted */
	cJSON_Delete(root);
	free(text);
}

/* One RFC 4180 field starting at *p; the cell's bytes go to out (malloc'd).
 * Returns the character that ended it (',' or '\n' for CRLF, '\0' at the
 * end), or -1 when the field breaks the RFC. */
static int csv_field(const char **p, char **out)
{
	const char *s = *p;
	size_t cap = strlen(s) + 1, k = 0;
	char *r = malloc(cap);
	assert_non_null(r);
	int end = -1;
	if (*s == '"') {
		s++;
		for (;;) {
			if (*s == '\0')
				goto bad;	/* unterminated */
			if (*s == '"') {
				if (s[1] == '"') {
					r[k++] = '"';
					s += 2;
					continue;
				}
				s++;
				break;
			}
			r[k++] = *s++;
		}
	} else {
		while (*s && *s != ',' && *s != '\r' && *s != '\n') {
			if (*s == '"')
				goto bad;	/* a quote in an unquoted field */
			r[k++] = *s++;
		}
	}
	if (*s == ',') {
		end = ',';
		s++;
	} else if (s[0] == '\r' && s[1] == '\n') {
		end = '\n';
		s += 2;
	} else if (*s == '\0') {
		end = '\0';
	}
bad:
	r[k] = '\0';
	*out = r;
	*p = s;
	return end;
}

/* What a name cell must hold: the name, "'"-guarded when it starts like a
 * formula. */
static char *guarded(const char *s)
{
	char *r = malloc(strlen(s) + 2);
	assert_non_null(r);
	bool g = s[0] && strchr("=+-@\t\r", s[0]);
	sprintf(r, "%s%s", g ? "'" : "", s);
	return r;
}

static void check_csv(const char *dir)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/timetable.csv", dir);
	char *text = slurp(path, NULL);
	assert_non_null(text);
	const char *p = text;
	int rows = 0, stmts = 0;
	while (*p) {
		char *cells[13];
		int n = 0, end;
		do {
			char *c;
			end = csv_field(&p, &c);
			if (end < 0 || n == 13)
				fail_msg("timetable.csv row %d: not RFC 4180 near byte %ld", rows + 1,
					 (long)(p - text));
			cells[n++] = c;
		} while (end == ',');
		if (end != '\n' || n != 13)
			fail_msg("timetable.csv row %d: %d cells, or no CRLF at its end", rows + 1, n);
		if (rows > 0) {
			int st = index_of(state_ids, NSTATES, cells[5]);
			int rm = index_of(room_ids, NROOMS, cells[3]);
			assert_true(st >= 0 && rm >= 0);
			char *g = guarded(want_room[rm]);
			assert_string_equal(cells[4], g);
			free(g);
			g = guarded(want_state[st]);
			assert_string_equal(cells[6], g);
			free(g);
			if (strcmp(cells[7], "statement") == 0) {
				int sp = index_of(speaker_ids, NSPEAKERS, cells[8]);
				assert_true(sp >= 0);
				g = guarded(want_org[sp]);
				assert_string_equal(cells[9], g);
				free(g);
				stmts++;
			}
		}
		for (int i = 0; i < n; i++) {
			/* no cell may start a formula, whatever its column */
			if (cells[i][0] && strchr("=+-@\t\r", cells[i][0]))
				fail_msg("timetable.csv row %d cell %d starts with '%c'", rows + 1,
					 i + 1, cells[i][0]);
			free(cells[i]);
		}
		rows++;
	}
	assert_int_equal(stmts, 12);
	free(text);
}

/* Checks one calendar file (of sessions, or of one speaker's statements);
 * returns its number of VEVENTs. */
static int check_ics(const char *path, bool statements)
{
	size_t len;
	char *text = slurp(path, &len);
	assert_non_null(text);
	/* physical lines: CRLF only; none starts with injected text */
	int begins = 0;
	for (const char *l = text; *l;) {
		const char *e = strstr(l, "\r\n");
		if (!e)
			fail_msg("%s: a line without CRLF at byte %ld", path, (long)(l - text));
		for (const char *c = l; c < e; c++)
			if (*c == '\r' || *c == '\n' || (unsigned char)*c < 0x20 || *c == 0x7f)
				fail_msg("%s: control character 0x%02x at byte %ld", path,
					 (unsigned char)*c, (long)(c - text));
		if (strncmp(l, "INJECTED", 8) == 0 || strncmp(l, "UID:evil", 8) == 0 ||
		    strncmp(l, " DESCRIPTION:x", 14) == 0)
			fail_msg("%s: injected line at byte %ld: %.40s", path, (long)(l - text), l);
		if (e - l > 75)
			fail_msg("%s: line of %ld octets", path, (long)(e - l));
		if (strncmp(l, "BEGIN:VEVENT\r\n", 14) == 0)
			begins++;
		l = e + 2;
	}
	icalcomponent *cal = icalparser_parse_string(text);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT)
		fail_msg("%s: libical does not read a VCALENDAR", path);
	if (icalcomponent_count_errors(cal) != 0)
		fail_msg("%s: libical finds %d errors", path, icalcomponent_count_errors(cal));
	int n = 0;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		n++;
		const char *uid = icalcomponent_get_uid(ev);
		assert_non_null(uid);
		/* "hostile/<state>@upr-schedule" or "hostile/<state>/<speaker>@..." */
		char state[16] = "", speaker[16] = "";
		sscanf(uid, "hostile/%15[^/@]/%15[^@]", state, speaker);
		int st = index_of(state_ids, NSTATES, state);
		assert_true(st >= 0);
		char *want = cleaned(want_state[st]);
		char *sum = malloc(strlen(want) + strlen(long_bytes) + 64);
		sprintf(sum, "UPR pre-session: %s", want);
		if (statements) {
			int sp = index_of(speaker_ids, NSPEAKERS, speaker);
			assert_true(sp >= 0);
			char *o = cleaned(want_org[sp]);
			strcat(sum, " - statement by ");
			sum = realloc(sum, strlen(sum) + strlen(o) + 1);
			strcat(sum, o);
			free(o);
		}
		assert_string_equal(icalcomponent_get_summary(ev), sum);
		const char *loc = icalcomponent_get_location(ev);
		assert_non_null(loc);
		char *v = cleaned(venue_bytes);
		size_t ll = strlen(loc), vl = strlen(v);
		assert_true(ll > vl + 2 && strcmp(loc + ll - vl, v) == 0);
		free(v);
		free(want);
		free(sum);
	}
	assert_int_equal(n, begins);
	icalcomponent_free(cal);
	free(text);
	return n;
}

static void check_calendars(const char *dir)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/calendar.ics", dir);
	assert_int_equal(check_ics(path, false), NSTATES);
	snprintf(path, sizeof(path), "%s/delegations/ch.ics", dir);
	assert_int_equal(check_ics(path, false), NSTATES);
	for (int i = 0; i < NSPEAKERS; i++) {
		snprintf(path, sizeof(path), "%s/speakers/%s.ics", dir, speaker_ids[i]);
		assert_int_equal(check_ics(path, true), 2);
	}
}

static void check_html(const char *dir)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/programme.html", dir);
	char *html = slurp(path, NULL);
	assert_non_null(html);
	/* every '<' from the input is escaped: none of its tags is there, and
	 * its text is (escaped) */
	assert_null(strstr(html, "<x-hostile"));
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "&lt;x-hostile"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	/* no control character but the page's own newlines */
	for (const char *c = html; *c; c++)
		if (((unsigned char)*c < 0x20 && *c != '\n') || *c == 0x7f)
			fail_msg("programme.html: control character 0x%02x at byte %ld",
				 (unsigned char)*c, (long)(c - html));
	free(html);
}

static void check_xml(const char *dir)
{
	if (system("xmllint --version >/dev/null 2>&1") != 0)
		fail_msg("xmllint is needed (Debian: libxml2-utils)");
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
		 "xmllint --noout --schema '%s/tests/data/schedule.xml.xsd' '%s/schedule.xml' 2>'%s/xmllint.err'",
		 UPR_SOURCE_DIR, dir, tmp);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof(cmd), "%s/xmllint.err", tmp);
		char *err = slurp(cmd, NULL);
		fail_msg("schedule.xml is not valid:\n%s", err ? err : "");
	}
}

/* ---- tests ---- */

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/upr-hostile-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	setenv("SOURCE_DATE_EPOCH", "1512000000", 1);
	setenv("NO_COLOR", "1", 1);
	make_long_name();
	venue_bytes = long_bytes;
	for (int i = 0; i < NROOMS; i++)
		want_room[i] = room_names[i].bytes ? room_names[i].bytes : long_bytes;
	for (int i = 0; i < NSTATES; i++)
		want_state[i] = state_names[i].bytes ? state_names[i].bytes : long_bytes;
	for (int i = 0; i < NSPEAKERS; i++)
		want_org[i] = orgs[i].bytes ? orgs[i].bytes : long_bytes;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_rf(tmp);
	free(long_yaml);
	free(long_bytes);
	return 0;
}

static void test_every_output(void **state)
{
	(void)state;
	char input[128], out[128];
	snprintf(input, sizeof(input), "%s/hostile.yaml", tmp);
	snprintf(out, sizeof(out), "%s/out", tmp);
	write_input(input, NULL);
	char *err;
	int rc = run_plan(input, out, &err);
	if (rc != 0)
		fail_msg("plan: exit %d\n%s", rc, err);
	free(err);
	check_json(out);
	check_csv(out);
	check_calendars(out);
	check_html(out);
	check_xml(out);
}

static void test_nul_refused(void **state)
{
	(void)state;
	char input[128], out[128];
	snprintf(input, sizeof(input), "%s/nul.yaml", tmp);
	snprintf(out, sizeof(out), "%s/nul-out", tmp);
	write_input(input, "Before\\0After");
	char *err;
	int rc = run_plan(input, out, &err);
	assert_int_equal(rc, 2);
	if (!strstr(err, "error: string contains a NUL character"))
		fail_msg("no NUL error:\n%s", err);
	free(err);
	struct stat st;
	assert_int_not_equal(stat(out, &st), 0);	/* nothing written */
}

/* Each control character that YAML escapes can write, in an organisation:
 * refused by name and code, nothing written. */
static void test_controls_refused(void **state)
{
	(void)state;
	static const struct {
		const char *yaml, *code;
	} cases[] = {
		{ "Bell\\aRings", "(0x07)" }, { "Carriage\\rReturn", "(0x0d)" },
		{ "Esc\\e[31m", "(0x1b)" }, { "Del\\x7f", "(0x7f)" },
		{ "Next\\Nline", "(0x85)" }, { "C1\\x9b", "(0x9b)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char input[128], out[128];
		snprintf(input, sizeof(input), "%s/ctl%zu.yaml", tmp, i);
		snprintf(out, sizeof(out), "%s/ctl%zu-out", tmp, i);
		write_input(input, cases[i].yaml);
		char *err;
		int rc = run_plan(input, out, &err);
		assert_int_equal(rc, 2);
		char want[96];
		snprintf(want, sizeof(want), "error: control characters are not allowed %s",
			 cases[i].code);
		if (!strstr(err, want))
			fail_msg("%s: no '%s':\n%s", cases[i].yaml, want, err);
		free(err);
		struct stat st;
		assert_int_not_equal(stat(out, &st), 0);	/* nothing written */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_output),
		cmocka_unit_test(test_nul_refused),
		cmocka_unit_test(test_controls_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
