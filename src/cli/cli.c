/*
 * cli.c - dispatch to commands, help and version.
 *
 * The table below is the one list of commands: dispatch, `--help` and
 * `help COMMAND` all read it.  Help texts name the formats through
 * placeholders that the format registry fills in (print_help), so a new
 * format shows in the help without an edit here.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "upr/upr.h"

static int cmd_help(int argc, char **argv);

const struct upr_command upr_commands[] = {
	{ "plan", upr_cmd_plan, "solve and write the timetable files",
	  "usage: upr-schedule plan [options] INPUT...\n"
	  "\n"
	  "Plans the pre-sessions of INPUT (YAML files or directories of them) and\n"
	  "writes the timetable files.\n"
	  "\n"
	  "  -o, --out DIR|-        where to write (default: out); created if missing;\n"
	  "                         - writes the one file of a single -f {one-file formats} to stdout\n"
	  "  -f, --format LIST      any of {formats}, or all (default: all)\n"
	  "      --seed N           the search's seed (default 1); same seed, same bytes\n"
	  "      --effort N         how hard to search, in deterministic work units\n"
	  "                         (default 100000, or 300000 for 17 to 400 States)\n"
	  "      --time-limit S     also stop S seconds after the start, loading\n"
	  "                         included (output may then vary)\n"
	  "      --baseline FILE    an earlier timetable.json: keep what can be kept,\n"
	  "                         keep calendar UIDs, write changes.txt (default: the\n"
	  "                         timetable.json already in DIR, if any)\n"
	  "      --fresh            plan from scratch, even where DIR holds a timetable;\n"
	  "                         its calendar events that are gone are still cancelled\n"
	  "      --lang LANG        the language of the programme, organiser.html, the\n"
	  "                         calendars' fixed words and changes.txt: en, fr or\n"
	  "                         es (default en)\n"
	  "  -q, --quiet            print nothing but errors\n"
	  "  -v, --verbose          print search statistics\n"
	  "  -h, --help             show this help\n"
	  "\n"
	  "Exit: 0 planned, 1 no timetable exists, 2 bad input or usage, 3 write error.\n" },
	{ "check", upr_cmd_check, "only load and check the input files",
	  "usage: upr-schedule check INPUT...\n"
	  "\n"
	  "Loads and checks INPUT (YAML files or directories of them) without\n"
	  "planning, prints every error as file:line:column: error: message, and a\n"
	  "one-line summary when the input loads.  Then, per State, what needs no\n"
	  "search: a room with every language and the video its statements need,\n"
	  "a session time its speakers share, enough minutes at statement.min.\n"
	  "With waitlist: false these are errors; with waitlist: true, warnings\n"
	  "that name who will wait.\n"
	  "\n"
	  "  -h, --help             show this help\n"
	  "\n"
	  "Exit: 0 fine, 1 well-formed but no timetable can exist, 2 bad input\n"
	  "(or a usage error).\n" },
	{ "validate", upr_cmd_validate, "check a timetable (planned or hand-edited)",
	  "usage: upr-schedule validate [options] INPUT... --timetable FILE\n"
	  "\n"
	  "Recomputes every hard constraint and the score of FILE against INPUT.\n"
	  "\n"
	  "  -t, --timetable FILE   the timetable.json to check (required)\n"
	  "      --json             print the result as one JSON document on stdout\n"
	  "      --explain          list every soft penalty and what caused it\n"
	  "      --baseline FILE    the timetable a re-plan started from, to recompute\n"
	  "                         `moved`\n"
	  "  -h, --help             show this help\n"
	  "\n"
	  "Prints each broken hard constraint with its code (" UPR_H_RANGE ") and where its\n"
	  "States, speakers and rooms are defined, then the score and its parts.  A\n"
	  "stated score that differs from the recomputed one is an error too.\n"
	  "\n"
	  "Exit: 0 valid, 1 a hard constraint is broken or the stated score is wrong,\n"
	  "2 bad input or usage.\n" },
	{ "export", upr_cmd_export, "write calendars, CSV or programme from a timetable",
	  "usage: upr-schedule export [options] INPUT... --timetable FILE\n"
	  "\n"
	  "Writes the files of `plan` from an existing timetable, without solving.\n"
	  "\n"
	  "  -t, --timetable FILE   the timetable.json to export (required)\n"
	  "  -o, --out DIR|FILE|-   where to write (default: out); a FILE with\n"
	  "                         --delegation or --speaker; - is stdout (one file)\n"
	  "  -f, --format LIST      any of {formats}, or all (default: all)\n"
	  "      --delegation ID    only this delegation's calendar (stdout by default)\n"
	  "      --speaker ID       only this speaker's calendar (stdout by default)\n"
	  "      --force            export even a timetable that breaks a hard constraint\n"
	  "      --baseline FILE    the published timetable.json FILE was changed from:\n"
	  "                         raise SEQUENCE of changed events, cancel removed\n"
	  "                         ones, write changes.txt\n"
	  "      --lang LANG        the language of the programme, organiser.html, the\n"
	  "                         calendars' fixed words and changes.txt: en, fr or\n"
	  "                         es (default en)\n"
	  "      --notices DIR      only the notices to speakers, into DIR/notices/\n"
	  "                         (private: they hold contacts; never into out/)\n"
	  "  -h, --help             show this help\n"
	  "\n"
	  "Exit: 0 written, 1 the timetable breaks a hard constraint, 2 bad input or\n"
	  "usage, 3 write error.\n" },
	{ "edit", upr_cmd_edit, "change a published timetable by hand and publish it",
	  "usage: upr-schedule edit [options] INPUT... --timetable FILE VERB ...\n"
	  "\n"
	  "Changes the timetable FILE by hand, refits the statements of each changed\n"
	  "session as plan would, checks every hard constraint, prints the score\n"
	  "before and after, and writes the files of plan with FILE as the baseline:\n"
	  "same calendar UIDs, SEQUENCE raised on changed events, changes.txt.\n"
	  "\n"
	  "verbs:\n"
	  "  move STATE --to \"YYYY-MM-DD HH:MM\" [--room ROOM]\n"
	  "                         the session of STATE to that start (and room)\n"
	  "  swap STATE STATE       each session takes the other's room and start\n"
	  "  order STATE SPEAKER... these speakers first, in this order\n"
	  "  waitlist SPEAKER [--state STATE]\n"
	  "                         take the speaker's statement off the session\n"
	  "  seat SPEAKER [--state STATE]\n"
	  "                         give a waitlisted speaker its statement\n"
	  "  pin STATE... [--in-place]\n"
	  "                         print the room: and start: lines that keep these\n"
	  "                         States where FILE has them (writes nothing else);\n"
	  "                         --in-place writes them into the States' YAML file\n"
	  "\n"
	  "  -t, --timetable FILE   the published timetable.json to change (required)\n"
	  "  -o, --out DIR          where to write (default: the directory of FILE)\n"
	  "  -f, --format LIST      any of {formats}, or all (default: all);\n"
	  "                         changes.txt is always written\n"
	  "      --to TIME          move: the new start, \"YYYY-MM-DD HH:MM\"\n"
	  "      --room ROOM        move: the new room (default: the same)\n"
	  "      --state STATE      waitlist, seat: the State (default: the speaker's\n"
	  "                         only one)\n"
	  "      --in-place         pin: change the YAML file, keeping every other byte\n"
	  "      --force            write even a timetable that breaks a hard constraint\n"
	  "      --lang LANG        the language of the programme, organiser.html, the\n"
	  "                         calendars' fixed words and changes.txt: en, fr or\n"
	  "                         es (default en)\n"
	  "  -q, --quiet            print nothing but errors\n"
	  "  -h, --help             show this help\n"
	  "\n"
	  "Exit: 0 written, 1 the edit breaks a hard constraint (nothing written),\n"
	  "2 bad input or usage, 3 write error.\n" },
	{ "why", upr_cmd_why, "explain a timetable for one State or speaker",
	  "usage: upr-schedule why [options] INPUT... --timetable FILE STATE|SPEAKER\n"
	  "\n"
	  "Says why FILE is as it is for one State or speaker (an id; another case is\n"
	  "taken, an unknown id gets the closest ids and names).  A State: its session,\n"
	  "each part of the score it pays and because of whom, the best other slot with\n"
	  "its score, and the hard constraints that rule out cheaper slots.  A speaker:\n"
	  "its statements, or for each waitlisted one the smallest change that seats it\n"
	  "(a priority, a day of availability, a room's language or video), found by\n"
	  "re-planning with FILE as baseline, and the score it costs.\n"
	  "\n"
	  "  -t, --timetable FILE   the timetable.json to explain (required)\n"
	  "      --json             print the answer as one JSON document on stdout\n"
	  "      --seed N           the re-plans' seed (default 1)\n"
	  "      --effort N         how hard each re-plan searches (default 100000)\n"
	  "  -h, --help             show this help\n"
	  "\n"
	  "Exit: 0 explained, 1 out of memory, 2 bad input, unknown id or usage.\n" },
	{ "import", upr_cmd_import, "make speakers.yaml from a form's CSV export",
	  "usage: upr-schedule import FORM.csv --map MAP.yaml [options]\n"
	  "       upr-schedule import --init FORM.csv [-o MAP.yaml]\n"
	  "\n"
	  "Reads the CSV export of an application form (',' ';' or tab; UTF-8 with\n"
	  "or without BOM, or Windows-1252) and writes one speaker per application,\n"
	  "with States and languages by name, as MAP.yaml says.  Every problem is\n"
	  "printed as FORM.csv:ROW:COLUMN: error: HEADER: message; nothing is\n"
	  "written then.\n"
	  "\n"
	  "  -m, --map MAP.yaml     which column holds which speaker key\n"
	  "  -i, --input PATH       the round's input, event and States (repeatable;\n"
	  "                         default: the map's `input`)\n"
	  "  -o, --out FILE|-       speakers.yaml to write (default: stdout); when it\n"
	  "                         exists, each speaker keeps its id there by key\n"
	  "      --keep-latest      a repeated submission replaces the earlier one\n"
	  "                         (default: it is an error)\n"
	  "      --delimiter C      ',', ';' or tab (default: from the header row)\n"
	  "      --init             write a starting map, guessed from the header row\n"
	  "  -h, --help             show this help\n"
	  "\n"
	  "Exit: 0 written, 2 bad input or usage, 3 write error.\n" },
	{ "help", cmd_help, "show help of a command",
	  "usage: upr-schedule help [COMMAND]\n" },
	{ NULL, NULL, NULL, NULL },
};

static void print_usage(FILE *f)
{
	fprintf(f, "usage: upr-schedule COMMAND [options] INPUT...\n\ncommands:\n");
	for (const struct upr_command *c = upr_commands; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->synopsis);
	fprintf(f, "\noptions:\n"
		   "  -h, --help     show this help\n"
		   "      --version  show the version\n"
		   "\nRun 'upr-schedule help COMMAND' for a command's options.\n");
}

static const struct upr_command *find_command(const char *name)
{
	for (const struct upr_command *c = upr_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Help lines are wrapped by hand to fit 78 columns.  A list of formats
 * that a placeholder fills in may break at its own spaces, so that the line
 * stays within HELP_WIDTH; the continuation is indented like the line. */
#define HELP_WIDTH 76
#define HELP_LINE 512

/* Prints one line of help (without its newline); brk[i]: line may break
 * at the space at i. */
static void print_wrapped(FILE *f, const char *line, size_t len, const bool *brk)
{
	size_t indent = strspn(line, " "), at = 0, col = 0;
	while (len - at + col > HELP_WIDTH) {
		size_t cut = at + HELP_WIDTH - col;
		while (cut > at && !brk[cut])
			cut--;
		if (cut == at)
			break;
		fprintf(f, "%*s%.*s\n", (int)col, "", (int)(cut - at), line + at);
		at = cut + 1;
		col = indent;
	}
	fprintf(f, "%*s%.*s\n", (int)col, "", (int)(len - at), line + at);
}

/* Prints a help text with its placeholders filled in from the format
 * registry: {formats} as "json,csv,...", {one-file formats} as "json, csv
 * or ...". */
static void print_help(FILE *f, const char *text)
{
	static const struct {
		const char *key, *sep, *last;
		bool one_file;
	} fill[] = {
		{ "{formats}", ",", ",", false },
		{ "{one-file formats}", ", ", " or ", true },
	};
	char line[HELP_LINE];
	bool brk[HELP_LINE];
	while (*text) {
		size_t n = strcspn(text, "\n"), len = 0;
		for (size_t i = 0; i < n && len + 1 < sizeof(line);) {
			size_t k = 0;
			while (k < sizeof(fill) / sizeof(fill[0]) &&
			       strncmp(text + i, fill[k].key, strlen(fill[k].key)) != 0)
				k++;
			if (k < sizeof(fill) / sizeof(fill[0])) {
				size_t w = upr_formats_list(line + len, sizeof(line) - len, fill[k].sep,
							    fill[k].last, fill[k].one_file);
				w = len + w < sizeof(line) ? w : sizeof(line) - 1 - len;
				for (size_t j = len; j < len + w; j++)
					brk[j] = line[j] == ' ';
				len += w;
				i += strlen(fill[k].key);
			} else {
				brk[len] = false;
				line[len++] = text[i++];
			}
		}
		print_wrapped(f, line, len, brk);
		text += n + (text[n] == '\n');
	}
}

void upr_cli_print_help(const char *command)
{
	const struct upr_command *c = find_command(command);
	if (c)
		print_help(stdout, c->help);
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stdout);
		return UPR_EXIT_OK;
	}
	if (argc > 2)
		return upr_cli_usage_error(NULL, "help takes one command");
	const struct upr_command *c = find_command(argv[1]);
	if (!c)
		return upr_cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	print_help(stdout, c->help);
	return UPR_EXIT_OK;
}

int upr_cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
}

void upr_cli_print_diags(struct upr_diags *d)
{
	upr_diags_print(d, stderr, upr_cli_color(stderr));
}

int upr_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "upr-schedule: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "Run 'upr-schedule help %s' for its usage.\n", cmd);
	else
		print_usage(stderr);
	return UPR_EXIT_USAGE;
}

int upr_cli_exit(int status)
{
	switch ((enum upr_status)status) {
	case UPR_OK: return UPR_EXIT_OK;
	case UPR_FAILED: return UPR_EXIT_FAIL;
	case UPR_BAD_INPUT: return UPR_EXIT_USAGE;
	case UPR_WRITE_ERROR: return UPR_EXIT_WRITE;
	}
	/* not a status: a library bug, never a success */
	return UPR_EXIT_FAIL;
}

int upr_cli_format_error(const char *cmd, const char *bad, size_t badlen)
{
	char names[256];
	upr_formats_list(names, sizeof(names), ",", ",", false);
	return upr_cli_usage_error(cmd, "unknown format '%.*s' (formats: %s)", (int)badlen, bad,
				   names);
}

int upr_cli_main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return UPR_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		print_usage(stdout);
		return UPR_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("upr-schedule %s\n", UPR_VERSION);
		return UPR_EXIT_OK;
	}
	const struct upr_command *c = find_command(name);
	if (!c) {
		if (name[0] == '-')
			return upr_cli_usage_error(NULL, "unknown option '%s'", name);
		return upr_cli_usage_error(NULL, "unknown command '%s'", name);
	}
	return c->run(argc - 1, argv + 1);
}
