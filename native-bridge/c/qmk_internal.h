/*
 * Internal declarations of the shipped library: the kernel code paths and their dispatch.
 * Not part of the ABI; the C tests include it to drive each code path directly.
 */
#ifndef QMK_INTERNAL_H
#define QMK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "qmk.h"

/*
 * One code path of the kernels. Arguments have been validated by the public wrappers in qmk.c
 * (non-NULL, consistent lengths, enough capacity, permutation entries in range), so these
 * functions only compute. Semantics are those of the matching qmk_* function.
 */
typedef struct qmk_kernel_table {
    const char *name; /* "portable", "avx2" or "avx512" */
    uint64_t (*compress)(const uint64_t *source, const uint64_t *keep, uint64_t bits,
                         uint64_t *target, uint64_t target_words);
    uint64_t (*count_errors)(const uint64_t *a, const uint64_t *b, const uint64_t *sample,
                             uint64_t bits);
    /* Returns QMK_OK or QMK_ERR_NO_MEMORY. */
    int (*toeplitz_hash)(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                         uint64_t *out);
    /* The two algorithms toeplitz_hash chooses between by size, for the tests; toeplitz_fft is
     * NULL where there is no carry-less multiplication. */
    int (*toeplitz_karatsuba)(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                              uint64_t *out);
    int (*toeplitz_fft)(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                        uint64_t *out);
    void (*block_parities)(const uint64_t *key, uint64_t bits, const int32_t *permutation,
                           uint32_t block_size, uint64_t *out);
    int32_t (*range_parity)(const uint64_t *key, const int32_t *permutation, uint64_t from,
                            uint64_t to);
} qmk_kernel_table;

/* The code paths compiled into this library (kernels_impl.c, once per instruction set). */
extern const qmk_kernel_table qmk_kernels_portable;
#if defined(__x86_64__)
extern const qmk_kernel_table qmk_kernels_avx2;
extern const qmk_kernel_table qmk_kernels_avx512;
#endif

/* Whether this CPU (and OS) can run the table; portable is always runnable. */
int qmk_kernels_runnable(const qmk_kernel_table *table);

/* The table every public kernel uses: the best runnable path, or the one QMK_KERNELS names if
 * that is runnable and not better. Chosen once, on first use; thread-safe. */
const qmk_kernel_table *qmk_kernels_active(void);

/* QMK_TOEPLITZ=auto|karatsuba|fft, read once: which Toeplitz algorithm the paths with both
 * use (auto: the one their cost model says is faster for the size). For tests. */
#define QMK_TOEPLITZ_AUTO 0
#define QMK_TOEPLITZ_KARATSUBA 1
#define QMK_TOEPLITZ_FFT 2
int qmk_toeplitz_forced(void);

/* A 64-bit mask of the bits of word `word` that lie below `bits`. */
static inline uint64_t qmk_tail_mask(uint64_t word, uint64_t bits) {
    uint64_t start = word << 6;
    uint64_t rest = bits - start;
    return rest >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << rest) - 1;
}

#endif /* QMK_INTERNAL_H */
