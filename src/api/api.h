/*
 * api.h - inside the public calls of upr/upr.h (src/api/): what a
 * validation holds, for the command line to print in detail.
 *
 * src/api/ sits on top of the library (load, solve, check, export) and
 * under the command line: it assembles the stages the way the commands
 * use them, and prints nothing.
 */
#ifndef UPR_API_API_H
#define UPR_API_API_H

#include "check/check.h"
#include "model/timetable.h"
#include "upr/upr.h"

struct upr_validation {
	struct upr_timetable *t;	/* the timetable judged */
	struct upr_timetable *base;	/* its baseline, or NULL */
	struct upr_check_result r;	/* violations, penalties, score */
	long violations;		/* r.n, as upr_check returned it */
	bool mismatch;			/* the stated score differs */
};

/*
 * The times the speakers of session si's State speak in t's other sessions
 * (travel added around those in another room than room): what a refit of
 * session si in room must leave free.  A new array (upr_free), *n its
 * length; NULL out of memory.  (why.c, edit.c)
 */
struct upr_blocked;
struct upr_blocked *upr_api_blocked(const struct upr_problem *p, const struct upr_timetable *t,
				    size_t si, int room, size_t *n);

/* The language of the outputs, code (NULL: English), as an enum
 * upr_ui_lang in *lang; else UPR_BAD_INPUT with an error that lists the
 * languages there are.  (plan.c, export.c, edit.c) */
int upr_api_output_lang(const char *code, int *lang, struct upr_diags *d);

#endif
