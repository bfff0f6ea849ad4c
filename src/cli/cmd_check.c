/*
 * cmd_check.c - `upr-schedule check INPUT...`: load, check what needs no
 * search (upr_problem_precheck), summarise.  Exit 0 fine (warnings say who
 * will wait), 1 well-formed but no timetable can exist, 2 bad input (or
 * out of memory, as when loading).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "upr/upr.h"

int upr_cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			upr_cli_print_help("check");
			return UPR_EXIT_OK;
		default:
			return upr_cli_usage_error("check", "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return upr_cli_usage_error("check", "check needs at least one INPUT");

	struct upr_diags diags;
	struct upr_problem *p = NULL;
	upr_diags_init(&diags);
	int rc = upr_load((const char *const *)argv + optind, (size_t)(argc - optind),
			  &p, &diags);
	/* well-formed: what needs no search (an error: no timetable can exist) */
	int pre = rc == 0 ? upr_problem_precheck(p, &diags) : UPR_OK;
	upr_cli_print_diags(&diags);
	upr_diags_release(&diags);
	if (rc != 0 || pre < 0) {	/* out of memory too, as when loading */
		upr_problem_free(p);
		return UPR_EXIT_USAGE;
	}
	struct upr_counts n;
	upr_problem_counts(p, &n);
	printf("%zu State%s, %zu speaker%s, %zu statement%s, %zu room%s, %zu delegation%s\n",
	       n.states, n.states == 1 ? "" : "s", n.speakers, n.speakers == 1 ? "" : "s",
	       n.statements, n.statements == 1 ? "" : "s", n.rooms, n.rooms == 1 ? "" : "s",
	       n.delegations, n.delegations == 1 ? "" : "s");
	upr_problem_free(p);
	return upr_cli_exit(pre);
}
