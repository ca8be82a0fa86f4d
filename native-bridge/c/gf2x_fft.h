/*
 * GF(2)[x] multiplication by an additive FFT over GF(2^64), for Toeplitz hashes too large for
 * Karatsuba (its N^1.585 loses to N log N from a few million bits on). Included by
 * kernels_impl.c in the code paths that have carry-less multiplication (static functions only).
 *
 * The operands are cut into 32-bit pieces, each piece read as an element of
 * GF(2^64) = GF(2)[y] / (y^64 + y^4 + y^3 + y + 1) (irreducible: Rabin's test). A product of two
 * pieces has degree <= 62 < 64, so the field never reduces it and every coefficient of the
 * product polynomial over the field is exactly the GF(2)[y] sum of piece products; the bit
 * product is then these 63-bit coefficients XORed together at 32-bit offsets.
 *
 * The FFT is Lin, Chung and Han's, "Novel polynomial basis and its application to Reed-Solomon
 * erasure codes", FOCS 2014, on the subspace spanned by a Cantor basis (beta_0 = 1,
 * beta_i^2 + beta_i = beta_{i-1}; D. G. Cantor, J. Combin. Theory A 50 (1989)): its subspace
 * polynomials s_i(x) = x^(2^i) + ... have coefficients in GF(2), are already normalised
 * (s_i(beta_i) = 1), and the conversion between the monomial and the novel basis
 * X_j = prod_i s_i^(bit i of j) is division by them: XORs only.
 */
#ifndef QMK_GF2X_FFT_H
#define QMK_GF2X_FFT_H

#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The largest transform: 2^27 elements of 8 bytes (1 GiB), products of ~4 * 10^9 bits. */
#define FFT_MAX_LEVELS 27

static inline uint64_t gf64_reduce(uint64_t lo, uint64_t hi) {
    /* y^64 = y^4 + y^3 + y + 1: fold hi in, then the at most 4 bits that spill past y^63. */
    uint64_t over = (hi >> 60) ^ (hi >> 61) ^ (hi >> 63);
    return lo ^ hi ^ (hi << 1) ^ (hi << 3) ^ (hi << 4) ^ over ^ (over << 1) ^ (over << 3) ^
           (over << 4);
}

static inline uint64_t gf64_mul(uint64_t a, uint64_t b) {
    __m128i p = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)a),
                                     _mm_cvtsi64_si128((long long)b), 0x00);
    return gf64_reduce((uint64_t)_mm_cvtsi128_si64(p), (uint64_t)_mm_extract_epi64(p, 1));
}

#if defined(__AVX512F__) && defined(__VPCLMULQDQ__)
/* Eight products at once: even and odd qwords multiply separately, then lo and hi halves are
 * gathered and reduced lane-wise. */
static inline __m512i gf64_mul8(__m512i a, __m512i b) {
    __m512i even = _mm512_clmulepi64_epi128(a, b, 0x00);
    __m512i odd = _mm512_clmulepi64_epi128(a, b, 0x11);
    __m512i lo = _mm512_unpacklo_epi64(even, odd);
    __m512i hi = _mm512_unpackhi_epi64(even, odd);
    __m512i over = _mm512_ternarylogic_epi64(_mm512_srli_epi64(hi, 60), _mm512_srli_epi64(hi, 61),
                                             _mm512_srli_epi64(hi, 63), 0x96);
    __m512i fold = _mm512_ternarylogic_epi64(hi, _mm512_slli_epi64(hi, 1), _mm512_slli_epi64(hi, 3),
                                             0x96);
    fold = _mm512_ternarylogic_epi64(fold, _mm512_slli_epi64(hi, 4), over, 0x96);
    over = _mm512_ternarylogic_epi64(_mm512_slli_epi64(over, 1), _mm512_slli_epi64(over, 3),
                                     _mm512_slli_epi64(over, 4), 0x96);
    return _mm512_ternarylogic_epi64(lo, fold, over, 0x96);
}
#endif

/* Solves x^2 + x = c in GF(2^64) (a GF(2)-linear system of rank 63), 0 if c has no solution.
 * Gaussian elimination keyed by each reduced column's highest bit. */
static int gf64_solve_artin_schreier(uint64_t c, uint64_t *x) {
    uint64_t pivot[64], combination[64];
    int present[64] = {0};
    for (int j = 0; j < 64; j++) {
        uint64_t e = UINT64_C(1) << j;
        uint64_t column = gf64_mul(e, e) ^ e;
        uint64_t used = e;
        while (column != 0) {
            int top = 63 - __builtin_clzll(column);
            if (!present[top]) {
                present[top] = 1;
                pivot[top] = column;
                combination[top] = used;
                break;
            }
            column ^= pivot[top];
            used ^= combination[top];
        }
    }
    uint64_t solution = 0;
    while (c != 0) {
        int top = 63 - __builtin_clzll(c);
        if (!present[top]) {
            return 0;
        }
        c ^= pivot[top];
        solution ^= combination[top];
    }
    *x = solution;
    return 1;
}

/* beta_0 .. beta_{levels-1} of a Cantor basis. */
static int cantor_basis(uint64_t *beta, unsigned levels) {
    beta[0] = 1;
    for (unsigned i = 1; i < levels; i++) {
        if (!gf64_solve_artin_schreier(beta[i - 1], &beta[i])) {
            return 0;
        }
    }
    return 1;
}

/* One level of the conversion between the monomial and the novel basis, over d[0, length):
 * in every block of 2h (h = 2^i), f = r + q s_i with s_i = x^h + sum over j strictly inside i
 * (bitwise) of x^(2^j). Dividing from the top, quotient coefficient t XORs into t - h + 2^j, at
 * least h/2 below t: the upper half of the quotient goes first, then the lower half, and
 * inside a half no source is written, so the terms of a level run as one pass (one read of the
 * sources, nearby stores). The inverse (multiplying back) is the same XORs, halves reversed. */
static void convert_level(uint64_t *d, size_t length, unsigned i, int inverse, size_t used) {
    size_t h = (size_t)1 << i;
    size_t offsets[FFT_MAX_LEVELS];
    unsigned terms = 0;
    for (unsigned j = 0; j < i; j++) {
        if ((j & i) == j) {
            offsets[terms++] = h - ((size_t)1 << j); /* the XOR lands this far below its source */
        }
    }
    if (terms == 0) {
        return;
    }
    size_t half = h / 2;
    /* Term by term over sub-chunks in L1: the terms' targets can lie a few elements apart, and
     * a vector loaded right after an overlapping store stalls on store forwarding. */
    size_t sub = half < 512 ? half : 512;
    for (size_t block = 0; block < length; block += 2 * h) {
        for (unsigned k = 0; k < 2; k++) {
            size_t first = block + h + ((inverse ? k : 1 - k) * half);
            if (first >= used) {
                continue; /* sources known to be zero: XORing them changes nothing */
            }
            size_t count = used - first < half ? used - first : half;
            uint64_t *src = d + first;
            for (size_t t0 = 0; t0 < count; t0 += sub) {
                for (unsigned e = 0; e < terms; e++) {
                    const uint64_t *restrict from = src + t0;
                    uint64_t *restrict to = src + t0 - offsets[e];
                    size_t run = count - t0 < sub ? count - t0 : sub;
                    for (size_t t = 0; t < run; t++) {
                        to[t] ^= from[t];
                    }
                }
            }
        }
    }
}

/* Blocks of 2^FFT_CACHE_LEVELS elements stay in cache for every layer below that size. */
#define FFT_CACHE_LEVELS 15

/* Monomial to novel basis (levels from the top) or back (from the bottom). Elements at and past
 * `used` are zero on entry; the conversion only moves coefficients down, so they stay zero
 * while the levels above the cached ones run, and sources there can be skipped. */
static void novel_basis_convert(uint64_t *f, unsigned levels, int inverse, size_t used) {
    size_t n = (size_t)1 << levels;
    unsigned cached = levels < FFT_CACHE_LEVELS ? levels : FFT_CACHE_LEVELS;
    size_t piece = (size_t)1 << cached;
    if (!inverse) {
        for (unsigned i = levels; i-- > cached;) {
            convert_level(f, n, i, 0, used);
        }
    }
    for (size_t start = 0; start < n; start += piece) {
        for (unsigned k = 0; k < cached; k++) {
            size_t here = used > start ? used - start : 0;
            convert_level(f + start, piece, inverse ? k : cached - 1 - k, inverse,
                          here < piece ? here : piece);
        }
    }
    if (inverse) {
        for (unsigned i = cached; i < levels; i++) {
            convert_level(f, n, i, 1, n);
        }
    }
}

/* prefix[p] = beta_1 + ... + beta_p: the twiddle omega_u (the sum of beta_t over u's bits t)
 * steps by prefix[ctz(u)] from even u - 2 to u (bits 1 .. ctz(u) flip). */
static void twiddle_steps(const uint64_t *beta, unsigned levels, uint64_t *prefix) {
    prefix[0] = 0;
    for (unsigned p = 1; p < levels; p++) {
        prefix[p] = prefix[p - 1] ^ beta[p];
    }
}

static uint64_t omega(const uint64_t *beta, unsigned levels, size_t u) {
    uint64_t point = 0;
    for (unsigned t = 0; t < levels; t++) {
        point ^= ((u >> t) & 1) ? beta[t] : 0;
    }
    return point;
}

/* One block of 2h: forward a += l b, b += a; inverse b += a, a += l b. */
static inline void butterflies(uint64_t *a, size_t h, uint64_t lambda, int inverse) {
    uint64_t *b = a + h;
    size_t j = 0;
#if defined(__AVX512F__) && defined(__VPCLMULQDQ__)
    __m512i l = _mm512_set1_epi64((long long)lambda);
    for (; j + 8 <= h; j += 8) {
        __m512i x = _mm512_loadu_si512(a + j), y = _mm512_loadu_si512(b + j);
        if (inverse) {
            y = _mm512_xor_si512(y, x);
            x = _mm512_xor_si512(x, gf64_mul8(y, l));
        } else {
            x = _mm512_xor_si512(x, gf64_mul8(y, l));
            y = _mm512_xor_si512(y, x);
        }
        _mm512_storeu_si512(a + j, x);
        _mm512_storeu_si512(b + j, y);
    }
#endif
    for (; j < h; j++) {
        if (inverse) {
            b[j] ^= a[j];
            a[j] ^= gf64_mul(lambda, b[j]);
        } else {
            a[j] ^= gf64_mul(lambda, b[j]);
            b[j] ^= a[j];
        }
    }
}

/* Layer i (blocks of 2^(i+1)) over d[0, length), where d[0] is element `offset` of the
 * transform. Block c's twiddle is s_i(omega_c) = omega_{c >> i}: s_i maps beta_t to
 * beta_{t-i} (and the betas below i to 0). */
static void fft_layer(uint64_t *d, size_t length, size_t offset, unsigned i, const uint64_t *beta,
                      const uint64_t *prefix, unsigned levels, int inverse) {
    size_t h = (size_t)1 << i;
    size_t u = offset >> i;
    uint64_t lambda = omega(beta, levels, u);
    for (size_t c = 0; c < length; c += 2 * h, u += 2) {
        if (c != 0) {
            lambda ^= prefix[__builtin_ctzll((unsigned long long)u)];
        }
        butterflies(d + c, h, lambda, inverse);
    }
}

#if defined(__AVX512F__) && defined(__VPCLMULQDQ__)
/* omega of v + q from omega of v, for v a multiple of q = 2^r (r >= 1): bits r .. ctz(v + q)
 * flip. */
static inline uint64_t omega_step(uint64_t point, size_t next, unsigned r, const uint64_t *prefix) {
    return point ^ prefix[__builtin_ctzll((unsigned long long)next)] ^ prefix[r - 1];
}

/* One butterfly layer inside each 8-element vector: `swap` brings every lane's partner in,
 * `low` marks the a lanes (the others are b), twiddles per lane. */
static inline __m512i layer8(__m512i v, __m512i twiddle, int inverse, __mmask8 low,
                             __m512i (*swap)(__m512i)) {
    if (inverse) {
        v = _mm512_mask_xor_epi64(v, (__mmask8)~low, v, swap(v));
        return _mm512_mask_xor_epi64(v, low, v, gf64_mul8(swap(v), twiddle));
    }
    v = _mm512_mask_xor_epi64(v, low, v, gf64_mul8(swap(v), twiddle));
    return _mm512_mask_xor_epi64(v, (__mmask8)~low, v, swap(v));
}

static inline __m512i swap4(__m512i v) { return _mm512_shuffle_i64x2(v, v, 0x4E); }
static inline __m512i swap2(__m512i v) { return _mm512_permutex_epi64(v, 0x4E); }
static inline __m512i swap1(__m512i v) { return _mm512_permutex_epi64(v, 0xB1); }

/* Layers 2, 1, 0 (forward) or 0, 1, 2 (inverse) over d[0, length), d[0] being element `offset`
 * (a multiple of 8), in registers. Twiddles for the group at element g: layer 2 omega(g / 4);
 * layer 1 omega(g / 2) and that + beta_1; layer 0 omega(g) + {0, beta_1, beta_2, beta_1 + beta_2}. */
static void low_layers8(uint64_t *d, size_t length, size_t offset, const uint64_t *beta,
                        const uint64_t *prefix, unsigned levels, int inverse) {
    uint64_t w0 = omega(beta, levels, offset), w1 = omega(beta, levels, offset >> 1),
             w2 = omega(beta, levels, offset >> 2);
    uint64_t b1 = beta[1], b2 = beta[2];
    for (size_t g = 0; g < length; g += 8) {
        if (g != 0) {
            size_t at = offset + g;
            w0 = omega_step(w0, at, 3, prefix);
            w1 = omega_step(w1, at >> 1, 2, prefix);
            w2 = omega_step(w2, at >> 2, 1, prefix);
        }
        __m512i t2 = _mm512_set1_epi64((long long)w2);
        __m512i t1 = _mm512_set_epi64((long long)(w1 ^ b1), (long long)(w1 ^ b1), (long long)(w1 ^ b1),
                                      (long long)(w1 ^ b1), (long long)w1, (long long)w1, (long long)w1,
                                      (long long)w1);
        uint64_t w01 = w0 ^ b1, w02 = w0 ^ b2, w012 = w0 ^ b1 ^ b2;
        __m512i t0 = _mm512_set_epi64((long long)w012, (long long)w012, (long long)w02, (long long)w02,
                                      (long long)w01, (long long)w01, (long long)w0, (long long)w0);
        __m512i v = _mm512_loadu_si512(d + g);
        if (inverse) {
            v = layer8(v, t0, 1, 0x55, swap1);
            v = layer8(v, t1, 1, 0x33, swap2);
            v = layer8(v, t2, 1, 0x0F, swap4);
        } else {
            v = layer8(v, t2, 0, 0x0F, swap4);
            v = layer8(v, t1, 0, 0x33, swap2);
            v = layer8(v, t0, 0, 0x55, swap1);
        }
        _mm512_storeu_si512(d + g, v);
    }
}
#define HAVE_LOW_LAYERS8 1
#endif

/* The transform, forward from the top layer down or inverse from the bottom up. The low
 * FFT_CACHE_LEVELS layers run piece by piece while the piece is in cache. */

static void fft_layers(uint64_t *d, unsigned levels, const uint64_t *beta, const uint64_t *prefix,
                       int inverse) {
    size_t n = (size_t)1 << levels;
    unsigned cached = levels < FFT_CACHE_LEVELS ? levels : FFT_CACHE_LEVELS;
    size_t piece = (size_t)1 << cached;
    if (!inverse) {
        for (unsigned i = levels; i-- > cached;) {
            fft_layer(d, n, 0, i, beta, prefix, levels, 0);
        }
    }
    unsigned in_registers = 0;
#if defined(HAVE_LOW_LAYERS8)
    in_registers = cached >= 3 ? 3 : 0;
#endif
    for (size_t start = 0; start < n; start += piece) {
#if defined(HAVE_LOW_LAYERS8)
        if (inverse && in_registers) {
            low_layers8(d + start, piece, start, beta, prefix, levels, 1);
        }
#endif
        for (unsigned k = in_registers; k < cached; k++) {
            unsigned i = inverse ? k : cached - 1 - (k - in_registers);
            fft_layer(d + start, piece, start, i, beta, prefix, levels, inverse);
        }
#if defined(HAVE_LOW_LAYERS8)
        if (!inverse && in_registers) {
            low_layers8(d + start, piece, start, beta, prefix, levels, 0);
        }
#endif
    }
    if (inverse) {
        for (unsigned i = cached; i < levels; i++) {
            fft_layer(d, n, 0, i, beta, prefix, levels, 1);
        }
    }
}

/* 32-bit pieces of the first `bits` bits of words, into f[0, ceil(bits / 32)). */
static void load_pieces(uint64_t *f, const uint64_t *words, uint64_t bits) {
    size_t pieces = (size_t)((bits + 31) / 32);
    for (size_t k = 0; k < pieces; k++) {
        uint64_t word = words[k / 2];
        uint64_t piece = (k & 1) ? word >> 32 : word & UINT64_C(0xffffffff);
        uint64_t end = 32 * (uint64_t)(k + 1);
        if (end > bits) {
            piece &= (UINT64_C(1) << (32 - (end - bits))) - 1;
        }
        f[k] = piece;
    }
}

/* out[0, words(count)) = bits [first, first + count) of a(x) * b(x), a of a_bits, b of b_bits.
 * Returns QMK_OK or QMK_ERR_NO_MEMORY. */
static int gf2x_mul_fft(const uint64_t *a, uint64_t a_bits, const uint64_t *b, uint64_t b_bits,
                        uint64_t first, uint64_t count, uint64_t *out) {
    size_t pieces_a = (size_t)((a_bits + 31) / 32), pieces_b = (size_t)((b_bits + 31) / 32);
    size_t needed = pieces_a + pieces_b - 1;
    unsigned levels = 1;
    while (((size_t)1 << levels) < needed) {
        levels++;
    }
    if (levels > FFT_MAX_LEVELS) {
        return QMK_ERR_NO_MEMORY;
    }
    size_t n = (size_t)1 << levels;
    uint64_t *fa = calloc(2 * n, sizeof(uint64_t));
    if (fa == NULL) {
        return QMK_ERR_NO_MEMORY;
    }
    uint64_t *fb = fa + n;
    uint64_t beta[FFT_MAX_LEVELS], prefix[FFT_MAX_LEVELS];
    if (!cantor_basis(beta, levels)) {
        free(fa);
        return QMK_ERR_NO_MEMORY; /* cannot happen in GF(2^64); fail rather than be wrong */
    }
    twiddle_steps(beta, levels, prefix);
    load_pieces(fa, a, a_bits);
    load_pieces(fb, b, b_bits);
    novel_basis_convert(fa, levels, 0, pieces_a);
    novel_basis_convert(fb, levels, 0, pieces_b);
    fft_layers(fa, levels, beta, prefix, 0);
    fft_layers(fb, levels, beta, prefix, 0);
    size_t u = 0;
#if defined(__AVX512F__) && defined(__VPCLMULQDQ__)
    for (; u + 8 <= n; u += 8) {
        _mm512_storeu_si512(fa + u, gf64_mul8(_mm512_loadu_si512(fa + u), _mm512_loadu_si512(fb + u)));
    }
#endif
    for (; u < n; u++) {
        fa[u] = gf64_mul(fa[u], fb[u]);
    }
    fft_layers(fa, levels, beta, prefix, 1);
    novel_basis_convert(fa, levels, 1, n);
    /* Product word q = piece 2q + (piece 2q + 1) << 32 + (piece 2q - 1) >> 32, pieces < 2^63. */
    size_t first_word = (size_t)(first >> 6);
    unsigned shift = (unsigned)(first & 63);
    size_t out_words = (size_t)((count + 63) / 64);
    size_t last_piece = needed; /* pieces at or past it are zero */
#define PIECE(k) ((k) < last_piece ? fa[(k)] : 0)
#define PRODUCT_WORD(q)                                                                            \
    (PIECE(2 * (q)) ^ (PIECE(2 * (q) + 1) << 32) ^ ((q) > 0 ? PIECE(2 * (q) - 1) >> 32 : 0))
    uint64_t low = PRODUCT_WORD(first_word);
    for (size_t w = 0; w < out_words; w++) {
        uint64_t high = PRODUCT_WORD(first_word + w + 1);
        out[w] = shift == 0 ? low : (low >> shift) | (high << (64 - shift));
        low = high;
    }
#undef PRODUCT_WORD
#undef PIECE
    if ((count & 63) != 0) {
        out[out_words - 1] &= (UINT64_C(1) << (count & 63)) - 1;
    }
    free(fa);
    return QMK_OK;
}

#endif /* QMK_GF2X_FFT_H */
