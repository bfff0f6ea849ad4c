/* cmd_validate.c - `upr-schedule validate`. */
#include "cli/cli.h"

int upr_cmd_validate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return upr_cli_usage_error(NULL, "'validate' is not available in this build yet");
}
