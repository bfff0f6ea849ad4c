/*
 * outset.c - a set of output files published in one step (outfile.h).
 *
 * The new set is written into a staging directory beside DIR, created by
 * us (mode 0700 until the switch), and every file in it is created
 * relative to it with O_EXCL and O_NOFOLLOW: nothing the run writes can go
 * through a link or into a device or FIFO someone put in DIR.  DIR itself
 * is opened once; every later step works on that descriptor.
 *
 * Invariants:
 * - While the set is open this process holds flock(2) on DIR's directory
 *   and on the staging directory.  A staging directory that nobody holds
 *   is what a killed run left, and the next run into DIR removes it.
 * - DIR is never changed before the commit.  The commit either exchanges
 *   DIR with the staging directory (one renameat2), or, in place, renames
 *   files into DIR keeping each replaced one, so that a failure halfway
 *   puts every earlier one back.
 * - What was in DIR and is not part of the new set stays: it is hard-linked
 *   into the staging directory before the switch, and whatever appeared at
 *   the top of DIR during the switch is linked after it; except the files
 *   the set drops (upr_outset_drop), which are not linked, or in place are
 *   removed after the renames.
 */
/* renameat2, syncfs */
#define _GNU_SOURCE
#include "util/outfile.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

/* Prefixes of staging directories: ".DIR.upr-" beside DIR, and this one
 * inside DIR when the set is published in place. */
#define STAGE_INSIDE ".upr-stage-"
#define STAGE_RANDOM 6
/* Deepest directory tree of the user's that a set carries over. */
#define CARRY_DEPTH 64

/* ---- signals held while a set is open ---- */

static const int held_sig[] = { SIGINT, SIGTERM, SIGHUP };
#define NHELD (sizeof(held_sig) / sizeof(held_sig[0]))
static struct sigaction held_saved[NHELD];
static bool held_ours[NHELD];
static volatile sig_atomic_t held_pending;

static void on_held(int sig)
{
	held_pending = sig;
}

/* Catches the signals that still have their default action (one that
 * ignores SIGHUP, as nohup does, keeps ignoring it). */
static void hold_signals(void)
{
	held_pending = 0;
	for (size_t i = 0; i < NHELD; i++) {
		struct sigaction cur;
		held_ours[i] = false;
		if (sigaction(held_sig[i], NULL, &cur) != 0 || (cur.sa_flags & SA_SIGINFO) ||
		    cur.sa_handler != SIG_DFL)
			continue;
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_held;
		sigemptyset(&sa.sa_mask);
		held_ours[i] = sigaction(held_sig[i], &sa, &held_saved[i]) == 0;
	}
}

static void unhold_signals(void)
{
	for (size_t i = 0; i < NHELD; i++)
		if (held_ours[i])
			sigaction(held_sig[i], &held_saved[i], NULL);
	int sig = held_pending;
	held_pending = 0;
	if (sig)
		raise(sig);
}

static int interrupted(const struct upr_outset *s, struct upr_diags *d)
{
	if (!held_pending)
		return 0;
	upr_error(d, NULL, "cannot write into '%s': interrupted by signal %d", s->dir,
		  (int)held_pending);
	return -1;
}

/* ---- directory trees, relative to a descriptor ---- */

/* Removes name in at and everything under it, as far as it can. */
static void remove_tree(int at, const char *name, int depth)
{
	if (unlinkat(at, name, 0) == 0 || errno == ENOENT || depth > CARRY_DEPTH + 2)
		return;
	for (int pass = 0; pass < 3; pass++) {
		int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return;
		DIR *dp = fdopendir(fd);
		if (!dp) {
			close(fd);
			return;
		}
		struct dirent *de;
		while ((de = readdir(dp)) != NULL)
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				remove_tree(dirfd(dp), de->d_name, depth + 1);
		closedir(dp);
		if (unlinkat(at, name, AT_REMOVEDIR) == 0 || errno != ENOTEMPTY)
			return;
	}
}

static const char *kind_of(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" :
	       S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISSOCK(m) ? "a socket" :
	       S_ISLNK(m) ? "a symbolic link" : "a special file";
}

static bool is_stage_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(name, prefix, n) == 0 && strlen(name + n) == STAGE_RANDOM;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is rel one of the files left out of the new set?  (s->dropped is sorted
 * by the commit before any carry.) */
static bool is_dropped(const struct upr_outset *s, const char *rel)
{
	return s->ndropped &&
	       bsearch(&rel, s->dropped, s->ndropped, sizeof(*s->dropped), cmp_str) != NULL;
}

/*
 * Links into `to` every entry of `from` that `to` does not have (the files
 * of DIR the new set does not write), recursing into directories; checks
 * that what the new set writes replaces only regular files and symbolic
 * links.  rel is the path below DIR, for messages.  With d NULL (after the
 * switch) it does what it can and reports nothing.  0; -1 with an error in
 * d; -2 when links cannot be made here (another file system below DIR, a
 * file system without hard links): the caller publishes in place.
 */
static int carry(const struct upr_outset *s, int from, int to, const char *rel, int depth,
		 struct upr_diags *d)
{
	int fd = openat(from, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dp = fd < 0 ? NULL : fdopendir(fd);
	if (!dp) {
		if (fd >= 0)
			close(fd);
		if (d)
			upr_error(d, NULL, "cannot read '%s%s%s': %s", s->dir, *rel ? "/" : "", rel,
				  strerror(errno));
		return d ? -1 : 0;
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		const char *name = de->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		    (depth == 0 && is_stage_name(name, STAGE_INSIDE)))
			continue;
		size_t pl = strlen(rel) + strlen(name) + 2;
		char *path = upr_malloc(pl);
		if (!path) {
			if (d)
				upr_error(d, NULL, "out of memory");
			rc = d ? -1 : 0;
			break;
		}
		snprintf(path, pl, "%s%s%s", rel, *rel ? "/" : "", name);
		if (is_dropped(s, path)) {
			upr_free(path);
			continue;	/* left out on purpose */
		}
		struct stat a, b;
		if (fstatat(from, name, &a, AT_SYMLINK_NOFOLLOW) != 0) {
			upr_free(path);
			continue;	/* gone meanwhile */
		}
		if (fstatat(to, name, &b, AT_SYMLINK_NOFOLLOW) != 0) {
			/* not in the new set: keep it */
			if (S_ISDIR(a.st_mode)) {
				if (depth >= CARRY_DEPTH) {
					if (d)
						upr_error(d, NULL, "cannot keep '%s/%s': deeper than %d directories",
							  s->dir, path, CARRY_DEPTH);
					rc = d ? -1 : 0;
				} else if (mkdirat(to, name, 0700) != 0) {
					if (d)
						upr_error(d, NULL, "cannot keep '%s/%s': %s", s->dir, path,
							  strerror(errno));
					rc = d ? -1 : 0;
				} else {
					int f2 = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
					int t2 = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
					if (f2 >= 0 && t2 >= 0)
						rc = carry(s, f2, t2, path, depth + 1, d);
					if (t2 >= 0)
						fchmod(t2, a.st_mode & 07777);
					if (f2 >= 0)
						close(f2);
					if (t2 >= 0)
						close(t2);
				}
			} else if (linkat(from, name, to, name, 0) != 0 && errno != ENOENT) {
				if (errno == EXDEV || errno == EPERM || errno == EMLINK || errno == ENOTSUP)
					rc = d ? -2 : 0;
				else if (d) {
					upr_error(d, NULL, "cannot keep '%s/%s': %s", s->dir, path,
						  strerror(errno));
					rc = -1;
				}
			}
		} else if (S_ISDIR(b.st_mode) && S_ISDIR(a.st_mode) && d) {
			/* delegations/, speakers/: keep what the new set does not
			 * replace (after the switch, only DIR's own entries are
			 * looked at again: thousands of calendars cost seconds) */
			int f2 = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int t2 = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (f2 >= 0 && t2 >= 0) {
				rc = carry(s, f2, t2, path, depth + 1, d);
				fchmod(t2, a.st_mode & 07777);
			}
			if (f2 >= 0)
				close(f2);
			if (t2 >= 0)
				close(t2);
		} else if (!S_ISREG(a.st_mode) && !S_ISLNK(a.st_mode) && d) {
			/* the new set's file or directory would replace this */
			upr_error(d, NULL, "cannot write '%s/%s': %s is in the way", s->dir, path,
				  kind_of(a.st_mode));
			rc = -1;
		} else if (S_ISREG(a.st_mode) && S_ISDIR(b.st_mode) && d) {
			upr_error(d, NULL, "cannot create directory '%s/%s': a file is in the way",
				  s->dir, path);
			rc = -1;
		}
		upr_free(path);
	}
	closedir(dp);
	return rc;
}

/* ---- staging directories ---- */

/* Makes a directory prefix + STAGE_RANDOM characters in at, opens and locks
 * it.  0, or -1 with errno. */
static int make_stage(struct upr_outset *s, int at, const char *prefix)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned counter;
	size_t n = strlen(prefix);
	char *name = upr_malloc(n + STAGE_RANDOM + 1);
	if (!name) {
		errno = ENOMEM;
		return -1;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t x = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)getpid() << 32 ^
		     (uint64_t)ts.tv_sec ^ ++counter;
	for (int tries = 0; tries < 100; tries++) {
		memcpy(name, prefix, n);
		for (int i = 0; i < STAGE_RANDOM; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			name[n + (size_t)i] = abc[x % (sizeof(abc) - 1)];
		}
		name[n + STAGE_RANDOM] = '\0';
		if (mkdirat(at, name, 0700) == 0) {
			int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
				int e = errno;
				if (fd >= 0)
					close(fd);
				unlinkat(at, name, AT_REMOVEDIR);
				upr_free(name);
				errno = e;
				return -1;
			}
			s->stage = name;
			s->stagefd = fd;
			s->stage_in = at;
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	upr_free(name);
	errno = e;
	return -1;
}

/* Removes the staging directories in at whose names start with prefix and
 * that no run holds: what runs killed with SIGKILL left. */
static void remove_stale(int at, const char *prefix)
{
	int fd = openat(at, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dp = fd < 0 ? NULL : fdopendir(fd);
	if (!dp) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (!is_stage_name(de->d_name, prefix))
			continue;
		int sfd = openat(at, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sfd < 0)
			continue;
		if (flock(sfd, LOCK_EX | LOCK_NB) == 0)
			remove_tree(at, de->d_name, 0);
		close(sfd);
	}
	closedir(dp);
}

/* ".NAME.upr-": the prefix of DIR's staging directories beside it. */
static char *sibling_prefix(const struct upr_outset *s)
{
	size_t n = strlen(s->name) + 8;
	char *p = upr_malloc(n);
	if (p)
		snprintf(p, n, ".%s.upr-", s->name);
	return p;
}

/* ---- the set ---- */

int upr_outset_begin(struct upr_outset *s, const char *dir, struct upr_diags *d)
{
	memset(s, 0, sizeof(*s));
	s->parentfd = s->dirfd = s->stagefd = s->stage_in = -1;
	s->dir = upr_strdup(dir);
	if (!s->dir) {
		upr_error(d, NULL, "cannot write into '%s': out of memory", dir);
		return -1;
	}
	if (upr_mkdirs(dir, d) != 0)
		goto fail;
	/* DIR itself may be a link to a directory (out -> /srv/www/upr): the
	 * directory it names is the one switched, and the link stays. */
	char *real = realpath(dir, NULL);
	if (!real) {
		upr_error(d, NULL, "cannot write into '%s': %s", dir, strerror(errno));
		goto fail;
	}
	char *slash = strrchr(real, '/');
	const char *name = slash && slash[1] ? slash + 1 : ".";
	if (slash && slash[1]) {
		*slash = '\0';
		s->parentfd = open(*real ? real : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		s->dirfd = s->parentfd < 0 ? -1 :
			   openat(s->parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	} else {
		s->dirfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	s->name = upr_strdup(name);
	int e = errno;
	free(real);
	if (s->dirfd < 0) {
		upr_error(d, NULL, "cannot write into '%s': %s", dir, strerror(e));
		goto fail;
	}
	if (!s->name) {
		upr_error(d, NULL, "cannot write into '%s': out of memory", dir);
		goto fail;
	}
	/* One run at a time: a second fails at once rather than waiting on a
	 * run that may be stopped. */
	struct stat ds, ns, ps;
	if (flock(s->dirfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			upr_error(d, NULL, "cannot write into '%s': another upr-schedule is writing there; try again when it is done",
				  dir);
		else
			upr_error(d, NULL, "cannot write into '%s': %s", dir, strerror(errno));
		goto fail;
	}
	/* switched by another run between our open and our lock */
	if (fstat(s->dirfd, &ds) != 0 ||
	    (s->parentfd >= 0 && (fstatat(s->parentfd, s->name, &ns, AT_SYMLINK_NOFOLLOW) != 0 ||
				  ns.st_dev != ds.st_dev || ns.st_ino != ds.st_ino))) {
		upr_error(d, NULL, "cannot write into '%s': another upr-schedule is writing there; try again when it is done",
			  dir);
		goto fail;
	}
	hold_signals();
	s->held = true;
	remove_stale(s->dirfd, STAGE_INSIDE);
	/* Beside DIR when DIR can be switched: same file system as its parent
	 * (not a mount point) and not the working directory, which would be
	 * left pointing at the previous set once it is removed. */
	struct stat cwd;
	bool beside = s->parentfd >= 0 && fstat(s->parentfd, &ps) == 0 && ps.st_dev == ds.st_dev &&
		      !(stat(".", &cwd) == 0 && cwd.st_dev == ds.st_dev && cwd.st_ino == ds.st_ino);
	if (beside) {
		char *prefix = sibling_prefix(s);
		if (!prefix) {
			upr_error(d, NULL, "cannot write into '%s': out of memory", dir);
			goto fail;
		}
		remove_stale(s->parentfd, prefix);
		beside = make_stage(s, s->parentfd, prefix) == 0;
		upr_free(prefix);
		if (!beside && errno == ENOMEM) {
			upr_error(d, NULL, "cannot write into '%s': out of memory", dir);
			goto fail;
		}
	}
	if (!beside) {
		s->inplace = true;
		if (make_stage(s, s->dirfd, STAGE_INSIDE) != 0) {
			upr_error(d, NULL, "cannot write into '%s': %s", dir, strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	upr_outset_release(s);
	return -1;
}

int upr_outset_mkdir(struct upr_outset *s, const char *sub, struct upr_diags *d)
{
	if (mkdirat(s->stagefd, sub, 0755) != 0 && errno != EEXIST) {
		upr_error(d, NULL, "cannot create directory '%s/%s': %s", s->dir, sub, strerror(errno));
		return -1;
	}
	return 0;
}

int upr_outset_open(struct upr_outset *s, struct upr_outfile *o, const char *rel,
		    struct upr_diags *d)
{
	memset(o, 0, sizeof(*o));
	size_t n = strlen(s->dir) + strlen(rel) + 2;
	o->path = upr_malloc(n);
	char *copy = upr_strdup(rel);
	if (s->nfiles == s->capfiles && copy) {
		size_t cap = s->capfiles ? s->capfiles * 2 : 16;
		char **f = upr_realloc(s->files, cap * sizeof(*f));
		if (f) {
			s->files = f;
			s->capfiles = cap;
		}
	}
	if (!o->path || !copy || s->nfiles == s->capfiles) {
		upr_free(copy);
		upr_error(d, NULL, "cannot write '%s/%s': out of memory", s->dir, rel);
		upr_outfile_release(o);
		return -1;
	}
	snprintf(o->path, n, "%s/%s", s->dir, rel);
	s->files[s->nfiles++] = copy;
	if (interrupted(s, d) != 0) {
		upr_outfile_release(o);
		return -1;
	}
	/* The staging directory is new and ours: nothing is there to follow. */
	int fd = openat(s->stagefd, rel,
			O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644);
	if (fd >= 0)
		fchmod(fd, 0644);	/* whatever the umask: published files are read */
	o->f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (!o->f) {
		upr_error(d, NULL, "cannot write '%s': %s", o->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		upr_outfile_release(o);
		return -1;
	}
	o->defer_sync = true;
	return 0;
}

/* Makes the staging directory's files durable at once: one syncfs(2) (one
 * fsync per file cost a journal commit each, most of the time of writing
 * many small calendars); fsync of each where the system has no syncfs. */
static int sync_stage(struct upr_outset *s, struct upr_diags *d)
{
#ifdef __linux__
	if (syncfs(s->stagefd) == 0)
		return 0;
	if (errno != ENOSYS) {
		upr_error(d, NULL, "cannot write into '%s': %s", s->dir, strerror(errno));
		return -1;
	}
#endif
	for (size_t i = 0; i < s->nfiles; i++) {
		int fd = openat(s->stagefd, s->files[i], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
			upr_error(d, NULL, "cannot write '%s/%s': %s", s->dir, s->files[i],
				  strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

static int exchange(int at, const char *a, const char *b)
{
#if defined(RENAME_EXCHANGE)
	return renameat2(at, a, at, b, RENAME_EXCHANGE);
#elif defined(__linux__) && defined(SYS_renameat2)
	return (int)syscall(SYS_renameat2, at, a, at, b, 2 /* RENAME_EXCHANGE */);
#else
	(void)at, (void)a, (void)b;
	errno = ENOSYS;
	return -1;
#endif
}

/* In place, what the set leaves out is removed once the rest is in. */
static void remove_dropped(struct upr_outset *s)
{
	for (size_t i = 0; i < s->ndropped; i++)
		unlinkat(s->dirfd, s->dropped[i], 0);
}

/* "speakers/x.ics~": where the in-place commit keeps a replaced file. */
static char *kept_name(const char *rel)
{
	size_t n = strlen(rel) + 2;
	char *k = upr_malloc(n);
	if (k)
		snprintf(k, n, "%s~", rel);
	return k;
}

/* Renames the set's files into DIR one by one, keeping each file replaced
 * (a hard link in the staging directory) until all are in, and putting the
 * kept ones back if a rename fails. */
static int commit_in_place(struct upr_outset *s, struct upr_diags *d)
{
	/* first everything that can be checked, so that a failure leaves DIR as it was */
	for (size_t i = 0; i < s->nfiles; i++) {
		const char *rel = s->files[i];
		const char *slash = strchr(rel, '/');
		struct stat st;
		if (slash) {
			char sub[256];
			size_t n = (size_t)(slash - rel);
			if (n >= sizeof(sub)) {
				upr_error(d, NULL, "cannot write '%s/%s': name too long", s->dir, rel);
				return -1;
			}
			memcpy(sub, rel, n);
			sub[n] = '\0';
			if (mkdirat(s->dirfd, sub, 0755) != 0 && errno != EEXIST) {
				upr_error(d, NULL, "cannot create directory '%s/%s': %s", s->dir, sub,
					  strerror(errno));
				return -1;
			}
			if (fstatat(s->dirfd, sub, &st, AT_SYMLINK_NOFOLLOW) != 0) {
				upr_error(d, NULL, "cannot create directory '%s/%s': %s", s->dir, sub,
					  strerror(errno));
				return -1;
			}
			if (!S_ISDIR(st.st_mode)) {
				upr_error(d, NULL, "cannot create directory '%s/%s': %s is in the way", s->dir,
					  sub, kind_of(st.st_mode));
				return -1;
			}
		}
		if (fstatat(s->dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
				upr_error(d, NULL, "cannot write '%s/%s': %s is in the way", s->dir, rel,
					  kind_of(st.st_mode));
				return -1;
			}
		} else if (errno != ENOENT) {
			upr_error(d, NULL, "cannot write '%s/%s': %s", s->dir, rel, strerror(errno));
			return -1;
		}
	}
	bool *kept = upr_calloc(s->nfiles ? s->nfiles : 1, sizeof(*kept));
	if (!kept) {
		upr_error(d, NULL, "cannot write into '%s': out of memory", s->dir);
		return -1;
	}
	size_t k = 0;
	int rc = 0;
	for (; k < s->nfiles && rc == 0; k++) {
		const char *rel = s->files[k];
		char *keep = kept_name(rel);
		if (!keep) {
			upr_error(d, NULL, "cannot write into '%s': out of memory", s->dir);
			rc = -1;
			break;
		}
		if (linkat(s->dirfd, rel, s->stagefd, keep, 0) == 0)
			kept[k] = true;
		else if (errno != ENOENT) {
			upr_error(d, NULL, "cannot write '%s/%s': %s", s->dir, rel, strerror(errno));
			rc = -1;
		}
		if (rc == 0 && interrupted(s, d) != 0)
			rc = -1;
		if (rc == 0 && renameat(s->stagefd, rel, s->dirfd, rel) != 0) {
			upr_error(d, NULL, "cannot write '%s/%s': %s", s->dir, rel, strerror(errno));
			rc = -1;
		}
		upr_free(keep);
		if (rc != 0)
			break;
	}
	if (rc != 0) {
		/* put back what the renames before file k replaced */
		for (size_t i = 0; i < k; i++) {
			char *keep = kept_name(s->files[i]);
			if (kept[i] && keep)
				renameat(s->stagefd, keep, s->dirfd, s->files[i]);
			else if (!kept[i])
				unlinkat(s->dirfd, s->files[i], 0);
			upr_free(keep);
		}
	} else {
		s->done = true;
		remove_dropped(s);
		fsync(s->dirfd);
	}
	upr_free(kept);
	return rc;
}

/* ---- DIR's previous files ---- */

int upr_outset_old_dir(const struct upr_outset *s, const char *sub)
{
	return openat(s->dirfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

bool upr_outset_has(const struct upr_outset *s, const char *rel)
{
	struct stat st;
	return fstatat(s->stagefd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int upr_outset_read_old(const struct upr_outset *s, const char *rel, size_t cap, char **text,
			size_t *len, struct upr_diags *d)
{
	*text = NULL;
	*len = 0;
	int fd = openat(s->dirfd, rel, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > cap) {
		close(fd);
		return 1;
	}
	size_t n = (size_t)st.st_size;
	char *buf = upr_malloc(n + 1);
	if (!buf) {
		close(fd);
		upr_error(d, NULL, "cannot read '%s/%s': out of memory", s->dir, rel);
		return -1;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	int e = errno;
	close(fd);
	if (got != n) {
		upr_error(d, NULL, "cannot read '%s/%s': %s", s->dir, rel,
			  got < n && e ? strerror(e) : "short read");
		upr_free(buf);
		return -1;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int upr_outset_drop(struct upr_outset *s, const char *rel, struct upr_diags *d)
{
	char *copy = upr_strdup(rel);
	if (copy && s->ndropped == s->capdropped) {
		size_t cap = s->capdropped ? s->capdropped * 2 : 16;
		char **v = upr_realloc(s->dropped, cap * sizeof(*v));
		if (v) {
			s->dropped = v;
			s->capdropped = cap;
		}
	}
	if (!copy || s->ndropped == s->capdropped) {
		upr_free(copy);
		upr_error(d, NULL, "cannot write into '%s': out of memory", s->dir);
		return -1;
	}
	s->dropped[s->ndropped++] = copy;
	return 0;
}

int upr_outset_commit(struct upr_outset *s, struct upr_diags *d)
{
	if (interrupted(s, d) != 0)
		return -1;
	if (s->ndropped > 1)
		qsort(s->dropped, s->ndropped, sizeof(*s->dropped), cmp_str);
	/* the links first, so that the one sync makes them durable too */
	int rc = s->inplace ? -2 : carry(s, s->dirfd, s->stagefd, "", 0, d);
	if (rc == -1 || sync_stage(s, d) != 0)
		return -1;
	if (!s->inplace) {
		struct stat st;
		if (rc == 0 && fstat(s->dirfd, &st) == 0 && fchmod(s->stagefd, st.st_mode & 07777) == 0) {
			if (interrupted(s, d) != 0)
				return -1;
			if (exchange(s->parentfd, s->stage, s->name) == 0) {
				s->done = true;
				fsync(s->parentfd);
				/* what appeared in DIR while the set was linked */
				carry(s, s->dirfd, s->stagefd, "", 0, NULL);
				return 0;
			}
		}
		/* no exchange here (mount point, file system, system): in place */
	}
	return commit_in_place(s, d);
}

void upr_outset_release(struct upr_outset *s)
{
	if (s->stage && s->stage_in >= 0)
		remove_tree(s->stage_in, s->stage, 0);
	if (s->stagefd >= 0)
		close(s->stagefd);
	if (s->dirfd >= 0)
		close(s->dirfd);
	if (s->parentfd >= 0)
		close(s->parentfd);
	for (size_t i = 0; i < s->nfiles; i++)
		upr_free(s->files[i]);
	upr_free(s->files);
	for (size_t i = 0; i < s->ndropped; i++)
		upr_free(s->dropped[i]);
	upr_free(s->dropped);
	upr_free(s->stage);
	upr_free(s->name);
	upr_free(s->dir);
	bool held = s->held;
	memset(s, 0, sizeof(*s));
	s->parentfd = s->dirfd = s->stagefd = s->stage_in = -1;
	if (held)
		unhold_signals();
}
