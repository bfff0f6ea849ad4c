/*
 * smallfile.c - one reader of small data files (smallfile.h) for the
 * suggestions of zones and languages and for import's names.
 */
#include "util/smallfile.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "util/mem.h"

char *upr_read_small_file(const char *path, size_t max, size_t *len, bool *nomem)
{
	if (nomem)
		*nomem = false;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct stat st;
	char *buf = NULL;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size <= max) {
		size_t size = (size_t)st.st_size;
		buf = upr_malloc(size + 1);
		if (!buf && nomem)
			*nomem = true;
		if (buf && fread(buf, 1, size, fp) == size) {
			buf[size] = '\0';
			if (len)
				*len = size;
		} else {
			upr_free(buf);
			buf = NULL;
		}
	}
	fclose(fp);
	return buf;
}
