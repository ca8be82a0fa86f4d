/*
 * The simulator's random source and its exact discrete samplers.
 */
#include <math.h>

#include "sim_internal.h"

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

void qmk_rng_seed(qmk_rng *rng, uint64_t seed) {
    uint64_t state = seed;
    for (int i = 0; i < 4; i++) {
        rng->s[i] = splitmix64(&state);
    }
}

/* Inversion by sequential search from 0, for small means (n p < 10, p <= 1/2). The search
 * restarts if rounding ever carries it past a bound the mass below which is 1 - 1e-20. */
static uint64_t binomial_inversion(qmk_rng *rng, uint64_t n, double p) {
    double q = 1.0 - p;
    double dn = (double)n;
    double q_n = exp(dn * log1p(-p));
    double mean = dn * p;
    double bound = fmin(dn, mean + 10.0 * sqrt(mean * q + 1.0));
    for (;;) {
        double u = qmk_rng_uniform(rng);
        double px = q_n;
        uint64_t x = 0;
        while (u > px) {
            x++;
            if ((double)x > bound) {
                break;
            }
            u -= px;
            px *= ((dn - (double)x + 1.0) * p) / ((double)x * q);
        }
        if ((double)x <= bound) {
            return x;
        }
    }
}

/* log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(sqrt(2 pi))]: the Stirling remainder,
 * tabulated below 10 and from its asymptotic series above. */
static double stirling_tail(double k) {
    static const double table[10] = {
        0.08106146679532726, 0.04134069595540929, 0.02767792568499834,
        0.02079067210376509, 0.01664469118982119, 0.01387612882307075,
        0.01189670994589177, 0.01041126526197209, 0.009255462182712733,
        0.008330563433362871,
    };
    if (k < 10.0) {
        return table[(int)k];
    }
    double k1 = k + 1.0;
    double k1sq = k1 * k1;
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / k1sq) / k1sq) / k1;
}

/* BTRS for n p >= 10, p <= 1/2. Every accepted k has exactly the binomial probability: the
 * squeeze accepts only where the hat lies below the density, the rest is accepted against
 * log(f(k) / f(m)) written with logs of ratios and Stirling remainders, which stays accurate
 * for n in the billions (a difference of lgamma values there would lose five digits). */
static uint64_t binomial_btrs(qmk_rng *rng, uint64_t n, double p) {
    double dn = (double)n;
    double spq = sqrt(dn * p * (1.0 - p));
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = dn * p + 0.5;
    double v_r = 0.92 - 4.2 / b;
    double alpha = (2.83 + 5.1 / b) * spq;
    double r = p / (1.0 - p);
    double m = floor((dn + 1.0) * p);
    double at_mode = (m + 0.5) * log((m + 1.0) / (r * (dn - m + 1.0))) + stirling_tail(m) +
                     stirling_tail(dn - m);
    for (;;) {
        double u = qmk_rng_uniform(rng) - 0.5;
        double v = qmk_rng_uniform(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + c);
        if (k < 0.0 || k > dn) {
            continue;
        }
        if (us >= 0.07 && v <= v_r) {
            return (uint64_t)k;
        }
        v = log(v * alpha / (a / (us * us) + b));
        double bound = at_mode + (dn + 1.0) * log((dn - m + 1.0) / (dn - k + 1.0)) +
                       (k + 0.5) * log(r * (dn - k + 1.0) / (k + 1.0)) - stirling_tail(k) -
                       stirling_tail(dn - k);
        if (v <= bound) {
            return (uint64_t)k;
        }
    }
}

uint64_t qmk_sample_binomial(qmk_rng *rng, uint64_t n, double p) {
    if (n == 0 || !(p > 0.0)) {
        return 0;
    }
    if (p >= 1.0) {
        return n;
    }
    if (p > 0.5) {
        return n - qmk_sample_binomial(rng, n, 1.0 - p);
    }
    if ((double)n * p < 10.0) {
        return binomial_inversion(rng, n, p);
    }
    return binomial_btrs(rng, n, p);
}

void qmk_sample_multinomial(qmk_rng *rng, uint64_t n, const double *weights, unsigned count,
                            uint64_t *out) {
    double rest = 0.0;
    for (unsigned i = 0; i < count; i++) {
        rest += weights[i];
    }
    uint64_t left = n;
    for (unsigned i = 0; i < count; i++) {
        if (i + 1 == count || left == 0) {
            out[i] = left;
            left = 0;
            continue;
        }
        double share = rest > 0.0 ? weights[i] / rest : 0.0;
        out[i] = qmk_sample_binomial(rng, left, share);
        left -= out[i];
        rest -= weights[i];
    }
}
