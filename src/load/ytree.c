/*
 * ytree.c - YAML text to a tree of upr_ynode, with the limits of docs/reference.md#limits.
 *
 * The only recursion-free way to hold a limit is to see every node as it
 * opens, so this reads libyaml events and keeps the open collections on a
 * fixed stack of UPR_MAX_DEPTH frames: a 65th level is refused before it is
 * pushed.  An alias adds its anchor's expanded size to a per-file budget
 * (UPR_MAX_ALIAS_NODES), its expanded text to another (UPR_MAX_ALIAS_BYTES),
 * and may not push the expanded depth past the limit,
 * so a billion-laughs file stops after a few thousand events.
 *
 * What must hold: once upr_ytree_parse returns UPR_YAML_OK, every node of
 * the tree, aliases expanded, is at most UPR_MAX_DEPTH collections deep, the
 * whole tree expands to at most (nodes written + UPR_MAX_ALIAS_NODES) nodes
 * and (file size + UPR_MAX_ALIAS_BYTES) bytes of text, and no scalar holds
 * more than UPR_MAX_STRING_BYTES, a NUL byte or another control character
 * than tab and newline.  libyaml marks (0-based) become user
 * positions (1-based) in mark_loc() and nowhere else.
 */
#include "load/ytree.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "upr/upr.h"
#include "util/strmap.h"

/* An item array too big to copy into the arena: kept as allocated. */
struct upr_ybig {
	struct upr_ybig *next;
	struct upr_ynode items[];
};

/* Item arrays up to this many nodes are copied into the arena (no slack). */
#define SMALL_ITEMS 64

/* Scalar text, packed without alignment: most scalars are a few bytes, and
 * an arena would round each up to 16. */
struct upr_ytext {
	struct upr_ytext *next;
	size_t size, used;
	char data[];
};

#define TEXT_BLOCK (64 * 1024)

struct frame {
	struct upr_ynode node;	/* kind, line, col of the open collection */
	struct upr_ybig *buf;	/* its items so far */
	size_t n, cap;
	int anchor;		/* index into anchors, -1 none */
};

struct anchor {
	const char *name;	/* owned by the document */
	struct upr_ynode node;
	bool done;		/* false while the anchored collection is open */
};

struct reader {
	struct upr_ydoc *doc;
	struct upr_diags *d;
	struct frame frames[UPR_MAX_DEPTH];
	size_t depth;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	struct upr_strmap anchor_ids;
	uint64_t alias_nodes, alias_bytes;
	bool have_document, have_root;
	int status;
};

/* The one place where a libyaml mark becomes a position users see. */
static struct upr_loc mark_loc(const char *file, yaml_mark_t m)
{
	struct upr_loc loc = { file, (int)m.line + 1, (int)m.column + 1 };
	return loc;
}

struct upr_loc upr_ytree_loc(const struct upr_ydoc *doc, const struct upr_ynode *n)
{
	struct upr_loc loc = { doc->file, n->line, n->col };
	return loc;
}

/* A NUL-terminated copy of s[0..n) owned by the document, or NULL. */
static char *text_copy(struct upr_ydoc *doc, const char *s, size_t n)
{
	struct upr_ytext *b = doc->text;
	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > TEXT_BLOCK ? n + 1 : TEXT_BLOCK;
		b = upr_malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		b->used = 0;
		/* A big one-off block goes behind the current one, whose
		 * free space stays in use. */
		if (doc->text && size > TEXT_BLOCK) {
			b->next = doc->text->next;
			doc->text->next = b;
		} else {
			b->next = doc->text;
			doc->text = b;
		}
	}
	char *c = b->data + b->used;
	memcpy(c, s, n);
	c[n] = '\0';
	b->used += n + 1;
	return c;
}

static void oom(struct reader *r)
{
	if (r->status != UPR_YAML_NOMEM)
		upr_error(r->d, NULL, "out of memory");
	r->status = UPR_YAML_NOMEM;
}

/* Stops reading with an error at mark. */
static void fail(struct reader *r, yaml_mark_t mark, const char *msg)
{
	struct upr_loc loc = mark_loc(r->doc->file, mark);
	upr_error(r->d, &loc, "%s", msg);
	r->status = UPR_YAML_FAIL;
}

static void too_deep(struct reader *r, yaml_mark_t mark)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "nesting deeper than %d levels", UPR_MAX_DEPTH);
	fail(r, mark, msg);
}

static void set_pos(struct reader *r, struct upr_ynode *n, yaml_mark_t mark)
{
	struct upr_loc loc = mark_loc(r->doc->file, mark);
	n->line = loc.line;
	n->col = loc.col;
}

/* Adds n to the open collection, or makes it the root. */
static void attach(struct reader *r, const struct upr_ynode *n)
{
	if (r->depth == 0) {
		r->doc->root = *n;
		r->have_root = true;
		return;
	}
	struct frame *f = &r->frames[r->depth - 1];
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		struct upr_ybig *b = upr_realloc(f->buf, sizeof(*b) + cap * sizeof(b->items[0]));
		if (!b) {
			oom(r);
			return;
		}
		f->buf = b;
		f->cap = cap;
	}
	f->buf->items[f->n++] = *n;
}

/* Registers an anchor; its node is filled in when complete. */
static int anchor_open(struct reader *r, const char *name)
{
	int idx = upr_strmap_get(&r->anchor_ids, name);
	if (idx >= 0) {
		/* A later anchor of the same name replaces the earlier one
		 * for the aliases that follow it. */
		r->anchors[idx].done = false;
		return idx;
	}
	if (r->nanchors == r->capanchors) {
		size_t cap = r->capanchors ? r->capanchors * 2 : 16;
		struct anchor *a = upr_realloc(r->anchors, cap * sizeof(*a));
		if (!a) {
			oom(r);
			return -1;
		}
		r->anchors = a;
		r->capanchors = cap;
	}
	const char *copy = text_copy(r->doc, name, strlen(name));
	if (!copy || upr_strmap_put(&r->anchor_ids, copy, (int)r->nanchors, NULL) < 0) {
		oom(r);
		return -1;
	}
	idx = (int)r->nanchors++;
	r->anchors[idx].name = copy;
	r->anchors[idx].done = false;
	return idx;
}

static void anchor_close(struct reader *r, int idx, const struct upr_ynode *n)
{
	if (idx < 0)
		return;
	r->anchors[idx].node = *n;
	r->anchors[idx].done = true;
}

static bool is_null(const yaml_event_t *e)
{
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)e->data.scalar.value;
	return e->data.scalar.length == 0 || strcmp(v, "~") == 0 ||
	       strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/*
 * The first control character of v[0..len) other than tab and newline: C0,
 * DEL, or C1 (U+0080-U+009F, UTF-8 0xC2 0x80-0x9F), or -1.  libyaml refuses
 * them written raw, but double-quoted escapes ("\a", "\x85") decode to them.
 */
static int control_char(const unsigned char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((v[i] < 0x20 && v[i] != '\t' && v[i] != '\n') || v[i] == 0x7F)
			return v[i];
		if (v[i] == 0xC2 && i + 1 < len && v[i + 1] >= 0x80 && v[i + 1] <= 0x9F)
			return v[i + 1];
	}
	return -1;
}

static void on_scalar(struct reader *r, const yaml_event_t *e)
{
	struct upr_ynode n = { 0 };
	set_pos(r, &n, e->start_mark);
	n.size = 1;
	const char *v = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;
	struct upr_loc loc = upr_ytree_loc(r->doc, &n);
	int ctl = -1;
	if (memchr(v, '\0', len)) {
		/* "\0" in a double-quoted string: C strings would end there. */
		upr_error(r->d, &loc, "string contains a NUL character ('\\0')");
		n.kind = UPR_Y_BAD;
	} else if (len > UPR_MAX_STRING_BYTES) {
		upr_error(r->d, &loc, "string is longer than %d bytes", UPR_MAX_STRING_BYTES);
		n.kind = UPR_Y_BAD;
	} else if ((ctl = control_char((const unsigned char *)v, len)) >= 0) {
		upr_error(r->d, &loc, "control characters are not allowed (0x%02x)",
			  (unsigned)ctl);
		n.kind = UPR_Y_BAD;
	} else {
		n.kind = is_null(e) ? UPR_Y_NULL : UPR_Y_SCALAR;
		n.n = (uint32_t)len;
		n.bytes = (uint32_t)len;
		n.u.text = text_copy(r->doc, v, len);
		if (!n.u.text) {
			oom(r);
			return;
		}
	}
	if (e->data.scalar.anchor) {
		int idx = anchor_open(r, (const char *)e->data.scalar.anchor);
		anchor_close(r, idx, &n);
	}
	attach(r, &n);
}

static void on_start(struct reader *r, const yaml_event_t *e, enum upr_ykind kind,
		     const yaml_char_t *anchor)
{
	if (r->depth == UPR_MAX_DEPTH) {
		too_deep(r, e->start_mark);
		return;
	}
	struct frame *f = &r->frames[r->depth++];
	memset(f, 0, sizeof(*f));
	f->node.kind = (uint8_t)kind;
	set_pos(r, &f->node, e->start_mark);
	f->anchor = anchor ? anchor_open(r, (const char *)anchor) : -1;
}

static void on_end(struct reader *r)
{
	struct frame *f = &r->frames[--r->depth];
	struct upr_ynode n = f->node;
	uint64_t size = 1, bytes = 0;
	unsigned height = 0;
	for (size_t i = 0; i < f->n; i++) {
		size += f->buf->items[i].size;
		bytes += f->buf->items[i].bytes;
		if (f->buf->items[i].height > height)
			height = f->buf->items[i].height;
	}
	/* The depth and alias limits keep both far below their types'
	 * range; saturate anyway rather than wrap. */
	n.size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	n.bytes = bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
	n.height = (uint16_t)(height + 1);
	n.n = (uint32_t)f->n;
	n.u.items = NULL;
	if (f->n > 0 && f->n <= SMALL_ITEMS) {
		n.u.items = upr_arena_alloc(&r->doc->arena, f->n * sizeof(n.u.items[0]));
		if (!n.u.items) {
			upr_free(f->buf);
			f->buf = NULL;
			oom(r);
			return;
		}
		memcpy(n.u.items, f->buf->items, f->n * sizeof(n.u.items[0]));
		upr_free(f->buf);
	} else if (f->n > 0) {
		n.u.items = f->buf->items;
		f->buf->next = r->doc->big;
		r->doc->big = f->buf;
	} else {
		upr_free(f->buf);
	}
	f->buf = NULL;
	anchor_close(r, f->anchor, &n);
	attach(r, &n);
}

static void on_alias(struct reader *r, const yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	int idx = upr_strmap_get(&r->anchor_ids, name);
	struct upr_ynode n = { 0 };
	if (idx < 0 || !r->anchors[idx].done) {
		set_pos(r, &n, e->start_mark);
		struct upr_loc loc = upr_ytree_loc(r->doc, &n);
		if (idx < 0)
			upr_error(r->d, &loc, "alias '*%s' is not defined", name);
		else
			upr_error(r->d, &loc, "alias '*%s' is used inside its own anchor",
				  name);
		n.kind = UPR_Y_BAD;
		n.size = 1;
		attach(r, &n);
		return;
	}
	n = r->anchors[idx].node;
	r->alias_nodes += n.size;
	if (r->alias_nodes > UPR_MAX_ALIAS_NODES) {
		char msg[96];
		snprintf(msg, sizeof(msg), "aliases expand to more than %u nodes",
			 (unsigned)UPR_MAX_ALIAS_NODES);
		fail(r, e->start_mark, msg);
		return;
	}
	r->alias_bytes += n.bytes;
	if (r->alias_bytes > UPR_MAX_ALIAS_BYTES) {
		char msg[96];
		snprintf(msg, sizeof(msg), "aliases expand to more than %u bytes of text",
			 (unsigned)UPR_MAX_ALIAS_BYTES);
		fail(r, e->start_mark, msg);
		return;
	}
	if (r->depth + n.height > UPR_MAX_DEPTH) {
		too_deep(r, e->start_mark);
		return;
	}
	set_pos(r, &n, e->start_mark);
	attach(r, &n);
}

/* libyaml's own message, at its position. */
static void report_parser_error(struct reader *r, const yaml_parser_t *p,
				const char *buf, size_t len)
{
	if (p->error == YAML_MEMORY_ERROR) {
		oom(r);
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors (bad UTF-8, control characters) carry only a
		 * byte offset: find its line, and its column in characters as
		 * libyaml counts them. */
		yaml_mark_t m = { 0, 0, 0 };
		size_t end = p->problem_offset < len ? p->problem_offset : len;
		for (size_t i = 0; i < end; i++) {
			unsigned char c = (unsigned char)buf[i];
			if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
				m.line++;
				m.column = 0;
			} else if ((c & 0xC0) != 0x80 && c != '\r') {
				m.column++;
			}
		}
		struct upr_loc loc = mark_loc(r->doc->file, m);
		if (p->problem_value >= 0)
			upr_error(r->d, &loc, "%s (0x%02x)", p->problem,
				  (unsigned)p->problem_value);
		else
			upr_error(r->d, &loc, "%s", p->problem);
		r->status = UPR_YAML_FAIL;
		return;
	}
	struct upr_loc loc = mark_loc(r->doc->file, p->problem_mark);
	const char *problem = p->problem ? p->problem : "invalid YAML";
	if (p->context) {
		struct upr_loc ctx = mark_loc(r->doc->file, p->context_mark);
		upr_error(r->d, &loc, "%s (%s at line %d, column %d)", problem,
			  p->context, ctx.line, ctx.col);
	} else {
		upr_error(r->d, &loc, "%s", problem);
	}
	r->status = UPR_YAML_FAIL;
}

static void handle(struct reader *r, const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (r->have_document)
			fail(r, e->start_mark, "more than one document in one file");
		r->have_document = true;
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(r, e);
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_start(r, e, UPR_Y_SEQ, e->data.sequence_start.anchor);
		break;
	case YAML_MAPPING_START_EVENT:
		on_start(r, e, UPR_Y_MAP, e->data.mapping_start.anchor);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(r);
		break;
	case YAML_ALIAS_EVENT:
		on_alias(r, e);
		break;
	default:
		break;
	}
}

int upr_ytree_parse(struct upr_ydoc *doc, const char *file, const char *buf,
		    size_t len, struct upr_diags *d)
{
	memset(doc, 0, sizeof(*doc));
	doc->file = file;
	upr_arena_init(&doc->arena);

	struct reader *r = upr_calloc(1, sizeof(*r));
	if (!r) {
		upr_error(d, NULL, "out of memory");
		return UPR_YAML_NOMEM;
	}
	r->doc = doc;
	r->d = d;
	upr_strmap_init(&r->anchor_ids);

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		oom(r);
	} else {
		yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
		bool done = false;
		while (!done && r->status == UPR_YAML_OK) {
			yaml_event_t e;
			if (!yaml_parser_parse(&parser, &e)) {
				report_parser_error(r, &parser, buf, len);
				break;
			}
			handle(r, &e);
			done = e.type == YAML_STREAM_END_EVENT;
			yaml_event_delete(&e);
		}
		yaml_parser_delete(&parser);
	}

	int status = r->status;
	if (status == UPR_YAML_OK && (!r->have_root || doc->root.kind == UPR_Y_NULL)) {
		struct upr_loc loc = { file, 0, 0 };
		upr_error(d, &loc, "file is empty");
		status = UPR_YAML_FAIL;
	}
	/* Frames still open after an error own their item buffers. */
	for (size_t i = 0; i < r->depth; i++)
		upr_free(r->frames[i].buf);
	upr_free(r->anchors);
	upr_strmap_release(&r->anchor_ids);
	upr_free(r);
	return status;
}

void upr_ytree_release(struct upr_ydoc *doc)
{
	struct upr_ybig *b = doc->big;
	while (b) {
		struct upr_ybig *next = b->next;
		upr_free(b);
		b = next;
	}
	doc->big = NULL;
	struct upr_ytext *t = doc->text;
	while (t) {
		struct upr_ytext *next = t->next;
		upr_free(t);
		t = next;
	}
	doc->text = NULL;
	upr_arena_release(&doc->arena);
}
