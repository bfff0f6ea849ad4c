/*
 * upr/diag.h - diagnostics: what went wrong, and where in the input.
 *
 * The library never prints.  It appends diagnostics to a list the caller
 * owns; the CLI prints them GCC style ("file:line:column: error: message")
 * so editors and CI annotate the right line.
 */
#ifndef UPR_DIAG_H
#define UPR_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* A place in an input file.  line and col are 1-based; 0 means unknown
 * (the whole file, or no file at all when file is NULL).  file points to
 * storage that outlives every user of the location (an arena). */
struct upr_loc {
	const char *file;
	int line, col;
};

enum upr_severity { UPR_NOTE, UPR_WARNING, UPR_ERROR };

struct upr_diag {
	enum upr_severity severity;
	struct upr_loc loc;	/* loc.file is owned by the list */
	char *message;		/* owned by the list */
};

struct upr_diags {
	struct upr_diag *items;
	size_t n, cap;
	size_t errors;
	int oom;		/* a diagnostic could not be stored */
};

void upr_diags_init(struct upr_diags *d);
void upr_diags_release(struct upr_diags *d);
/* Appends a diagnostic; the message is lowercase and says what is wrong
 * first.  loc may be NULL. */
void upr_diag(struct upr_diags *d, enum upr_severity sev,
	      const struct upr_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define upr_error(d, loc, ...) upr_diag((d), UPR_ERROR, (loc), __VA_ARGS__)
#define upr_note(d, loc, ...) upr_diag((d), UPR_NOTE, (loc), __VA_ARGS__)

/* Sorts diagnostics by file, line, column (stable), so the output of a run
 * does not depend on the order in which checks ran. */
void upr_diags_sort(struct upr_diags *d);
/* Prints one line per diagnostic.  color: use ANSI colour. */
void upr_diags_print(const struct upr_diags *d, FILE *f, int color);
/* Formats one diagnostic as printed, into buf (always NUL-terminated). */
void upr_diag_format(const struct upr_diag *dg, char *buf, size_t size);

#endif
