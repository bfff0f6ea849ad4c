/*
 * fixture.h - a small problem and timetable built by hand, for the tests
 * of the writers (csv, ics, html, frab).
 *
 * The writers must not depend on the loader or the solver, so the fixture
 * fills struct upr_problem and struct upr_timetable directly, the way the
 * loader and the solver would: everything in their arenas, ids unique,
 * sessions sorted by start, then room.  Names are hostile on purpose
 * (commas, quotes, newlines, markup, formulas, RTL text, emoji, a
 * 300-character name) so every writer's escaping is exercised.
 *
 *   day         room 0 "xxiii"          room 1 "xxiv"
 *   2017-12-12  10:00 BS (5 stmts)      10:00 BI (5 stmts)
 *               11:00 FR (6 stmts)
 *   2017-12-13  15:00 KR (3 stmts)      15:00 CI (2 stmts)
 *   2018-07-03  10:00 ST (2 stmts)      (summer: UTC+2)
 *   not held: TO; waitlisted: FX_WAIT for FR
 */
#ifndef UPR_TESTS_FIXTURE_H
#define UPR_TESTS_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "model/timetable.h"

/* Speaker indices. */
enum {
	FX_BS_NHRI, FX_COMMA, FX_NEWLINE, FX_ACCENT, FX_ARABIC, FX_EMOJI, FX_LONG,
	FX_SCRIPT, FX_IMG, FX_HYPERLINK, FX_PHONE, FX_SUM, FX_TAB, FX_MINUS, FX_CR,
	FX_INJECT, FX_PLAIN, FX_WAIT, FX_BI_NHRI, FX_NSPEAKERS
};

/* State indices. */
enum { FX_BS, FX_BI, FX_FR, FX_KR, FX_CI, FX_TO, FX_ST, FX_NSTATES };

/* Delegation indices. */
enum { FX_DEL_CH, FX_DEL_BS, FX_DEL_NONE, FX_DEL_ALL, FX_NDELEGATIONS };

#define FX_NSESSIONS 6

struct fx {
	struct upr_problem *p;
	struct upr_timetable *t;
	/* Minutes east of UTC in Geneva at each session, from the calendar
	 * (CET in December, CEST in July), not from the code under test. */
	int utc_offset[FX_NSESSIONS];
};

static inline int64_t fx_at(int y, unsigned m, unsigned d, int hh, int mm)
{
	return upr_days_from_civil(y, m, d) * UPR_MIN_PER_DAY + hh * 60 + mm;
}

/* The 300-character organisation name: 30 units of 10 characters, ASCII and
 * 2-, 3- and 4-byte UTF-8 mixed, so a fold at any octet could hit the
 * middle of a character. */
static inline char *fx_long_name(struct upr_arena *a)
{
	static const char unit[] = "Ligue,\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80 "; /* Ligue,é—😀␠ */
	size_t ulen = sizeof(unit) - 1;
	char *s = upr_arena_alloc(a, ulen * 30 + 1);
	for (int i = 0; i < 30; i++)
		memcpy(s + i * ulen, unit, ulen);
	s[ulen * 30 - 1] = '.';
	return s;
}

struct fx_speaker_def {
	const char *id, *organisation;
	enum upr_kind kind;
	upr_lang lang;
	bool remote;
};

static inline void fx_free(struct fx *f)
{
	upr_timetable_free(f->t);
	upr_problem_free(f->p);
	f->t = NULL;
	f->p = NULL;
}

static inline int *fx_ints(struct upr_arena *a, const int *v, size_t n)
{
	int *r = upr_arena_alloc(a, (n ? n : 1) * sizeof(int));
	if (n)
		memcpy(r, v, n * sizeof(int));
	return r;
}

/* Adds a session; stmts are (speaker, minutes) pairs that follow each
 * other from start + opening + state_statement. */
static inline void fx_session(struct fx *f, size_t i, int state, int room, int64_t start,
			      const int (*stmts)[2], size_t n)
{
	struct upr_session *s = &f->t->sessions[i];
	s->state = state;
	s->room = room;
	s->start = start;
	s->end = start + f->p->event.session_length;
	s->stmts = upr_arena_alloc(&f->t->arena, (n ? n : 1) * sizeof(*s->stmts));
	s->nstmts = n;
	int64_t t = upr_session_first_stmt(f->p, s);
	for (size_t k = 0; k < n; k++) {
		s->stmts[k].speaker = stmts[k][0];
		s->stmts[k].minutes = stmts[k][1];
		s->stmts[k].start = t;
		t += stmts[k][1];
	}
}

static inline void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	struct upr_problem *p = upr_calloc(1, sizeof(*p));
	f->p = p;
	upr_arena_init(&p->arena);
	struct upr_arena *a = &p->arena;

	struct upr_event *e = &p->event;
	e->name = "UPR Info pre-sessions, 29th \"UPR\" session & more";
	e->id = "upr29";
	e->timezone = "Europe/Zurich";
	e->venue = "Palais des Nations, Geneva";
	e->ndays = 3;
	e->days = upr_arena_alloc(a, 3 * sizeof(int64_t));
	e->days[0] = upr_days_from_civil(2017, 12, 12);
	e->days[1] = upr_days_from_civil(2017, 12, 13);
	e->days[2] = upr_days_from_civil(2018, 7, 3);
	e->nhours = 2;
	e->hours = upr_arena_alloc(a, 2 * sizeof(*e->hours));
	e->hours[0] = (struct upr_interval){ 600, 780 };
	e->hours[1] = (struct upr_interval){ 900, 1080 };
	e->session_length = 60;
	e->opening = 5;
	e->state_statement = 2;
	e->questions = 15;
	e->gap = 0;
	e->grid = 30;
	e->min_statements = 1;
	e->nhri_first = true;
	e->statement_min = 5;
	e->statement_max = 7;
	e->travel = 10;
	e->waitlist = true;
	memcpy(e->weights, upr_weight_defaults, sizeof(e->weights));

	p->nrooms = 2;
	p->rooms = upr_arena_alloc(a, 2 * sizeof(*p->rooms));
	static const upr_lang en_fr[] = { UPR_LANG('e', 'n'), UPR_LANG('f', 'r') };
	p->rooms[0] = (struct upr_room){ .id = "xxiii", .name = "Room XXIII", .capacity = 100,
					 .languages = (upr_lang *)en_fr, .nlanguages = 2,
					 .video = true };
	p->rooms[1] = (struct upr_room){ .id = "xxiv", .name = "Room XXIV; \"annex\", 2nd floor",
					 .capacity = -1, .languages = (upr_lang *)en_fr,
					 .nlanguages = 1 };

	static const char *const sids[FX_NSTATES] = { "BS", "BI", "FR", "KR", "CI", "TO", "ST" };
	static const char *const snames[FX_NSTATES] = {
		"Bahamas", "Burundi", "France", "Korea, Republic of",
		"C\xc3\xb4te d'Ivoire", "Tonga", "S\xc3\xa3o Tom\xc3\xa9 and Pr\xc3\xadncipe",
	};
	p->nstates = FX_NSTATES;
	p->states = upr_arena_alloc(a, FX_NSTATES * sizeof(*p->states));
	for (int i = 0; i < FX_NSTATES; i++) {
		p->states[i].id = sids[i];
		p->states[i].name = snames[i];
		p->states[i].room = -1;
		p->states[i].nhri = -1;
	}

	const upr_lang en = UPR_LANG('e', 'n'), fr = UPR_LANG('f', 'r');
	const struct fx_speaker_def defs[FX_NSPEAKERS] = {
		[FX_BS_NHRI] = { "bs-nhri", "Bahamas National Human Rights Institution",
				 UPR_KIND_NHRI, en, false },
		[FX_COMMA] = { "comma", "Commas, Semicolons; and Backslashes\\ Ltd",
			       UPR_KIND_CSO, en, false },
		[FX_NEWLINE] = { "newline", "Line\nBreak\r\nOrganisation", UPR_KIND_CSO, en, false },
		[FX_ACCENT] = { "accent",
				"Organizaci\xc3\xb3n Pro Derechos Humanos \xe2\x80\x93 "
				"\xc3\x91" "and\xc3\xba, \xc3\xa9 \xc3\xbc",
				UPR_KIND_CSO, fr, false },
		[FX_ARABIC] = { "arabic",
				"\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xb8\xd9\x85\xd8\xa9 "
				"\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9 "
				"\xd9\x84\xd8\xad\xd9\x82\xd9\x88\xd9\x82 "
				"\xd8\xa7\xd9\x84\xd8\xa5\xd9\x86\xd8\xb3\xd8\xa7\xd9\x86",
				UPR_KIND_CSO, en, false },
		[FX_EMOJI] = { "emoji",
			       "Rainbow Rights \xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88 "
			       "Coalition \xf0\x9f\x98\x80",
			       UPR_KIND_COALITION, en, true },
		[FX_LONG] = { "long", NULL, UPR_KIND_CSO, en, false },
		[FX_SCRIPT] = { "script", "<script>alert('x')</script> Watch", UPR_KIND_CSO, en, false },
		[FX_IMG] = { "img", "\"><img src=x onerror=alert(1)>", UPR_KIND_CSO, en, false },
		[FX_HYPERLINK] = { "hyperlink", "=HYPERLINK(\"http://evil.example\",\"click\")",
				   UPR_KIND_CSO, en, false },
		[FX_PHONE] = { "phone", "+41 22 917 12 34", UPR_KIND_CSO, en, false },
		[FX_SUM] = { "sum", "@SUM(A1)", UPR_KIND_CSO, en, false },
		[FX_TAB] = { "tab", "\tTabbed Org", UPR_KIND_CSO, en, false },
		[FX_MINUS] = { "minus", "-2+3 Minus Org", UPR_KIND_CSO, en, false },
		[FX_CR] = { "cr", "\rCarriage Org", UPR_KIND_CSO, en, false },
		[FX_INJECT] = { "inject",
				"Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example\r\n"
				"SUMMARY:pwned",
				UPR_KIND_CSO, en, false },
		[FX_PLAIN] = { "plain", "Amnesty International", UPR_KIND_CSO, en, false },
		[FX_WAIT] = { "wait", "Waitlisted Watch", UPR_KIND_CSO, en, false },
		[FX_BI_NHRI] = { "bi-nhri",
				 "Commission Nationale Ind\xc3\xa9pendante des Droits de l'Homme",
				 UPR_KIND_NHRI, en, false },
	};
	p->nspeakers = FX_NSPEAKERS;
	p->speakers = upr_arena_alloc(a, FX_NSPEAKERS * sizeof(*p->speakers));
	for (int i = 0; i < FX_NSPEAKERS; i++) {
		struct upr_speaker *sp = &p->speakers[i];
		sp->id = defs[i].id;
		sp->organisation = defs[i].organisation ? defs[i].organisation : fx_long_name(a);
		sp->kind = defs[i].kind;
		sp->language = defs[i].lang;
		sp->remote = defs[i].remote;
		sp->priority = sp->kind == UPR_KIND_NHRI ? 9 : 5;
		sp->order = i;
	}

	/* The timetable. */
	struct upr_timetable *t = upr_timetable_new();
	f->t = t;
	t->nsessions = FX_NSESSIONS;
	t->sessions = upr_arena_alloc(&t->arena, FX_NSESSIONS * sizeof(*t->sessions));
	static const int bs[][2] = { { FX_BS_NHRI, 7 }, { FX_COMMA, 7 }, { FX_NEWLINE, 7 },
				     { FX_LONG, 7 }, { FX_PLAIN, 7 } };
	static const int bi[][2] = { { FX_BI_NHRI, 7 }, { FX_SCRIPT, 7 }, { FX_IMG, 7 },
				     { FX_HYPERLINK, 7 }, { FX_INJECT, 7 } };
	static const int fr_[][2] = { { FX_PHONE, 6 }, { FX_SUM, 6 }, { FX_TAB, 6 },
				      { FX_MINUS, 6 }, { FX_CR, 6 }, { FX_PLAIN, 6 } };
	static const int ci[][2] = { { FX_LONG, 7 }, { FX_PLAIN, 7 } };
	static const int kr[][2] = { { FX_ACCENT, 7 }, { FX_ARABIC, 7 }, { FX_EMOJI, 7 } };
	static const int st[][2] = { { FX_COMMA, 7 }, { FX_EMOJI, 7 } };
	fx_session(f, 0, FX_BS, 0, fx_at(2017, 12, 12, 10, 0), bs, 5);
	fx_session(f, 1, FX_BI, 1, fx_at(2017, 12, 12, 10, 0), bi, 5);
	fx_session(f, 2, FX_FR, 0, fx_at(2017, 12, 12, 11, 0), fr_, 6);
	fx_session(f, 3, FX_KR, 0, fx_at(2017, 12, 13, 15, 0), kr, 3);
	fx_session(f, 4, FX_CI, 1, fx_at(2017, 12, 13, 15, 0), ci, 2);
	fx_session(f, 5, FX_ST, 0, fx_at(2018, 7, 3, 10, 0), st, 2);
	for (int i = 0; i < 5; i++)
		f->utc_offset[i] = 60;	/* CET */
	f->utc_offset[5] = 120;		/* CEST */

	t->nnot_held = 1;
	t->not_held = upr_arena_alloc(&t->arena, sizeof(*t->not_held));
	t->not_held[0] = (struct upr_not_held){ FX_TO, "no speakers (session.min_statements is 1)" };
	t->nwaitlist = 1;
	t->waitlist = upr_arena_alloc(&t->arena, sizeof(*t->waitlist));
	t->waitlist[0] = (struct upr_waitlisted){ FX_WAIT, FX_FR,
						  "the session has no room for a 7th statement" };
	t->seed = 1;
	t->optimal = true;

	/* Derived links, as the loader makes them. */
	for (size_t i = 0; i < t->nsessions; i++) {
		struct upr_session *s = &t->sessions[i];
		struct upr_state *stt = &p->states[s->state];
		int ids[16];
		for (size_t k = 0; k < s->nstmts; k++) {
			ids[k] = s->stmts[k].speaker;
			if (p->speakers[ids[k]].kind == UPR_KIND_NHRI)
				stt->nhri = ids[k];
		}
		stt->speakers = fx_ints(a, ids, s->nstmts);
		stt->nspeakers = s->nstmts;
	}
	for (int sp = 0; sp < FX_NSPEAKERS; sp++) {
		int ids[16];
		size_t n = 0;
		for (size_t i = 0; i < t->nsessions; i++)
			for (size_t k = 0; k < t->sessions[i].nstmts; k++)
				if (t->sessions[i].stmts[k].speaker == sp)
					ids[n++] = t->sessions[i].state;
		if (sp == FX_WAIT)
			ids[n++] = FX_FR;
		p->speakers[sp].states = fx_ints(a, ids, n);
		p->speakers[sp].nstates = n;
	}

	p->ndelegations = FX_NDELEGATIONS;
	p->delegations = upr_arena_alloc(a, FX_NDELEGATIONS * sizeof(*p->delegations));
	static const int ch_follows[] = { FX_BS, FX_FR, FX_TO };
	static const int bs_follows[] = { FX_BS };
	static const int all_follows[] = { FX_BS, FX_BI, FX_FR, FX_KR, FX_CI, FX_TO, FX_ST };
	p->delegations[FX_DEL_CH] = (struct upr_delegation){
		.id = "ch", .name = "Permanent Mission of Switzerland", .state = -1,
		.follows = fx_ints(a, ch_follows, 3), .nfollows = 3 };
	p->delegations[FX_DEL_BS] = (struct upr_delegation){
		.id = "bs", .name = "Permanent Mission of the Commonwealth of the Bahamas",
		.state = FX_BS, .state_id = "BS", .follows = fx_ints(a, bs_follows, 1),
		.nfollows = 1 };
	p->delegations[FX_DEL_NONE] = (struct upr_delegation){
		.id = "none", .name = "Mission with <b>no</b> interests, \"quoted\"; \\ etc",
		.state = -1, .follows = fx_ints(a, NULL, 0), .nfollows = 0 };
	p->delegations[FX_DEL_ALL] = (struct upr_delegation){
		.id = "all", .name = "Observer\nfollowing everything", .state = -1,
		.follows = fx_ints(a, all_follows, 7), .nfollows = 7 };

	for (size_t i = 0; i < p->nrooms; i++)
		upr_strmap_put(&p->room_ids, p->rooms[i].id, (int)i, NULL);
	for (size_t i = 0; i < p->nstates; i++)
		upr_strmap_put(&p->state_ids, p->states[i].id, (int)i, NULL);
	for (size_t i = 0; i < p->nspeakers; i++)
		upr_strmap_put(&p->speaker_ids, p->speakers[i].id, (int)i, NULL);
	for (size_t i = 0; i < p->ndelegations; i++)
		upr_strmap_put(&p->delegation_ids, p->delegations[i].id, (int)i, NULL);
}

/* Runs a writer into memory: returns a malloc'd NUL-terminated copy of
 * what it wrote (free()), its length in *len, and its status in *rc. */
static inline char *fx_capture(int (*write)(const struct upr_problem *, const struct upr_timetable *,
					    FILE *),
			       const struct fx *f, size_t *len, int *rc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	if (!m)
		return NULL;
	*rc = write(f->p, f->t, m);
	fclose(m);
	if (len)
		*len = n;
	return buf;
}

/* Reads a whole file (free()), or NULL. */
static inline char *fx_read_file(const char *path, size_t *len)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(in);
				return NULL;
			}
			buf = nb;
		}
		size_t k = fread(buf + n, 1, 4096, in);
		n += k;
		if (k < 4096)
			break;
	}
	fclose(in);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

#endif
