/*
 * changes.c - changes.txt: what a re-plan changed against its baseline, one
 * line per change, in words an organiser pastes into an announcement:
 *
 *   Burundi: moved from Wed 13 Dec 11:00, Room XXIII to Thu 14 Dec 10:00, Room XXIV
 *   Israel: Civic Space Sentinel withdrawn
 *   Luxembourg: now held on Fri 15 Dec 10:00, Room XXIII
 *   France: new statement times: NHRI of France 11:05-11:12, Ocle 11:12-11:19
 *
 * history.c finds the changes and orders them (State input order); this
 * file only words them, so the wording can change without touching the
 * diff.  The statements of one session whose times changed (because
 * another speaker withdrew) are one line, not one each: they are a single
 * change of the running order, and an announcement lists it once.
 * Names are cleaned like the calendars' (no control character, valid
 * UTF-8), so a name from the input can never break a line in two.  Days are
 * short names in the language of --lang (lang.h) and carry no year: a round
 * lasts a few days.
 */
#include "export/export.h"
#include "export/text.h"

/* "Wed 13 Dec" ("mer. 13 déc.", "mié, 13 dic") */
static void put_day(struct upr_ebuf *b, enum upr_ui_lang lang, int64_t t)
{
	upr_ui_date(b, lang, upr_ex_day(t), UPR_UI_DATE_WEEKDAY | UPR_UI_DATE_SHORT, NULL, NULL);
}

/* "Wed 13 Dec 11:00, Room XXIII", or with the end ("11:00-12:30") when
 * span is set. */
static void put_place(struct upr_ebuf *b, enum upr_ui_lang lang, int64_t start, int64_t end, const char *room, bool span)
{
	put_day(b, lang, start);
	upr_ebuf_putc(b, ' ');
	if (span) {
		upr_ex_put_span(b, start, end);
	} else {
		char hm[6];
		upr_format_hm(upr_ex_minute(start), hm);
		upr_ebuf_puts(b, hm);
	}
	if (room && *room) {
		upr_ebuf_puts(b, ", ");
		upr_ebuf_add_clean(b, room);
	}
}

static void put_line(struct upr_ebuf *b, enum upr_ui_lang lang, const struct upr_change *x)
{
	upr_ebuf_add_clean(b, x->state_name);
	upr_ebuf_puts(b, ": ");
	if (x->organisation) {
		upr_ebuf_add_clean(b, x->organisation);
		upr_ebuf_putc(b, ' ');
	}
	switch (x->kind) {
	case UPR_CHANGE_MOVED: {
		/* times alone say it, unless the length changed too */
		bool span = x->old_end - x->old_start != x->new_end - x->new_start;
		upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_CH_MOVED_FROM));
		put_place(b, lang, x->old_start, x->old_end, x->old_room, span);
		upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_CH_TO));
		put_place(b, lang, x->new_start, x->new_end, x->new_room, span);
		break;
	}
	case UPR_CHANGE_HELD:
		upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_CH_NOW_HELD));
		put_place(b, lang, x->new_start, x->new_end, x->new_room, false);
		break;
	case UPR_CHANGE_NOT_HELD:
		upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_CH_NO_LONGER));
		break;
	case UPR_CHANGE_ADDED:
	case UPR_CHANGE_FROM_WAITLIST:
		upr_ebuf_puts(b, upr_msg(lang, x->kind == UPR_CHANGE_ADDED ? UPR_MSG_CH_ADDED
								   : UPR_MSG_CH_ADDED_WAITLIST));
		put_day(b, lang, x->new_start);
		upr_ebuf_putc(b, ' ');
		upr_ex_put_span(b, x->new_start, x->new_end);
		break;
	case UPR_CHANGE_WITHDRAWN:
		upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_CH_WITHDRAWN));
		break;
	case UPR_CHANGE_WAITLISTED:
		upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_CH_WAITLISTED));
		break;
	case UPR_CHANGE_RETIMED:
		break;	/* never here: put_retimed words them */
	}
	upr_ebuf_putc(b, '\n');
}

/* "France: new statement times: A 11:05-11:12, B 11:12-11:19" for the run
 * of RETIMED changes of one State starting at v[0]; returns its length. */
static size_t put_retimed(struct upr_ebuf *b, enum upr_ui_lang lang, const struct upr_change *v,
			  size_t n)
{
	size_t k = 0;
	upr_ebuf_add_clean(b, v[0].state_name);
	upr_ebuf_puts(b, upr_msg(lang, UPR_MSG_CH_RETIMED));
	for (; k < n && v[k].kind == UPR_CHANGE_RETIMED && v[k].state == v[0].state; k++) {
		if (k)
			upr_ebuf_puts(b, ", ");
		upr_ebuf_add_clean(b, v[k].organisation);
		upr_ebuf_putc(b, ' ');
		upr_ex_put_span(b, v[k].new_start, v[k].new_end);
	}
	upr_ebuf_putc(b, '\n');
	return k;
}

void upr_ex_put_change(struct upr_ebuf *b, enum upr_ui_lang lang, const struct upr_change *x)
{
	if (x->kind == UPR_CHANGE_RETIMED)
		put_retimed(b, lang, x, 1);
	else
		put_line(b, lang, x);
}

int upr_export_changes(const struct upr_history *h, FILE *f)
{
	return upr_export_changes_lang(h, UPR_UI_EN, f);
}

int upr_export_changes_lang(const struct upr_history *h, enum upr_ui_lang lang, FILE *f)
{
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	if (!h->nchanges)
		upr_ebuf_printf(&b, "%s\n", upr_msg(lang, UPR_MSG_CH_NONE));
	for (size_t i = 0; i < h->nchanges;) {
		if (h->changes[i].kind == UPR_CHANGE_RETIMED) {
			i += put_retimed(&b, lang, &h->changes[i], h->nchanges - i);
		} else {
			put_line(&b, lang, &h->changes[i]);
			i++;
		}
	}
	int rc = upr_ebuf_write(&b, f);
	upr_ebuf_release(&b);
	return rc;
}
