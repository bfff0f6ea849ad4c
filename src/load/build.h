/*
 * build.h - the loader's state between files: entities read so far, and the
 * references that can only be resolved once every file is read.
 *
 * Private to src/load.  Data flow:
 *
 *   load.c     files and directories -> bytes -> ytree.c (one tree per file)
 *   build.c    tree -> entities appended to the vectors below, ids into the
 *              problem's maps, references queued in refs
 *   resolve.c  refs -> indices; cross-file checks; derived fields; the
 *              vectors copied into the problem's arena
 *
 * Each file's tree is released as soon as it is built, so memory holds one
 * tree at a time plus the model.  Entities keep their input order across
 * files: vector index = model index = position in the input.
 */
#ifndef UPR_LOAD_BUILD_H
#define UPR_LOAD_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "load/values.h"
#include "load/ytree.h"
#include "model/model.h"

/* Sanity bound: entries of one list across all files (docs/input-decisions.md). */
#define UPR_MAX_ENTITIES 1000000

enum upr_ref_kind {
	UPR_REF_SPEAKER_STATE,	/* speakers[owner].states[pos] */
	UPR_REF_STATE_ROOM,	/* states[owner].room */
	UPR_REF_FOLLOW,		/* delegations[owner].follows[pos] */
};

/* An id written in the input that names an entity of another list. */
struct upr_ref {
	enum upr_ref_kind kind;
	size_t owner, pos;
	const char *id;		/* in the problem's arena */
	struct upr_loc loc;
};

struct upr_loader {
	struct upr_problem *p;	/* its arena holds every string and array kept */
	struct upr_diags *d;
	size_t errors0;		/* d->errors when the load began */
	const struct upr_ydoc *doc;	/* the file being built */

	bool have_event;
	struct upr_loc event_key;	/* where the one 'event' key is */
	bool event_days_ok;	/* days were read: pins can be checked */

	/* Growable (upr_realloc); copied into the arena by upr_loader_finish. */
	struct upr_room *rooms;
	struct upr_state *states;
	struct upr_speaker *speakers;
	struct upr_delegation *delegations;
	size_t nrooms, nstates, nspeakers, ndelegations;
	size_t caprooms, capstates, capspeakers, capdelegations;
	struct upr_ref *refs;
	size_t nrefs, caprefs;

	/* Part of the input could not be read at all (a file, a section or
	 * an entry): the checks that span files are skipped, as what is
	 * missing would only show up as errors of its own. */
	bool incomplete;
	unsigned full;		/* lists that reached UPR_MAX_ENTITIES (one bit each) */
	bool oom;
	size_t suggestions_left;	/* did-you-mean searches over ids still allowed */

	/* Ids that name files (speakers/ID.ics, delegations/ID.ics), folded
	 * to lowercase (upr_id_fold; keys in the problem's arena). */
	struct upr_strmap speaker_files, delegation_files;
};

void upr_loader_init(struct upr_loader *L, struct upr_problem *p, struct upr_diags *d);
/* Frees the vectors (not the problem). */
void upr_loader_release(struct upr_loader *L);

/* Reports an allocation failure once and marks the load failed. */
void upr_loader_oom(struct upr_loader *L);

/* Appends the entities of one parsed file. */
void upr_loader_build_file(struct upr_loader *L, const struct upr_ydoc *doc);

/* Resolves references, checks what spans files, fills derived fields and
 * moves the entities into the problem.  Returns 0, or -1 when anything was
 * reported during the whole load. */
int upr_loader_finish(struct upr_loader *L);

/* The closest of n ids to word (did-you-mean), or NULL; ids are reached
 * through get(ctx, i).  Bounded by suggestions_left so that a file full of
 * unknown references stays linear. */
const char *upr_loader_suggest_id(struct upr_loader *L, const char *word, size_t n,
				  const char *(*get)(const void *ctx, size_t i),
				  const void *ctx);

/* Writes text (len bytes) quoted for a message into buf: 'text', with
 * control characters escaped and long text cut short. */
#define UPR_QUOTE_MAX 200
const char *upr_quote(char buf[UPR_QUOTE_MAX], const char *text, size_t len);


/* ---- shared by build.c and event.c: typed readers of one file's tree ----
 * Each reads a node against the form it must have and reports a wrong one at
 * its own position; build.c says what each checks. */

/* How a form is named in "'KEY' must be ONE" and "'KEY' must hold MANY". */
struct upr_ld_form {
	const char *one, *many;
};
extern const struct upr_ld_form UPR_LD_F_INT, UPR_LD_F_MINUTES, UPR_LD_F_WINDOW;

/* Sanity bounds against absurd values (docs/input-decisions.md). */
#define UPR_LD_MAX_MINUTES UPR_MIN_PER_DAY
#define UPR_LD_MAX_DAYS 1000
#define UPR_LD_MAX_MIN_STATEMENTS 1000
#define UPR_LD_MAX_WEIGHT 1000000000
#define UPR_LD_MAX_ARRIVAL 240	/* event.arrival: four hours before a session */

struct upr_loc upr_ld_loc_of(const struct upr_loader *L, const struct upr_ynode *n);
void *upr_ld_alloc(struct upr_loader *L, size_t n, size_t size);
const char *upr_ld_copy_str(struct upr_loader *L, const char *s);
void upr_ld_read_keys(struct upr_loader *L, const struct upr_ynode *map,
		      const char *const *keys, size_t nkeys,
		      const struct upr_ynode **vals, const struct upr_ynode **at);
void upr_ld_missing(struct upr_loader *L, const struct upr_ynode *map,
		    const char *key, const char *in);
bool upr_ld_is_map(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		   bool many);
const char *upr_ld_scalar(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label, const struct upr_ld_form *f, bool many);
const char *upr_ld_get_string(struct upr_loader *L, const struct upr_ynode *n,
			      const char *label);
const char *upr_ld_get_id(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label);
bool upr_ld_get_int(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		    const struct upr_ld_form *f, int64_t min, int64_t max, int64_t *out);
void upr_ld_get_int_field(struct upr_loader *L, const struct upr_ynode *n,
			  const char *label, const struct upr_ld_form *f, int min, int max,
			  int *out);
void upr_ld_get_bool(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool *out);
bool upr_ld_report_value(struct upr_loader *L, const struct upr_ynode *n,
			 const char *label, const struct upr_ld_form *f, bool many,
			 enum upr_vstatus st, const char *msg);
bool upr_ld_get_date(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     bool many, int64_t *day);
bool upr_ld_items_of(struct upr_loader *L, const struct upr_ynode *n, const char *label,
		     const struct upr_ynode **items, size_t *count);
void upr_ld_must_not_be_empty(struct upr_loader *L, const struct upr_ynode *n,
			      const char *label);

/* ---- addresses and links (contact.c) ---- */
bool upr_ld_email_valid(const char *s, size_t n);
bool upr_ld_url_valid(const char *s, size_t n);
/* Each reports a bad value at n and returns NULL; strings in the arena. */
const char *upr_ld_get_email(struct upr_loader *L, const struct upr_ynode *n,
			     const char *label);
const char *upr_ld_get_url(struct upr_loader *L, const struct upr_ynode *n, const char *label);
const char *upr_ld_get_person_name(struct upr_loader *L, const struct upr_ynode *n,
				   const char *label);
/* "Name <address>" or "address": *name NULL when there is none. */
void upr_ld_get_mailbox(struct upr_loader *L, const struct upr_ynode *n, const char *label,
			const char **name, const char **email);
/* A speaker's contact: {name, email}, email required. */
void upr_ld_get_contact(struct upr_loader *L, const struct upr_ynode *n,
			const char **name, const char **email);

/* The one 'event' mapping n, at its key (event.c). */
void upr_ld_build_event(struct upr_loader *L, const struct upr_ynode *key,
			const struct upr_ynode *n);

#endif
