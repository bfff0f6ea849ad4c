/*
 * outfile.c - temporary file, fsync, rename.
 *
 * The single files of export -o FILE; the files of a set (outset.c) use
 * the same struct but live in the set's staging directory, with no tmp.
 *
 * Invariant: while an outfile has a tmp name, that file exists only because
 * of us, and upr_outfile_release removes it; the final path is touched only
 * by rename(2), which replaces it in one step.  The one exception is a path
 * that names a device or a FIFO ("direct"): rename(2) would replace the
 * node itself (run as root, `-o /dev/null` would swap the system's
 * /dev/null for a regular file), so such a path is opened and written in
 * place; there is nothing to make atomic about a stream.
 */
#include "util/outfile.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int upr_outfile_open(struct upr_outfile *o, const char *path, struct upr_diags *d)
{
	memset(o, 0, sizeof(*o));
	size_t n = strlen(path);
	o->path = upr_strdup(path);
	o->tmp = upr_malloc(n + 16);
	if (!o->path || !o->tmp) {
		upr_error(d, NULL, "cannot write '%s': out of memory", path);
		upr_outfile_release(o);
		return -1;
	}
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		upr_free(o->tmp);
		o->tmp = NULL;
		int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		o->f = fd < 0 ? NULL : fdopen(fd, "wb");
		if (!o->f) {
			upr_error(d, NULL, "cannot write '%s': %s", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			upr_outfile_release(o);
			return -1;
		}
		o->direct = true;
		return 0;
	}
	/* The dot keeps the temporary file out of globs such as *.ics. */
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	memcpy(o->tmp, path, dirlen);
	snprintf(o->tmp + dirlen, n + 16 - dirlen, ".%s.XXXXXX", path + dirlen);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		upr_error(d, NULL, "cannot write '%s': %s", path, strerror(errno));
		upr_free(o->tmp);
		o->tmp = NULL;
		upr_outfile_release(o);
		return -1;
	}
	/* mkstemp makes 0600; published files are meant to be read */
	fchmod(fd, 0644);
	o->f = fdopen(fd, "wb");
	if (!o->f) {
		upr_error(d, NULL, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		upr_outfile_release(o);
		return -1;
	}
	return 0;
}

int upr_outfile_close(struct upr_outfile *o, struct upr_diags *d)
{
	if (!o->f)
		return 0;
	int err = 0;
	if (fflush(o->f) != 0 || ferror(o->f))
		err = errno ? errno : EIO;
	else if (!o->direct && !o->defer_sync && fsync(fileno(o->f)) != 0 &&
		 errno != EINVAL)
		err = errno;
	if (fclose(o->f) != 0 && !err)
		err = errno ? errno : EIO;
	o->f = NULL;
	if (err) {
		upr_error(d, NULL, "cannot write '%s': %s", o->path, strerror(err));
		if (o->tmp)
			unlink(o->tmp);
		upr_free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	return 0;
}

void upr_outfile_failed(struct upr_outfile *o, int err, const char *const *inputs,
			size_t ninputs, size_t cap, struct upr_diags *d)
{
	const char *path = o->path ? o->path : "output";
	/* err is errno as the writer left it (the caller clears it first), so
	 * a cause other than memory is the file system's, also when it was a
	 * temporary file of the writer's that failed (the workbook's) */
	if (err != 0 && err != ENOMEM && err != EFBIG) {
		upr_error(d, NULL, "cannot write '%s': %s", path, strerror(err));
	} else if (err == EFBIG) {
		char more[48] = "";
		if (ninputs > 1)
			snprintf(more, sizeof(more), " and %zu more", ninputs - 1);
		upr_error(d, NULL,
			  "cannot write '%s': the input (%s%s) makes it larger than %zu MiB, the most one output file may hold; shorten its names or texts",
			  path, ninputs ? inputs[0] : "", more, cap >> 20);
	} else {
		upr_error(d, NULL, "cannot write '%s': out of memory", path);
	}
}

int upr_outfile_rename(struct upr_outfile *o, struct upr_diags *d)
{
	if (o->direct)
		return 0;	/* written in place */
	if (!o->tmp)
		return -1;
	if (rename(o->tmp, o->path) != 0) {
		upr_error(d, NULL, "cannot write '%s': %s", o->path, strerror(errno));
		return -1;
	}
	upr_free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void upr_outfile_release(struct upr_outfile *o)
{
	if (o->f) {
		fclose(o->f);
		o->f = NULL;
	}
	if (o->tmp) {
		unlink(o->tmp);
		upr_free(o->tmp);
		o->tmp = NULL;
	}
	upr_free(o->path);
	o->path = NULL;
}

int upr_mkdirs(const char *dir, struct upr_diags *d)
{
	char *p = upr_strdup(dir);
	if (!p) {
		upr_error(d, NULL, "cannot create '%s': out of memory", dir);
		return -1;
	}
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				upr_error(d, NULL, "cannot create directory '%s': %s", p, strerror(errno));
				upr_free(p);
				return -1;
			}
			struct stat st;
			if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
				upr_error(d, NULL, "cannot create directory '%s': %s", p,
					  stat(p, &st) != 0 ? strerror(errno) : "a file is in the way");
				upr_free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	upr_free(p);
	return 0;
}
