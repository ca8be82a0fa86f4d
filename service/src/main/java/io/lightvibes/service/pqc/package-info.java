/** ML-KEM-768 (FIPS 203) key establishment between the two ends of a link, expanded by HKDF-SHA256. */
package io.lightvibes.service.pqc;
