/*
 * uid.c - calendar UIDs of sessions and statements.
 *
 * A subscriber's calendar matches events across re-plans by UID alone, so a
 * UID is built only from ids that the organisers never change (event.id, the
 * State's and the speaker's ids), never from times, rooms or indices.
 * Ids match [A-Za-z0-9][A-Za-z0-9._-]{0,63} (docs/reference.md#value-forms): they never hold a
 * '/', so "event/state" and "event/state/speaker" cannot collide (with '-'
 * as separator, State "A-B" and speaker "B" of State "A" would), need no
 * escaping, and fit in 200 bytes.
 */
#include "export/export.h"
#include "export/text.h"

void upr_uid_session(const struct upr_problem *p, int state, char *buf, size_t size)
{
	if (!size)
		return;
	snprintf(buf, size, "%s/%s@upr-schedule", p->event.id ? p->event.id : "",
		 upr_ex_state_id(p, state));
}

void upr_uid_statement(const struct upr_problem *p, int state, int speaker, char *buf, size_t size)
{
	if (!size)
		return;
	const struct upr_speaker *sp = upr_ex_speaker(p, speaker);
	snprintf(buf, size, "%s/%s/%s@upr-schedule", p->event.id ? p->event.id : "",
		 upr_ex_state_id(p, state), sp && sp->id ? sp->id : "");
}
