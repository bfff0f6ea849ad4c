/*
 * lang.h - the languages of the outputs' fixed words (--lang en|fr|es):
 * programme.html, organiser.html, the calendars' running order and
 * changes.txt.
 *
 * Every fixed word is a message id; each language is one table of them
 * (src/export/lang/en.c, fr.c, es.c), indexed by the id, and a
 * _Static_assert in each file holds it to exactly UPR_MSG_COUNT entries, so
 * a language cannot miss a message.  Names from the input are never
 * translated.  Dates: English keeps its own form ("Tuesday 12 December
 * 2017", which the golden outputs fix); French and Spanish take theirs from
 * ICU's CLDR patterns ("mardi 12 décembre 2017", "martes, 12 de diciembre
 * de 2017"), not from tables of month names.
 *
 * A message with a count comes as a pair, the singular id then the plural
 * id right after it (upr_msg_n picks one by the language's rule).
 *
 * Private to src/export/ and src/api/.
 */
#ifndef UPR_EXPORT_LANG_H
#define UPR_EXPORT_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export/text.h"

enum upr_ui_lang {
	UPR_UI_EN,
	UPR_UI_FR,
	UPR_UI_ES,
	UPR_UI_COUNT
};

enum upr_msg {
	/* programme.html */
	UPR_MSG_PROGRAMME,		/* the title's " – programme" */
	UPR_MSG_KICKER_UPR,		/* "Universal Periodic Review" */
	UPR_MSG_KICKER_PRE,		/* "Pre-sessions" */
	UPR_MSG_N_SESSIONS,		/* "%zu pre-session" */
	UPR_MSG_N_SESSIONS_PL,
	UPR_MSG_N_STATEMENTS,		/* "%zu statement" */
	UPR_MSG_N_STATEMENTS_PL,
	UPR_MSG_N_ROOMS,		/* "%zu room" */
	UPR_MSG_N_ROOMS_PL,
	UPR_MSG_TIMES_IN,		/* "times in " + zone */
	UPR_MSG_LOCAL_TIME,		/* " local time" */
	UPR_MSG_INDEX,			/* "Index of States" */
	UPR_MSG_NO_SESSION_DAY,		/* "No pre-session on this day." */
	UPR_MSG_NOT_HELD_PUBLIC,	/* "no pre-session: not enough applications" */
	UPR_MSG_SEATS,			/* "%d seats" */
	UPR_MSG_VIDEO,			/* "video" */
	UPR_MSG_FOOTER,			/* "Programme of the pre-sessions. Times are local time (" */
	UPR_MSG_MADE_WITH,		/* "Made with upr-schedule" */
	/* the running order: programme.html and the calendars */
	UPR_MSG_OPENING,		/* "Opening" */
	UPR_MSG_SUR,			/* "State under Review" (programme) */
	UPR_MSG_REMARKS,		/* "Remarks by the State under Review" */
	UPR_MSG_QUESTIONS,		/* "Questions" (programme) */
	UPR_MSG_QA,			/* "Questions and answers" */
	UPR_MSG_RUNNING_ORDER,		/* "Running order:" */
	UPR_MSG_REMOTE,			/* ", remote" (a speaker's statement by video) */
	/* the calendars */
	UPR_MSG_ICS_SUMMARY,		/* "UPR pre-session: " */
	UPR_MSG_ICS_STATEMENT_BY,	/* " - statement by " (SUMMARY) */
	UPR_MSG_ICS_STATEMENT_BY_CAP,	/* "Statement by " (DESCRIPTION) */
	UPR_MSG_ICS_MINUTES,		/* " (%d minutes)" */
	UPR_MSG_ICS_CANCELLED_STMT,	/* "Cancelled: this statement is no longer in the timetable." */
	UPR_MSG_ICS_CANCELLED_SESSION,	/* "Cancelled: this pre-session is no longer held." */
	UPR_MSG_ICS_ARRIVE,		/* "Please arrive by %s, %d minutes before the session." */
	UPR_MSG_ICS_ALARM,		/* "Arrive by %s: " (a speaker's alarm, before the SUMMARY) */
	UPR_MSG_ICS_JOIN,		/* "Please join by %s, ..." (a remote speaker's ICS_ARRIVE) */
	UPR_MSG_ICS_ALARM_JOIN,		/* "Join by %s: " (a remote speaker's ICS_ALARM) */
	UPR_MSG_ICS_VIDEO_LINK,		/* "Video link: " */
	/* organiser.html */
	UPR_MSG_ORG_TITLE,		/* "organisers" (the title's tail) */
	UPR_MSG_ORG_KICKER,		/* "For the organisers · not for publication" */
	UPR_MSG_ORG_SCORE,		/* "Score: %lld" */
	UPR_MSG_ORG_SCORE_INTRO,
	UPR_MSG_ORG_PART, UPR_MSG_ORG_WEIGHT, UPR_MSG_ORG_COUNT, UPR_MSG_ORG_COST,
	UPR_MSG_ORG_BY_STATE,		/* "By State" */
	UPR_MSG_ORG_NO_STATE_COST,
	UPR_MSG_ORG_STATE,		/* "State" */
	UPR_MSG_ORG_WHOLE_ROUND,
	UPR_MSG_ORG_CLASHES,
	UPR_MSG_ORG_NO_CLASH,
	UPR_MSG_ORG_WAITLIST,		/* "Waitlist (%zu)" */
	UPR_MSG_ORG_NO_WAITLIST,
	UPR_MSG_ORG_ORGANISATION, UPR_MSG_ORG_PRIORITY, UPR_MSG_ORG_REASON,
	UPR_MSG_ORG_NOT_HELD,		/* "States not held (%zu)" */
	UPR_MSG_ORG_ALL_HELD,
	UPR_MSG_ORG_ROOM_USE,		/* "Room use by day" */
	UPR_MSG_ORG_ROOM_USE_INTRO,
	UPR_MSG_ORG_ROOM_USE_TITLE,	/* "Room use, " (the chart's title, then the day) */
	UPR_MSG_ORG_NO_SESSION,		/* "No session." */
	UPR_MSG_ORG_STATEMENTS_BY_STATE,
	UPR_MSG_ORG_DAY, UPR_MSG_ORG_STATEMENTS, UPR_MSG_ORG_WAITLISTED,
	UPR_MSG_ORG_SPEAKERS,		/* "Speakers with more than one statement" */
	UPR_MSG_ORG_ON,			/* "On" */
	UPR_MSG_ORG_ONCE,		/* "Every speaker speaks once." */
	UPR_MSG_ORG_N_WAITLISTED,	/* "%zu waitlisted" */
	UPR_MSG_ORG_N_NOT_HELD,		/* "%zu State not held" */
	UPR_MSG_ORG_N_NOT_HELD_PL,
	UPR_MSG_ORG_SCORE_FACT,		/* "score %lld" */
	UPR_MSG_ORG_BREAKS,		/* "This timetable breaks %ld hard constraint" */
	UPR_MSG_ORG_BREAKS_PL,
	UPR_MSG_ORG_RUN_VALIDATE,	/* ": run <code>upr-schedule validate</code> on it." */
	UPR_MSG_ORG_FOOTER,
	/* changes.txt */
	UPR_MSG_CH_NONE,		/* "No changes.\n" */
	UPR_MSG_CH_MOVED_FROM,		/* "moved from " */
	UPR_MSG_CH_TO,			/* " to " */
	UPR_MSG_CH_NOW_HELD,		/* "now held on " */
	UPR_MSG_CH_NO_LONGER,		/* "no longer held" */
	UPR_MSG_CH_ADDED,		/* "added, " */
	UPR_MSG_CH_ADDED_WAITLIST,	/* "added from the waitlist, " */
	UPR_MSG_CH_WITHDRAWN,		/* "withdrawn" */
	UPR_MSG_CH_WAITLISTED,		/* "waitlisted" */
	UPR_MSG_CH_RETIMED,		/* ": new statement times: " */
	UPR_MSG_COUNT
};

/* One language: its code and its messages, indexed by enum upr_msg. */
struct upr_ui_table {
	const char *code;		/* "fr" */
	const char *icu_locale;		/* for ICU's dates; NULL: the English form */
	bool plural_from_two;		/* 0 and 1 take the singular (French) */
	const char *const *msgs;	/* UPR_MSG_COUNT entries, none NULL or empty */
};

extern const struct upr_ui_table upr_ui_en, upr_ui_fr, upr_ui_es;

/* The language of code ("en", "fr", "es"), or -1; NULL is English. */
int upr_ui_lang_parse(const char *code);
/* "en" ... */
const char *upr_ui_lang_code(enum upr_ui_lang l);
/* The message id of language l (never NULL). */
const char *upr_msg(enum upr_ui_lang l, enum upr_msg id);
/* The singular id for n of one, else the plural (id + 1). */
const char *upr_msg_n(enum upr_ui_lang l, enum upr_msg id, long long n);

/* What upr_ui_date writes besides day and month. */
enum {
	UPR_UI_DATE_WEEKDAY = 1,	/* "Tuesday " */
	UPR_UI_DATE_YEAR = 2,	/* " 2017" */
	UPR_UI_DATE_SHORT = 4,	/* abbreviated ("Wed 13 Dec"), for changes.txt */
};
/*
 * Appends day (days since 1970-01-01) as language l words a date, with
 * the parts flags ask for.  When wd_begin is not NULL it gets the offsets
 * in b of the weekday's words ([*wd_begin, *wd_end), both -1 without), so
 * a caller can mark them up.  English: "Tuesday 12 December 2017", short
 * "Wed 13 Dec"; other languages as ICU's CLDR data has them.
 */
void upr_ui_date(struct upr_ebuf *b, enum upr_ui_lang l, int64_t day, unsigned flags,
		   long *wd_begin, long *wd_end);
/* A span of days in one year or month as l words it: "12–14 December
 * 2017", "30 November – 2 December 2017". */
void upr_ui_date_range(struct upr_ebuf *b, enum upr_ui_lang l, int64_t first, int64_t last);

/* upr_ex_put_speaker and upr_ex_running_order (text.h) in language l: the
 * calendars' running order ("Ouverture", "Questions et réponses"). */
void upr_ex_put_speaker_lang(struct upr_ebuf *b, enum upr_ui_lang l, const struct upr_speaker *sp);
void upr_ex_running_order_lang(struct upr_ebuf *b, enum upr_ui_lang l,
			       const struct upr_problem *p, const struct upr_session *s);

#endif
