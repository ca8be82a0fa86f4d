/** The HTTP load figures: our routes beside their bare twins, one server, wrk on the other core. */
package io.lightvibes.benchmarks.http;
