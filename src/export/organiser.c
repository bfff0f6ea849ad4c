/*
 * organiser.c - organiser.html: the team's view of a plan
 * (docs/reference.md#organiserhtml).
 *
 * What programme.html leaves out because delegates need not see it: the
 * score by part and by State, each delegation's clashes, the waitlist and
 * the States not held with the planner's own reasons, how full each room
 * is hour by hour (an inline SVG chart per day), statements per State and
 * the speakers who speak more than once.  Like the programme it is one
 * self-contained file: no script, nothing loaded, the same bytes for the
 * same input.
 *
 * The score is the checker's (src/check): the page calls upr_check with
 * explain on, as `validate --explain` does, so it shows the judge's figures,
 * never a second count of its own.
 */
#include "check/check.h"
#include "export/export.h"
#include "export/html.h"

#include <stdlib.h>
#include <string.h>

/* The room chart's geometry, in SVG user units (CSS pixels). */
#define CHART_LABEL 180		/* room names, left */
#define CHART_HOUR 60		/* one hour */
#define CHART_ROW 26		/* one room */
#define CHART_AXIS 20		/* hour labels, top */

static const char css[] =
	"body{max-width:1100px}\n"
	"@page{size:A4;margin:14mm 10mm 12mm}\n"
	"section{margin:0 0 24px}\n"
	".warn{background:#fff4e5;border-left:4px solid #e08a00;padding:6px 10px}\n"
	".num,.list th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".bar{display:inline-block;height:10px;background:var(--un);vertical-align:middle}\n"
	".list td.b{width:30%}\n"
	".chart{max-width:100%;height:auto;display:block;margin:4px 0 12px}\n"
	".chart text{font:12px sans-serif;fill:#1d2a36}\n"
	".chart .h{fill:#5b6b7a}\n"
	".chart .g{stroke:#c5d3df;stroke-width:1}\n"
	".chart .s{fill:#009edb}\n"
	".chart .o{fill:#e08a00}\n"
	".chart .f{fill:#fff;font-size:12px}\n"
	"h3{margin:12px 0 4px;font-size:11.5pt;color:var(--navy)}\n"
	"ul.cl{margin:2px 0 8px;padding-left:20px}\n"
	"@media print{section{break-inside:auto}h2,h3{break-after:avoid}}\n";

/* What the page computes once from the plan. */
struct org {
	const struct upr_problem *p;
	const struct upr_timetable *t;
	struct upr_check_result r;
	enum upr_ui_lang lang;	/* of the fixed words */
};

/* A fixed word of the page, in its language. */
#define M(id) upr_msg(o->lang, UPR_MSG_##id)

static void put_bar(struct upr_ebuf *b, int64_t v, int64_t max)
{
	int pct = max > 0 ? (int)(v * 100 / max) : 0;
	upr_ebuf_printf(b, "<td class=\"b\"><span class=\"bar\" style=\"width:%d%%\"></span></td>", pct);
}

/* ---- the score ---- */

static void put_score_parts(struct upr_ebuf *b, const struct org *o)
{
	const struct upr_score *sc = &o->r.score;
	int64_t max = 0;
	for (int w = 0; w < UPR_W_COUNT; w++)
		if (sc->part[w] > max)
			max = sc->part[w];
	upr_ebuf_puts(b, "<section id=\"score\"><h2>");
	upr_ebuf_printf(b, M(ORG_SCORE), (long long)sc->total);
	upr_ebuf_printf(b, "</h2>\n<p>%s</p>\n"
			   "<table class=\"list\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
			   "<th class=\"num\">%s</th><th class=\"num\">%s</th><th></th></tr></thead>"
			   "<tbody>\n", M(ORG_SCORE_INTRO), M(ORG_PART), M(ORG_WEIGHT), M(ORG_COUNT),
			M(ORG_COST));
	for (int w = 0; w < UPR_W_COUNT; w++) {
		upr_ebuf_printf(b, "<tr><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
				   "<td class=\"num\">%lld</td>",
				upr_weight_names[w], (long long)o->p->event.weights[w],
				(long long)sc->count[w], (long long)sc->part[w]);
		put_bar(b, sc->part[w], max);
		upr_ebuf_puts(b, "</tr>\n");
	}
	upr_ebuf_puts(b, "</tbody></table>\n");
}

/* Cost of each State (index nstates: penalties of no State), by part. */
static int put_score_states(struct upr_ebuf *b, const struct org *o)
{
	const struct upr_problem *p = o->p;
	size_t ns = p->nstates + 1;
	int64_t *cost = upr_calloc(ns * UPR_W_COUNT, sizeof(*cost));
	int64_t *total = upr_calloc(ns, sizeof(*total));
	size_t *order = upr_malloc(ns * sizeof(*order));
	if (!cost || !total || !order) {
		upr_free(cost);
		upr_free(total);
		upr_free(order);
		return -1;
	}
	bool used[UPR_W_COUNT] = { false };
	for (size_t i = 0; i < o->r.npen; i++) {
		const struct upr_penalty *pe = &o->r.pen[i];
		size_t s = pe->state >= 0 && (size_t)pe->state < p->nstates ? (size_t)pe->state
									   : p->nstates;
		int64_t c = p->event.weights[pe->kind] * pe->count;
		cost[s * UPR_W_COUNT + pe->kind] += c;
		total[s] += c;
		used[pe->kind] |= c != 0;
	}
	size_t n = 0;
	for (size_t s = 0; s < ns; s++)
		if (total[s] != 0)
			order[n++] = s;
	/* by cost, highest first; ties in input order (insertion sort: stable) */
	for (size_t i = 1; i < n; i++) {
		size_t v = order[i], j = i;
		for (; j > 0 && total[order[j - 1]] < total[v]; j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
	upr_ebuf_printf(b, "<h3>%s</h3>\n", M(ORG_BY_STATE));
	if (n == 0) {
		upr_ebuf_printf(b, "<p class=\"none\">%s</p>\n", M(ORG_NO_STATE_COST));
	} else {
		upr_ebuf_printf(b, "<table class=\"list\"><thead><tr><th>%s</th>"
				   "<th class=\"num\">%s</th>", M(ORG_STATE), M(ORG_COST));
		for (int w = 0; w < UPR_W_COUNT; w++)
			if (used[w])
				upr_ebuf_printf(b, "<th class=\"num\">%s</th>", upr_weight_names[w]);
		upr_ebuf_puts(b, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			size_t s = order[i];
			upr_ebuf_puts(b, "<tr><td>");
			if (s < p->nstates)
				upr_html_name(b, p->states[s].name);
			else
				upr_ebuf_printf(b, "<i>%s</i>", M(ORG_WHOLE_ROUND));
			upr_ebuf_printf(b, "</td><td class=\"num\">%lld</td>", (long long)total[s]);
			for (int w = 0; w < UPR_W_COUNT; w++)
				if (used[w])
					upr_ebuf_printf(b, "<td class=\"num\">%lld</td>",
							(long long)cost[s * UPR_W_COUNT + w]);
			upr_ebuf_puts(b, "</tr>\n");
		}
		upr_ebuf_puts(b, "</tbody></table>\n");
	}
	upr_ebuf_puts(b, "</section>\n");
	upr_free(cost);
	upr_free(total);
	upr_free(order);
	return 0;
}

/* ---- clashes, waitlist, not held ---- */

static void put_clashes(struct upr_ebuf *b, const struct org *o)
{
	const struct upr_problem *p = o->p;
	upr_ebuf_printf(b, "<section id=\"clashes\"><h2>%s</h2>\n", M(ORG_CLASHES));
	bool any = false;
	for (size_t d = 0; d < p->ndelegations; d++) {
		bool head = false;
		for (size_t i = 0; i < o->r.npen; i++) {
			const struct upr_penalty *pe = &o->r.pen[i];
			if (pe->kind != UPR_W_CLASH || pe->delegation != (int)d)
				continue;
			if (!head) {
				upr_ebuf_puts(b, "<h3>");
				upr_html_name(b, p->delegations[d].name);
				upr_ebuf_puts(b, "</h3><ul class=\"cl\">");
				head = true;
			}
			upr_ebuf_puts(b, "<li>");
			upr_html_esc(b, pe->message);
			upr_ebuf_puts(b, "</li>");
		}
		if (head)
			upr_ebuf_puts(b, "</ul>\n");
		any |= head;
	}
	if (!any)
		upr_ebuf_printf(b, "<p class=\"none\">%s</p>\n", M(ORG_NO_CLASH));
	upr_ebuf_puts(b, "</section>\n");
}

static void put_waitlist(struct upr_ebuf *b, const struct org *o)
{
	const struct upr_problem *p = o->p;
	const struct upr_timetable *t = o->t;
	upr_ebuf_puts(b, "<section id=\"waitlist\"><h2>");
	upr_ebuf_printf(b, M(ORG_WAITLIST), t->nwaitlist);
	upr_ebuf_puts(b, "</h2>\n");
	if (t->nwaitlist == 0) {
		upr_ebuf_printf(b, "<p class=\"none\">%s</p>\n", M(ORG_NO_WAITLIST));
	} else {
		upr_ebuf_printf(b, "<table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
				   "<th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
				M(ORG_ORGANISATION), M(ORG_STATE), M(ORG_PRIORITY), M(ORG_REASON));
		for (size_t i = 0; i < t->nwaitlist; i++) {
			const struct upr_speaker *sp = upr_ex_speaker(p, t->waitlist[i].speaker);
			upr_ebuf_puts(b, "<tr><td>");
			upr_html_name(b, sp ? sp->organisation : "");
			upr_ebuf_puts(b, "</td><td>");
			upr_html_name(b, upr_ex_state_name(p, t->waitlist[i].state));
			upr_ebuf_printf(b, "</td><td class=\"num\">%d</td><td>", sp ? sp->priority : 0);
			upr_html_esc(b, t->waitlist[i].reason);
			upr_ebuf_puts(b, "</td></tr>\n");
		}
		upr_ebuf_puts(b, "</tbody></table>\n");
	}
	upr_ebuf_puts(b, "</section>\n<section id=\"not-held\"><h2>");
	upr_ebuf_printf(b, M(ORG_NOT_HELD), t->nnot_held);
	upr_ebuf_puts(b, "</h2>\n");
	if (t->nnot_held == 0) {
		upr_ebuf_printf(b, "<p class=\"none\">%s</p>\n", M(ORG_ALL_HELD));
	} else {
		upr_ebuf_printf(b, "<table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
				   "</tr></thead><tbody>\n", M(ORG_STATE), M(ORG_REASON));
		for (size_t i = 0; i < t->nnot_held; i++) {
			upr_ebuf_puts(b, "<tr><td>");
			upr_html_name(b, upr_ex_state_name(p, t->not_held[i].state));
			upr_ebuf_puts(b, "</td><td>");
			upr_html_esc(b, t->not_held[i].reason);
			upr_ebuf_puts(b, "</td></tr>\n");
		}
		upr_ebuf_puts(b, "</tbody></table>\n");
	}
	upr_ebuf_puts(b, "</section>\n");
}

/* ---- room use ---- */

/* One day's chart: a row per room, a bar per session (orange where two
 * overlap in one room, which only a hand-edited timetable has), hours
 * h0..h1 across. */
static void put_day_chart(struct upr_ebuf *b, const struct org *o, int64_t day, int h0, int h1)
{
	const struct upr_problem *p = o->p;
	const struct upr_timetable *t = o->t;
	int w = CHART_LABEL + (h1 - h0) * CHART_HOUR + 40;
	int h = CHART_AXIS + (int)p->nrooms * CHART_ROW + 4;
	upr_ebuf_printf(b, "<svg class=\"chart\" width=\"%d\" "
			   "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>%s",
			w, h, w, h, M(ORG_ROOM_USE_TITLE));
	upr_html_date(b, o->lang, day, UPR_DATE_WEEKDAY | UPR_DATE_YEAR);
	upr_ebuf_puts(b, "</title>\n");
	for (int hr = h0; hr <= h1; hr++) {
		int x = CHART_LABEL + (hr - h0) * CHART_HOUR;
		upr_ebuf_printf(b, "<line class=\"g\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"></line>"
				   "<text class=\"h\" x=\"%d\" y=\"14\">%02d:00</text>\n",
				x, CHART_AXIS - 4, x, h, x + 2, hr);
	}
	for (size_t r = 0; r < p->nrooms; r++) {
		int y = CHART_AXIS + (int)r * CHART_ROW;
		int64_t last_end = -1;
		upr_ebuf_printf(b, "<text x=\"0\" y=\"%d\">", y + 17);
		upr_html_esc(b, upr_ex_room_name(p, (int)r));
		upr_ebuf_puts(b, "</text>\n");
		for (size_t i = 0; i < t->nsessions; i++) {
			const struct upr_session *s = &t->sessions[i];
			if (s->room != (int)r || upr_ex_day(s->start) != day)
				continue;
			int64_t m0 = upr_ex_minute(s->start), m1 = m0 + (s->end - s->start);
			int x0 = CHART_LABEL + (int)((m0 - h0 * 60) * CHART_HOUR / 60);
			int x1 = CHART_LABEL + (int)((m1 - h0 * 60) * CHART_HOUR / 60);
			bool over = s->start < last_end;
			upr_ebuf_printf(b, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">"
					   "<title>", over ? "o" : "s", x0, y + 3,
					x1 - x0 > 1 ? x1 - x0 - 1 : 1, CHART_ROW - 6);
			upr_html_esc(b, upr_ex_state_name(p, s->state));
			upr_ebuf_puts(b, " ");
			upr_html_span(b, s->start, s->end);
			upr_ebuf_puts(b, "</title></rect>");
			if (x1 - x0 >= 36) {
				upr_ebuf_printf(b, "<text class=\"f\" x=\"%d\" y=\"%d\">", x0 + 3, y + 17);
				upr_html_esc(b, upr_ex_state_id(p, s->state));
				upr_ebuf_puts(b, "</text>");
			}
			upr_ebuf_puts(b, "\n");
			if (s->end > last_end)
				last_end = s->end;
		}
	}
	upr_ebuf_puts(b, "</svg>\n");
}

static int put_rooms(struct upr_ebuf *b, const struct org *o)
{
	size_t ndays = 0;
	int64_t *days = upr_ex_all_days(o->p, o->t, &ndays);
	if (!days)
		return -1;
	int h0 = 24, h1 = 0;
	for (size_t i = 0; i < o->t->nsessions; i++) {
		const struct upr_session *s = &o->t->sessions[i];
		int m0 = upr_ex_minute(s->start);
		int64_t m1 = m0 + (s->end - s->start);
		if (m0 / 60 < h0)
			h0 = m0 / 60;
		if ((m1 + 59) / 60 > h1)
			h1 = (int)((m1 + 59) / 60);
	}
	if (h1 > 24)
		h1 = 24;
	upr_ebuf_printf(b, "<section id=\"rooms\"><h2>%s</h2>\n<p>%s</p>\n", M(ORG_ROOM_USE),
			M(ORG_ROOM_USE_INTRO));
	if (h0 >= h1) {
		upr_ebuf_printf(b, "<p class=\"none\">%s</p>\n", M(ORG_NO_SESSION));
	} else {
		for (size_t d = 0; d < ndays; d++) {
			upr_ebuf_puts(b, "<h3>");
			upr_html_date(b, o->lang, days[d], UPR_DATE_WEEKDAY | UPR_DATE_YEAR | UPR_DATE_MARKUP);
			upr_ebuf_puts(b, "</h3>\n");
			put_day_chart(b, o, days[d], h0, h1);
		}
	}
	upr_ebuf_puts(b, "</section>\n");
	upr_free(days);
	return 0;
}

/* ---- statements ---- */

static int put_statements(struct upr_ebuf *b, const struct org *o)
{
	const struct upr_problem *p = o->p;
	const struct upr_timetable *t = o->t;
	size_t *per_speaker = upr_calloc(p->nspeakers + 1, sizeof(*per_speaker));
	size_t *waiting = upr_calloc(p->nstates + 1, sizeof(*waiting));
	if (!per_speaker || !waiting) {
		upr_free(per_speaker);
		upr_free(waiting);
		return -1;
	}
	size_t max = 0;
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		if (s->nstmts > max)
			max = s->nstmts;
		for (size_t k = 0; k < s->nstmts; k++)
			if (s->stmts[k].speaker >= 0 && (size_t)s->stmts[k].speaker < p->nspeakers)
				per_speaker[s->stmts[k].speaker]++;
	}
	for (size_t i = 0; i < t->nwaitlist; i++)
		if (t->waitlist[i].state >= 0 && (size_t)t->waitlist[i].state < p->nstates)
			waiting[t->waitlist[i].state]++;
	upr_ebuf_printf(b, "<section id=\"statements\"><h2>%s</h2>\n"
			   "<table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
			   "<th class=\"num\">%s</th><th class=\"num\">%s</th><th></th>"
			   "</tr></thead><tbody>\n", M(ORG_STATEMENTS_BY_STATE), M(ORG_STATE),
			M(ORG_DAY), M(ORG_STATEMENTS), M(ORG_WAITLISTED));
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		upr_ebuf_puts(b, "<tr><td>");
		upr_html_name(b, upr_ex_state_name(p, s->state));
		upr_ebuf_puts(b, "</td><td class=\"n\">");
		upr_html_date(b, o->lang, upr_ex_day(s->start), 0);
		upr_ebuf_puts(b, ", ");
		upr_html_hm(b, upr_ex_minute(s->start));
		size_t wl = s->state >= 0 && (size_t)s->state < p->nstates ? waiting[s->state] : 0;
		upr_ebuf_printf(b, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>",
				s->nstmts, wl);
		put_bar(b, (int64_t)s->nstmts, (int64_t)max);
		upr_ebuf_puts(b, "</tr>\n");
	}
	upr_ebuf_printf(b, "</tbody></table>\n</section>\n"
			   "<section id=\"speakers\"><h2>%s</h2>\n", M(ORG_SPEAKERS));
	bool any = false;
	for (size_t sp = 0; sp < p->nspeakers; sp++) {
		if (per_speaker[sp] < 2)
			continue;
		if (!any)
			upr_ebuf_printf(b, "<table class=\"list\"><thead><tr><th>%s</th>"
					   "<th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
					M(ORG_ORGANISATION), M(ORG_STATEMENTS), M(ORG_ON));
		any = true;
		upr_ebuf_puts(b, "<tr><td>");
		upr_html_name(b, p->speakers[sp].organisation);
		upr_ebuf_printf(b, "</td><td class=\"num\">%zu</td><td>", per_speaker[sp]);
		bool first = true;
		for (size_t i = 0; i < t->nsessions; i++) {
			const struct upr_session *s = &t->sessions[i];
			for (size_t k = 0; k < s->nstmts; k++) {
				if (s->stmts[k].speaker != (int)sp)
					continue;
				upr_ebuf_puts(b, first ? "" : "; ");
				upr_html_name(b, upr_ex_state_name(p, s->state));
				upr_ebuf_puts(b, " ");
				upr_html_date(b, o->lang, upr_ex_day(s->start), 0);
				upr_ebuf_puts(b, " ");
				upr_html_hm(b, upr_ex_minute(s->stmts[k].start));
				first = false;
			}
		}
		upr_ebuf_puts(b, "</td></tr>\n");
	}
	if (any)
		upr_ebuf_puts(b, "</tbody></table>\n");
	else
		upr_ebuf_printf(b, "<p class=\"none\">%s</p>\n", M(ORG_ONCE));
	upr_ebuf_puts(b, "</section>\n");
	upr_free(per_speaker);
	upr_free(waiting);
	return 0;
}

int upr_export_organiser(const struct upr_problem *p, const struct upr_timetable *t, FILE *f)
{
	return upr_export_organiser_lang(p, t, UPR_UI_EN, f);
}

int upr_export_organiser_lang(const struct upr_problem *p, const struct upr_timetable *t,
			      enum upr_ui_lang lang, FILE *f)
{
	struct org org = { .p = p, .t = t, .lang = lang };
	const struct org *o = &org;
	upr_check_result_init(&org.r);
	/* by State: the page sums each State's penalties, and one per
	 * cause can be quadratic (review-order pairs) */
	long nv = upr_check_by_state(p, t, &org.r);
	if (nv < 0 || org.r.oom) {
		upr_check_result_release(&org.r);
		return -1;
	}
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	upr_html_head(&b, lang, p, M(ORG_TITLE));
	upr_ebuf_puts(&b, css);
	upr_ebuf_printf(&b, "</style>\n</head>\n<body>\n<header class=\"masthead\">\n"
			    "<p class=\"kicker\">%s</p>\n<h1>", M(ORG_KICKER));
	upr_html_esc(&b, p->event.name);
	size_t nst = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		nst += t->sessions[i].nstmts;
	const char *dot = " \xc2\xb7 ";
	upr_ebuf_puts(&b, "</h1>\n<p class=\"facts\">");
	upr_ebuf_printf(&b, upr_msg_n(lang, UPR_MSG_N_SESSIONS, (long long)t->nsessions),
			t->nsessions);
	upr_ebuf_puts(&b, dot);
	upr_ebuf_printf(&b, upr_msg_n(lang, UPR_MSG_N_STATEMENTS, (long long)nst), nst);
	upr_ebuf_puts(&b, dot);
	upr_ebuf_printf(&b, M(ORG_N_WAITLISTED), t->nwaitlist);
	upr_ebuf_puts(&b, dot);
	upr_ebuf_printf(&b, upr_msg_n(lang, UPR_MSG_ORG_N_NOT_HELD, (long long)t->nnot_held),
			t->nnot_held);
	upr_ebuf_puts(&b, dot);
	upr_ebuf_printf(&b, M(ORG_SCORE_FACT), (long long)org.r.score.total);
	upr_ebuf_puts(&b, "</p>\n</header>\n<main>\n");
	if (nv > 0) {
		upr_ebuf_puts(&b, "<p class=\"warn\">");
		upr_ebuf_printf(&b, upr_msg_n(lang, UPR_MSG_ORG_BREAKS, nv), nv);
		upr_ebuf_printf(&b, "%s</p>\n", M(ORG_RUN_VALIDATE));
	}
	put_score_parts(&b, o);
	int rc = put_score_states(&b, o);
	if (rc == 0) {
		put_clashes(&b, o);
		put_waitlist(&b, o);
		rc = put_rooms(&b, o);
	}
	if (rc == 0)
		rc = put_statements(&b, o);
	upr_ebuf_printf(&b, "</main>\n<footer>%s %s " UPR_VERSION ".</footer>\n"
			    "</body>\n</html>\n", M(ORG_FOOTER), M(MADE_WITH));
	upr_check_result_release(&org.r);
	if (rc == 0)
		rc = upr_ebuf_write(&b, f);
	upr_ebuf_release(&b);
	return rc;
}
