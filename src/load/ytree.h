/*
 * ytree.h - one YAML file as a small tree of nodes, read with limits.
 *
 * Private to src/load.  The tree is built from libyaml's event API rather
 * than its document API so that the limits of docs/reference.md#limits hold while reading:
 * nesting is refused before it passes UPR_MAX_DEPTH, and aliases are counted
 * as they expand, so no input makes the loader recurse deeply, loop, or grow
 * past a small multiple of the file's size.
 *
 *   struct upr_ynode (32 bytes)          a mapping's items:
 *   +------+--------+------+-------+     [key 0][value 0][key 1][value 1]...
 *   | kind | height | size | line  |     a sequence's items:
 *   | col  | n      | bytes| text  |     [item 0][item 1]...
 *   +------+--------+------+-------+     (text or items)
 *
 * An alias is a copy of its anchor's node (sharing the items) with the
 * alias's own line and column, so the tree is a DAG that reads like the
 * expanded document.  size counts the nodes a subtree stands for once
 * expanded, so walking any node costs at most its size; bytes counts its
 * scalars' text the same way.
 */
#ifndef UPR_LOAD_YTREE_H
#define UPR_LOAD_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "upr/diag.h"
#include "util/mem.h"

enum upr_ykind {
	UPR_Y_NULL,	/* an empty plain scalar, '~' or 'null' */
	UPR_Y_SCALAR,
	UPR_Y_SEQ,
	UPR_Y_MAP,
	UPR_Y_BAD,	/* a node already reported (NUL in a string, bad alias) */
};

struct upr_ynode {
	uint8_t kind;		/* enum upr_ykind */
	uint16_t height;	/* collections on the deepest path, itself included */
	uint32_t size;		/* nodes once aliases are expanded, itself included */
	int line, col;		/* 1-based */
	uint32_t n;		/* scalar: bytes; sequence: items; mapping: 2 * pairs */
	uint32_t bytes;		/* scalar text once aliases are expanded */
	union {
		const char *text;	/* scalar and null: NUL-terminated */
		struct upr_ynode *items;
	} u;
};

struct upr_ybig;
struct upr_ytext;

struct upr_ydoc {
	const char *file;	/* name in diagnostics; the caller's storage */
	struct upr_ynode root;
	struct upr_arena arena;	/* item arrays up to 64 nodes */
	struct upr_ybig *big;	/* larger item arrays */
	struct upr_ytext *text;	/* scalars and anchor names, packed */
};

enum {
	UPR_YAML_OK = 0,	/* root is the document (errors inside it may be reported) */
	UPR_YAML_FAIL = -1,	/* not read: syntax error, limit, empty; reported */
	UPR_YAML_NOMEM = -2,	/* out of memory; reported */
};

/*
 * Reads buf[0..len) (one YAML document) into doc.  Errors go to d, located
 * in file.  Whatever the result, release doc with upr_ytree_release.
 */
int upr_ytree_parse(struct upr_ydoc *doc, const char *file, const char *buf,
		    size_t len, struct upr_diags *d);
void upr_ytree_release(struct upr_ydoc *doc);

/* Where node n is, as users see it. */
struct upr_loc upr_ytree_loc(const struct upr_ydoc *doc, const struct upr_ynode *n);

#endif
