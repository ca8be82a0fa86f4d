/*
 * qmk.h -- the LIGHTVIBES photonics library ABI, version 1.
 *
 * This header is the whole contract between the LIGHTVIBES key engine (Java, through Panama)
 * and a native library. The shipped libqmk.so implements both halves below, its driver half
 * simulating the photonics. A hardware integrator builds a library that exports every function
 * declared here, with the driver half talking to real hardware; the kernel half may be copied
 * from the shipped sources or written anew, as long as its outputs are bit-identical (the
 * conformance suite `lightvibes driver check --library PATH` checks both halves). Point the
 * service at it with LIGHTVIBES_NATIVE_LIBRARY=/path/to/libyours.so and LIGHTVIBES_DRIVER=native.
 *
 * Conventions (they hold for every function unless its comment says otherwise):
 *
 *  - Status: every function that can fail returns int: QMK_OK (0) or a negative QMK_ERR_* code.
 *    qmk_strerror() names a code. On failure no caller buffer and no out-parameter has been
 *    written (nothing half-written), and a driver handle is left as it was.
 *  - Types: fixed-width integers only; lengths and counts are uint64_t.
 *  - Bit strings are packed LSB-first into little-endian uint64_t words: bit i of a string is
 *    (words[i / 64] >> (i % 64)) & 1. A string of n bits occupies qmk_words(n) = ceil(n / 64)
 *    words. Kernels ignore input bits at positions >= n and write outputs whose bits beyond the
 *    output length are zero, so equal bit strings are equal arrays. (This is the memory layout
 *    of Java's long[] in io.lightvibes.sim.driver.)
 *  - Memory: every buffer is owned by the caller, who allocates it before the call and frees it
 *    after; the library never keeps a pointer to a caller buffer after returning and never
 *    returns memory the caller must free. The single exception is the driver handle, created by
 *    qmk_driver_open and released only by qmk_driver_close. Strings returned as const char *
 *    (qmk_strerror, qmk_implementation) are static and must not be freed.
 *    Input arrays must hold the words their length implies (the library cannot check that, as
 *    with memcpy); output arrays come with their capacity, and a short one is
 *    QMK_ERR_BUFFER_TOO_SMALL, never an overrun. Input and output buffers must not overlap.
 *  - Threads: the kernels are pure functions, safe to call from any number of threads at once.
 *    A driver handle is used by one thread at a time (callers serialise); different handles are
 *    independent and may be used concurrently. qmk_abi_version, qmk_strerror and
 *    qmk_implementation are safe from any thread at any time.
 *  - No function calls back into the caller, blocks on I/O other than the device's, or reads
 *    the environment after the first call (the shipped library reads QMK_KERNELS once, see
 *    qmk_implementation).
 */
#ifndef QMK_H
#define QMK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define QMK_EXPORT __declspec(dllexport)
#else
#define QMK_EXPORT __attribute__((visibility("default")))
#endif

/* The ABI this header describes. A caller refuses a library whose qmk_abi_version() differs. */
#define QMK_ABI_VERSION 1u

/* Status codes. Values are part of the ABI and never change meaning. */
#define QMK_OK 0
#define QMK_ERR_NULL_POINTER (-1)     /* a required pointer argument is NULL */
#define QMK_ERR_INVALID_ARGUMENT (-2) /* a length, range or index outside its domain */
#define QMK_ERR_BUFFER_TOO_SMALL (-3) /* an output capacity below what the call must write */
#define QMK_ERR_CONFIG (-4)           /* a config string that is malformed or out of range */
#define QMK_ERR_NO_MEMORY (-5)        /* the library could not allocate its working memory */
#define QMK_ERR_STATE (-6)            /* a driver call out of order (e.g. read without a block) */
#define QMK_ERR_DEVICE (-7)           /* the photonics hardware failed or is unreachable */
#define QMK_ERR_UNSUPPORTED (-8)      /* this library does not implement the function */

/* Alice's three intensity settings, the index of qmk_driver_next_block's pulses[] and the value
 * of each alice_intensity byte. */
#define QMK_INTENSITY_SIGNAL 0
#define QMK_INTENSITY_DECOY 1
#define QMK_INTENSITY_VACUUM 2
#define QMK_INTENSITIES 3

/* Words of a packed string of `bits` bits: ceil(bits / 64). */
static inline uint64_t qmk_words(uint64_t bits) { return (bits >> 6) + ((bits & 63u) != 0); }

/* ---------------------------------------------------------------------------------------------
 * Library identity
 * ------------------------------------------------------------------------------------------- */

/* Returns QMK_ABI_VERSION of the header the library was built against. Callers check it before
 * any other call. Never fails. */
QMK_EXPORT uint32_t qmk_abi_version(void);

/* A static, NUL-terminated English description of a status code ("QMK_ERR_CONFIG: ..."); an
 * unknown code gives a string saying so. Never NULL, never to be freed. */
QMK_EXPORT const char *qmk_strerror(int status);

/* A static, NUL-terminated one-line description of the library for logs and health reports,
 * e.g. "lightvibes-sim 0.2 (kernels: avx512 vpclmulqdq)". The shipped library picks its kernel
 * code path on the first kernel call from the CPU's features; the environment variable
 * QMK_KERNELS=portable|avx2|avx512, read once, forces a lower path, and
 * QMK_TOEPLITZ=karatsuba|fft one Toeplitz algorithm whatever the size (both for tests). */
QMK_EXPORT const char *qmk_implementation(void);

/* ---------------------------------------------------------------------------------------------
 * Kernels: the post-processing hot path. Semantics are exactly those of
 * io.lightvibes.sim.driver.Kernels; outputs must be bit-identical to the Java reference.
 * ------------------------------------------------------------------------------------------- */

/* Sifting. Copies, in order, the bits of source at the positions in [0, bits) where keep is 1
 * into target, starting at target bit 0, and stores their number in *selected. Target words
 * [0, qmk_words(*selected)) are written in full (bits after the last copied one are zero); later
 * words are untouched.
 *   source, keep: qmk_words(bits) words each.
 *   target: target_words words; needs qmk_words(popcount(keep[0, bits))), else
 *           QMK_ERR_BUFFER_TOO_SMALL. A capacity of qmk_words(bits) always suffices.
 *   selected: out, the number of bits copied.
 * Errors: QMK_ERR_NULL_POINTER (source, keep, target when bits > 0, selected),
 *         QMK_ERR_BUFFER_TOO_SMALL. */
QMK_EXPORT int qmk_compress(const uint64_t *source, const uint64_t *keep, uint64_t bits,
                            uint64_t *target, uint64_t target_words, uint64_t *selected);

/* Error counting. Stores in *errors the number of 1 bits of (a XOR b) AND sample over positions
 * [0, bits): the errors two ends see on the positions they disclosed. sample == NULL counts
 * every position (the Hamming distance).
 *   a, b, sample: qmk_words(bits) words each (sample may be NULL).
 * Errors: QMK_ERR_NULL_POINTER (a, b when bits > 0, errors). */
QMK_EXPORT int qmk_count_errors(const uint64_t *a, const uint64_t *b, const uint64_t *sample,
                                uint64_t bits, uint64_t *errors);

/* Privacy amplification by a Toeplitz matrix over GF(2): out = T(seed) . key, with the m x n
 * matrix T[i][j] = seed[i - j + n - 1], so that out[i] = XOR over j < n of
 * (seed[i - j + n - 1] AND key[j]): coefficient i + n - 1 of the GF(2) polynomial product
 * seed(x) * key(x). A uniformly random seed makes this a 2-universal hash family.
 *   key: n bits, n >= 1.   seed: n + m - 1 bits.   1 <= m <= n.
 *   out: out_words >= qmk_words(m) words; words [0, qmk_words(m)) are written.
 * Cost: the shipped library computes it as a GF(2) polynomial middle product by Karatsuba on
 * carry-less multiplication, O(n * m^0.585) word operations, or for large sizes as a full
 * product by an additive FFT over GF(2^64), O(N log N) for N = (2n + m) / 32; it allocates and
 * frees its own working memory (about 2n + m bytes) inside the call.
 * Errors: QMK_ERR_NULL_POINTER, QMK_ERR_INVALID_ARGUMENT (n == 0, m == 0, m > n, n > 2^61),
 *         QMK_ERR_BUFFER_TOO_SMALL, QMK_ERR_NO_MEMORY. */
QMK_EXPORT int qmk_toeplitz_hash(const uint64_t *key, uint64_t n, const uint64_t *seed,
                                 uint64_t m, uint64_t *out, uint64_t out_words);

/* Cascade's pass parities. Bit b of out is the parity of key[permutation[t]] over
 * t in [b * block_size, min((b + 1) * block_size, bits)), for b < ceil(bits / block_size).
 *   key: qmk_words(bits) words.
 *   permutation: bits entries, each in [0, bits) (a permutation of them in Cascade's use; the
 *                library checks the range, not that it is a permutation), or NULL for the
 *                identity (Cascade's first pass).
 *   block_size >= 1.
 *   out: out_words >= qmk_words(ceil(bits / block_size)); those words are written.
 * Errors: QMK_ERR_NULL_POINTER, QMK_ERR_INVALID_ARGUMENT (block_size == 0, an entry out of
 *         range), QMK_ERR_BUFFER_TOO_SMALL. */
QMK_EXPORT int qmk_block_parities(const uint64_t *key, uint64_t bits, const int32_t *permutation,
                                  uint32_t block_size, uint64_t *out, uint64_t out_words);

/* One step of Cascade's binary search: *parity = XOR of key[permutation[t]] (or key[t] when
 * permutation is NULL) for t in [from, to); 0 for an empty range.
 *   key: key_bits bits (the positions that may be read; for a Java long[] that is 64 * length).
 *   permutation: permutation_length entries, each in [0, key_bits); NULL for the identity.
 *   from <= to, and to <= permutation_length (with a permutation) or to <= key_bits (without).
 * Errors: QMK_ERR_NULL_POINTER, QMK_ERR_INVALID_ARGUMENT. */
QMK_EXPORT int qmk_range_parity(const uint64_t *key, uint64_t key_bits, const int32_t *permutation,
                                uint64_t permutation_length, uint64_t from, uint64_t to,
                                int32_t *parity);

/* ---------------------------------------------------------------------------------------------
 * Photonics driver: blocks of detection records from a decoy-state BB84 transmitter (Alice)
 * and receiver (Bob). What the key engine needs from hardware is, per block: how many pulses
 * Alice sent at each intensity, and for every detection (every gate where Bob's detector
 * clicked), in time order, Alice's intensity, basis and bit and Bob's basis and bit. Pulses
 * Bob did not detect are not reported. Bases: 1 = Z (the test basis), 0 = X (the key basis).
 *
 * A driver is one link end-to-end as the engine sees it; in a real deployment Alice's and
 * Bob's records come from two boxes, and this driver is where they are joined by time slot.
 * ------------------------------------------------------------------------------------------- */

/* Opaque driver state; only the library knows its layout. */
typedef struct qmk_driver qmk_driver;

/* Opens a driver and stores its handle in *driver.
 *   config: NUL-terminated ASCII, "key=value" pairs separated by ';' (spaces around keys and
 *           values are ignored; an empty pair is ignored). Numbers are decimal, as C's strtod /
 *           strtoll read them in the "C" locale (Java's Double.toString form, e.g. 1.7E-6).
 *           Unknown keys, repeated keys and values out of range are QMK_ERR_CONFIG. Keys and
 *           what the simulator does with them (defaults: the GYS link of docs/PHYSICS.md):
 *             mu (0.5), nu (0.1), vacuum (0)        mean photon numbers, nu + vacuum < mu <= 10,
 *                                                   0 <= vacuum < nu
 *             signal_probability (0.6), decoy_probability (0.3)   in (0, 1), sum < 1; the
 *                                                   vacuum takes the rest
 *             basis_x_probability (0.7)            both ends choose X with it, in (0, 1)
 *             alpha_db_per_km (0.21), distance_km (25), bob_loss_db (0)   finite, >= 0
 *             detector_efficiency (0.045)          in (0, 1]
 *             dark_count_probability (1.7E-6)      background clicks per gate, in [0, 1)
 *             misalignment (0.033)                 e_d, in [0, 0.5]
 *             eve_fraction (0)                     intercept-resend fraction, in [0, 1]
 *             pulses_per_block (1000000000)        integer >= 1
 *             seed (0)                             signed 64-bit integer: the simulator's RNG
 *           A hardware driver takes what it can set (intensities, probabilities,
 *           pulses_per_block), accepts and ignores what the fibre decides (distance, loss,
 *           dark counts, misalignment, eve_fraction, seed), and still rejects unknown keys.
 *   driver: out, the new handle; release it with qmk_driver_close.
 *   message, message_capacity: optional (NULL, 0): on failure a NUL-terminated, possibly
 *           truncated, human-readable reason naming the offending key; untouched on success.
 * Thread-safety: safe from any thread; the new handle belongs to the caller.
 * Errors: QMK_ERR_NULL_POINTER, QMK_ERR_CONFIG, QMK_ERR_NO_MEMORY, QMK_ERR_DEVICE. */
QMK_EXPORT int qmk_driver_open(const char *config, qmk_driver **driver, char *message,
                               uint64_t message_capacity);

/* Replaces the configuration for the following blocks (drills change eve_fraction or
 * distance_km between blocks). Same syntax, keys and defaults as qmk_driver_open; a key left
 * out takes its default, not its previous value. The random stream is not reseeded: seed is
 * accepted and ignored here, so a run stays reproducible from the seed given at open. On
 * failure the previous configuration stays in force. A block already pending is unaffected.
 * Errors: QMK_ERR_NULL_POINTER, QMK_ERR_CONFIG, QMK_ERR_DEVICE. */
QMK_EXPORT int qmk_driver_configure(qmk_driver *driver, const char *config, char *message,
                                    uint64_t message_capacity);

/* Step one of reading a block: sends (or, for hardware, collects) one block of
 * pulses_per_block pulses and holds its records inside the handle until
 * qmk_driver_read_block. A block still pending from an earlier call is discarded first.
 *   pulses: out, QMK_INTENSITIES counts: pulses Alice sent at each intensity, detected or not
 *           (they sum to pulses_per_block).
 *   detections: out, the number of detections in the block; size the buffers of
 *           qmk_driver_read_block by it.
 * The simulator samples detection events per intensity, not pulses, so its cost is in
 * proportion to the detections (about 0.1 s per 10^7 detections on one core).
 * Errors: QMK_ERR_NULL_POINTER, QMK_ERR_NO_MEMORY, QMK_ERR_DEVICE. */
QMK_EXPORT int qmk_driver_next_block(qmk_driver *driver, uint64_t *pulses, uint64_t *detections);

/* Step two: copies the pending block's records into the caller's buffers and releases it.
 *   capacity: how many detections the buffers hold; must be >= the pending block's detections,
 *           else QMK_ERR_BUFFER_TOO_SMALL (the block stays pending and can be read again).
 *   alice_intensity: capacity bytes, one QMK_INTENSITY_* per detection.
 *   alice_basis_z, alice_bit, bob_basis_z, bob_bit: qmk_words(capacity) words each, packed;
 *           words [0, qmk_words(detections)) are written, bits beyond detections zero.
 * Detection i of every array is the same gate. A NULL buffer is allowed only when capacity is
 * 0 and the block is empty.
 * Errors: QMK_ERR_NULL_POINTER, QMK_ERR_STATE (no block pending), QMK_ERR_BUFFER_TOO_SMALL. */
QMK_EXPORT int qmk_driver_read_block(qmk_driver *driver, uint64_t capacity,
                                     uint8_t *alice_intensity, uint64_t *alice_basis_z,
                                     uint64_t *alice_bit, uint64_t *bob_basis_z,
                                     uint64_t *bob_bit);

/* Releases the handle and everything it holds (a pending block included). NULL is a no-op.
 * The handle must not be used afterwards. Never fails. */
QMK_EXPORT void qmk_driver_close(qmk_driver *driver);

#ifdef __cplusplus
}
#endif

#endif /* QMK_H */
