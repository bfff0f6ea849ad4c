/*
 * cli.h - the command line: a table of commands, one file per command.
 *
 * The CLI only parses arguments, prints, and picks exit codes; the library
 * does the work.  upr_cli_main is the whole program, callable from tests.
 */
#ifndef UPR_CLI_CLI_H
#define UPR_CLI_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "upr/diag.h"

/* Exit codes (docs/reference.md#exit-codes); upr_cli_exit maps enum upr_status to them. */
enum {
	UPR_EXIT_OK = 0,
	UPR_EXIT_FAIL = 1,	/* no timetable exists / timetable breaks a hard constraint */
	UPR_EXIT_USAGE = 2,	/* usage error, or input that does not load or check */
	UPR_EXIT_WRITE = 3,	/* an output file could not be written */
};

struct upr_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;	/* one line for the command list */
	const char *help;	/* full help text of `help COMMAND` */
};

extern const struct upr_command upr_commands[];

int upr_cli_main(int argc, char **argv);

int upr_cmd_check(int argc, char **argv);
int upr_cmd_plan(int argc, char **argv);
int upr_cmd_validate(int argc, char **argv);
int upr_cmd_export(int argc, char **argv);
int upr_cmd_edit(int argc, char **argv);
int upr_cmd_why(int argc, char **argv);
int upr_cmd_import(int argc, char **argv);

/* Shared helpers (cli.c). */
void upr_cli_print_help(const char *command);	/* on stdout */
int upr_cli_color(FILE *f);	/* colour on a terminal, unless NO_COLOR */
void upr_cli_print_diags(struct upr_diags *d);
/* Prints "upr-schedule: MESSAGE" and the usage hint on stderr; returns 2. */
int upr_cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The exit code of a library call's enum upr_status. */
int upr_cli_exit(int status);
/* The usage error of an unknown -f name (upr_formats_parse's *bad); returns 2. */
int upr_cli_format_error(const char *cmd, const char *bad, size_t badlen);

#endif
