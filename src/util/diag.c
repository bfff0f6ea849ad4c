/*
 * diag.c - the diagnostic list.
 *
 * Storing a diagnostic may itself fail for lack of memory; then the list
 * remembers it (oom) and still counts the error, so a run never looks clean
 * because its errors could not be recorded.
 */
#include "upr/diag.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void upr_diags_init(struct upr_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void upr_diags_release(struct upr_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		upr_free(d->items[i].message);
		upr_free((char *)d->items[i].loc.file);
	}
	upr_free(d->items);
	upr_diags_init(d);
}

void upr_diag(struct upr_diags *d, enum upr_severity sev,
	      const struct upr_loc *loc, const char *fmt, ...)
{
	if (sev == UPR_ERROR)
		d->errors++;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct upr_diag *items = upr_realloc(d->items, cap * sizeof(*items));
		if (!items) {
			d->oom = 1;
			return;
		}
		d->items = items;
		d->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = len < 0 ? NULL : upr_malloc((size_t)len + 1);
	if (!msg) {
		d->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);

	struct upr_diag *dg = &d->items[d->n];
	dg->severity = sev;
	dg->message = msg;
	dg->loc.file = NULL;
	dg->loc.line = loc ? loc->line : 0;
	dg->loc.col = loc ? loc->col : 0;
	if (loc && loc->file) {
		dg->loc.file = upr_strdup(loc->file);
		if (!dg->loc.file) {
			upr_free(msg);
			d->oom = 1;
			return;
		}
	}
	d->n++;
}

static int cmp_diag(const struct upr_diag *a, const struct upr_diag *b)
{
	int c = strcmp(a->loc.file ? a->loc.file : "", b->loc.file ? b->loc.file : "");
	if (c)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return 0;
}

void upr_diags_sort(struct upr_diags *d)
{
	/* A bottom-up merge sort: stable, so diagnostics at one place keep the
	 * order in which they were found (an error before its notes). */
	size_t n = d->n;
	if (n < 2)
		return;
	struct upr_diag *tmp = upr_malloc(n * sizeof(*tmp));
	if (!tmp)
		return;	/* unsorted output is still complete output */
	struct upr_diag *src = d->items, *dst = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = cmp_diag(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		struct upr_diag *t = src;
		src = dst;
		dst = t;
	}
	if (src != d->items)
		memcpy(d->items, src, n * sizeof(*src));
	upr_free(tmp);
}

static const char *sev_name(enum upr_severity s)
{
	switch (s) {
	case UPR_NOTE: return "note";
	case UPR_WARNING: return "warning";
	default: return "error";
	}
}

void upr_diag_format(const struct upr_diag *dg, char *buf, size_t size)
{
	const struct upr_loc *l = &dg->loc;
	if (l->file && l->line > 0)
		snprintf(buf, size, "%s:%d:%d: %s: %s", l->file, l->line,
			 l->col > 0 ? l->col : 1, sev_name(dg->severity), dg->message);
	else if (l->file)
		snprintf(buf, size, "%s: %s: %s", l->file, sev_name(dg->severity),
			 dg->message);
	else
		snprintf(buf, size, "%s: %s", sev_name(dg->severity), dg->message);
}

void upr_diags_print(const struct upr_diags *d, FILE *f, int color)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct upr_diag *dg = &d->items[i];
		const struct upr_loc *l = &dg->loc;
		const char *sc = dg->severity == UPR_ERROR ? "\033[1;31m"
			: dg->severity == UPR_WARNING ? "\033[1;35m" : "\033[1;36m";
		if (l->file && l->line > 0)
			fprintf(f, "%s%s:%d:%d:%s ", color ? "\033[1m" : "", l->file,
				l->line, l->col > 0 ? l->col : 1, color ? "\033[0m" : "");
		else if (l->file)
			fprintf(f, "%s%s:%s ", color ? "\033[1m" : "", l->file,
				color ? "\033[0m" : "");
		fprintf(f, "%s%s:%s %s\n", color ? sc : "", sev_name(dg->severity),
			color ? "\033[0m" : "", dg->message);
	}
	if (d->oom)
		fprintf(f, "error: out of memory while recording diagnostics\n");
}
