/*
 * The kernels, one code path per instruction set. This file is compiled several times (see the
 * Makefile): once with no extensions (QMK_VARIANT=portable), once with AVX2/BMI2/PCLMUL
 * (avx2) and once with AVX-512 and VPCLMULQDQ (avx512); qmk.c picks a table at run time from
 * the CPU's features, so one -O3 build runs on any x86-64. Arguments arrive validated.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__PCLMUL__) || defined(__AVX512F__) || defined(__BMI2__))
#include <immintrin.h>
#endif

#include "qmk_internal.h"

#if defined(__x86_64__) && defined(__PCLMUL__)
#include "gf2x_fft.h"
#define HAVE_FFT 1
#endif

#ifndef QMK_VARIANT
#error "compile with -DQMK_VARIANT=portable, avx2 or avx512"
#endif
#define QMK_CAT2(a, b) a##b
#define QMK_CAT(a, b) QMK_CAT2(a, b)
#define QMK_STR2(x) #x
#define QMK_STR(x) QMK_STR2(x)

/* ---------------------------------------------------------------------------------------------
 * Word primitives
 * ------------------------------------------------------------------------------------------- */

static inline uint64_t popcount64(uint64_t x) {
#if defined(__POPCNT__)
    return (uint64_t)__builtin_popcountll(x);
#else
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (x * UINT64_C(0x0101010101010101)) >> 56;
#endif
}

static inline uint64_t parity64(uint64_t x) {
#if defined(__POPCNT__)
    return (uint64_t)__builtin_popcountll(x) & 1;
#else
    x ^= x >> 32;
    x ^= x >> 16;
    x ^= x >> 8;
    x ^= x >> 4;
    return (UINT64_C(0x6996) >> (x & 15)) & 1;
#endif
}

/* Parallel bit extract: the bits of x where m is 1, packed at the bottom. */
static inline uint64_t pext64(uint64_t x, uint64_t m) {
#if defined(__BMI2__)
    return _pext_u64(x, m);
#else
    /* Hacker's Delight 2nd ed., section 7-4 ("compress"): six rounds of parallel suffix
     * moves, each shifting the selected bits right by a power of two. */
    x &= m;
    uint64_t mk = ~m << 1;
    for (unsigned i = 0; i < 6; i++) {
        uint64_t mp = mk ^ (mk << 1);
        mp ^= mp << 2;
        mp ^= mp << 4;
        mp ^= mp << 8;
        mp ^= mp << 16;
        mp ^= mp << 32;
        uint64_t mv = mp & m;
        m = (m ^ mv) | (mv >> (1u << i));
        uint64_t t = x & mv;
        x = (x ^ t) | (t >> (1u << i));
        mk &= ~mp;
    }
    return x;
#endif
}

/* ---------------------------------------------------------------------------------------------
 * Sifting
 * ------------------------------------------------------------------------------------------- */

/* One output stream of sifted bits: the word being filled (out[index], holding `fill` bits in
 * acc) and everything before it. */
typedef struct sift_stream {
    uint64_t *out;
    uint64_t index;
    uint64_t acc;
    uint64_t fill; /* < 64 */
} sift_stream;

/* Appends the bits of source where mask is 1. The partial word is stored every time (cheaper
 * than a mispredicted branch on "full"); with next == 0 there is nothing to store, and
 * out[index] may lie past the output. (x >> 1) >> (63 - fill) is x >> (64 - fill) without the
 * undefined shift by 64 when fill == 0 (then every picked bit fitted). */
static inline void sift_word(sift_stream *s, uint64_t source, uint64_t mask) {
    uint64_t picked = pext64(source, mask);
    s->acc |= picked << s->fill;
    uint64_t next = s->fill + popcount64(mask);
    if (next != 0) {
        s->out[s->index] = s->acc;
    }
    s->acc = next >= 64 ? (picked >> 1) >> (63 - s->fill) : s->acc;
    s->index += next >> 6;
    s->fill = next & 63;
}

/* Appends the first `bits` bits of words. */
static inline void sift_append(sift_stream *s, const uint64_t *words, uint64_t bits) {
    uint64_t whole = bits >> 6;
    if (s->fill == 0) {
        memcpy(s->out + s->index, words, whole * sizeof(uint64_t));
        s->index += whole;
    } else {
        for (uint64_t i = 0; i < whole; i++) {
            s->out[s->index++] = s->acc | words[i] << s->fill;
            s->acc = words[i] >> (64 - s->fill);
        }
    }
    uint64_t rest = bits & 63;
    if (rest != 0) {
        sift_word(s, words[whole], (UINT64_C(1) << rest) - 1);
    }
}

static inline uint64_t sift_finish(sift_stream *s) {
    if (s->fill > 0) {
        s->out[s->index] = s->acc;
    }
    return (s->index << 6) + s->fill;
}

/* Sifting is one long dependency chain per output stream (each word's position depends on every
 * count before it). To keep the core busy, each block of 4 x LANE words runs four chains at
 * once, the first straight into the target and three into small buffers appended after. */
#define LANE 256

static uint64_t compress_impl(const uint64_t *source, const uint64_t *keep, uint64_t bits,
                              uint64_t *target, uint64_t target_words) {
    (void)target_words; /* checked by the caller: at least words(selected) */
    uint64_t full = bits >> 6;
    sift_stream main = {target, 0, 0, 0};
    uint64_t lanes[3][LANE];
    uint64_t w = 0;
    for (; w + 4 * LANE <= full; w += 4 * LANE) {
        sift_stream one = {lanes[0], 0, 0, 0}, two = {lanes[1], 0, 0, 0}, three = {lanes[2], 0, 0, 0};
        const uint64_t *s = source + w, *k = keep + w;
        for (size_t i = 0; i < LANE; i++) {
            sift_word(&main, s[i], k[i]);
            sift_word(&one, s[LANE + i], k[LANE + i]);
            sift_word(&two, s[2 * LANE + i], k[2 * LANE + i]);
            sift_word(&three, s[3 * LANE + i], k[3 * LANE + i]);
        }
        sift_append(&main, lanes[0], sift_finish(&one));
        sift_append(&main, lanes[1], sift_finish(&two));
        sift_append(&main, lanes[2], sift_finish(&three));
    }
    for (; w < full; w++) {
        sift_word(&main, source[w], keep[w]);
    }
    if ((bits & 63) != 0) {
        sift_word(&main, source[full], keep[full] & qmk_tail_mask(full, bits));
    }
    return sift_finish(&main);
}

/* ---------------------------------------------------------------------------------------------
 * Error counting
 * ------------------------------------------------------------------------------------------- */

static uint64_t count_errors_impl(const uint64_t *a, const uint64_t *b, const uint64_t *sample,
                                  uint64_t bits) {
    uint64_t words = qmk_words(bits);
    if (words == 0) {
        return 0;
    }
    uint64_t full = words - 1;
    uint64_t errors = 0;
    uint64_t w = 0;
#if defined(__AVX512VPOPCNTDQ__) && defined(__AVX512F__)
    __m512i sum = _mm512_setzero_si512();
    if (sample == NULL) {
        for (; w + 8 <= full; w += 8) {
            __m512i d = _mm512_xor_si512(_mm512_loadu_si512(a + w), _mm512_loadu_si512(b + w));
            sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(d));
        }
    } else {
        for (; w + 8 <= full; w += 8) {
            __m512i d = _mm512_xor_si512(_mm512_loadu_si512(a + w), _mm512_loadu_si512(b + w));
            d = _mm512_and_si512(d, _mm512_loadu_si512(sample + w));
            sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(d));
        }
    }
    errors = (uint64_t)_mm512_reduce_add_epi64(sum);
#endif
    if (sample == NULL) {
        for (; w < full; w++) {
            errors += popcount64(a[w] ^ b[w]);
        }
    } else {
        for (; w < full; w++) {
            errors += popcount64((a[w] ^ b[w]) & sample[w]);
        }
    }
    uint64_t last = (a[full] ^ b[full]) & qmk_tail_mask(full, bits);
    if (sample != NULL) {
        last &= sample[full];
    }
    return errors + popcount64(last);
}

/* ---------------------------------------------------------------------------------------------
 * Cascade parities
 * ------------------------------------------------------------------------------------------- */

/* Parity of key bits [from, to), from < to, read word-parallel. */
static inline uint64_t span_parity(const uint64_t *key, uint64_t from, uint64_t to) {
    uint64_t first = from >> 6;
    uint64_t last = (to - 1) >> 6;
    uint64_t low = key[first] >> (from & 63);
    if (first == last) {
        uint64_t len = to - from;
        return parity64(len == 64 ? low : low & ((UINT64_C(1) << len) - 1));
    }
    uint64_t x = low;
    for (uint64_t w = first + 1; w < last; w++) {
        x ^= key[w];
    }
    x ^= key[last] & qmk_tail_mask(last, to);
    return parity64(x);
}

/* Parity of key[permutation[t]] for t in [from, to): a gather, four chains deep. */
static inline uint64_t permuted_parity(const uint64_t *key, const int32_t *permutation,
                                       uint64_t from, uint64_t to) {
    uint64_t x0 = 0, x1 = 0, x2 = 0, x3 = 0;
    uint64_t t = from;
    for (; t + 4 <= to; t += 4) {
        uint32_t q0 = (uint32_t)permutation[t];
        uint32_t q1 = (uint32_t)permutation[t + 1];
        uint32_t q2 = (uint32_t)permutation[t + 2];
        uint32_t q3 = (uint32_t)permutation[t + 3];
        x0 ^= key[q0 >> 6] >> (q0 & 63);
        x1 ^= key[q1 >> 6] >> (q1 & 63);
        x2 ^= key[q2 >> 6] >> (q2 & 63);
        x3 ^= key[q3 >> 6] >> (q3 & 63);
    }
    for (; t < to; t++) {
        uint32_t q = (uint32_t)permutation[t];
        x0 ^= key[q >> 6] >> (q & 63);
    }
    return (x0 ^ x1 ^ x2 ^ x3) & 1;
}

static void block_parities_impl(const uint64_t *key, uint64_t bits, const int32_t *permutation,
                                uint32_t block_size, uint64_t *out) {
    uint64_t blocks = bits == 0 ? 0 : (bits - 1) / block_size + 1;
    uint64_t word = 0;
    for (uint64_t b = 0; b < blocks; b++) {
        uint64_t from = b * block_size;
        uint64_t to = bits - from > block_size ? from + block_size : bits;
        uint64_t parity = permutation == NULL ? span_parity(key, from, to)
                                              : permuted_parity(key, permutation, from, to);
        word |= parity << (b & 63);
        if ((b & 63) == 63) {
            out[b >> 6] = word;
            word = 0;
        }
    }
    if ((blocks & 63) != 0) {
        out[blocks >> 6] = word;
    }
}

static int32_t range_parity_impl(const uint64_t *key, const int32_t *permutation, uint64_t from,
                                 uint64_t to) {
    if (from == to) {
        return 0;
    }
    return (int32_t)(permutation == NULL ? span_parity(key, from, to)
                                         : permuted_parity(key, permutation, from, to));
}

/* ---------------------------------------------------------------------------------------------
 * Toeplitz hashing as a GF(2) middle product.
 *
 * Notation: a "shifted seed" S of N words is 2N words holding x * s(x), i.e. S bit t = s bit
 * t - 1 (bit 0 is never read). The square N-word Toeplitz product is then
 *     out bit i = XOR over j < 64N of S[i - j + 64N] & v[j],   i < 64N,
 * which is word N + i/64 of the full product S(x) * v(x): the one-bit shift makes the middle
 * product word-aligned. mp_base computes it directly for N <= BASE words; tmv splits it like
 * Karatsuba (three half-size Toeplitz products, the transposed Karatsuba of Hanrot, Quercia and
 * Zimmermann, "The middle product algorithm I", AAECC 14 (2004)). Every seed buffer keeps
 * SLACK readable words after its 2N: the base cases load whole vectors past the end, and
 * whatever they read there only lands in product words >= 2N, which are not extracted.
 * ------------------------------------------------------------------------------------------- */

#define SLACK 16

/* Cost models of the two Toeplitz algorithms, in nanoseconds, fitted to measurements of this
 * file on a Sapphire Rapids core (CPU time, n from 10^6 to 10^8, m from n/8 to n/2):
 * Karatsuba in blocks of words(m) costs about K * words(n) * words(m)^0.585, the FFT about
 * F * N log2 N for its transform length N = 2^ceil(log2((2n + m) / 32)). */
#if defined(__AVX512F__) && defined(__VPCLMULQDQ__)
#define KARATSUBA_NS 0.95
#define FFT_NS 3.5
#else
#define KARATSUBA_NS 3.6
#define FFT_NS 7.1
#endif

#if defined(__VPCLMULQDQ__) && defined(__AVX512F__)
#define BASE 32

/* out[w] = word N + w of S * v, N = k <= BASE. Groups of 8 product words: for each b, one
 * 512-bit load of S[c - b, c - b + 8) times v[b] gives the products at words c .. c + 8 (even
 * qwords) and c + 1 .. c + 9 (odd qwords). */
static void mp_base(const uint64_t *s, const uint64_t *v, size_t k, uint64_t *out) {
    uint64_t acc[BASE + 24];
    memset(acc, 0, sizeof acc);
    /* acc[i] is product word k - 1 + i; product words k .. 2k - 1 are needed, so pair sums
     * a + b from k - 1 (its high half) to 2k - 1. */
    size_t c = k - 1;
    for (; c + 8 <= 2 * k - 1; c += 16) {
        __m512i e0 = _mm512_setzero_si512(), o0 = _mm512_setzero_si512();
        __m512i e1 = _mm512_setzero_si512(), o1 = _mm512_setzero_si512();
        for (size_t b = 0; b < k; b++) {
            __m512i vb = _mm512_set1_epi64((long long)v[b]);
            __m512i s0 = _mm512_loadu_si512(s + c - b);
            __m512i s1 = _mm512_loadu_si512(s + c + 8 - b);
            e0 = _mm512_xor_si512(e0, _mm512_clmulepi64_epi128(s0, vb, 0x00));
            o0 = _mm512_xor_si512(o0, _mm512_clmulepi64_epi128(s0, vb, 0x01));
            e1 = _mm512_xor_si512(e1, _mm512_clmulepi64_epi128(s1, vb, 0x00));
            o1 = _mm512_xor_si512(o1, _mm512_clmulepi64_epi128(s1, vb, 0x01));
        }
        uint64_t *p = acc + (c - (k - 1));
        _mm512_storeu_si512(p, _mm512_xor_si512(_mm512_loadu_si512(p), e0));
        _mm512_storeu_si512(p + 1, _mm512_xor_si512(_mm512_loadu_si512(p + 1), o0));
        _mm512_storeu_si512(p + 8, _mm512_xor_si512(_mm512_loadu_si512(p + 8), e1));
        _mm512_storeu_si512(p + 9, _mm512_xor_si512(_mm512_loadu_si512(p + 9), o1));
    }
    for (; c <= 2 * k - 1; c += 8) {
        __m512i e0 = _mm512_setzero_si512(), o0 = _mm512_setzero_si512();
        for (size_t b = 0; b < k; b++) {
            __m512i vb = _mm512_set1_epi64((long long)v[b]);
            __m512i s0 = _mm512_loadu_si512(s + c - b);
            e0 = _mm512_xor_si512(e0, _mm512_clmulepi64_epi128(s0, vb, 0x00));
            o0 = _mm512_xor_si512(o0, _mm512_clmulepi64_epi128(s0, vb, 0x01));
        }
        uint64_t *p = acc + (c - (k - 1));
        _mm512_storeu_si512(p, _mm512_xor_si512(_mm512_loadu_si512(p), e0));
        _mm512_storeu_si512(p + 1, _mm512_xor_si512(_mm512_loadu_si512(p + 1), o0));
    }
    memcpy(out, acc + 1, k * sizeof(uint64_t));
}

#elif defined(__PCLMUL__)
#define BASE 16

/* As above with 128-bit PCLMULQDQ: four independent pairs of accumulators per b cover eight
 * product words. */
static void mp_base(const uint64_t *s, const uint64_t *v, size_t k, uint64_t *out) {
    uint64_t acc[BASE + 16];
    memset(acc, 0, sizeof acc);
    for (size_t c = k - 1; c <= 2 * k - 1; c += 8) {
        __m128i e0 = _mm_setzero_si128(), o0 = _mm_setzero_si128();
        __m128i e1 = _mm_setzero_si128(), o1 = _mm_setzero_si128();
        __m128i e2 = _mm_setzero_si128(), o2 = _mm_setzero_si128();
        __m128i e3 = _mm_setzero_si128(), o3 = _mm_setzero_si128();
        for (size_t b = 0; b < k; b++) {
            __m128i vb = _mm_set1_epi64x((long long)v[b]);
            const uint64_t *p = s + c - b;
            __m128i s0 = _mm_loadu_si128((const __m128i *)p);
            __m128i s1 = _mm_loadu_si128((const __m128i *)(p + 2));
            __m128i s2 = _mm_loadu_si128((const __m128i *)(p + 4));
            __m128i s3 = _mm_loadu_si128((const __m128i *)(p + 6));
            e0 = _mm_xor_si128(e0, _mm_clmulepi64_si128(s0, vb, 0x00));
            o0 = _mm_xor_si128(o0, _mm_clmulepi64_si128(s0, vb, 0x01));
            e1 = _mm_xor_si128(e1, _mm_clmulepi64_si128(s1, vb, 0x00));
            o1 = _mm_xor_si128(o1, _mm_clmulepi64_si128(s1, vb, 0x01));
            e2 = _mm_xor_si128(e2, _mm_clmulepi64_si128(s2, vb, 0x00));
            o2 = _mm_xor_si128(o2, _mm_clmulepi64_si128(s2, vb, 0x01));
            e3 = _mm_xor_si128(e3, _mm_clmulepi64_si128(s3, vb, 0x00));
            o3 = _mm_xor_si128(o3, _mm_clmulepi64_si128(s3, vb, 0x01));
        }
        uint64_t *p = acc + (c - (k - 1));
        __m128i *q;
#define QMK_ACC(offset, value)                                                      \
    q = (__m128i *)(p + (offset));                                                  \
    _mm_storeu_si128(q, _mm_xor_si128(_mm_loadu_si128(q), (value)))
        QMK_ACC(0, e0);
        QMK_ACC(1, o0);
        QMK_ACC(2, e1);
        QMK_ACC(3, o1);
        QMK_ACC(4, e2);
        QMK_ACC(5, o2);
        QMK_ACC(6, e3);
        QMK_ACC(7, o3);
#undef QMK_ACC
    }
    memcpy(out, acc + 1, k * sizeof(uint64_t));
}

#else
#define BASE 16

/* Without carry-less multiplication: the comb method (Lopez and Dahab, "High-speed software
 * multiplication in F_2^m", INDOCRYPT 2000) with 4-bit windows. tab[u] = u(x) * v(x) for the 16
 * nibbles u; for each nibble position j, from the top, every seed word's nibble adds its
 * table row at the word's offset, then the accumulator shifts up by 4. Only product words
 * k - 1 .. 2k - 1 are kept: bits only move up, by 60 in all, so word k - 1 is enough carry. */
static void mp_base(const uint64_t *s, const uint64_t *v, size_t k, uint64_t *out) {
    uint64_t tab[16][BASE + 1];
    uint64_t acc[BASE + 1];
    size_t width = k + 1;
    memset(tab[0], 0, width * sizeof(uint64_t));
    memcpy(tab[1], v, k * sizeof(uint64_t));
    tab[1][k] = 0;
    for (unsigned u = 2; u < 16; u++) {
        if ((u & 1) == 0) {
            const uint64_t *half = tab[u >> 1];
            tab[u][0] = half[0] << 1;
            for (size_t t = 1; t < width; t++) {
                tab[u][t] = (half[t] << 1) | (half[t - 1] >> 63);
            }
        } else {
            for (size_t t = 0; t < width; t++) {
                tab[u][t] = tab[u - 1][t] ^ tab[1][t];
            }
        }
    }
    memset(acc, 0, width * sizeof(uint64_t));
    for (int j = 15; j >= 0; j--) {
        for (size_t a = 0; a < 2 * k; a++) {
            const uint64_t *row = tab[(s[a] >> (4 * j)) & 15];
            /* row[t] is product word a + t; keep a + t in [k - 1, 2k). */
            size_t lo = a >= k - 1 ? 0 : k - 1 - a;
            size_t hi = 2 * k - a < width ? 2 * k - a : width;
            for (size_t t = lo; t < hi; t++) {
                acc[a + t - (k - 1)] ^= row[t];
            }
        }
        if (j > 0) {
            for (size_t i = width - 1; i > 0; i--) {
                acc[i] = (acc[i] << 4) | (acc[i - 1] >> 60);
            }
            acc[0] <<= 4;
        }
    }
    memcpy(out, acc + 1, k * sizeof(uint64_t));
}
#endif

static inline void xor_words(uint64_t *dst, const uint64_t *a, const uint64_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        dst[i] = a[i] ^ b[i];
    }
}

/* out[0, N) = the N-word Toeplitz product of shifted seed s (2N words + SLACK) and v. N is
 * b0 * 2^L with b0 <= BASE, so it halves evenly down to the base case. work holds 4N + SLACK
 * words. With T0 = s[0, 2h), T1 = s[h, 3h), T2 = s[2h, 4h) the matrix is [[T1 T0] [T2 T1]] and
 *   top    = T1 v0 + T0 v1 = T1 (v0 + v1) + (T0 + T1) v1
 *   bottom = T2 v0 + T1 v1 = T1 (v0 + v1) + (T2 + T1) v0.  */
static void tmv(const uint64_t *s, const uint64_t *v, size_t n, uint64_t *out, uint64_t *work) {
    if (n <= BASE) {
        mp_base(s, v, n, out);
        return;
    }
    size_t h = n / 2;
    uint64_t *v01 = work;
    uint64_t *diagonals = work + h; /* 2h words, then p0's h words serve as its SLACK */
    uint64_t *p0 = work + 3 * h;
    uint64_t *below = work + 4 * h;
    xor_words(v01, v, v + h, h);
    xor_words(diagonals, s, s + h, 2 * h);
    tmv(diagonals, v + h, h, out, below);
    xor_words(diagonals, s + 2 * h, s + h, 2 * h);
    tmv(diagonals, v, h, out + h, below);
    tmv(s + h, v01, h, p0, below);
    for (size_t i = 0; i < h; i++) {
        out[i] ^= p0[i];
        out[h + i] ^= p0[i];
    }
}

/* The smallest b0 * 2^L >= words with b0 <= BASE. */
static size_t block_words(size_t words) {
    size_t levels = 0;
    while (((words + ((size_t)1 << levels) - 1) >> levels) > BASE) {
        levels++;
    }
    size_t b0 = (words + ((size_t)1 << levels) - 1) >> levels;
    return b0 << levels;
}

/* The m x n product as one row of square Toeplitz blocks of B words (B >= words(m), m <= n):
 * block c multiplies key words [cB, (c+1)B). All blocks read one shifted, zero-padded copy of
 * the seed, laid out so that every block's seed starts on a word. */
static int toeplitz_impl(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                         uint64_t *out) {
    size_t key_words = (size_t)qmk_words(n);
    size_t out_words = (size_t)qmk_words(m);
    size_t b = block_words(out_words);
    size_t cols = (key_words + b - 1) / b;
    size_t even = block_words((key_words + cols - 1) / cols);
    if (even >= out_words && even < b) {
        b = even; /* same number of blocks, less padding */
    }
    cols = (key_words + b - 1) / b;

    size_t seed_len = (cols + 1) * b + SLACK;
    size_t key_len = cols * b;
    size_t total = seed_len + key_len + 2 * b + 4 * b + SLACK;
    uint64_t *mem = calloc(total, sizeof(uint64_t));
    if (mem == NULL) {
        return QMK_ERR_NO_MEMORY;
    }
    uint64_t *z = mem;
    uint64_t *padded_key = z + seed_len;
    uint64_t *acc = padded_key + key_len;
    uint64_t *part = acc + b;
    uint64_t *work = part + b;

    /* Block c's seed is s[t + n - 64B(c + 1)] at its bit t - 1: place seed bit t at z bit
     * t + P + 1 with P = 64 B cols - n, then block c starts at z word B (cols - 1 - c). */
    uint64_t seed_bits = n + m - 1;
    uint64_t shift = (uint64_t)64 * b * cols - n + 1;
    size_t seed_words = (size_t)qmk_words(seed_bits);
    size_t zw = (size_t)(shift >> 6);
    unsigned zb = (unsigned)(shift & 63);
    for (size_t i = 0; i < seed_words; i++) {
        uint64_t word = seed[i];
        if (i + 1 == seed_words) {
            word &= qmk_tail_mask(i, seed_bits);
        }
        z[zw + i] |= word << zb;
        if (zb != 0) {
            z[zw + i + 1] |= word >> (64 - zb);
        }
    }
    memcpy(padded_key, key, key_words * sizeof(uint64_t));
    padded_key[key_words - 1] &= qmk_tail_mask(key_words - 1, n);

    for (size_t c = 0; c < cols; c++) {
        tmv(z + b * (cols - 1 - c), padded_key + b * c, b, cols == 1 ? acc : part, work);
        if (cols > 1) {
            for (size_t i = 0; i < b; i++) {
                acc[i] ^= part[i];
            }
        }
    }
    memcpy(out, acc, out_words * sizeof(uint64_t));
    out[out_words - 1] &= qmk_tail_mask(out_words - 1, m);
    free(mem);
    return QMK_OK;
}

#if defined(HAVE_FFT)
/* The same hash as one full product by the additive FFT: bits n - 1 .. n + m - 2. */
static int toeplitz_fft(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                        uint64_t *out) {
    return gf2x_mul_fft(seed, n + m - 1, key, n, n - 1, m, out);
}
#endif

#if defined(HAVE_FFT)
static int fft_is_cheaper(uint64_t n, uint64_t m) {
    double words_n = (double)qmk_words(n), words_m = (double)qmk_words(m);
    double pieces = (double)(2 * n + m) / 32.0;
    double levels = ceil(log2(pieces > 2.0 ? pieces : 2.0));
    double karatsuba = KARATSUBA_NS * words_n * pow(words_m, 0.585);
    double fft = FFT_NS * exp2(levels) * levels;
    return fft < karatsuba;
}
#endif

static int toeplitz_hash(const uint64_t *key, uint64_t n, const uint64_t *seed, uint64_t m,
                         uint64_t *out) {
#if defined(HAVE_FFT)
    int forced = qmk_toeplitz_forced();
    if (forced == QMK_TOEPLITZ_FFT || (forced == QMK_TOEPLITZ_AUTO && fft_is_cheaper(n, m))) {
        return toeplitz_fft(key, n, seed, m, out);
    }
#endif
    return toeplitz_impl(key, n, seed, m, out);
}

const qmk_kernel_table QMK_CAT(qmk_kernels_, QMK_VARIANT) = {
    .name = QMK_STR(QMK_VARIANT),
    .compress = compress_impl,
    .count_errors = count_errors_impl,
    .toeplitz_hash = toeplitz_hash,
    .toeplitz_karatsuba = toeplitz_impl,
#if defined(HAVE_FFT)
    .toeplitz_fft = toeplitz_fft,
#else
    .toeplitz_fft = NULL,
#endif
    .block_parities = block_parities_impl,
    .range_parity = range_parity_impl,
};
