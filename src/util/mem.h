/*
 * mem.h - the library's allocation entry points and the arena.
 *
 * Every allocation of the library goes through upr_malloc/upr_realloc so that
 * a test build can make the Nth allocation fail (upr_mem_fail_at) and prove
 * that each caller copes.  Model entities live in a struct upr_arena: a chain
 * of blocks freed all at once, so a loaded problem is released with one call.
 */
#ifndef UPR_UTIL_MEM_H
#define UPR_UTIL_MEM_H

#include <stddef.h>

/* Plain allocation; NULL on failure (never aborts).  Caller frees with upr_free. */
void *upr_malloc(size_t n);
void *upr_calloc(size_t count, size_t size);
void *upr_realloc(void *p, size_t n);
void upr_free(void *p);
/* A malloc'd copy of s (upr_free), or NULL. */
char *upr_strdup(const char *s);

/*
 * Failure injection for tests: the allocation numbered n (1-based, counted
 * from this call) and every later one fail.  0 turns injection off.
 * upr_mem_count() tells how many allocations were made since the last call.
 */
void upr_mem_fail_at(unsigned long n);
unsigned long upr_mem_count(void);
/*
 * Routes cJSON's allocations (cJSON_InitHooks, process-wide) through
 * upr_malloc/upr_free, so that upr_mem_fail_at reaches them.  The library
 * never calls it: upr-schedule's main does, and so do tests.
 */
void upr_mem_hook_cjson(void);

struct upr_arena_block;

struct upr_arena {
	struct upr_arena_block *head;
	size_t used_total;
	int failed; /* set once an allocation failed; callers check at the end */
};

void upr_arena_init(struct upr_arena *a);
/* Frees every block; the arena can be used again afterwards. */
void upr_arena_release(struct upr_arena *a);
/* Zeroed, 16-byte aligned memory owned by the arena; NULL on failure. */
void *upr_arena_alloc(struct upr_arena *a, size_t n);
/* Copies of strings and byte ranges, NUL-terminated, owned by the arena. */
char *upr_arena_strdup(struct upr_arena *a, const char *s);
char *upr_arena_strndup(struct upr_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *upr_arena_printf(struct upr_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
