package io.lightvibes.benchmarks.quantum;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.PhotonicsConfig;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does the Java photonics driver take to sample one block of 10^9 pulses (one second of
 * light at 1 GHz)? Cost grows with detections: about 1.5 x 10^7 at 0 km, 4.4 x 10^6 at 25 km.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PhotonicsBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PhotonicsBench {

    @Param({"0", "25", "100"})
    public double distanceKm;

    private JavaPhotonicsDriver driver;
    private PhotonicsConfig config;

    @Setup
    public void setUp() {
        driver = new JavaPhotonicsDriver(RandomSources.seeded(1));
        config = LinkParameters.defaults().withDistanceKm(distanceKm).toPhotonicsConfig();
    }

    /** One 10^9-pulse block of detection records. */
    @Benchmark
    public DetectionBlock billionPulseBlock() {
        return driver.nextBlock(config);
    }
}
