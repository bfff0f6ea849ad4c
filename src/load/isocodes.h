/*
 * isocodes.h - country and language names to codes, from Debian's iso-codes.
 *
 * People write a State or a language by its name, in English or French, as
 * they know it: "Russia", "Côte d'Ivoire", "Cote d'Ivoire", "Bolivia",
 * "UAE", "français".  A name table holds every name of every entry:
 *
 *   countries (iso_3166-1.json)   alpha_2, alpha_3, name, common_name,
 *                                 official_name, "B A" for a name "A, B",
 *                                 the French of each name (iso_3166-1.mo)
 *                                 and the aliases of isocodes.c
 *   languages (iso_639-2.json)    alpha_2, alpha_3, each ';'-separated part
 *                                 of name, its French (iso_639-2.mo), the
 *                                 aliases; only languages with an ISO 639-1
 *                                 code, the codes the input files use
 *
 * The French names come from iso-codes' own translation catalogues, read
 * directly (the .mo format is a sorted table of string pairs) rather than
 * through gettext, which would need a process-wide locale.
 *
 * Names are compared folded (upr_iso_fold).  Each entry maps to the upper-
 * case alpha_2 of a country or the lowercase alpha_2 of a language.
 */
#ifndef UPR_LOAD_ISOCODES_H
#define UPR_LOAD_ISOCODES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/mem.h"

/* Longest folded name kept. */
#define UPR_NAME_MAX 128

struct upr_iso_name {
	const char *folded;	/* upr_iso_fold of the name */
	const char *name;	/* the name as iso-codes writes it (for messages) */
	char code[3];		/* "AE" or "fr" */
};

struct upr_iso_names {
	struct upr_iso_name *v;	/* sorted by folded, then by table order */
	size_t n, cap;
	struct upr_arena arena;	/* the strings */
};

/*
 * Folds a name for comparison: ASCII letters lowercased, the accented
 * Latin letters of U+00C0-U+00FF and œ/Œ as their base letters, apostrophes
 * (' and ’) dropped, every other ASCII character but letters and digits
 * read as a blank, blanks collapsed and trimmed, and a leading "the "
 * dropped.  Other bytes are kept.  out is always terminated.
 */
void upr_iso_fold(const char *s, char *out, size_t size);

/*
 * Fills t with the names of every country (upr_iso_countries) or every
 * language with a two-letter code (upr_iso_languages).  0; -1 when
 * iso-codes' data is missing; -2 when memory ran out (t is then empty but
 * must still be released).
 */
int upr_iso_countries(struct upr_iso_names *t);
int upr_iso_languages(struct upr_iso_names *t);
void upr_iso_names_release(struct upr_iso_names *t);

/* The code of the entry named name (any of its names, folded), or NULL. */
const char *upr_iso_lookup(const struct upr_iso_names *t, const char *name);

#endif
