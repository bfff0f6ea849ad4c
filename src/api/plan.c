/*
 * plan.c - upr_plan: baseline, search, explanation, checker, history, files.
 *
 * Every timetable the solver returns goes through the independent checker
 * before anything is written; a timetable that breaks a hard constraint is
 * never published (it would be a bug in the search, reported as such).  The
 * checker's score is the one written; when the search claims to have proved
 * its plan optimal, its bound must equal that score, or the two disagree on
 * what the plan costs: an internal error, never patched over.
 *
 * With a baseline (a published timetable.json) the baseline is read
 * leniently: a speaker or State that is gone from the input is what a
 * re-plan is for, so its id is not an error; its events are cancelled.
 * The solver keeps what it can (score `moved`), and the history of the
 * calendars (SEQUENCE, cancelled events) and changes.txt come from the
 * difference between the baseline and the new plan (docs/replan.md).
 *
 * Without a baseline, a timetable.json already in the output folder is the
 * baseline: its calendars were published, and a plan that ignored it would
 * leave subscribers holding removed events.  --fresh plans without keeping
 * it, but still takes the calendars' history from it.
 *
 * The time limit bounds the whole run: the search stops early enough for
 * what follows it (building the timetable with who waits and why, the
 * checker, writing), whose time is estimated before the search from the
 * input's counts and the speed of this run's loading (post_search_reserve).
 * When loading and that estimate leave no time for a first timetable,
 * the search stops at once and nothing is written; when the work after
 * the search takes longer than estimated, the files are still written
 * whole, with a warning that the limit passed.
 */
#include "api/api.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check/check.h"
#include "export/export.h"
#include "load/timetable_read.h"
#include "solve/explain.h"
#include "solve/solve.h"

/* The work after the search that every plan does, per statement applied
 * for and per State, in units of the time loading one byte of input took:
 * building the timetable with each waitlisted statement's reason
 * (solve/timetable.c), the checker, the report of who is left out.
 * Measured on bench/shapes.py's shapes (docs/hardening.md): 7-8 a
 * statement where many speakers share the States (shared1000 and its
 * cuts), 50-70 a State of one statement (review100k), 10-35 a State
 * without any (states100k, unavail100k), and a margin (twice the first:
 * that work suffers most on a busy machine); the formats' own
 * costs come from their table (struct upr_format_cost). */
#define POST_PER_STATEMENT 16
#define POST_PER_STATE 60

/* Seconds to load one byte of input when the caller measured no loading
 * (time_spent 0): about what the reference machine takes. */
#define REF_SECONDS_PER_BYTE 1e-7

/* Bytes of the input files (0 when none can be read). */
static double input_bytes(const struct upr_problem *p)
{
	double n = 0;
	struct stat st;
	for (size_t i = 0; i < p->nfiles; i++)
		if (stat(p->files[i], &st) == 0 && S_ISREG(st.st_mode))
			n += (double)st.st_size;
	return n;
}

/*
 * Seconds to keep for the work after the search: its estimate in units of
 * the time loading one byte took (the formats' costs and the plan's own,
 * from the input's counts), times that time as this run measured it
 * (time_spent over the input's bytes), so that a slower or busier machine
 * keeps more.  Loading and writing both grow with the input, and loading
 * is the one part measured before the search starts.
 */
static double post_search_reserve(const struct upr_problem *p, const struct upr_plan_opts *o,
				  unsigned formats)
{
	double stmts = 0;
	for (size_t i = 0; i < p->nspeakers; i++)
		stmts += (double)p->speakers[i].nstates;
	double units = POST_PER_STATEMENT * stmts + POST_PER_STATE * (double)p->nstates +
		       upr_formats_cost(formats, p);
	double bytes = input_bytes(p);
	double per_byte = o->time_spent > 0 && bytes > 0 ? o->time_spent / bytes
							 : REF_SECONDS_PER_BYTE;
	return units * per_byte;
}

static void on_progress(void *ctx, const struct upr_solve_progress *pr)
{
	const struct upr_plan_opts *o = ctx;
	struct upr_plan_progress pp = { false, pr->best, pr->bound, pr->seconds };
	o->progress(o->progress_ctx, &pp);
}

static void report_search(struct upr_search_counters *c, const struct upr_solve_stats *s)
{
	c->slots = s->slots;
	c->intra_evals = s->intra_evals;
	c->intra_nodes = s->intra_nodes;
	c->bb_nodes = s->bb_nodes;
	c->bb_leaves = s->bb_leaves;
	c->lns_iterations = s->lns_iterations;
	c->lns_improvements = s->lns_improvements;
	c->greedy_cost = s->greedy_cost;
	c->bb_complete = s->bb_complete;
	c->time_out = s->time_out;
	c->seconds_setup = s->seconds_setup;
	c->seconds_search = s->seconds_search;
}

/* The checker judges t; its score becomes t's.  UPR_OK or UPR_FAILED. */
static int judge(const struct upr_problem *p, struct upr_timetable *t,
		 const struct upr_timetable *base, struct upr_diags *d)
{
	struct upr_check_result cr;
	upr_check_result_init(&cr);
	struct upr_check_opts co = { false, base };
	long nv = upr_check(p, t, &co, &cr);
	if (nv != 0) {
		if (nv < 0)
			upr_error(d, NULL, "out of memory");
		for (size_t i = 0; i < cr.n; i++)
			upr_error(d, NULL, "internal error: the plan breaks %s: %s",
				  upr_hard_names[cr.v[i].code], cr.v[i].message);
		upr_check_result_release(&cr);
		return UPR_FAILED;
	}
	t->score = cr.score;
	upr_check_result_release(&cr);
	if (t->optimal && t->lower_bound != t->score.total) {
		upr_error(d, NULL,
			  "internal error: the search proved a plan of cost %lld optimal, but the checker scores it %lld",
			  (long long)t->lower_bound, (long long)t->score.total);
		return UPR_FAILED;
	}
	return UPR_OK;
}

/* r->left: who is left out of t and why, copied out of t (which the plan
 * frees); one allocation, the reasons after the entries.  0, or -1 out
 * of memory. */
static int report_left(struct upr_plan_report *r, const struct upr_problem *p,
		       const struct upr_timetable *t)
{
	size_t n = t->nwaitlist + t->nnot_held, bytes = (n + 1) * sizeof(*r->left);
	for (size_t i = 0; i < t->nwaitlist; i++)
		bytes += strlen(t->waitlist[i].reason) + 1;
	for (size_t i = 0; i < t->nnot_held; i++)
		bytes += strlen(t->not_held[i].reason) + 1;
	r->left = upr_malloc(bytes);
	if (!r->left)
		return -1;
	char *text = (char *)(r->left + n + 1);
	for (size_t i = 0; i < n; i++) {
		bool wl = i < t->nwaitlist;
		const struct upr_state *st =
			&p->states[wl ? t->waitlist[i].state : t->not_held[i - t->nwaitlist].state];
		const struct upr_speaker *sp = wl ? &p->speakers[t->waitlist[i].speaker] : NULL;
		const char *why = wl ? t->waitlist[i].reason : t->not_held[i - t->nwaitlist].reason;
		size_t len = strlen(why) + 1;
		memcpy(text, why, len);
		r->left[i] = (struct upr_plan_left){ sp ? sp->organisation : NULL, sp ? sp->id : NULL,
						     st->name, st->id, text };
		text += len;
	}
	r->nleft = n;
	r->not_held = t->nnot_held;
	return 0;
}

void upr_plan_report_release(struct upr_plan_report *r)
{
	upr_free(r->left);
	r->left = NULL;
	upr_free(r->baseline);
	r->baseline = NULL;
	r->nleft = r->not_held = 0;
}

/*
 * The baseline: o->baseline, or the timetable.json that an earlier plan
 * published into o->out.  Its calendars are subscribed to, so a plan there
 * must keep them in step: the file is the baseline, and a file that cannot
 * be one (another event's, broken) stops the plan until the user says
 * which timetable to follow (--baseline) or to start over (--fresh).  With
 * o->fresh the file is read only for the calendars' history, and one that
 * does not read is passed over with a warning.  0, or -1 with errors in d.
 */
static int find_baseline(const struct upr_problem *p, const struct upr_plan_opts *o,
			 struct upr_plan_report *r, struct upr_timetable **base,
			 struct upr_tt_events *events, struct upr_diags *d)
{
	if (o->baseline) {
		r->baseline = upr_strdup(o->baseline);
		if (!r->baseline) {
			upr_error(d, NULL, "out of memory");
			return -1;
		}
		return upr_timetable_read_file_mode(p, o->baseline, UPR_TT_BASELINE, base, events, d);
	}
	if (o->stream || !o->out)
		return 0;
	size_t n = strlen(o->out) + sizeof("/timetable.json");
	char *path = upr_malloc(n);
	if (!path) {
		upr_error(d, NULL, "out of memory");
		return -1;
	}
	snprintf(path, n, "%s/timetable.json", o->out);
	/* Only a file is a published timetable (the set never writes a link):
	 * anything else at that name, or an out that is no directory, is for
	 * the writer to report, and a FIFO is never opened. */
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		upr_free(path);
		return 0;
	}
	struct upr_diags why;
	upr_diags_init(&why);
	int rc = upr_timetable_read_file_mode(p, path, UPR_TT_BASELINE, base, events,
					      o->fresh ? &why : d);
	upr_diags_release(&why);
	struct upr_loc loc = { path, 0, 0 };
	if (rc != 0 && !o->fresh) {
		upr_note(d, &loc,
			 "'%s' holds a published timetable, and a plan into it re-plans against it so that subscribed calendars stay in step, but this is not a timetable of this input: give --baseline FILE to re-plan against the published timetable, or --fresh to start over",
			 o->out);
		upr_free(path);
		return -1;
	}
	if (rc != 0) {
		upr_diag(d, UPR_WARNING, &loc,
			 "not a timetable of this input (see `upr-schedule validate`): --fresh plans without it, and calendar.ics does not cancel the events it published");
		upr_free(path);
		return 0;
	}
	r->baseline = path;
	r->found = true;
	r->fresh = o->fresh;
	return 0;
}

int upr_plan(const struct upr_problem *p, const struct upr_plan_opts *o,
	     struct upr_plan_report *r, struct upr_diags *d)
{
	memset(r, 0, sizeof(*r));
	int lang;
	if (upr_api_output_lang(o->lang, &lang, d) != UPR_OK)
		return UPR_BAD_INPUT;
	unsigned formats = o->formats ? o->formats : upr_formats_all();
	if (formats & ~(upr_formats_all() | upr_formats_private())) {
		upr_error(d, NULL, "unknown format in the set 0x%x", formats);
		return UPR_BAD_INPUT;
	}
	if (upr_formats_mixes_private(formats, d))
		return UPR_BAD_INPUT;
	if (o->stream && (o->baseline || upr_formats_single_file(formats) < 0)) {
		upr_error(d, NULL, "a stream takes the one file of one format, without a baseline");
		return UPR_BAD_INPUT;
	}
	if (o->fresh && o->baseline) {
		upr_error(d, NULL, "a plan with a baseline does not start afresh: give --baseline or --fresh");
		return UPR_BAD_INPUT;
	}
	/* the time limit counts from the start of the caller's run: the
	 * explanation gets what loading left of it, the search that less
	 * what follows it */
	double end = 0, deadline = 0, reserve = 0;
	if (o->time_limit > 0) {
		end = upr_solve_clock() + o->time_limit - (o->time_spent > 0 ? o->time_spent : 0);
		reserve = post_search_reserve(p, o, formats);
		/* 0 means no deadline to the solver: a reserve beyond the
		 * clock's origin is a deadline passed already */
		deadline = end - reserve > 1e-6 ? end - reserve : 1e-6;
	}
	struct upr_timetable *base = NULL, *t = NULL;
	struct upr_tt_events base_events = { NULL, 0 };
	struct upr_history hist;
	upr_history_init(&hist);
	int rc = UPR_BAD_INPUT;
	if (find_baseline(p, o, r, &base, &base_events, d) != 0)
		goto done;
	/* --fresh: the published timetable gives the calendars' history only */
	const struct upr_timetable *keep = r->fresh ? NULL : base;

	struct upr_solve_opts so;
	memset(&so, 0, sizeof(so));
	so.seed = o->seed;
	so.effort = o->effort;
	so.time_limit = o->time_limit;
	so.deadline = deadline;
	so.baseline = keep;
	if (o->progress) {
		struct upr_plan_progress start = { true, INT64_MAX, 0, 0 };
		o->progress(o->progress_ctx, &start);
		so.progress = on_progress;
		so.progress_ctx = (void *)o;
	}
	struct upr_solve_stats stats;
	memset(&stats, 0, sizeof(stats));
	enum upr_solve_status s = upr_solve(p, &so, &t, d, &stats);
	report_search(&r->search, &stats);
	rc = UPR_FAILED;
	switch (s) {
	case UPR_SOLVE_OK:
		break;
	case UPR_SOLVE_OOM:
		upr_error(d, NULL, "out of memory");
		goto done;
	case UPR_SOLVE_NONE:
		/* no timetable: explain says why, in an organiser's words (it
		 * sits above the solver, which only reports that none exists) */
		if (upr_explain_infeasible_until(p, d, stats.bb_complete, end) < 0)
			upr_error(d, NULL, "out of memory");
		goto done;
	case UPR_SOLVE_STOPPED:
		/* the solver has said that the limit passed; it stopped
		 * early enough for the work after it, which is why */
		if (reserve > 0) {
			/* a limit to try: what loading and the work after took
			 * or need, and a quarter more for set-up and a search */
			double spent = o->time_spent > 0 ? o->time_spent : 0;
			upr_note(d, NULL,
				 "of the time limit of %g s, loading took %.2f s and about %.2f s are kept for the work after the search (building, checking and writing the plan), which grows with the input and the formats written: try --time-limit %.0f, or fewer formats (-f)",
				 o->time_limit, spent, reserve, ceil((spent + reserve) * 1.25) + 1);
		}
		goto done;
	case UPR_SOLVE_INTERNAL:
		/* the solver has said what went wrong */
		goto done;
	}
	if ((rc = judge(p, t, keep, d)) != UPR_OK)
		goto done;
	/* who is left out, for the caller to print: before any file is
	 * written, so that running out of memory here publishes nothing */
	if (report_left(r, p, t) != 0) {
		upr_error(d, NULL, "out of memory");
		rc = UPR_FAILED;
		goto done;
	}

	struct upr_export_opts eo;
	memset(&eo, 0, sizeof(eo));
	eo.dtstamp = o->dtstamp >= 0 ? o->dtstamp : p->newest_mtime;
	eo.lang = (enum upr_ui_lang)lang;
	rc = UPR_FAILED;
	if (base) {
		if (upr_history_build(&hist, p, t, base, &base_events, eo.dtstamp) != 0) {
			upr_error(d, NULL, "out of memory");
			goto done;
		}
		eo.history = hist.events;
		eo.nhistory = hist.nevents;
		/* changes.txt goes with every re-plan, whatever -f asks */
		formats |= UPR_FMT(UPR_FORMAT_CHANGES);
	}
	rc = UPR_WRITE_ERROR;
	if (o->stream) {
		const struct upr_write_ctx ctx = { p, p, t, &eo, NULL };
		int w = upr_formats[upr_formats_single_file(formats)].files[0].write(&ctx, 0, o->stream);
		if (w != 0 || fflush(o->stream) != 0 || ferror(o->stream)) {
			upr_error(d, NULL, "cannot write to standard output");
			goto done;
		}
	} else if (upr_write_outputs_history(p, t, o->out, formats, &eo, base ? &hist : NULL,
					     d) != 0) {
		goto done;
	}
	rc = UPR_OK;
	if (end > 0 && upr_solve_clock() > end)
		upr_diag(d, UPR_WARNING, NULL,
			 "the time limit of %g s passed while the plan was checked and written (about %.2f s kept for that): every file is written whole",
			 o->time_limit, reserve);
	r->sessions = t->nsessions;
	for (size_t i = 0; i < t->nsessions; i++)
		r->statements += t->sessions[i].nstmts;
	r->waitlisted = t->nwaitlist;
	r->score = t->score.total;
	r->optimal = t->optimal;
	r->lower_bound = t->lower_bound;
	r->moved = (size_t)t->score.count[UPR_W_MOVED];
	r->changes = hist.nchanges;
	r->events_changed = hist.changed;
	r->events_cancelled = hist.cancelled;
done:
	if (rc != UPR_OK) {
		upr_free(r->baseline);
		r->baseline = NULL;
	}
	upr_history_release(&hist);
	upr_timetable_free(t);
	upr_timetable_free(base);
	return rc;
}
