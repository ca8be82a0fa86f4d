/*
 * Every kernel code path this CPU can run, against naive bit-by-bit references, on random and
 * awkward sizes (0, 1, 63, 64, 65, ..., big), with garbage in the input tails and canaries
 * after the outputs. Inputs are allocated to their exact size so AddressSanitizer catches any
 * read past them.
 */
#include <string.h>

#include "check.h"
#include "qmk_internal.h"

static uint64_t random_state = UINT64_C(0x5eed5eed5eed5eed);

static uint64_t next_random(void) {
    uint64_t z = (random_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

#define CANARY UINT64_C(0xdeadbeefcafef00d)
#define CANARIES 3

static int get_bit(const uint64_t *words, uint64_t i) { return (int)((words[i >> 6] >> (i & 63)) & 1); }

static void set_bit(uint64_t *words, uint64_t i, int value) {
    uint64_t mask = UINT64_C(1) << (i & 63);
    words[i >> 6] = value ? words[i >> 6] | mask : words[i >> 6] & ~mask;
}

/* A bit string of `bits` bits, exactly qmk_words(bits) words (at least one, for malloc), every
 * bit random -- including the tail past `bits`, which kernels must ignore. density_16 is the
 * chance of a 1 in sixteenths (16 = all ones, 0 = all zeros, 8 = fair). */
static uint64_t *random_bits(uint64_t bits, unsigned density_16) {
    size_t words = (size_t)qmk_words(bits);
    uint64_t *out = malloc((words ? words : 1) * sizeof(uint64_t));
    for (size_t w = 0; w < words; w++) {
        uint64_t word = 0;
        if (density_16 == 8) {
            word = next_random();
        } else {
            for (int b = 0; b < 64; b++) {
                word |= (uint64_t)((next_random() & 15) < density_16) << b;
            }
        }
        out[w] = word;
    }
    if (words > 0 && (bits & 63) != 0) {
        out[words - 1] |= next_random() & ~qmk_tail_mask(words - 1, bits); /* garbage tail */
    }
    return out;
}

/* An output buffer of `words` words filled with a pattern, then CANARIES canary words. */
static uint64_t *output_words(size_t words) {
    uint64_t *out = malloc((words + CANARIES) * sizeof(uint64_t));
    for (size_t w = 0; w < words; w++) {
        out[w] = next_random();
    }
    for (size_t c = 0; c < CANARIES; c++) {
        out[words + c] = CANARY;
    }
    return out;
}

static int canaries_intact(const uint64_t *out, size_t words) {
    for (size_t c = 0; c < CANARIES; c++) {
        if (out[words + c] != CANARY) {
            return 0;
        }
    }
    return 1;
}

static const uint64_t SIZES[] = {0,   1,    2,    3,    31,   32,     33,          63, 64, 65,
                                 127, 128,  129,  191,  192,  193,    1000,        4095,
                                 4096, 4097, 9999, 65536, 100003, (1u << 20) + 5};
#define SIZE_COUNT (sizeof SIZES / sizeof SIZES[0])

/* ------------------------------------------------------------------------------------------ */

static void test_compress(const qmk_kernel_table *k) {
    static const unsigned densities[] = {8, 16, 0, 1, 15};
    for (size_t s = 0; s < SIZE_COUNT; s++) {
        for (size_t d = 0; d < sizeof densities / sizeof densities[0]; d++) {
            uint64_t bits = SIZES[s];
            uint64_t *source = random_bits(bits, 8);
            uint64_t *keep = random_bits(bits, densities[d]);
            uint64_t expected_count = 0;
            size_t words = (size_t)qmk_words(bits);
            uint64_t *expected = calloc(words + 1, sizeof(uint64_t));
            for (uint64_t i = 0; i < bits; i++) {
                if (get_bit(keep, i)) {
                    set_bit(expected, expected_count++, get_bit(source, i));
                }
            }
            size_t used = (size_t)qmk_words(expected_count);
            /* A target as long as the input: words past the selected bits stay untouched. */
            uint64_t *target = output_words(words);
            uint64_t *pattern = malloc((words + 1) * sizeof(uint64_t));
            memcpy(pattern, target, words * sizeof(uint64_t));
            uint64_t got = k->compress(source, keep, bits, target, words);
            CHECK(got == expected_count, "%s compress bits=%llu density=%u: count %llu != %llu",
                  k->name, (unsigned long long)bits, densities[d], (unsigned long long)got,
                  (unsigned long long)expected_count);
            CHECK(memcmp(target, expected, used * sizeof(uint64_t)) == 0,
                  "%s compress bits=%llu density=%u: bits differ", k->name,
                  (unsigned long long)bits, densities[d]);
            CHECK(memcmp(target + used, pattern + used, (words - used) * sizeof(uint64_t)) == 0 &&
                      canaries_intact(target, words),
                  "%s compress bits=%llu density=%u wrote past the selected words", k->name,
                  (unsigned long long)bits, densities[d]);
            free(pattern);
            free(source);
            free(keep);
            free(expected);
            free(target);
        }
    }
}

static void test_count_errors(const qmk_kernel_table *k) {
    for (size_t s = 0; s < SIZE_COUNT; s++) {
        uint64_t bits = SIZES[s];
        if (bits == 0) {
            continue; /* the tables are only called with bits > 0; the wrapper answers 0 */
        }
        uint64_t *a = random_bits(bits, 8);
        uint64_t *b = random_bits(bits, 8);
        uint64_t *sample = random_bits(bits, 3);
        uint64_t all = 0, sampled = 0;
        for (uint64_t i = 0; i < bits; i++) {
            int differ = get_bit(a, i) != get_bit(b, i);
            all += (uint64_t)differ;
            sampled += (uint64_t)(differ && get_bit(sample, i));
        }
        uint64_t got_all = k->count_errors(a, b, NULL, bits);
        uint64_t got_sampled = k->count_errors(a, b, sample, bits);
        CHECK(got_all == all, "%s count_errors bits=%llu: %llu != %llu", k->name,
              (unsigned long long)bits, (unsigned long long)got_all, (unsigned long long)all);
        CHECK(got_sampled == sampled, "%s count_errors sampled bits=%llu: %llu != %llu", k->name,
              (unsigned long long)bits, (unsigned long long)got_sampled,
              (unsigned long long)sampled);
        free(a);
        free(b);
        free(sample);
    }
}

/* ------------------------------------------------------------------------------------------ */

/* out[i] = XOR_j seed[i - j + n - 1] & key[j], bit by bit. */
static void naive_toeplitz(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                           uint64_t *out) {
    memset(out, 0, (size_t)qmk_words(m) * sizeof(uint64_t));
    for (uint64_t i = 0; i < m; i++) {
        int bit = 0;
        for (uint64_t j = 0; j < n; j++) {
            bit ^= get_bit(key, j) & get_bit(seed, i - j + n - 1);
        }
        set_bit(out, i, bit);
    }
}

/* The same product a different way, fast enough for large sizes: every set key bit j XORs the
 * m-bit seed window starting at n - 1 - j into the output (O(n m / 64)). */
static void window_toeplitz(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                            uint64_t *out) {
    size_t out_words = (size_t)qmk_words(m);
    size_t seed_words = (size_t)qmk_words(n + m - 1);
    memset(out, 0, out_words * sizeof(uint64_t));
    for (uint64_t j = 0; j < n; j++) {
        if (!get_bit(key, j)) {
            continue;
        }
        uint64_t offset = n - 1 - j;
        size_t first = (size_t)(offset >> 6);
        unsigned shift = (unsigned)(offset & 63);
        for (size_t w = 0; w < out_words; w++) {
            size_t at = first + w;
            uint64_t low = at < seed_words ? seed[at] >> shift : 0;
            uint64_t high = shift != 0 && at + 1 < seed_words ? seed[at + 1] << (64 - shift) : 0;
            out[w] ^= low | high;
        }
    }
    out[out_words - 1] &= qmk_tail_mask(out_words - 1, m);
}

typedef int (*toeplitz_fn)(const uint64_t *, uint64_t, const uint64_t *, uint64_t, uint64_t *);

static void check_toeplitz_with(const qmk_kernel_table *k, const char *algorithm, toeplitz_fn hash,
                                uint64_t n, uint64_t m, int naive) {
    uint64_t *key = random_bits(n, 8);
    uint64_t *seed = random_bits(n + m - 1, 8);
    size_t words = (size_t)qmk_words(m);
    /* The references read tails too: give them clean copies. */
    uint64_t *clean_key = calloc(qmk_words(n), sizeof(uint64_t));
    uint64_t *clean_seed = calloc(qmk_words(n + m - 1), sizeof(uint64_t));
    for (uint64_t i = 0; i < n; i++) {
        set_bit(clean_key, i, get_bit(key, i));
    }
    for (uint64_t i = 0; i < n + m - 1; i++) {
        set_bit(clean_seed, i, get_bit(seed, i));
    }
    uint64_t *expected = calloc(words, sizeof(uint64_t));
    if (naive) {
        naive_toeplitz(clean_key, n, clean_seed, m, expected);
    } else {
        window_toeplitz(clean_key, n, clean_seed, m, expected);
    }
    uint64_t *out = output_words(words);
    int status = hash(key, n, seed, m, out);
    CHECK(status == QMK_OK, "%s %s toeplitz n=%llu m=%llu: status %d", k->name, algorithm,
          (unsigned long long)n, (unsigned long long)m, status);
    CHECK(memcmp(out, expected, words * sizeof(uint64_t)) == 0,
          "%s %s toeplitz n=%llu m=%llu: output differs from the %s reference", k->name, algorithm,
          (unsigned long long)n, (unsigned long long)m, naive ? "naive" : "window");
    CHECK(canaries_intact(out, words), "%s %s toeplitz n=%llu m=%llu wrote past its words",
          k->name, algorithm, (unsigned long long)n, (unsigned long long)m);
    free(key);
    free(seed);
    free(clean_key);
    free(clean_seed);
    free(expected);
    free(out);
}

/* Both algorithms of the path (Karatsuba, and the FFT where there is one) and its size-based
 * choice between them. */
static void check_toeplitz(const qmk_kernel_table *k, uint64_t n, uint64_t m, int naive) {
    check_toeplitz_with(k, "chosen", k->toeplitz_hash, n, m, naive);
    check_toeplitz_with(k, "karatsuba", k->toeplitz_karatsuba, n, m, naive);
    if (k->toeplitz_fft != NULL) {
        check_toeplitz_with(k, "fft", k->toeplitz_fft, n, m, naive);
    }
}

static void test_toeplitz(const qmk_kernel_table *k) {
    static const uint64_t lengths[] = {1,   2,    3,    5,    63,   64,   65,   127,  128,
                                       129, 255,  256,  257,  640,  1000, 1023, 1024, 1025,
                                       2047, 2048, 2049, 3073, 4100};
    for (size_t a = 0; a < sizeof lengths / sizeof lengths[0]; a++) {
        uint64_t n = lengths[a];
        uint64_t ms[] = {1, 2, n / 7 + 1, n / 2, n > 1 ? n - 1 : 1, n, 64, 65, 1000};
        for (size_t b = 0; b < sizeof ms / sizeof ms[0]; b++) {
            uint64_t m = ms[b];
            if (m >= 1 && m <= n) {
                check_toeplitz(k, n, m, 1);
            }
        }
    }
    /* Large: several Karatsuba levels, one block (m = n) or many (m << n). */
    static const uint64_t large[][2] = {{100000, 100000}, {100000, 50000}, {100000, 999},
                                        {131072, 65536},  {70001, 4097},   {200003, 64}};
    for (size_t i = 0; i < sizeof large / sizeof large[0]; i++) {
        check_toeplitz(k, large[i][0], large[i][1], 0);
    }
}

/* Code paths agree with each other on a product too large for the references. */
static void test_toeplitz_paths_agree(const qmk_kernel_table **tables, size_t count) {
    uint64_t n = (UINT64_C(1) << 20) + 77, m = (UINT64_C(1) << 19) + 3;
    uint64_t *key = random_bits(n, 8);
    uint64_t *seed = random_bits(n + m - 1, 8);
    size_t words = (size_t)qmk_words(m);
    uint64_t *first = calloc(words, sizeof(uint64_t));
    uint64_t *other = calloc(words, sizeof(uint64_t));
    CHECK(tables[0]->toeplitz_karatsuba(key, n, seed, m, first) == QMK_OK, "big toeplitz");
    for (size_t t = 0; t < count; t++) {
        toeplitz_fn algorithms[2] = {tables[t]->toeplitz_karatsuba, tables[t]->toeplitz_fft};
        for (int a = 0; a < 2; a++) {
            if (algorithms[a] == NULL || (t == 0 && a == 0)) {
                continue;
            }
            memset(other, 0, words * sizeof(uint64_t));
            CHECK(algorithms[a](key, n, seed, m, other) == QMK_OK, "big toeplitz");
            CHECK(memcmp(first, other, words * sizeof(uint64_t)) == 0,
                  "toeplitz n=%llu m=%llu: %s %s differs from portable karatsuba",
                  (unsigned long long)n, (unsigned long long)m, tables[t]->name,
                  a == 0 ? "karatsuba" : "fft");
        }
    }
    free(key);
    free(seed);
    free(first);
    free(other);
}

/* Linearity, a property no reference shares: T(seed) (x ^ y) = T(seed) x ^ T(seed) y. */
static void test_toeplitz_linear(const qmk_kernel_table *k) {
    uint64_t n = 50001, m = 20011;
    size_t kw = (size_t)qmk_words(n), mw = (size_t)qmk_words(m);
    uint64_t *x = random_bits(n, 8), *y = random_bits(n, 8), *xy = malloc(kw * sizeof(uint64_t));
    uint64_t *seed = random_bits(n + m - 1, 8);
    for (size_t w = 0; w < kw; w++) {
        xy[w] = x[w] ^ y[w];
    }
    uint64_t *hx = calloc(mw, 8), *hy = calloc(mw, 8), *hxy = calloc(mw, 8);
    k->toeplitz_hash(x, n, seed, m, hx);
    k->toeplitz_hash(y, n, seed, m, hy);
    k->toeplitz_hash(xy, n, seed, m, hxy);
    int linear = 1;
    for (size_t w = 0; w < mw; w++) {
        linear &= (hx[w] ^ hy[w]) == hxy[w];
    }
    CHECK(linear, "%s toeplitz is not linear in the key", k->name);
    free(x);
    free(y);
    free(xy);
    free(seed);
    free(hx);
    free(hy);
    free(hxy);
}

/* ------------------------------------------------------------------------------------------ */

static int32_t *random_permutation(uint64_t bits) {
    int32_t *p = malloc((bits ? bits : 1) * sizeof(int32_t));
    for (uint64_t i = 0; i < bits; i++) {
        p[i] = (int32_t)i;
    }
    for (uint64_t i = bits; i > 1; i--) {
        uint64_t j = next_random() % i;
        int32_t t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
    }
    return p;
}

static int naive_range(const uint64_t *key, const int32_t *perm, uint64_t from, uint64_t to) {
    int parity = 0;
    for (uint64_t t = from; t < to; t++) {
        parity ^= get_bit(key, perm ? (uint64_t)perm[t] : t);
    }
    return parity;
}

static void test_parities(const qmk_kernel_table *k) {
    for (size_t s = 0; s < SIZE_COUNT; s++) {
        uint64_t bits = SIZES[s];
        if (bits == 0 || bits > 200000) {
            continue;
        }
        uint64_t *key = random_bits(bits, 8);
        int32_t *perm = random_permutation(bits);
        uint64_t block_sizes[] = {1, 2, 3, 7, 8, 31, 32, 63, 64, 65, 100, 1000, bits, bits + 5};
        for (size_t b = 0; b < sizeof block_sizes / sizeof block_sizes[0]; b++) {
            uint32_t size = (uint32_t)block_sizes[b];
            uint64_t blocks = (bits - 1) / size + 1;
            size_t words = (size_t)qmk_words(blocks);
            for (int permuted = 0; permuted < 2; permuted++) {
                const int32_t *p = permuted ? perm : NULL;
                uint64_t *expected = calloc(words, sizeof(uint64_t));
                for (uint64_t blk = 0; blk < blocks; blk++) {
                    uint64_t from = blk * size;
                    uint64_t to = from + size < bits ? from + size : bits;
                    set_bit(expected, blk, naive_range(key, p, from, to));
                }
                uint64_t *out = output_words(words);
                k->block_parities(key, bits, p, size, out);
                CHECK(memcmp(out, expected, words * sizeof(uint64_t)) == 0,
                      "%s block_parities bits=%llu size=%u permuted=%d", k->name,
                      (unsigned long long)bits, size, permuted);
                CHECK(canaries_intact(out, words), "%s block_parities wrote past its words",
                      k->name);
                free(expected);
                free(out);
            }
        }
        for (int r = 0; r < 200; r++) {
            uint64_t from = next_random() % (bits + 1);
            uint64_t to = from + next_random() % (bits - from + 1);
            for (int permuted = 0; permuted < 2; permuted++) {
                const int32_t *p = permuted ? perm : NULL;
                int32_t got = k->range_parity(key, p, from, to);
                CHECK(got == naive_range(key, p, from, to),
                      "%s range_parity bits=%llu [%llu, %llu) permuted=%d", k->name,
                      (unsigned long long)bits, (unsigned long long)from,
                      (unsigned long long)to, permuted);
            }
        }
        free(key);
        free(perm);
    }
}

/* ------------------------------------------------------------------------------------------ */

/* The public entry points on the active path: valid calls agree with the references. */
static void test_public_entry_points(void) {
    uint64_t bits = 1000;
    uint64_t *source = random_bits(bits, 8), *keep = random_bits(bits, 8);
    uint64_t target[16], selected = 0;
    CHECK(qmk_compress(source, keep, bits, target, 16, &selected) == QMK_OK, "compress");
    uint64_t expected = 0;
    for (uint64_t i = 0; i < bits; i++) {
        expected += (uint64_t)get_bit(keep, i);
    }
    CHECK(selected == expected, "public compress count %llu != %llu",
          (unsigned long long)selected, (unsigned long long)expected);
    uint64_t errors = 0;
    CHECK(qmk_count_errors(source, source, NULL, bits, &errors) == QMK_OK && errors == 0,
          "a string has no errors against itself");
    CHECK(qmk_count_errors(NULL, NULL, NULL, 0, &errors) == QMK_OK && errors == 0,
          "zero bits, zero errors");
    CHECK(qmk_compress(NULL, NULL, 0, NULL, 0, &selected) == QMK_OK && selected == 0,
          "zero bits, nothing selected");
    free(source);
    free(keep);
}

int main(void) {
    const qmk_kernel_table *tables[3];
    size_t count = 0;
    tables[count++] = &qmk_kernels_portable;
#if defined(__x86_64__)
    if (qmk_kernels_runnable(&qmk_kernels_avx2)) {
        tables[count++] = &qmk_kernels_avx2;
    }
    if (qmk_kernels_runnable(&qmk_kernels_avx512)) {
        tables[count++] = &qmk_kernels_avx512;
    }
#endif
    for (size_t t = 0; t < count; t++) {
        printf("kernel path %s\n", tables[t]->name);
        test_compress(tables[t]);
        test_count_errors(tables[t]);
        test_toeplitz(tables[t]);
        test_toeplitz_linear(tables[t]);
        test_parities(tables[t]);
    }
    test_toeplitz_paths_agree(tables, count);
    test_public_entry_points();
    printf("active path: %s\n", qmk_kernels_active()->name);
    CHECK(qmk_kernels_active() == tables[count - 1], "the best runnable path is active");
    return check_report("test_kernels");
}
