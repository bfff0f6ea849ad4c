/*
 * smallfile.h - reads a whole small data file (iso-codes' tables, the tz
 * database's lists) into memory.
 *
 * Only regular files up to a size the caller names are read, so a FIFO or
 * a device where a data file should be never blocks or floods the loader.
 */
#ifndef UPR_UTIL_SMALLFILE_H
#define UPR_UTIL_SMALLFILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The bytes of path, NUL-terminated (the caller frees them with upr_free),
 * or NULL when it is missing, not a regular file, larger than max bytes or
 * unreadable.  *len gets the length and *nomem whether NULL means out of
 * memory; either may be NULL.
 */
char *upr_read_small_file(const char *path, size_t max, size_t *len, bool *nomem);

#endif
