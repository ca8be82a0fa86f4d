/**
 * The ethics guard at the gateway: every request decided by declarative policies, and rate
 * limits per peer.
 */
package io.lightvibes.service.guard;
