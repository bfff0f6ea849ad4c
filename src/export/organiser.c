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
};

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
	upr_ebuf_printf(b, "<section id=\"score\"><h2>Score: %lld</h2>\n"
			   "<p>The checker's score of this plan (lower is better), by part: each "
			   "part is its weight times how often it happens.</p>\n"
			   "<table class=\"list\"><thead><tr><th>Part</th><th class=\"num\">Weight</th>"
			   "<th class=\"num\">Count</th><th class=\"num\">Cost</th><th></th></tr></thead>"
			   "<tbody>\n", (long long)sc->total);
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
	upr_ebuf_puts(b, "<h3>By State</h3>\n");
	if (n == 0) {
		upr_ebuf_puts(b, "<p class=\"none\">No State adds to the score.</p>\n");
	} else {
		upr_ebuf_puts(b, "<table class=\"list\"><thead><tr><th>State</th>"
				 "<th class=\"num\">Cost</th>");
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
				upr_ebuf_puts(b, "<i>the whole round</i>");
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
	upr_ebuf_puts(b, "<section id=\"clashes\"><h2>Clashes by delegation</h2>\n");
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
		upr_ebuf_puts(b, "<p class=\"none\">No delegation has two of its sessions at once.</p>\n");
	upr_ebuf_puts(b, "</section>\n");
}

static void put_waitlist(struct upr_ebuf *b, const struct org *o)
{
	const struct upr_problem *p = o->p;
	const struct upr_timetable *t = o->t;
	upr_ebuf_printf(b, "<section id=\"waitlist\"><h2>Waitlist (%zu)</h2>\n", t->nwaitlist);
	if (t->nwaitlist == 0) {
		upr_ebuf_puts(b, "<p class=\"none\">No statement is waitlisted.</p>\n");
	} else {
		upr_ebuf_puts(b, "<table class=\"list\"><thead><tr><th>Organisation</th><th>State</th>"
				 "<th class=\"num\">Priority</th><th>Reason</th></tr></thead><tbody>\n");
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
	upr_ebuf_printf(b, "</section>\n<section id=\"not-held\"><h2>States not held (%zu)</h2>\n",
			t->nnot_held);
	if (t->nnot_held == 0) {
		upr_ebuf_puts(b, "<p class=\"none\">Every State under Review has a pre-session.</p>\n");
	} else {
		upr_ebuf_puts(b, "<table class=\"list\"><thead><tr><th>State</th><th>Reason</th>"
				 "</tr></thead><tbody>\n");
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
			   "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>Room use, ",
			w, h, w, h);
	upr_html_date(b, day, UPR_DATE_WEEKDAY | UPR_DATE_YEAR);
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
	upr_ebuf_puts(b, "<section id=\"rooms\"><h2>Room use by day</h2>\n"
			 "<p>Each bar is a session (orange: two at once in one room).</p>\n");
	if (h0 >= h1) {
		upr_ebuf_puts(b, "<p class=\"none\">No session.</p>\n");
	} else {
		for (size_t d = 0; d < ndays; d++) {
			upr_ebuf_puts(b, "<h3>");
			upr_html_date(b, days[d], UPR_DATE_WEEKDAY | UPR_DATE_YEAR | UPR_DATE_MARKUP);
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
	upr_ebuf_puts(b, "<section id=\"statements\"><h2>Statements by State</h2>\n"
			 "<table class=\"list\"><thead><tr><th>State</th><th>Day</th>"
			 "<th class=\"num\">Statements</th><th class=\"num\">Waitlisted</th><th></th>"
			 "</tr></thead><tbody>\n");
	for (size_t i = 0; i < t->nsessions; i++) {
		const struct upr_session *s = &t->sessions[i];
		upr_ebuf_puts(b, "<tr><td>");
		upr_html_name(b, upr_ex_state_name(p, s->state));
		upr_ebuf_puts(b, "</td><td class=\"n\">");
		upr_html_date(b, upr_ex_day(s->start), 0);
		upr_ebuf_puts(b, ", ");
		upr_html_hm(b, upr_ex_minute(s->start));
		size_t wl = s->state >= 0 && (size_t)s->state < p->nstates ? waiting[s->state] : 0;
		upr_ebuf_printf(b, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>",
				s->nstmts, wl);
		put_bar(b, (int64_t)s->nstmts, (int64_t)max);
		upr_ebuf_puts(b, "</tr>\n");
	}
	upr_ebuf_puts(b, "</tbody></table>\n</section>\n"
			 "<section id=\"speakers\"><h2>Speakers with more than one statement</h2>\n");
	bool any = false;
	for (size_t sp = 0; sp < p->nspeakers; sp++) {
		if (per_speaker[sp] < 2)
			continue;
		if (!any)
			upr_ebuf_puts(b, "<table class=\"list\"><thead><tr><th>Organisation</th>"
					 "<th class=\"num\">Statements</th><th>On</th></tr></thead><tbody>\n");
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
				upr_html_date(b, upr_ex_day(s->start), 0);
				upr_ebuf_puts(b, " ");
				upr_html_hm(b, upr_ex_minute(s->stmts[k].start));
				first = false;
			}
		}
		upr_ebuf_puts(b, "</td></tr>\n");
	}
	upr_ebuf_puts(b, any ? "</tbody></table>\n" : "<p class=\"none\">Every speaker speaks once.</p>\n");
	upr_ebuf_puts(b, "</section>\n");
	upr_free(per_speaker);
	upr_free(waiting);
	return 0;
}

int upr_export_organiser(const struct upr_problem *p, const struct upr_timetable *t, FILE *f)
{
	struct org o = { .p = p, .t = t };
	upr_check_result_init(&o.r);
	struct upr_check_opts co = { .explain = true };
	long nv = upr_check(p, t, &co, &o.r);
	if (nv < 0 || o.r.oom) {
		upr_check_result_release(&o.r);
		return -1;
	}
	struct upr_ebuf b;
	upr_ebuf_init(&b);
	upr_html_head(&b, p, "organisers");
	upr_ebuf_puts(&b, css);
	upr_ebuf_puts(&b, "</style>\n</head>\n<body>\n<header class=\"masthead\">\n"
			  "<p class=\"kicker\">For the organisers \xc2\xb7 not for publication</p>\n<h1>");
	upr_html_esc(&b, p->event.name);
	size_t nst = 0;
	for (size_t i = 0; i < t->nsessions; i++)
		nst += t->sessions[i].nstmts;
	upr_ebuf_printf(&b, "</h1>\n<p class=\"facts\">%zu pre-session%s \xc2\xb7 %zu statement%s "
			    "\xc2\xb7 %zu waitlisted \xc2\xb7 %zu State%s not held \xc2\xb7 score %lld</p>\n"
			    "</header>\n<main>\n",
			t->nsessions, t->nsessions == 1 ? "" : "s", nst, nst == 1 ? "" : "s",
			t->nwaitlist, t->nnot_held, t->nnot_held == 1 ? "" : "s",
			(long long)o.r.score.total);
	if (nv > 0)
		upr_ebuf_printf(&b, "<p class=\"warn\">This timetable breaks %ld hard constraint%s: "
				    "run <code>upr-schedule validate</code> on it.</p>\n",
				nv, nv == 1 ? "" : "s");
	put_score_parts(&b, &o);
	int rc = put_score_states(&b, &o);
	if (rc == 0) {
		put_clashes(&b, &o);
		put_waitlist(&b, &o);
		rc = put_rooms(&b, &o);
	}
	if (rc == 0)
		rc = put_statements(&b, &o);
	upr_ebuf_puts(&b, "</main>\n<footer>For the organisers of the pre-sessions; programme.html "
			  "is the delegates' page. Made with upr-schedule " UPR_VERSION ".</footer>\n"
			  "</body>\n</html>\n");
	upr_check_result_release(&o.r);
	if (rc == 0)
		rc = upr_ebuf_write(&b, f);
	upr_ebuf_release(&b);
	return rc;
}
