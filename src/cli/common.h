/*
 * common.h - helpers shared by the command files.
 */
#ifndef UPR_CLI_COMMON_H
#define UPR_CLI_COMMON_H

#include <stdint.h>

/* Parses a whole decimal number in [min, max]; 0, or -1 if s is not one. */
int upr_cli_number(const char *s, long long min, long long max, long long *out);
/* Monotonic seconds, for timings on stderr only. */
double upr_cli_now(void);
/* DTSTAMP of calendars for upr_plan_opts and upr_export_request:
 * SOURCE_DATE_EPOCH when set, else -1 (the newest input file's
 * modification time). */
int64_t upr_cli_dtstamp(void);

/* The -f LIST option of command cmd: 0 with *formats set, or -1 once the
 * usage error is printed. */
int upr_cli_formats(const char *cmd, const char *arg, unsigned *formats);
/* The --lang LANG option of command cmd: 0 with *lang = arg, or -1 once
 * the usage error is printed. */
int upr_cli_lang(const char *cmd, const char *arg, const char **lang);

#endif
