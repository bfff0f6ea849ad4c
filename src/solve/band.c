/*
 * band.c - the band neighbourhood: every State moves at most a few start
 * times from where the best has it, all at once, searched exactly.
 *
 * The neighbourhood search (lns.c) frees up to six States and the beam
 * over start times (dp.c) keeps a few thousand partial placements of a
 * start among very many: between them they miss timetables that differ
 * from the best by a slide of a whole stretch of the review order, a
 * session or two taken out of one day and every later one moved up a
 * place, which the review-order weight makes worth it only when all of
 * them move.  Restricting every State to the starts within BAND of its
 * start in the best leaves the dynamic program over start times (dp.c)
 * few States that may start at any one time, so a run of it expands some
 * ten thousand states and seldom fills its table: the least placement of
 * the whole band, shared speakers planned in full when it is adopted.
 * Each improvement moves the band's centre, so the widths are tried in
 * turn until a whole turn brings nothing.
 *
 * It runs on the second core beside the dynamic-programming bound
 * (portfolio.c), from each of the search's snapshots in turn (the best
 * at fixed points of its work, whatever the effort: solve.c), so that
 * more effort never ends dearer; then, when the effort is large enough
 * for a wide one, a beam over the whole event from the search's final
 * best and the bands again if it gained (upr_sv_band_beam).
 * Deterministic: the runs depend on the best they start from and on the
 * states per start they are given only.
 */
#include "solve/internal.h"

/* The widths tried in turn, in start times either side.  At the default
 * effort on bench M's 20 rounds (2 rooms, 10 starts a day), 4 alone
 * left 5 rounds above the best known then and 4 then 5 left 2, and
 * lowered the best known of 2 others (docs/performance.md) */
static const int BANDS[] = { 4, 5 };
#define NBANDS (int)(sizeof(BANDS) / sizeof(BANDS[0]))

/* The band of the runs with one State loose: the others may move a
 * start either way, to make room where it lands */
#define BAND_LOOSE 1

/* Runs of one search at most, in turns of NBANDS + held States runs;
 * each costs a few milliseconds on bench M, where a turn that brings
 * nothing ends the search after 1-3 turns */
#define BAND_MAX_TURNS 4

/* Turns of band runs with q from s's best; true when one gained. */
static bool band_turns(struct solver *s, struct upr_sv_dp *q)
{
	bool better = false;
	/* a turn: each width, then each held State loose in turn; until a
	 * whole turn brings nothing */
	int turn = NBANDS + s->nheld;
	int idle = 0;
	for (long run = 0; run < (long)BAND_MAX_TURNS * turn && idle < turn; run++) {
		int k = (int)(run % turn);
		bool gain = k < NBANDS ? upr_sv_dp_band(q, BANDS[k], -1) :
					 upr_sv_dp_band(q, BAND_LOOSE, k - NBANDS);
		if (gain) {
			better = true;
			idle = 0;
		} else {
			idle++;
		}
		if (upr_sv_past_time_limit(s))
			break;
	}
	return better;
}

bool upr_sv_band_search(struct solver *s, long max_states)
{
	struct upr_sv_dp *q = upr_sv_dp_open(s, max_states);
	bool better = q && band_turns(s, q);
	upr_sv_dp_close(q);
	return better;
}

bool upr_sv_band_beam(struct solver *s, long max_states)
{
	if (max_states < UPR_SV_BEAM_MIN_STATES)
		return false;
	/* one set of tables for the beam and the bands after it: the joint
	 * plans it priced serve them too */
	struct upr_sv_dp *q = upr_sv_dp_open(s, max_states);
	bool better = q && upr_sv_dp_beam(q);
	if (better)
		band_turns(s, q);
	upr_sv_dp_close(q);
	return better;
}
