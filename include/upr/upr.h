/*
 * upr/upr.h - the public interface of libupr, the upr-schedule library.
 *
 * Load YAML input into a problem, plan a timetable, check any timetable,
 * and write the output files.  The library never prints and never exits:
 * every function returns a status and appends diagnostics to a list the
 * caller owns (upr/diag.h).  struct upr_problem and struct upr_timetable are
 * opaque outside the library.
 */
#ifndef UPR_UPR_H
#define UPR_UPR_H

#include <stddef.h>
#include <stdint.h>

#include "upr/diag.h"

#define UPR_VERSION "0.1.0"

struct upr_problem;

/* Limits on what the loader accepts (input.md). */
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
 * Loads every file or directory of paths (input.md) into *out.  Returns 0 on
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

#endif
