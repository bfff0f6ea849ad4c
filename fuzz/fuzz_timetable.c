/*
 * fuzz_timetable.c - libFuzzer target: arbitrary bytes as a timetable.json
 * of the example (examples/upr29), then the checker on whatever was read.
 *
 * The example is loaded once, from the source tree (UPR_SOURCE_DIR is
 * compiled in), and planned once (a small effort), both shared read-only by
 * every run: the reader and the checker never modify them.  Both reader
 * modes are fuzzed, chosen by the input's length so that the same bytes
 * always take the same path, and each result is used as the program uses
 * it:
 *   - strict (validate, export): the checker judges it, with every penalty
 *     explained, and once more with itself as the baseline;
 *   - baseline (plan --baseline): it may hold sessions whose room or State
 *     the input no longer defines (index -1), so it is never judged itself;
 *     the checker judges the planned timetable against it (`moved`).
 *
 * What must hold: no crash, no sanitizer report, no leak; a failed read
 * leaves an error and no timetable; the checker accepts anything the
 * reader returns, however absurd its times.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check/check.h"
#include "load/timetable_read.h"
#include "solve/solve.h"
#include "upr/upr.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct upr_problem *example;
static struct upr_timetable *planned;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const path = UPR_SOURCE_DIR "/examples/upr29";
	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_solve_opts so = { .seed = 1, .effort = 200 };
	struct upr_solve_stats stats;
	if (upr_load(&path, 1, &example, &d) != 0 ||
	    upr_solve(example, &so, &planned, &d, &stats) != 0) {
		upr_diags_print(&d, stderr, 0);
		fprintf(stderr, "fuzz_timetable: cannot load and plan %s\n", path);
		exit(1);
	}
	upr_diags_release(&d);
	return 0;
}

static void judge(const struct upr_timetable *t, const struct upr_timetable *baseline,
		  bool explain)
{
	struct upr_check_result cr;
	struct upr_check_opts co = { explain, baseline };
	upr_check_result_init(&cr);
	upr_check(example, t, &co, &cr);
	upr_check_result_release(&cr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct upr_diags d;
	struct upr_timetable *t = NULL;
	struct upr_tt_events ev;
	upr_diags_init(&d);
	enum upr_tt_mode mode = size % 2 ? UPR_TT_BASELINE : UPR_TT_STRICT;
	int rc = upr_timetable_read_mode(example, "timetable.json", (const char *)data, size,
					 mode, &t, &ev, &d);
	if (rc != 0 && (t != NULL || d.errors == 0))
		abort();
	if (rc == 0 && (t == NULL || d.errors != 0))
		abort();
	if (rc == 0 && mode == UPR_TT_STRICT) {
		judge(t, NULL, true);
		judge(t, t, false);
	} else if (rc == 0) {
		judge(planned, t, false);
	}
	upr_timetable_free(t);
	upr_diags_release(&d);
	return 0;
}
