/**
 * Keys that must not live in the database: the at-rest key wrapper and the evidence signing key,
 * in memory by default or in a PKCS#11 token.
 */
package io.lightvibes.service.hsm;
