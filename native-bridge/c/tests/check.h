/* A minimal test harness: CHECK records a failure with its location and goes on; each test
 * program ends with check_report(), whose exit status is the verdict. */
#ifndef QMK_TEST_CHECK_H
#define QMK_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_failures;
static int check_count;

#define CHECK(condition, ...)                                                                  \
    do {                                                                                       \
        check_count++;                                                                         \
        if (!(condition)) {                                                                    \
            check_failures++;                                                                  \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #condition);      \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            if (check_failures > 20) {                                                         \
                fprintf(stderr, "too many failures\n");                                        \
                exit(1);                                                                       \
            }                                                                                  \
        }                                                                                      \
    } while (0)

static inline int check_report(const char *name) {
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures == 0 ? 0 : 1;
}

#endif
