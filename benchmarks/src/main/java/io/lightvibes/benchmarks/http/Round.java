package io.lightvibes.benchmarks.http;

/**
 * The four measured runs of one round on one deployment, taken one after the other.
 *
 * @param issueBare {@code POST /bench/session}
 * @param issueOurs {@code POST /lightvibes/session}
 * @param fetchBare {@code GET /bench/key/{ref}}
 * @param fetchOurs {@code GET /lightvibes/key/{ref}}
 */
record Round(WrkRun issueBare, WrkRun issueOurs, WrkRun fetchBare, WrkRun fetchOurs) {
}
