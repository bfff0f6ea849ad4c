/*
 * mo.c - translations from a GNU gettext catalogue in memory (mo.h).
 *
 * The catalogue comes from a data file, so nothing in it is trusted: every
 * word is read inside the buffer, and a string must end inside it.
 */
#include "util/mo.h"

#include <string.h>

#define MO_MAGIC 0x950412deu

static uint32_t word(const struct upr_mo *m, uint64_t at)
{
	if (at + 4 > m->len)
		return 0;
	const unsigned char *p = m->b + at;
	return m->swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		       : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

bool upr_mo_open(struct upr_mo *m, const void *buf, size_t len)
{
	m->b = buf;
	m->len = len;
	m->swap = false;
	if (word(m, 0) != MO_MAGIC) {
		m->swap = true;
		if (word(m, 0) != MO_MAGIC)
			return false;
	}
	m->n = word(m, 8);
	m->o = word(m, 12);
	m->t = word(m, 16);
	return (uint64_t)m->o + 8ull * m->n <= len && (uint64_t)m->t + 8ull * m->n <= len;
}

/* String i of the table at tab, if it lies inside the file and ends there. */
static const char *string_at(const struct upr_mo *m, uint32_t tab, uint32_t i)
{
	uint32_t l = word(m, (uint64_t)tab + 8ull * i);
	uint32_t off = word(m, (uint64_t)tab + 8ull * i + 4);
	if ((uint64_t)off + l >= m->len || m->b[off + l] != '\0')
		return NULL;
	return (const char *)m->b + off;
}

const char *upr_mo_find(const struct upr_mo *m, const char *id)
{
	uint32_t lo = 0, hi = m->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = string_at(m, m->o, mid);
		if (!s)
			return NULL;
		int c = strcmp(s, id);
		if (c == 0) {
			const char *tr = string_at(m, m->t, mid);
			return tr && *tr ? tr : NULL;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
