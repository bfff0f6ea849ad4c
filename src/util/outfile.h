/*
 * outfile.h - output files written atomically.
 *
 * A file is written to a temporary name beside its final one and renamed
 * into place only when complete, so a reader never sees half a file and a
 * failed run leaves the previous file whole.  A set of files is committed
 * together: all are written first, then all renamed.
 */
#ifndef UPR_UTIL_OUTFILE_H
#define UPR_UTIL_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "upr/diag.h"

struct upr_outfile {
	char *path;		/* final name (owned) */
	char *tmp;		/* temporary name (owned), NULL once renamed */
	FILE *f;		/* open while writing */
	bool direct;		/* path is a device or FIFO: written in place */
	bool defer_sync;	/* close does not sync: upr_outfile_sync_set will */
};

/* Opens a temporary file beside path.  0, or -1 with an error in d.
 * When path exists and is neither a regular file nor a directory (a
 * device such as /dev/stdout or /dev/full, or a FIFO), it is opened and
 * written in place instead: renaming over it would replace the node. */
int upr_outfile_open(struct upr_outfile *o, const char *path, struct upr_diags *d);
/* Flushes, syncs and closes the temporary file (it stays unrenamed).
 * 0, or -1 with an error in d (the temporary file is removed). */
int upr_outfile_close(struct upr_outfile *o, struct upr_diags *d);
/* Makes the closed temporary files of a set (those with defer_sync) durable
 * at once, before any is renamed: one syncfs(2) per file system they are
 * on where the system has it, else an fsync of each.  One sync per file
 * cost a journal commit each, most of the time of writing the many small
 * calendars.  0, or -1 with an error in d. */
int upr_outfile_sync_set(struct upr_outfile *const *set, size_t n, struct upr_diags *d);
/* Renames the closed temporary file into place.  0, or -1 with an error. */
int upr_outfile_rename(struct upr_outfile *o, struct upr_diags *d);
/* Removes the temporary file if any and frees o's strings. */
void upr_outfile_release(struct upr_outfile *o);

/* mkdir -p; 0, or -1 with an error in d. */
int upr_mkdirs(const char *dir, struct upr_diags *d);

#endif
