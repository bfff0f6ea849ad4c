/*
 * test_oom.c - every allocation of `check`, `plan` and `edit` on the
 * example fails in turn, and each run still ends cleanly.
 *
 * The CLI runs in-process (upr_cli_main) with upr_mem_fail_at(N), for every
 * N from 1 to the number of allocations of a successful run (cJSON is routed
 * through the same counter by src/util/mem.c; libyaml and libical allocate
 * on their own and are not covered).  What must hold for each run:
 *
 *   - the exit code is success or a clean error: check 0 or 2; plan 0, 1
 *     (memory ran out while solving or checking), 2 (while loading) or 3
 *     (while writing) - docs/hardening.md;
 *   - an error exit prints "error:" on stderr: running out of memory is
 *     never silent;
 *   - a successful exit prints and writes exactly what a run with plenty
 *     of memory does (same bytes), so nothing was quietly left out;
 *   - the output directory afterwards holds exactly the files of the
 *     previous successful run, byte for byte, and nothing else (no
 *     temporary .NAME.XXXXXX file), or, when it was empty before, no file
 *     at all (only the directories plan creates first);
 *   - nothing crashes or leaks: the ASan build of .ci/test runs this with
 *     LeakSanitizer, which checks every run's frees at exit.
 *
 * Under AddressSanitizer the plan sweep takes every k-th N (k chosen so the
 * sweep stays near OOM_ASAN_RUNS runs); the normal build sweeps every N.
 * UPR_OOM_STEP=1 in the environment forces a full sweep anywhere.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "files.h"
#include "cli/cli.h"
#include "util/mem.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* Runs of the plan sweep under ASan (each takes tens of milliseconds). */
#define OOM_ASAN_RUNS 600

#define EXAMPLE UPR_SOURCE_DIR "/examples/upr29"

static char tmp[64];

/*
 * Compares the trees a and b: the same names, regular files with the same
 * bytes, directories compared in turn.  Returns 0, or -1 with what differs
 * in why.
 */
static int tree_cmp(const char *a, const char *b, char *why, size_t size)
{
	struct dirent **la = NULL, **lb = NULL;
	int na = scandir(a, &la, NULL, alphasort);
	int nb = scandir(b, &lb, NULL, alphasort);
	int rc = 0;
	if (na < 0 || nb < 0) {
		snprintf(why, size, "cannot list %s", na < 0 ? a : b);
		rc = -1;
		goto out;
	}
	for (int i = 0, j = 0; rc == 0 && (i < na || j < nb);) {
		const char *x = i < na ? la[i]->d_name : NULL;
		const char *y = j < nb ? lb[j]->d_name : NULL;
		if (x && (strcmp(x, ".") == 0 || strcmp(x, "..") == 0)) {
			i++;
			continue;
		}
		if (y && (strcmp(y, ".") == 0 || strcmp(y, "..") == 0)) {
			j++;
			continue;
		}
		if (!x || (y && strcmp(x, y) > 0)) {
			snprintf(why, size, "%s/%s is extra", b, y);
			rc = -1;
			break;
		}
		if (!y || strcmp(x, y) < 0) {
			snprintf(why, size, "%s/%s is missing", b, x);
			rc = -1;
			break;
		}
		char pa[4096], pb[4096];
		snprintf(pa, sizeof(pa), "%s/%s", a, x);
		snprintf(pb, sizeof(pb), "%s/%s", b, y);
		struct stat sa, sb;
		if (lstat(pa, &sa) != 0 || lstat(pb, &sb) != 0 ||
		    (sa.st_mode & S_IFMT) != (sb.st_mode & S_IFMT)) {
			snprintf(why, size, "%s is not the same kind of file", pb);
			rc = -1;
		} else if (S_ISDIR(sa.st_mode)) {
			rc = tree_cmp(pa, pb, why, size);
		} else {
			size_t lena = 0, lenb = 0;
			char *da = slurp(pa, &lena), *db = slurp(pb, &lenb);
			if (!da || !db || lena != lenb || memcmp(da, db, lena) != 0) {
				snprintf(why, size, "%s differs (%zu bytes, expected %zu)", pb,
					 db ? lenb : 0, da ? lena : 0);
				rc = -1;
			}
			free(da);
			free(db);
		}
		i++;
		j++;
	}
out:
	for (int i = 0; i < na; i++)
		free(la[i]);
	for (int i = 0; i < nb; i++)
		free(lb[i]);
	free(la);
	free(lb);
	return rc;
}

/* The first regular file (or anything but a directory) under dir, or NULL. */
static const char *any_file(const char *dir)
{
	static char found[4096];
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	const char *r = NULL;
	struct dirent *de;
	while (!r && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char p[4096];
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			r = any_file(p);
		} else {
			snprintf(found, sizeof(found), "%s", p);
			r = found;
		}
	}
	closedir(d);
	return r;
}

struct run {
	int rc;
	char *out, *err;	/* what it printed (free) */
	unsigned long allocs;	/* allocations it made (or tried) */
};

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/*
 * Runs upr_cli_main on the NULL-terminated arguments with allocation number
 * fail_at failing (0: none), stdout and stderr captured.
 */
static struct run run_cli(unsigned long fail_at, char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	char po[128], pe[128];
	snprintf(po, sizeof(po), "%s/stdout", tmp);
	snprintf(pe, sizeof(pe), "%s/stderr", tmp);
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	int fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(so >= 0 && se >= 0 && fo >= 0 && fe >= 0);
	dup2(fo, 1);
	dup2(fe, 2);
	close(fo);
	close(fe);

	upr_mem_fail_at(fail_at);
	struct run r = { upr_cli_main(argc, argv), NULL, NULL, 0 };
	r.allocs = upr_mem_count();
	upr_mem_fail_at(0);

	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	r.out = slurp(po, NULL);
	r.err = slurp(pe, NULL);
	assert_non_null(r.out);
	assert_non_null(r.err);
	return r;
}

static unsigned long sweep_step(unsigned long total, unsigned long asan_runs)
{
	const char *s = getenv("UPR_OOM_STEP");
	if (s && *s)
		return strtoul(s, NULL, 10) > 0 ? strtoul(s, NULL, 10) : 1;
	if (!UNDER_ASAN || total <= asan_runs)
		return 1;
	/* odd, so the runs do not keep hitting the same kind of call */
	return (total / asan_runs) | 1;
}

static int setup(void **state)
{
	(void)state;
	/* tmpfs when there is one: thousands of runs fsync their files */
	snprintf(tmp, sizeof(tmp), "/dev/shm/upr-oom-XXXXXX");
	if (!mkdtemp(tmp)) {
		snprintf(tmp, sizeof(tmp), "/tmp/upr-oom-XXXXXX");
		if (!mkdtemp(tmp))
			return -1;
	}
	setenv("SOURCE_DATE_EPOCH", "1512000000", 1);
	setenv("NO_COLOR", "1", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_rf(tmp);
	return 0;
}

static void test_check_sweep(void **state)
{
	(void)state;
	char *argv[] = { "upr-schedule", "check", EXAMPLE, NULL };
	struct run ref = run_cli(0, argv);
	assert_int_equal(ref.rc, 0);
	unsigned long total = ref.allocs;
	assert_true(total > 10);
	unsigned long failed = 0;
	for (unsigned long n = 1; n <= total; n++) {
		struct run r = run_cli(n, argv);
		if (r.rc == 0) {
			/* a success must be the whole success */
			if (strcmp(r.out, ref.out) != 0 || strcmp(r.err, ref.err) != 0)
				fail_msg("check, allocation %lu failing: exit 0 but printed\n%s%s",
					 n, r.out, r.err);
		} else {
			failed++;
			if (r.rc != 2)
				fail_msg("check, allocation %lu failing: exit %d\n%s", n, r.rc, r.err);
			if (!strstr(r.err, "error"))
				fail_msg("check, allocation %lu failing: exit 2 without an error", n);
		}
		run_free(&r);
	}
	/* The sweep did reach the allocations: most of them cannot be done without. */
	assert_true(failed > 0);
	fprintf(stderr, "check: %lu allocations, every one failed in turn, %lu runs failed\n",
		total, failed);
	run_free(&ref);
}

static void test_plan_sweep(void **state)
{
	(void)state;
	char ref_dir[128], out_dir[128], fresh_dir[128];
	snprintf(ref_dir, sizeof(ref_dir), "%s/ref", tmp);
	snprintf(out_dir, sizeof(out_dir), "%s/out", tmp);
	snprintf(fresh_dir, sizeof(fresh_dir), "%s/fresh", tmp);
	char *argv_ref[] = { "upr-schedule", "plan", EXAMPLE, "-o", ref_dir, "-f", "json,csv,ics",
			     "--effort", "200", "-q", NULL };
	char *argv_out[] = { "upr-schedule", "plan", EXAMPLE, "-o", out_dir, "-f", "json,csv,ics",
			     "--effort", "200", "-q", NULL };
	char *argv_fresh[] = { "upr-schedule", "plan", EXAMPLE, "-o", fresh_dir, "-f",
			       "json,csv,ics", "--effort", "200", "-q", NULL };

	struct run ref = run_cli(0, argv_ref);
	if (ref.rc != 0)
		fail_msg("plan without failures: exit %d\n%s", ref.rc, ref.err);
	unsigned long total = ref.allocs;
	assert_true(total > 10);
	/* the files of a previous successful run, in place before the sweep */
	struct run first = run_cli(0, argv_out);
	assert_int_equal(first.rc, 0);
	run_free(&first);
	char why[8300];
	assert_int_equal(tree_cmp(ref_dir, out_dir, why, sizeof(why)), 0);

	unsigned long step = sweep_step(total, OOM_ASAN_RUNS);
	unsigned long runs = 0, failed = 0, codes[4] = { 0 };
	for (unsigned long n = 1; n <= total; n += step) {
		/* Every other run starts from an empty directory, so both
		 * "the old files stay whole" and "nothing appears" are seen
		 * at every stage of the run. */
		bool fresh = (n / step) % 2 == 1;
		if (fresh)
			rm_rf(fresh_dir);
		struct run r = run_cli(n, fresh ? argv_fresh : argv_out);
		runs++;
		const char *dir = fresh ? fresh_dir : out_dir;
		if (r.rc >= 0 && r.rc <= 3)
			codes[r.rc]++;
		else
			fail_msg("plan, allocation %lu failing: exit %d\n%s", n, r.rc, r.err);
		if (r.rc != 0) {
			failed++;
			if (!strstr(r.err, "error:"))
				fail_msg("plan, allocation %lu failing: exit %d without an error\n%s",
					 n, r.rc, r.err);
		} else if (r.out[0] || r.err[0]) {
			fail_msg("plan, allocation %lu failing: exit 0 but printed\n%s%s", n,
				 r.out, r.err);
		}
		if (r.rc != 0 && fresh) {
			const char *f = any_file(dir);
			if (f)
				fail_msg("plan, allocation %lu failing: exit %d left %s", n, r.rc, f);
		} else if (tree_cmp(ref_dir, dir, why, sizeof(why)) != 0) {
			fail_msg("plan, allocation %lu failing: exit %d, %s\n%s", n, r.rc, why, r.err);
		}
		run_free(&r);
	}
	assert_true(failed > 0);
	fprintf(stderr,
		"plan: %lu allocations, every %lu%s failed in turn (%lu runs): exit 0 %lu, 1 %lu, 2 %lu, 3 %lu\n",
		total, step, step == 1 ? "" : "th", runs, codes[0], codes[1], codes[2], codes[3]);
	run_free(&ref);
}

/* edit swap on the example's plan, into a directory that holds the files
 * of a successful edit: whatever fails, they stay byte for byte (a
 * success writes the same bytes again). */
static void test_edit_sweep(void **state)
{
	(void)state;
	char pub[128], ref_dir[128], out_dir[128], tt[160];
	snprintf(pub, sizeof(pub), "%s/pub", tmp);
	snprintf(ref_dir, sizeof(ref_dir), "%s/eref", tmp);
	snprintf(out_dir, sizeof(out_dir), "%s/eout", tmp);
	snprintf(tt, sizeof(tt), "%s/timetable.json", pub);
	char *argv_plan[] = { "upr-schedule", "plan", EXAMPLE, "-o", pub, "-f", "json",
			      "--effort", "200", "-q", NULL };
	char *argv_ref[] = { "upr-schedule", "edit", EXAMPLE, "-t", tt, "-o", ref_dir, "-f",
			     "json,csv,ics", "-q", "swap", "RO", "AE", NULL };
	char *argv_out[] = { "upr-schedule", "edit", EXAMPLE, "-t", tt, "-o", out_dir, "-f",
			     "json,csv,ics", "-q", "swap", "RO", "AE", NULL };
	struct run r0 = run_cli(0, argv_plan);
	if (r0.rc != 0)
		fail_msg("plan for edit: exit %d\n%s", r0.rc, r0.err);
	run_free(&r0);
	struct run ref = run_cli(0, argv_ref);
	if (ref.rc != 0)
		fail_msg("edit without failures: exit %d\n%s", ref.rc, ref.err);
	unsigned long total = ref.allocs;
	assert_true(total > 10);
	struct run first = run_cli(0, argv_out);
	assert_int_equal(first.rc, 0);
	run_free(&first);
	char why[8300];
	assert_int_equal(tree_cmp(ref_dir, out_dir, why, sizeof(why)), 0);

	unsigned long step = sweep_step(total, OOM_ASAN_RUNS);
	unsigned long runs = 0, failed = 0;
	for (unsigned long n = 1; n <= total; n += step) {
		struct run r = run_cli(n, argv_out);
		runs++;
		if (r.rc < 0 || r.rc > 3)
			fail_msg("edit, allocation %lu failing: exit %d\n%s", n, r.rc, r.err);
		if (r.rc != 0) {
			failed++;
			if (!strstr(r.err, "error:"))
				fail_msg("edit, allocation %lu failing: exit %d without an error\n%s",
					 n, r.rc, r.err);
		} else if (r.out[0] || r.err[0]) {
			fail_msg("edit, allocation %lu failing: exit 0 but printed\n%s%s", n,
				 r.out, r.err);
		}
		if (tree_cmp(ref_dir, out_dir, why, sizeof(why)) != 0)
			fail_msg("edit, allocation %lu failing: exit %d, %s\n%s", n, r.rc, why, r.err);
		run_free(&r);
	}
	assert_true(failed > 0);
	fprintf(stderr, "edit: %lu allocations, every %lu%s failed in turn (%lu runs), %lu failed\n",
		total, step, step == 1 ? "" : "th", runs, failed);
	run_free(&ref);
}

int main(void)
{
	/* failure injection reaches cJSON too (util/mem.h) */
	upr_mem_hook_cjson();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_sweep),
		cmocka_unit_test(test_plan_sweep),
		cmocka_unit_test(test_edit_sweep),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
