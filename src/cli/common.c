/*
 * common.c - number parsing, clocks and the DTSTAMP rule for the commands.
 */
#include "cli/common.h"

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
