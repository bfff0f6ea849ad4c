/*
 * model.c - lookups on a loaded problem, names of enums, and its release.
 */
#include "model/model.h"

const char *const upr_weight_names[UPR_W_COUNT] = {
	"waitlist", "waitlist-priority", "clash", "review-order", "prefer",
	"balance", "short", "order", "moved",
};

const int64_t upr_weight_defaults[UPR_W_COUNT] = {
	1000, 1, 100, 10, 5, 2, 1, 1, 50,
};

const char *const upr_kind_names[3] = { "cso", "nhri", "coalition" };

int upr_problem_room_index(const struct upr_problem *p, const char *id)
{
	return upr_strmap_get(&p->room_ids, id);
}

int upr_problem_state_index(const struct upr_problem *p, const char *id)
{
	return upr_strmap_get(&p->state_ids, id);
}

int upr_problem_speaker_index(const struct upr_problem *p, const char *id)
{
	return upr_strmap_get(&p->speaker_ids, id);
}

int upr_problem_delegation_index(const struct upr_problem *p, const char *id)
{
	return upr_strmap_get(&p->delegation_ids, id);
}

bool upr_room_has_language(const struct upr_room *r, upr_lang lang)
{
	for (size_t i = 0; i < r->nlanguages; i++)
		if (r->languages[i] == lang)
			return true;
	return false;
}

void upr_lang_format(upr_lang l, char out[3])
{
	out[0] = (char)('a' + l / 26);
	out[1] = (char)('a' + l % 26);
	out[2] = '\0';
}

void upr_problem_free(struct upr_problem *p)
{
	if (!p)
		return;
	upr_strmap_release(&p->room_ids);
	upr_strmap_release(&p->state_ids);
	upr_strmap_release(&p->speaker_ids);
	upr_strmap_release(&p->delegation_ids);
	upr_arena_release(&p->arena);
	upr_free(p);
}

void upr_problem_counts(const struct upr_problem *p, struct upr_counts *c)
{
	c->states = p->nstates;
	c->speakers = p->nspeakers;
	c->rooms = p->nrooms;
	c->delegations = p->ndelegations;
	c->statements = 0;
	for (size_t i = 0; i < p->nspeakers; i++)
		c->statements += p->speakers[i].nstates;
}
