/*
 * write.c - the set of output files of plan and export, published together.
 *
 * All files are written into the set's staging directory first; only when
 * every one is complete is the set published, in one step (outfile.h).  A
 * failure anywhere (a full disk, a directory in the way) removes the
 * staging directory and leaves the previous outputs whole.
 *
 * A re-plan (plan --baseline) adds its history: the calendars are written
 * for the history's view of the problem, which also holds the speakers and
 * States that only the baseline names, so a withdrawn speaker's calendar is
 * published once more with its statement cancelled; timetable.json carries
 * the SEQUENCEs; and changes.txt is one more file of the same set.
 */
#include "export/export.h"
#include "export/text.h"
#include "util/outfile.h"

#include <errno.h>
#include <string.h>

unsigned upr_formats_parse(const char *list, const char **bad, size_t *badlen)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "json", UPR_FMT_JSON }, { "csv", UPR_FMT_CSV }, { "ics", UPR_FMT_ICS },
		{ "html", UPR_FMT_HTML }, { "frab", UPR_FMT_FRAB }, { "all", UPR_FMT_ALL },
	};
	unsigned mask = 0;
	const char *s = list;
	for (;;) {
		size_t n = strcspn(s, ",");
		bool ok = false;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0) {
				mask |= names[i].bit;
				ok = true;
			}
		if (!ok) {
			*bad = s;
			*badlen = n;
			return 0;
		}
		if (s[n] == '\0')
			break;
		s += n + 1;
	}
	return mask;
}

enum kind { K_JSON, K_CSV, K_ICS_ALL, K_ICS_DELEGATION, K_ICS_SPEAKER, K_HTML, K_FRAB, K_CHANGES };

struct job {
	enum kind kind;
	int index;
	struct upr_outfile out;
};

/* cp: the problem the calendars see (the history's view on a re-plan). */
static int run(const struct upr_problem *p, const struct upr_problem *cp,
	       const struct upr_timetable *t, const struct upr_export_opts *o,
	       const struct upr_history *h, struct job *j)
{
	FILE *f = j->out.f;
	switch (j->kind) {
	case K_JSON: return upr_export_json_opts(p, t, o, f);
	case K_CSV: return upr_export_csv(p, t, f);
	case K_ICS_ALL: return upr_export_ics_all(cp, t, o, f);
	case K_ICS_DELEGATION: return upr_export_ics_delegation(cp, t, j->index, o, f);
	case K_ICS_SPEAKER: return upr_export_ics_speaker(cp, t, j->index, o, f);
	case K_HTML: return upr_export_html(p, t, f);
	case K_FRAB: return upr_export_frab(p, t, f);
	case K_CHANGES: return h ? upr_export_changes(h, f) : -1;
	}
	return -1;
}

int upr_write_outputs(const struct upr_problem *p, const struct upr_timetable *t,
		      const char *dir, unsigned formats, const struct upr_export_opts *o,
		      struct upr_diags *d)
{
	return upr_write_outputs_history(p, t, dir, formats, o, NULL, d);
}

int upr_write_outputs_history(const struct upr_problem *p, const struct upr_timetable *t,
			      const char *dir, unsigned formats,
			      const struct upr_export_opts *o, const struct upr_history *h,
			      struct upr_diags *d)
{
	const struct upr_problem *cp = h ? &h->view : p;
	if (!h)
		formats &= ~(unsigned)UPR_FMT_CHANGES;
	size_t cap = 6 + ((formats & UPR_FMT_ICS) ? cp->ndelegations + cp->nspeakers : 0);
	struct job *jobs = upr_calloc(cap, sizeof(*jobs));
	if (!jobs) {
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	size_t n = 0;
	if (formats & UPR_FMT_JSON)
		jobs[n++] = (struct job){ .kind = K_JSON };
	if (formats & UPR_FMT_CSV)
		jobs[n++] = (struct job){ .kind = K_CSV };
	if (formats & UPR_FMT_ICS) {
		jobs[n++] = (struct job){ .kind = K_ICS_ALL };
		for (size_t i = 0; i < cp->ndelegations; i++)
			jobs[n++] = (struct job){ .kind = K_ICS_DELEGATION, .index = (int)i };
		for (size_t i = 0; i < cp->nspeakers; i++)
			jobs[n++] = (struct job){ .kind = K_ICS_SPEAKER, .index = (int)i };
	}
	if (formats & UPR_FMT_HTML)
		jobs[n++] = (struct job){ .kind = K_HTML };
	if (formats & UPR_FMT_FRAB)
		jobs[n++] = (struct job){ .kind = K_FRAB };
	if (formats & UPR_FMT_CHANGES)
		jobs[n++] = (struct job){ .kind = K_CHANGES };

	struct upr_outset set;
	int rc = upr_outset_begin(&set, dir, d);
	if (rc != 0) {
		upr_free(jobs);
		return -1;
	}
	if (formats & UPR_FMT_ICS) {
		rc = upr_outset_mkdir(&set, "delegations", d);
		if (rc == 0)
			rc = upr_outset_mkdir(&set, "speakers", d);
	}
	size_t opened = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *name;
		const char *id = NULL;
		switch (jobs[i].kind) {
		case K_JSON: name = "timetable.json"; break;
		case K_CSV: name = "timetable.csv"; break;
		case K_ICS_ALL: name = "calendar.ics"; break;
		case K_ICS_DELEGATION: name = "delegations/"; id = cp->delegations[jobs[i].index].id; break;
		case K_ICS_SPEAKER: name = "speakers/"; id = cp->speakers[jobs[i].index].id; break;
		case K_HTML: name = "programme.html"; break;
		case K_CHANGES: name = "changes.txt"; break;
		default: name = "schedule.xml"; break;
		}
		size_t len = strlen(name) + (id ? strlen(id) : 0) + 8;
		char *path = upr_malloc(len);
		if (!path) {
			upr_error(d, NULL, "out of memory");
			rc = -1;
			break;
		}
		snprintf(path, len, "%s%s%s", name, id ? id : "", id ? ".ics" : "");
		rc = upr_outset_open(&set, &jobs[i].out, path, d);
		upr_free(path);
		if (rc != 0)
			break;
		opened = i + 1;
		errno = 0;
		if (run(p, cp, t, o, h, &jobs[i]) != 0) {
			upr_outfile_failed(&jobs[i].out, errno, p->files, p->nfiles, UPR_EBUF_MAX, d);
			rc = -1;
			break;
		}
		if (upr_outfile_close(&jobs[i].out, d) != 0)
			rc = -1;
	}
	/* publish only when every file is complete */
	if (rc == 0)
		rc = upr_outset_commit(&set, d);
	for (size_t i = 0; i < opened; i++)
		upr_outfile_release(&jobs[i].out);
	upr_outset_release(&set);
	upr_free(jobs);
	return rc;
}
