/**
 * The ethics guard at the gateway: every API request is decided by declarative policies (Cedar's
 * model, conditions in CEL, type-checked at start-up; {@code docs/GUARD.md}), refusals are
 * {@code guard.denied} evidence, and each peer is rate limited (Bucket4j, in memory or in a shared
 * Redis).
 */
package io.lightvibes.service.guard;
