/*
 * formats.c - the format registry: one row per output format.
 *
 * Each row names the format for -f, says what it is, and lists its files
 * with the writer of each.  Everything that knows the formats reads this
 * table: writing the set of files (write.c), parsing -f, the help text of
 * plan and export (their format lists are filled in from here), the bash
 * completion (which asks `upr-schedule help plan`) and the docs test
 * (tests/unit/test_formats.c), which fails when the help, the completion,
 * docs/reference.md or the manual page disagree with it.
 *
 * Invariants: every row of enum upr_format_id is filled; the files of a
 * row end at the first one without a writer; a row without a name is
 * never chosen by -f.  docs/internals/export.md: "How to add a format".
 */
#include "export/export.h"

#include <string.h>

/* Adapters from the writers' own signatures to the table's. */
static int w_json(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_json_opts(c->p, c->t, c->o, f);
}

static int w_csv(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_csv(c->p, c->t, f);
}

static int w_ics_all(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_ics_all(c->cp, c->t, c->o, f);
}

static int w_ics_delegation(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_ics_delegation(c->cp, c->t, i, c->o, f);
}

static int w_ics_speaker(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_ics_speaker(c->cp, c->t, i, c->o, f);
}

static bool has_ics_speaker(const struct upr_write_ctx *c, int i)
{
	return upr_export_ics_speaker_has_events(c->cp, c->t, i, c->o);
}

static int w_html(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_html_lang(c->p, c->t, c->o->lang, f);
}

static int w_frab(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_frab(c->p, c->t, f);
}

static int w_xlsx(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_xlsx(c->p, c->t, c->o, f);
}

static int w_organiser(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_organiser_lang(c->p, c->t, c->o->lang, f);
}

static int w_notice(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_notice(c, i, f);
}

static bool has_notice(const struct upr_write_ctx *c, int i)
{
	return upr_export_notice_wanted(c, i);
}

static int w_notices_index(const struct upr_write_ctx *c, int i, FILE *f)
{
	return upr_export_notices_index(c, f);
}

static int w_changes(const struct upr_write_ctx *c, int i, FILE *f)
{
	return c->h ? upr_export_changes_lang(c->h, c->o->lang, f) : -1;
}

/* The costs (struct upr_format_cost) are measured, in units of the time
 * loading one byte of input took, on bench/shapes.py's shared1000 cut to
 * 300 States (90,000 statements, most waitlisted), review100k cut to
 * 20,000 States (a speaker each) and states100k cut to 50,000 States,
 * rounded up: docs/hardening.md has the figures. */
const struct upr_format upr_formats[UPR_FORMAT_COUNT] = {
	[UPR_FORMAT_JSON] = { "json", "the whole plan, read back by validate and export",
		{ { "timetable.json", NULL, UPR_PER_RUN, w_json } },
		.cost = { 6, 30, 0 } },
	[UPR_FORMAT_CSV] = { "csv", "one row per item of every session, for spreadsheets",
		{ { "timetable.csv", NULL, UPR_PER_RUN, w_csv } },
		.cost = { 2, 60, 0 } },
	[UPR_FORMAT_ICS] = { "ics", "iCalendar files: every session, each delegation's, each speaker's",
		{ { "calendar.ics", NULL, UPR_PER_RUN, w_ics_all },
		  { "delegations/", ".ics", UPR_PER_DELEGATION, w_ics_delegation, NULL,
		    upr_export_ics_retire },
		  { "speakers/", ".ics", UPR_PER_SPEAKER, w_ics_speaker, has_ics_speaker,
		    upr_export_ics_retire } },
		.cost = { 6, 400, 2000 } },
	[UPR_FORMAT_HTML] = { "html", "the printable programme",
		{ { "programme.html", NULL, UPR_PER_RUN, w_html } },
		.cost = { 2, 200, 0 } },
	[UPR_FORMAT_FRAB] = { "frab", "the frab schedule that conference apps read",
		{ { "schedule.xml", NULL, UPR_PER_RUN, w_frab } },
		.cost = { 6, 600, 0 } },
	[UPR_FORMAT_XLSX] = { "xlsx", "a workbook: a sheet per day in the programme's grid, and every item",
		{ { "timetable.xlsx", NULL, UPR_PER_RUN, w_xlsx } },
		.cost = { 12, 1100, 0 } },
	[UPR_FORMAT_ORGANISER] = { "organiser", "the organisers' page: score, clashes, waitlist, room use",
		{ { "organiser.html", NULL, UPR_PER_RUN, w_organiser } },
		.cost = { 30, 250, 0 } },
	[UPR_FORMAT_NOTICES] = { "notices", "private: an e-mail to each speaker with a contact, and their index",
		{ { "notices/", ".eml", UPR_PER_SPEAKER, w_notice, has_notice,
		    upr_export_notice_retire },
		  { "notices/notices.csv", NULL, UPR_PER_RUN, w_notices_index } }, true,
		.cost = { 2, 0, 2000 } },
	[UPR_FORMAT_CHANGES] = { NULL, "what a re-plan changed against its baseline",
		{ { "changes.txt", NULL, UPR_PER_RUN, w_changes } },
		.cost = { 4, 60, 0 } },
};

double upr_formats_cost(unsigned formats, const struct upr_problem *p)
{
	double stmts = 0, cost = 0;
	for (size_t i = 0; i < p->nspeakers; i++)
		stmts += (double)p->speakers[i].nstates;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++) {
		if (!(formats & UPR_FMT(i)))
			continue;
		const struct upr_format *f = &upr_formats[i];
		double files = 0;
		for (int k = 0; k < UPR_FORMAT_MAX_FILES && f->files[k].write; k++)
			files += f->files[k].per == UPR_PER_SPEAKER ? (double)p->nspeakers
				 : f->files[k].per == UPR_PER_DELEGATION ? (double)p->ndelegations
				 : 0;
		cost += f->cost.per_statement * stmts + f->cost.per_state * (double)p->nstates +
			f->cost.per_file * files;
	}
	return cost;
}

unsigned upr_formats_all(void)
{
	unsigned m = 0;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++)
		if (upr_formats[i].name && !upr_formats[i].private_data)
			m |= UPR_FMT(i);
	return m;
}

unsigned upr_formats_private(void)
{
	unsigned m = 0;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++)
		if (upr_formats[i].name && upr_formats[i].private_data)
			m |= UPR_FMT(i);
	return m;
}

bool upr_formats_mixes_private(unsigned formats, struct upr_diags *d)
{
	if (!(formats & upr_formats_private()) || !(formats & upr_formats_all()))
		return false;
	upr_error(d, NULL, "the notices hold private contacts: write them alone "
		  "(-f notices -o DIR, or export --notices DIR), not beside the files you publish");
	return true;
}

int upr_formats_single(unsigned formats)
{
	for (int i = 0; i < UPR_FORMAT_COUNT; i++)
		if (formats == UPR_FMT(i))
			return i;
	return -1;
}

static bool one_file(const struct upr_format *f)
{
	return f->files[0].per == UPR_PER_RUN && !f->files[1].write;
}

int upr_formats_single_file(unsigned formats)
{
	int i = upr_formats_single(formats);
	return i >= 0 && one_file(&upr_formats[i]) ? i : -1;
}

bool upr_formats_one_file(unsigned formats)
{
	return upr_formats_single_file(formats) >= 0;
}

unsigned upr_formats_parse(const char *list, const char **bad, size_t *badlen)
{
	unsigned mask = 0;
	const char *s = list;
	for (;;) {
		size_t n = strcspn(s, ",");
		unsigned m = 0;
		if (n == 3 && memcmp(s, "all", 3) == 0)
			m = upr_formats_all();
		for (int i = 0; i < UPR_FORMAT_COUNT && !m; i++) {
			const char *name = upr_formats[i].name;
			if (name && strlen(name) == n && memcmp(name, s, n) == 0)
				m = UPR_FMT(i);
		}
		if (!m) {
			*bad = s;
			*badlen = n;
			return 0;
		}
		mask |= m;
		if (s[n] == '\0')
			break;
		s += n + 1;
	}
	return mask;
}

size_t upr_formats_list(char *buf, size_t size, const char *sep, const char *last,
			bool only_one_file)
{
	const char *names[UPR_FORMAT_COUNT];
	size_t n = 0, len = 0;
	for (int i = 0; i < UPR_FORMAT_COUNT; i++)
		if (upr_formats[i].name && (!only_one_file || one_file(&upr_formats[i])))
			names[n++] = upr_formats[i].name;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *parts[2] = { i == 0 ? "" : i + 1 == n ? last : sep, names[i] };
		for (int k = 0; k < 2; k++) {
			size_t pl = strlen(parts[k]);
			if (len + 1 < size) {
				size_t c = len + pl < size ? pl : size - 1 - len;
				memcpy(buf + len, parts[k], c);
				buf[len + c] = '\0';
			}
			len += pl;
		}
	}
	return len;
}
