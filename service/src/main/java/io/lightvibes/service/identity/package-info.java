/**
 * Who calls: the peer registry, bearer tokens, client certificates (Helidon's TLS or a trusted
 * gateway's header) and the {@link io.lightvibes.service.identity.Principal} each request carries.
 */
package io.lightvibes.service.identity;
