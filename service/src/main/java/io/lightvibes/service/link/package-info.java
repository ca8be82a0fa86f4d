/**
 * Wires sim's running link and the chosen driver into the service: the driver selection
 * ({@code LIGHTVIBES_DRIVER}), the simulated link built from {@code LIGHTVIBES_LINK_*}, its
 * transitions into the evidence log, and the operator's drills.
 */
package io.lightvibes.service.link;
