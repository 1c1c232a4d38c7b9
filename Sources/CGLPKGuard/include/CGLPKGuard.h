#ifndef CGLPK_GUARD_H
#define CGLPK_GUARD_H

#include <glpk.h>

/*
 * GLPK reports misuse and internal failures through glp_error, which aborts the
 * process; an error hook that returns does not prevent that. These wrappers are the
 * last line of defence (the Swift side validates every input first): each installs an
 * error hook that longjmps back here, and on such an error frees the thread's GLPK
 * environment (as GLPK's manual requires, which also frees every problem object the
 * thread owns) and returns 1. On success they return 0 and store GLPK's return code.
 */

/* glp_intopt under the guard. */
int cglpk_guarded_intopt(glp_prob *problem, const glp_iocp *parameters, int *result);

/* glp_simplex under the guard. */
int cglpk_guarded_simplex(glp_prob *problem, const glp_smcp *parameters, int *result);

/* glp_read_lp (CPLEX LP format, default parameters) into an empty problem, under the guard. */
int cglpk_guarded_read_lp(glp_prob *problem, const char *path, int *result);

/* Routes GLPK's terminal output of the calling thread through `sink(context, text)`,
 * or discards it when sink is NULL. GLPK keeps this setting per thread. */
void cglpk_route_terminal_output(int (*sink)(void *context, const char *text), void *context);

#endif
