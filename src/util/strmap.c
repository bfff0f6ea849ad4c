/*
 * strmap.c - open addressing with linear probing, load factor <= 1/2.
 */
#include "util/strmap.h"
#include "util/mem.h"

#include <string.h>

void upr_strmap_init(struct upr_strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void upr_strmap_release(struct upr_strmap *m)
{
	upr_free(m->keys);
	upr_free(m->vals);
	upr_strmap_init(m);
}

uint64_t upr_hash_str(const char *s)
{
	/* FNV-1a: ids are short, so a simple hash is enough. */
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static int grow(struct upr_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16;
	const char **keys = upr_calloc(cap, sizeof(*keys));
	int *vals = upr_calloc(cap, sizeof(*vals));
	if (!keys || !vals) {
		upr_free(keys);
		upr_free(vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = upr_hash_str(m->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	upr_free(m->keys);
	upr_free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return 0;
}

int upr_strmap_put(struct upr_strmap *m, const char *key, int val, int *old)
{
	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return -1;
	size_t j = upr_hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			if (old)
				*old = m->vals[j];
			return 1;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->keys[j] = key;
	m->vals[j] = val;
	m->n++;
	return 0;
}

int upr_strmap_get(const struct upr_strmap *m, const char *key)
{
	if (!m->cap)
		return -1;
	size_t j = upr_hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0)
			return m->vals[j];
		j = (j + 1) & (m->cap - 1);
	}
	return -1;
}
