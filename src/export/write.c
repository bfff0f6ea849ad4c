/*
 * write.c - the set of output files of plan and export, published together.
 *
 * All files are written to temporary names first; only when every one is
 * complete are they renamed into place.  A failure anywhere (a full disk,
 * a directory in the way) removes the temporary files and leaves the
 * previous outputs whole.
 *
 * Which files a format has, and the writer of each, come from the format
 * registry (formats.c): this file counts its jobs from that table and
 * names no format.
 *
 * A re-plan (plan --baseline) adds its history: the calendars are written
 * for the history's view of the problem, which also holds the speakers and
 * States that only the baseline names, so a withdrawn speaker's calendar is
 * published once more with its statement cancelled; timetable.json carries
 * the SEQUENCEs; and changes.txt is one more file of the same set.
 */
#include "export/export.h"
#include "util/outfile.h"

#include <string.h>

struct job {
	const struct upr_format_file *file;
	int index;		/* the delegation or speaker of a per-entity file */
	struct upr_outfile out;
};

/* How many files of its kind cp gets. */
static size_t files_of(const struct upr_format_file *ff, const struct upr_problem *cp)
{
	switch (ff->per) {
	case UPR_PER_RUN: return 1;
	case UPR_PER_DELEGATION: return cp->ndelegations;
	case UPR_PER_SPEAKER: return cp->nspeakers;
	}
	return 0;
}

/* The id in the name of a per-entity file, or NULL. */
static const char *id_of(const struct upr_format_file *ff, const struct upr_problem *cp, int i)
{
	switch (ff->per) {
	case UPR_PER_RUN: return NULL;
	case UPR_PER_DELEGATION: return cp->delegations[i].id;
	case UPR_PER_SPEAKER: return cp->speakers[i].id;
	}
	return NULL;
}

/* Creates dir/sub (sub without its trailing '/'). */
static int make_folder(const char *dir, const char *sub, struct upr_diags *d)
{
	size_t dl = strlen(dir) + strlen(sub) + 2;
	char *path = upr_malloc(dl);
	if (!path) {
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	snprintf(path, dl, "%s/%.*s", dir, (int)strcspn(sub, "/"), sub);
	int rc = upr_mkdirs(path, d);
	upr_free(path);
	return rc;
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
		formats &= ~UPR_FMT(UPR_FORMAT_CHANGES);
	struct upr_export_opts none;
	memset(&none, 0, sizeof(none));
	const struct upr_write_ctx ctx = { p, cp, t, o ? o : &none, h };

	/* the jobs: every file of every chosen format, in table order */
	size_t cap = 0;
	for (int fi = 0; fi < UPR_FORMAT_COUNT; fi++)
		for (int k = 0; (formats & UPR_FMT(fi)) && k < UPR_FORMAT_MAX_FILES &&
				upr_formats[fi].files[k].write; k++)
			cap += files_of(&upr_formats[fi].files[k], cp);
	struct job *jobs = upr_calloc(cap, sizeof(*jobs));
	if (!jobs) {
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	size_t n = 0;
	int rc = upr_mkdirs(dir, d);
	for (int fi = 0; fi < UPR_FORMAT_COUNT; fi++)
		for (int k = 0; (formats & UPR_FMT(fi)) && k < UPR_FORMAT_MAX_FILES &&
				upr_formats[fi].files[k].write; k++) {
			const struct upr_format_file *ff = &upr_formats[fi].files[k];
			/* a per-entity folder exists even when it stays empty */
			if (rc == 0 && ff->per != UPR_PER_RUN)
				rc = make_folder(dir, ff->name, d);
			for (size_t i = 0, m = files_of(ff, cp); i < m; i++)
				jobs[n++] = (struct job){ .file = ff, .index = (int)i };
		}
	size_t opened = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct upr_format_file *ff = jobs[i].file;
		const char *id = id_of(ff, cp, jobs[i].index);
		const char *suffix = id && ff->suffix ? ff->suffix : "";
		size_t len = strlen(dir) + strlen(ff->name) + (id ? strlen(id) : 0) +
			     strlen(suffix) + 2;
		char *path = upr_malloc(len);
		if (!path) {
			upr_error(d, NULL, "out of memory");
			rc = -1;
			break;
		}
		snprintf(path, len, "%s/%s%s%s", dir, ff->name, id ? id : "", suffix);
		rc = upr_outfile_open(&jobs[i].out, path, d);
		upr_free(path);
		if (rc != 0)
			break;
		opened = i + 1;
		jobs[i].out.defer_sync = true;
		if (ff->write(&ctx, jobs[i].index, jobs[i].out.f) != 0) {
			upr_error(d, NULL, "cannot write '%s': out of memory or output error",
				  jobs[i].out.path);
			rc = -1;
			break;
		}
		if (upr_outfile_close(&jobs[i].out, d) != 0)
			rc = -1;
	}
	/* publish only when every file is complete and on disk */
	if (rc == 0 && opened > 0) {
		struct upr_outfile **set = upr_malloc(opened * sizeof(*set));
		if (!set) {
			upr_error(d, NULL, "out of memory");
			rc = -1;
		} else {
			for (size_t i = 0; i < opened; i++)
				set[i] = &jobs[i].out;
			rc = upr_outfile_sync_set(set, opened, d);
			upr_free(set);
		}
	}
	for (size_t i = 0; i < opened && rc == 0; i++)
		if (upr_outfile_rename(&jobs[i].out, d) != 0)
			rc = -1;
	for (size_t i = 0; i < opened; i++)
		upr_outfile_release(&jobs[i].out);
	upr_free(jobs);
	return rc;
}
