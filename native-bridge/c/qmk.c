/*
 * Library identity, status strings, the choice of kernel code path, and the public kernel
 * entry points: each checks its arguments completely before the chosen path computes.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "qmk_internal.h"

#define QMK_LIBRARY "lightvibes-sim 0.2"

uint32_t qmk_abi_version(void) { return QMK_ABI_VERSION; }

const char *qmk_strerror(int status) {
    switch (status) {
    case QMK_OK:
        return "QMK_OK: success";
    case QMK_ERR_NULL_POINTER:
        return "QMK_ERR_NULL_POINTER: a required pointer argument is NULL";
    case QMK_ERR_INVALID_ARGUMENT:
        return "QMK_ERR_INVALID_ARGUMENT: a length, range or index is outside its domain";
    case QMK_ERR_BUFFER_TOO_SMALL:
        return "QMK_ERR_BUFFER_TOO_SMALL: an output buffer is smaller than the call must write";
    case QMK_ERR_CONFIG:
        return "QMK_ERR_CONFIG: the driver configuration is malformed or out of range";
    case QMK_ERR_NO_MEMORY:
        return "QMK_ERR_NO_MEMORY: the library could not allocate its working memory";
    case QMK_ERR_STATE:
        return "QMK_ERR_STATE: driver call out of order";
    case QMK_ERR_DEVICE:
        return "QMK_ERR_DEVICE: the photonics hardware failed";
    case QMK_ERR_UNSUPPORTED:
        return "QMK_ERR_UNSUPPORTED: the library does not implement this function";
    default:
        return "unknown qmk status code";
    }
}

/* ---------------------------------------------------------------------------------------------
 * Dispatch
 * ------------------------------------------------------------------------------------------- */

int qmk_kernels_runnable(const qmk_kernel_table *table) {
    if (table == &qmk_kernels_portable) {
        return 1;
    }
#if defined(__x86_64__)
    __builtin_cpu_init();
    /* Every extension the table's translation unit was compiled with (see the Makefile). */
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
               __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt") &&
               __builtin_cpu_supports("pclmul");
    /* PEXT is microcoded (hundreds of cycles) before Zen 3: there the portable path is faster. */
    int slow_pext = __builtin_cpu_is("znver1") || __builtin_cpu_is("znver2");
    if (table == &qmk_kernels_avx2) {
        return avx2 && !slow_pext;
    }
    if (table == &qmk_kernels_avx512) {
        return avx2 && !slow_pext && __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vpopcntdq") &&
               __builtin_cpu_supports("vpclmulqdq");
    }
#endif
    return 0;
}

static const qmk_kernel_table *choose_kernels(void) {
    const qmk_kernel_table *order[3];
    size_t count = 0;
#if defined(__x86_64__)
    order[count++] = &qmk_kernels_avx512;
    order[count++] = &qmk_kernels_avx2;
#endif
    order[count++] = &qmk_kernels_portable;
    const char *forced = getenv("QMK_KERNELS");
    size_t start = 0;
    if (forced != NULL) {
        for (size_t i = 0; i < count; i++) {
            if (strcmp(forced, order[i]->name) == 0) {
                start = i; /* never better than the CPU allows: continue down from here */
            }
        }
    }
    for (size_t i = start; i < count; i++) {
        if (qmk_kernels_runnable(order[i])) {
            return order[i];
        }
    }
    return &qmk_kernels_portable;
}

static _Atomic(const qmk_kernel_table *) active_kernels;

const qmk_kernel_table *qmk_kernels_active(void) {
    const qmk_kernel_table *table = atomic_load_explicit(&active_kernels, memory_order_acquire);
    if (table == NULL) {
        /* Racing first callers compute the same answer; one store wins, all are equal. */
        table = choose_kernels();
        atomic_store_explicit(&active_kernels, table, memory_order_release);
    }
    return table;
}

static atomic_int toeplitz_mode = -1;

int qmk_toeplitz_forced(void) {
    int mode = atomic_load_explicit(&toeplitz_mode, memory_order_relaxed);
    if (mode < 0) {
        const char *value = getenv("QMK_TOEPLITZ");
        mode = value == NULL                    ? QMK_TOEPLITZ_AUTO
               : strcmp(value, "fft") == 0       ? QMK_TOEPLITZ_FFT
               : strcmp(value, "karatsuba") == 0 ? QMK_TOEPLITZ_KARATSUBA
                                                 : QMK_TOEPLITZ_AUTO;
        atomic_store_explicit(&toeplitz_mode, mode, memory_order_relaxed);
    }
    return mode;
}

const char *qmk_implementation(void) {
    const char *name = qmk_kernels_active()->name;
    if (strcmp(name, "avx512") == 0) {
        return QMK_LIBRARY " (kernels: avx512, vpclmulqdq, simulated photonics)";
    }
    if (strcmp(name, "avx2") == 0) {
        return QMK_LIBRARY " (kernels: avx2, pclmulqdq, bmi2, simulated photonics)";
    }
    return QMK_LIBRARY " (kernels: portable, simulated photonics)";
}

/* ---------------------------------------------------------------------------------------------
 * Public kernels
 * ------------------------------------------------------------------------------------------- */

static uint64_t popcount_slow(uint64_t x) {
    uint64_t n = 0;
    for (; x != 0; x &= x - 1) {
        n++;
    }
    return n;
}

int qmk_compress(const uint64_t *source, const uint64_t *keep, uint64_t bits, uint64_t *target,
                 uint64_t target_words, uint64_t *selected) {
    if (selected == NULL || (bits > 0 && (source == NULL || keep == NULL || target == NULL))) {
        return QMK_ERR_NULL_POINTER;
    }
    if (bits == 0) {
        *selected = 0;
        return QMK_OK;
    }
    uint64_t words = qmk_words(bits);
    if (target_words < words) {
        /* Only a target shorter than the input needs the count before writing anything. */
        uint64_t count = 0;
        for (uint64_t w = 0; w < words; w++) {
            count += popcount_slow(keep[w] & qmk_tail_mask(w, bits));
        }
        if (target_words < qmk_words(count)) {
            return QMK_ERR_BUFFER_TOO_SMALL;
        }
    }
    *selected = qmk_kernels_active()->compress(source, keep, bits, target, target_words);
    return QMK_OK;
}

int qmk_count_errors(const uint64_t *a, const uint64_t *b, const uint64_t *sample, uint64_t bits,
                     uint64_t *errors) {
    if (errors == NULL || (bits > 0 && (a == NULL || b == NULL))) {
        return QMK_ERR_NULL_POINTER;
    }
    *errors = bits == 0 ? 0 : qmk_kernels_active()->count_errors(a, b, sample, bits);
    return QMK_OK;
}

int qmk_toeplitz_hash(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                      uint64_t *out, uint64_t out_words) {
    if (key == NULL || seed == NULL || out == NULL) {
        return QMK_ERR_NULL_POINTER;
    }
    if (n == 0 || m == 0 || m > n || n > (UINT64_C(1) << 61)) {
        return QMK_ERR_INVALID_ARGUMENT;
    }
    if (out_words < qmk_words(m)) {
        return QMK_ERR_BUFFER_TOO_SMALL;
    }
    return qmk_kernels_active()->toeplitz_hash(key, n, seed, m, out);
}

/* Whether every entry of permutation[from, to) lies in [0, limit). Branch-free so it
 * vectorises: one sequential pass, far cheaper than the gather it guards. */
static int permutation_in_range(const int32_t *permutation, uint64_t from, uint64_t to,
                                uint64_t limit) {
    if (from == to) {
        return 1;
    }
    int32_t any_negative = 0;
    int32_t largest = 0;
    for (uint64_t t = from; t < to; t++) {
        int32_t q = permutation[t];
        any_negative |= q;
        largest = q > largest ? q : largest;
    }
    return any_negative >= 0 && (uint64_t)largest < limit;
}

int qmk_block_parities(const uint64_t *key, uint64_t bits, const int32_t *permutation,
                       uint32_t block_size, uint64_t *out, uint64_t out_words) {
    if (bits > 0 && (key == NULL || out == NULL)) {
        return QMK_ERR_NULL_POINTER;
    }
    if (block_size == 0) {
        return QMK_ERR_INVALID_ARGUMENT;
    }
    uint64_t blocks = bits == 0 ? 0 : (bits - 1) / block_size + 1;
    if (out_words < qmk_words(blocks)) {
        return QMK_ERR_BUFFER_TOO_SMALL;
    }
    if (permutation != NULL && !permutation_in_range(permutation, 0, bits, bits)) {
        return QMK_ERR_INVALID_ARGUMENT;
    }
    if (bits > 0) {
        qmk_kernels_active()->block_parities(key, bits, permutation, block_size, out);
    }
    return QMK_OK;
}

int qmk_range_parity(const uint64_t *key, uint64_t key_bits, const int32_t *permutation,
                     uint64_t permutation_length, uint64_t from, uint64_t to, int32_t *parity) {
    if (parity == NULL || (to > from && key == NULL)) {
        return QMK_ERR_NULL_POINTER;
    }
    if (from > to) {
        return QMK_ERR_INVALID_ARGUMENT;
    }
    if (permutation == NULL) {
        if (to > key_bits) {
            return QMK_ERR_INVALID_ARGUMENT;
        }
    } else if (to > permutation_length ||
               !permutation_in_range(permutation, from, to, key_bits)) {
        return QMK_ERR_INVALID_ARGUMENT;
    }
    *parity = qmk_kernels_active()->range_parity(key, permutation, from, to);
    return QMK_OK;
}
