/*
 * mem.c - allocation wrappers with failure injection, and the arena.
 *
 * Invariant: upr_free accepts exactly what upr_malloc/upr_realloc returned,
 * and upr_arena_release frees every block an arena ever got.
 *
 * cJSON allocates on its own, through hooks that are global to the process.
 * The library leaves them alone; a program that wants failure injection to
 * reach timetable.json and the timetable reader too (upr-schedule's main,
 * the tests that make allocations fail) calls upr_mem_hook_cjson once.
 * upr_malloc is plain malloc underneath, so memory that cJSON hands out
 * may be released with free() or cJSON_free() either way.  libyaml and
 * libical offer no such hook (not in the libical 3.0 that Debian 12 ships).
 */
#include "util/mem.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* per thread: failure injection counts and fails the allocations of the
 * thread that set it, so that the search's second chain (a thread of its
 * own, src/solve/portfolio.c) neither races on the count nor moves it */
static _Thread_local unsigned long fail_at;	/* 0: never fail */
static _Thread_local unsigned long alloc_count;

void upr_mem_fail_at(unsigned long n)
{
	fail_at = n;
	alloc_count = 0;
}

unsigned long upr_mem_count(void)
{
	return alloc_count;
}

/* A failure sets errno as malloc does, so that a caller reporting errno
 * says "out of memory" under injection too. */
static int should_fail(void)
{
	alloc_count++;
	if (!fail_at || alloc_count < fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *upr_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *upr_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *upr_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void upr_free(void *p)
{
	free(p);
}

void upr_mem_hook_cjson(void)
{
	cJSON_Hooks hooks = { upr_malloc, upr_free };
	cJSON_InitHooks(&hooks);
}

char *upr_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *r = upr_malloc(n);
	if (r)
		memcpy(r, s, n);
	return r;
}

/* Blocks are at least this big; larger requests get a block of their own. */
#define ARENA_BLOCK (64 * 1024)

struct upr_arena_block {
	struct upr_arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void upr_arena_init(struct upr_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
	a->failed = 0;
}

void upr_arena_release(struct upr_arena *a)
{
	struct upr_arena_block *b = a->head;
	while (b) {
		struct upr_arena_block *next = b->next;
		upr_free(b);
		b = next;
	}
	upr_arena_init(a);
}

void *upr_arena_alloc(struct upr_arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	struct upr_arena_block *b = a->head;

	if (need < n) {
		a->failed = 1;
		return NULL;
	}
	if (!b || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		if (size > SIZE_MAX - sizeof(*b)) {
			a->failed = 1;
			return NULL;
		}
		b = upr_malloc(sizeof(*b) + size);
		if (!b) {
			a->failed = 1;
			return NULL;
		}
		b->size = size;
		b->used = 0;
		/* A big one-off block goes behind the current one so the
		 * current block's free space is not wasted. */
		if (a->head && need > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += need;
	a->used_total += need;
	memset(p, 0, n);
	return p;
}

char *upr_arena_strndup(struct upr_arena *a, const char *s, size_t n)
{
	char *r = upr_arena_alloc(a, n + 1);
	if (r) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

char *upr_arena_strdup(struct upr_arena *a, const char *s)
{
	return s ? upr_arena_strndup(a, s, strlen(s)) : NULL;
}

char *upr_arena_printf(struct upr_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *r = upr_arena_alloc(a, (size_t)n + 1);
	if (!r)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(r, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return r;
}
