/*
 * notices_text.c - the words of the notices to speakers (notices.c), one
 * table per language: English and French.  A speaker's `language` picks
 * the table (fr: French; every other language: English).
 *
 * Each piece is a template: text with {placeholders}, which notices.c
 * fills in (upr_notice_expand).  The placeholders, every field a notice
 * knows:
 *   {contact}       the contact's name, else the organisation
 *   {organisation}  the speaker's organisation
 *   {event}         the event's name
 *   {state}         the State under Review
 *   {date}          the day of the session ("Tuesday 12 December 2017")
 *   {start} {end}   the session's times ("10:00", "11:00")
 *   {room} {venue}  the room's name, the event's venue ("" when none)
 *   {slot_start} {slot_end} {minutes}   the statement's own times
 *   {arrival}       when to arrive ("09:30"); {arrival_minutes} before
 *                   the session ("30")
 *   {video_link}    where a remote speaker joins
 *   {reason}        why a statement waits, in the timetable's words
 *   {changes}       what a re-plan changed, one line each
 *   {signature}     event.notices.signature ("" when none)
 * An unknown placeholder is written as it stands, so a typo shows in the
 * message instead of vanishing (test_notices checks that the templates
 * use known names only).
 */
#include "export/notices.h"

static const struct upr_notice_words en = {
	.subject = {
		[UPR_NOTICE_SCHEDULE] = "{event}: your statement on {state}, {date} {start}",
		[UPR_NOTICE_WAITLIST] = "{event}: {state}: your statement is on the waitlist",
		[UPR_NOTICE_NOT_HELD] = "{event}: {state}: the pre-session is not held",
		[UPR_NOTICE_CHANGE] = "{event}: change to your statement on {state}",
	},
	.greeting = "Dear {contact},\n\n",
	.intro = "This is where the statements of {organisation} at {event} stand.\n\n",
	.changes = "The timetable of {event} has changed since we last wrote to you:\n\n"
		   "{changes}\n"
		   "This is where the statements of {organisation} now stand.\n\n",
	.statement = "{state}: {date}, {start}-{end}, {room}{venue}.\n"
		     "Your statement: {slot_start}-{slot_end} ({minutes} minutes). Panellists "
		     "stay for the whole session.\n"
		     "Please arrive by {arrival}, {arrival_minutes} minutes before the session, "
		     "to collect your badge.\n\n",
	.statement_remote = "{state}: {date}, {start}-{end}, {room}{venue}.\n"
			    "Your statement: {slot_start}-{slot_end} ({minutes} minutes), by video. "
			    "Panellists stay for the whole session.\n"
			    "Please join by {arrival}, {arrival_minutes} minutes before the session, "
			    "to test the connection.\n\n",
	.video = "You speak by video: join at {video_link}\n\n",
	.waitlist = "{state}: your statement is on the waitlist. The session had no place "
		    "left for it: {reason}. We will write again if a place opens.\n\n",
	.not_held = "{state}: the pre-session will not be held, as too few organisations "
		    "applied to speak. Your statement on it is cancelled; we are sorry.\n\n",
	.attached = "Your calendar is attached: open it to add your sessions to your "
		    "calendar, or to update them.\n\n",
	.closing = "{signature}\n",
	.venue_sep = ", ",
};

static const struct upr_notice_words fr = {
	.subject = {
		[UPR_NOTICE_SCHEDULE] = "{event} : votre déclaration sur {state}, {date} {start}",
		[UPR_NOTICE_WAITLIST] = "{event} : {state} : votre déclaration est en liste d'attente",
		[UPR_NOTICE_NOT_HELD] = "{event} : {state} : la pré-session n'a pas lieu",
		[UPR_NOTICE_CHANGE] = "{event} : changement pour votre déclaration sur {state}",
	},
	.greeting = "Bonjour {contact},\n\n",
	.intro = "Voici où en sont les déclarations de {organisation} pour « {event} ».\n\n",
	.changes = "Le programme de « {event} » a changé depuis notre dernier message :\n\n"
		   "{changes}\n"
		   "Voici où en sont maintenant les déclarations de {organisation}.\n\n",
	.statement = "{state} : {date}, {start}-{end}, {room}{venue}.\n"
		     "Votre déclaration : {slot_start}-{slot_end} ({minutes} minutes). Les "
		     "intervenants restent pendant toute la séance.\n"
		     "Merci d'arriver à {arrival}, {arrival_minutes} minutes avant la séance, "
		     "pour retirer votre badge.\n\n",
	.statement_remote = "{state} : {date}, {start}-{end}, {room}{venue}.\n"
			    "Votre déclaration : {slot_start}-{slot_end} ({minutes} minutes), par "
			    "vidéo. Les intervenants restent pendant toute la séance.\n"
			    "Merci de vous connecter à {arrival}, {arrival_minutes} minutes avant la "
			    "séance, pour tester la liaison.\n\n",
	.video = "Vous intervenez par vidéo : rejoignez la séance sur {video_link}\n\n",
	.waitlist = "{state} : votre déclaration est en liste d'attente. La séance n'avait "
		    "plus de place pour elle (raison, en anglais : {reason}). Nous vous "
		    "écrirons si une place se libère.\n\n",
	.not_held = "{state} : la pré-session n'aura pas lieu, trop peu d'organisations "
		    "ayant demandé à y prendre la parole. Votre déclaration est annulée ; "
		    "nous en sommes désolés.\n\n",
	.attached = "Votre calendrier est joint : ouvrez-le pour ajouter vos séances à "
		    "votre agenda, ou pour les mettre à jour.\n\n",
	.closing = "{signature}\n",
	.venue_sep = ", ",
};

const struct upr_notice_words *upr_notice_words(upr_lang lang)
{
	return lang == UPR_LANG('f', 'r') ? &fr : &en;
}

const struct upr_notice_words *upr_notice_words_all(size_t i)
{
	static const struct upr_notice_words *const all[] = { &en, &fr };
	return i < sizeof(all) / sizeof(*all) ? all[i] : NULL;
}

const char *const upr_notice_placeholders[] = {
	"contact", "organisation", "event", "state", "date", "start", "end", "room", "venue",
	"slot_start", "slot_end", "minutes", "arrival", "arrival_minutes", "video_link",
	"reason", "changes", "signature", NULL,
};
