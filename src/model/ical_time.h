/*
 * ical_time.h - the model's local minutes as libical times, for the parts
 * that talk to libical (the zone offsets in tz.c, the calendar writer).
 */
#ifndef UPR_MODEL_ICAL_TIME_H
#define UPR_MODEL_ICAL_TIME_H

#include <libical/ical.h>
#include <stdint.h>

/* Local minutes since 1970 as a floating libical date-time (no zone). */
struct icaltimetype upr_ical_local(int64_t t);
/* upr_tz_offset without its cache: libical asked for this minute (for the
 * cache's test). */
int upr_tz_offset_uncached(const char *name, int64_t t);

#endif
