/*
 * cmd_import.c - `upr-schedule import FORM.csv --map MAP.yaml [-o FILE]`
 * and `import --init FORM.csv`: applications from a form's export.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "upr/upr.h"
#include "util/mem.h"

int upr_cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "input", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "init", no_argument, NULL, 'I' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "keep-latest", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct upr_import_opts o = { 0 };
	const char **inputs = upr_calloc((size_t)argc + 1, sizeof(*inputs));
	bool init = false;
	int c, rc = -1;
	if (!inputs) {
		fprintf(stderr, "upr-schedule: out of memory\n");
		return UPR_EXIT_FAIL;
	}
	optind = 0;
	opterr = 0;
	while (rc < 0 && (c = getopt_long(argc, argv, ":m:i:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': o.map = optarg; break;
		case 'i': inputs[o.ninputs++] = optarg; break;
		case 'o': o.out = strcmp(optarg, "-") == 0 ? NULL : optarg; break;
		case 'I': init = true; break;
		case 'k': o.keep_latest = true; break;
		case 'd':
			if (strcmp(optarg, ",") == 0 || strcmp(optarg, ";") == 0)
				o.delimiter = optarg[0];
			else if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\t") == 0)
				o.delimiter = '\t';
			else
				rc = upr_cli_usage_error("import", "--delimiter is ',', ';' or tab, "
							 "not '%s'", optarg);
			break;
		case 'h':
			upr_cli_print_help("import");
			rc = UPR_EXIT_OK;
			break;
		case ':':
			rc = upr_cli_usage_error("import", "option '%s' needs a value",
						 argv[optind - 1]);
			break;
		default:
			rc = upr_cli_usage_error("import", "unknown option '%s'", argv[optind - 1]);
			break;
		}
	}
	if (rc < 0 && optind != argc - 1)
		rc = upr_cli_usage_error("import", "import reads one FORM.csv");
	else if (rc < 0 && !init && !o.map)
		rc = upr_cli_usage_error("import", "import needs --map MAP.yaml "
					 "(import --init FORM.csv writes one)");
	else if (rc < 0 && init && (o.map || o.ninputs || o.keep_latest))
		rc = upr_cli_usage_error("import", "--init takes only FORM.csv, -o and --delimiter");
	if (rc >= 0) {
		upr_free(inputs);
		return rc;
	}
	o.csv = argv[optind];
	o.inputs = inputs;
	o.stream = stdout;
	struct upr_diags diags;
	upr_diags_init(&diags);
	int st = init ? upr_import_init(&o, &diags) : upr_import(&o, &diags);
	upr_cli_print_diags(&diags);
	upr_diags_release(&diags);
	upr_free(inputs);
	return upr_cli_exit(st);
}
