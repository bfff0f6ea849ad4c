/*
 * dpbound.c - the dynamic-programming lower bound alone (src/solve/dp.c),
 * on one input, with a given target and states per start.
 *
 *   dpbound DIR TARGET STATES
 *
 * Loads DIR like `plan`, sets the solver up and runs upr_solve_dp_bound
 * with TARGET as the incumbent (the best known cost) and STATES states
 * per start, and prints the bound, whether it proves TARGET optimal
 * (bound == TARGET), and the seconds it took (load and set-up left out).
 * bench/dpproofs runs it over a best-known table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "solve/solve.h"
#include "upr/diag.h"
#include "upr/upr.h"

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: dpbound DIR TARGET STATES\n");
		return 2;
	}
	const char *paths[1] = { argv[1] };
	struct upr_problem *p = NULL;
	struct upr_diags d;
	upr_diags_init(&d);
	if (upr_load(paths, 1, &p, &d) != 0) {
		upr_diags_print(&d, stderr, 0);
		upr_diags_release(&d);
		return 2;
	}
	upr_diags_release(&d);
	int64_t target = strtoll(argv[2], NULL, 10);
	long states = strtol(argv[3], NULL, 10);
	double t0 = seconds();
	int64_t bound = 0;
	int rc = upr_solve_dp_bound(p, target, states, &bound);
	double t1 = seconds();
	upr_problem_free(p);
	if (rc < 0) {
		fprintf(stderr, "dpbound: out of memory\n");
		return 1;
	}
	printf("bound %lld %s %.2f s\n", (long long)bound,
	       rc == 1 && bound >= target ? "proven" : "open", t1 - t0);
	return 0;
}
