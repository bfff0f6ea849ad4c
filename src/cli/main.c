/*
 * main.c - the upr-schedule executable: everything is in upr_cli_main.
 *
 * The one process-wide setting lives here, not in the library: cJSON
 * allocates through the library's allocator (upr_mem_hook_cjson).
 */
#include "cli/cli.h"
#include "util/mem.h"

int main(int argc, char **argv)
{
	upr_mem_hook_cjson();
	return upr_cli_main(argc, argv);
}
