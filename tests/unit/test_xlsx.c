/*
 * test_xlsx.c - timetable.xlsx from the writers' fixture (hostile names):
 * read back with openpyxl (sheets, every statement's organisation cleaned
 * as text), the same bytes twice, and every failure (memory, no temporary
 * directory) returning -1 with nothing written and nothing left behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/text.h"
#include "fixture.h"

static char tmpdir[64], scratch[80];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/upr-xlsx-test-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	/* the writer's own temporary files go here, so the tests see them */
	snprintf(scratch, sizeof(scratch), "%s/tmp", tmpdir);
	return mkdir(scratch, 0700) == 0 && setenv("TMPDIR", scratch, 1) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static bool scratch_empty(void)
{
	DIR *d = opendir(scratch);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n == 0;
}

static const struct upr_export_opts opts = { .dtstamp = 1512000000 };

/* The workbook of f in memory (free()), its length in *len, status in *rc. */
static char *capture(const struct fx *f, size_t *len, int *rc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	assert_non_null(m);
	*rc = upr_export_xlsx(f->p, f->t, &opts, m);
	fclose(m);
	*len = n;
	return buf;
}

static void test_same_bytes(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	size_t na, nb;
	int ra, rb;
	char *a = capture(&f, &na, &ra), *b = capture(&f, &nb, &rb);
	assert_int_equal(ra, 0);
	assert_int_equal(rb, 0);
	assert_true(na > 4 && memcmp(a, "PK\x03\x04", 4) == 0);
	assert_true(na == nb && memcmp(a, b, na) == 0);
	assert_true(scratch_empty());
	free(a);
	free(b);
	fx_free(&f);
}

/* Every statement's organisation is one cell of "Statements", cleaned
 * (a newline or a tab is a space) and text, never a formula. */
static void test_read_back(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	size_t n;
	int rc;
	char *wb = capture(&f, &n, &rc);
	assert_int_equal(rc, 0);
	char path[128], cmd[512];
	snprintf(path, sizeof(path), "%s/t.xlsx", tmpdir);
	FILE *out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(wb, 1, n, out), n);
	assert_int_equal(fclose(out), 0);
	free(wb);
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 -c 'import openpyxl, sys\n"
		 "wb = openpyxl.load_workbook(sys.argv[1])\n"
		 "print(\",\".join(wb.sheetnames))\n"
		 "for r in wb[\"Statements\"].iter_rows(min_row=2):\n"
		 "    assert r[9].value is None or r[9].data_type == \"s\"\n"
		 "    print(\"\\t\" + \"\\t\".join(\"\" if c.value is None else str(c.value) for c in r) + \"\\t\")\n"
		 "' '%s' > '%s/t.txt'", path, tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/t.txt", tmpdir);
	char *text = fx_read_file(path, NULL);
	assert_non_null(text);
	assert_true(strncmp(text, "2017-12-12,2017-12-13,2018-07-03,Statements\n", 44) == 0);
	size_t nstmts = 0, rows = 0;
	for (const char *q = strchr(text, '\n'); q && q[1]; q = strchr(q + 1, '\n'))
		rows++;
	struct upr_item items[64];
	size_t nitems = 0;
	for (size_t i = 0; i < f.t->nsessions; i++) {
		const struct upr_session *s = &f.t->sessions[i];
		nitems += upr_ex_items(f.p, s, items);
		for (size_t k = 0; k < s->nstmts; k++) {
			struct upr_ebuf b;
			upr_ebuf_init(&b);
			upr_ebuf_putc(&b, '\t');
			upr_ebuf_add_clean(&b, f.p->speakers[s->stmts[k].speaker].organisation);
			upr_ebuf_putc(&b, '\t');
			assert_false(b.failed);
			if (!strstr(text, b.p))
				fail_msg("organisation %s is not a cell of Statements", b.p);
			upr_ebuf_release(&b);
			nstmts++;
		}
	}
	assert_true(nstmts > 0);
	assert_int_equal(rows, nitems);
	free(text);
	fx_free(&f);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	int ok = 0;
	for (unsigned long k = 1; k < 100000 && !ok; k++) {
		upr_mem_fail_at(k);
		size_t n;
		int rc = -2;
		char *s = capture(&f, &n, &rc);
		upr_mem_fail_at(0);
		assert_true(rc == 0 || rc == -1);
		if (rc == -1)
			assert_int_equal(n, 0);
		assert_true(scratch_empty());
		ok = rc == 0;
		free(s);
	}
	assert_true(ok);
	fx_free(&f);
}

/* No temporary directory: -1, errno set, nothing written. */
static void test_no_tmpdir(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	char gone[128];
	snprintf(gone, sizeof(gone), "%s/missing", tmpdir);
	assert_int_equal(setenv("TMPDIR", gone, 1), 0);
	size_t n;
	int rc;
	errno = 0;
	char *s = capture(&f, &n, &rc);
	int e = errno;
	assert_int_equal(setenv("TMPDIR", scratch, 1), 0);
	assert_int_equal(rc, -1);
	assert_int_equal(e, ENOENT);
	assert_int_equal(n, 0);
	free(s);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_read_back),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_no_tmpdir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
