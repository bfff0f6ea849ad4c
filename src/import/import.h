/*
 * import.h - from a form's CSV export to speakers.yaml (private to libupr).
 *
 * The stages, one file each, as the data flows:
 *
 *   csvread.c   FORM.csv -> struct upr_csv: UTF-8 cells by row and column
 *               (libcsv; BOM, Windows-1252 and the delimiter detected)
 *   map.c       MAP.yaml -> struct upr_imap: which column holds each
 *               speaker key, the id rule, value maps
 *   convert.c   rows -> struct upr_irecord: States and languages by name
 *               (load/isocodes.h), kinds, availability, duplicates, ids
 *               (kept from an earlier output by key)
 *   emit.c      records -> speakers.yaml text; the earlier output's keys
 *   guess.c     the header row -> a starting map (`import --init`)
 *
 * A cell is located as FORM.csv:ROW:COLUMN, ROW the record's number with
 * the header as 1 (a spreadsheet's row), COLUMN the field's number from 1;
 * messages start with the column's header name.
 */
#ifndef UPR_IMPORT_IMPORT_H
#define UPR_IMPORT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "upr/diag.h"
#include "util/mem.h"

struct upr_csv_row {
	int row;		/* 2 for the first record after the header */
	const char **cells;	/* ncells, each NUL-terminated, blanks trimmed */
	size_t ncells;
};

struct upr_csv {
	const char *file;	/* name in diagnostics (arena) */
	char delim;
	bool cp1252;		/* the file was Windows-1252, converted */
	const char **header;	/* ncols names, trimmed; trailing empty ones dropped */
	size_t ncols;
	struct upr_csv_row *rows;
	size_t nrows;
	struct upr_arena arena;
};

/* Reads path; delim 0 detects it from the header row.  0, or -1 with
 * errors in d.  Release c either way. */
int upr_csv_read(struct upr_csv *c, const char *path, char delim, struct upr_diags *d);
void upr_csv_release(struct upr_csv *c);
/* The location of column col (0-based) of row (a row number). */
struct upr_loc upr_csv_loc(const struct upr_csv *c, int row, size_t col);

/* The speaker keys a map may fill, in the order emitted. */
enum upr_ikey {
	UPR_IK_ID,
	UPR_IK_ORGANISATION,
	UPR_IK_KIND,
	UPR_IK_STATES,
	UPR_IK_LANGUAGE,
	UPR_IK_REMOTE,
	UPR_IK_AVAILABLE,
	UPR_IK_UNAVAILABLE,
	UPR_IK_PRIORITY,
	UPR_IK_APPLIED,
	UPR_IK_CONTACT_NAME,	/* the speaker's private contact (docs/reference.md#speakers) */
	UPR_IK_CONTACT_EMAIL,
	UPR_IK_VIDEO_LINK,
	UPR_IK_COUNT
};
extern const char *const upr_ikey_names[UPR_IK_COUNT];

struct upr_ivalue {
	const char *from, *to;	/* the form's wording -> the key's value */
	struct upr_loc loc;
};

struct upr_imap {
	const char *file;
	const char *input;	/* `input`, resolved against the map's folder; NULL */
	struct upr_loc input_loc;
	const char *key;	/* column that identifies a submission; NULL */
	struct upr_loc key_loc;
	const char *column[UPR_IK_COUNT];	/* header name, NULL: not mapped */
	struct upr_loc column_loc[UPR_IK_COUNT];
	bool id_from_organisation;	/* id: {from: organisation} */
	struct upr_ivalue *values[UPR_IK_COUNT];
	size_t nvalues[UPR_IK_COUNT];
	struct upr_arena arena;
};

/* Reads the map at path.  0, or -1 with errors in d.  Release m either way. */
int upr_imap_read(struct upr_imap *m, const char *path, struct upr_diags *d);
void upr_imap_release(struct upr_imap *m);

/* The header index of each column m names (col[k], *keycol; -1: not
 * mapped); 0, or -1 with an error for each one c's header lacks. */
int upr_imap_columns(const struct upr_imap *m, const struct upr_csv *c,
		     long col[UPR_IK_COUNT], long *keycol, struct upr_diags *d);

/* One speaker made from one row. */
struct upr_irecord {
	int row;
	const char *key;	/* the key column's cell, one line; NULL without key */
	const char *id;
	const char *organisation;
	const char *kind;	/* NULL: not given (cso) */
	const char **states;	/* State ids */
	size_t nstates;
	char language[3];	/* "" not given */
	int remote;		/* -1 not given */
	int priority;		/* -1 not given */
	const char **available, **unavailable;	/* "2017-12-12" or "2017-12-12 09:30-11:00" */
	size_t navailable, nunavailable;
	const char *applied;	/* "2017-10-03 14:22" or NULL */
	/* the private contact (written only with an address) and the video
	 * link; NULL not given */
	const char *contact_name, *contact_email, *video_link;
	bool dropped;		/* an earlier submission of the same key */
	bool kept;		/* id kept from an earlier output */
};

/* Earlier output: key -> id, from its `# ...; key: KEY` comments. */
struct upr_ikeys {
	const char *file;	/* the earlier output (arena) */
	const char **keys, **ids;
	int *lines;		/* of each id */
	size_t n, cap;
	struct upr_arena arena;
};
/* Reads path if it exists (a missing file is no earlier output).  0, or -1
 * with an error in d. */
int upr_ikeys_read(struct upr_ikeys *k, const char *path, struct upr_diags *d);
void upr_ikeys_release(struct upr_ikeys *k);

struct upr_iconvert {
	const struct upr_csv *csv;
	const struct upr_imap *map;
	const struct upr_problem *round;	/* event and States */
	const struct upr_ikeys *earlier;
	bool keep_latest;
	struct upr_irecord *recs;	/* csv->nrows, in row order */
	size_t nrecs;
	struct upr_arena arena;
};
/* Makes the records; every problem of every row goes to d.  0, or -1. */
int upr_iconvert_run(struct upr_iconvert *cv, struct upr_diags *d);
void upr_iconvert_release(struct upr_iconvert *cv);

/*
 * Availability text in the simple forms of convert.c into "2017-12-12" or
 * "2017-12-12 09:30-11:00" items (in a), a date without a year placed in
 * the year where it is a day of ev.  0, or -1 with a message.
 */
int upr_idates_parse(const struct upr_event *ev, const char *text, struct upr_arena *a,
		     const char ***out, size_t *n, char *msg, size_t size);
/* A submission time into "2017-10-03 14:22" (in a), or NULL with a message. */
const char *upr_idatetime_parse(const char *text, struct upr_arena *a, char *msg, size_t size);

/* Writes speakers.yaml of the records not dropped.  0, or -1 (errno set). */
int upr_iemit_speakers(FILE *f, const struct upr_iconvert *cv, const char *csv_name,
		       const char *map_name);
/* A YAML scalar for s: plain when YAML reads it back as the same string,
 * else double-quoted. */
void upr_iemit_scalar(FILE *f, const char *s);

/* Writes a starting map for csv.  0, or -1 (errno set). */
int upr_iguess_map(FILE *f, const struct upr_csv *csv, const char *csv_name);

/* Lowercase ASCII slug of s ("Collectif handicap et citoyenneté" ->
 * "collectif-handicap-et-citoyennete"), at most max bytes, cut at a '-'. */
void upr_islug(const char *s, char *out, size_t max);

#endif
