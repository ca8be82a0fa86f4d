/**
 * The domain: {@link io.lightvibes.service.keys.KeyService} opens sessions, sources each key
 * ({@link io.lightvibes.service.keys.ModeController}: QMK from a healthy link, else PQC if
 * allowed), seals it at once, stores only the sealed copy, delivers it exactly once, revokes and
 * expires. Nothing here knows HTTP.
 */
package io.lightvibes.service.keys;
