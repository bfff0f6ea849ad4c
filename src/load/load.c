/* load.c - placeholder until the YAML loader lands. */
#include "model/model.h"

int upr_load(const char *const *paths, size_t npaths,
	     struct upr_problem **out, struct upr_diags *diags)
{
	(void)paths;
	(void)npaths;
	*out = NULL;
	upr_error(diags, NULL, "loader not built yet");
	return -1;
}

int upr_load_buffers(const char *const *names, const char *const *bufs,
		     const size_t *lens, size_t n,
		     struct upr_problem **out, struct upr_diags *diags)
{
	(void)names; (void)bufs; (void)lens; (void)n;
	*out = NULL;
	upr_error(diags, NULL, "loader not built yet");
	return -1;
}
