/*
 * The driver half of qmk.h, simulating the photonics: a phase-randomised weak coherent source
 * with three intensities, fibre, Bob's detector and an intercept-resend eavesdropper. Same
 * model as the prototype's quantum/_photonics.py and the Java simulator: per intensity k, the
 * gain and error rate of Ma, Qi, Zhao and Lo, Phys. Rev. A 72, 012326 (2005), Sec. II,
 *     Q_k = Y0 + 1 - exp(-eta k),     E_k Q_k = e0 Y0 + e_d (1 - exp(-eta k)),   e0 = 1/2,
 * with eta = 10^(-alpha L / 10) * eta_D * 10^(-loss_Bob / 10). Detection events are sampled,
 * not pulses: Binomial(N, sum_k p_k Q_k) clicks, each click's intensity drawn with
 * P(k | click) ~ p_k Q_k, the missed pulses split Multinomial(N - clicks, p_k (1 - Q_k)) -- the
 * exact joint law of "N_k ~ Multinomial(N, p_k), then Binomial(N_k, Q_k) clicks" -- and only
 * then bases, bits and errors per click.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qmk.h"
#include "sim_internal.h"

/* A background click carries no information about Alice's bit (Ma et al. Sec. II). */
#define BACKGROUND_ERROR_RATE 0.5

struct qmk_driver {
    qmk_sim_config config;
    qmk_rng rng;
    /* the pending block */
    int pending;
    uint64_t pulses[QMK_INTENSITIES];
    uint64_t detections;
    uint64_t capacity; /* detections the arrays below can hold */
    uint8_t *intensity;
    uint64_t *alice_basis_z;
    uint64_t *alice_bit;
    uint64_t *bob_basis_z;
    uint64_t *bob_bit;
};

int qmk_driver_open(const char *config, qmk_driver **driver, char *message,
                    uint64_t message_capacity) {
    if (config == NULL || driver == NULL) {
        return QMK_ERR_NULL_POINTER;
    }
    qmk_sim_config parsed;
    int status = qmk_sim_parse_config(config, &parsed, message, message_capacity);
    if (status != QMK_OK) {
        return status;
    }
    qmk_driver *created = calloc(1, sizeof *created);
    if (created == NULL) {
        return QMK_ERR_NO_MEMORY;
    }
    created->config = parsed;
    qmk_rng_seed(&created->rng, (uint64_t)parsed.seed);
    *driver = created;
    return QMK_OK;
}

int qmk_driver_configure(qmk_driver *driver, const char *config, char *message,
                         uint64_t message_capacity) {
    if (driver == NULL || config == NULL) {
        return QMK_ERR_NULL_POINTER;
    }
    qmk_sim_config parsed;
    int status = qmk_sim_parse_config(config, &parsed, message, message_capacity);
    if (status == QMK_OK) {
        driver->config = parsed; /* the random stream goes on: seed is ignored here */
    }
    return status;
}

static void release_records(qmk_driver *driver) {
    free(driver->intensity);
    free(driver->alice_basis_z);
    free(driver->alice_bit);
    free(driver->bob_basis_z);
    free(driver->bob_bit);
    driver->intensity = NULL;
    driver->alice_basis_z = driver->alice_bit = driver->bob_basis_z = driver->bob_bit = NULL;
    driver->capacity = 0;
}

static int reserve(qmk_driver *driver, uint64_t detections) {
    if (detections <= driver->capacity) {
        return QMK_OK;
    }
    release_records(driver);
    size_t words = (size_t)qmk_words(detections);
    driver->intensity = malloc((size_t)detections);
    driver->alice_basis_z = malloc(words * sizeof(uint64_t));
    driver->alice_bit = malloc(words * sizeof(uint64_t));
    driver->bob_basis_z = malloc(words * sizeof(uint64_t));
    driver->bob_bit = malloc(words * sizeof(uint64_t));
    if (driver->intensity == NULL || driver->alice_basis_z == NULL || driver->alice_bit == NULL ||
        driver->bob_basis_z == NULL || driver->bob_bit == NULL) {
        release_records(driver);
        return QMK_ERR_NO_MEMORY;
    }
    driver->capacity = detections;
    return QMK_OK;
}

/* The per-block constants of the model. */
typedef struct block_model {
    double gain[QMK_INTENSITIES];             /* Q_k */
    double background_share[QMK_INTENSITIES]; /* Y0 / Q_k: a click is a background count */
    double share_signal;                      /* P(signal | click) */
    double share_signal_or_decoy;             /* P(signal or decoy | click) */
    double total_gain;                        /* sum_k p_k Q_k */
    double missed_weight[QMK_INTENSITIES];    /* p_k (1 - Q_k) */
} block_model;

static block_model model_of(const qmk_sim_config *c) {
    block_model model;
    double eta = pow(10.0, -c->alpha_db_per_km * c->distance_km / 10.0) *
                 c->detector_efficiency * pow(10.0, -c->bob_loss_db / 10.0);
    const double mean[QMK_INTENSITIES] = {c->mu, c->nu, c->vacuum};
    const double probability[QMK_INTENSITIES] = {
        c->signal_probability, c->decoy_probability,
        1.0 - c->signal_probability - c->decoy_probability};
    double weight[QMK_INTENSITIES];
    model.total_gain = 0.0;
    for (int k = 0; k < QMK_INTENSITIES; k++) {
        /* 1 - exp(-eta k): at least one of the pulse's photons is detected */
        double gain = c->dark_count_probability - expm1(-eta * mean[k]);
        model.gain[k] = gain < 1.0 ? gain : 1.0;
        model.background_share[k] =
            model.gain[k] > 0.0 ? c->dark_count_probability / model.gain[k] : 1.0;
        weight[k] = probability[k] * model.gain[k];
        model.missed_weight[k] = probability[k] * (1.0 - model.gain[k]);
        model.total_gain += weight[k];
    }
    if (model.total_gain > 0.0) {
        model.share_signal = weight[0] / model.total_gain;
        model.share_signal_or_decoy = (weight[0] + weight[1]) / model.total_gain;
    } else {
        model.share_signal = model.share_signal_or_decoy = 1.0;
    }
    return model;
}

/* One random bit at a time from a 64-bit word. */
typedef struct bit_pool {
    uint64_t word;
    unsigned left;
} bit_pool;

static inline uint64_t next_bit(qmk_rng *rng, bit_pool *pool) {
    if (pool->left == 0) {
        pool->word = qmk_rng_next(rng);
        pool->left = 64;
    }
    uint64_t bit = pool->word & 1;
    pool->word >>= 1;
    pool->left--;
    return bit;
}

static void sample_records(qmk_driver *driver, const block_model *model) {
    const qmk_sim_config *c = &driver->config;
    qmk_rng *rng = &driver->rng;
    double q_z = 1.0 - c->basis_x_probability;
    double eve = c->eve_fraction;
    bit_pool pool = {0, 0};
    uint64_t clicks[QMK_INTENSITIES] = {0, 0, 0};
    uint64_t n = driver->detections;
    uint64_t az = 0, ab = 0, bz = 0, bb = 0;
    for (uint64_t i = 0; i < n; i++) {
        double u = qmk_rng_uniform(rng);
        int k = (u >= model->share_signal) + (u >= model->share_signal_or_decoy);
        clicks[k]++;
        driver->intensity[i] = (uint8_t)k;
        uint64_t alice_z = qmk_rng_uniform(rng) < q_z;
        uint64_t bob_z = qmk_rng_uniform(rng) < q_z;
        uint64_t alice_bit = next_bit(rng, &pool);
        uint64_t bob_bit;
        if (alice_z == bob_z) {
            /* Which process made the click: a background count, a photon that went through
             * Eve measuring in the wrong basis, or an undisturbed photon (possibly seen right
             * by Eve, who then resends the right state). */
            int background = qmk_rng_uniform(rng) < model->background_share[k];
            int wrong_basis_eve = 0;
            if (eve > 0.0 && !background && qmk_rng_uniform(rng) < eve) {
                wrong_basis_eve = next_bit(rng, &pool) != alice_z;
            }
            double error_probability =
                background || wrong_basis_eve ? BACKGROUND_ERROR_RATE : c->misalignment;
            bob_bit = alice_bit ^ (uint64_t)(qmk_rng_uniform(rng) < error_probability);
        } else {
            bob_bit = next_bit(rng, &pool); /* the wrong basis: a coin toss */
        }
        unsigned shift = (unsigned)(i & 63);
        az |= alice_z << shift;
        ab |= alice_bit << shift;
        bz |= bob_z << shift;
        bb |= bob_bit << shift;
        if (shift == 63 || i + 1 == n) {
            size_t w = (size_t)(i >> 6);
            driver->alice_basis_z[w] = az;
            driver->alice_bit[w] = ab;
            driver->bob_basis_z[w] = bz;
            driver->bob_bit[w] = bb;
            az = ab = bz = bb = 0;
        }
    }
    uint64_t missed[QMK_INTENSITIES];
    qmk_sample_multinomial(rng, c->pulses_per_block - n, model->missed_weight, QMK_INTENSITIES,
                           missed);
    for (int k = 0; k < QMK_INTENSITIES; k++) {
        driver->pulses[k] = clicks[k] + missed[k];
    }
}

int qmk_driver_next_block(qmk_driver *driver, uint64_t *pulses, uint64_t *detections) {
    if (driver == NULL || pulses == NULL || detections == NULL) {
        return QMK_ERR_NULL_POINTER;
    }
    driver->pending = 0;
    block_model model = model_of(&driver->config);
    double gain = model.total_gain < 1.0 ? model.total_gain : 1.0;
    uint64_t clicks = qmk_sample_binomial(&driver->rng, driver->config.pulses_per_block, gain);
    int status = reserve(driver, clicks);
    if (status != QMK_OK) {
        return status;
    }
    driver->detections = clicks;
    sample_records(driver, &model);
    driver->pending = 1;
    memcpy(pulses, driver->pulses, sizeof driver->pulses);
    *detections = clicks;
    return QMK_OK;
}

int qmk_driver_read_block(qmk_driver *driver, uint64_t capacity, uint8_t *alice_intensity,
                          uint64_t *alice_basis_z, uint64_t *alice_bit, uint64_t *bob_basis_z,
                          uint64_t *bob_bit) {
    if (driver == NULL) {
        return QMK_ERR_NULL_POINTER;
    }
    if (!driver->pending) {
        return QMK_ERR_STATE;
    }
    uint64_t n = driver->detections;
    if (capacity < n) {
        return QMK_ERR_BUFFER_TOO_SMALL;
    }
    if (n > 0 && (alice_intensity == NULL || alice_basis_z == NULL || alice_bit == NULL ||
                  bob_basis_z == NULL || bob_bit == NULL)) {
        return QMK_ERR_NULL_POINTER;
    }
    size_t words = (size_t)qmk_words(n);
    if (n > 0) {
        memcpy(alice_intensity, driver->intensity, (size_t)n);
        memcpy(alice_basis_z, driver->alice_basis_z, words * sizeof(uint64_t));
        memcpy(alice_bit, driver->alice_bit, words * sizeof(uint64_t));
        memcpy(bob_basis_z, driver->bob_basis_z, words * sizeof(uint64_t));
        memcpy(bob_bit, driver->bob_bit, words * sizeof(uint64_t));
    }
    driver->pending = 0;
    return QMK_OK;
}

void qmk_driver_close(qmk_driver *driver) {
    if (driver == NULL) {
        return;
    }
    release_records(driver);
    free(driver);
}
