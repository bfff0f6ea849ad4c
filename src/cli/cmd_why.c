/*
 * cmd_why.c - `upr-schedule why INPUT... --timetable FILE STATE|SPEAKER`.
 *
 * upr_why (src/api/why.c) works out why the timetable is as it is for one
 * State or speaker and answers with a JSON document; this prints it as it
 * is (--json, one document on stdout) or as lines for people.  Both say the
 * same: the text walks the document and adds nothing of its own.
 */
#include "cli/cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/common.h"
#include "upr/upr.h"

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static long long num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* "2017-12-12 10:00" of an ISO date-time "2017-12-12T10:00:00+01:00". */
static void local(const char *iso, char out[17])
{
	snprintf(out, 17, "%.10s %.5s", iso, strlen(iso) > 11 ? iso + 11 : "");
}

/* "2017-12-12 10:00-11:00, Room XXIII" of an object with a place. */
static void place(const cJSON *o, char *out, size_t size)
{
	char a[17];
	local(str(o, "start"), a);
	const char *end = str(o, "end");
	snprintf(out, size, "%s%s%.5s, %s", a, *end ? "-" : "", strlen(end) > 11 ? end + 11 : "",
		 str(o, "room_name"));
}

static void print_state(const cJSON *root)
{
	const cJSON *st = get(root, "state"), *se = get(root, "session");
	char where[256];
	if (cJSON_IsObject(se)) {
		place(se, where, sizeof(where));
		printf("%s (%s): %s, %lld statement%s\n", str(st, "name"), str(st, "id"), where,
		       num(se, "statements"), num(se, "statements") == 1 ? "" : "s");
	} else {
		const char *why = str(root, "not_held");
		printf("%s (%s): no session%s%s\n", str(st, "name"), str(st, "id"), *why ? ": " : "",
		       why);
	}
	printf("pays %lld of the score %lld\n", num(root, "pays_total"), num(root, "score"));
	const cJSON *pe;
	cJSON_ArrayForEach(pe, get(root, "pays")) {
		printf("  %s +%lld%s: %s\n", str(pe, "kind"), num(pe, "cost"),
		       cJSON_IsTrue(get(pe, "shared")) ? " (shared by the whole timetable)" : "",
		       str(pe, "message"));
	}
	const cJSON *best = get(root, "best_other");
	if (cJSON_IsObject(best)) {
		place(best, where, sizeof(where));
		long long diff = num(best, "difference");
		printf("best other slot: %s: score %lld (%s%lld)%s\n", where, num(best, "score"),
		       diff >= 0 ? "+" : "", diff,
		       cJSON_IsTrue(get(best, "refitted")) ? "" : ", statements moved unchanged");
	} else if (cJSON_IsNull(best)) {
		printf("no other slot keeps every hard constraint (%lld tried)\n",
		       num(root, "slots_tried"));
	}
	const cJSON *ro = get(root, "cheaper_ruled_out");
	if (cJSON_GetArraySize(ro) > 0)
		printf("cheaper slots ruled out:\n");
	cJSON_ArrayForEach(pe, ro) {
		const cJSON *ex = get(pe, "example");
		char a[17];
		local(str(ex, "start"), a);
		const char *msg = str(ex, "message");
		printf("  %s %s: %lld slot%s, e.g. %s, %s (score %lld)%s%s\n", str(pe, "code"),
		       str(pe, "name"), num(pe, "slots"), num(pe, "slots") == 1 ? "" : "s", a,
		       str(ex, "room_name"), num(ex, "score"), *msg ? ": " : "", msg);
	}
}

static void print_change(const char *label, const cJSON *x)
{
	printf("    %s%s: ", label, str(x, "change"));
	if (!cJSON_IsTrue(get(x, "seated"))) {
		printf("still waitlisted\n");
		return;
	}
	long long cost = num(x, "cost");
	printf("seated, score %lld (%s%lld", num(x, "score"), cost >= 0 ? "+" : "", cost);
	if (num(x, "moved"))
		printf(", %lld session%s moved", num(x, "moved"), num(x, "moved") == 1 ? "" : "s");
	printf(")\n");
}

static void print_speaker(const cJSON *root)
{
	const cJSON *sp = get(root, "speaker"), *o;
	printf("%s (%s)\n", str(sp, "organisation"), str(sp, "id"));
	char where[256];
	cJSON_ArrayForEach(o, get(root, "statements")) {
		place(o, where, sizeof(where));
		printf("  speaks on %s: %s, %lld minutes (statement %lld)\n",
		       str(get(o, "state"), "name"), where, num(o, "minutes"), num(o, "position"));
	}
	cJSON_ArrayForEach(o, get(root, "waitlisted")) {
		printf("  waitlisted on %s: %s\n", str(get(o, "state"), "name"), str(o, "reason"));
		const cJSON *best = get(o, "smallest_change");
		if (cJSON_IsObject(best))
			print_change("smallest change that seats it: ", best);
		else
			printf("    no single change tried seats it\n");
		const cJSON *x;
		cJSON_ArrayForEach(x, get(o, "changes"))
			if (x != best && !(cJSON_IsObject(best) &&
					   strcmp(str(x, "change"), str(best, "change")) == 0))
				print_change("tried: ", x);
	}
	cJSON_ArrayForEach(o, get(root, "not_held"))
		printf("  %s is not held: %s\n", str(get(o, "state"), "name"), str(o, "reason"));
	if (!cJSON_GetArraySize(get(root, "statements")) &&
	    !cJSON_GetArraySize(get(root, "waitlisted")) && !cJSON_GetArraySize(get(root, "not_held")))
		printf("  no statement\n");
}

int upr_cmd_why(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_SEED, OPT_EFFORT };
	static const struct option opts[] = {
		{ "timetable", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "effort", required_argument, NULL, OPT_EFFORT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct upr_why_opts wo = { NULL, NULL, 1, 0 };
	bool json = false;
	long long v;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:h", opts, NULL)) != -1) {
		switch (c) {
		case 't': wo.timetable = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_SEED:
			if (upr_cli_number(optarg, 0, INT64_MAX, &v) != 0)
				return upr_cli_usage_error("why", "--seed needs a whole number, got '%s'", optarg);
			wo.seed = (uint64_t)v;
			break;
		case OPT_EFFORT:
			if (upr_cli_number(optarg, 1, 1000000000, &v) != 0)
				return upr_cli_usage_error("why", "--effort needs a number from 1 to 1000000000, got '%s'", optarg);
			wo.effort = (long)v;
			break;
		case 'h':
			upr_cli_print_help("why");
			return UPR_EXIT_OK;
		case ':':
			return upr_cli_usage_error("why", "option '%s' needs a value", argv[optind - 1]);
		default:
			return upr_cli_usage_error("why", "unknown option '%s'", argv[optind - 1]);
		}
	}
	/* the last operand is the State or speaker; the others are INPUT */
	if (argc - optind < 2)
		return upr_cli_usage_error("why", "why needs at least one INPUT and a STATE or SPEAKER");
	if (!wo.timetable)
		return upr_cli_usage_error("why", "why needs --timetable FILE");
	wo.subject = argv[argc - 1];

	struct upr_diags d;
	upr_diags_init(&d);
	struct upr_problem *p = NULL;
	struct cJSON *doc = NULL;
	int rc = UPR_BAD_INPUT;
	if (upr_load((const char *const *)argv + optind, (size_t)(argc - 1 - optind), &p, &d) != 0)
		goto done;
	rc = upr_why(p, &wo, &doc, &d);
	if (rc != UPR_OK)
		goto done;
	if (json) {
		char *text = cJSON_Print(doc);
		if (!text) {
			rc = UPR_FAILED;
			goto done;
		}
		puts(text);
		cJSON_free(text);
	} else if (strcmp(str(doc, "subject"), "state") == 0) {
		print_state(doc);
	} else {
		print_speaker(doc);
	}
done:
	upr_cli_print_diags(&d);
	upr_diags_release(&d);
	cJSON_Delete(doc);
	upr_problem_free(p);
	return upr_cli_exit(rc);
}
