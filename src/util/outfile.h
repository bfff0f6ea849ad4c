/*
 * outfile.h - output files written atomically, alone or as a set.
 *
 * A single file (export -o FILE) is written to a temporary name beside its
 * final one and renamed into place only when complete, so a reader never
 * sees half a file and a failed run leaves the previous file whole.
 *
 * A set (every file of plan -o DIR) is written into a fresh staging
 * directory beside DIR and switched with DIR in one step, so a reader sees
 * the whole previous set or the whole new one, never a mix
 * (docs/internals/export.md, "Publishing a set").
 */
#ifndef UPR_UTIL_OUTFILE_H
#define UPR_UTIL_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "upr/diag.h"

struct upr_outfile {
	char *path;		/* final name (owned), for messages */
	char *tmp;		/* temporary name (owned), NULL once renamed */
	FILE *f;		/* open while writing */
	bool direct;		/* path is a device or FIFO: written in place */
	bool defer_sync;	/* close does not sync: the set's commit will */
};

/* Opens a temporary file beside path.  0, or -1 with an error in d.
 * When path exists and is neither a regular file nor a directory (a
 * device such as /dev/stdout or /dev/full, or a FIFO), it is opened and
 * written in place instead: renaming over it would replace the node. */
int upr_outfile_open(struct upr_outfile *o, const char *path, struct upr_diags *d);
/* Flushes, syncs and closes the temporary file (it stays unrenamed).
 * 0, or -1 with an error in d (the temporary file is removed). */
int upr_outfile_close(struct upr_outfile *o, struct upr_diags *d);
/* After a writer returned -1 on o->f: records why, naming the file.  err
 * is errno as the writer left it (cleared before it ran): "No space left
 * on device" and the like when the stream or a temporary file of the
 * writer's failed; EFBIG when the file would pass cap, the most one output
 * file may hold (then the message names the input files, inputs, whose
 * content made it so large); else (0 or ENOMEM) "out of memory". */
void upr_outfile_failed(struct upr_outfile *o, int err, const char *const *inputs,
			size_t ninputs, size_t cap, struct upr_diags *d);
/* Renames the closed temporary file into place.  0, or -1 with an error. */
int upr_outfile_rename(struct upr_outfile *o, struct upr_diags *d);
/* Removes the temporary file if any and frees o's strings. */
void upr_outfile_release(struct upr_outfile *o);

/*
 * A set of files published together into one directory.
 *
 *   parent/              the directory that holds DIR
 *     DIR/               what readers see: the previous set, then the new
 *     .DIR.upr-XXXXXX/   the staging directory: the new set while it is
 *                        written, the previous one after the switch
 *
 * upr_outset_begin creates DIR (with its parents) when missing, takes
 * DIR's lock (flock(2) on the directory; a second run into DIR fails at
 * once, naming it), removes what killed runs left, and makes the staging
 * directory.  Files are then created in it, relative to it, with O_EXCL
 * and O_NOFOLLOW.  upr_outset_commit makes them durable (one syncfs),
 * links into the staging directory everything of DIR that the new set
 * does not replace or drop (a README the user put there), and exchanges
 * the two directories with renameat2(RENAME_EXCHANGE).  Where that cannot be done (DIR is a mount
 * point, its parent is not writable, the file system or system has no
 * RENAME_EXCHANGE), the staging directory is made inside DIR and its files
 * are renamed into place one by one, the replaced ones kept until all are
 * in, so that a failure puts them back ("in place"; a reader may then see
 * a mix while the renames run, and a run killed then leaves one).
 *
 * What is already at a name the set writes: a regular file or a symbolic
 * link is replaced (the link itself, never what it points to); anything
 * else (a directory, FIFO, device, socket) is an error naming it, and
 * nothing is published.
 *
 * While a set is open, SIGINT, SIGTERM and SIGHUP (where not ignored) are
 * held: upr_outset_open fails at the next file, the staging directory is
 * removed, and upr_outset_release raises the signal again.
 */
struct upr_outset {
	char *dir;		/* DIR as given (owned), for messages */
	char *name;		/* DIR's last component, as resolved (owned) */
	char *stage;		/* staging directory's name in stage_in (owned) */
	int parentfd;		/* DIR's parent, or -1 (in place) */
	int dirfd;		/* DIR, opened once; holds the lock */
	int stagefd;		/* the staging directory, also locked */
	int stage_in;		/* parentfd, or dirfd in place */
	bool inplace;
	bool held;		/* signals held (hold_signals) */
	bool done;		/* committed: the staging directory holds the old set */
	char **files;		/* names written, relative to DIR (owned) */
	size_t nfiles, capfiles;
	char **dropped;		/* DIR's files left out of the new set (owned) */
	size_t ndropped, capdropped;
};

/* Opens the set for DIR.  0, or -1 with an error in d (s is released). */
int upr_outset_begin(struct upr_outset *s, const char *dir, struct upr_diags *d);
/* Makes a subdirectory (one level, e.g. "speakers") in the new set. */
int upr_outset_mkdir(struct upr_outset *s, const char *sub, struct upr_diags *d);
/* Creates rel (e.g. "speakers/ch-nhri.ics") in the new set and opens o on
 * it; close o with upr_outfile_close and free it with upr_outfile_release
 * as a single file.  0, or -1 with an error in d. */
int upr_outset_open(struct upr_outset *s, struct upr_outfile *o, const char *rel,
		    struct upr_diags *d);
/*
 * DIR's files as they are before the commit, for a set that replaces what
 * DIR holds rather than carrying it over (a calendar of a speaker who is
 * gone: published once more, cancelled, then removed).
 *
 * upr_outset_old_dir opens DIR's subdirectory sub ("speakers") for reading:
 * a descriptor the caller closes, or -1 when there is none.
 * upr_outset_has: is rel already a file of the new set?
 * upr_outset_read_old reads DIR's regular file rel (never through a link)
 * into *text (NUL-terminated, freed with upr_free): 0; 1 when it is not
 * there, not a regular file or larger than cap (left as it is); -1 with an
 * error in d.
 * upr_outset_drop leaves DIR's rel out of the new set: the commit does not
 * carry it over, so it is gone once the set is published.  0, or -1 out of
 * memory (with an error in d).
 */
int upr_outset_old_dir(const struct upr_outset *s, const char *sub);
bool upr_outset_has(const struct upr_outset *s, const char *rel);
int upr_outset_read_old(const struct upr_outset *s, const char *rel, size_t cap, char **text,
			size_t *len, struct upr_diags *d);
int upr_outset_drop(struct upr_outset *s, const char *rel, struct upr_diags *d);

/* Publishes every file opened (and closed) in the set.  0, or -1 with an
 * error in d and DIR as it was. */
int upr_outset_commit(struct upr_outset *s, struct upr_diags *d);
/* Removes what is left of the staging directory, unlocks DIR and frees s;
 * re-raises a signal held while the set was open. */
void upr_outset_release(struct upr_outset *s);

/* mkdir -p; 0, or -1 with an error in d. */
int upr_mkdirs(const char *dir, struct upr_diags *d);

#endif
