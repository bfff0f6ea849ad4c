/*
 * strmap.h - a string-to-index hash map for id lookups.
 *
 * Ids are looked up once per reference while loading; a hash keeps loading
 * linear in the input (10,000 States or 100,000 speakers).  The map stores
 * pointers to keys it does not own: they live in the problem's arena.
 */
#ifndef UPR_UTIL_STRMAP_H
#define UPR_UTIL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct upr_strmap {
	const char **keys;	/* NULL: empty slot */
	int *vals;
	size_t cap, n;		/* cap is a power of two, or 0 */
};

void upr_strmap_init(struct upr_strmap *m);
void upr_strmap_release(struct upr_strmap *m);
/* Inserts key -> val.  Returns 0, 1 when key was present (its value is left
 * unchanged and *old set to it when old is not NULL), -1 out of memory. */
int upr_strmap_put(struct upr_strmap *m, const char *key, int val, int *old);
/* The value of key, or -1. */
int upr_strmap_get(const struct upr_strmap *m, const char *key);
uint64_t upr_hash_str(const char *s);

#endif
