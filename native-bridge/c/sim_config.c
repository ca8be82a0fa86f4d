/*
 * The simulated driver's config string: "key=value" pairs separated by ';' (qmk.h lists the
 * keys). Strict: unknown keys, repeated keys, empty or trailing-garbage values and values out
 * of range are rejected with a message naming the key. Numbers are read in the "C" locale
 * whatever the process's locale is (a JVM may have set LC_NUMERIC to one with decimal commas).
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qmk.h"
#include "sim_internal.h"

enum value_kind { REAL, COUNT, SIGNED };

typedef struct config_key {
    const char *name;
    enum value_kind kind;
    size_t offset;
} config_key;

#define KEY(field, kind) {#field, kind, offsetof(qmk_sim_config, field)}
static const config_key KEYS[] = {
    KEY(mu, REAL),
    KEY(nu, REAL),
    KEY(vacuum, REAL),
    KEY(signal_probability, REAL),
    KEY(decoy_probability, REAL),
    KEY(basis_x_probability, REAL),
    KEY(alpha_db_per_km, REAL),
    KEY(distance_km, REAL),
    KEY(detector_efficiency, REAL),
    KEY(bob_loss_db, REAL),
    KEY(dark_count_probability, REAL),
    KEY(misalignment, REAL),
    KEY(eve_fraction, REAL),
    KEY(pulses_per_block, COUNT),
    KEY(seed, SIGNED),
};
#undef KEY
#define KEY_COUNT (sizeof KEYS / sizeof KEYS[0])

/* The defaults of docs/PHYSICS.md: the GYS experiment (Gobby, Yuan and Shields, Appl. Phys.
 * Lett. 84, 3762 (2004)) at 25 km, one second of light at 1 GHz per block. */
static const qmk_sim_config DEFAULTS = {
    .mu = 0.5,
    .nu = 0.1,
    .vacuum = 0.0,
    .signal_probability = 0.6,
    .decoy_probability = 0.3,
    .basis_x_probability = 0.7,
    .alpha_db_per_km = 0.21,
    .distance_km = 25.0,
    .detector_efficiency = 0.045,
    .bob_loss_db = 0.0,
    .dark_count_probability = 1.7e-6,
    .misalignment = 0.033,
    .eve_fraction = 0.0,
    .pulses_per_block = 1000000000u,
    .seed = 0,
};

static int fail(char *message, uint64_t capacity, const char *format, const char *key,
                const char *value) {
    if (message != NULL && capacity > 0) {
        snprintf(message, (size_t)(capacity > 4096 ? 4096 : capacity), format, key, value);
    }
    return QMK_ERR_CONFIG;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Copies text[from, to) without surrounding spaces into buffer (NUL-terminated), or returns 0
 * if it does not fit. */
static int trimmed(const char *from, const char *to, char *buffer, size_t size) {
    while (from < to && is_space(*from)) {
        from++;
    }
    while (to > from && is_space(to[-1])) {
        to--;
    }
    size_t length = (size_t)(to - from);
    if (length + 1 > size) {
        return 0;
    }
    memcpy(buffer, from, length);
    buffer[length] = '\0';
    return 1;
}

static int parse_value(const config_key *key, const char *value, qmk_sim_config *config) {
    char *end = NULL;
    errno = 0;
    void *field = (char *)config + key->offset;
    if (value[0] == '\0') {
        return 0;
    }
    switch (key->kind) {
    case REAL: {
        double parsed = strtod(value, &end);
        if (*end != '\0' || errno == ERANGE) {
            return 0;
        }
        *(double *)field = parsed;
        return 1;
    }
    case COUNT: {
        if (value[0] < '0' || value[0] > '9') {
            return 0;
        }
        unsigned long long parsed = strtoull(value, &end, 10);
        if (*end != '\0' || errno == ERANGE) {
            return 0;
        }
        *(uint64_t *)field = (uint64_t)parsed;
        return 1;
    }
    case SIGNED: {
        if (!(value[0] == '-' || (value[0] >= '0' && value[0] <= '9'))) {
            return 0;
        }
        long long parsed = strtoll(value, &end, 10);
        if (*end != '\0' || errno == ERANGE) {
            return 0;
        }
        *(int64_t *)field = (int64_t)parsed;
        return 1;
    }
    }
    return 0;
}

/* The ranges of the prototype's LinkParameters; the first violated one is reported. */
static const char *range_error(const qmk_sim_config *c) {
    if (!(c->mu > c->nu + c->vacuum && c->mu <= 10.0)) {
        return "mu must satisfy nu + vacuum < mu <= 10 (Lim et al. need mu > nu + vacuum)";
    }
    if (!(c->vacuum >= 0.0 && c->vacuum < c->nu)) {
        return "need 0 <= vacuum < nu";
    }
    if (!(c->signal_probability > 0.0 && c->signal_probability < 1.0)) {
        return "signal_probability must be in (0, 1)";
    }
    if (!(c->decoy_probability > 0.0 && c->decoy_probability < 1.0)) {
        return "decoy_probability must be in (0, 1)";
    }
    if (!(c->signal_probability + c->decoy_probability < 1.0)) {
        return "signal_probability + decoy_probability must leave room for the vacuum";
    }
    if (!(c->basis_x_probability > 0.0 && c->basis_x_probability < 1.0)) {
        return "basis_x_probability must be in (0, 1)";
    }
    if (!(c->alpha_db_per_km >= 0.0 && isfinite(c->alpha_db_per_km))) {
        return "alpha_db_per_km must be finite and >= 0";
    }
    if (!(c->distance_km >= 0.0 && isfinite(c->distance_km))) {
        return "distance_km must be finite and >= 0";
    }
    if (!(c->detector_efficiency > 0.0 && c->detector_efficiency <= 1.0)) {
        return "detector_efficiency must be in (0, 1]";
    }
    if (!(c->bob_loss_db >= 0.0 && isfinite(c->bob_loss_db))) {
        return "bob_loss_db must be finite and >= 0";
    }
    if (!(c->dark_count_probability >= 0.0 && c->dark_count_probability < 1.0)) {
        return "dark_count_probability must be in [0, 1)";
    }
    if (!(c->misalignment >= 0.0 && c->misalignment <= 0.5)) {
        return "misalignment must be in [0, 0.5]";
    }
    if (!(c->eve_fraction >= 0.0 && c->eve_fraction <= 1.0)) {
        return "eve_fraction must be in [0, 1]";
    }
    if (c->pulses_per_block < 1) {
        return "pulses_per_block must be >= 1";
    }
    return NULL;
}

static int parse_pairs(const char *text, qmk_sim_config *parsed, char *message,
                       uint64_t capacity) {
    unsigned seen[KEY_COUNT] = {0};
    const char *cursor = text;
    while (*cursor != '\0') {
        const char *end = strchr(cursor, ';');
        if (end == NULL) {
            end = cursor + strlen(cursor);
        }
        const char *equals = memchr(cursor, '=', (size_t)(end - cursor));
        char name[64];
        char value[128];
        if (equals == NULL) {
            if (!trimmed(cursor, end, value, sizeof value)) {
                return fail(message, capacity, "config: pair too long near '%s%s'", "", "");
            }
            if (value[0] != '\0') {
                return fail(message, capacity, "config: '%s%s' is not key=value", value, "");
            }
        } else {
            if (!trimmed(cursor, equals, name, sizeof name)) {
                return fail(message, capacity, "config: key too long%s%s", "", "");
            }
            if (!trimmed(equals + 1, end, value, sizeof value)) {
                return fail(message, capacity, "config: value of %s too long%s", name, "");
            }
            size_t k = 0;
            while (k < KEY_COUNT && strcmp(KEYS[k].name, name) != 0) {
                k++;
            }
            if (k == KEY_COUNT) {
                return fail(message, capacity, "config: unknown key '%s'%s", name, "");
            }
            if (seen[k]++) {
                return fail(message, capacity, "config: key %s given twice%s", name, "");
            }
            if (!parse_value(&KEYS[k], value, parsed)) {
                return fail(message, capacity,
                            KEYS[k].kind == REAL
                                ? "config: %s = '%s' is not a number"
                                : "config: %s = '%s' is not a decimal integer in range",
                            name, value);
            }
        }
        cursor = *end == ';' ? end + 1 : end;
    }
    return QMK_OK;
}

int qmk_sim_parse_config(const char *text, qmk_sim_config *config, char *message,
                         uint64_t message_capacity) {
    qmk_sim_config parsed = DEFAULTS;
    locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c_numeric == (locale_t)0) {
        return fail(message, message_capacity, "config: cannot create the C locale%s%s", "", "");
    }
    locale_t previous = uselocale(c_numeric);
    int status = parse_pairs(text, &parsed, message, message_capacity);
    uselocale(previous);
    freelocale(c_numeric);
    if (status != QMK_OK) {
        return status;
    }
    const char *problem = range_error(&parsed);
    if (problem != NULL) {
        return fail(message, message_capacity, "config: %s%s", problem, "");
    }
    *config = parsed;
    return QMK_OK;
}
