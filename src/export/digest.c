/* digest.c - digest.txt: one line per session (scratch format). */
#include "export/export.h"

int upr_export_digest(const struct upr_write_ctx *c, int index, FILE *f)
{
	for (size_t i = 0; i < c->t->nsessions; i++)
		if (fprintf(f, "%s\n", c->p->states[c->t->sessions[i].state].id) < 0)
			return -1;
	return 0;
}
