/*
 * fuzz_load.c - libFuzzer target: arbitrary bytes through the YAML loader.
 *
 * The input is loaded twice with upr_load_buffers: once as one document,
 * and once cut at every FUZZ_SEP byte into up to FUZZ_MAX_DOCS documents
 * (the last one keeps the rest), so that merging lists across files, the
 * "event exactly once" rule and cross-file references are exercised too.
 * The separator is a byte libyaml refuses anyway, so splitting loses no
 * interesting single-document input.
 *
 * A problem that loads is then judged by the checker with an empty
 * timetable, every penalty explained: every held State is reported as
 * missing, by name, so the checker's arithmetic and messages meet whatever
 * the loader accepts (weights, counts, names).
 *
 * What must hold for every input: no crash, no sanitizer report, no leak;
 * a load either fails with at least one error diagnostic and no problem,
 * or succeeds with a problem and no error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "upr/upr.h"

#define FUZZ_SEP '\0'
#define FUZZ_MAX_DOCS 5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load(const char *const *names, const char *const *bufs, const size_t *lens,
		 size_t n)
{
	struct upr_diags d;
	struct upr_problem *p = NULL;
	upr_diags_init(&d);
	int rc = upr_load_buffers(names, bufs, lens, n, &p, &d);
	/* A failed load must say why; a successful one must not have erred. */
	if (rc != 0 && (p != NULL || d.errors == 0))
		abort();
	if (rc == 0 && (p == NULL || d.errors != 0))
		abort();
	if (p) {
		struct upr_counts c;
		upr_problem_counts(p, &c);
		struct upr_timetable *t = upr_timetable_new();
		if (t) {
			struct upr_check_result cr;
			struct upr_check_opts co = { true, NULL };
			upr_check_result_init(&cr);
			upr_check(p, t, &co, &cr);
			upr_check_result_release(&cr);
			upr_timetable_free(t);
		}
	}
	upr_problem_free(p);
	upr_diags_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[FUZZ_MAX_DOCS] = {
		"a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml",
	};
	const char *text = (const char *)data;
	const char *bufs[FUZZ_MAX_DOCS];
	size_t lens[FUZZ_MAX_DOCS];

	bufs[0] = text;
	lens[0] = size;
	load(names, bufs, lens, 1);

	size_t n = 0, start = 0;
	for (size_t i = 0; i < size && n < FUZZ_MAX_DOCS - 1; i++) {
		if (data[i] != FUZZ_SEP)
			continue;
		bufs[n] = text + start;
		lens[n++] = i - start;
		start = i + 1;
	}
	if (n == 0)
		return 0;	/* no separator: the same as the load above */
	bufs[n] = text + start;
	lens[n++] = size - start;
	load(names, bufs, lens, n);
	return 0;
}
