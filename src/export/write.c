/*
 * write.c - the set of output files of plan and export, published together.
 *
 * All files are written into the set's staging directory first; only when
 * every one is complete is the set published, in one step (outfile.h).  A
 * failure anywhere (a full disk, a directory in the way) removes the
 * staging directory and leaves the previous outputs whole.
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
 *
 * Whatever the baseline, a per-entity file that DIR holds and the new set
 * does not write (the calendar of a delegation or speaker that is gone) is
 * handed to its format's retire function: published once more with every
 * event cancelled, or, when that was done already, dropped from the set.
 */
#include "export/export.h"
#include "export/text.h"
#include "util/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

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

/* Creates the folder sub (without its trailing '/') in the set. */
static int make_folder(struct upr_outset *set, const char *sub, struct upr_diags *d)
{
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(sub, "/"), sub);
	return upr_outset_mkdir(set, name, d);
}

/*
 * The per-entity files of ff that DIR holds and this set does not write:
 * the calendar of a delegation or speaker that is gone.  Each is published
 * once more as ff->retire rewrites it (every event cancelled), or, when it
 * has nothing left to cancel, dropped from the set; anything ff->retire
 * does not recognise is carried over as before.  0, or -1 with an error.
 */
static int retire_stale(struct upr_outset *set, const struct upr_format_file *ff,
			const struct upr_export_opts *o, struct upr_diags *d)
{
	char folder[64];
	snprintf(folder, sizeof(folder), "%.*s", (int)strcspn(ff->name, "/"), ff->name);
	int fd = upr_outset_old_dir(set, folder);
	DIR *dp = fd < 0 ? NULL : fdopendir(fd);
	if (!dp) {
		if (fd >= 0)
			close(fd);
		return 0;	/* nothing published there before */
	}
	size_t sl = strlen(ff->suffix);
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (nl <= sl || strcmp(de->d_name + nl - sl, ff->suffix) != 0)
			continue;
		char rel[512];
		if ((size_t)snprintf(rel, sizeof(rel), "%s/%s", folder, de->d_name) >= sizeof(rel) ||
		    upr_outset_has(set, rel))
			continue;
		char *old;
		size_t len;
		int r = upr_outset_read_old(set, rel, UPR_EBUF_MAX, &old, &len, d);
		if (r != 0) {
			rc = r < 0 ? -1 : 0;
			continue;
		}
		struct upr_ebuf b;
		upr_ebuf_init(&b);
		r = memchr(old, '\0', len) ? UPR_RETIRE_KEEP : ff->retire(old, o, &b);
		upr_free(old);
		if (r == UPR_RETIRE_DROP) {
			rc = upr_outset_drop(set, rel, d);
		} else if (r == UPR_RETIRE_PUBLISH) {
			struct upr_outfile out;
			rc = upr_outset_open(set, &out, rel, d);
			if (rc == 0) {
				if (upr_ebuf_write(&b, out.f) != 0) {
					upr_outfile_failed(&out, errno, NULL, 0, UPR_EBUF_MAX, d);
					rc = -1;
				} else {
					rc = upr_outfile_close(&out, d);
				}
				upr_outfile_release(&out);
			}
		} else if (r < 0) {
			upr_error(d, NULL, "out of memory");
			rc = -1;
		}
		upr_ebuf_release(&b);
	}
	closedir(dp);
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
	struct upr_outset set;
	int rc = upr_outset_begin(&set, dir, d);
	if (rc != 0) {
		upr_free(jobs);
		return -1;
	}
	for (int fi = 0; fi < UPR_FORMAT_COUNT; fi++)
		for (int k = 0; (formats & UPR_FMT(fi)) && k < UPR_FORMAT_MAX_FILES &&
				upr_formats[fi].files[k].write; k++) {
			const struct upr_format_file *ff = &upr_formats[fi].files[k];
			/* a per-entity folder exists even when it stays empty */
			if (rc == 0 && ff->per != UPR_PER_RUN)
				rc = make_folder(&set, ff->name, d);
			for (size_t i = 0, m = files_of(ff, cp); i < m; i++)
				if (!ff->wanted || ff->wanted(&ctx, (int)i))
					jobs[n++] = (struct job){ .file = ff, .index = (int)i };
		}
	size_t opened = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct upr_format_file *ff = jobs[i].file;
		const char *id = id_of(ff, cp, jobs[i].index);
		const char *suffix = id && ff->suffix ? ff->suffix : "";
		size_t len = strlen(ff->name) + (id ? strlen(id) : 0) + strlen(suffix) + 1;
		char *path = upr_malloc(len);
		if (!path) {
			upr_error(d, NULL, "out of memory");
			rc = -1;
			break;
		}
		/* relative to the set's staging directory */
		snprintf(path, len, "%s%s%s", ff->name, id ? id : "", suffix);
		rc = upr_outset_open(&set, &jobs[i].out, path, d);
		upr_free(path);
		if (rc != 0)
			break;
		opened = i + 1;
		errno = 0;
		if (ff->write(&ctx, jobs[i].index, jobs[i].out.f) != 0) {
			upr_outfile_failed(&jobs[i].out, errno, p->files, p->nfiles, UPR_EBUF_MAX, d);
			rc = -1;
			break;
		}
		if (upr_outfile_close(&jobs[i].out, d) != 0)
			rc = -1;
	}
	/* calendars of delegations and speakers that are gone */
	for (int fi = 0; rc == 0 && fi < UPR_FORMAT_COUNT; fi++)
		for (int k = 0; rc == 0 && (formats & UPR_FMT(fi)) && k < UPR_FORMAT_MAX_FILES &&
				upr_formats[fi].files[k].write; k++)
			if (upr_formats[fi].files[k].retire)
				rc = retire_stale(&set, &upr_formats[fi].files[k], ctx.o, d);
	/* publish only when every file is complete */
	if (rc == 0)
		rc = upr_outset_commit(&set, d);
	for (size_t i = 0; i < opened; i++)
		upr_outfile_release(&jobs[i].out);
	upr_outset_release(&set);
	upr_free(jobs);
	return rc;
}
