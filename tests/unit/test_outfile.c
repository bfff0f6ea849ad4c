/*
 * test_outfile.c - output sets (src/util/outset.c) and the messages of
 * failed writes (src/util/outfile.c), through the library's API.
 *
 * The CLI side (large sets killed while writing, concurrent runs, a full
 * tmpfs) is tests/cli/test_outset.sh; here are the two ways of publishing
 * (exchanging the directories, and in place, which a run whose working
 * directory is DIR uses), what is kept, what is in the way, the lock, the
 * staging directories killed runs leave, and a signal while a set is open.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "files.h"
#include "util/mem.h"
#include "util/outfile.h"

static char base[64], out[96];

static int setup(void **state)
{
	(void)state;
	snprintf(base, sizeof(base), "/tmp/upr-outfile.XXXXXX");
	if (!mkdtemp(base))
		return -1;
	snprintf(out, sizeof(out), "%s/out", base);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_rf(base);
	return 0;
}

static void put(const char *rel, const char *text)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The content of base/rel, or "" when it cannot be read. */
static const char *get(const char *rel)
{
	static char text[256];
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	char *s = slurp(p, NULL);
	snprintf(text, sizeof(text), "%s", s ? s : "");
	free(s);
	return text;
}

static mode_t kind(const char *rel)
{
	char p[256];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	return lstat(p, &st) == 0 ? st.st_mode & S_IFMT : 0;
}

/* Entries of base/rel whose names start with prefix. */
static int count(const char *rel, const char *prefix)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	DIR *d = opendir(p);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static bool said(const struct upr_diags *d, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->items[i].message, what))
			return true;
	return false;
}

/* A previous set, a file of the user's, and a link where the new set
 * writes "link". */
static void previous(void)
{
	rm_rf(base);
	assert_int_equal(mkdir(base, 0700), 0);
	assert_int_equal(mkdir(out, 0755), 0);
	char p[256];
	snprintf(p, sizeof(p), "%s/sub", out);
	assert_int_equal(mkdir(p, 0755), 0);
	put("out/a.txt", "old a");
	put("out/sub/x", "old x");
	put("out/sub/gone", "not in the new set");
	put("out/README", "mine");
	put("victim", "victim");
	char target[256];
	snprintf(target, sizeof(target), "%s/victim", base);
	snprintf(p, sizeof(p), "%s/link", out);
	assert_int_equal(symlink(target, p), 0);
}

static int add(struct upr_outset *s, const char *rel, const char *text, struct upr_diags *d)
{
	struct upr_outfile o;
	if (upr_outset_open(s, &o, rel, d) != 0)
		return -1;
	fputs(text, o.f);
	int rc = upr_outfile_close(&o, d);
	upr_outfile_release(&o);
	return rc;
}

/* Publishes the new set into out; 0 or -1 (diagnostics in d). */
static int publish(struct upr_diags *d)
{
	struct upr_outset s;
	if (upr_outset_begin(&s, out, d) != 0)
		return -1;
	int rc = upr_outset_mkdir(&s, "sub", d);
	if (rc == 0)
		rc = add(&s, "a.txt", "new a", d);
	if (rc == 0)
		rc = add(&s, "link", "new link", d);
	if (rc == 0)
		rc = add(&s, "sub/x", "new x", d);
	if (rc == 0)
		rc = upr_outset_commit(&s, d);
	upr_outset_release(&s);
	return rc;
}

static void check_published(void)
{
	assert_string_equal(get("out/a.txt"), "new a");
	assert_string_equal(get("out/sub/x"), "new x");
	assert_int_equal(kind("out/link"), S_IFREG);	/* the link itself replaced */
	assert_string_equal(get("out/link"), "new link");
	assert_string_equal(get("victim"), "victim");	/* not written through */
	assert_string_equal(get("out/README"), "mine");
	assert_string_equal(get("out/sub/gone"), "not in the new set");
	assert_int_equal(count(".", ".out.upr-"), 0);
	assert_int_equal(count("out", ".upr-stage-"), 0);
}

static void check_unchanged(void)
{
	assert_string_equal(get("out/a.txt"), "old a");
	assert_string_equal(get("out/sub/x"), "old x");
	assert_int_equal(kind("out/link"), S_IFLNK);
	assert_string_equal(get("out/README"), "mine");
	assert_int_equal(count(".", ".out.upr-"), 0);
	assert_int_equal(count("out", ".upr-stage-"), 0);
}

/* Runs f with the working directory DIR, which makes the set publish in
 * place (exchanging DIR would leave the process in the old one). */
static int in_place(int (*f)(struct upr_diags *), struct upr_diags *d)
{
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(out), 0);
	int rc = f(d);
	assert_int_equal(chdir(cwd), 0);
	return rc;
}

static void test_exchange(void **state)
{
	(void)state;
	previous();
	struct stat before, after;
	assert_int_equal(stat(out, &before), 0);
	struct upr_diags d;
	upr_diags_init(&d);
	assert_int_equal(publish(&d), 0);
	assert_int_equal(d.n, 0);
	check_published();
	/* switched: DIR is another directory now, with the same mode */
	assert_int_equal(stat(out, &after), 0);
	assert_true(after.st_ino != before.st_ino);
	assert_int_equal(after.st_mode & 07777, 0755);
	upr_diags_release(&d);
}

static void test_in_place(void **state)
{
	(void)state;
	previous();
	struct stat before, after;
	assert_int_equal(stat(out, &before), 0);
	struct upr_diags d;
	upr_diags_init(&d);
	assert_int_equal(in_place(publish, &d), 0);
	assert_int_equal(d.n, 0);
	check_published();
	assert_int_equal(stat(out, &after), 0);
	assert_true(after.st_ino == before.st_ino);
	upr_diags_release(&d);
}

/* A set that reads DIR's previous files: rewrites sub/x from what DIR
 * holds, drops sub/gone, and leaves the rest to be carried over. */
static int publish_dropping(struct upr_diags *d)
{
	struct upr_outset s;
	if (upr_outset_begin(&s, out, d) != 0)
		return -1;
	int rc = upr_outset_mkdir(&s, "sub", d);
	int fd = upr_outset_old_dir(&s, "sub");
	assert_true(fd >= 0);
	close(fd);
	assert_true(upr_outset_old_dir(&s, "none") < 0);
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(upr_outset_read_old(&s, "sub/x", 100, &text, &len, d), 0);
	assert_string_equal(text, "old x");
	assert_int_equal(len, 5);
	assert_false(upr_outset_has(&s, "sub/x"));
	char fresh[64];
	snprintf(fresh, sizeof(fresh), "%s, cancelled", text);
	upr_free(text);
	if (rc == 0)
		rc = add(&s, "sub/x", fresh, d);
	assert_true(upr_outset_has(&s, "sub/x"));
	/* too large, not there, a link: left alone (1) */
	assert_int_equal(upr_outset_read_old(&s, "sub/gone", 3, &text, &len, d), 1);
	assert_int_equal(upr_outset_read_old(&s, "sub/none", 100, &text, &len, d), 1);
	assert_int_equal(upr_outset_read_old(&s, "link", 100, &text, &len, d), 1);
	assert_null(text);
	if (rc == 0)
		rc = upr_outset_drop(&s, "sub/gone", d);
	if (rc == 0)
		rc = upr_outset_commit(&s, d);
	upr_outset_release(&s);
	return rc;
}

static void check_dropped(void)
{
	assert_string_equal(get("out/sub/x"), "old x, cancelled");
	assert_int_equal(kind("out/sub/gone"), 0);
	assert_string_equal(get("out/a.txt"), "old a");	/* carried over */
	assert_string_equal(get("out/README"), "mine");
	assert_int_equal(count(".", ".out.upr-"), 0);
	assert_int_equal(count("out", ".upr-stage-"), 0);
}

static void test_drop(void **state)
{
	(void)state;
	struct upr_diags d;
	upr_diags_init(&d);
	previous();
	assert_int_equal(publish_dropping(&d), 0);
	assert_int_equal(d.n, 0);
	check_dropped();
	previous();
	assert_int_equal(in_place(publish_dropping, &d), 0);
	assert_int_equal(d.n, 0);
	check_dropped();
	upr_diags_release(&d);
}

static void fifo_in_the_way(void)
{
	previous();
	char p[256];
	snprintf(p, sizeof(p), "%s/a.txt", out);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkfifo(p, 0644), 0);
}

static void test_in_the_way(void **state)
{
	(void)state;
	struct upr_diags d;
	for (int mode = 0; mode < 2; mode++) {
		fifo_in_the_way();
		upr_diags_init(&d);
		assert_int_equal(mode ? in_place(publish, &d) : publish(&d), -1);
		assert_true(said(&d, "/out/a.txt': a FIFO is in the way"));
		upr_diags_release(&d);
		assert_int_equal(kind("out/a.txt"), S_IFIFO);
		assert_string_equal(get("out/sub/x"), "old x");
		assert_int_equal(kind("out/link"), S_IFLNK);
		assert_int_equal(count(".", ".out.upr-"), 0);
		assert_int_equal(count("out", ".upr-stage-"), 0);
	}
	/* a directory where a file goes */
	previous();
	char p[256];
	snprintf(p, sizeof(p), "%s/a.txt", out);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	upr_diags_init(&d);
	assert_int_equal(publish(&d), -1);
	assert_true(said(&d, "/out/a.txt': a directory is in the way"));
	upr_diags_release(&d);
	assert_int_equal(kind("out/a.txt"), S_IFDIR);
	assert_string_equal(get("out/sub/x"), "old x");
}

static void test_lock_and_stale(void **state)
{
	(void)state;
	previous();
	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_outset s1, s2;
	assert_int_equal(upr_outset_begin(&s1, out, &d), 0);
	assert_int_equal(upr_outset_begin(&s2, out, &d), -1);
	assert_true(said(&d, "another upr-schedule is writing there"));
	/* s1's staging directory is held: a second run must not remove it */
	assert_int_equal(count(".", ".out.upr-"), 1);
	upr_outset_release(&s1);
	assert_int_equal(count(".", ".out.upr-"), 0);
	upr_diags_release(&d);

	/* what killed runs left, beside DIR and in it, is removed */
	char p[256];
	snprintf(p, sizeof(p), "%s/.out.upr-AbC123", base);
	assert_int_equal(mkdir(p, 0700), 0);
	put(".out.upr-AbC123/timetable.json", "half");
	snprintf(p, sizeof(p), "%s/.upr-stage-xyz789", out);
	assert_int_equal(mkdir(p, 0700), 0);
	put("out/.upr-stage-xyz789/a.txt", "half");
	/* not ours: other names stay */
	snprintf(p, sizeof(p), "%s/.out.upr-keep", base);
	assert_int_equal(mkdir(p, 0700), 0);
	upr_diags_init(&d);
	assert_int_equal(publish(&d), 0);
	upr_diags_release(&d);
	assert_int_equal(count(".", ".out.upr-"), 1);
	assert_int_equal(kind(".out.upr-keep"), S_IFDIR);
	assert_int_equal(rmdir(p), 0);
	check_published();
}

/* A SIGTERM while the set is open: the next file fails, the staging
 * directory is removed, DIR is unchanged, and the process then dies of
 * the signal. */
static void test_signal(void **state)
{
	(void)state;
	previous();
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct upr_diags d;
		upr_diags_init(&d);
		struct upr_outset s;
		if (upr_outset_begin(&s, out, &d) != 0)
			_exit(10);
		if (add(&s, "a.txt", "new a", &d) != 0)
			_exit(11);
		raise(SIGTERM);
		if (add(&s, "link", "new link", &d) == 0 || !said(&d, "interrupted"))
			_exit(12);
		if (upr_outset_commit(&s, &d) == 0)
			_exit(13);
		upr_outset_release(&s);
		_exit(14);	/* not reached: the signal is raised again */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status))
		fail_msg("the child exited %d instead of dying of SIGTERM", WEXITSTATUS(status));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	check_unchanged();
}

static void test_failed_messages(void **state)
{
	(void)state;
	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_outfile o;
	memset(&o, 0, sizeof(o));
	o.path = strdup("out/timetable.json");
	o.f = fopen("/dev/full", "w");
	assert_non_null(o.f);
	setvbuf(o.f, NULL, _IONBF, 0);
	errno = 0;
	assert_int_equal(fputs("{}", o.f), EOF);
	int e = errno;
	assert_int_equal(e, ENOSPC);
	upr_outfile_failed(&o, e, NULL, 0, 0, &d);
	assert_true(said(&d, "cannot write 'out/timetable.json': No space left on device"));

	const char *inputs[] = { "in/event.yaml", "in/speakers.yaml", "in/rooms.yaml" };
	upr_outfile_failed(&o, EFBIG, inputs, 3, (size_t)256 << 20, &d);
	assert_true(said(&d, "cannot write 'out/timetable.json': the input (in/event.yaml and 2 more) makes it larger than 256 MiB"));
	fclose(o.f);
	o.f = NULL;
	upr_outfile_failed(&o, ENOMEM, inputs, 3, 0, &d);
	assert_true(said(&d, "cannot write 'out/timetable.json': out of memory"));
	upr_diags_release(&d);
	free(o.path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_in_place),
		cmocka_unit_test(test_drop),
		cmocka_unit_test(test_in_the_way),
		cmocka_unit_test(test_lock_and_stale),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_failed_messages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
