/*
 * test_notices.c - the templates of the notices to speakers
 * (src/export/notices_text.c): every language fills every piece, uses
 * only the placeholders notices.c knows, and among its pieces uses every
 * one of them, so no field of a notice is missing from a language.  The
 * messages themselves are checked end to end by tests/cli/test_notices.sh
 * (Python's email package and python-icalendar).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "export/notices.h"

/* Marks in used[] the placeholders of tpl; fails on an unknown one. */
static void scan(const char *tpl, bool *used)
{
	assert_non_null(tpl);
	for (const char *s = strchr(tpl, '{'); s; s = strchr(s + 1, '{')) {
		const char *e = strchr(s, '}');
		assert_non_null(e);
		size_t len = (size_t)(e - s - 1), i = 0;
		while (upr_notice_placeholders[i] &&
		       !(strlen(upr_notice_placeholders[i]) == len &&
			 memcmp(upr_notice_placeholders[i], s + 1, len) == 0))
			i++;
		if (!upr_notice_placeholders[i])
			fail_msg("unknown placeholder %.*s in \"%s\"", (int)len + 2, s, tpl);
		used[i] = true;
	}
}

static void test_templates(void **state)
{
	(void)state;
	size_t nph = 0;
	while (upr_notice_placeholders[nph])
		nph++;
	assert_true(nph >= 18);
	size_t langs = 0;
	for (const struct upr_notice_words *w; (w = upr_notice_words_all(langs)); langs++) {
		bool used[64] = { false };
		assert_true(nph < 64);
		for (int k = 0; k < UPR_NOTICE_KINDS; k++) {
			scan(w->subject[k], used);
			/* a Subject names the event and the State */
			assert_non_null(strstr(w->subject[k], "{event}"));
			assert_non_null(strstr(w->subject[k], "{state}"));
		}
		const char *pieces[] = { w->greeting, w->intro, w->changes, w->statement,
					 w->statement_remote, w->video,
					 w->waitlist, w->not_held, w->attached, w->closing };
		for (size_t i = 0; i < sizeof(pieces) / sizeof(*pieces); i++)
			scan(pieces[i], used);
		assert_non_null(w->venue_sep);
		for (size_t i = 0; i < nph; i++)
			if (!used[i])
				fail_msg("language %zu never uses {%s}", langs, upr_notice_placeholders[i]);
		/* the schedule's subject gives the time */
		assert_non_null(strstr(w->subject[UPR_NOTICE_SCHEDULE], "{start}"));
	}
	assert_int_equal(langs, 2);
	/* French for fr, English for everything else */
	assert_ptr_equal(upr_notice_words(UPR_LANG('f', 'r')), upr_notice_words_all(1));
	assert_ptr_equal(upr_notice_words(UPR_LANG_EN), upr_notice_words_all(0));
	assert_ptr_equal(upr_notice_words(UPR_LANG('e', 's')), upr_notice_words_all(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
