/**
 * The QKD link as the key service sees it: {@link io.lightvibes.sim.link.Link} publishes
 * {@link io.lightvibes.sim.link.LinkHealth} after every block and hands out key bits from its pool.
 * The simulator, real hardware or the {@link io.lightvibes.sim.link.AbsentLink} sit behind it.
 */
package io.lightvibes.sim.link;
