/*
 * check.h - the independent judge: hard constraints H1-H12 and the score.
 *
 * Every timetable the solver returns passes through upr_check before it is
 * written, and `validate` runs the same code on hand-edited ones.  The
 * checker depends only on the model: it never calls the search, so a bug in
 * the search cannot hide itself here.
 */
#ifndef UPR_CHECK_CHECK_H
#define UPR_CHECK_CHECK_H

#include "model/timetable.h"

enum upr_hard {
	UPR_H_SESSION_WINDOW = 1,
	UPR_H_ROOM_OVERLAP,
	UPR_H_STATEMENT_FIT,
	UPR_H_FAIR_SHARE,
	UPR_H_NHRI_FIRST,
	UPR_H_SPEAKER_OVERLAP,
	UPR_H_SPEAKER_AVAILABLE,
	UPR_H_LANGUAGE,
	UPR_H_VIDEO,
	UPR_H_STATE_UNAVAILABLE,
	UPR_H_PINNED,
	UPR_H_COMPLETE,
	UPR_H_COUNT
};
/* "session-window", ... indexed by enum upr_hard (index 0 unused). */
extern const char *const upr_hard_names[UPR_H_COUNT];

/* One broken hard constraint, with the entities involved (-1: none). */
struct upr_violation {
	enum upr_hard code;
	int state, state2, speaker, room;
	int64_t start, end;	/* the times involved, local minutes (0,0: none) */
	char *message;		/* lowercase sentence, owned by the result */
};

/* One soft penalty, for `validate --explain`. */
struct upr_penalty {
	enum upr_weight kind;
	int64_t count;		/* violations it stands for (cost = weight * count) */
	int state, state2, speaker, delegation; /* -1: none */
	char *message;
};

struct upr_check_result {
	struct upr_violation *v;
	size_t n, cap;
	struct upr_penalty *pen;	/* only filled when asked (explain) */
	size_t npen, cappen;
	struct upr_score score;
	int oom;
};

struct upr_check_opts {
	bool explain;		/* fill pen[] */
	/* With --baseline: the earlier timetable, for the `moved` count. */
	const struct upr_timetable *baseline;
};

void upr_check_result_init(struct upr_check_result *r);
void upr_check_result_release(struct upr_check_result *r);

/*
 * Checks every hard constraint of t against p and computes its score.
 * Returns the number of violations (0: t is valid), or -1 out of memory.
 * The score is computed even when hard constraints are broken.
 */
long upr_check(const struct upr_problem *p, const struct upr_timetable *t,
	       const struct upr_check_opts *opts, struct upr_check_result *r);

/* Is state i held (enough speakers, session.min_statements)? */
bool upr_state_held(const struct upr_problem *p, int state);
/* Minutes a session leaves for statements (length - opening - remarks - questions). */
int upr_statement_minutes(const struct upr_problem *p);

#endif
