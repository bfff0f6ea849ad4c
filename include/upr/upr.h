/*
 * upr/upr.h - the public interface of libupr, the upr-schedule library.
 *
 * What the commands of upr-schedule do, callable from any program:
 *
 *   upr_load       YAML files (or buffers) into a problem      `check`
 *   upr_plan       plan, check and write the timetable files   `plan`
 *   upr_validate   judge a timetable.json: constraints, score  `validate`
 *   upr_export     write the files of an existing timetable    `export`
 *   upr_edit       change a published timetable by hand        `edit`
 *   upr_why        explain a timetable for a State or speaker  `why`
 *   upr_import     a form's CSV export into speakers.yaml      `import`
 *
 * `check` is upr_load, upr_problem_precheck and upr_problem_counts.  The
 * library never prints and never exits: every function returns a status
 * (enum upr_status) and appends diagnostics to a list the caller owns (upr/diag.h).  struct
 * upr_problem, struct upr_timetable and struct upr_validation are opaque
 * here; options and reports are plain structs the caller fills or reads.
 *
 * No process-wide side effect: the library reads no environment variable
 * (the caller passes SOURCE_DATE_EPOCH as a dtstamp) and leaves cJSON's
 * allocator as it is; upr-schedule's main routes cJSON through the
 * library's allocator (upr_mem_hook_cjson, src/util/mem.h) so that tests
 * can make any allocation fail.
 */
#ifndef UPR_UPR_H
#define UPR_UPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "upr/diag.h"

#define UPR_VERSION "0.1.0"

struct upr_problem;
struct upr_validation;

/* What a call of upr_plan, upr_validate or upr_export came to; the
 * command-line's exit codes are these numbers. */
enum upr_status {
	UPR_OK = 0,
	/* the answer is no: no timetable exists, a timetable breaks a hard
	 * constraint or states a wrong score; or out of memory, or an
	 * internal error (the diagnostics say which) */
	UPR_FAILED = 1,
	UPR_BAD_INPUT = 2,	/* the input, a timetable or an option is wrong */
	UPR_WRITE_ERROR = 3,	/* an output file could not be written */
};

/* Limits on what the loader accepts (docs/reference.md#limits). */
#define UPR_MAX_FILE_SIZE (16u * 1024u * 1024u)
#define UPR_MAX_DEPTH 64
/* Nodes that aliases may add in one file, counted as they expand: enough for
 * any honest reuse of anchors, far below a billion-laughs blow-up. */
#define UPR_MAX_ALIAS_NODES 100000
/* Bytes of text that aliases may add in one file, counted like the nodes:
 * a few anchored names repeated stay far below it, while one long anchored
 * string repeated cannot multiply the file into gigabytes. */
#define UPR_MAX_ALIAS_BYTES (1024u * 1024u)
/* Bytes in one string (a name, an organisation, an id, ...): far above any
 * real name, so that no value can bloat every output that repeats it. */
#define UPR_MAX_STRING_BYTES 4096

/*
 * Loads every file or directory of paths (docs/reference.md#input-files) into *out.  Returns 0 on
 * success; otherwise -1 with every error of every file in diags, and *out
 * NULL.  The caller frees *out with upr_problem_free.
 */
int upr_load(const char *const *paths, size_t npaths,
	     struct upr_problem **out, struct upr_diags *diags);

/*
 * Same, from in-memory documents (for tests and fuzzing).  names[i] is what
 * diagnostics call document i; nothing is read from disk.
 */
int upr_load_buffers(const char *const *names, const char *const *bufs,
		     const size_t *lens, size_t n,
		     struct upr_problem **out, struct upr_diags *diags);

void upr_problem_free(struct upr_problem *p);

struct upr_counts {
	size_t states, speakers, statements, rooms, delegations;
};
void upr_problem_counts(const struct upr_problem *p, struct upr_counts *c);

/*
 * What `check` finds without a search, per State: no room offers every
 * language and video its statements need; its speakers share no possible
 * session time (availability, event days and hours, its pins and
 * unavailable times); more statements than one session holds at
 * statement.min.  With waitlist: false each is an error at the State or
 * speaker and the call returns UPR_FAILED: the input is well-formed, but
 * no timetable can exist.  With waitlist: true each is a warning naming
 * who will wait (an error still when an NHRI would have to), and UPR_OK.
 * -1 out of memory (an error in d).  What it does not find, plan may
 * still find (docs/reference.md).
 */
int upr_problem_precheck(const struct upr_problem *p, struct upr_diags *d);

/* ---- the language of the outputs' fixed words (src/export/lang.h) ---- */

/* Is code ("en", "fr", "es") a language of the outputs?  NULL is English. */
bool upr_output_lang_known(const char *code);
/* The languages, for people: "en, fr, es". */
const char *upr_output_lang_list(void);

/* ---- output formats (the registry: src/export/formats.c) ---- */

/*
 * Parses "json,csv,..." (names of formats, or "all") into a set of formats
 * for upr_plan and upr_export.  0 on error, with *bad pointing at the first
 * unknown name in list and *badlen its length.
 */
unsigned upr_formats_parse(const char *list, const char **bad, size_t *badlen);
/*
 * The names of the formats, in the registry's order, separated by sep, the
 * last two by last: (",", ",") gives "json,csv,ics,html,frab", (", ",
 * " or ") "json, csv, html or frab".  one_file: only the formats that
 * write one file (those that can go to a stream).  Written into buf
 * (always terminated when size > 0); returns the length the whole list
 * needs, as snprintf does.
 */
size_t upr_formats_list(char *buf, size_t size, const char *sep, const char *last,
			bool one_file);
/* Is the set one format that writes one file (so it can go to a stream)? */
bool upr_formats_one_file(unsigned formats);

/* ---- plan ---- */

struct upr_plan_progress {
	bool started;		/* the input is read; the search starts now */
	int64_t best, bound;	/* best score so far (INT64_MAX: none yet), lower bound */
	double seconds;
};

struct upr_plan_opts {
	uint64_t seed;		/* the search's seed; same seed, same bytes */
	long effort;		/* work units; <= 0: the default */
	double time_limit;	/* seconds; <= 0: none (else the result may vary) */
	/* seconds the caller spent on this run before upr_plan (reading the
	 * input): the time limit counts them, so that it bounds the run */
	double time_spent;
	/* an earlier timetable.json: keep what can be kept, keep calendar
	 * UIDs and write changes.txt (docs/replan.md); NULL: none */
	const char *baseline;
	const char *out;	/* the directory to write into */
	/* Without baseline, a timetable.json already in out is the baseline
	 * (its calendars were published); fresh: plan from scratch instead,
	 * and use it only to cancel the calendar events it published that
	 * the new plan does not have (docs/replan.md) */
	bool fresh;
	/* non-NULL: write the one file of formats (one format that writes
	 * one file, no baseline) to this stream instead of out */
	FILE *stream;
	unsigned formats;	/* upr_formats_parse; 0: all */
	int64_t dtstamp;	/* calendars' DTSTAMP, seconds since the epoch
				 * UTC; < 0: the newest input file's mtime */
	/* the language of programme.html, organiser.html, the calendars'
	 * fixed words and changes.txt (upr_output_lang_known); NULL: "en" */
	const char *lang;
	/* called once when the search starts, then now and then (may be NULL) */
	void (*progress)(void *ctx, const struct upr_plan_progress *pr);
	void *progress_ctx;
};

/* Counters of the search, for people (never written to outputs). */
struct upr_search_counters {
	long slots, intra_evals, intra_nodes, bb_nodes, bb_leaves;
	long lns_iterations, lns_improvements;
	int64_t greedy_cost;	/* -1: the greedy start placed not every State */
	bool bb_complete, time_out;
	double seconds_setup, seconds_search;
};

/* What a plan leaves out, one entry each: a waitlisted statement, or a
 * State not held (speaker NULL).  Names point into the problem; reason
 * into the report. */
struct upr_plan_left {
	const char *speaker, *speaker_id;	/* organisation and id; NULL: not held */
	const char *state, *state_id;		/* the State's name and id */
	const char *reason;			/* as timetable.json writes it */
};

/* What a plan came to (filled when upr_plan returns UPR_OK; release it
 * with upr_plan_report_release, also before reusing it). */
struct upr_plan_report {
	size_t sessions, statements, waitlisted;
	/* the waitlisted statements in timetable.json's order, then the
	 * States not held in input order: waitlisted + not_held entries */
	struct upr_plan_left *left;
	size_t nleft, not_held;
	int64_t score;		/* the checker's score of the plan */
	bool optimal;
	int64_t lower_bound;	/* the search's; equals score when optimal */
	/* with a baseline: sessions moved, lines of changes.txt, calendar
	 * events with a raised SEQUENCE and of them cancelled */
	size_t moved, changes, events_changed, events_cancelled;
	/* the timetable the plan was compared with: o->baseline, or the
	 * timetable.json found in o->out (found); NULL: none.  fresh: it only
	 * gave the calendars' history, not the plan (owned by the report) */
	char *baseline;
	bool found, fresh;
	struct upr_search_counters search;
};

/*
 * Plans p: reads the baseline, solves, explains in diagnostics why no
 * timetable exists when none does, has the independent checker judge the
 * timetable (nothing it rejects is written), builds the re-plan's history
 * and writes the files of o->formats.  Returns UPR_OK with *r filled,
 * UPR_FAILED (no timetable; an internal error: the checker rejects the
 * plan, or its score differs from the bound the search proved optimal;
 * out of memory), UPR_BAD_INPUT (the baseline, the options) or
 * UPR_WRITE_ERROR; nothing is published unless UPR_OK.
 */
int upr_plan(const struct upr_problem *p, const struct upr_plan_opts *o,
	     struct upr_plan_report *r, struct upr_diags *d);
/* Frees what *r holds (its `left`); *r may be all zero. */
void upr_plan_report_release(struct upr_plan_report *r);

/* ---- validate ---- */

struct upr_validate_opts {
	const char *timetable;	/* the timetable.json to judge */
	/* the timetable a re-plan started from, to recompute `moved`; NULL:
	 * take the stated `moved` as it is */
	const char *baseline;
	bool explain;		/* list every soft penalty */
	/* append an error for each stated part of the score that differs
	 * from the recomputed one (and a note when `moved` is taken as it is) */
	bool score_diags;
};

/*
 * Judges the timetable o->timetable of p with the checker: every hard
 * constraint, the score, and the score the file states.  *out gets the
 * verdict (upr_validation_free) unless the timetable does not read
 * (UPR_BAD_INPUT) or memory ran out (UPR_FAILED).  Returns UPR_OK when it
 * is valid, UPR_FAILED when a hard constraint is broken or the stated
 * score is wrong.
 */
int upr_validate(const struct upr_problem *p, const struct upr_validate_opts *o,
		 struct upr_validation **out, struct upr_diags *d);
/* Every hard constraint holds and the stated score (if any) is right. */
bool upr_validation_valid(const struct upr_validation *v);
/* Broken hard constraints. */
size_t upr_validation_violations(const struct upr_validation *v);
/* The recomputed score. */
int64_t upr_validation_score(const struct upr_validation *v);
void upr_validation_free(struct upr_validation *v);

/* ---- export ---- */

struct upr_export_request {
	const char *timetable;	/* the timetable.json to export */
	/* the published timetable.json it was changed from: calendars and
	 * changes.txt as after a re-plan against it (docs/replan.md); NULL:
	 * the timetable is its own baseline */
	const char *baseline;
	/* where: a directory (NULL: "out"); with delegation or speaker, the
	 * one file to write (NULL: stream) */
	const char *out;
	/* non-NULL: write one file to this stream: the calendar of
	 * delegation or speaker, else the first file of the one format */
	FILE *stream;
	unsigned formats;	/* upr_formats_parse; 0: all */
	const char *delegation;	/* id: only this delegation's calendar */
	const char *speaker;	/* id: only this speaker's calendar */
	bool force;		/* export even a timetable that breaks a hard constraint */
	int64_t dtstamp;	/* as in upr_plan_opts */
	const char *lang;	/* as in upr_plan_opts */
	/* non-NULL: write only the notices to speakers (private: their
	 * contacts), into this directory's notices/ folder */
	const char *notices;
};

/*
 * Writes the files of plan from the timetable rq->timetable of p, without
 * solving; the score written is the recomputed one.  Without
 * rq->baseline every calendar event keeps the SEQUENCE the file records;
 * with it, SEQUENCE rises on the events changed against the baseline,
 * the baseline's removed events are CANCELLED, `moved` is counted, and
 * changes.txt is written with the directory's files.  Returns UPR_OK, UPR_FAILED
 * (the timetable breaks a hard constraint and !rq->force; out of memory),
 * UPR_BAD_INPUT (the timetable, an unknown delegation or speaker, the
 * request) or UPR_WRITE_ERROR.
 */
int upr_export(const struct upr_problem *p, const struct upr_export_request *rq,
	       struct upr_diags *d);

/* ---- edit (src/api/edit.c) ---- */

/* What an edit does; the command line's verbs (docs/reference.md). */
enum upr_edit_verb {
	UPR_EDIT_MOVE,		/* ids: a State; to, room */
	UPR_EDIT_SWAP,		/* ids: two States: each takes the other's room and start */
	UPR_EDIT_ORDER,		/* ids: a State, then speakers in running order */
	UPR_EDIT_WAITLIST,	/* ids: a speaker; state */
	UPR_EDIT_SEAT,		/* ids: a speaker; state */
};

struct upr_edit_request {
	/* the published timetable.json: the one changed, and the baseline
	 * its calendars are published against */
	const char *timetable;
	const char *out;	/* where to write; NULL: the directory of timetable */
	unsigned formats;	/* upr_formats_parse; 0: all (changes.txt always) */
	enum upr_edit_verb verb;
	const char *const *ids;	/* as the verb says; any case (upr_problem_find) */
	size_t nids;
	/* waitlist, seat: the State (NULL: the speaker's only one) */
	const char *state;
	const char *to;		/* move: the new start, "YYYY-MM-DD HH:MM" */
	const char *room;	/* move: the new room's id; NULL: the same */
	bool force;		/* write even a timetable that breaks a hard constraint */
	int64_t dtstamp;	/* as in upr_plan_opts */
	const char *lang;	/* as in upr_plan_opts */
};

/* One part of the score (docs/reference.md#the-score), before and after. */
#define UPR_SCORE_PARTS 16
struct upr_score_part {
	const char *name;	/* "moved", ... (static) */
	int64_t before, after;	/* weight * count */
};

/* What an edit came to (filled as far as it got; nothing to release). */
struct upr_edit_report {
	/* the score of the timetable read (its `moved` as 0) and of the
	 * edited one (`moved` against the timetable read), by part */
	int64_t before, after;
	struct upr_score_part part[UPR_SCORE_PARTS];
	size_t nparts;
	size_t violations;	/* hard constraints the edited timetable breaks */
	bool written;
	/* lines of changes.txt, calendar events with a raised SEQUENCE
	 * and of them cancelled */
	size_t changes, events_changed, events_cancelled;
};

/*
 * Changes the timetable rq->timetable of p as rq says, refits the inside
 * of each changed session as plan fits it, has the checker judge the
 * result against the timetable read, and writes the files of rq->formats
 * and changes.txt as after a re-plan with it as the baseline
 * (docs/replan.md).  Nothing is written when the result breaks a hard
 * constraint, unless rq->force (each broken one is then a warning).
 * Returns UPR_OK, UPR_FAILED (a hard constraint broken and !rq->force; out
 * of memory), UPR_BAD_INPUT (the timetable, an unknown or unfit id, a bad
 * --to, the request) or UPR_WRITE_ERROR.
 */
int upr_edit(const struct upr_problem *p, const struct upr_edit_request *rq,
	     struct upr_edit_report *r, struct upr_diags *d);

/* `edit pin` (src/api/pin.c): the pins that keep States where a
 * timetable has them. */
struct upr_pin_request {
	const char *timetable;	/* the timetable.json the places come from */
	const char *const *states;	/* State ids, any case */
	size_t nstates;
	/* false: write the YAML lines to stream; true: write them into the
	 * YAML file that defines each State, every other byte kept */
	bool in_place;
	FILE *stream;
};

/*
 * The `room` and `start` of each State of rq->states where the timetable
 * has its session, as YAML lines on rq->stream or in place
 * (docs/reference.md#upr-schedule-edit).  Returns UPR_OK, UPR_BAD_INPUT
 * (the timetable, an unknown id, a State without a session, a State
 * written as a flow mapping; nothing is written then), UPR_WRITE_ERROR or
 * UPR_FAILED (out of memory).
 */
int upr_edit_pin(const struct upr_problem *p, const struct upr_pin_request *rq,
		 struct upr_diags *d);

/* ---- ids on the command line (src/api/ids.c) ---- */

/* What an id on the command line may name: a set of these bits. */
enum upr_entity {
	UPR_ENTITY_STATE = 1,
	UPR_ENTITY_SPEAKER = 2,
	UPR_ENTITY_DELEGATION = 4,
};

struct upr_found {
	enum upr_entity kind;
	int index;		/* in the problem's list of that kind */
	const char *id;		/* as the input writes it (the problem's storage) */
	const char *name;	/* a State's or delegation's name, a speaker's organisation */
};

/*
 * Finds what id names among kinds (a set of enum upr_entity; States before
 * speakers before delegations).  An id that differs from one of the input's
 * only in case is taken, with a note in d saying so (`--delegation NO` is
 * `no`).  Else -1, with an error in d that names the closest ids and names
 * ("did you mean"); 0 when found, *out filled.
 */
int upr_problem_find(const struct upr_problem *p, unsigned kinds, const char *id,
		     struct upr_found *out, struct upr_diags *d);

/* ---- why (src/api/why.c) ---- */

struct cJSON;

struct upr_why_opts {
	const char *timetable;	/* the timetable.json to explain */
	const char *subject;	/* a State's or a speaker's id */
	/* for re-planning a waitlisted speaker's changes (as upr_plan_opts) */
	uint64_t seed;
	long effort;
};

/*
 * Why the timetable o->timetable of p is as it is for one State or speaker
 * (docs/reference.md#upr-schedule-why): for a State, its session, each part of the score
 * it pays and because of whom, the best other slot and what rules out the
 * cheaper ones; for a speaker, its statements, or for each waitlisted one
 * the smallest change that seats it, found by re-planning.  *out gets the
 * answer as a JSON document (cJSON_Delete), the shape `why --json` prints.
 * Returns UPR_OK, UPR_BAD_INPUT (the timetable does not read, an unknown
 * subject) or UPR_FAILED (out of memory).
 */
int upr_why(const struct upr_problem *p, const struct upr_why_opts *o, struct cJSON **out,
	    struct upr_diags *d);
/* ---- import ---- */

struct upr_import_opts {
	const char *csv;	/* the form's CSV export */
	const char *map;	/* the map (docs/reference.md#applications-in) */
	/* the round's input, which holds event and states; none: the map's
	 * `input` */
	const char *const *inputs;
	size_t ninputs;
	/* speakers.yaml to write, read first when it exists so that each
	 * speaker keeps its id; NULL: write to stream */
	const char *out;
	FILE *stream;
	char delimiter;		/* ',', ';' or '\t'; 0: detect */
	bool keep_latest;	/* a repeated submission replaces the earlier */
};

/*
 * Makes speakers.yaml from o->csv with o->map: every problem of every row
 * goes to d, and nothing is written unless there is none.  Returns UPR_OK,
 * UPR_BAD_INPUT (the CSV, the map, the round's input, a row) or
 * UPR_WRITE_ERROR.
 */
int upr_import(const struct upr_import_opts *o, struct upr_diags *d);
/*
 * Writes a starting map for o->csv, guessed from its header row, to o->out
 * (or o->stream); o->map and the inputs are not used.  Same returns.
 */
int upr_import_init(const struct upr_import_opts *o, struct upr_diags *d);

#endif
