/*
 * The ABI as a caller sees it: version and strings, QMK_KERNELS forcing the portable path, and
 * every bad argument answered by its status code with the caller's buffers untouched.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "qmk_internal.h"

#define FILL UINT64_C(0x0123456789abcdef)

static int untouched(const uint64_t *words, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (words[i] != FILL) {
            return 0;
        }
    }
    return 1;
}

static void fill(uint64_t *words, size_t count) {
    for (size_t i = 0; i < count; i++) {
        words[i] = FILL;
    }
}

static void test_identity(void) {
    CHECK(qmk_abi_version() == QMK_ABI_VERSION, "abi version %u", qmk_abi_version());
    CHECK(strstr(qmk_implementation(), "portable") != NULL, "QMK_KERNELS=portable is honoured: %s",
          qmk_implementation());
    CHECK(strcmp(qmk_kernels_active()->name, "portable") == 0, "active %s",
          qmk_kernels_active()->name);
    static const int codes[] = {QMK_OK,           QMK_ERR_NULL_POINTER, QMK_ERR_INVALID_ARGUMENT,
                                QMK_ERR_BUFFER_TOO_SMALL, QMK_ERR_CONFIG, QMK_ERR_NO_MEMORY,
                                QMK_ERR_STATE,    QMK_ERR_DEVICE,       QMK_ERR_UNSUPPORTED};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *text = qmk_strerror(codes[i]);
        CHECK(text != NULL && strncmp(text, "QMK_", 4) == 0, "strerror(%d) = %s", codes[i], text);
    }
    CHECK(strcmp(qmk_strerror(12345), "unknown qmk status code") == 0, "unknown code");
    CHECK(qmk_words(0) == 0 && qmk_words(1) == 1 && qmk_words(64) == 1 && qmk_words(65) == 2,
          "qmk_words");
}

static void test_compress_arguments(void) {
    uint64_t source[2] = {~UINT64_C(0), ~UINT64_C(0)}, keep[2] = {~UINT64_C(0), 1};
    uint64_t target[4];
    uint64_t selected = 7;
    fill(target, 4);
    CHECK(qmk_compress(NULL, keep, 65, target, 4, &selected) == QMK_ERR_NULL_POINTER, "source");
    CHECK(qmk_compress(source, NULL, 65, target, 4, &selected) == QMK_ERR_NULL_POINTER, "keep");
    CHECK(qmk_compress(source, keep, 65, NULL, 4, &selected) == QMK_ERR_NULL_POINTER, "target");
    CHECK(qmk_compress(source, keep, 65, target, 4, NULL) == QMK_ERR_NULL_POINTER, "selected");
    /* 65 selected bits need two words. */
    CHECK(qmk_compress(source, keep, 65, target, 1, &selected) == QMK_ERR_BUFFER_TOO_SMALL,
          "short target");
    CHECK(untouched(target, 4) && selected == 7, "nothing written on error");
    /* A short target that is still enough for the selected bits is fine. */
    keep[0] = 0xff;
    CHECK(qmk_compress(source, keep, 65, target, 1, &selected) == QMK_OK && selected == 9,
          "short but sufficient target");
    CHECK(target[0] == 0x1ff && target[1] == FILL, "one word written, the next untouched");
}

static void test_count_arguments(void) {
    uint64_t a[1] = {1}, errors = 3;
    CHECK(qmk_count_errors(NULL, a, NULL, 1, &errors) == QMK_ERR_NULL_POINTER, "a");
    CHECK(qmk_count_errors(a, NULL, NULL, 1, &errors) == QMK_ERR_NULL_POINTER, "b");
    CHECK(qmk_count_errors(a, a, NULL, 1, NULL) == QMK_ERR_NULL_POINTER, "errors");
    CHECK(errors == 3, "nothing written on error");
}

static void test_toeplitz_arguments(void) {
    uint64_t key[2] = {5, 0}, seed[3] = {7, 7, 7}, out[2];
    fill(out, 2);
    CHECK(qmk_toeplitz_hash(NULL, 10, seed, 5, out, 1) == QMK_ERR_NULL_POINTER, "key");
    CHECK(qmk_toeplitz_hash(key, 10, NULL, 5, out, 1) == QMK_ERR_NULL_POINTER, "seed");
    CHECK(qmk_toeplitz_hash(key, 10, seed, 5, NULL, 1) == QMK_ERR_NULL_POINTER, "out");
    CHECK(qmk_toeplitz_hash(key, 0, seed, 0, out, 1) == QMK_ERR_INVALID_ARGUMENT, "n = 0");
    CHECK(qmk_toeplitz_hash(key, 10, seed, 0, out, 1) == QMK_ERR_INVALID_ARGUMENT, "m = 0");
    CHECK(qmk_toeplitz_hash(key, 10, seed, 11, out, 1) == QMK_ERR_INVALID_ARGUMENT, "m > n");
    CHECK(qmk_toeplitz_hash(key, 100, seed, 65, out, 1) == QMK_ERR_BUFFER_TOO_SMALL,
          "65 output bits need two words");
    CHECK(qmk_toeplitz_hash(key, (UINT64_C(1) << 61) + 1, seed, 5, out, 1) ==
              QMK_ERR_INVALID_ARGUMENT,
          "n beyond 2^61");
    CHECK(untouched(out, 2), "nothing written on error");
    /* The unit key e_0 picks the seed's diagonal: out[i] = seed[i + n - 1]. */
    uint64_t unit[1] = {1}, diagonal[1] = {UINT64_C(0x56)}, result[1];
    CHECK(qmk_toeplitz_hash(unit, 5, diagonal, 3, result, 1) == QMK_OK, "unit key");
    CHECK(result[0] == ((UINT64_C(0x56) >> 4) & 7), "unit key gives the diagonal");
}

static void test_parity_arguments(void) {
    uint64_t key[2] = {0x0f, 0}, out[2];
    int32_t perm[4] = {0, 1, 2, 3}, bad[4] = {0, 1, 2, 4}, negative[4] = {0, -1, 2, 3};
    int32_t parity = 9;
    fill(out, 2);
    CHECK(qmk_block_parities(NULL, 4, NULL, 2, out, 1) == QMK_ERR_NULL_POINTER, "key");
    CHECK(qmk_block_parities(key, 4, NULL, 2, NULL, 1) == QMK_ERR_NULL_POINTER, "out");
    CHECK(qmk_block_parities(key, 4, NULL, 0, out, 1) == QMK_ERR_INVALID_ARGUMENT, "size 0");
    CHECK(qmk_block_parities(key, 100, NULL, 1, out, 1) == QMK_ERR_BUFFER_TOO_SMALL,
          "100 blocks need two words");
    CHECK(qmk_block_parities(key, 4, bad, 2, out, 1) == QMK_ERR_INVALID_ARGUMENT,
          "entry beyond bits");
    CHECK(qmk_block_parities(key, 4, negative, 2, out, 1) == QMK_ERR_INVALID_ARGUMENT,
          "negative entry");
    CHECK(untouched(out, 2), "nothing written on error");
    CHECK(qmk_block_parities(key, 4, perm, 3, out, 1) == QMK_OK && out[0] == 0x3,
          "blocks {1,1,1} and {1}");
    CHECK(qmk_block_parities(key, 0, perm, 3, out, 0) == QMK_OK, "an empty key with a permutation");

    CHECK(qmk_range_parity(key, 128, NULL, 0, 0, 3, NULL) == QMK_ERR_NULL_POINTER, "parity");
    CHECK(qmk_range_parity(NULL, 128, NULL, 0, 0, 3, &parity) == QMK_ERR_NULL_POINTER, "key");
    CHECK(qmk_range_parity(key, 128, NULL, 0, 3, 2, &parity) == QMK_ERR_INVALID_ARGUMENT,
          "from > to");
    CHECK(qmk_range_parity(key, 128, NULL, 0, 0, 129, &parity) == QMK_ERR_INVALID_ARGUMENT,
          "beyond the key");
    CHECK(qmk_range_parity(key, 128, perm, 4, 0, 5, &parity) == QMK_ERR_INVALID_ARGUMENT,
          "beyond the permutation");
    CHECK(qmk_range_parity(key, 3, perm, 4, 0, 4, &parity) == QMK_ERR_INVALID_ARGUMENT,
          "an entry beyond the key");
    CHECK(parity == 9, "nothing written on error");
    CHECK(qmk_range_parity(key, 128, perm, 4, 1, 4, &parity) == QMK_OK && parity == 1,
          "three ones");
    CHECK(qmk_range_parity(NULL, 0, NULL, 0, 0, 0, &parity) == QMK_OK && parity == 0,
          "an empty range has parity 0");
    parity = 9;
    CHECK(qmk_range_parity(key, 128, perm, 4, 2, 2, &parity) == QMK_OK && parity == 0,
          "an empty permuted range has parity 0");
}

int main(void) {
    /* Before the first kernel call: the dispatch reads it once. */
    setenv("QMK_KERNELS", "portable", 1);
    test_identity();
    test_compress_arguments();
    test_count_arguments();
    test_toeplitz_arguments();
    test_parity_arguments();
    return check_report("test_abi");
}
