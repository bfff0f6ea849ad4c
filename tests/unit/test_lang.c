/*
 * test_lang.c - the languages of the outputs' fixed words (export/lang.h).
 *
 * Every message is written in every language; codes parse and unknown
 * ones do not; dates take each language's own form (French and Spanish
 * from ICU, English as the golden outputs fix it), whole, without year or
 * weekday, short, and as a span; the weekday's bytes are found for markup;
 * counts pick the singular by each language's rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "export/lang.h"
#include "model/model.h"
#include "upr/upr.h"

/* date(...) formats into a static buffer, for comparing */
static char out[256];

static const char *date(enum upr_ui_lang l, int y, unsigned m, unsigned d, unsigned flags)
{
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	upr_ui_date(&b, l, upr_days_from_civil(y, m, d), flags, NULL, NULL);
	assert_false(b.failed);
	assert_true(b.len < sizeof(out));
	memcpy(out, b.p, b.len);
	out[b.len] = '\0';
	upr_ebuf_release(&b);
	return out;
}

static const char *range(enum upr_ui_lang l, int y1, unsigned m1, unsigned d1, int y2,
			 unsigned m2, unsigned d2)
{
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	upr_ui_date_range(&b, l, upr_days_from_civil(y1, m1, d1), upr_days_from_civil(y2, m2, d2));
	assert_false(b.failed);
	assert_true(b.len < sizeof(out));
	memcpy(out, b.p, b.len);
	out[b.len] = '\0';
	upr_ebuf_release(&b);
	return out;
}

static void test_every_message(void **state)
{
	(void)state;
	for (int l = 0; l < UPR_UI_COUNT; l++)
		for (int id = 0; id < UPR_MSG_COUNT; id++) {
			const char *m = upr_msg((enum upr_ui_lang)l, (enum upr_msg)id);
			if (!m || !*m) {
				/* the one message a language may leave empty: the
				 * tail after the zone, which French and Spanish put
				 * before it */
				if (id == UPR_MSG_LOCAL_TIME && l != UPR_UI_EN)
					continue;
				fail_msg("language %s has no message %d", upr_ui_lang_code(l), id);
			}
		}
}

static void test_codes(void **state)
{
	(void)state;
	assert_int_equal(upr_ui_lang_parse(NULL), UPR_UI_EN);
	assert_int_equal(upr_ui_lang_parse("en"), UPR_UI_EN);
	assert_int_equal(upr_ui_lang_parse("fr"), UPR_UI_FR);
	assert_int_equal(upr_ui_lang_parse("es"), UPR_UI_ES);
	assert_int_equal(upr_ui_lang_parse("de"), -1);
	assert_int_equal(upr_ui_lang_parse("FR"), -1);
	assert_int_equal(upr_ui_lang_parse(""), -1);
	assert_true(upr_output_lang_known("es"));
	assert_false(upr_output_lang_known("english"));
	assert_string_equal(upr_output_lang_list(), "en, fr, es");
	for (int l = 0; l < UPR_UI_COUNT; l++)
		assert_int_equal(upr_ui_lang_parse(upr_ui_lang_code(l)), l);
}

static void test_dates(void **state)
{
	(void)state;
	unsigned all = UPR_UI_DATE_WEEKDAY | UPR_UI_DATE_YEAR;
	assert_string_equal(date(UPR_UI_EN, 2017, 12, 12, all), "Tuesday 12 December 2017");
	assert_string_equal(date(UPR_UI_FR, 2017, 12, 12, all), "mardi 12 d\xc3\xa9" "cembre 2017");
	assert_string_equal(date(UPR_UI_ES, 2017, 12, 12, all), "martes, 12 de diciembre de 2017");
	/* without the year, without the weekday */
	assert_string_equal(date(UPR_UI_EN, 2017, 12, 13, UPR_UI_DATE_WEEKDAY), "Wednesday 13 December");
	assert_string_equal(date(UPR_UI_FR, 2017, 12, 13, UPR_UI_DATE_WEEKDAY), "mercredi 13 d\xc3\xa9" "cembre");
	assert_string_equal(date(UPR_UI_ES, 2017, 12, 13, UPR_UI_DATE_WEEKDAY),
			    "mi\xc3\xa9rcoles, 13 de diciembre");
	assert_string_equal(date(UPR_UI_FR, 2018, 1, 1, UPR_UI_DATE_YEAR), "1 janvier 2018");
	assert_string_equal(date(UPR_UI_ES, 2018, 1, 1, UPR_UI_DATE_YEAR), "1 de enero de 2018");
	/* changes.txt's short form */
	unsigned sh = UPR_UI_DATE_WEEKDAY | UPR_UI_DATE_SHORT;
	assert_string_equal(date(UPR_UI_EN, 2017, 12, 13, sh), "Wed 13 Dec");
	assert_string_equal(date(UPR_UI_FR, 2017, 12, 13, sh), "mer. 13 d\xc3\xa9" "c.");
	/* no zone moves the day: the last and first days of a year */
	assert_string_equal(date(UPR_UI_FR, 2017, 12, 31, all), "dimanche 31 d\xc3\xa9" "cembre 2017");
	assert_string_equal(date(UPR_UI_ES, 2000, 2, 29, all), "martes, 29 de febrero de 2000");
}

static void test_weekday_bytes(void **state)
{
	(void)state;
	const enum upr_ui_lang ls[] = { UPR_UI_EN, UPR_UI_FR, UPR_UI_ES };
	const char *const wd[] = { "Tuesday", "mardi", "martes" };
	for (size_t i = 0; i < 3; i++) {
		struct upr_ebuf b;
		upr_ebuf_init(&b);
		upr_ebuf_puts(&b, "x");	/* offsets are in the whole buffer */
		long wb = 0, we = 0;
		upr_ui_date(&b, ls[i], upr_days_from_civil(2017, 12, 12),
			    UPR_UI_DATE_WEEKDAY | UPR_UI_DATE_YEAR, &wb, &we);
		assert_int_equal(wb, 1);
		assert_int_equal(we - wb, (long)strlen(wd[i]));
		assert_memory_equal(b.p + wb, wd[i], strlen(wd[i]));
		/* without the weekday there is none to mark */
		upr_ui_date(&b, ls[i], upr_days_from_civil(2017, 12, 12), UPR_UI_DATE_YEAR, &wb, &we);
		assert_int_equal(wb, -1);
		assert_int_equal(we, -1);
		upr_ebuf_release(&b);
	}
}

static void test_ranges(void **state)
{
	(void)state;
	assert_string_equal(range(UPR_UI_EN, 2017, 12, 12, 2017, 12, 15), "12\xe2\x80\x93" "15 December 2017");
	assert_string_equal(range(UPR_UI_FR, 2017, 12, 12, 2017, 12, 15), "12\xe2\x80\x93" "15 d\xc3\xa9" "cembre 2017");
	assert_string_equal(range(UPR_UI_ES, 2017, 12, 12, 2017, 12, 15),
			    "12\xe2\x80\x93" "15 de diciembre de 2017");
	assert_string_equal(range(UPR_UI_EN, 2017, 11, 30, 2017, 12, 2),
			    "30 November \xe2\x80\x93 2 December 2017");
	/* across months the French names both */
	const char *fr = range(UPR_UI_FR, 2017, 11, 30, 2017, 12, 2);
	assert_non_null(strstr(fr, "30 nov"));
	assert_non_null(strstr(fr, "2 d\xc3\xa9" "cembre 2017"));
	assert_string_equal(range(UPR_UI_FR, 2017, 12, 12, 2017, 12, 12), "12 d\xc3\xa9" "cembre 2017");
}

static void test_plurals(void **state)
{
	(void)state;
	assert_string_equal(upr_msg_n(UPR_UI_EN, UPR_MSG_N_ROOMS, 1), "%zu room");
	assert_string_equal(upr_msg_n(UPR_UI_EN, UPR_MSG_N_ROOMS, 0), "%zu rooms");
	assert_string_equal(upr_msg_n(UPR_UI_FR, UPR_MSG_N_ROOMS, 0), "%zu salle");
	assert_string_equal(upr_msg_n(UPR_UI_FR, UPR_MSG_N_ROOMS, 2), "%zu salles");
	assert_string_equal(upr_msg_n(UPR_UI_ES, UPR_MSG_N_ROOMS, 0), "%zu salas");
	assert_string_equal(upr_msg_n(UPR_UI_ES, UPR_MSG_N_ROOMS, 1), "%zu sala");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_message),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_weekday_bytes),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_plurals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
