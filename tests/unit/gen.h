/*
 * gen.h - random instances for the solver's tests, as YAML text.
 *
 * A seed gives the same instance on every machine (own generator, no
 * rand()).  Sizes and features are chosen by the caller: tiny ones for
 * exhaustive enumeration, larger ones for the checker sweep.
 */
#ifndef UPR_TESTS_GEN_H
#define UPR_TESTS_GEN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "upr/upr.h"

struct gen_opts {
	int states, rooms, days;
	int speakers_min, speakers_max; /* speakers per State */
	int windows;		/* 1: 10:00-13:00; 2: and 15:00-18:00 */
	int grid;		/* 30 or 60 */
	int hour_len;		/* window length in minutes (<= 180) */
	int delegations;
	int multi;		/* percentage of speakers on two States */
	int features;		/* percentage for languages, video, availability, prefer */
	int waitlist;		/* 0/1 */
	int tight;		/* shorter sessions: min/max 5..7 in a 40-minute session */
	int review_distinct;	/* every State reviewed, at distinct times in random order */
};

struct gen_buf {
	char *s;
	size_t n, cap;
};

static inline void gb_printf(struct gen_buf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (k >= 0 && (size_t)k < b->cap - b->n) {
			b->n += (size_t)k;
			return;
		}
		b->cap = b->cap ? b->cap * 2 + (size_t)k : 4096;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
}

static inline uint64_t gen_rnd(uint64_t *st)
{
	uint64_t z = (*st += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline int gen_int(uint64_t *st, int lo, int hi)
{
	return lo + (int)(gen_rnd(st) % (uint64_t)(hi - lo + 1));
}

/* A small round with every feature, drawn from st: 2 to states_max
 * States, 1-3 rooms, 1-4 days, up to 8 speakers each, multi_max % of them
 * shared, waitlists, languages, video, availability.  The draws are in
 * field order, so a seed names the same round in every test. */
static inline struct gen_opts gen_opts_any(uint64_t *st, int states_min, int states_max,
					   int multi_max)
{
	struct gen_opts o = { .speakers_min = 0, .hour_len = 180 };
	o.states = gen_int(st, states_min, states_max);
	o.rooms = gen_int(st, 1, 3);
	o.days = gen_int(st, 1, 4);
	o.speakers_max = gen_int(st, 1, 8);
	o.windows = gen_int(st, 1, 2);
	o.grid = gen_int(st, 0, 1) ? 30 : 60;
	o.delegations = gen_int(st, 0, 10);
	o.multi = gen_int(st, 0, multi_max);
	o.features = gen_int(st, 0, 40);
	o.waitlist = gen_int(st, 0, 3) != 0;
	o.tight = gen_int(st, 0, 4) == 0;
	o.review_distinct = gen_int(st, 0, 1);
	return o;
}

/* A round of real size (bench M's shape), drawn from st: states_min to
 * states_max States reviewed at distinct times, 1 to rooms_max rooms, 2 to
 * days_max days, 2-7 speakers each, two windows a day, waitlists. */
static inline struct gen_opts gen_opts_real(uint64_t *st, int states_min, int states_max,
					    int rooms_max, int days_max)
{
	struct gen_opts o = { .speakers_min = 2, .windows = 2, .grid = 30, .hour_len = 180,
			      .waitlist = 1, .review_distinct = 1 };
	o.states = gen_int(st, states_min, states_max);
	o.rooms = gen_int(st, 1, rooms_max);
	o.days = gen_int(st, 2, days_max);
	o.speakers_max = gen_int(st, 3, 7);
	o.delegations = gen_int(st, 2, 12);
	o.multi = gen_int(st, 0, 15);
	o.features = gen_int(st, 0, 30);
	return o;
}

/* The instance of seed as one YAML document; caller frees the text. */
static inline char *gen_yaml(uint64_t seed, const struct gen_opts *o)
{
	uint64_t st = seed * 7919 + 17;
	struct gen_buf b = { 0 };
	int day0 = 12;
	gb_printf(&b, "event:\n  name: Generated %llu\n  id: g%llu\n  timezone: Europe/Zurich\n",
		  (unsigned long long)seed, (unsigned long long)seed);
	gb_printf(&b, "  days: [");
	for (int d = 0; d < o->days; d++)
		gb_printf(&b, "%s2017-12-%02d", d ? ", " : "", day0 + d);
	gb_printf(&b, "]\n  hours: [10:00-%02d:%02d", 10 + o->hour_len / 60, o->hour_len % 60);
	if (o->windows > 1)
		gb_printf(&b, ", 15:00-%02d:%02d", 15 + o->hour_len / 60, o->hour_len % 60);
	gb_printf(&b, "]\n");
	if (o->tight)
		gb_printf(&b, "  session: {length: 30, opening: 5, questions: 5, grid: %d, min_statements: 1}\n"
			      "  statement: {min: 5, max: 7}\n", o->grid);
	else
		gb_printf(&b, "  session: {length: 60, opening: 5, questions: 15, grid: %d, min_statements: 1}\n"
			      "  statement: {min: 5, max: 7}\n", o->grid);
	gb_printf(&b, "  travel: 10\n  waitlist: %s\n", o->waitlist ? "true" : "false");

	gb_printf(&b, "rooms:\n");
	for (int r = 0; r < o->rooms; r++) {
		bool fr = gen_int(&st, 0, 99) < o->features;
		bool video = gen_int(&st, 0, 99) < o->features;
		gb_printf(&b, "  - {id: r%d, languages: [en%s], video: %s}\n", r, fr ? ", fr" : "",
			  video ? "true" : "false");
	}
	gb_printf(&b, "states:\n");
	int perm[64];
	if (o->review_distinct) {
		for (int s = 0; s < o->states && s < 64; s++)
			perm[s] = s;
		for (int s = o->states < 64 ? o->states - 1 : 63; s > 0; s--) {
			int j = gen_int(&st, 0, s), x = perm[s];
			perm[s] = perm[j];
			perm[j] = x;
		}
	}
	for (int s = 0; s < o->states; s++) {
		gb_printf(&b, "  - {id: S%d, name: State %d", s, s);
		if (o->review_distinct && s < 64)
			gb_printf(&b, ", review: 2018-01-%02d %s", 15 + perm[s] / 3,
				  (const char *[]){ "09:00", "11:00", "14:30" }[perm[s] % 3]);
		else if (gen_int(&st, 0, 99) < 80)
			gb_printf(&b, ", review: 2018-01-%02d %s", 15 + gen_int(&st, 0, 9),
				  gen_int(&st, 0, 1) ? "09:00" : "14:30");
		if (gen_int(&st, 0, 99) < o->features / 2)
			gb_printf(&b, ", prefer: 2017-12-%02d", day0 + gen_int(&st, 0, o->days - 1));
		if (gen_int(&st, 0, 99) < o->features / 4)
			gb_printf(&b, ", unavailable: 2017-12-%02d 10:00-11:00",
				  day0 + gen_int(&st, 0, o->days - 1));
		gb_printf(&b, "}\n");
	}
	gb_printf(&b, "speakers:\n");
	int id = 0;
	for (int s = 0; s < o->states; s++) {
		int k = gen_int(&st, o->speakers_min, o->speakers_max);
		for (int i = 0; i < k; i++) {
			bool nhri = i == 0 && gen_int(&st, 0, 99) < 25;
			gb_printf(&b, "  - {id: p%d, organisation: Org %d, kind: %s, states: [S%d", id, id,
				  nhri ? "nhri" : gen_int(&st, 0, 3) ? "cso" : "coalition", s);
			if (!nhri && o->states > 1 && gen_int(&st, 0, 99) < o->multi) {
				int other = gen_int(&st, 0, o->states - 1);
				if (other != s)
					gb_printf(&b, ", S%d", other);
			}
			gb_printf(&b, "]");
			if (gen_int(&st, 0, 99) < o->features / 3)
				gb_printf(&b, ", language: fr");
			if (gen_int(&st, 0, 99) < o->features / 4)
				gb_printf(&b, ", remote: true");
			if (gen_int(&st, 0, 99) < o->features / 2)
				gb_printf(&b, ", available: [2017-12-%02d]", day0 + gen_int(&st, 0, o->days - 1));
			if (gen_int(&st, 0, 99) < o->features / 3)
				gb_printf(&b, ", unavailable: 2017-12-%02d 10:%02d-11:00",
					  day0 + gen_int(&st, 0, o->days - 1), gen_int(&st, 0, 5) * 10);
			if (gen_int(&st, 0, 99) < 30)
				gb_printf(&b, ", priority: %d", gen_int(&st, 0, 9));
			gb_printf(&b, "}\n");
			id++;
		}
	}
	if (o->delegations) {
		gb_printf(&b, "delegations:\n");
		for (int d = 0; d < o->delegations; d++) {
			gb_printf(&b, "  - {id: d%d, name: Mission %d, follows: [", d, d);
			int n = gen_int(&st, 1, o->states < 4 ? o->states : 4);
			unsigned long long used = 0;
			for (int i = 0, k = 0; i < n; i++) {
				int x = gen_int(&st, 0, o->states - 1);
				if (x < 64 && (used >> x & 1))
					continue;
				if (x < 64)
					used |= 1ULL << x;
				gb_printf(&b, "%sS%d", k++ ? ", " : "", x);
			}
			gb_printf(&b, "]}\n");
		}
	}
	return b.s;
}

/* The YAML of an event of one hour (09:00-10:00 on one day) in two rooms,
 * r1 and r2, with 10 minutes of travel: two sessions that share a speaker
 * must run together, so its statements must be planned jointly.  The
 * States and speakers follow. */
#define GEN_ONE_HOUR_TWO_ROOMS(NAME)                                                      \
	"event:\n  name: " NAME "\n  id: test\n  timezone: Europe/Zurich\n"                   \
	"  days: [2017-12-12]\n  hours: [09:00-10:00]\n"                                      \
	"  session: {length: 60, opening: 5, questions: 15, grid: 60, min_statements: 1}\n"   \
	"  statement: {min: 5, max: 7}\n  travel: 10\n"                                       \
	"rooms:\n  - {id: r1, name: Room 1}\n  - {id: r2, name: Room 2}\n"

/* Loads a generated instance; on errors prints them and the text, and
 * returns NULL.  Caller frees with upr_problem_free. */
static inline struct upr_problem *gen_load(const char *text)
{
	const char *names[] = { "gen.yaml" };
	const char *bufs[] = { text };
	size_t lens[] = { strlen(text) };
	struct upr_diags d;
	struct upr_problem *p = NULL;
	upr_diags_init(&d);
	if (upr_load_buffers(names, bufs, lens, 1, &p, &d) != 0) {
		upr_diags_print(&d, stderr, 0);
		fprintf(stderr, "%s", text);
	}
	upr_diags_release(&d);
	return p;
}

#endif
