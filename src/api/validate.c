/*
 * validate.c - upr_validate: judge a timetable.json, planned or edited by
 * hand, with the same checker the solver's results go through.
 *
 * The stated score is compared part by part with the recomputed one.
 * Without a baseline, `moved` cannot be recomputed (it counts against the
 * timetable a re-plan started from), so the stated part is taken as it is.
 */
#include "api/api.h"

#include "load/timetable_read.h"

int upr_validate(const struct upr_problem *p, const struct upr_validate_opts *o,
		 struct upr_validation **out, struct upr_diags *d)
{
	*out = NULL;
	struct upr_validation *v = upr_calloc(1, sizeof(*v));
	if (!v) {
		upr_error(d, NULL, "out of memory");
		return UPR_FAILED;
	}
	upr_check_result_init(&v->r);
	if (upr_timetable_read_file(p, o->timetable, &v->t, d) != 0)
		goto bad_input;
	/* a baseline may name speakers and States the input no longer has
	 * (a withdrawal): read it as plan --baseline does */
	if (o->baseline && upr_timetable_read_file_mode(p, o->baseline, UPR_TT_BASELINE, &v->base,
							NULL, d) != 0)
		goto bad_input;

	struct upr_check_opts co = { o->explain, v->base };
	v->violations = upr_check(p, v->t, &co, &v->r);
	if (v->violations < 0) {
		upr_error(d, NULL, "out of memory");
		upr_validation_free(v);
		return UPR_FAILED;
	}
	const struct upr_timetable *t = v->t;
	struct upr_score *score = &v->r.score;
	struct upr_loc tl = { o->timetable, 0, 0 };
	if (!v->base && t->has_stated_score && t->stated.part[UPR_W_MOVED] != 0) {
		int64_t w = p->event.weights[UPR_W_MOVED];
		score->part[UPR_W_MOVED] = t->stated.part[UPR_W_MOVED];
		score->count[UPR_W_MOVED] = w ? t->stated.part[UPR_W_MOVED] / w : 0;
		score->total += t->stated.part[UPR_W_MOVED];
		if (o->score_diags)
			upr_note(d, &tl, "the stated 'moved' part is taken as it is; give --baseline to recompute it");
	}
	if (t->has_stated_score) {
		for (int w = 0; w < UPR_W_COUNT; w++)
			if (t->stated.part[w] != score->part[w]) {
				v->mismatch = true;
				if (o->score_diags)
					upr_error(d, &tl, "the file states %s %lld, but it is %lld",
						  upr_weight_names[w], (long long)t->stated.part[w],
						  (long long)score->part[w]);
			}
		if (t->stated.total != score->total) {
			v->mismatch = true;
			if (o->score_diags)
				upr_error(d, &tl, "the file states score total %lld, but it is %lld",
					  (long long)t->stated.total, (long long)score->total);
		}
	}
	*out = v;
	return upr_validation_valid(v) ? UPR_OK : UPR_FAILED;

bad_input:
	upr_validation_free(v);
	return UPR_BAD_INPUT;
}

bool upr_validation_valid(const struct upr_validation *v)
{
	return v->violations == 0 && !v->mismatch;
}

size_t upr_validation_violations(const struct upr_validation *v)
{
	return v->r.n;
}

int64_t upr_validation_score(const struct upr_validation *v)
{
	return v->r.score.total;
}

void upr_validation_free(struct upr_validation *v)
{
	if (!v)
		return;
	upr_check_result_release(&v->r);
	upr_timetable_free(v->t);
	upr_timetable_free(v->base);
	upr_free(v);
}
