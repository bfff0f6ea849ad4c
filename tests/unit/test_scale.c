/*
 * test_scale.c - the loader at scale: 100,000 speakers and 10,000 States,
 * and absurd values refused with a clear error.
 *
 * Growth: the same generated shape is loaded at size n (25,000 speakers,
 * 2,500 States) and 4n (100,000 speakers, 10,000 States) in one run, and
 * what the loader spends is compared between the two.  Linear work spends
 * about 4 times as much at 4n; a quadratic step, 16 times.  The bound is 8
 * for everything compared, and each measurement is a ratio of two made in
 * the same process, so the machine's speed does not matter:
 *   - always (ctest): allocations and arena bytes, which do not depend on
 *     timing at all;
 *   - with --bench (or UPR_BENCH=1): CPU time too, best of three runs per
 *     size.  Not in ctest: a loaded CI machine could still make a timed
 *     ratio flaky.
 *
 * Limits: each absurd value of docs/hardening.md (10^12 minutes, the year
 * 99999, every day from 1970 to 2200, a capacity, weight, priority or count of 10^12,
 * an integer past int64) is refused: the load fails with an error on the
 * value's line that quotes it.  A file one byte over 16 MiB is refused, and
 * a list of more than a million entities across two files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model/model.h"
#include "upr/upr.h"
#include "util/mem.h"

/* A growable string for the generated YAML. */
struct buf {
	char *p;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3)))
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (b->p && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 1 << 20;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		b->p = realloc(b->p, cap);
		assert_non_null(b->p);
		b->cap = cap;
	}
}

/* The documents of an instance with nstates States and nspeakers speakers:
 * one file each for the event, rooms, States, speakers and delegations, as
 * organisers keep them.  Every speaker speaks at one to three States, an
 * NHRI for one State in six; the shape does not change with the size. */
struct instance {
	struct buf doc[5];
	const char *names[5];
	const char *bufs[5];
	size_t lens[5];
};

static void instance_make(struct instance *in, int nstates, int nspeakers)
{
	memset(in, 0, sizeof(*in));
	static const char *const names[5] = { "event.yaml", "rooms.yaml", "states.yaml",
					      "speakers.yaml", "delegations.yaml" };
	struct buf *b = in->doc;
	put(&b[0], "event:\n  name: Scale %d\n  timezone: Europe/Zurich\n"
		   "  days: {from: 2018-01-01, to: 2018-12-31}\n  waitlist: true\n", nstates);
	put(&b[1], "rooms:\n");
	for (int i = 0; i < 40; i++)
		put(&b[1], "  - id: r%d\n    name: Room %d\n    languages: [en, fr]\n", i, i);
	put(&b[2], "states:\n");
	for (int i = 0; i < nstates; i++)
		put(&b[2], "  - id: S%d\n    name: State number %d\n    review: 2019-01-%02d 09:00\n",
		    i, i, 1 + i % 28);
	put(&b[3], "speakers:\n");
	uint64_t x = 88172645463325252ULL;	/* xorshift: the same instance every run */
	for (int i = 0; i < nspeakers; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int a = (int)(x % (uint64_t)nstates), k = 1 + (int)((x >> 32) % 3);
		put(&b[3], "  - id: sp%d\n    organisation: Organisation %d\n", i, i);
		if (i < nstates && i % 6 == 0) {
			put(&b[3], "    kind: nhri\n    states: [S%d]\n", i);
			continue;
		}
		put(&b[3], "    states: [");
		for (int j = 0; j < k; j++)
			put(&b[3], "%sS%d", j ? ", " : "", (a + j * 7919) % nstates);
		put(&b[3], "]\n");
	}
	put(&b[4], "delegations:\n");
	for (int i = 0; i < nstates / 10; i++)
		put(&b[4], "  - id: d%d\n    name: Mission %d\n    follows: [S%d, S%d]\n", i, i,
		    i, (i * 31 + 5) % nstates);
	for (int i = 0; i < 5; i++) {
		in->names[i] = names[i];
		in->bufs[i] = b[i].p;
		in->lens[i] = b[i].len;
	}
}

static void instance_free(struct instance *in)
{
	for (int i = 0; i < 5; i++)
		free(in->doc[i].p);
}

struct cost {
	unsigned long allocs;
	size_t arena;
	double cpu;	/* seconds */
};

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct cost load_cost(const struct instance *in, int nstates, int nspeakers, int runs)
{
	struct cost c = { 0, 0, 1e30 };
	for (int r = 0; r < runs; r++) {
		struct upr_diags d;
		struct upr_problem *p = NULL;
		upr_diags_init(&d);
		upr_mem_fail_at(0);	/* resets the count */
		double t0 = cpu_now();
		int rc = upr_load_buffers(in->names, in->bufs, in->lens, 5, &p, &d);
		double t = cpu_now() - t0;
		unsigned long allocs = upr_mem_count();
		if (rc != 0) {
			upr_diags_print(&d, stderr, 0);
			fail_msg("the generated instance does not load");
		}
		struct upr_counts n;
		upr_problem_counts(p, &n);
		assert_int_equal(n.states, (size_t)nstates);
		assert_int_equal(n.speakers, (size_t)nspeakers);
		c.allocs = allocs;
		c.arena = p->arena.used_total;
		if (t < c.cpu)
			c.cpu = t;
		upr_problem_free(p);
		upr_diags_release(&d);
	}
	return c;
}

static bool bench;

static void test_growth(void **state)
{
	(void)state;
	struct instance small, large;
	instance_make(&small, 2500, 25000);
	instance_make(&large, 10000, 100000);
	int runs = bench ? 3 : 1;
	struct cost a = load_cost(&small, 2500, 25000, runs);
	struct cost b = load_cost(&large, 10000, 100000, runs);
	double ra = (double)b.allocs / (double)a.allocs;
	double rm = (double)b.arena / (double)a.arena;
	double rt = b.cpu / (a.cpu > 1e-9 ? a.cpu : 1e-9);
	fprintf(stderr,
		"scale: n = 25,000 speakers: %lu allocations, %zu arena bytes, %.3f s CPU\n"
		"scale: 4n = 100,000 speakers: %lu allocations, %zu arena bytes, %.3f s CPU\n"
		"scale: 4n/n: allocations %.2f, arena %.2f, CPU %.2f%s\n",
		a.allocs, a.arena, a.cpu, b.allocs, b.arena, b.cpu, ra, rm, rt,
		bench ? "" : " (not checked; --bench checks it)");
	assert_true(ra < 8.0);
	assert_true(rm < 8.0);
	if (bench && !(rt < 8.0))
		fail_msg("load time grows faster than linearly: 4n/n = %.2f", rt);
	/* and the model's memory is what it holds, not a multiple of the input */
	assert_true(b.arena < 4 * (large.lens[2] + large.lens[3]) + (1 << 20));
	instance_free(&small);
	instance_free(&large);
}

/* ---- limits ---- */

struct absurd {
	const char *what;
	const char *event;	/* event keys after name, timezone (days added unless given) */
	const char *extra;	/* more YAML after the event, or NULL */
	const char *quote;	/* the error must quote this */
	const char *at;		/* text on the value's line, when not quote */
};

static const struct absurd absurd[] = {
	{ .what = "10^12 minutes per session", .event = "  session: {length: 1000000000000}\n",
	  .quote = "1000000000000" },
	{ .what = "10^12 minutes of travel", .event = "  travel: 1000000000000\n",
	  .quote = "1000000000000" },
	{ .what = "an integer past int64",
	  .event = "  session: {questions: 99999999999999999999999999}\n",
	  .quote = "99999999999999999999999999" },
	{ .what = "the year 99999", .event = "  days: [99999-01-01]\n", .quote = "99999-01-01" },
	{ .what = "the year 0001", .event = "  days: [0001-01-01]\n", .quote = "0001-01-01" },
	{ .what = "every day of the years accepted",
	  .event = "  days: {from: 1970-01-01, to: 2200-12-31}\n",
	  .quote = "84371", .at = "2200-12-31" },
	{ .what = "10^12 statements", .event = "  session: {min_statements: 1000000000000}\n",
	  .quote = "1000000000000" },
	{ .what = "a weight of 10^30",
	  .event = "  weights: {clash: 1000000000000000000000000000000}\n",
	  .quote = "1000000000000000000000000000000" },
	{ .what = "10^12 seats", .event = "",
	  .extra = "rooms:\n  - id: big\n    capacity: 1000000000000\n",
	  .quote = "1000000000000" },
	{ .what = "priority 10^12", .event = "",
	  .extra = "speakers:\n  - id: s\n    organisation: O\n    states: [BS]\n"
		   "    priority: 1000000000000\n",
	  .quote = "1000000000000" },
	{ .what = "a review in the year 99999", .event = "",
	  .extra = "states:\n  - id: LU\n    name: Luxembourg\n    review: 99999-01-22 09:00\n",
	  .quote = "99999-01-22" },
};

static void test_absurd_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(absurd) / sizeof(absurd[0]); i++) {
		const struct absurd *a = &absurd[i];
		struct buf b = { 0 };
		put(&b, "event:\n  name: Limits\n  timezone: Europe/Zurich\n%s%s", a->event,
		    strstr(a->event, "days:") ? "" : "  days: [2017-12-12]\n");
		const char *extra = a->extra ? a->extra : "";
		put(&b, "%s", extra);
		if (!strstr(extra, "rooms:"))
			put(&b, "rooms:\n  - id: r\n");
		if (!strstr(extra, "states:"))
			put(&b, "states:\n  - id: BS\n    name: Bahamas\n");
		if (!strstr(extra, "speakers:"))
			put(&b, "speakers:\n  - id: s\n    organisation: O\n    states: [BS]\n");
		/* the line of the absurd value */
		int line = 0, k = 1;
		const char *v = strstr(b.p, a->at ? a->at : a->quote);
		assert_non_null(v);
		for (const char *c = b.p; c < v; c++)
			k += *c == '\n';
		line = k;

		const char *name = "limits.yaml";
		const char *bufs[1] = { b.p };
		size_t lens[1] = { b.len };
		struct upr_diags d;
		struct upr_problem *p = NULL;
		upr_diags_init(&d);
		int rc = upr_load_buffers(&name, bufs, lens, 1, &p, &d);
		if (rc == 0)
			fail_msg("%s: accepted", a->what);
		bool found = false;
		for (size_t j = 0; j < d.n && !found; j++)
			found = d.items[j].severity == UPR_ERROR &&
				d.items[j].loc.line >= line - 1 && d.items[j].loc.line <= line &&
				strstr(d.items[j].message, a->quote) != NULL;
		if (!found) {
			upr_diags_print(&d, stderr, 0);
			fail_msg("%s: no error on line %d quoting '%s'", a->what, line, a->quote);
		}
		upr_diags_release(&d);
		free(b.p);
	}
}

/* One byte past UPR_MAX_FILE_SIZE is refused, before parsing. */
static void test_file_size_limit(void **state)
{
	(void)state;
	size_t n = (size_t)UPR_MAX_FILE_SIZE + 1;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, '#', n);	/* one long comment: valid YAML, if it were read */
	const char *name = "big.yaml";
	const char *bufs[1] = { big };
	struct upr_diags d;
	struct upr_problem *p = NULL;
	upr_diags_init(&d);
	assert_int_not_equal(upr_load_buffers(&name, bufs, &n, 1, &p, &d), 0);
	bool found = false;
	for (size_t j = 0; j < d.n; j++)
		found |= strstr(d.items[j].message, "larger than 16 MiB") != NULL;
	if (!found) {
		upr_diags_print(&d, stderr, 0);
		fail_msg("no 'larger than 16 MiB' error");
	}
	upr_diags_release(&d);
	free(big);
}

/* More than a million entities in one list is refused (the list is cut
 * short there, so this costs less than its 25 MB input suggests). */
static void test_entity_limit(void **state)
{
	(void)state;
	/* two files of delegations, as the lists of all files are concatenated */
	struct buf b[4] = { { 0 } };
	put(&b[0], "event:\n  name: E\n  timezone: Europe/Zurich\n  days: [2017-12-12]\n"
		   "rooms: [{id: r}]\nstates: [{id: BS, name: B}]\n"
		   "speakers: [{id: s, organisation: O, states: [BS]}]\n");
	for (int f = 1; f <= 2; f++) {
		put(&b[f], "delegations:\n");
		for (int i = 0; i < 500001; i++)
			put(&b[f], "- {id: d%d-%d, name: n}\n", f, i);
	}
	const char *names[3] = { "a.yaml", "b.yaml", "c.yaml" };
	const char *bufs[3] = { b[0].p, b[1].p, b[2].p };
	size_t lens[3] = { b[0].len, b[1].len, b[2].len };
	struct upr_diags d;
	struct upr_problem *p = NULL;
	upr_diags_init(&d);
	assert_int_not_equal(upr_load_buffers(names, bufs, lens, 3, &p, &d), 0);
	bool found = false;
	for (size_t j = 0; j < d.n; j++)
		found |= strstr(d.items[j].message, "more than 1000000 delegations") != NULL;
	if (!found) {
		upr_diags_print(&d, stderr, 0);
		fail_msg("no 'more than 1000000 delegations' error");
	}
	upr_diags_release(&d);
	for (int i = 0; i < 3; i++)
		free(b[i].p);
}

int main(int argc, char **argv)
{
	/* failure injection reaches cJSON too (util/mem.h) */
	upr_mem_hook_cjson();
	const char *e = getenv("UPR_BENCH");
	bench = (argc > 1 && strcmp(argv[1], "--bench") == 0) || (e && strcmp(e, "1") == 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_absurd_values),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_entity_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
