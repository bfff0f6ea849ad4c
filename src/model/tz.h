/*
 * tz.h - the changes of the event zone's UTC offset (tz.c), for the loader's
 * rule that no session time meets one (docs/input-decisions.md, "Time
 * zones and clock changes").
 *
 * A change at UTC second u from offset o1 to o2 (seconds east of UTC)
 * touches the local wall-clock seconds [u + min(o1, o2), u + max(o1, o2)):
 * skipped when the clocks go forward (a gap), lived twice when they go back
 * (a fold).  Outside those seconds a local time has exactly one offset, so
 * local minutes that never meet a change measure real time.
 */
#ifndef UPR_MODEL_TZ_H
#define UPR_MODEL_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct upr_tz_change {
	int64_t utc;		/* seconds since 1970 UTC, the first of the new offset */
	int from, to;		/* seconds east of UTC, before and after */
};

enum upr_tz_meet {
	UPR_TZ_CLEAR,		/* the span lies within one offset */
	UPR_TZ_INSIDE,		/* a skipped or repeated second lies in [s, e) or is s */
	UPR_TZ_ENDS_AT,		/* s < e, and e is where they begin */
};

/*
 * Does the local span [s, e] (local minutes, s <= e; s == e for one
 * instant) meet a change of zone's offset?  A span ending where a gap or
 * fold begins meets it too: that end's offset is ambiguous (libical reads
 * it after the change, RFC 5545 before).  On UPR_TZ_CLEAR, *offset is the
 * offset in force (seconds east); otherwise *c is the earliest change met.
 * Changes are found by sampling the offset every 12 hours around the span,
 * so two changes less than 12 hours apart may go unseen (the tz database
 * has none since 1970).  An unknown zone is clear with offset 0.
 */
enum upr_tz_meet upr_tz_span(const char *zone, int64_t s, int64_t e,
			     struct upr_tz_change *c, int *offset);

/* "the change of Europe/Zurich from +01:00 to +02:00 at 02:00 on
 * 2018-03-25" into out: the wall-clock time is the old offset's; offsets
 * and time carry seconds only when they have them. */
void upr_tz_change_text(const char *zone, const struct upr_tz_change *c, char *out,
			size_t size);

/* "+05:30", "-00:44:30" (seconds only when not zero) into out[10]. */
void upr_tz_offset_text(int seconds, char out[10]);

#endif
