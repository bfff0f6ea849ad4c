/* cmd_plan.c - `upr-schedule plan`. */
#include "cli/cli.h"

int upr_cmd_plan(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return upr_cli_usage_error(NULL, "'plan' is not available in this build yet");
}
