/*
 * internal.h - the search's shared state, behind solve.h.
 *
 * The search is split by concern, one file each (docs/internals/solver.md):
 *
 *   slots.c      the problem as the search sees it: held States, room
 *                classes, slots (room, start), the unary price table and
 *                the pairs (clash, shared speakers); setup and release
 *   prices.c     what a placement costs: unary, pairs, balance, the
 *                prices of every slot for one State, placing and unplacing
 *   greedy.c     the start: most constrained State first, cheapest slot
 *   coupled.c    sessions that share a speaker and run close together,
 *                planned jointly (the exact search's leaves)
 *   bounds.c     lower bounds, one function each, for the root and for
 *                the nodes of the exact search
 *   bb.c         branch and bound: the exact search
 *   dp.c         a lower bound by dynamic programming over start times
 *   dp_tail.c    its completion bound: what the unstarted States add
 *   lns.c        large-neighbourhood search
 *   restart.c    the rest of the effort: restarts of it from the best,
 *                perturbed
 *   portfolio.c  a second, independent chain of the search in a thread
 *   timetable.c  the best placement turned into a timetable
 *   solve.c      the driver: the order of the phases, upr_solve and
 *                upr_solve_subset
 *
 * Nothing here is seen outside src/solve/.  Indices: a "held index" h
 * numbers the held States (held[h] is the State), a slot k is
 * (slots[k].room, starts[slots[k].si]).
 */
#ifndef UPR_SOLVE_INTERNAL_H
#define UPR_SOLVE_INTERNAL_H

#include "solve/solve.h"

#include <pthread.h>
#include <stdint.h>

#define INF INT64_MAX
#define BIG (INT64_MAX / 4)	/* "infeasible" that still adds without overflow */
/* Snapshots of the best a search keeps (struct solver.snap): the last
 * at 128 times the default effort of a chain */
#define UPR_SV_SNAPS 8

struct slot {
	int room;
	int si;			/* index into starts[] */
	int day;		/* index into event.days */
};

struct edge {
	int to;			/* held index */
	int64_t w;
};

/* A run of starts of one unary price, from start si to the next run. */
struct urun {
	int si;
	int64_t v;
};

/* Rows of unary prices above this many (8 bytes each) are kept as runs. */
#define UPR_SV_DENSE_MAX (1L << 24)

struct solver {
	const struct upr_problem *p;
	const struct upr_solve_opts *o;
	struct upr_solve_stats *stats;
	/* One session length for every State (upr_session_length with
	 * UPR_SESSION_ANY): the slot grid, the conflict ranges, the pair
	 * windows and the cells below assume all sessions are alike. */
	int len, travel, gap;
	/* sessions that share a speaker and start at least this far apart
	 * never interact (H6), in any rooms: statement minutes + travel */
	int apart;
	int64_t w[UPR_W_COUNT];

	/* rooms grouped by what matters inside a session: languages, video */
	int nclasses;
	int *class_of;		/* room -> class */
	int *class_room;	/* class -> a room of it */
	int **class_rooms;	/* class -> its rooms, in input order */
	int *nclass_rooms;

	int64_t *starts;	/* distinct slot starts, sorted */
	int nstarts;
	int *start_day;		/* start -> day index */
	int *day_end;		/* start -> first start of a later day (runs of one day) */
	struct slot *slots;
	int nslots;
	int *slot_at;		/* room * nstarts + si -> slot, -1 */
	int *nopen;		/* class * nstarts + si -> open rooms of the class */
	long *nopen_class;	/* class -> its slots */
	long *nopen_room;	/* room -> its slots */
	int *conf_lo, *conf_hi;	/* per start: starts within len+gap (same room clash) */

	int nheld;
	int *held;		/* held index -> state */
	int *rev_order;		/* held indices by review time (then index) */
	int *rev_pos;		/* held index -> position in rev_order */
	int nrev;		/* held States with a review time: rev_order's first */
	int *hidx;		/* state -> held index, -1 */
	/* The unary price (intra + prefer; BIG if impossible) is
	 * upr_sv_ucost(s, h, class, si).  Only States whose price varies
	 * with the start (speakers' availability, the State's own
	 * unavailability, a start pin, prefer) have a row of starts,
	 * ucost[urow[h]][class][si]; the rest one price per class,
	 * ucst[h][class].  A States x starts table would not fit in memory
	 * for long events with many States.  When the rows together would
	 * pass UPR_SV_DENSE_MAX prices, ucost is NULL and each row is kept
	 * as runs of one price instead (uruns[uoff[row * nclasses + class]
	 * ..], by start): memory about the price's changes along the starts,
	 * a binary search per price. */
	int64_t *ucost;
	long *urow;		/* held -> row of ucost, -1: ucst */
	int64_t *ucst;
	struct urun *uruns;
	size_t *uoff;
	/* with runs: open rooms of class c at starts before si,
	 * open_before[c * (nstarts + 1) + si], and slots of room r,
	 * room_before[r * (nstarts + 1) + si], so that a run is counted at
	 * once (upr_sv_unary_summary) */
	long *open_before, *room_before;
	bool unary_inexact;
	struct edge **clash;	/* per held: clash neighbours */
	int *nclash;
	int **share;		/* per held: held States sharing a speaker */
	int *nshare;
	int64_t *base_start;	/* baseline start per held, INT64_MIN none */
	int *base_room;

	/* the current placement */
	int *assign;		/* held -> slot, -1 */
	int *occ;		/* slot -> held, -1 */
	/* slot -> placed sessions in its room less than a session and gap
	 * away (0: upr_sv_room_free), and class * nstarts + si -> the
	 * class's open rooms at si with none: kept by place and unplace */
	int *blocked;
	int *nfree_cs;
	int *day_count;
	/* the placed States with a review time, per start (rev_hist) and as
	 * one bit per position of rev_order (rev_placed): kept by place and
	 * unplace, so that compute_pc reads only those reviewed no earlier
	 * than its State, not every placed State */
	int *rev_hist;
	uint64_t *rev_placed;
	int64_t cost;		/* of the current complete placement */
	bool pc_dirty;		/* s->pc or s->forbid may hold non-zeros */

	/* the best */
	int *best;
	int *heur;		/* the best before the exact search (heuristic rules) */
	bool have_heur;
	int64_t best_cost;
	int64_t lower_bound;
	bool optimal;
	bool coupled_uncertain;	/* a joint plan might have been cheaper */
	int64_t min_uncertain;

	uint64_t rng;
	long work, work_limit;
	/* Snapshots of the best as the search's work (from snap_base)
	 * passes the default effort of a chain (solve.c), twice that, four
	 * times...: where the band
	 * neighbourhood starts (band.c).  The same points whatever the
	 * effort, so a larger effort has every snapshot a smaller one has;
	 * snap_next 0: no more */
	long snap_base, snap_next;
	int nsnap;
	int *snap[UPR_SV_SNAPS];
	int64_t snap_cost[UPR_SV_SNAPS];
	double t0, time_limit;
	double deadline;	/* upr_solve_clock's seconds; 0: none */
	bool stop;
	int exact_mode;		/* 1: sessions sharing a speaker may run together */
	const unsigned char *keep; /* only these States (explanations); NULL: all */

	/* scratch */
	int64_t *pc;		/* per start: pair cost with the placed */
	int *forbid;		/* per start: coupling conflicts */
	int64_t *diff;
};

struct bb {
	struct solver *s;
	int64_t **cand_cost;	/* scratch per depth: cost per slot */
	int64_t *cost;		/* scratch of one node: [held][slot] option costs */
	int64_t *mn;		/* [held]: cheapest option */
	uint64_t *allow;	/* scratch of one node: [unplaced] days within the gap */
	/* the assignment bound's scratch: matrix [unplaced][column], its
	 * columns' slots, the unplaced States, duals and the method's own */
	int64_t *am, *au, *av, *aminv;
	int *arow, *ap, *away;
	bool *aused;
	/* the order bound's tables, [ordered State][start]: costs, forward
	 * and backward passes; the ordered States (nord of them at this
	 * node, 0: the bound did not apply); held -> index in allow */
	int64_t *dpc, *dpf, *dpb;
	int *ord, *allow_of;
	int nord;
	/* Cells: a room's starts cut into runs of one session length; two
	 * sessions that start in one cell overlap, so a cell holds one
	 * session, and the assignment's columns are cells, not slots (in one
	 * room 10:00 and 10:30 are one cell). */
	int *cell;		/* slot -> cell */
	int *cellcol;		/* cell -> column of this node, -1 */
	int ncells;
	long nodes, budget;
	bool complete;
};

/* The unary price of h in a room of class c at start si (see ucost). */
static inline int64_t upr_sv_ucost(const struct solver *s, int h, int c, int si)
{
	long r = s->urow[h];
	if (r < 0)
		return s->ucst[(size_t)h * s->nclasses + c];
	size_t rc = (size_t)r * s->nclasses + c;
	if (s->ucost)
		return s->ucost[rc * s->nstarts + si];
	/* the last run starting at or before si (a row's first starts at 0) */
	size_t lo = s->uoff[rc], hi = s->uoff[rc + 1];
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->uruns[mid].si <= si)
			lo = mid;
		else
			hi = mid;
	}
	return s->uruns[lo].v;
}

/* ---- slots.c ---- */
/* Rows of more than this many prices are kept as runs (tests lower it;
 * negative: UPR_SV_DENSE_MAX). */
void upr_sv_test_dense_max(long prices);
/* Builds the held States, classes, slots, prices and pairs of s (s->p,
 * s->o, s->stats, s->keep set).  0, -1 out of memory, or -2 the time
 * limit passed first. */
int upr_sv_setup(struct solver *s);
/* Frees what upr_sv_setup built (also after a partial setup). */
void upr_sv_solver_release(struct solver *s);
/* Index of the first start >= t (nstarts when none). */
int upr_sv_find_start(const struct solver *s, int64_t t);

/* Do sessions starting at ta and tb that share a speaker start closer
 * than s->apart, so that in different rooms their statements may meet
 * (H6)? */
static inline bool upr_sv_too_close(const struct solver *s, int64_t ta, int64_t tb)
{
	return ta < tb + s->apart && tb < ta + s->apart;
}
/* The starts [*lo, *hi) a session sharing a speaker with placed State j
 * must not take under the heuristic phases' rule (upr_sv_too_close, any
 * room); false when j is not placed. */
bool upr_sv_apart_range(const struct solver *s, int j, int *lo, int *hi);

/* ---- prices.c ---- */
/* Price of h alone at slot: statements inside, prefer, moved; BIG when
 * it may not go there. */
int64_t upr_sv_unary(const struct solver *s, int h, int slot);
/* Is slot's room free of placed sessions (other than ignore) within a
 * session length and gap? */
bool upr_sv_room_free(const struct solver *s, int slot, int ignore);
/* Pair price of a at sa and b at sb (clash, review order); BIG when they
 * may not run together in the heuristic phases. */
int64_t upr_sv_pair_cost(const struct solver *s, int a, int sa, int b, int sb);
/* Prices of every start for h against the placed States: s->pc, s->forbid. */
void upr_sv_compute_pc(struct solver *s, int h);
/* Price of h at slot after upr_sv_compute_pc(s, h), balance aside. */
int64_t upr_sv_slot_cost(const struct solver *s, int h, int slot);
/* The max cheapest free slots of h after upr_sv_compute_pc(s, h). */
void upr_sv_cheapest_slots(struct solver *s, int h, int *cand, int64_t *ccost, int *n, int max);
/* `balance` count of day counts c[0..n). */
int64_t upr_sv_balance_of(const int *c, int n);
/* Full price of the current complete placement, from scratch. */
int64_t upr_sv_total_cost(struct solver *s);
/* The placed reviewed States from h's review time on, in review order
 * (States of one review time are adjacent in rev_order): pos =
 * upr_sv_rev_first(s, h), then upr_sv_rev_next_placed(s, &pos) gives
 * each one's held index and -1 at the end. */
int upr_sv_rev_first(const struct solver *s, int h);
int upr_sv_rev_next_placed(const struct solver *s, int *pos);
void upr_sv_place(struct solver *s, int h, int slot);
void upr_sv_unplace(struct solver *s, int h);
/* The cheapest unary price of h over all slots (BIG: none) and how many
 * slots it may take; as a scan of upr_sv_unary over the slots, but in
 * time linear in starts x classes (constant for most States). */
void upr_sv_unary_summary(const struct solver *s, int h, int64_t *min, long *count);
/* Sort key of h: its review time, INT64_MAX without one. */
int64_t upr_sv_state_key(const struct solver *s, int h);

/* ---- coupled.c ---- */
/* What planning sessions with shared speakers jointly adds to the current
 * complete placement: 0, or BIG when not below limit; *exact false when a
 * budget cut it short. */
int64_t upr_sv_coupling_extra(struct solver *s, int64_t limit, bool *exact);
/* The same with a node budget of each group of interacting sessions, and
 * with plan (per held State; the caller's arrays, nspeakers each) the
 * joint plan found of each State in such a group, which in[h] says.
 * With first, each group's first plan below what is left of the limit,
 * not the cheapest. */
int64_t upr_sv_coupling_plan(struct solver *s, int64_t limit, long nodes, bool first,
			     struct upr_intra_result *plan, bool *in, bool *exact);
/* What planning a at slot sa and b at slot sb jointly (they share a
 * speaker; nothing else placed) adds to planning each alone: 0 or more,
 * or BIG when, with *exact true, they cannot be planned together at all.
 * *exact false when the node budget cut it short (then it means
 * nothing). */
int64_t upr_sv_pair_extra(struct solver *s, int a, int sa, int b, int sb, long nodes,
			  bool *exact);

/* ---- greedy.c ---- */
/* Places every held State; 1 all placed, 0 some not, -1 out of memory,
 * -2 the time limit passed first.  Runs whatever the effort: its work is
 * about States x the starts whose lower bound is below the price taken,
 * times a logarithm, small beside any search. */
int upr_sv_greedy(struct solver *s);

/* ---- bounds.c ---- */
/* Bound of every timetable: each State's cheapest slot alone, plus balance. */
int64_t upr_sv_root_bound(struct solver *s);
/* The bounds of one node of the exact search, in the order bb_node
 * applies them.  Each returns the node's bound so far (or a count, where
 * said); a result >= s->best_cost prunes the node. */
/* Cheapest option of every unplaced State; fills b->cost and b->mn, and
 * *pick, the State with the fewest options.  BIG at a dead end. */
int64_t upr_sv_bound_cheapest(struct bb *b, int64_t partial, int *pick);
/* Min-cost assignment of the unplaced States to distinct cells; turns
 * b->cost into reduced costs (b->mn 0).  lb when it does not apply. */
int64_t upr_sv_bound_assignment(struct bb *b, int depth, int64_t partial, int64_t lb);
/* Least `balance` count once n_more more sessions are placed on the days'
 * current counts (water-filling; not weighted). */
int64_t upr_sv_bound_balance(const struct solver *s, int n_more);
/* review-order surely paid among unplaced States (weighted), given base. */
int64_t upr_sv_bound_forced(struct bb *b, int depth, int64_t base);
/* The review-order sequence of unplaced States; sets b->nord.  Returns the
 * bound base + its cost, or base when it does not apply. */
int64_t upr_sv_bound_order(struct bb *b, int depth, int64_t base, int64_t forced);
/* Days within the gap that cannot be spread evenly: the bound lb raised
 * by the `balance` beyond bal (the free spread's count). */
int64_t upr_sv_bound_days(struct bb *b, int depth, int64_t lb, int64_t base, int64_t bal);

/* ---- bb.c ---- */
/* Exact search from scratch within budget nodes; keeps s->assign.  Sets
 * stats->bb_complete.  0, or -1 out of memory. */
int upr_sv_branch_and_bound(struct solver *s, long budget);

/* ---- lns.c ---- */
/* Improves the current complete placement until patience repairs in a
 * row bring nothing, or the work runs out. */
void upr_sv_lns(struct solver *s, long patience);
/* The next number of the search's generator (splitmix64 on s->rng). */
uint64_t upr_sv_rnd(struct solver *s);

/* ---- restart.c ---- */
/* Spends what is left of the work on restarts of the neighbourhood search
 * from the best, perturbed, each with patience; stops early only at the
 * lower bound.  Leaves the best placed. */
void upr_sv_restarts(struct solver *s, long patience);
/* Places every held State at slots[h] (unplacing the current placement). */
void upr_sv_place_all(struct solver *s, const int *slots);
/* Does the current complete placement keep shared speakers' sessions
 * s->apart apart in any room (the neighbourhood search's rule)? */
bool upr_sv_keeps_apart(const struct solver *s);

/* ---- portfolio.c ---- */
/* A chain of the search beside the driver's: its own solver, options
 * and counters, and what it needs from the driver. */
struct upr_sv_chain {
	struct solver s;
	struct upr_solve_opts o;
	struct upr_solve_stats stats;
	int64_t lower_bound;
	long effort;
	/* the searches over start times (upr_sv_band_start) instead of a
	 * chain: from[0] the best, from[1..nfrom) the search's snapshots
	 * (from_n ints each) and their costs; the states per start of the
	 * band search from each snapshot, and of the beam (0: none) */
	int *from;
	int from_n, nfrom;
	int64_t from_cost[UPR_SV_SNAPS + 1];
	long snap_states[UPR_SV_SNAPS];
	long beam_states;
	bool band;
	pthread_t thread;
	bool threaded, started, ok;
};
/* Starts chain index (>= 1) of the problem of main: set-up, greedy start
 * and upr_sv_search within effort, from a seed derived from main's; in a
 * thread of its own when threaded and one can be started, else it runs
 * in upr_sv_chain_finish. */
void upr_sv_chain_start(struct upr_sv_chain *c, const struct solver *main, int index,
			long effort, bool threaded);
/* Starts the searches over start times on the problem of main: the
 * band neighbourhood (upr_sv_band_search) from each of main's snapshots
 * in turn, with snap_states[k] states per start, each from the cheaper
 * of the snapshot and the last one's result; then, with beam_states,
 * upr_sv_band_beam from the cheaper of that and main's best.  With a
 * solver of its own: in a thread when threaded and one can be started,
 * else in upr_sv_chain_finish.  Nothing when main has no best, or no
 * snapshot and beam_states below UPR_SV_BEAM_MIN_STATES. */
void upr_sv_band_start(struct upr_sv_chain *c, const struct solver *main,
		       const long *snap_states, long beam_states, bool threaded);
/* Waits for c (or runs it), adds a chain's counters to s->stats and makes
 * its best s's best when strictly cheaper; releases c. */
void upr_sv_chain_finish(struct upr_sv_chain *c, struct solver *s);

/* ---- dp.c ---- */
/* Lower bound by dynamic programming over start times (review order,
 * balance, clash and unary prices exact; of shared speakers, a matching
 * of pairs),
 * pruned by incumbent or lower targets, with at most max_states states
 * per start.  *complete false when it does not apply (then the result
 * means nothing); else the bound (at least the completion bound of the
 * empty placement, when every run is cut short), at most
 * incumbent: equal to it, a proof.  With adopt, the program's least
 * placement, when found, becomes the best if it is cheaper once shared
 * speakers are planned (the best is left placed).  Does not count
 * against the effort. */
int64_t upr_sv_dp_bound(struct solver *s, int64_t incumbent, long max_states, bool adopt,
			bool *complete);
/* Does the program apply to s (at most 64 held States in at most 4
 * rooms)? */
bool upr_sv_dp_applies(const struct solver *s);
/* Searches over start times from s's best (dp.c), which share the
 * program's tables and its joint plans' answers: a width of a tenth of
 * max_states states per start (a fifth from as many states as the bound
 * counts shared speakers' pairs from; these searches always count them).
 * NULL when the program does not apply, s has no best or out of memory. */
struct upr_sv_dp;
struct upr_sv_dp *upr_sv_dp_open(struct solver *s, long max_states);
void upr_sv_dp_close(struct upr_sv_dp *q);
/* A beam (dp.c's dp_beam) over the whole event from the target
 * s->best_cost: its least placement becomes the best when it is cheaper
 * once shared speakers are planned (the best is left placed).  true when
 * it did.  Does not count against the effort. */
bool upr_sv_dp_beam(struct upr_sv_dp *q);
/* The same within a band: each held State at most band start times (in
 * time order, over the whole event) from its start in the best, but
 * held State loose (unless -1) anywhere.  Such a run seldom fills its
 * table, and is then exact within the band.  A placement once found no
 * cheaper when priced in full is not priced again. */
bool upr_sv_dp_band(struct upr_sv_dp *q, int band, int loose);
/* Turns the beam and the bands off (tests that compare). */
void upr_sv_test_beam_off(bool off);

/* ---- band.c ---- */
/* The band neighbourhood from s's best: upr_sv_dp_band at a few widths,
 * and with each held State loose, in turn until a turn brings nothing;
 * tables of max_states states per start (upr_sv_dp_open).  true when
 * the best became cheaper. */
bool upr_sv_band_search(struct solver *s, long max_states);
/* States per start from which a beam over the whole event runs after
 * the bands (a width of a fifth of them, dp.c).  Below, the bands alone
 * did as well on bench M at a fraction of the time (docs/performance.md) */
#define UPR_SV_BEAM_MIN_STATES 65536L
/* From UPR_SV_BEAM_MIN_STATES states per start on (else nothing), upr_sv_dp_beam
 * and, when it gained, upr_sv_band_search from there.  true when the
 * best became cheaper. */
bool upr_sv_band_beam(struct solver *s, long max_states);

/* ---- dp_tail.c ---- */
/* The completion bound of dp.c: what the unstarted States still add
 * (unary prices, review order and clash among themselves), a chain in
 * review order that pays for each State that starts no later than the
 * latest before it, and the clash (or the want of two rooms) of each
 * State whose session overlaps that of the State that set the record.
 * Table [first start][rank][record][setter]. */
struct dp_tail {
	int n, T, nr;		/* held States, starts, States with a review time */
	int64_t wr;
	int64_t *um;		/* [h][si]: least unary price at si over the rooms */
	int64_t *review;	/* [h]: upr_sv_state_key */
	int *rank;		/* held -> place in order, -1 without a review time */
	uint64_t *below;	/* [r]: the held States of rank < r (r <= nr) */
	uint64_t norev;		/* the held States without a review time */
	int *order;		/* the States with a review time, by it */
	unsigned *rooms;	/* [h][si]: the rooms h may start in at si */
	int64_t *cl;		/* [h][j]: the clash of h and j when they overlap */
	int K;			/* setters of the record told apart */
	int64_t *g;		/* [first][rank][record + 1][setter]: the suffix's least chain */
	int64_t *rv;		/* [first][rank]: the reverse chain's least over ranks from rank */
	int64_t *pm, *sm;	/* scratch of the build */
	bool ready;		/* the tables are built */
};
/* Builds t from u, [h][slot] unary prices.  0; 1 when the table would
 * be too large or review times repeat (t->ready false: use the least
 * unary prices); -1 out of memory.  upr_sv_tail_release frees it in every case. */
int upr_sv_tail_build(struct dp_tail *t, const struct solver *s, const int64_t *u);
void upr_sv_tail_release(struct dp_tail *t);
/* Least cost the States not in started still add from start first on
 * (minu: [h][si] least unary price from si, stride starts + 1, for the
 * States without a review time).  Needs t->ready. */
int64_t upr_sv_tail_bound(struct dp_tail *t, const int64_t *minu, uint64_t started, int first);

/* ---- timetable.c ---- */
/* Node budget of planning a session, or a group of sessions that share
 * speakers, for the timetable */
#define UPR_SV_JOINT_NODES 2000000L
/* The timetable of s->best.  0; 1 when the sessions that share speakers
 * cannot be planned as placed (a fault of the search); -1 out of memory.
 * With cost, its cost with the joint plans of sessions that share
 * speakers it took (BIG: none found). */
int upr_sv_build_timetable(struct solver *s, struct upr_timetable *t, int64_t *cost);

/* ---- solve.c ---- */
/* The fields of s that every run starts from (before upr_sv_setup). */
void upr_sv_solver_init(struct solver *s, const struct upr_problem *p,
			const struct upr_solve_opts *o, struct upr_solve_stats *stats);
/* Has the work or the time run out?  Sets s->stop. */
bool upr_sv_out_of_time(struct solver *s);
/* Has the time limit passed?  Sets s->stop and stats->time_out.  For the
 * phases that run whatever the effort (setup, the greedy start). */
bool upr_sv_past_time_limit(struct solver *s);
/* The search after the greedy start, whose outcome is g (1: every State
 * placed, s->best set): branch and bound for small inputs or when g is
 * not 1, the neighbourhood search, restarts; each phase within effort.
 * 0, or -1 out of memory.  Leaves the best placed. */
int upr_sv_search(struct solver *s, int g, long effort);
/* Keeps the current placement as the best, at cost. */
void upr_sv_save_best(struct solver *s, int64_t cost);

#endif
