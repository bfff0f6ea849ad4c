/*
 * common.c - number parsing, clocks, the DTSTAMP rule and the options that
 * several commands share (-f, --lang), for the commands.
 */
#include "cli/common.h"

#include "cli/cli.h"
#include "upr/upr.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>


int upr_cli_number(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == ' ' || *s == '+')
		return -1;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

double upr_cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int64_t upr_cli_dtstamp(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	long long v;
	/* reproducible-builds.org: a decimal count of seconds since the epoch */
	if (e && upr_cli_number(e, 0, 253402300799LL, &v) == 0)
		return v;
	return -1;
}

int upr_cli_formats(const char *cmd, const char *arg, unsigned *formats)
{
	const char *bad;
	size_t badlen;
	*formats = upr_formats_parse(arg, &bad, &badlen);
	if (*formats)
		return 0;
	upr_cli_format_error(cmd, bad, badlen);
	return -1;
}

int upr_cli_lang(const char *cmd, const char *arg, const char **lang)
{
	if (!upr_output_lang_known(arg)) {
		upr_cli_usage_error(cmd, "--lang needs one of %s, got '%s'", upr_output_lang_list(),
				    arg);
		return -1;
	}
	*lang = arg;
	return 0;
}
