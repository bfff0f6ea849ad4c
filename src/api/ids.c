/*
 * ids.c - upr_problem_find: an id given on the command line, to an entity.
 *
 * Ids are case-sensitive in the input (two ids that differ only in case
 * are refused there, id-case-collision), so an id typed in another case
 * names one entity at most: it is taken, with a note, rather than refused
 * (`--delegation NO` is `no`).  An id that names nothing gets the closest
 * ids and names of the kinds asked for, as the loader's did-you-mean does
 * (values.c): within max(1, length / 3) edits, names folded as time zone
 * names are (upr_name_fold), or holding the word (three letters or more)
 * after those; the closest first, then in input order.
 */
#include "api/api.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "load/values.h"

/* Suggestions named in one message. */
#define MAX_HINTS 3

static const char *const kind_names[] = { "state", "speaker", "delegation" };

/* Entity i of kind k (index 0, 1, 2 of the bits); false past the end. */
static bool entity(const struct upr_problem *p, int k, size_t i, struct upr_found *f)
{
	switch (k) {
	case 0:
		if (i >= p->nstates)
			return false;
		*f = (struct upr_found){ UPR_ENTITY_STATE, (int)i, p->states[i].id,
					 p->states[i].name };
		return true;
	case 1:
		if (i >= p->nspeakers)
			return false;
		*f = (struct upr_found){ UPR_ENTITY_SPEAKER, (int)i, p->speakers[i].id,
					 p->speakers[i].organisation };
		return true;
	default:
		if (i >= p->ndelegations)
			return false;
		*f = (struct upr_found){ UPR_ENTITY_DELEGATION, (int)i, p->delegations[i].id,
					 p->delegations[i].name };
		return true;
	}
}

struct hint {
	size_t d;
	struct upr_found f;
};

/* Keeps hints[0..*n) the MAX_HINTS closest, closest first, earlier first
 * on a tie; one entry per entity. */
static void keep(struct hint *hints, size_t *n, size_t d, const struct upr_found *f)
{
	for (size_t i = 0; i < *n; i++)
		if (hints[i].f.kind == f->kind && hints[i].f.index == f->index) {
			if (d >= hints[i].d)
				return;
			memmove(hints + i, hints + i + 1, (*n - i - 1) * sizeof(*hints));
			(*n)--;
			break;
		}
	size_t at = *n;
	while (at > 0 && hints[at - 1].d > d)
		at--;
	if (at >= MAX_HINTS)
		return;
	if (*n == MAX_HINTS)
		(*n)--;
	memmove(hints + at + 1, hints + at, (*n - at) * sizeof(*hints));
	hints[at] = (struct hint){ d, *f };
	(*n)++;
}

/* "state or speaker" for the kinds asked for. */
static void kinds_text(unsigned kinds, char *out, size_t size)
{
	out[0] = '\0';
	size_t len = 0;
	for (int k = 0; k < 3; k++)
		if (kinds & (1u << k))
			len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s%s",
						len ? " or " : "", kind_names[k]);
}

int upr_problem_find(const struct upr_problem *p, unsigned kinds, const char *id,
		     struct upr_found *out, struct upr_diags *d)
{
	struct upr_found f;
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; (kinds & (1u << k)) && entity(p, k, i, &f); i++)
			if (strcmp(f.id, id) == 0) {
				*out = f;
				return 0;
			}
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; (kinds & (1u << k)) && entity(p, k, i, &f); i++)
			if (strcasecmp(f.id, id) == 0) {
				upr_note(d, NULL, "'%s' is taken as the %s '%s' (%s): ids are case-sensitive",
					 id, kind_names[k], f.id, f.name);
				*out = f;
				return 0;
			}

	char what[64], word[UPR_ID_MAX + 1], name[UPR_ID_MAX + 1];
	kinds_text(kinds, what, sizeof(what));
	struct hint hints[MAX_HINTS];
	size_t nh = 0;
	if (strlen(id) <= UPR_ID_MAX) {
		upr_name_fold(id, word, sizeof(word));
		size_t len = strlen(word), max = len / 3 > 1 ? len / 3 : 1;
		for (int k = 0; k < 3; k++)
			for (size_t i = 0; (kinds & (1u << k)) && entity(p, k, i, &f); i++) {
				const char *text[2] = { f.id, f.name };
				for (int t = 0; t < 2; t++) {
					if (!text[t] || strlen(text[t]) > UPR_ID_MAX)
						continue;
					upr_name_fold(text[t], name, sizeof(name));
					size_t dist = upr_edit_distance(word, name);
					if (dist <= max)
						keep(hints, &nh, dist, &f);
					else if (len >= 3 && strstr(name, word))
						keep(hints, &nh, max + 1, &f);
				}
			}
	}
	if (nh == 0) {
		upr_error(d, NULL, "%s '%s' is not defined in the input", what, id);
		return -1;
	}
	char list[3 * (2 * UPR_ID_MAX + 64)];
	size_t len = 0;
	for (size_t i = 0; i < nh; i++)
		len += (size_t)snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0,
					"%s'%s' (%s)", i == 0 ? "" : i + 1 == nh ? " or " : ", ",
					hints[i].f.id, hints[i].f.name);
	upr_error(d, NULL, "%s '%s' is not defined in the input (did you mean %s?)", what, id,
		  list);
	return -1;
}
