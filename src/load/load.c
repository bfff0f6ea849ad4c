/*
 * load.c - upr_load and upr_load_buffers: inputs to bytes, bytes to a problem.
 *
 * What must hold:
 *   - a directory stands for the *.yaml and *.yml files directly inside it,
 *     in byte order of their names, each named "DIR/NAME" in diagnostics;
 *   - a file is read at most once, even when named twice (directly and
 *     through its directory), so it cannot collide with itself;
 *   - no file is read past UPR_MAX_FILE_SIZE: a larger one is refused, from
 *     its size when it has one, else when the limit is passed;
 *   - every file is parsed and built even after errors in earlier ones, so
 *     that one run reports everything; the diagnostics are then sorted by
 *     file, line and column, and exact duplicates (an error inside an anchor
 *     that several aliases repeat) are dropped.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/build.h"

/* A growable list of file names (strings in the problem's arena). */
struct names {
	const char **v;
	size_t n, cap;
};

/* Identities of the files read, to read each only once. */
struct seen {
	dev_t *dev;
	ino_t *ino;
	size_t n, cap;
};

/* An empty problem; the caller frees it with upr_problem_free. */
static struct upr_problem *problem_new(void)
{
	struct upr_problem *p = upr_calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	upr_arena_init(&p->arena);
	upr_strmap_init(&p->room_ids);
	upr_strmap_init(&p->state_ids);
	upr_strmap_init(&p->speaker_ids);
	upr_strmap_init(&p->delegation_ids);
	return p;
}

/* An error about a whole file (no line). */
static void file_error(struct upr_loader *L, const char *name, const char *what, int err)
{
	struct upr_loc loc = { name, 0, 0 };
	char reason[128];
	snprintf(reason, sizeof(reason), "%s", strerror(err));
	/* Messages are lowercase: "No such file..." reads "no such file...". */
	if (reason[0] >= 'A' && reason[0] <= 'Z' && !(reason[1] >= 'A' && reason[1] <= 'Z'))
		reason[0] = (char)(reason[0] - 'A' + 'a');
	upr_error(L->d, &loc, "%s: %s", what, reason);
	L->incomplete = true;
}

static void too_large(struct upr_loader *L, const char *name)
{
	struct upr_loc loc = { name, 0, 0 };
	upr_error(L->d, &loc, "file is larger than %u MiB", UPR_MAX_FILE_SIZE / (1024u * 1024u));
	L->incomplete = true;
}

static bool push_name(struct upr_loader *L, struct names *v, const char *name)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		const char **nv = upr_realloc(v->v, cap * sizeof(*nv));
		if (!nv) {
			upr_loader_oom(L);
			return false;
		}
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = name;
	return true;
}

static bool is_yaml_name(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return false;	/* hidden: editor locks and backups */
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends the YAML files of directory path, sorted. */
static void expand_dir(struct upr_loader *L, const char *path, struct names *out)
{
	DIR *dir = opendir(path);
	if (!dir) {
		file_error(L, path, "cannot read directory", errno);
		return;
	}
	size_t plen = strlen(path);
	const char *sep = plen > 0 && path[plen - 1] == '/' ? "" : "/";
	struct names found = { 0 };
	struct dirent *de;
	while (!L->oom && (de = readdir(dir)) != NULL) {
		if (!is_yaml_name(de->d_name))
			continue;
		const char *name = upr_arena_printf(&L->p->arena, "%s%s%s", path, sep, de->d_name);
		if (!name) {
			upr_loader_oom(L);
			break;
		}
		struct stat st;
		if (stat(name, &st) != 0) {
			file_error(L, name, "cannot read file", errno);
			continue;
		}
		/* Only files: a directory called x.yaml is not an input. */
		if (S_ISREG(st.st_mode))
			push_name(L, &found, name);
	}
	closedir(dir);
	if (!L->oom && found.n == 0) {
		struct upr_loc loc = { path, 0, 0 };
		upr_error(L->d, &loc, "directory holds no .yaml or .yml file");
		L->incomplete = true;
	}
	/* All names share the "DIR/" prefix: ordering them orders the
	 * entry names, byte by byte. */
	if (found.n > 1)
		qsort(found.v, found.n, sizeof(found.v[0]), cmp_names);
	for (size_t i = 0; i < found.n && !L->oom; i++)
		push_name(L, out, found.v[i]);
	upr_free(found.v);
}

static void expand(struct upr_loader *L, const char *path, struct names *out)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		file_error(L, path, "cannot read file", errno);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		expand_dir(L, path, out);
		return;
	}
	const char *name = upr_arena_strdup(&L->p->arena, path);
	if (!name)
		upr_loader_oom(L);
	else
		push_name(L, out, name);
}

/* Has the file (dev, ino) been read already?  Remembers it if not. */
static bool seen_before(struct upr_loader *L, struct seen *s, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->dev[i] == dev && s->ino[i] == ino)
			return true;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		dev_t *d = upr_realloc(s->dev, cap * sizeof(*d));
		if (d)
			s->dev = d;
		ino_t *in = d ? upr_realloc(s->ino, cap * sizeof(*in)) : NULL;
		if (!in) {
			upr_loader_oom(L);
			return true;
		}
		s->ino = in;
		s->cap = cap;
	}
	s->dev[s->n] = dev;
	s->ino[s->n++] = ino;
	return false;
}

/* Parses and builds one file's text. */
static void load_text(struct upr_loader *L, const char *name, const char *buf, size_t len)
{
	if (len > UPR_MAX_FILE_SIZE) {
		too_large(L, name);
		return;
	}
	struct upr_ydoc doc;
	int rc = upr_ytree_parse(&doc, name, buf, len, L->d);
	if (rc == UPR_YAML_NOMEM)
		L->oom = true;	/* already reported */
	else if (rc == UPR_YAML_FAIL)
		L->incomplete = true;
	else
		upr_loader_build_file(L, &doc);
	upr_ytree_release(&doc);
}

/*
 * Reads file name whole, at most UPR_MAX_FILE_SIZE bytes.  Returns the
 * bytes (upr_free) and their count, or NULL: reported, or skipped (*skip)
 * because the file was read before.
 */
static char *read_file(struct upr_loader *L, const char *name, struct seen *seen,
		       size_t *len, bool *skip)
{
	*skip = false;
	int fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		file_error(L, name, "cannot read file", errno);
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		file_error(L, name, "cannot read file", errno);
		close(fd);
		return NULL;
	}
	if (seen_before(L, seen, st.st_dev, st.st_ino)) {
		*skip = true;
		close(fd);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > UPR_MAX_FILE_SIZE) {
		too_large(L, name);
		close(fd);
		return NULL;
	}
	if ((int64_t)st.st_mtime > L->p->newest_mtime)
		L->p->newest_mtime = (int64_t)st.st_mtime;

	/* Regular files: their size (+1 to see that they did not grow);
	 * anything else grows up to the limit. */
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 64 * 1024;
	char *buf = upr_malloc(cap);
	bool nomem = !buf;
	size_t n = 0;
	while (buf) {
		if (n == cap) {
			if (cap > UPR_MAX_FILE_SIZE) {
				too_large(L, name);
				upr_free(buf);
				buf = NULL;
				break;
			}
			size_t ncap = cap * 2 > (size_t)UPR_MAX_FILE_SIZE + 1
				? (size_t)UPR_MAX_FILE_SIZE + 1 : cap * 2;
			char *nb = upr_realloc(buf, ncap);
			if (!nb) {
				upr_free(buf);
				buf = NULL;
				nomem = true;
				break;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			file_error(L, name, "cannot read file", errno);
			upr_free(buf);
			buf = NULL;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (nomem)
		upr_loader_oom(L);
	*len = n;
	return buf;
}

static bool same_place(const struct upr_diag *a, const struct upr_diag *b)
{
	return a->loc.line == b->loc.line && a->loc.col == b->loc.col &&
	       (a->loc.file == b->loc.file ||
		(a->loc.file && b->loc.file && strcmp(a->loc.file, b->loc.file) == 0));
}

/* Drops exact repeats from sorted diagnostics.  Repeats share a place, and
 * one place holds few different messages, so this stays linear. */
static void drop_repeats(struct upr_diags *d)
{
	size_t k = 0, group = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct upr_diag *x = &d->items[i];
		if (k > 0 && !same_place(&d->items[k - 1], x))
			group = k;
		bool repeat = false;
		for (size_t j = group; j < k && !repeat; j++)
			repeat = d->items[j].severity == x->severity &&
				 strcmp(d->items[j].message, x->message) == 0;
		if (!repeat) {
			d->items[k++] = *x;
			continue;
		}
		if (x->severity == UPR_ERROR && d->errors > 0)
			d->errors--;
		upr_free(x->message);
		upr_free((char *)x->loc.file);
	}
	d->n = k;
}

/* The end of both entry points: resolve, sort, hand over or free. */
static int finish(struct upr_loader *L, struct upr_problem **out)
{
	struct upr_problem *p = L->p;
	int rc = upr_loader_finish(L);
	upr_loader_release(L);
	upr_diags_sort(L->d);
	drop_repeats(L->d);
	if (rc != 0) {
		upr_problem_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

/* A new problem and its loader; NULL (with an error) without memory. */
static struct upr_problem *loader_begin(struct upr_loader *L, struct upr_diags *diags)
{
	struct upr_problem *p = problem_new();
	if (!p) {
		upr_error(diags, NULL, "out of memory");
		return NULL;
	}
	upr_loader_init(L, p, diags);
	return p;
}

/* Room for the names of n files in the problem. */
static void files_alloc(struct upr_loader *L, size_t n)
{
	struct upr_problem *p = L->p;
	if (n == 0 || L->oom)
		return;
	p->files = upr_arena_alloc(&p->arena, n * sizeof(*p->files));
	if (!p->files)
		upr_loader_oom(L);
}

int upr_load(const char *const *paths, size_t npaths,
	     struct upr_problem **out, struct upr_diags *diags)
{
	*out = NULL;
	struct upr_loader L;
	struct upr_problem *p = loader_begin(&L, diags);
	if (!p)
		return -1;

	struct names files = { 0 };
	for (size_t i = 0; i < npaths && !L.oom; i++)
		expand(&L, paths[i], &files);

	struct seen seen = { 0 };
	files_alloc(&L, files.n);
	for (size_t i = 0; i < files.n && !L.oom; i++) {
		size_t len = 0;
		bool skip;
		char *buf = read_file(&L, files.v[i], &seen, &len, &skip);
		if (!buf)
			continue;
		p->files[p->nfiles++] = files.v[i];
		load_text(&L, files.v[i], buf, len);
		upr_free(buf);
	}
	upr_free(files.v);
	upr_free(seen.dev);
	upr_free(seen.ino);
	return finish(&L, out);
}

int upr_load_buffers(const char *const *names, const char *const *bufs,
		     const size_t *lens, size_t n,
		     struct upr_problem **out, struct upr_diags *diags)
{
	*out = NULL;
	struct upr_loader L;
	struct upr_problem *p = loader_begin(&L, diags);
	if (!p)
		return -1;
	files_alloc(&L, n);
	for (size_t i = 0; i < n && !L.oom; i++) {
		const char *name = upr_arena_strdup(&p->arena, names[i]);
		if (!name) {
			upr_loader_oom(&L);
			break;
		}
		p->files[p->nfiles++] = name;
		load_text(&L, name, bufs[i], lens[i]);
	}
	return finish(&L, out);
}
