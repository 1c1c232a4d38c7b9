#include "CGLPKGuard.h"
#include <setjmp.h>
#include <stddef.h>

static void cglpk_jump_back(void *info) {
    jmp_buf *target = (jmp_buf *)info;
    longjmp(*target, 1);
}

#define CGLPK_GUARDED(call)                                   \
    jmp_buf target;                                           \
    if (setjmp(target) != 0) {                                \
        glp_error_hook(NULL, NULL);                           \
        glp_free_env();                                       \
        return 1;                                             \
    }                                                         \
    glp_error_hook(cglpk_jump_back, &target);                 \
    *result = (call);                                         \
    glp_error_hook(NULL, NULL);                               \
    return 0;

int cglpk_guarded_intopt(glp_prob *problem, const glp_iocp *parameters, int *result) {
    CGLPK_GUARDED(glp_intopt(problem, parameters))
}

int cglpk_guarded_simplex(glp_prob *problem, const glp_smcp *parameters, int *result) {
    CGLPK_GUARDED(glp_simplex(problem, parameters))
}

int cglpk_guarded_read_lp(glp_prob *problem, const char *path, int *result) {
    CGLPK_GUARDED(glp_read_lp(problem, NULL, path))
}

static int cglpk_discard(void *context, const char *text) {
    (void)context;
    (void)text;
    return 1; /* non-zero: GLPK prints nothing itself */
}

void cglpk_route_terminal_output(int (*sink)(void *context, const char *text), void *context) {
    if (sink == NULL) {
        glp_term_hook(cglpk_discard, NULL);
    } else {
        glp_term_hook(sink, context);
    }
}
