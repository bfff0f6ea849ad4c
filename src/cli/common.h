/*
 * common.h - helpers shared by the command files.
 */
#ifndef UPR_CLI_COMMON_H
#define UPR_CLI_COMMON_H

#include "model/timetable.h"

/* Parses a whole decimal number in [min, max]; 0, or -1 if s is not one. */
int upr_cli_number(const char *s, long long min, long long max, long long *out);
/* Monotonic seconds, for timings on stderr only. */
double upr_cli_now(void);
/* DTSTAMP of calendars: SOURCE_DATE_EPOCH when set, else the newest input
 * file's modification time. */
int64_t upr_cli_dtstamp(const struct upr_problem *p);
/* Reads a timetable.json against p; 0, or -1 with errors in d. */
int upr_cli_read_timetable(const struct upr_problem *p, const char *path,
			   struct upr_timetable **out, struct upr_diags *d);

#endif
