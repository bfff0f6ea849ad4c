/*
 * mo.h - looks up translations in a GNU gettext catalogue (.mo file) held
 * in memory.
 *
 * iso-codes ships its names' translations only as such catalogues.  They
 * are read directly, rather than through gettext, which would need a
 * process-wide locale; the language and country name tables and the
 * language suggestions all read them here.
 */
#ifndef UPR_UTIL_MO_H
#define UPR_UTIL_MO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A catalogue: n pairs of (length, offset) for originals at o and
 * translations at t, originals sorted by strcmp. */
struct upr_mo {
	const unsigned char *b;
	size_t len;
	bool swap;
	uint32_t n, o, t;
};

/* Reads the header of the catalogue buf[len] (which must outlive m);
 * false when it is not one.  Every later offset is checked against len:
 * a damaged catalogue is one without translations. */
bool upr_mo_open(struct upr_mo *m, const void *buf, size_t len);

/* The translation of id (NUL-terminated, inside the catalogue), or NULL
 * when it has none. */
const char *upr_mo_find(const struct upr_mo *m, const char *id);

#endif
