/*
 * precheck.c - what can be said of a problem without searching; for now
 * the phrases it shares with the waitlist reasons of timetable.c.
 */
#include "solve/precheck.h"

#include <stdio.h>
#include <string.h>

void upr_describe_times(const struct upr_ivals *v, char *out, size_t size)
{
	size_t n = 0;
	if (size)
		out[0] = '\0';
	for (size_t i = 0; i < v->n && n < size; i++) {
		if (i == 3) {
			snprintf(out + n, size - n, " and %zu more", v->n - 3);
			break;
		}
		const struct upr_interval *iv = &v->v[i];
		int64_t d0 = upr_floor_div(iv->start, UPR_MIN_PER_DAY);
		int64_t d1 = upr_floor_div(iv->end - 1, UPR_MIN_PER_DAY);
		char a[17], b[17];
		const char *sep = i == 0 ? "" : (i + 1 == v->n || i == 2) ? " and " : ", ";
		int k;
		if (iv->start == d0 * UPR_MIN_PER_DAY && iv->end == (d1 + 1) * UPR_MIN_PER_DAY) {
			upr_format_date(d0, a);
			upr_format_date(d1, b);
			k = d0 == d1 ? snprintf(out + n, size - n, "%son %s", sep, a)
				     : snprintf(out + n, size - n, "%sfrom %s to %s", sep, a, b);
		} else if (d0 == d1) {
			char hm[6];
			upr_format_local(iv->start, a);
			upr_format_hm((int)(iv->end - d0 * UPR_MIN_PER_DAY), hm);
			k = snprintf(out + n, size - n, "%son %s-%s", sep, a, hm);
		} else {
			upr_format_local(iv->start, a);
			upr_format_local(iv->end, b);
			k = snprintf(out + n, size - n, "%sfrom %s to %s", sep, a, b);
		}
		n += k > 0 ? (size_t)k : 0;
	}
}
