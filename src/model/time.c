/*
 * time.c - civil dates and local minutes.
 *
 * Date arithmetic follows Howard Hinnant's days_from_civil algorithms: exact
 * for the proleptic Gregorian calendar, with no table and no libc time zone.
 */
#include "model/model.h"

#include <string.h>

int64_t upr_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t upr_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = upr_floor_div(y, 400);
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void upr_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = upr_floor_div(z, 146097);
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

bool upr_date_valid(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1)
		return false;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

void upr_format_date(int64_t day, char out[11])
{
	int y;
	unsigned m, d;
	upr_civil_from_days(day, &y, &m, &d);
	/* Years are 1..9999 by the loader's rules; clamp so the text always
	 * fits, and spell it out digit by digit so the compiler can see it. */
	unsigned yy = y < 0 ? 0 : y > 9999 ? 9999 : (unsigned)y;
	out[0] = (char)('0' + yy / 1000);
	out[1] = (char)('0' + yy / 100 % 10);
	out[2] = (char)('0' + yy / 10 % 10);
	out[3] = (char)('0' + yy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10 % 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

void upr_format_hm(int minute, char out[6])
{
	if (minute < 0)
		minute = 0;
	if (minute > 1440)
		minute = 1440;
	out[0] = (char)('0' + minute / 600);
	out[1] = (char)('0' + minute / 60 % 10);
	out[2] = ':';
	out[3] = (char)('0' + minute % 60 / 10);
	out[4] = (char)('0' + minute % 10);
	out[5] = '\0';
}

void upr_format_local(int64_t t, char out[17])
{
	int64_t day = upr_floor_div(t, UPR_MIN_PER_DAY);
	char date[11], hm[6];
	upr_format_date(day, date);
	upr_format_hm((int)(t - day * UPR_MIN_PER_DAY), hm);
	memcpy(out, date, 10);
	out[10] = ' ';
	memcpy(out + 11, hm, 6);
}
