/*
 * gen.c - deterministic benchmark instances of four sizes (S, M, L, XL),
 * and W: 64 States in 4 rooms, the widest round the dynamic program over
 * start times takes (src/solve/dp.c).
 *
 *   upr-bench-gen SIZE DIR [SEED [single]]
 *
 * writes DIR/event.yaml, rooms.yaml, states.yaml, speakers.yaml and
 * delegations.yaml.  The same size and seed give the same bytes on every
 * machine (own generator, no rand()).  Shapes follow real rounds: about 5
 * speakers per State (2-8), an NHRI for one State in six, international
 * NGOs speaking on several States, some French statements and video, a few
 * speakers in Geneva for only 1-3 days (around the State's place in the
 * review order, as travel is planned), preferences, and a waitlist when a
 * State draws more applications than one hour holds.  With "single",
 * the same round but each international NGO speaks on its first State
 * only: no speaker is shared (the shape of issue 19's instance A).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct size {
	const char *name;
	int states, rooms, days, delegations, follows;
};

static const struct size sizes[] = {
	{ "S", 14, 1, 4, 12, 5 },
	{ "M", 42, 2, 5, 40, 8 },
	{ "L", 200, 8, 10, 120, 12 },
	{ "XL", 2000, 40, 50, 193, 30 },
	{ "W", 64, 4, 5, 60, 8 },
};

static uint64_t state_rng;

static uint64_t rnd(void)
{
	uint64_t z = (state_rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int between(int lo, int hi)
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

/* Calendar arithmetic without libc time functions, so that every machine
 * writes the same bytes. */
static int month_days(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static void add_days(int y, int m, int d, int n, char out[16])
{
	d += n;
	while (d > month_days(y, m)) {
		d -= month_days(y, m);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

/* Event days: consecutive weekdays from Monday 2017-12-04. */
static void day_name(int i, char out[16])
{
	add_days(2017, 12, 4, i / 5 * 7 + i % 5, out);
}

/* The event day on which State s (0-based, States numbered in review order)
 * falls when the sessions follow the review order evenly. */
static int review_day(const struct size *z, int s)
{
	return (int)((long)s * z->days / z->states);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: upr-bench-gen S|M|L|XL|W DIR [SEED [single]]\n");
		return 2;
	}
	const struct size *z = NULL;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (strcmp(sizes[i].name, argv[1]) == 0)
			z = &sizes[i];
	if (!z) {
		fprintf(stderr, "upr-bench-gen: unknown size '%s'\n", argv[1]);
		return 2;
	}
	uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	int single = argc > 4 && strcmp(argv[4], "single") == 0;
	if (argc > 4 && !single) {
		fprintf(stderr, "upr-bench-gen: unknown option '%s'\n", argv[4]);
		return 2;
	}
	state_rng = seed * 1000003 + (uint64_t)z->states;
	const char *dir = argv[2];
	char day[16], last[16];

	FILE *f = open_out(dir, "event.yaml");
	day_name(0, day);
	day_name(z->days - 1, last);
	fprintf(f, "event:\n  name: Benchmark %s\n  id: bench-%s\n  timezone: Europe/Zurich\n"
		   "  venue: Palais des Nations, Geneva\n", z->name, z->name);
	fprintf(f, "  days: [");
	for (int d = 0; d < z->days; d++) {
		day_name(d, day);
		fprintf(f, "%s%s", d ? ", " : "", day);
	}
	fprintf(f, "]\n  hours: [10:00-13:00, 15:00-18:00]\n"
		   "  session: {length: 60, opening: 5, questions: 15, grid: 30, min_statements: 2}\n"
		   "  statement: {min: 5, max: 7}\n  travel: 10\n  waitlist: true\n");
	fclose(f);

	f = open_out(dir, "rooms.yaml");
	fprintf(f, "rooms:\n");
	for (int r = 0; r < z->rooms; r++)
		fprintf(f, "  - {id: room%d, name: Room %d, capacity: %d, languages: [en%s], video: %s}\n",
			r + 1, r + 1, 40 + 20 * (r % 5), r % 2 == 0 ? ", fr, es" : "",
			r % 3 == 0 ? "true" : "false");
	fclose(f);

	/* review: the Working Group reviews three States a day, in order, from
	 * 2018-01-15 on; every State has its own review time, so the review
	 * order is a total order (the larger sizes run past January). */
	f = open_out(dir, "states.yaml");
	fprintf(f, "states:\n");
	for (int s = 0; s < z->states; s++) {
		add_days(2018, 1, 15, s / 3, day);
		fprintf(f, "  - {id: s%d, name: State %d, review: %s %s", s + 1, s + 1, day,
			s % 3 == 0 ? "09:00" : s % 3 == 1 ? "14:30" : "16:00");
		if (between(0, 9) == 0) {
			day_name(between(0, z->days - 1), day);
			fprintf(f, ", prefer: %s", day);
		}
		fprintf(f, "}\n");
	}
	fclose(f);

	f = open_out(dir, "speakers.yaml");
	fprintf(f, "speakers:\n");
	int id = 0;
	int international = z->states / 4 + 1;
	/* international NGOs first: each speaks on 2-4 States */
	for (int i = 0; i < international; i++) {
		int k = between(2, 4);
		fprintf(f, "  - {id: intl%d, organisation: International NGO %d, states: [", i + 1, i + 1);
		int base = between(0, z->states - 1), prev[4], n = 0;
		for (int j = 0; j < k; j++) {
			int s = (base + j * between(1, 7)) % z->states;
			int dup = 0;
			for (int q = 0; q < n; q++)
				dup |= prev[q] == s;
			if (dup)
				continue;
			prev[n] = s;
			/* single: the same draws, the first State only */
			if (!single || n == 0)
				fprintf(f, "%ss%d", n ? ", " : "", s + 1);
			n++;
		}
		fprintf(f, "]}\n");
	}
	for (int s = 0; s < z->states; s++) {
		int k = between(0, 9) == 0 ? between(0, 1) : between(2, 7);
		if (between(0, 19) == 0)
			k = 9;	/* oversubscribed: the waitlist takes one */
		for (int j = 0; j < k; j++) {
			id++;
			fprintf(f, "  - {id: p%d, organisation: Organisation %d, states: s%d", id, id, s + 1);
			if (j == 0 && between(0, 5) == 0)
				fprintf(f, ", kind: nhri");
			else if (between(0, 4) == 0)
				fprintf(f, ", kind: coalition");
			if (between(0, 11) == 0)
				fprintf(f, ", language: fr");
			if (between(0, 24) == 0)
				fprintf(f, ", remote: true");
			if (between(0, 7) == 0) {
				/* in Geneva for 1-3 consecutive days around the day on
				 * which the review order puts the State */
				int d0 = review_day(z, s) - between(0, 1);
				if (d0 < 0)
					d0 = 0;
				int d1 = d0 + between(0, 2);
				if (d1 > z->days - 1)
					d1 = z->days - 1;
				fprintf(f, ", available: [");
				for (int d = d0; d <= d1; d++) {
					day_name(d, day);
					fprintf(f, "%s%s", d > d0 ? ", " : "", day);
				}
				fprintf(f, "]");
			}
			if (between(0, 9) == 0)
				fprintf(f, ", priority: %d", between(1, 8));
			fprintf(f, "}\n");
		}
	}
	fclose(f);

	f = open_out(dir, "delegations.yaml");
	fprintf(f, "delegations:\n");
	for (int d = 0; d < z->delegations; d++) {
		int k = between(z->follows / 2, z->follows * 3 / 2);
		if (k > z->states)
			k = z->states;
		fprintf(f, "  - {id: m%d, name: Permanent Mission %d, follows: [", d + 1, d + 1);
		/* a contiguous-ish run of States: missions follow regions */
		int base = between(0, z->states - 1);
		char *used = calloc((size_t)z->states, 1);
		for (int j = 0, n = 0; n < k && j < 4 * k; j++) {
			int s = (base + between(0, 3 * k)) % z->states;
			if (used[s])
				continue;
			used[s] = 1;
			fprintf(f, "%ss%d", n++ ? ", " : "", s + 1);
		}
		free(used);
		fprintf(f, "]}\n");
	}
	fclose(f);
	return 0;
}
