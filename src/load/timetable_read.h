/*
 * timetable_read.h - reading timetable.json back (validate, export,
 * plan --baseline), planned or edited by hand.
 */
#ifndef UPR_LOAD_TIMETABLE_READ_H
#define UPR_LOAD_TIMETABLE_READ_H

#include "model/timetable.h"

/* Largest timetable.json read; far above any real one. */
#define UPR_MAX_TIMETABLE_SIZE (64u * 1024u * 1024u)

/*
 * Parses text (len bytes) named name against p into *out (free with
 * upr_timetable_free).  Unknown ids, missing fields and wrong types are
 * errors that name the JSON path, e.g. "sessions[3].items[2].minutes".
 * Returns 0, or -1 with every error in d and *out NULL.
 */
int upr_timetable_read(const struct upr_problem *p, const char *name, const char *text,
		       size_t len, struct upr_timetable **out, struct upr_diags *d);
/* The same from a file. */
int upr_timetable_read_file(const struct upr_problem *p, const char *path,
			    struct upr_timetable **out, struct upr_diags *d);

#endif
