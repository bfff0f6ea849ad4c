/*
 * import.c - upr_import and upr_import_init (upr/upr.h): the stages of
 * src/import/ in order, then the one output written whole or not at all.
 *
 * The output is made in memory first, so that an error anywhere (a row, the
 * earlier output, memory) leaves the previous speakers.yaml as it was; it
 * is then written beside its final name and renamed into place.
 */
#include "upr/upr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "model/model.h"
#include "util/outfile.h"

/* Writes size bytes of buf to o->stream or atomically to o->out. */
static int publish(const struct upr_import_opts *o, const char *buf, size_t size,
		   struct upr_diags *d)
{
	if (!o->out) {
		if (fwrite(buf, 1, size, o->stream) != size || fflush(o->stream) != 0) {
			upr_error(d, NULL, "cannot write the output");
			return UPR_WRITE_ERROR;
		}
		return UPR_OK;
	}
	struct upr_outfile of;
	if (upr_outfile_open(&of, o->out, d) != 0)
		return UPR_WRITE_ERROR;
	int rc = UPR_OK;
	if (fwrite(buf, 1, size, of.f) != size) {
		upr_error(d, NULL, "cannot write '%s'", o->out);
		rc = UPR_WRITE_ERROR;
	} else if (upr_outfile_close(&of, d) != 0 || upr_outfile_rename(&of, d) != 0) {
		rc = UPR_WRITE_ERROR;
	}
	upr_outfile_release(&of);
	return rc;
}

/* The text written by fn into a memory stream, then published. */
static int write_out(const struct upr_import_opts *o, int (*fn)(FILE *, const void *),
		     const void *ctx, struct upr_diags *d)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	if (!mem) {
		upr_error(d, NULL, "out of memory");
		return UPR_FAILED;
	}
	int bad = fn(mem, ctx);
	if (fclose(mem) != 0 || bad) {
		free(buf);
		upr_error(d, NULL, "out of memory");
		return UPR_FAILED;
	}
	int rc = publish(o, buf, size, d);
	free(buf);	/* open_memstream's, not ours */
	return rc;
}

struct speakers_ctx {
	const struct upr_iconvert *cv;
	const char *csv, *map;
};

static int emit_speakers(FILE *f, const void *ctx)
{
	const struct speakers_ctx *s = ctx;
	return upr_iemit_speakers(f, s->cv, s->csv, s->map);
}

int upr_import(const struct upr_import_opts *o, struct upr_diags *d)
{
	struct upr_csv csv;
	struct upr_imap map;
	struct upr_ikeys keys;
	struct upr_problem *round = NULL;
	int rc = UPR_BAD_INPUT;
	/* read all three before giving up, so that one run names every problem */
	int a = upr_csv_read(&csv, o->csv, o->delimiter, d);
	int b = upr_imap_read(&map, o->map, d);
	int c = o->out ? upr_ikeys_read(&keys, o->out, d) : (memset(&keys, 0, sizeof(keys)), 0);
	if (b == 0) {
		const char *dflt[1] = { map.input };
		const char *const *paths = o->ninputs ? o->inputs : dflt;
		size_t n = o->ninputs ? o->ninputs : 1;
		if (!o->ninputs && !map.input) {
			struct upr_loc loc = { map.file, 0, 0 };
			upr_error(d, &loc, "no round to import into: give --input DIR, or "
				  "'input: DIR' in the map (the folder of event and states)");
		} else if (upr_load(paths, n, &round, d) != 0) {
			round = NULL;
		} else if (round->nstates == 0) {
			upr_error(d, NULL, "the round's input has no States to import speakers for");
		}
	}
	if (a == 0 && b != 0) {
		/* the columns the map does name are checked all the same */
		long col[UPR_IK_COUNT], keycol;
		upr_imap_columns(&map, &csv, col, &keycol, d);
	}
	if (a == 0 && b == 0 && c == 0 && round && round->nstates) {
		struct upr_iconvert cv = { .csv = &csv, .map = &map, .round = round,
					   .earlier = o->out ? &keys : NULL,
					   .keep_latest = o->keep_latest };
		if (upr_iconvert_run(&cv, d) == 0) {
			struct speakers_ctx s = { &cv, o->csv, o->map };
			rc = write_out(o, emit_speakers, &s, d);
		}
		upr_iconvert_release(&cv);
	}
	upr_problem_free(round);
	upr_csv_release(&csv);
	upr_imap_release(&map);
	upr_ikeys_release(&keys);
	upr_diags_sort(d);
	return rc;
}

struct init_ctx {
	const struct upr_csv *csv;
	const char *name;
};

static int emit_map(FILE *f, const void *ctx)
{
	const struct init_ctx *s = ctx;
	return upr_iguess_map(f, s->csv, s->name);
}

int upr_import_init(const struct upr_import_opts *o, struct upr_diags *d)
{
	struct upr_csv csv;
	int rc = UPR_BAD_INPUT;
	if (upr_csv_read(&csv, o->csv, o->delimiter, d) == 0) {
		struct init_ctx s = { &csv, o->csv };
		rc = write_out(o, emit_map, &s, d);
	}
	upr_csv_release(&csv);
	return rc;
}
