/**
 * The QKD link as the key service sees it: {@link io.lightvibes.sim.link.Link} publishes
 * {@link io.lightvibes.sim.link.LinkHealth} after every block and hands out key bits from its pool.
 * The simulator ({@link io.lightvibes.sim.link.SimulatedLink}: paced blocks, the
 * {@link io.lightvibes.sim.link.LinkMonitor} with its hysteresis and tamper rule, the bounded
 * {@link io.lightvibes.sim.link.KeyPool}), real hardware or the
 * {@link io.lightvibes.sim.link.AbsentLink} sit behind it. {@link io.lightvibes.sim.link.LinkOptions}
 * and {@link io.lightvibes.sim.link.LinkSetting} carry every {@code LIGHTVIBES_LINK_*} setting.
 */
package io.lightvibes.sim.link;
