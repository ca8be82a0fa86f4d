/** In-process figures of the key service: what one issuance costs without HTTP. */
package io.lightvibes.benchmarks.service;
