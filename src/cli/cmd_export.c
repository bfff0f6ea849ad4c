/* cmd_export.c - `upr-schedule export`. */
#include "cli/cli.h"

int upr_cmd_export(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return upr_cli_usage_error(NULL, "'export' is not available in this build yet");
}
