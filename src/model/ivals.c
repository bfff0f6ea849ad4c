/*
 * ivals.c - sets of time intervals, kept sorted, disjoint and merged so that
 * membership and overlap are binary searches.
 */
#include "model/model.h"

#include <stdlib.h>

static int cmp_iv(const void *pa, const void *pb)
{
	const struct upr_interval *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->end > b->end) - (a->end < b->end);
}

size_t upr_ivals_normalize(struct upr_interval *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_iv);
	size_t k = 0;
	for (size_t i = 1; i < n; i++) {
		if (v[i].start <= v[k].end) {
			if (v[i].end > v[k].end)
				v[k].end = v[i].end;
		} else {
			v[++k] = v[i];
		}
	}
	return k + 1;
}

/* Index of the last interval whose start <= t, or -1. */
static long last_starting_at_or_before(const struct upr_ivals *set, int64_t t)
{
	long lo = 0, hi = (long)set->n - 1, ans = -1;
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;
		if (set->v[mid].start <= t) {
			ans = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return ans;
}

bool upr_ivals_contains(const struct upr_ivals *set, int64_t s, int64_t e)
{
	long i = last_starting_at_or_before(set, s);
	return i >= 0 && set->v[i].end >= e;
}

bool upr_ivals_overlaps(const struct upr_ivals *set, int64_t s, int64_t e)
{
	if (s >= e)
		return false;
	/* The only candidates: the last interval starting before e. Since the
	 * set is disjoint and sorted, if it ends after s they overlap; earlier
	 * ones end even earlier. */
	long i = last_starting_at_or_before(set, e - 1);
	return i >= 0 && set->v[i].end > s;
}
