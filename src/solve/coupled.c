/*
 * coupled.c - sessions that share a speaker, planned together.
 *
 * Two sessions that share a speaker and run in different rooms with starts
 * less than their statements' minutes and `travel` apart (s->apart)
 * interact (H6): one's statements block the speaker's time in the other.
 * The exact search allows such placements
 * and prices them here, at its leaves: the components of interacting
 * sessions are planned jointly (one pass in start order, then a
 * depth-first search over their running orders below the bound), and the
 * extra cost over planning them apart is added.
 */
#include "solve/internal.h"

#include <string.h>

/* Node budget of planning one group of sessions that share speakers. */
#define COUPLED_NODES 5000

/* Sessions of a and b that share a speaker interact when they run in
 * different rooms with starts less than s->apart apart: the statements
 * of one, moved by travel, may then meet those of the other. */
static bool interact(const struct solver *s, int sa, int sb)
{
	const struct slot *x = &s->slots[sa], *y = &s->slots[sb];
	if (x->room == y->room)
		return false;
	int64_t ta = s->starts[x->si], tb = s->starts[y->si];
	return upr_sv_too_close(s, ta, tb);
}

/*
 * Sessions that share a speaker and interact must be planned together:
 * depth-first over the component's sessions, each enumerating its running
 * orders below the bound, blocking its shared speakers' times for the rest.
 */
struct coupled {
	struct solver *s;
	int *sess;		/* held indices of the component, by start */
	const int *slot;	/* the slot of each */
	int n;
	struct upr_blocked *blk;
	size_t nblk, capblk;
	int64_t *lb;		/* uncoupled unary cost of sess[i..] */
	int64_t cost, best;
	long nodes, budget;
	bool cut, oom;
	int depth;
	struct upr_intra_result *res; /* one per depth */
	struct upr_intra_result *keep; /* the best plan, one per depth; NULL: not kept */
	bool first;		/* stop at the first plan below the limit */
	bool done;		/* it found one */
};

/* Keeps the plan of every depth (c->res) as the best. */
static void keep_plan(struct coupled *c)
{
	if (!c->keep)
		return;
	for (int d = 0; d < c->n; d++) {
		const struct upr_intra_result *r = &c->res[d];
		struct upr_intra_result *k = &c->keep[d];
		k->cost = r->cost;
		k->feasible = r->feasible;
		k->exact = r->exact;
		k->nscheduled = r->nscheduled;
		k->nwaitlisted = r->nwaitlisted;
		memcpy(k->order, r->order, (size_t)r->nscheduled * sizeof(int));
		memcpy(k->minutes, r->minutes, (size_t)r->nscheduled * sizeof(int));
		memcpy(k->waitlisted, r->waitlisted, (size_t)r->nwaitlisted * sizeof(int));
	}
}

static void coupled_level(struct coupled *c, int depth, int64_t cost);

/* Blocks the statements of r (the session at depth) for the later
 * sessions of the component whose States they also speak on. */
static bool add_blocks(struct coupled *c, int depth, const struct upr_intra_result *r)
{
	struct solver *s = c->s;
	int slot = c->slot[depth];
	int64_t cur = upr_session_stmts_start(s->p, s->held[c->sess[depth]],
					      s->starts[s->slots[slot].si]);
	for (int i = 0; i < r->nscheduled; i++) {
		int sp = r->order[i];
		int64_t a = cur, b = cur + r->minutes[i];
		cur = b;
		for (int j = depth + 1; j < c->n; j++) {
			int hj = c->sess[j];
			const struct upr_state *stj = &s->p->states[s->held[hj]];
			bool speaks = false;
			for (size_t k = 0; k < stj->nspeakers; k++)
				speaks |= stj->speakers[k] == sp;
			if (!speaks)
				continue;
			int margin = s->slots[c->slot[j]].room == s->slots[slot].room ? 0 : s->travel;
			if (c->nblk == c->capblk) {
				size_t cap = c->capblk ? c->capblk * 2 : 16;
				struct upr_blocked *v = upr_realloc(c->blk, cap * sizeof(*v));
				if (!v) {
					c->oom = true;
					return false;
				}
				c->blk = v;
				c->capblk = cap;
			}
			c->blk[c->nblk++] = (struct upr_blocked){ sp, a - margin, b + margin };
		}
	}
	return true;
}

static bool coupled_cb(void *ctx, const struct upr_intra_result *r)
{
	struct coupled *c = ctx;
	int depth = c->depth;
	size_t keep = c->nblk;
	if (!add_blocks(c, depth, r))
		return false;
	coupled_level(c, depth + 1, c->cost + r->cost);
	c->depth = depth;
	c->nblk = keep;
	return !c->cut && !c->oom && !c->done;
}

/* Each session in start order at its best given the ones before: a joint
 * plan, not always the cheapest, found in one pass.  Its cost, or BIG. */
static int64_t coupled_sequential(struct coupled *c)
{
	struct solver *s = c->s;
	int64_t total = 0;
	for (int d = 0; d < c->n && total < BIG; d++) {
		int h = c->sess[d];
		int slot = c->slot[d];
		long nodes = 0;
		if (upr_intra_best(s->p, s->held[h], s->slots[slot].room, s->starts[s->slots[slot].si],
				   c->blk, c->nblk, c->budget, &c->res[d], &nodes) < 0) {
			c->oom = true;
			return BIG;
		}
		c->nodes += nodes;
		if (!c->res[d].feasible || !add_blocks(c, d, &c->res[d]))
			total = BIG;
		else
			total += c->res[d].cost;
	}
	c->nblk = 0;
	return total;
}

static void coupled_level(struct coupled *c, int depth, int64_t cost)
{
	struct solver *s = c->s;
	if (depth == c->n) {
		if (cost < c->best) {
			c->best = cost;
			keep_plan(c);
			c->done = c->first;
		}
		return;
	}
	if (cost + c->lb[depth] >= c->best)
		return;
	int h = c->sess[depth];
	int slot = c->slot[depth];
	int64_t saved = c->cost;
	c->cost = cost;
	c->depth = depth;
	long nodes = 0;
	/* the bound for this session's own cost; one budget for the whole
	 * component, nested calls included */
	int64_t bound = c->best - cost - (depth + 1 < c->n ? c->lb[depth + 1] : 0);
	long left = c->budget - c->nodes;
	if (left <= 0) {
		c->cut = true;
		c->cost = saved;
		return;
	}
	if (upr_intra_enum(s->p, s->held[h], s->slots[slot].room, s->starts[s->slots[slot].si],
			   c->blk, c->nblk, bound, left, &c->res[depth], &nodes,
			   coupled_cb, c) < 0)
		c->oom = true;
	if (!c->res[depth].exact)
		c->cut = true;
	c->nodes += nodes;
	if (c->nodes > c->budget)
		c->cut = true;
	c->cost = saved;
}

/* What planning the k sessions members[] at slot[] (by start, then
 * room) jointly adds to planning each alone: 0 or more, or BIG when they
 * cannot be planned together for less than limit more (with *exact
 * still true: not at all for limit BIG).  Sets *exact to false when a
 * budget cut it short. */
static int64_t group_extra(struct solver *s, int *members, const int *slot, int k, int64_t limit,
			   long budget, bool first, struct upr_intra_result *keep, bool *exact)
{
	struct coupled c;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.sess = members;
	c.slot = slot;
	c.keep = keep;
	c.first = first;
	c.n = k;
	c.budget = budget;
	c.lb = upr_calloc((size_t)k + 1, sizeof(int64_t));
	c.res = upr_calloc((size_t)k, sizeof(*c.res));
	int maxk = 1;
	for (int i = 0; i < k; i++)
		if ((int)s->p->states[s->held[members[i]]].nspeakers > maxk)
			maxk = (int)s->p->states[s->held[members[i]]].nspeakers;
	int *buf = upr_malloc((size_t)k * 3 * maxk * sizeof(int) + 1);
	int64_t extra = BIG;
	if (!c.lb || !c.res || !buf) {
		*exact = false;
		goto out;
	}
	for (int i = k - 1; i >= 0; i--) {
		int h = members[i];
		const struct slot *sl = &s->slots[slot[i]];
		int64_t u = upr_sv_ucost(s, h, s->class_of[sl->room], sl->si);
		const struct upr_state *st = &s->p->states[s->held[h]];
		int64_t t = s->starts[sl->si];
		/* the prefer part stays the same; only intra changes */
		if (st->prefer.n &&
		    !upr_ivals_contains(&st->prefer, t, upr_session_end(s->p, s->held[h], t)))
			u -= s->w[UPR_W_PREFER];
		c.lb[i] = u + c.lb[i + 1];
		c.res[i].order = buf + (size_t)i * 3 * maxk;
		c.res[i].minutes = c.res[i].order + maxk;
		c.res[i].waitlisted = c.res[i].order + 2 * maxk;
	}
	int64_t uncoupled = c.lb[0];
	/* only a joint plan below the limit matters */
	c.best = limit < BIG - uncoupled ? uncoupled + limit : BIG;
	int64_t ceiling = c.best;
	/* one pass first: it usually costs no more than apart, and then it
	 * is optimal and nothing is left to search */
	int64_t seq = coupled_sequential(&c);
	if (seq < c.best) {
		c.best = seq;
		keep_plan(&c);
		c.done = first;
	}
	if (c.best > uncoupled && !c.oom && !c.done)
		coupled_level(&c, 0, 0);
	s->stats->intra_nodes += c.nodes;
	if (c.cut || c.oom)
		*exact = false;
	if (c.best < ceiling)
		extra = c.best - uncoupled;
out:
	upr_free(c.lb);
	upr_free(c.res);
	upr_free(c.blk);
	upr_free(buf);
	return extra;
}

int64_t upr_sv_coupling_extra(struct solver *s, int64_t limit, bool *exact)
{
	return upr_sv_coupling_plan(s, limit, COUPLED_NODES, false, NULL, NULL, exact);
}

int64_t upr_sv_coupling_plan(struct solver *s, int64_t limit, long nodes, bool first,
			     struct upr_intra_result *plan, bool *in, bool *exact)
{
	*exact = true;
	if (in)
		memset(in, 0, (size_t)s->nheld * sizeof(*in));
	int n = s->nheld;
	int64_t extra = 0;
	/* components by union-find over interacting pairs */
	int *parent = upr_malloc((size_t)(n + 1) * sizeof(int));
	int *members = upr_malloc((size_t)(n + 1) * sizeof(int));
	int *slot = upr_malloc((size_t)(n + 1) * sizeof(int));
	struct upr_intra_result *keep = plan ? upr_malloc((size_t)(n + 1) * sizeof(*keep)) : NULL;
	if (!parent || !members || !slot || (plan && !keep)) {
		upr_free(parent);
		upr_free(members);
		upr_free(slot);
		upr_free(keep);
		*exact = false;
		return BIG;
	}
	bool any = false;
	for (int i = 0; i < n; i++)
		parent[i] = i;
	for (int a = 0; a < n; a++)
		for (int i = 0; i < s->nshare[a]; i++) {
			int b = s->share[a][i];
			if (b <= a || !interact(s, s->assign[a], s->assign[b]))
				continue;
			int ra = a, rb = b;
			while (parent[ra] != ra)
				ra = parent[ra];
			while (parent[rb] != rb)
				rb = parent[rb];
			if (ra != rb)
				parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
			any = true;
		}
	if (!any) {
		upr_free(parent);
		upr_free(members);
		upr_free(slot);
		upr_free(keep);
		return 0;
	}
	for (int root = 0; root < n && extra < BIG; root++) {
		int k = 0;
		for (int i = 0; i < n; i++) {
			int r = i;
			while (parent[r] != r)
				r = parent[r];
			if (r == root)
				members[k++] = i;
		}
		if (k < 2)
			continue;
		/* by start, then room */
		for (int i = 1; i < k; i++)
			for (int j = i; j > 0 && s->assign[members[j]] < s->assign[members[j - 1]]; j--) {
				int t = members[j];
				members[j] = members[j - 1];
				members[j - 1] = t;
			}
		for (int i = 0; i < k; i++) {
			slot[i] = s->assign[members[i]];
			if (plan)
				keep[i] = plan[members[i]];
		}
		int64_t e = group_extra(s, members, slot, k, limit - extra, nodes, first,
					plan ? keep : NULL, exact);
		extra = e >= BIG ? BIG : extra + e;
		for (int i = 0; plan && i < k; i++) {
			plan[members[i]] = keep[i];
			in[members[i]] = true;
		}
	}
	upr_free(parent);
	upr_free(members);
	upr_free(slot);
	upr_free(keep);
	return extra;
}

int64_t upr_sv_pair_extra(struct solver *s, int a, int sa, int b, int sb, long nodes, bool *exact)
{
	*exact = true;
	/* by start, then room: slots are numbered so */
	int members[2] = { sa < sb ? a : b, sa < sb ? b : a };
	int slot[2] = { sa < sb ? sa : sb, sa < sb ? sb : sa };
	return group_extra(s, members, slot, 2, BIG, nodes, false, NULL, exact);
}
