/*
 * notices.h - the notices to speakers (export --notices, plan -f notices):
 * one RFC 5322 message per speaker with a contact, and the words they are
 * written in.  Private to src/export/.
 *
 *   notices.c       which speakers get one, what it says, the MIME message
 *   notices_text.c  the templates, English and French
 */
#ifndef UPR_EXPORT_NOTICES_H
#define UPR_EXPORT_NOTICES_H

#include "export/export.h"

/* What a notice is about, for its Subject and notices.csv. */
enum upr_notice_kind {
	UPR_NOTICE_SCHEDULE,	/* at least one statement in the timetable */
	UPR_NOTICE_WAITLIST,	/* else at least one waitlisted */
	UPR_NOTICE_NOT_HELD,	/* else a State that is not held */
	UPR_NOTICE_CHANGE,	/* after a re-plan: what changed */
	UPR_NOTICE_KINDS
};

/* One language's templates (notices_text.c says the placeholders). */
struct upr_notice_words {
	const char *subject[UPR_NOTICE_KINDS];
	const char *greeting, *intro, *changes;
	/* statement_remote: statement for a speaker by video (no badge) */
	const char *statement, *statement_remote, *video, *waitlist, *not_held;
	const char *attached, *closing;
	const char *venue_sep;	/* before {venue} when there is one */
};

/* The words for a speaker's language: French for fr, else English. */
const struct upr_notice_words *upr_notice_words(upr_lang lang);
/* The i-th language's words, NULL past the last (for tests). */
const struct upr_notice_words *upr_notice_words_all(size_t i);
/* Every placeholder's name, NULL-terminated. */
extern const char *const upr_notice_placeholders[];

#endif
