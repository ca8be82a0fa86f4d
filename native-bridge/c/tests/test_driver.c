/*
 * The simulated photonics driver against the model it samples from, ported from the
 * prototype's tests/quantum/test_photonics.py: gains and error rates of Ma, Qi, Zhao and Lo,
 * Phys. Rev. A 72, 012326 (2005), Sec. II; intercept-resend raising the QBER by about p/4
 * (Gisin, Ribordy, Tittel and Zbinden, Rev. Mod. Phys. 74, 145 (2002)); plus the exact
 * binomial sampler, the config parser and the two-step read protocol. Statistical checks
 * allow 5 standard deviations, as the prototype's did.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "qmk.h"
#include "sim_internal.h"

#define SIGMAS 5.0

/* ------------------------------------------------------------------------------------------ */
/* The model, written out independently of sim_driver.c. */

typedef struct link {
    double mu, nu, vacuum, p_signal, p_decoy, q_x, alpha, distance, efficiency, y0, e_d, eve;
    uint64_t pulses;
} link;

static link gys(void) {
    link l = {0.5, 0.1, 0.0, 0.6, 0.3, 0.7, 0.21, 25.0, 0.045, 1.7e-6, 0.033, 0.0, 1000000000u};
    return l;
}

static double intensity_of(const link *l, int k) { return k == 0 ? l->mu : k == 1 ? l->nu : l->vacuum; }

static double probability_of(const link *l, int k) {
    return k == 0 ? l->p_signal : k == 1 ? l->p_decoy : 1.0 - l->p_signal - l->p_decoy;
}

static double eta_of(const link *l) { return pow(10.0, -l->alpha * l->distance / 10.0) * l->efficiency; }

static double expected_gain(const link *l, int k) {
    return fmin(1.0, l->y0 + 1.0 - exp(-eta_of(l) * intensity_of(l, k)));
}

static double expected_error_rate(const link *l, int k) {
    double signal = 1.0 - exp(-eta_of(l) * intensity_of(l, k));
    double e = (1.0 - l->eve) * l->e_d + l->eve * (0.5 * l->e_d + 0.25);
    return (0.5 * l->y0 + e * signal) / expected_gain(l, k);
}

static void config_of(const link *l, int64_t seed, char *text, size_t size) {
    snprintf(text, size,
             "mu=%.17g;nu=%.17g;vacuum=%.17g;signal_probability=%.17g;decoy_probability=%.17g;"
             "basis_x_probability=%.17g;alpha_db_per_km=%.17g;distance_km=%.17g;"
             "detector_efficiency=%.17g;bob_loss_db=0.0;dark_count_probability=%.17g;"
             "misalignment=%.17g;eve_fraction=%.17g;pulses_per_block=%llu;seed=%lld",
             l->mu, l->nu, l->vacuum, l->p_signal, l->p_decoy, l->q_x, l->alpha, l->distance,
             l->efficiency, l->y0, l->e_d, l->eve, (unsigned long long)l->pulses, (long long)seed);
}

/* ------------------------------------------------------------------------------------------ */

typedef struct block {
    uint64_t pulses[QMK_INTENSITIES];
    uint64_t detections;
    uint8_t *intensity;
    uint64_t *alice_z, *alice_bit, *bob_z, *bob_bit;
} block;

static int bit_of(const uint64_t *words, uint64_t i) { return (int)((words[i >> 6] >> (i & 63)) & 1); }

static block run_block(const link *l, int64_t seed) {
    char config[1024];
    config_of(l, seed, config, sizeof config);
    qmk_driver *driver = NULL;
    char message[256] = "";
    block b;
    memset(&b, 0, sizeof b);
    int status = qmk_driver_open(config, &driver, message, sizeof message);
    CHECK(status == QMK_OK, "open: %s", message);
    if (status != QMK_OK) {
        return b;
    }
    CHECK(qmk_driver_next_block(driver, b.pulses, &b.detections) == QMK_OK, "next_block");
    size_t words = (size_t)qmk_words(b.detections) + 1;
    b.intensity = malloc((size_t)b.detections + 1);
    b.alice_z = malloc(words * 8);
    b.alice_bit = malloc(words * 8);
    b.bob_z = malloc(words * 8);
    b.bob_bit = malloc(words * 8);
    CHECK(qmk_driver_read_block(driver, b.detections, b.intensity, b.alice_z, b.alice_bit, b.bob_z,
                                b.bob_bit) == QMK_OK,
          "read_block");
    qmk_driver_close(driver);
    return b;
}

static void free_block(block *b) {
    free(b->intensity);
    free(b->alice_z);
    free(b->alice_bit);
    free(b->bob_z);
    free(b->bob_bit);
}

static int within(double observed, double expected, double sigma) {
    return fabs(observed - expected) <= SIGMAS * sigma + 1.0;
}

/* ------------------------------------------------------------------------------------------ */

static void detections_follow_the_gain_model(void) {
    static const double distances[] = {0.0, 25.0, 100.0};
    for (size_t d = 0; d < 3; d++) {
        link l = gys();
        l.distance = distances[d];
        l.pulses = 20000000;
        block b = run_block(&l, 1);
        CHECK(b.pulses[0] + b.pulses[1] + b.pulses[2] == l.pulses, "pulses add up");
        uint64_t clicks[3] = {0, 0, 0};
        for (uint64_t i = 0; i < b.detections; i++) {
            clicks[b.intensity[i]]++;
        }
        for (int k = 0; k < 3; k++) {
            double share = probability_of(&l, k);
            double n = (double)l.pulses;
            CHECK(within((double)b.pulses[k], n * share, sqrt(n * share * (1 - share))),
                  "distance %g intensity %d: %llu pulses sent", l.distance, k,
                  (unsigned long long)b.pulses[k]);
            double gain = expected_gain(&l, k);
            double sent = (double)b.pulses[k];
            CHECK(within((double)clicks[k], sent * gain, sqrt(sent * gain * (1 - gain))),
                  "distance %g intensity %d: %llu clicks, expected %.1f", l.distance, k,
                  (unsigned long long)clicks[k], sent * gain);
        }
        free_block(&b);
    }
}

/* Matched-basis clicks of an intensity: how many and how many with Alice's and Bob's bits
 * different. */
static void matched_errors(const block *b, int k, uint64_t *matched, uint64_t *errors) {
    *matched = *errors = 0;
    for (uint64_t i = 0; i < b->detections; i++) {
        if (b->intensity[i] == k && bit_of(b->alice_z, i) == bit_of(b->bob_z, i)) {
            (*matched)++;
            *errors += (uint64_t)(bit_of(b->alice_bit, i) != bit_of(b->bob_bit, i));
        }
    }
}

static void matched_basis_errors_follow_the_error_model(void) {
    link l = gys();
    l.distance = 10.0;
    l.pulses = 50000000;
    block b = run_block(&l, 2);
    for (int k = 0; k < 2; k++) {
        uint64_t n, errors;
        matched_errors(&b, k, &n, &errors);
        double e = expected_error_rate(&l, k);
        CHECK(n > 1000 && within((double)errors, (double)n * e, sqrt((double)n * e * (1 - e))),
              "intensity %d: %llu errors in %llu, expected rate %g", k,
              (unsigned long long)errors, (unsigned long long)n, e);
    }
    free_block(&b);
}

static void vacuum_clicks_are_dark_counts_with_random_bits(void) {
    link l = gys();
    l.y0 = 1e-3;
    l.pulses = 5000000;
    block b = run_block(&l, 3);
    uint64_t n, errors;
    matched_errors(&b, 2, &n, &errors);
    CHECK(n > 100 && within((double)errors, (double)n / 2, sqrt((double)n / 4)),
          "vacuum: %llu errors in %llu", (unsigned long long)errors, (unsigned long long)n);
    free_block(&b);
}

static void bases_and_bits_are_unbiased_as_configured(void) {
    link l = gys();
    l.distance = 0.0;
    l.pulses = 20000000;
    block b = run_block(&l, 4);
    double n = (double)b.detections, q_z = 1.0 - l.q_x;
    const uint64_t *flags[4] = {b.alice_z, b.bob_z, b.alice_bit, b.bob_bit};
    const double p[4] = {q_z, q_z, 0.5, 0.5};
    for (int f = 0; f < 4; f++) {
        uint64_t ones = 0;
        for (uint64_t i = 0; i < b.detections; i++) {
            ones += (uint64_t)bit_of(flags[f], i);
        }
        CHECK(within((double)ones, n * p[f], sqrt(n * p[f] * (1 - p[f]))),
              "flag %d: %llu ones of %.0f", f, (unsigned long long)ones, n);
    }
    /* Tails past the last detection are zero (the canonical packed form). */
    if (b.detections % 64 != 0) {
        uint64_t last = b.detections / 64, mask = ~UINT64_C(0) << (b.detections % 64);
        CHECK((b.alice_z[last] & mask) == 0 && (b.bob_bit[last] & mask) == 0, "tails are zero");
    }
    free_block(&b);
}

static void intercept_resend_raises_qber_by_a_quarter_of_the_fraction(void) {
    static const double fractions[] = {0.2, 0.5, 1.0};
    for (int f = 0; f < 3; f++) {
        link honest = gys();
        honest.pulses = 30000000;
        link attacked = honest;
        attacked.eve = fractions[f];
        block b = run_block(&attacked, 5);
        uint64_t n, errors;
        matched_errors(&b, 0, &n, &errors);
        double qber = (double)errors / (double)n;
        double baseline = expected_error_rate(&honest, 0);
        /* Exactly p (1/4 - e_d / 2) on the non-background share of signal clicks. */
        double exact = baseline + attacked.eve * (0.25 - honest.e_d / 2) *
                                      (1 - honest.y0 / expected_gain(&honest, 0));
        double sigma = sqrt(exact * (1 - exact) / (double)n);
        CHECK(fabs(qber - exact) < SIGMAS * sigma, "eve %g: qber %g, exact %g", attacked.eve,
              qber, exact);
        CHECK(fabs(qber - (baseline + attacked.eve / 4)) <
                  attacked.eve * honest.e_d / 2 + SIGMAS * sigma,
              "eve %g: qber %g is not baseline + p/4", attacked.eve, qber);
        CHECK(fabs(expected_error_rate(&attacked, 0) - exact) < 1e-12, "model and exact agree");
        free_block(&b);
    }
}

static int blocks_equal(const block *a, const block *b) {
    if (a->detections != b->detections || memcmp(a->pulses, b->pulses, sizeof a->pulses) != 0) {
        return 0;
    }
    size_t words = (size_t)qmk_words(a->detections);
    return memcmp(a->intensity, b->intensity, (size_t)a->detections) == 0 &&
           memcmp(a->alice_z, b->alice_z, words * 8) == 0 &&
           memcmp(a->alice_bit, b->alice_bit, words * 8) == 0 &&
           memcmp(a->bob_z, b->bob_z, words * 8) == 0 &&
           memcmp(a->bob_bit, b->bob_bit, words * 8) == 0;
}

static void seeded_runs_are_reproducible(void) {
    link l = gys();
    l.pulses = 2000000;
    l.eve = 0.3;
    block first = run_block(&l, 42), second = run_block(&l, 42), other = run_block(&l, 43);
    CHECK(blocks_equal(&first, &second), "the same seed gives the same block");
    CHECK(!blocks_equal(&first, &other), "another seed gives another block");
    free_block(&first);
    free_block(&second);
    free_block(&other);
}

static void a_billion_pulse_block_samples_detection_events(void) {
    link l = gys();
    block b = run_block(&l, 6);
    CHECK(b.pulses[0] + b.pulses[1] + b.pulses[2] == 1000000000u, "a billion pulses");
    double expected = 0.0;
    for (int k = 0; k < 3; k++) {
        expected += probability_of(&l, k) * expected_gain(&l, k) * 1e9;
    }
    CHECK(within((double)b.detections, expected, sqrt(expected)), "%llu detections, expected %.0f",
          (unsigned long long)b.detections, expected);
    free_block(&b);
}

/* ------------------------------------------------------------------------------------------ */

static double log_binomial_pmf(uint64_t n, double p, uint64_t k) {
    return lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) +
           (double)k * log(p) + (double)(n - k) * log1p(-p);
}

/* Chi-square goodness of fit of the exact sampler against the binomial pmf, both algorithms
 * (inversion below n p = 10, BTRS above) and the p > 1/2 reflection. */
static void binomial_sampler_matches_the_pmf(void) {
    static const struct {
        uint64_t n;
        double p;
    } cases[] = {{20, 0.3}, {5, 0.5}, {1000, 0.004}, {1000, 0.3}, {200, 0.9}, {100000, 0.5}, {1000000000, 0.0043}};
    qmk_rng rng;
    qmk_rng_seed(&rng, 99);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint64_t n = cases[c].n;
        double p = cases[c].p, mean = (double)n * p, sd = sqrt(mean * (1 - p));
        /* Cells: unit-width bins around the mean, tails merged, each with expected >= 20. */
        enum { DRAWS = 200000, CELLS = 64 };
        double lo = fmax(0.0, floor(mean - 4 * sd)), width = fmax(1.0, ceil(8 * sd / (CELLS - 2)));
        double observed[CELLS] = {0}, expected[CELLS] = {0};
        uint64_t largest = 0;
        for (int i = 0; i < DRAWS; i++) {
            uint64_t x = qmk_sample_binomial(&rng, n, p);
            largest = x > largest ? x : largest;
            double cell = floor(((double)x - lo) / width) + 1;
            observed[cell < 0 ? 0 : cell >= CELLS - 1 ? CELLS - 1 : (int)cell]++;
        }
        /* Expected counts: exact pmf summed over each cell's range (normal tails merged). */
        double total = 0.0;
        uint64_t first = (uint64_t)fmax(0.0, floor(mean - 12 * sd - 10));
        uint64_t last = (uint64_t)fmin((double)n, ceil(mean + 12 * sd + 10));
        for (uint64_t k = first; k <= last; k++) {
            double pk = exp(log_binomial_pmf(n, p, k));
            double cell = floor(((double)k - lo) / width) + 1;
            expected[cell < 0 ? 0 : cell >= CELLS - 1 ? CELLS - 1 : (int)cell] += pk * DRAWS;
            total += pk;
        }
        CHECK(largest <= n, "sample %llu > n", (unsigned long long)largest);
        double chi2 = 0.0;
        int dof = -1;
        double carry_o = 0.0, carry_e = 0.0;
        for (int i = 0; i < CELLS; i++) {
            carry_o += observed[i];
            carry_e += expected[i];
            if (carry_e >= 20.0 || i == CELLS - 1) {
                chi2 += (carry_o - carry_e) * (carry_o - carry_e) / fmax(carry_e, 1e-300);
                dof++;
                carry_o = carry_e = 0.0;
            }
        }
        /* chi2 with dof degrees of freedom: mean dof, sd sqrt(2 dof); 6 sd is ~1e-7 false. */
        CHECK(fabs(total - 1.0) < 1e-6, "pmf mass %g", total);
        CHECK(chi2 < dof + 6.0 * sqrt(2.0 * dof), "binomial(%llu, %g): chi2 %.1f with %d dof",
              (unsigned long long)n, p, chi2, dof);
    }
    CHECK(qmk_sample_binomial(&rng, 10, 0.0) == 0 && qmk_sample_binomial(&rng, 10, 1.0) == 10 &&
              qmk_sample_binomial(&rng, 0, 0.5) == 0,
          "degenerate binomials");
}

/* ------------------------------------------------------------------------------------------ */

static void expect_config_error(const char *config, const char *needle) {
    qmk_driver *driver = (qmk_driver *)0x1;
    char message[256] = "";
    int status = qmk_driver_open(config, &driver, message, sizeof message);
    CHECK(status == QMK_ERR_CONFIG, "'%s' gave %d", config, status);
    CHECK(strstr(message, needle) != NULL, "'%s': message '%s' lacks '%s'", config, message, needle);
    CHECK(driver == (qmk_driver *)0x1, "no handle on error");
}

static void bad_configs_are_rejected_with_the_key(void) {
    expect_config_error("mu=0.1;nu=0.1", "mu");
    expect_config_error("vacuum=0.2", "vacuum");
    expect_config_error("signal_probability=0.7;decoy_probability=0.3", "room for the vacuum");
    expect_config_error("basis_x_probability=1.0", "basis_x_probability");
    expect_config_error("misalignment=0.6", "misalignment");
    expect_config_error("eve_fraction=-0.1", "eve_fraction");
    expect_config_error("distance_km=nan", "distance_km");
    expect_config_error("distance_km=Infinity", "distance_km");
    expect_config_error("pulses_per_block=0", "pulses_per_block");
    expect_config_error("pulses_per_block=1e9", "pulses_per_block");
    expect_config_error("pulses_per_block=-5", "pulses_per_block");
    expect_config_error("mu=0.5x", "mu");
    expect_config_error("mu=", "mu");
    expect_config_error("colour=blue", "unknown key 'colour'");
    expect_config_error("mu=0.5;mu=0.4", "mu given twice");
    expect_config_error("mu 0.5", "not key=value");
    expect_config_error("seed=12a", "seed");
    /* The message is truncated, not overrun, and NULL is allowed. */
    char tiny[8];
    qmk_driver *driver = NULL;
    CHECK(qmk_driver_open("colour=blue", &driver, tiny, sizeof tiny) == QMK_ERR_CONFIG &&
              strlen(tiny) == sizeof tiny - 1,
          "truncated message");
    CHECK(qmk_driver_open("colour=blue", &driver, NULL, 0) == QMK_ERR_CONFIG, "no message buffer");
    CHECK(qmk_driver_open(NULL, &driver, NULL, 0) == QMK_ERR_NULL_POINTER, "NULL config");
    CHECK(qmk_driver_open("", NULL, NULL, 0) == QMK_ERR_NULL_POINTER, "NULL handle pointer");
}

static void configs_parse_with_defaults_spaces_and_any_locale(void) {
    qmk_sim_config c;
    CHECK(qmk_sim_parse_config("", &c, NULL, 0) == QMK_OK && c.mu == 0.5 && c.distance_km == 25.0 &&
              c.pulses_per_block == 1000000000u && c.seed == 0,
          "defaults");
    CHECK(qmk_sim_parse_config(" mu = 0.45 ; dark_count_probability=1.7E-6;;seed=-9", &c, NULL,
                               0) == QMK_OK &&
              c.mu == 0.45 && c.dark_count_probability == 1.7e-6 && c.seed == -9,
          "spaces, Java's exponent form, empty pairs, negative seed");
    /* A locale with decimal commas must not change how the numbers read. */
    const char *comma_locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", NULL};
    for (int i = 0; comma_locales[i] != NULL; i++) {
        if (setlocale(LC_ALL, comma_locales[i]) != NULL) {
            CHECK(qmk_sim_parse_config("mu=0.45", &c, NULL, 0) == QMK_OK && c.mu == 0.45,
                  "mu under %s", comma_locales[i]);
            break;
        }
    }
    setlocale(LC_ALL, "C");
}

static void the_read_protocol_is_enforced(void) {
    qmk_driver *driver = NULL;
    CHECK(qmk_driver_open("pulses_per_block=100000;distance_km=0", &driver, NULL, 0) == QMK_OK,
          "open");
    uint8_t intensity[1];
    uint64_t word[1];
    CHECK(qmk_driver_read_block(driver, 0, NULL, NULL, NULL, NULL, NULL) == QMK_ERR_STATE,
          "read before next_block");
    uint64_t pulses[3], detections = 0;
    CHECK(qmk_driver_next_block(NULL, pulses, &detections) == QMK_ERR_NULL_POINTER, "NULL driver");
    CHECK(qmk_driver_next_block(driver, NULL, &detections) == QMK_ERR_NULL_POINTER, "NULL pulses");
    CHECK(qmk_driver_next_block(driver, pulses, &detections) == QMK_OK && detections > 64,
          "next_block");
    CHECK(qmk_driver_read_block(driver, 1, intensity, word, word, word, word) ==
              QMK_ERR_BUFFER_TOO_SMALL,
          "capacity below detections");
    size_t words = (size_t)qmk_words(detections);
    uint8_t *in = malloc((size_t)detections);
    uint64_t *az = malloc(words * 8), *ab = malloc(words * 8), *bz = malloc(words * 8),
             *bb = malloc(words * 8);
    CHECK(qmk_driver_read_block(driver, detections, NULL, az, ab, bz, bb) == QMK_ERR_NULL_POINTER,
          "NULL buffer");
    CHECK(qmk_driver_read_block(driver, detections, in, az, ab, bz, bb) == QMK_OK,
          "the block stays pending after an error and reads afterwards");
    CHECK(qmk_driver_read_block(driver, detections, in, az, ab, bz, bb) == QMK_ERR_STATE,
          "a block is read once");
    /* Reconfiguring keeps the handle's random stream and applies from the next block. */
    char message[128] = "";
    CHECK(qmk_driver_configure(driver, "colour=red", message, sizeof message) == QMK_ERR_CONFIG &&
              strstr(message, "colour") != NULL,
          "bad reconfiguration");
    CHECK(qmk_driver_configure(driver, "pulses_per_block=1000;eve_fraction=1", NULL, 0) == QMK_OK,
          "reconfigure");
    CHECK(qmk_driver_next_block(driver, pulses, &detections) == QMK_OK &&
              pulses[0] + pulses[1] + pulses[2] == 1000,
          "the new pulses_per_block applies");
    qmk_driver_close(driver);
    qmk_driver_close(NULL);
    free(in);
    free(az);
    free(ab);
    free(bz);
    free(bb);
}

int main(void) {
    binomial_sampler_matches_the_pmf();
    bad_configs_are_rejected_with_the_key();
    configs_parse_with_defaults_spaces_and_any_locale();
    the_read_protocol_is_enforced();
    detections_follow_the_gain_model();
    matched_basis_errors_follow_the_error_model();
    vacuum_clicks_are_dark_counts_with_random_bits();
    bases_and_bits_are_unbiased_as_configured();
    intercept_resend_raises_qber_by_a_quarter_of_the_fraction();
    seeded_runs_are_reproducible();
    a_billion_pulse_block_samples_detection_events();
    return check_report("test_driver");
}
