/*
 * timetable_read.h - reading timetable.json back (validate, export,
 * plan --baseline), planned or edited by hand.
 */
#ifndef UPR_LOAD_TIMETABLE_READ_H
#define UPR_LOAD_TIMETABLE_READ_H

#include "model/timetable.h"

/* Largest timetable.json read; far above any real one. */
#define UPR_MAX_TIMETABLE_SIZE (64u * 1024u * 1024u)

/*
 * Parses text (len bytes) named name against p into *out (free with
 * upr_timetable_free).  Unknown ids, missing fields and wrong types are
 * errors that name the JSON path, e.g. "sessions[3].items[2].minutes".
 * Returns 0, or -1 with every error in d and *out NULL.
 */
int upr_timetable_read(const struct upr_problem *p, const char *name, const char *text,
		       size_t len, struct upr_timetable **out, struct upr_diags *d);
/* The same from a file. */
int upr_timetable_read_file(const struct upr_problem *p, const char *path,
			    struct upr_timetable **out, struct upr_diags *d);

/*
 * One calendar event of a timetable file as the file states it: a session
 * (speaker_id NULL) or a statement.  plan --baseline compares the new plan
 * with these, so they keep what the model cannot hold: the "sequence" the
 * calendars were published with, and the ids and names of States, speakers
 * and rooms that the input no longer defines (index -1).  The events of the
 * file's "cancelled" list (published CANCELLED by an earlier run) come
 * last, so that one that comes back gets a SEQUENCE above its cancellation.
 *
 *   events: S0 st st st S1 st st S2 ... C C C
 *           (file order; a session's statements follow it directly:
 *           first = S + 1, nstmts of them; C: cancelled, no names, session
 *           and nstmts 0)
 */
struct upr_tt_event {
	const char *state_id, *state_name;	/* as written; name NULL if absent */
	const char *speaker_id, *organisation;	/* NULL for a session */
	const char *room_id, *room_name;	/* the session's room */
	int state, speaker, room;	/* indices into the problem; -1: not defined there */
	int64_t start, end;	/* local minutes */
	int sequence;		/* the item's "sequence"; 0 when absent */
	size_t session;		/* a statement: index of its session's event */
	size_t nstmts;		/* a session: how many statement events follow */
	bool cancelled;		/* from the "cancelled" list */
};

struct upr_tt_events {
	struct upr_tt_event *v;	/* in the timetable's arena: freed with it */
	size_t n;
};

enum upr_tt_mode {
	/* validate, export: every id must be defined in the input */
	UPR_TT_STRICT,
	/*
	 * plan --baseline: a State, speaker or room id that the input no
	 * longer defines (a withdrawn speaker, a State removed) is not an
	 * error, as long as it is a well-formed id.  Sessions of such States
	 * and statements of such speakers stay out of *out but are in events
	 * with index -1; a session in such a room stays in *out with room -1
	 * (it cannot be kept, so it counts as moved); waitlist and not_held
	 * entries naming them are dropped.
	 */
	UPR_TT_BASELINE,
};

/*
 * upr_timetable_read with a mode, and with every session and statement of
 * the file in *events when events is not NULL (freed with *out).
 */
int upr_timetable_read_mode(const struct upr_problem *p, const char *name, const char *text,
			    size_t len, enum upr_tt_mode mode, struct upr_timetable **out,
			    struct upr_tt_events *events, struct upr_diags *d);
int upr_timetable_read_file_mode(const struct upr_problem *p, const char *path,
				 enum upr_tt_mode mode, struct upr_timetable **out,
				 struct upr_tt_events *events, struct upr_diags *d);

#endif
