/*
 * frab.c - schedule.xml, the c3voc/frab schedule XML that conference apps
 * (Giggity, EventFahrplan, ConfClerk) subscribe to (docs/reference.md#schedulexml).
 *
 * Layout, valid against tests/data/schedule.xml.xsd:
 *
 *   <schedule>
 *     <generator name="upr-schedule" version="0.1.0"/>
 *     <version>16 hex digits: SHA-1 of everything below</version>
 *     <conference> acronym (when event.id makes one), title, start, end,
 *                  days, timeslot_duration (session.grid), time_zone_name
 *     <day index="1" date=... start=... end=...>   one per event day
 *       <room name=... guid=...>                   one per room, input order
 *         <event guid=... id=...>                  one per session
 *           room, title (State), subtitle, type "pre-session", date, start,
 *           duration, abstract (the running order), track, persons (the
 *           organisations, in running order), language
 *
 * Stable identities: an event's guid is the name-based UUID version 5
 * (RFC 4122 4.3, SHA-1) of its calendar UID in the URL namespace, so the
 * same State keeps the same guid across re-plans, exactly like its UID;
 *   python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL,
 *               "upr29/BS@upr-schedule"))'
 * gives the same value.  Rooms and persons get UUIDs the same way from
 * "upr-schedule:room:<event id>:<room id>" and
 * "upr-schedule:speaker:<event id>:<speaker id>".  An event's numeric id is
 * its State's position in the input plus one (unique, positive).
 *
 * Every input text is cleaned (upr_ebuf_add_clean: no control characters,
 * which XML 1.0 forbids, valid UTF-8 only), then escaped (& < > " ').
 * SHA-1 is implemented here (FIPS 180-4) because a UUID needs 20 bytes of
 * it once per event: not worth a new library.
 */
#include "export/export.h"
#include "export/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- SHA-1 ---- */

struct sha1 {
	uint32_t h[5];
	uint64_t bytes;
	unsigned char block[64];
	size_t n;
};

static uint32_t rol(uint32_t x, int k)
{
	return (x << k) | (x >> (32 - k));
}

static void sha1_init(struct sha1 *c)
{
	static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
					0xc3d2e1f0 };
	memcpy(c->h, h0, sizeof(h0));
	c->bytes = 0;
	c->n = 0;
}

static void sha1_block(struct sha1 *c, const unsigned char *p)
{
	uint32_t w[80];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & cc) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ cc ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & cc) | (b & d) | (cc & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ cc ^ d;
			k = 0xca62c1d6;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = cc;
		cc = rol(b, 30);
		b = a;
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
}

static void sha1_update(struct sha1 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	c->bytes += len;
	while (len) {
		size_t k = 64 - c->n < len ? 64 - c->n : len;
		memcpy(c->block + c->n, p, k);
		c->n += k;
		p += k;
		len -= k;
		if (c->n == 64) {
			sha1_block(c, c->block);
			c->n = 0;
		}
	}
}

static void sha1_final(struct sha1 *c, unsigned char out[20])
{
	uint64_t bits = c->bytes * 8;
	unsigned char pad = 0x80;
	sha1_update(c, &pad, 1);
	pad = 0;
	while (c->n != 56)
		sha1_update(c, &pad, 1);
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(c, len, 8);
	for (int i = 0; i < 20; i++)
		out[i] = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

/* ---- UUID version 5 ---- */

/* RFC 4122 appendix C: NameSpace_URL, 6ba7b811-9dad-11d1-80b4-00c04fd430c8 */
static const unsigned char ns_url[16] = {
	0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

/* The UUID v5 of name, as 36 characters into out[37]. */
static void uuid5(const char *name, char out[37])
{
	struct sha1 c;
	unsigned char h[20];
	sha1_init(&c);
	sha1_update(&c, ns_url, sizeof(ns_url));
	sha1_update(&c, name, strlen(name));
	sha1_final(&c, h);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);	/* version 5 */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[h[i] >> 4];
		out[k++] = hex[h[i] & 15];
	}
	out[k] = '\0';
}

/* ---- XML text ---- */

/* Appends s cleaned and escaped for XML content and attribute values. */
static void put_xml(struct upr_ebuf *b, const char *s)
{
	upr_ebuf_add_markup(b, s, UPR_MARKUP_XML);
}

/* Same, keeping the line breaks of text that we made (the running order,
 * whose input parts are cleaned already). */
static void put_xml_lines(struct upr_ebuf *b, const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');
		if (!nl) {
			put_xml(b, s);
			return;
		}
		struct upr_ebuf line;
		upr_ebuf_init(&line);
		upr_ebuf_add(&line, s, (size_t)(nl - s));
		if (line.failed)
			b->failed = true;
		else if (line.p)
			put_xml(b, line.p);
		upr_ebuf_release(&line);
		upr_ebuf_putc(b, '\n');
		s = nl + 1;
	}
}

/* "01:00": a duration in minutes as the schema's [0-9]{1,2}:[0-9]{2}. */
static void put_duration(struct upr_ebuf *b, int64_t minutes)
{
	if (minutes < 0)
		minutes = 0;
	if (minutes > 99 * 60 + 59)
		minutes = 99 * 60 + 59;
	upr_ebuf_printf(b, "%02d:%02d", (int)(minutes / 60), (int)(minutes % 60));
}

static void put_iso(struct upr_ebuf *b, const struct upr_problem *p, int64_t t)
{
	char iso[26];
	upr_format_iso(p->event.timezone, t, iso);
	upr_ebuf_puts(b, iso);
}

/* ---- the schedule ---- */

static void put_event(struct upr_ebuf *b, const struct upr_problem *p,
		      const struct upr_session *s)
{
	char uid[256], guid[37];
	upr_uid_session(p, s->state, uid, sizeof(uid));
	uuid5(uid, guid);
	upr_ebuf_printf(b, "      <event guid=\"%s\" id=\"%d\">\n", guid, s->state + 1);
	upr_ebuf_puts(b, "        <room>");
	put_xml(b, upr_ex_room_name(p, s->room));
	upr_ebuf_puts(b, "</room>\n        <title>");
	put_xml(b, upr_ex_state_name(p, s->state));
	upr_ebuf_puts(b, "</title>\n        <subtitle>UPR pre-session</subtitle>\n"
			 "        <type>pre-session</type>\n        <date>");
	put_iso(b, p, s->start);
	char hm[6];
	upr_format_hm(upr_ex_minute(s->start), hm);
	upr_ebuf_printf(b, "</date>\n        <start>%s</start>\n        <duration>", hm);
	put_duration(b, s->end - s->start);
	upr_ebuf_puts(b, "</duration>\n        <abstract>");
	struct upr_ebuf ro;
	upr_ebuf_init(&ro);
	upr_ex_running_order(&ro, p, s);
	if (ro.failed)
		b->failed = true;
	else
		put_xml_lines(b, ro.p ? ro.p : "");
	upr_ebuf_release(&ro);
	upr_ebuf_puts(b, "</abstract>\n        <track>UPR pre-sessions</track>\n"
			 "        <persons>\n");
	for (size_t k = 0; k < s->nstmts; k++) {
		const struct upr_speaker *sp = upr_ex_speaker(p, s->stmts[k].speaker);
		if (!sp)
			continue;
		char name[256];
		snprintf(name, sizeof(name), "upr-schedule:speaker:%s:%s",
			 p->event.id ? p->event.id : "", sp->id ? sp->id : "");
		uuid5(name, guid);
		upr_ebuf_printf(b, "          <person id=\"%d\" guid=\"%s\">",
				s->stmts[k].speaker + 1, guid);
		put_xml(b, sp->organisation);
		upr_ebuf_puts(b, "</person>\n");
	}
	upr_ebuf_puts(b, "        </persons>\n");
	/* The statements' languages, in order of first use: "en, fr". */
	upr_lang seen[16];
	size_t nseen = 0;
	for (size_t k = 0; k < s->nstmts && nseen < 16; k++) {
		const struct upr_speaker *sp = upr_ex_speaker(p, s->stmts[k].speaker);
		if (!sp)
			continue;
		bool dup = false;
		for (size_t j = 0; j < nseen; j++)
			dup |= seen[j] == sp->language;
		if (!dup)
			seen[nseen++] = sp->language;
	}
	if (nseen) {
		upr_ebuf_puts(b, "        <language>");
		for (size_t j = 0; j < nseen; j++) {
			char code[3];
			upr_lang_format(seen[j], code);
			upr_ebuf_printf(b, "%s%s", j ? ", " : "", code);
		}
		upr_ebuf_puts(b, "</language>\n");
	}
	upr_ebuf_puts(b, "      </event>\n");
}

static void put_day(struct upr_ebuf *b, const struct upr_problem *p,
		    const struct upr_timetable *t, int64_t day, size_t index)
{
	/* From the first window's start to the last one's end, widened to
	 * every session of the day. */
	int64_t base = day * UPR_MIN_PER_DAY;
	int64_t start = base + (p->event.nhours ? p->event.hours[0].start : 0);
	int64_t end = base + (p->event.nhours ? p->event.hours[p->event.nhours - 1].end
					      : UPR_MIN_PER_DAY);
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (upr_ex_day(s->start) != day)
			continue;
		if (s->start < start)
			start = s->start;
		if (s->end > end)
			end = s->end;
	}
	char date[11];
	upr_format_date(day, date);
	upr_ebuf_printf(b, "  <day index=\"%zu\" date=\"%s\" start=\"", index, date);
	put_iso(b, p, start);
	upr_ebuf_puts(b, "\" end=\"");
	put_iso(b, p, end);
	upr_ebuf_puts(b, "\">\n");
	for (size_t r = 0; r < p->nrooms; r++) {
		char name[256], guid[37];
		snprintf(name, sizeof(name), "upr-schedule:room:%s:%s",
			 p->event.id ? p->event.id : "", p->rooms[r].id ? p->rooms[r].id : "");
		uuid5(name, guid);
		upr_ebuf_puts(b, "    <room name=\"");
		put_xml(b, upr_ex_room_name(p, (int)r));
		upr_ebuf_printf(b, "\" guid=\"%s\">\n", guid);
		for (size_t i = 0; i < t->nsessions; i++) {
			const struct upr_session *s = &t->sessions[i];
			if (s->room == (int)r && upr_ex_day(s->start) == day)
				put_event(b, p, s);
		}
		upr_ebuf_puts(b, "    </room>\n");
	}
	upr_ebuf_puts(b, "  </day>\n");
}

/* event.id as the schema's acronym ([a-z0-9_-]{4,}) into out, or "" when
 * it cannot make one. */
static void acronym(const char *id, char *out, size_t size)
{
	size_t k = 0;
	for (; id && *id && k + 1 < size; id++) {
		char c = *id;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			c = '-';
		out[k++] = c;
	}
	out[k < 4 ? 0 : k] = '\0';
}

int upr_export_frab(const struct upr_problem *p, const struct upr_timetable *t, FILE *f)
{
	size_t ndays = 0;
	int64_t *days = upr_ex_all_days(p, t, &ndays);
	if (!days)
		return -1;

	/* The body first: <version> is its hash. */
	struct upr_ebuf body;
	upr_ebuf_init(&body);
	upr_ebuf_puts(&body, "  <conference>\n");
	char acr[80];
	acronym(p->event.id, acr, sizeof(acr));
	if (acr[0])
		upr_ebuf_printf(&body, "    <acronym>%s</acronym>\n", acr);
	upr_ebuf_puts(&body, "    <title>");
	put_xml(&body, p->event.name);
	upr_ebuf_puts(&body, "</title>\n");
	if (ndays) {
		char first[11], last[11];
		upr_format_date(days[0], first);
		upr_format_date(days[ndays - 1], last);
		upr_ebuf_printf(&body, "    <start>%s</start>\n    <end>%s</end>\n", first, last);
	}
	upr_ebuf_printf(&body, "    <days>%zu</days>\n    <timeslot_duration>", ndays);
	put_duration(&body, p->event.grid > 0 ? p->event.grid : 30);
	upr_ebuf_puts(&body, "</timeslot_duration>\n    <time_zone_name>");
	put_xml(&body, p->event.timezone);
	upr_ebuf_puts(&body, "</time_zone_name>\n  </conference>\n");
	for (size_t i = 0; i < ndays; i++)
		put_day(&body, p, t, days[i], i + 1);
	upr_ebuf_puts(&body, "</schedule>\n");
	upr_free(days);

	int rc = -1;
	if (!body.failed) {
		struct sha1 c;
		unsigned char h[20];
		sha1_init(&c);
		sha1_update(&c, body.p, body.len);
		sha1_final(&c, h);
		struct upr_ebuf out;
		upr_ebuf_init(&out);
		upr_ebuf_printf(&out,
				"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				"<schedule>\n"
				"  <generator name=\"upr-schedule\" version=\"%s\"/>\n"
				"  <version>",
				UPR_VERSION);
		for (int i = 0; i < 8; i++)
			upr_ebuf_printf(&out, "%02x", h[i]);
		upr_ebuf_puts(&out, "</version>\n");
		upr_ebuf_add(&out, body.p, body.len);
		rc = upr_ebuf_write(&out, f);
		upr_ebuf_release(&out);
	}
	upr_ebuf_release(&body);
	return rc;
}
