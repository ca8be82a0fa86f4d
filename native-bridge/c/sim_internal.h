/*
 * Internal parts of the simulated photonics driver: its configuration, its random source and
 * the exact samplers it draws from. Not part of the ABI; the C tests include it.
 */
#ifndef QMK_SIM_INTERNAL_H
#define QMK_SIM_INTERNAL_H

#include <stdint.h>

/* The physics of one link, as qmk_driver_open's config string gives it (keys in qmk.h). */
typedef struct qmk_sim_config {
    double mu;
    double nu;
    double vacuum;
    double signal_probability;
    double decoy_probability;
    double basis_x_probability;
    double alpha_db_per_km;
    double distance_km;
    double detector_efficiency;
    double bob_loss_db;
    double dark_count_probability;
    double misalignment;
    double eve_fraction;
    uint64_t pulses_per_block;
    int64_t seed;
} qmk_sim_config;

/* Parses a config string into *config (defaults for keys left out) and checks every range.
 * Returns QMK_OK or QMK_ERR_CONFIG with a reason naming the key in message (if given). *config
 * is written only on success. */
int qmk_sim_parse_config(const char *text, qmk_sim_config *config, char *message,
                         uint64_t message_capacity);

/* xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", ACM
 * TOMS 47 (2021)), seeded through splitmix64 so that any 64-bit seed gives a good state. */
typedef struct qmk_rng {
    uint64_t s[4];
} qmk_rng;

void qmk_rng_seed(qmk_rng *rng, uint64_t seed);

static inline uint64_t qmk_rng_next(qmk_rng *rng) {
    uint64_t *s = rng->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform on [0, 1) with 53 random bits: a Bernoulli(p) draw is uniform < p, exact for p = 0
 * and p = 1. */
static inline double qmk_rng_uniform(qmk_rng *rng) {
    return (double)(qmk_rng_next(rng) >> 11) * 0x1.0p-53;
}

/* An exact Binomial(n, p) variate: inversion for n * min(p, 1 - p) < 10, otherwise Hormann's
 * transformed rejection with squeeze (BTRS; W. Hormann, "The generation of binomial random
 * variates", J. Statist. Comput. Simul. 46 (1993) 101-110). Expected O(1) uniforms. */
uint64_t qmk_sample_binomial(qmk_rng *rng, uint64_t n, double p);

/* Multinomial(n, weights / sum(weights)) over `count` categories by conditional binomials. */
void qmk_sample_multinomial(qmk_rng *rng, uint64_t n, const double *weights, unsigned count,
                            uint64_t *out);

#endif /* QMK_SIM_INTERNAL_H */
