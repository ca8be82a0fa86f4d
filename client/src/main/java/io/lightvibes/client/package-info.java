/**
 * The LIGHTVIBES Java SDK: {@link io.lightvibes.client.LightvibesClient} opens sessions, fetches
 * and unseals keys with the caller's recipient private key, reads health and checkpoints and
 * audits the evidence log, retrying 503 answers as their {@code Retry-After} says.
 */
package io.lightvibes.client;
