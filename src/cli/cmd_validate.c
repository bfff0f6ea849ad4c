/*
 * cmd_validate.c - `upr-schedule validate INPUT... --timetable FILE`.
 *
 * upr_validate (src/api/validate.c) recomputes every hard constraint and
 * the score of a timetable (planned or edited by hand) with the same
 * checker the solver's results go through; this prints its verdict in
 * detail (api.h): text on stderr/stdout for people and editors, or one
 * JSON document on stdout (--json) for CI scripts; both say the same.  Each violation is named
 * by its code and name from the list of hard constraints (check.h).
 */
#include "cli/cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "check/check.h"
#include "upr/upr.h"

static void add_loc(cJSON *arr, const struct upr_loc *l)
{
	char buf[1024];
	if (!l->file)
		return;
	snprintf(buf, sizeof(buf), "%s:%d:%d", l->file, l->line, l->col);
	cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
}

/* The entities of a violation as notes pointing at their YAML lines. */
static void entity_notes(const struct upr_problem *p, const struct upr_violation *v,
			 struct upr_diags *d)
{
	if (v->state >= 0)
		upr_note(d, &p->states[v->state].loc, "State '%s' (%s) is defined here",
			 p->states[v->state].id, p->states[v->state].name);
	if (v->state2 >= 0)
		upr_note(d, &p->states[v->state2].loc, "State '%s' (%s) is defined here",
			 p->states[v->state2].id, p->states[v->state2].name);
	if (v->speaker >= 0)
		upr_note(d, &p->speakers[v->speaker].loc, "speaker '%s' (%s) is defined here",
			 p->speakers[v->speaker].id, p->speakers[v->speaker].organisation);
	if (v->room >= 0)
		upr_note(d, &p->rooms[v->room].loc, "room '%s' (%s) is defined here",
			 p->rooms[v->room].id, p->rooms[v->room].name);
}

static cJSON *violation_json(const struct upr_problem *p, const struct upr_violation *v)
{
	const struct upr_hard_info *h = &upr_hard_constraints[v->code];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", h->id);
	cJSON_AddStringToObject(o, "name", h->name);
	cJSON_AddStringToObject(o, "message", v->message);
	cJSON *st = cJSON_AddArrayToObject(o, "states");
	cJSON *locs = cJSON_CreateArray();
	if (v->state >= 0) {
		cJSON_AddItemToArray(st, cJSON_CreateString(p->states[v->state].id));
		add_loc(locs, &p->states[v->state].loc);
	}
	if (v->state2 >= 0) {
		cJSON_AddItemToArray(st, cJSON_CreateString(p->states[v->state2].id));
		add_loc(locs, &p->states[v->state2].loc);
	}
	if (v->speaker >= 0) {
		cJSON_AddStringToObject(o, "speaker", p->speakers[v->speaker].id);
		add_loc(locs, &p->speakers[v->speaker].loc);
	}
	if (v->room >= 0) {
		cJSON_AddStringToObject(o, "room", p->rooms[v->room].id);
		add_loc(locs, &p->rooms[v->room].loc);
	}
	if (v->start || v->end) {
		char a[26], b[26];
		upr_format_iso(p->event.timezone, v->start, a);
		upr_format_iso(p->event.timezone, v->end, b);
		cJSON_AddStringToObject(o, "start", a);
		cJSON_AddStringToObject(o, "end", b);
	}
	cJSON_AddItemToObject(o, "defined_at", locs);
	return o;
}

static void score_line(const struct upr_score *s, FILE *f)
{
	fprintf(f, "score %lld:", (long long)s->total);
	for (int w = 0; w < UPR_W_COUNT; w++)
		fprintf(f, "%s %s %lld", w ? "," : "", upr_weight_names[w], (long long)s->part[w]);
	fputc('\n', f);
}

int upr_cmd_validate(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_EXPLAIN, OPT_BASELINE };
	static const struct option opts[] = {
		{ "timetable", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ttpath = NULL, *basepath = NULL;
	bool json = false, explain = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': ttpath = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_EXPLAIN: explain = true; break;
		case OPT_BASELINE: basepath = optarg; break;
		case 'h':
			upr_cli_print_help("validate");
			return UPR_EXIT_OK;
		case ':':
			return upr_cli_usage_error("validate", "option '%s' needs a value", argv[optind - 1]);
		default:
			return upr_cli_usage_error("validate", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return upr_cli_usage_error("validate", "validate needs at least one INPUT");
	if (!ttpath)
		return upr_cli_usage_error("validate", "validate needs --timetable FILE");

	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_problem *p = NULL;
	struct upr_validation *v = NULL;
	int rc = UPR_BAD_INPUT;
	if (upr_load((const char *const *)argv + optind, (size_t)(argc - optind), &p, &d) != 0)
		goto done;
	struct upr_validate_opts vo = { ttpath, basepath, explain, !json };
	rc = upr_validate(p, &vo, &v, &d);
	if (!v)
		goto done;
	const struct upr_timetable *t = v->t;
	const struct upr_check_result r = v->r;
	long n = v->violations;
	bool mismatch = v->mismatch;
	struct upr_loc tl = { ttpath, 0, 0 };
	if (json) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddBoolToObject(root, "valid", n == 0 && !mismatch);
		cJSON *arr = cJSON_AddArrayToObject(root, "violations");
		for (size_t i = 0; i < r.n; i++)
			cJSON_AddItemToArray(arr, violation_json(p, &r.v[i]));
		cJSON *sc = cJSON_AddObjectToObject(root, "score");
		cJSON_AddNumberToObject(sc, "total", (double)r.score.total);
		for (int w = 0; w < UPR_W_COUNT; w++)
			cJSON_AddNumberToObject(sc, upr_weight_names[w], (double)r.score.part[w]);
		cJSON *counts = cJSON_AddObjectToObject(root, "counts");
		for (int w = 0; w < UPR_W_COUNT; w++)
			cJSON_AddNumberToObject(counts, upr_weight_names[w], (double)r.score.count[w]);
		if (t->has_stated_score) {
			cJSON *st = cJSON_AddObjectToObject(root, "stated_score");
			cJSON_AddNumberToObject(st, "total", (double)t->stated.total);
			cJSON_AddBoolToObject(st, "matches", !mismatch);
		}
		if (explain) {
			cJSON *pens = cJSON_AddArrayToObject(root, "penalties");
			for (size_t i = 0; i < r.npen; i++) {
				const struct upr_penalty *pe = &r.pen[i];
				cJSON *o = cJSON_CreateObject();
				cJSON_AddStringToObject(o, "kind", upr_weight_names[pe->kind]);
				cJSON_AddNumberToObject(o, "count", (double)pe->count);
				cJSON_AddNumberToObject(o, "cost", (double)(pe->count * p->event.weights[pe->kind]));
				cJSON_AddStringToObject(o, "message", pe->message);
				cJSON_AddItemToArray(pens, o);
			}
		}
		char *text = cJSON_Print(root);
		if (text) {
			puts(text);
			cJSON_free(text);
		}
		cJSON_Delete(root);
	} else {
		for (size_t i = 0; i < r.n; i++) {
			const struct upr_hard_info *h = &upr_hard_constraints[r.v[i].code];
			upr_error(&d, &tl, "%s %s: %s", h->id, h->name, r.v[i].message);
			entity_notes(p, &r.v[i], &d);
		}
		if (explain)
			for (size_t i = 0; i < r.npen; i++) {
				const struct upr_penalty *pe = &r.pen[i];
				printf("%s +%lld: %s\n", upr_weight_names[pe->kind],
				       (long long)(pe->count * p->event.weights[pe->kind]), pe->message);
			}
		score_line(&r.score, stdout);
		if (n == 0 && !mismatch)
			printf("valid: every hard constraint holds\n");
		else
			printf("invalid: %ld broken hard constraint%s%s\n", n, n == 1 ? "" : "s",
			       mismatch ? ", and the stated score is wrong" : "");
	}
done:
	upr_cli_print_diags(&d);
	upr_diags_release(&d);
	upr_validation_free(v);
	upr_problem_free(p);
	return upr_cli_exit(rc);
}
