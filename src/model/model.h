/*
 * model.h - the loaded problem: event, rooms, States, speakers, delegations.
 *
 * Everything here lives in the problem's arena and is read-only once the
 * loader returns.  Entities refer to each other by index into the arrays of
 * struct upr_problem, never by pointer, so a timetable can name them with
 * small integers.
 *
 * Time: every instant is an int64_t count of minutes since 1970-01-01 00:00
 * *local wall-clock time* of event.timezone ("local minutes").  Day number
 * d = floor(t / 1440) is the civil date (upr_days_from_civil).  Conversion to
 * UTC happens only when writing outputs (libical knows the zone's offsets).
 * The loader refuses a window of an event day that meets a change of UTC
 * offset (model/tz.h), so durations inside a window are exact.
 *
 *   interval [start, end)         two intervals overlap when they share a
 *   struct upr_ivals: sorted,     positive length (10-11 and 11-12 do not)
 *   disjoint, merged intervals
 */
#ifndef UPR_MODEL_MODEL_H
#define UPR_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "upr/diag.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "upr/upr.h"

#define UPR_MIN_PER_DAY 1440

struct upr_interval {
	int64_t start, end;	/* local minutes, start < end */
};

/* A set of times: sorted by start, disjoint, touching intervals merged. */
struct upr_ivals {
	struct upr_interval *v;
	size_t n;
};

/* Soft-constraint names, in the order of docs/reference.md#the-score and timetable.json. */
enum upr_weight {
	UPR_W_WAITLIST,
	UPR_W_WAITLIST_PRIORITY,
	UPR_W_CLASH,
	UPR_W_REVIEW_ORDER,
	UPR_W_PREFER,
	UPR_W_BALANCE,
	UPR_W_SHORT,
	UPR_W_ORDER,
	UPR_W_MOVED,
	UPR_W_COUNT
};
extern const char *const upr_weight_names[UPR_W_COUNT];
extern const int64_t upr_weight_defaults[UPR_W_COUNT];

/* A language: ISO 639-1 code packed as ('a'..'z')*26 + ('a'..'z'). */
typedef uint16_t upr_lang;
#define UPR_LANG(a, b) ((upr_lang)(((a) - 'a') * 26 + ((b) - 'a')))
#define UPR_LANG_EN UPR_LANG('e', 'n')

struct upr_event {
	struct upr_loc loc;
	const char *name;
	const char *id;		/* given, or derived from name */
	const char *timezone;	/* IANA name, checked to exist */
	const char *venue;	/* NULL when not given */
	int64_t *days;		/* day numbers, sorted, unique */
	size_t ndays;
	struct upr_interval *hours; /* minute-of-day windows [0,1440], sorted */
	size_t nhours;
	int session_length, opening, state_statement, questions, gap, grid;
	int min_statements;
	bool nhri_first;
	int statement_min, statement_max;
	int travel;
	bool waitlist;
	int arrival;		/* minutes before its session a speaker arrives */
	/* the notices to speakers: the sender, where replies go, and
	 * the closing lines; NULL when not given */
	const char *from_name, *from_email;	/* from_name may be NULL */
	const char *reply_to_name, *reply_to_email;
	const char *signature;
	int64_t weights[UPR_W_COUNT];
	struct upr_loc weight_loc[UPR_W_COUNT]; /* where overridden; line 0: default */
};

struct upr_room {
	struct upr_loc loc;
	const char *id, *name;
	int capacity;		/* -1: not given */
	upr_lang *languages;
	size_t nlanguages;
	bool video;
	const char *video_link;	/* http(s) URL of its video call; NULL none */
	bool has_available;	/* false: every event day and hour */
	struct upr_ivals available;
};

struct upr_state {
	struct upr_loc loc;
	const char *id, *name;
	bool has_review;
	int64_t review;		/* local minutes */
	struct upr_ivals prefer;	/* empty: no preference */
	struct upr_ivals unavailable;
	int room;		/* pinned room index, -1 none */
	bool has_start;
	int64_t start;		/* pinned start, local minutes */
	struct upr_loc room_loc, start_loc; /* where the pins were written */
	struct upr_loc review_loc;
	/* Derived by the loader: the speakers of this State in input order. */
	int *speakers;
	size_t nspeakers;
	int nhri;		/* speaker index of its NHRI, -1 none */
};

enum upr_kind { UPR_KIND_CSO, UPR_KIND_NHRI, UPR_KIND_COALITION };
extern const char *const upr_kind_names[3]; /* "cso", "nhri", "coalition" */

struct upr_speaker {
	struct upr_loc loc;
	const char *id, *organisation;
	enum upr_kind kind;
	int *states;		/* state indices, in the order written */
	size_t nstates;
	upr_lang language;
	bool remote;
	const char *video_link;	/* http(s) URL for a remote statement; NULL none */
	/* Private: who to write to.  Only the notices (never a published
	 * file) read these; NULL when not given (name NULL: organisation). */
	const char *contact_name, *contact_email;
	bool has_available;	/* false: always available */
	struct upr_ivals available;
	struct upr_ivals unavailable;
	int priority;		/* 0-9 */
	bool has_applied;	/* false: no `applied` given */
	int64_t applied;	/* when it applied, local minutes: ties of priority */
	int order;		/* position in the input, across all files */
};

struct upr_delegation {
	struct upr_loc loc;
	const char *id, *name;
	int state;		/* index of the State under review it represents, -1 */
	const char *state_id;	/* as written (may be a State not under review) */
	int *follows;		/* state indices, unique; own State included */
	size_t nfollows;
};

struct upr_problem {
	struct upr_arena arena;
	struct upr_event event;
	struct upr_room *rooms;
	size_t nrooms;
	struct upr_state *states;
	size_t nstates;
	struct upr_speaker *speakers;
	size_t nspeakers;
	struct upr_delegation *delegations;
	size_t ndelegations;
	/* Input files, in the order read (for DTSTAMP: newest mtime). */
	const char **files;
	size_t nfiles;
	int64_t newest_mtime;	/* seconds since the epoch, UTC */
	/* id -> index, filled by the loader */
	struct upr_strmap room_ids, state_ids, speaker_ids, delegation_ids;
};

/* ---- lookups (model.c) ---- */
int upr_problem_room_index(const struct upr_problem *p, const char *id);
int upr_problem_state_index(const struct upr_problem *p, const char *id);
int upr_problem_speaker_index(const struct upr_problem *p, const char *id);
int upr_problem_delegation_index(const struct upr_problem *p, const char *id);
bool upr_room_has_language(const struct upr_room *r, upr_lang lang);
void upr_lang_format(upr_lang l, char out[3]);
/* Frees p (allocated with upr_calloc by the loader) and its arena. */
void upr_problem_free(struct upr_problem *p);

/* ---- time (time.c) ---- */
/* Days since 1970-01-01 of a proleptic Gregorian date (any y). */
int64_t upr_days_from_civil(int64_t y, unsigned m, unsigned d);
void upr_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
bool upr_date_valid(int y, int m, int d);
int64_t upr_floor_div(int64_t a, int64_t b);
/* "2017-12-12" into out[11]. */
void upr_format_date(int64_t day, char out[11]);
/* "10:00" (minute of day 0..1440) into out[6]. */
void upr_format_hm(int minute, char out[6]);
/* "2017-12-12 10:00" into out[17]. */
void upr_format_local(int64_t t, char out[17]);

/* ---- sets of intervals (ivals.c) ---- */
/* Sorts and merges v[0..n) in place; returns the new count. */
size_t upr_ivals_normalize(struct upr_interval *v, size_t n);
/* Does [s,e) lie inside one interval of set? */
bool upr_ivals_contains(const struct upr_ivals *set, int64_t s, int64_t e);
/* Does [s,e) share positive length with set? */
bool upr_ivals_overlaps(const struct upr_ivals *set, int64_t s, int64_t e);

static inline bool upr_overlap(int64_t s1, int64_t e1, int64_t s2, int64_t e2)
{
	return s1 < e2 && s2 < e1;
}

#endif
