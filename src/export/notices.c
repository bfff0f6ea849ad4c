/*
 * notices.c - the notices to speakers: notices/ID.eml, one RFC 5322
 * message per speaker with a contact, and notices/notices.csv, their index
 * for mail-merge tools.  The tool never sends them (docs/guide.md: one
 * `sendmail -t < file.eml` each).
 *
 * Who gets one: a speaker with `contact` that has something to be told: a
 * statement in the timetable, one on the waitlist, or one on a State that
 * is not held.  After a re-plan (a writer with a history), only a speaker
 * that a change concerns: its statement added, moved, retimed, cancelled,
 * waitlisted, or its State's session moved, newly held or no longer held;
 * the notice then starts with those changes, in changes.txt's words.
 *
 * The message: From/Reply-To from event.notices, To the contact, a
 * Subject naming the event, the State and the time, Date from the run's
 * dtstamp and a Message-ID made of the calendar UID of the speaker's first
 * State and the dtstamp, so the same input gives the same bytes and a
 * re-plan's notice is a new message.  MIME multipart/mixed: the text
 * (UTF-8, quoted-printable, from notices_text.c's templates in the
 * speaker's language), then the speaker's calendar (speakers/ID.ics, the
 * same bytes) as text/calendar; method=PUBLISH in base64, when it has an
 * event.
 *
 * What must hold:
 * - private data stays here: contacts reach only these files, which are
 *   never among the formats written by default (formats.c);
 * - no input can add a header or a recipient: addresses and names passed
 *   the loader's checks (src/load/contact.c: one line, no '<', '>', '"'),
 *   a header with a non-ASCII character is RFC 2047-encoded, and every
 *   body part is quoted-printable or base64, which the boundary (it holds
 *   "=_") cannot occur in;
 * - lines end in LF, as files that `sendmail -t` and `msmtp -t` read do;
 *   they send CRLF.
 */
#include "export/notices.h"
#include "export/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BOUNDARY "=_upr-schedule-notice"
#define UID_SIZE 256

/* ---- what a speaker is told ---- */

enum item_kind { IT_STATEMENT, IT_WAITLIST, IT_NOT_HELD };

struct item {
	enum item_kind kind;
	int state;
	const struct upr_session *ss;	/* IT_STATEMENT */
	const struct upr_stmt *st;
	const char *reason;		/* IT_WAITLIST */
};

/* Speaker s's items, in the order of its States; at most one per State.
 * Returns how many were written to v (size nstates). */
static size_t items_of(const struct upr_write_ctx *c, int s, struct item *v)
{
	const struct upr_problem *p = c->cp;
	const struct upr_timetable *t = c->t;
	const struct upr_speaker *sp = &p->speakers[s];
	size_t n = 0;
	for (size_t k = 0; k < sp->nstates; k++) {
		int state = sp->states[k];
		struct item it = { .kind = IT_NOT_HELD, .state = state };
		bool found = false;
		for (size_t i = 0; i < t->nsessions && !found; i++) {
			const struct upr_session *ss = &t->sessions[i];
			for (size_t j = 0; ss->state == state && j < ss->nstmts; j++)
				if (ss->stmts[j].speaker == s) {
					it = (struct item){ IT_STATEMENT, state, ss, &ss->stmts[j], NULL };
					found = true;
					break;
				}
		}
		for (size_t i = 0; i < t->nwaitlist && !found; i++)
			if (t->waitlist[i].speaker == s && t->waitlist[i].state == state) {
				it = (struct item){ IT_WAITLIST, state, NULL, NULL, t->waitlist[i].reason };
				found = true;
			}
		for (size_t i = 0; i < t->nnot_held && !found; i++)
			if (t->not_held[i].state == state)
				found = true;
		if (found)
			v[n++] = it;
	}
	return n;
}

/* Does s speak in the session of state, or did it before the re-plan
 * (a statement of it that the history cancels)? */
static bool speaks_in(const struct upr_write_ctx *c, int s, int state)
{
	const struct upr_timetable *t = c->t;
	for (size_t i = 0; i < t->nsessions; i++)
		for (size_t j = 0; t->sessions[i].state == state && j < t->sessions[i].nstmts; j++)
			if (t->sessions[i].stmts[j].speaker == s)
				return true;
	for (size_t i = 0; i < c->o->nhistory; i++) {
		const struct upr_event_history *h = &c->o->history[i];
		if (h->cancelled && h->speaker == s && h->state == state)
			return true;
	}
	return false;
}

/* Does change x concern speaker s: a change of its own statement (a change
 * names its speaker by the organisation of the history's view, the same
 * pointer as cp's), or of a session it speaks or spoke in? */
static bool concerns(const struct upr_write_ctx *c, int s, const struct upr_change *x)
{
	const struct upr_speaker *sp = &c->cp->speakers[s];
	if (x->organisation)
		return x->organisation == sp->organisation;
	return speaks_in(c, s, x->state);
}

static bool changed_for(const struct upr_write_ctx *c, int s)
{
	for (size_t i = 0; i < c->h->nchanges; i++)
		if (concerns(c, s, &c->h->changes[i]))
			return true;
	return false;
}

bool upr_export_notice_wanted(const struct upr_write_ctx *c, int s)
{
	const struct upr_problem *p = c->cp;
	if (s < 0 || (size_t)s >= p->nspeakers || !p->speakers[s].contact_email)
		return false;
	if (c->h && !changed_for(c, s))
		return false;
	struct item *v = upr_calloc(p->speakers[s].nstates + 1, sizeof(*v));
	if (!v)
		return true;	/* the writer reports it */
	size_t n = items_of(c, s, v);
	upr_free(v);
	return n > 0 || c->h;
}

static enum upr_notice_kind kind_of(const struct upr_write_ctx *c, const struct item *v, size_t n)
{
	if (c->h)
		return UPR_NOTICE_CHANGE;
	enum upr_notice_kind k = UPR_NOTICE_NOT_HELD;
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == IT_STATEMENT)
			return UPR_NOTICE_SCHEDULE;
		if (v[i].kind == IT_WAITLIST)
			k = UPR_NOTICE_WAITLIST;
	}
	return k;
}

/* The item the Subject names: the first of the notice's kind; after a
 * re-plan, the first State a change concerns. */
static const struct item *subject_item(const struct upr_write_ctx *c, int s,
				       const struct item *v, size_t n, enum upr_notice_kind k)
{
	for (size_t i = 0; i < n; i++) {
		bool match = false;
		switch (k) {
		case UPR_NOTICE_SCHEDULE: match = v[i].kind == IT_STATEMENT; break;
		case UPR_NOTICE_WAITLIST: match = v[i].kind == IT_WAITLIST; break;
		case UPR_NOTICE_NOT_HELD: match = v[i].kind == IT_NOT_HELD; break;
		case UPR_NOTICE_CHANGE:
			for (size_t j = 0; j < c->h->nchanges && !match; j++)
				match = c->h->changes[j].state == v[i].state &&
					concerns(c, s, &c->h->changes[j]);
			break;
		case UPR_NOTICE_KINDS: break;
		}
		if (match)
			return &v[i];
	}
	return n ? &v[0] : NULL;
}

/* ---- templates ---- */

struct var {
	const char *name;
	const char *value;	/* NULL: "" */
};

/* Appends tpl with each {name} of vars replaced by its value. */
static void expand(struct upr_ebuf *b, const char *tpl, const struct var *vars, size_t nvars)
{
	while (*tpl) {
		const char *open = strchr(tpl, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			upr_ebuf_puts(b, tpl);
			return;
		}
		upr_ebuf_add(b, tpl, (size_t)(open - tpl));
		size_t len = (size_t)(close - open - 1);
		size_t i = 0;
		while (i < nvars && !(strlen(vars[i].name) == len &&
				      memcmp(vars[i].name, open + 1, len) == 0))
			i++;
		if (i < nvars)
			upr_ebuf_puts(b, vars[i].value ? vars[i].value : "");
		else
			upr_ebuf_add(b, open, len + 2);
		tpl = close + 1;
	}
}

/* Every field for one item, as text; strings owned by f's buffers. */
struct fields {
	struct upr_ebuf date, state, room, venue, org, contact, event;
	char start[6], end[6], slot_start[6], slot_end[6], arrival[6];
	char minutes[16], arrival_minutes[16];
};

static void fields_init(struct fields *f)
{
	memset(f, 0, sizeof(*f));
	struct upr_ebuf *all[] = { &f->date, &f->state, &f->room, &f->venue, &f->org,
				   &f->contact, &f->event };
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		upr_ebuf_init(all[i]);
}

static void fields_release(struct fields *f)
{
	struct upr_ebuf *all[] = { &f->date, &f->state, &f->room, &f->venue, &f->org,
				   &f->contact, &f->event };
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		upr_ebuf_release(all[i]);
}

static bool fields_failed(const struct fields *f)
{
	return f->date.failed || f->state.failed || f->room.failed || f->venue.failed ||
	       f->org.failed || f->contact.failed || f->event.failed;
}

static const char *txt(const struct upr_ebuf *b)
{
	return b->p ? b->p : "";
}

static enum upr_ui_lang ui_lang(upr_lang l)
{
	return l == UPR_LANG('f', 'r') ? UPR_UI_FR : UPR_UI_EN;
}

static void hm(int64_t t, char out[6])
{
	upr_format_hm(upr_ex_minute(t), out);
}

/* Fills the fields of item it (NULL: only the speaker's and event's). */
static void fill(struct fields *f, const struct upr_problem *p, int s, const struct item *it,
		 const struct upr_notice_words *w)
{
	const struct upr_speaker *sp = &p->speakers[s];
	upr_ebuf_add_clean(&f->org, sp->organisation);
	upr_ebuf_add_clean(&f->contact, sp->contact_name ? sp->contact_name : sp->organisation);
	upr_ebuf_add_clean(&f->event, p->event.name);
	snprintf(f->arrival_minutes, sizeof(f->arrival_minutes), "%d", p->event.arrival);
	if (!it)
		return;
	upr_ebuf_add_clean(&f->state, upr_ex_state_name(p, it->state));
	if (it->kind != IT_STATEMENT)
		return;
	const struct upr_session *ss = it->ss;
	upr_ui_date(&f->date, ui_lang(sp->language), upr_ex_day(ss->start),
		    UPR_UI_DATE_WEEKDAY | UPR_UI_DATE_YEAR, NULL, NULL);
	upr_ebuf_add_clean(&f->room, upr_ex_room_name(p, ss->room));
	if (p->event.venue && *p->event.venue) {
		upr_ebuf_puts(&f->venue, w->venue_sep);
		upr_ebuf_add_clean(&f->venue, p->event.venue);
	}
	hm(ss->start, f->start);
	hm(ss->end, f->end);
	hm(it->st->start, f->slot_start);
	hm(it->st->start + it->st->minutes, f->slot_end);
	hm(ss->start - p->event.arrival, f->arrival);
	snprintf(f->minutes, sizeof(f->minutes), "%d", it->st->minutes);
}

/* Expands tpl with f's fields and the others given. */
static void put(struct upr_ebuf *b, const char *tpl, const struct fields *f,
		const char *video_link, const char *reason, const char *changes,
		const char *signature)
{
	const struct var vars[] = {
		{ "contact", txt(&f->contact) }, { "organisation", txt(&f->org) },
		{ "event", txt(&f->event) }, { "state", txt(&f->state) },
		{ "date", txt(&f->date) }, { "start", f->start }, { "end", f->end },
		{ "room", txt(&f->room) }, { "venue", txt(&f->venue) },
		{ "slot_start", f->slot_start }, { "slot_end", f->slot_end },
		{ "minutes", f->minutes }, { "arrival", f->arrival },
		{ "arrival_minutes", f->arrival_minutes }, { "video_link", video_link },
		{ "reason", reason }, { "changes", changes }, { "signature", signature },
	};
	expand(b, tpl, vars, sizeof(vars) / sizeof(*vars));
}

/* ---- the message's parts ---- */

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(struct upr_ebuf *b, const unsigned char *s, size_t n, size_t line)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		char q[4] = { B64[v >> 18 & 63], B64[v >> 12 & 63],
			      i + 1 < n ? B64[v >> 6 & 63] : '=', i + 2 < n ? B64[v & 63] : '=' };
		upr_ebuf_add(b, q, 4);
		col += 4;
		if (line && col >= line && i + 3 < n) {
			upr_ebuf_putc(b, '\n');
			col = 0;
		}
	}
}

/* Quoted-printable (RFC 2045 6.7) of text with LF line ends: lines of at
 * most 76 characters, '=' and every byte outside printable ASCII encoded,
 * a space or tab before a line end too; and a '.' or the 'F' of "From "
 * that starts a line, which `sendmail -t` would take for the end of the
 * message and a mailbox file for the start of the next. */
static void quoted_printable(struct upr_ebuf *b, const char *s, size_t n)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n') {
			upr_ebuf_putc(b, '\n');
			col = 0;
			continue;
		}
		bool at_end = i + 1 == n || s[i + 1] == '\n';
		bool plain = (ch >= 33 && ch <= 126 && ch != '=') ||
			     ((ch == ' ' || ch == '\t') && !at_end);
		size_t w = plain ? 1 : 3;
		if (col + w > 75) {
			upr_ebuf_puts(b, "=\n");
			col = 0;
		}
		if (col == 0 && (ch == '.' || (n - i >= 5 && memcmp(s + i, "From ", 5) == 0))) {
			plain = false;
			w = 3;
		}
		if (plain)
			upr_ebuf_putc(b, (char)ch);
		else
			upr_ebuf_printf(b, "=%02X", ch);
		col += w;
	}
}

static bool ascii_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 32 || (unsigned char)*s > 126)
			return false;
	return true;
}

/* RFC 2047 encoded words ("=?UTF-8?B?...?="), each of at most 45 bytes of
 * text (60 of base64, so a word is 72 characters), never cutting a UTF-8
 * character, folded onto lines of their own. */
static void encoded_words(struct upr_ebuf *b, const char *s)
{
	size_t n = strlen(s);
	bool first = true;
	while (n) {
		size_t k = n < 45 ? n : 45;
		while (k < n && k > 1 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		if (!first)
			upr_ebuf_puts(b, "\n ");
		upr_ebuf_puts(b, "=?UTF-8?B?");
		base64(b, (const unsigned char *)s, k, 0);
		upr_ebuf_puts(b, "?=");
		s += k;
		n -= k;
		first = false;
	}
}

/* "Subject: text": as it is when printable ASCII (folded at spaces to
 * lines of about 78 characters), else as encoded words. */
static void header_text(struct upr_ebuf *b, const char *name, const char *value)
{
	upr_ebuf_printf(b, "%s: ", name);
	if (!ascii_printable(value)) {
		encoded_words(b, value);
	} else {
		size_t col = strlen(name) + 2;
		while (*value) {
			size_t word = strcspn(value + 1, " ") + 1;
			if (col + word > 78 && col > strlen(name) + 2 && *value == ' ') {
				upr_ebuf_puts(b, "\n");
				col = 0;
			}
			upr_ebuf_add(b, value, word);
			col += word;
			value += word;
		}
	}
	upr_ebuf_putc(b, '\n');
}

static bool atom_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("!#$%&'*+-/=?^_`{|}~", s[i])))
			return false;
	return n > 0;
}

/*
 * A name with characters outside ASCII as a phrase: its words that are
 * atoms as they are, each run of the others as one encoded word.  Why not
 * the whole name in encoded words: the whitespace between two encoded
 * words is no part of the text (RFC 2047 6.2), and Python's address parser
 * keeps it nonetheless, so a name cut between two words would read
 * differently in different mail programs.  Only a run longer than an
 * encoded word holds (45 bytes) is cut, and then its space goes inside
 * the first word, which RFC 2047 readers keep.
 */
static void phrase_words(struct upr_ebuf *b, const char *name)
{
	struct upr_ebuf run;
	upr_ebuf_init(&run);
	bool out = false;	/* anything written yet: a space goes first */
	const char *s = name;
	while (*s) {
		size_t sp = strspn(s, " ");
		const char *w = s + sp;
		size_t n = strcspn(w, " ");
		if (!n)
			break;
		if (atom_text(w, n)) {
			if (run.len) {
				upr_ebuf_puts(b, out ? "\n " : "");
				encoded_words(b, run.p);
				run.len = 0;
				out = true;
			}
			upr_ebuf_puts(b, out ? " " : "");
			upr_ebuf_add(b, w, n);
			out = true;
		} else {
			if (run.len && run.len + 1 + n > 45) {
				upr_ebuf_putc(&run, ' ');
				upr_ebuf_puts(b, out ? "\n " : "");
				encoded_words(b, run.p);
				run.len = 0;
				out = true;
			}
			if (run.len)
				upr_ebuf_putc(&run, ' ');
			upr_ebuf_add(&run, w, n);
		}
		s = w + n;
	}
	if (run.len) {
		upr_ebuf_puts(b, out ? "\n " : "");
		encoded_words(b, run.p);
	}
	if (run.failed)
		b->failed = true;
	upr_ebuf_release(&run);
}

/* A display name as a phrase: atoms as they are, other ASCII as a quoted
 * string, anything else as atoms and encoded words (phrase_words). */
static void phrase(struct upr_ebuf *b, const char *name)
{
	if (!ascii_printable(name)) {
		phrase_words(b, name);
		return;
	}
	bool atoms = true;
	for (const char *s = name; *s && atoms; s++)
		atoms = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			(*s >= '0' && *s <= '9') || strchr(" !#$%&'*+-/=?^_`{|}~", *s);
	if (atoms) {
		upr_ebuf_puts(b, name);
		return;
	}
	upr_ebuf_putc(b, '"');
	for (const char *s = name; *s; s++) {
		if (*s == '\\' || *s == '"')
			upr_ebuf_putc(b, '\\');
		upr_ebuf_putc(b, *s);
	}
	upr_ebuf_putc(b, '"');
}

/* "To: Name <address>".  A name longer than a contact's may be (the
 * organisation standing in for it) is left out rather than written on a
 * header line longer than RFC 5322 allows. */
static void header_mailbox(struct upr_ebuf *b, const char *header, const char *name,
			   const char *email)
{
	upr_ebuf_printf(b, "%s: ", header);
	if (name && strlen(name) <= 200) {
		phrase(b, name);
		upr_ebuf_printf(b, " <%s>\n", email);
	} else {
		upr_ebuf_printf(b, "%s\n", email);
	}
}

/* "Date: Thu, 30 Nov 2017 00:00:00 +0000" of secs (UTC). */
static void header_date(struct upr_ebuf *b, int64_t secs)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)secs;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		b->failed = true;
		return;
	}
	upr_ebuf_printf(b, "Date: %s, %d %s %d %02d:%02d:%02d +0000\n", wd[tm.tm_wday],
			tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
			tm.tm_sec);
}

/* "Message-ID: <UID-left.DTSTAMP@upr-schedule>": the calendar UID of the
 * speaker's first State, its '.' runs made safe for a dot-atom. */
static void header_message_id(struct upr_ebuf *b, const struct upr_problem *p, int s,
			      int state, int64_t dtstamp)
{
	char uid[UID_SIZE];
	upr_uid_statement(p, state, s, uid, sizeof(uid));
	char *at = strrchr(uid, '@');
	if (at)
		*at = '\0';
	for (char *c = uid; *c; c++)
		if (*c == '.' && (c == uid || c[1] == '.' || c[1] == '\0'))
			*c = '-';
	upr_ebuf_printf(b, "Message-ID: <%s.%lld@upr-schedule>\n", uid, (long long)dtstamp);
}

/* ---- the notice ---- */

/* The speaker's calendar as bytes: *out (upr_free) and *len; false when
 * it has no event or writing failed (*failed then says which). */
static bool calendar_of(const struct upr_write_ctx *c, int s, char **out, size_t *len,
			bool *failed)
{
	*out = NULL;
	*len = 0;
	*failed = false;
	if (!upr_export_ics_speaker_has_events(c->cp, c->t, s, c->o))
		return false;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	if (!mem) {
		*failed = true;
		return false;
	}
	int rc = upr_export_ics_speaker(c->cp, c->t, s, c->o, mem);
	if (fclose(mem) != 0)
		rc = -1;
	if (rc != 0 || !buf) {
		free(buf);	/* open_memstream's */
		*failed = true;
		return false;
	}
	*out = upr_malloc(size + 1);
	if (*out) {
		memcpy(*out, buf, size + 1);
		*len = size;
	} else {
		*failed = true;
	}
	free(buf);
	return *out != NULL;
}

/* The text of the notice (LF line ends) into body. */
static void body_text(struct upr_ebuf *body, const struct upr_write_ctx *c, int s,
		      const struct item *v, size_t n, bool attached)
{
	const struct upr_problem *p = c->cp;
	const struct upr_speaker *sp = &p->speakers[s];
	const struct upr_notice_words *w = upr_notice_words(sp->language);
	const char *sig = p->event.signature ? p->event.signature : "";
	struct fields f;
	fields_init(&f);
	fill(&f, p, s, NULL, w);
	put(body, w->greeting, &f, NULL, NULL, NULL, sig);
	if (c->h) {
		struct upr_ebuf ch;
		upr_ebuf_init(&ch);
		for (size_t i = 0; i < c->h->nchanges; i++)
			if (concerns(c, s, &c->h->changes[i]))
				upr_ex_put_change(&ch, ui_lang(sp->language), &c->h->changes[i]);
		put(body, w->changes, &f, NULL, NULL, txt(&ch), sig);
		if (ch.failed)
			body->failed = true;
		upr_ebuf_release(&ch);
	} else {
		put(body, w->intro, &f, NULL, NULL, NULL, sig);
	}
	if (fields_failed(&f))
		body->failed = true;
	fields_release(&f);
	for (size_t i = 0; i < n; i++) {
		fields_init(&f);
		fill(&f, p, s, &v[i], w);
		const char *link = v[i].kind == IT_STATEMENT
				   ? upr_ex_video_link(p, s, v[i].ss->room) : NULL;
		switch (v[i].kind) {
		case IT_STATEMENT:
			put(body, p->speakers[s].remote ? w->statement_remote : w->statement, &f,
			    link, NULL, NULL, sig);
			if (link)
				put(body, w->video, &f, link, NULL, NULL, sig);
			break;
		case IT_WAITLIST: {
			struct upr_ebuf r;
			upr_ebuf_init(&r);
			upr_ebuf_add_clean(&r, v[i].reason);
			put(body, w->waitlist, &f, NULL, txt(&r), NULL, sig);
			upr_ebuf_release(&r);
			break;
		}
		case IT_NOT_HELD:
			put(body, w->not_held, &f, NULL, NULL, NULL, sig);
			break;
		}
		if (fields_failed(&f))
			body->failed = true;
		fields_release(&f);
	}
	fields_init(&f);
	fill(&f, p, s, NULL, w);
	if (attached)
		put(body, w->attached, &f, NULL, NULL, NULL, sig);
	put(body, w->closing, &f, NULL, NULL, NULL, sig);
	fields_release(&f);
}

int upr_export_notice(const struct upr_write_ctx *c, int s, FILE *out)
{
	const struct upr_problem *p = c->cp;
	if (s < 0 || (size_t)s >= p->nspeakers || !p->speakers[s].contact_email)
		return -1;
	const struct upr_speaker *sp = &p->speakers[s];
	struct item *v = upr_calloc(sp->nstates + 1, sizeof(*v));
	if (!v)
		return -1;
	size_t n = items_of(c, s, v);
	enum upr_notice_kind kind = kind_of(c, v, n);
	const struct item *subj = subject_item(c, s, v, n, kind);
	const struct upr_notice_words *w = upr_notice_words(sp->language);
	char *cal;
	size_t callen;
	bool calfailed;
	bool attached = calendar_of(c, s, &cal, &callen, &calfailed);

	struct upr_ebuf b, body, subject;
	upr_ebuf_init(&b);
	upr_ebuf_init(&body);
	upr_ebuf_init(&subject);
	struct fields f;
	fields_init(&f);
	fill(&f, p, s, subj, w);
	put(&subject, w->subject[kind], &f, NULL, NULL, NULL, NULL);
	/* a subject naming a time needs the statement's; one that has none
	 * (a change that waitlisted it) drops the empty tail */
	while (subject.len && strchr(" ,", subject.p[subject.len - 1]))
		subject.p[--subject.len] = '\0';
	bool ffail = fields_failed(&f);
	fields_release(&f);

	if (p->event.from_email)
		header_mailbox(&b, "From", p->event.from_name, p->event.from_email);
	header_mailbox(&b, "To", sp->contact_name ? sp->contact_name : sp->organisation,
		       sp->contact_email);
	if (p->event.reply_to_email)
		header_mailbox(&b, "Reply-To", p->event.reply_to_name, p->event.reply_to_email);
	header_text(&b, "Subject", subject.p ? subject.p : "");
	header_date(&b, c->o->dtstamp);
	header_message_id(&b, p, s, sp->nstates ? sp->states[0] : -1, c->o->dtstamp);
	upr_ebuf_printf(&b, "Content-Language: %s\n",
			ui_lang(sp->language) == UPR_UI_FR ? "fr" : "en");
	upr_ebuf_puts(&b, "MIME-Version: 1.0\n"
			  "Content-Type: multipart/mixed; boundary=\"" BOUNDARY "\"\n"
			  "\n"
			  "This is a message in MIME format.\n"
			  "\n--" BOUNDARY "\n"
			  "Content-Type: text/plain; charset=UTF-8\n"
			  "Content-Transfer-Encoding: quoted-printable\n\n");
	body_text(&body, c, s, v, n, attached);
	quoted_printable(&b, body.p ? body.p : "", body.len);
	if (body.len && body.p[body.len - 1] != '\n')
		upr_ebuf_putc(&b, '\n');
	if (attached) {
		upr_ebuf_printf(&b, "\n--" BOUNDARY "\n"
				"Content-Type: text/calendar; charset=UTF-8; method=PUBLISH; "
				"name=\"%s.ics\"\n"
				"Content-Disposition: attachment; filename=\"%s.ics\"\n"
				"Content-Transfer-Encoding: base64\n\n", sp->id, sp->id);
		base64(&b, (const unsigned char *)cal, callen, 76);
		upr_ebuf_putc(&b, '\n');
	}
	upr_ebuf_puts(&b, "\n--" BOUNDARY "--\n");
	int rc = body.failed || subject.failed || ffail || calfailed ? -1 : upr_ebuf_write(&b, out);
	upr_ebuf_release(&b);
	upr_ebuf_release(&body);
	upr_ebuf_release(&subject);
	upr_free(cal);
	upr_free(v);
	return rc;
}

/* ---- notices.csv ---- */

static void csv_cell(struct upr_ebuf *b, const char *s, bool last)
{
	if (strpbrk(s, "\",\r\n")) {
		upr_ebuf_putc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				upr_ebuf_putc(b, '"');
			upr_ebuf_putc(b, *s);
		}
		upr_ebuf_putc(b, '"');
	} else {
		upr_ebuf_puts(b, s);
	}
	upr_ebuf_puts(b, last ? "\r\n" : ",");
}

static const char *const kind_names[UPR_NOTICE_KINDS] = {
	[UPR_NOTICE_SCHEDULE] = "schedule",
	[UPR_NOTICE_WAITLIST] = "waitlist",
	[UPR_NOTICE_NOT_HELD] = "not-held",
	[UPR_NOTICE_CHANGE] = "change",
};

int upr_export_notices_index(const struct upr_write_ctx *c, FILE *out)
{
	const struct upr_problem *p = c->cp;
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	upr_ebuf_puts(&b, "speaker,organisation,name,email,language,kind,file\r\n");
	for (size_t s = 0; s < p->nspeakers; s++) {
		if (!upr_export_notice_wanted(c, (int)s))
			continue;
		const struct upr_speaker *sp = &p->speakers[s];
		struct item *v = upr_calloc(sp->nstates + 1, sizeof(*v));
		if (!v) {
			b.failed = true;
			break;
		}
		size_t n = items_of(c, (int)s, v);
		enum upr_notice_kind kind = kind_of(c, v, n);
		upr_free(v);
		struct upr_ebuf org, name;
		upr_ebuf_init(&org);
		upr_ebuf_init(&name);
		upr_ebuf_add_clean(&org, sp->organisation);
		upr_ebuf_add_clean(&name, sp->contact_name ? sp->contact_name : sp->organisation);
		char lang[3];
		upr_lang_format(sp->language, lang);
		csv_cell(&b, sp->id, false);
		csv_cell(&b, txt(&org), false);
		csv_cell(&b, txt(&name), false);
		csv_cell(&b, sp->contact_email, false);
		csv_cell(&b, lang, false);
		csv_cell(&b, kind_names[kind], false);
		upr_ebuf_printf(&b, "%s.eml\r\n", sp->id);
		if (org.failed || name.failed)
			b.failed = true;
		upr_ebuf_release(&org);
		upr_ebuf_release(&name);
	}
	int rc = upr_ebuf_write(&b, out);
	upr_ebuf_release(&b);
	return rc;
}

int upr_export_notice_retire(const char *old, const struct upr_export_opts *o,
			     struct upr_ebuf *out)
{
	(void)o;
	(void)out;
	/* sending the folder sends every file in it: a notice of an earlier
	 * run left there would be sent again */
	return strstr(old, "boundary=\"" BOUNDARY "\"") ? UPR_RETIRE_DROP : UPR_RETIRE_KEEP;
}
