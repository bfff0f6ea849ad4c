/* main.c - the upr-schedule executable: everything is in upr_cli_main. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return upr_cli_main(argc, argv);
}
