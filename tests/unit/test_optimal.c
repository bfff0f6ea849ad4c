/*
 * test_optimal.c - on small random instances, plan's score is the true
 * minimum, found by enumerating every timetable and letting the checker
 * judge each one; and plan says it is optimal.
 *
 * The enumeration shares no code with the search: it lists every room and
 * grid start for every session, and for every session every waitlisted set,
 * total length, running order and placement of the longer statements.  The
 * only shortcut is exact: a session that shares no speaker with another one
 * can only affect its own part of the score, so only its cheapest valid
 * running order needs to be combined with the others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "check/check.h"
#include "export/export.h"
#include "gen.h"
#include "solve/explain.h"
#include "solve/solve.h"
#include "upr/upr.h"

#define INF INT64_MAX

struct config {
	struct upr_stmt stmts[8];
	int nstmts;
	int wl[8];
	int nwl;
	int64_t local;
};

struct cfglist {
	struct config *v;
	size_t n, cap;
};

struct bf {
	const struct upr_problem *p;
	int nheld;
	int held[16];
	int64_t (*slots)[2];	/* room, start */
	int nslots;
	bool shared[16];
	struct cfglist *cache;	/* [h * nslots + slot] */
	bool *cached;
	int choice[16];
	int64_t best;
	long checks, budget;	/* past the budget the instance is skipped */
};

static void push(struct cfglist *l, const struct config *c)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		assert_non_null(l->v);
	}
	l->v[l->n++] = *c;
}

/* Fills t with the sessions of held[0..n) as chosen (slot, config). */
static void fill(struct bf *b, struct upr_timetable *t, int n, const int *slot,
		 const struct config *const *cfg)
{
	const struct upr_problem *p = b->p;
	t->nsessions = t->nwaitlist = t->nnot_held = 0;
	for (int i = 0; i < n; i++) {
		struct upr_session *s = &t->sessions[t->nsessions++];
		s->state = b->held[i];
		s->room = (int)b->slots[slot[i]][0];
		s->start = b->slots[slot[i]][1];
		s->end = s->start + p->event.session_length;
		s->nstmts = (size_t)cfg[i]->nstmts;
		memcpy(s->stmts, cfg[i]->stmts, sizeof(cfg[i]->stmts));
		for (int j = 0; j < cfg[i]->nwl; j++)
			t->waitlist[t->nwaitlist++] =
				(struct upr_waitlisted){ cfg[i]->wl[j], b->held[i], "" };
	}
	for (size_t s = 0; s < p->nstates; s++)
		if (!upr_state_held(p, (int)s))
			t->not_held[t->nnot_held++] = (struct upr_not_held){ (int)s, "" };
}

static struct upr_timetable *scratch(const struct upr_problem *p)
{
	struct upr_timetable *t = upr_timetable_new();
	t->sessions = upr_arena_alloc(&t->arena, 16 * sizeof(*t->sessions));
	for (int i = 0; i < 16; i++)
		t->sessions[i].stmts = upr_arena_alloc(&t->arena, 8 * sizeof(struct upr_stmt));
	t->waitlist = upr_arena_alloc(&t->arena, 64 * sizeof(*t->waitlist));
	t->not_held = upr_arena_alloc(&t->arena, (p->nstates + 1) * sizeof(*t->not_held));
	return t;
}

/* Every running order of state h at slot, kept if its only violations are
 * "incomplete" ones (the other sessions are missing here). */
static void configs(struct bf *b, int h, int slot, struct cfglist *out)
{
	const struct upr_problem *p = b->p;
	const struct upr_event *e = &p->event;
	const struct upr_state *st = &p->states[b->held[h]];
	int k = (int)st->nspeakers;
	struct upr_timetable *t = scratch(p);
	struct config best = { .local = INF };
	for (unsigned wmask = 0; wmask < (1u << k); wmask++) {
		if (wmask && !e->waitlist)
			break;
		int sched[8], m = 0;
		struct config c = { .nwl = 0 };
		for (int i = 0; i < k; i++) {
			if (wmask >> i & 1)
				c.wl[c.nwl++] = st->speakers[i];
			else
				sched[m++] = st->speakers[i];
		}
		int tlo = m * e->statement_min, thi = m * e->statement_max;
		if (m == 0)
			tlo = thi = 0;
		for (int T = tlo; T <= thi; T++) {
			int q = m ? T / m : 0, r = m ? T % m : 0;
			/* every permutation (Heap's algorithm would do; m <= 4 here) */
			int perm[8];
			for (int i = 0; i < m; i++)
				perm[i] = i;
			for (;;) {
				for (unsigned lm = 0; lm < (1u << m); lm++) {
					if (__builtin_popcount(lm) != r)
						continue;
					c.nstmts = m;
					int64_t cur = b->slots[slot][1] + e->opening + e->state_statement;
					for (int i = 0; i < m; i++) {
						int len = q + (int)(lm >> i & 1);
						c.stmts[i] = (struct upr_stmt){ sched[perm[i]], cur, len };
						cur += len;
					}
					int sl = slot;
					const struct config *cp = &c;
					struct bf one = *b;
					one.held[0] = b->held[h];
					fill(&one, t, 1, &sl, &cp);
					struct upr_check_result res;
					upr_check_result_init(&res);
					upr_check(p, t, NULL, &res);
					b->checks++;
					bool ok = true;
					for (size_t v = 0; v < res.n; v++)
						ok &= res.v[v].code == UPR_H_COMPLETE;
					if (ok) {
						c.local = res.score.part[UPR_W_SHORT] + res.score.part[UPR_W_ORDER] +
							  res.score.part[UPR_W_WAITLIST] +
							  res.score.part[UPR_W_WAITLIST_PRIORITY];
						if (b->shared[h])
							push(out, &c);
						else if (c.local < best.local)
							best = c;
					}
					upr_check_result_release(&res);
				}
				/* next permutation, lexicographic */
				int i = m - 2;
				while (i >= 0 && perm[i] > perm[i + 1])
					i--;
				if (i < 0)
					break;
				int j = m - 1;
				while (perm[j] < perm[i])
					j--;
				int x = perm[i];
				perm[i] = perm[j];
				perm[j] = x;
				for (int a = i + 1, z = m - 1; a < z; a++, z--) {
					x = perm[a];
					perm[a] = perm[z];
					perm[z] = x;
				}
			}
		}
	}
	if (!b->shared[h] && best.local != INF)
		push(out, &best);
	upr_timetable_free(t);
}

static struct cfglist *get(struct bf *b, int h, int slot)
{
	size_t i = (size_t)h * (size_t)b->nslots + (size_t)slot;
	if (!b->cached[i]) {
		configs(b, h, slot, &b->cache[i]);
		b->cached[i] = true;
	}
	return &b->cache[i];
}

static void combos(struct bf *b, struct upr_timetable *t, int i, const struct config **cfg)
{
	if (b->checks > b->budget)
		return;
	if (i == b->nheld) {
		fill(b, t, b->nheld, b->choice, cfg);
		struct upr_check_result res;
		upr_check_result_init(&res);
		long n = upr_check(b->p, t, NULL, &res);
		b->checks++;
		if (n == 0 && res.score.total < b->best)
			b->best = res.score.total;
		upr_check_result_release(&res);
		return;
	}
	struct cfglist *l = get(b, i, b->choice[i]);
	for (size_t c = 0; c < l->n; c++) {
		cfg[i] = &l->v[c];
		combos(b, t, i + 1, cfg);
	}
}

static void placements(struct bf *b, struct upr_timetable *t, int i)
{
	if (b->checks > b->budget)
		return;
	if (i == b->nheld) {
		const struct config *cfg[16];
		combos(b, t, 0, cfg);
		return;
	}
	for (int s = 0; s < b->nslots; s++) {
		b->choice[i] = s;
		if (get(b, i, s)->n == 0)
			continue;
		placements(b, t, i + 1);
	}
}

static int64_t brute_force(const struct upr_problem *p, long *checks)
{
	struct bf b;
	memset(&b, 0, sizeof(b));
	b.p = p;
	b.best = INF;
	b.budget = 150000;
	const struct upr_event *e = &p->event;
	for (size_t s = 0; s < p->nstates; s++)
		if (upr_state_held(p, (int)s))
			b.held[b.nheld++] = (int)s;
	for (int h = 0; h < b.nheld; h++)
		for (int g = 0; g < b.nheld; g++) {
			if (g == h)
				continue;
			const struct upr_state *x = &p->states[b.held[h]], *y = &p->states[b.held[g]];
			for (size_t i = 0; i < x->nspeakers; i++)
				for (size_t j = 0; j < y->nspeakers; j++)
					b.shared[h] |= x->speakers[i] == y->speakers[j];
		}
	b.slots = malloc(512 * sizeof(*b.slots));
	for (size_t r = 0; r < p->nrooms; r++)
		for (size_t d = 0; d < e->ndays; d++)
			for (size_t w = 0; w < e->nhours; w++)
				for (int64_t t = e->hours[w].start; t + e->session_length <= e->hours[w].end;
				     t += e->grid) {
					b.slots[b.nslots][0] = (int64_t)r;
					b.slots[b.nslots][1] = e->days[d] * 1440 + t;
					b.nslots++;
				}
	size_t nc = (size_t)b.nheld * (size_t)b.nslots + 1;
	b.cache = calloc(nc, sizeof(*b.cache));
	b.cached = calloc(nc, sizeof(*b.cached));
	struct upr_timetable *t = scratch(p);
	placements(&b, t, 0);
	upr_timetable_free(t);
	for (size_t i = 0; i < nc; i++)
		free(b.cache[i].v);
	free(b.cache);
	free(b.cached);
	free(b.slots);
	*checks = b.checks;
	return b.checks > b.budget ? -1 : b.best;
}

static void test_enumerated_optimum(void **state)
{
	(void)state;
	/* every planned timetable also goes against the published schema */
	char dir[] = "/tmp/upr-optimal-XXXXXX";
	assert_non_null(mkdtemp(dir));
	int compared = 0, feasible = 0, with_shared = 0, nonzero = 0;
	for (uint64_t seed = 1; compared < 40 / UPR_TEST_SAMPLE; seed++) {
		uint64_t st = seed;
		struct gen_opts o = {
			.states = gen_int(&st, 2, 3),
			.rooms = gen_int(&st, 1, 2),
			.days = gen_int(&st, 1, 2),
			.windows = 1,
			.grid = 30,
			.hour_len = 120,
			.delegations = gen_int(&st, 1, 4),
			.speakers_min = gen_int(&st, 0, 1),
			.multi = 40,
			.features = 40,
			.waitlist = gen_int(&st, 0, 1),
			.tight = 1,
		};
		o.speakers_max = o.states == 2 ? 3 : 2;
		if (o.states == 3 && o.rooms == 2)
			o.days = 1;	/* keeps the enumeration to seconds */
		char *text = gen_yaml(seed, &o);
		struct upr_problem *p = gen_load(text);
		assert_non_null(p);
		long checks = 0;
		int64_t truth = brute_force(p, &checks);
		if (truth < 0) {
			/* too big to enumerate in a unit test's time: next one */
			upr_problem_free(p);
			free(text);
			continue;
		}

		struct upr_solve_opts so = { .seed = 1 };
		struct upr_timetable *t = NULL;
		struct upr_diags d;
		upr_diags_init(&d);
		int rc = upr_solve(p, &so, &t, &d, NULL);
		if (truth == INF) {
			if (rc != 1)
				fprintf(stderr, "seed %llu: enumeration finds no timetable, plan returned %d\n%s",
					(unsigned long long)seed, rc, text);
			assert_int_equal(rc, UPR_SOLVE_NONE);
			/* the solver only says so; explain says why */
			assert_int_equal(d.errors, 0);
			assert_int_equal(upr_explain_infeasible(p, &d, false), 0);
			assert_true(d.errors > 0);
		} else {
			if (rc != 0) {
				upr_diags_print(&d, stderr, 0);
				fprintf(stderr, "seed %llu: truth %lld\n%s", (unsigned long long)seed,
					(long long)truth, text);
			}
			assert_int_equal(rc, 0);
			struct upr_check_result res;
			upr_check_result_init(&res);
			assert_int_equal(upr_check(p, t, NULL, &res), 0);
			if (res.score.total != truth || !t->optimal)
				fprintf(stderr, "seed %llu: plan %lld (optimal %d), truth %lld\n%s",
					(unsigned long long)seed, (long long)res.score.total,
					t->optimal, (long long)truth, text);
			assert_int_equal(res.score.total, truth);
			assert_true(t->optimal);
			t->score = res.score;
			upr_check_result_release(&res);
			char path[64];
			snprintf(path, sizeof(path), "%s/%03d.json", dir, feasible);
			FILE *jf = fopen(path, "w");
			assert_non_null(jf);
			assert_int_equal(upr_export_json(p, t, jf), 0);
			fclose(jf);
			feasible++;
			nonzero += truth > 0;
			for (size_t i = 0; i < p->nspeakers; i++)
				with_shared += p->speakers[i].nstates > 1;
		}
		fprintf(stderr, "seed %llu: %zu States, %zu speakers, %zu rooms, %zu days: %s %lld, %ld timetables checked\n",
			(unsigned long long)seed, p->nstates, p->nspeakers, p->nrooms, p->event.ndays,
			truth == INF ? "infeasible" : "optimum", truth == INF ? -1LL : (long long)truth,
			checks);
		upr_timetable_free(t);
		upr_diags_release(&d);
		upr_problem_free(p);
		free(text);
		compared++;
	}
	/* the sample must exercise what it claims to */
	assert_int_equal(check_schema_dir(dir), 0);
	rm_rf(dir);
	assert_true(feasible >= 25 / UPR_TEST_SAMPLE);
	assert_true(with_shared >= 5 / UPR_TEST_SAMPLE);
	assert_true(nonzero >= 15 / UPR_TEST_SAMPLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enumerated_optimum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
