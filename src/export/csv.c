/*
 * csv.c - timetable.csv: one row per item of every session, for
 * spreadsheets (docs/reference.md#timetablecsv).
 *
 * RFC 4180: CRLF after every row (the last included), a cell is quoted when
 * it holds '"', ',', CR or LF, and quotes inside are doubled.  UTF-8 without
 * a byte order mark.  Text is written as given (a newline in a name stays a
 * newline inside a quoted cell), except that a cell beginning with '=', '+',
 * '-', '@', a tab or a carriage return gets a leading "'": spreadsheets
 * would otherwise run it as a formula (CSV injection), and "'" is what they
 * themselves show as "text, not a formula".
 *
 * Columns: date, start, end (local to event.timezone: 2017-12-12, 10:00),
 * room (the room's id: stable and short, as in timetable.json's "room"),
 * room_name (what a reader of the spreadsheet recognises), state (id), state_name, type (opening, remarks, statement, questions),
 * speaker (id), organisation, kind, language (statements only; empty
 * otherwise), minutes.
 */
#include "export/export.h"
#include "export/text.h"

#include <string.h>

static void cell(struct upr_ebuf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	bool guard = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
	bool quote = strpbrk(s, "\",\r\n") != NULL;
	if (quote)
		upr_ebuf_putc(b, '"');
	if (guard)
		upr_ebuf_putc(b, '\'');
	for (const char *q = s; *q; q++) {
		if (*q == '"')
			upr_ebuf_putc(b, '"');
		upr_ebuf_putc(b, *q);
	}
	if (quote)
		upr_ebuf_putc(b, '"');
	upr_ebuf_puts(b, last ? "\r\n" : ",");
}

int upr_export_csv(const struct upr_problem *p, const struct upr_timetable *t, FILE *f)
{
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	struct upr_item *items = NULL;
	size_t cap = 0;

	upr_ebuf_puts(&b, "date,start,end,room,room_name,state,state_name,type,speaker,"
			  "organisation,kind,language,minutes\r\n");
	for (size_t i = 0; i < t->nsessions && !b.failed; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (s->nstmts + 3 > cap) {
			upr_free(items);
			cap = s->nstmts + 3;
			items = upr_malloc(cap * sizeof(*items));
			if (!items) {
				b.failed = true;
				break;
			}
		}
		size_t n = upr_ex_items(p, s, items);
		for (size_t k = 0; k < n; k++) {
			const struct upr_item *it = &items[k];
			char date[11], start[6], end[6], minutes[24], lang[3] = "";
			upr_format_date(upr_ex_day(it->start), date);
			upr_format_hm(upr_ex_minute(it->start), start);
			/* An item ends on its start's day (H1); 24:00 at most. */
			upr_format_hm((int)(it->end - upr_ex_day(it->start) * UPR_MIN_PER_DAY), end);
			snprintf(minutes, sizeof(minutes), "%lld", (long long)(it->end - it->start));
			const struct upr_speaker *sp = NULL;
			if (it->type == UPR_ITEM_STATEMENT) {
				sp = upr_ex_speaker(p, s->stmts[it->stmt].speaker);
				if (sp)
					upr_lang_format(sp->language, lang);
			}
			cell(&b, date, false);
			cell(&b, start, false);
			cell(&b, end, false);
			cell(&b, upr_ex_room_id(p, s->room), false);
			cell(&b, upr_ex_room_name(p, s->room), false);
			cell(&b, upr_ex_state_id(p, s->state), false);
			cell(&b, upr_ex_state_name(p, s->state), false);
			cell(&b, upr_ex_item_names[it->type], false);
			cell(&b, sp ? sp->id : "", false);
			cell(&b, sp ? sp->organisation : "", false);
			cell(&b, sp ? upr_kind_names[sp->kind] : "", false);
			cell(&b, lang, false);
			cell(&b, minutes, true);
		}
	}
	upr_free(items);
	int rc = upr_ebuf_write(&b, f);
	upr_ebuf_release(&b);
	return rc;
}
