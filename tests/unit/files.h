/*
 * files.h - reading and removing the files tests write: one copy of the
 * helpers for every test that runs the binary or writes outputs.
 */
#ifndef UPR_TESTS_FILES_H
#define UPR_TESTS_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A whole file into a malloc'd NUL-terminated buffer (free); *len its
 * size when len is not NULL.  NULL if it cannot be read. */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	long n = -1;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
		buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = (size_t)n;
	}
	return buf;
}

/* rm -rf: test directories only hold files and directories. */
static inline void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char p[4096];
			int k = snprintf(p, sizeof(p), "%s/%s", path, de->d_name);
			if (k > 0 && (size_t)k < sizeof(p))
				rm_rf(p);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Checks every .json file in dir against docs/timetable.schema.json with
 * tests/tools/check_schema.py (UPR_SOURCE_DIR must be defined); returns
 * system()'s status, 0 when all are valid. */
static inline int check_schema_dir(const char *dir)
{
	char cmd[1024];
	int k = snprintf(cmd, sizeof(cmd),
			 "/usr/bin/python3 %s/tests/tools/check_schema.py %s/docs/timetable.schema.json %s/*.json",
			 UPR_SOURCE_DIR, UPR_SOURCE_DIR, dir);
	if (k < 0 || (size_t)k >= sizeof(cmd))
		return -1;
	return system(cmd);
}

#endif
