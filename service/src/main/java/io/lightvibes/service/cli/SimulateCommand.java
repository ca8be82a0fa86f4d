package io.lightvibes.service.cli;

import io.lightvibes.nativebridge.DriverMode;
import io.lightvibes.nativebridge.DriverSelection;
import io.lightvibes.service.http.Json;
import io.lightvibes.service.link.LinkAssembly;
import io.lightvibes.sim.driver.PhotonicsDriver;
import io.lightvibes.sim.photonics.InvalidParametersException;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import io.lightvibes.sim.theory.Simulation;
import io.lightvibes.sim.theory.SimulationPoint;
import io.lightvibes.sim.theory.TheoryCurve;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightvibes simulate}: decoy-state BB84 blocks offline, one per distance, through the real
 * post-processing; a table, {@code --json} points, or a {@code --plot} of rate against distance.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run decoy-state BB84 blocks offline, one per distance (the prototype's GYS link by default).")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--distance-km", defaultValue = "25", paramLabel = "KM[,KM...]",
            description = "one distance or a sweep: 0,25,50")
    private String distances;

    @Option(names = "--mu", description = "signal mean photon number")
    private Double mu;

    @Option(names = "--nu", description = "weak-decoy mean photon number")
    private Double nu;

    @Option(names = "--alpha-db-per-km", description = "fibre attenuation, dB/km")
    private Double alphaDbPerKm;

    @Option(names = "--detector-efficiency", description = "Bob's detection efficiency")
    private Double detectorEfficiency;

    @Option(names = "--dark-count-probability", description = "background click probability per gate")
    private Double darkCountProbability;

    @Option(names = "--misalignment", description = "optical misalignment error e_d")
    private Double misalignment;

    @Option(names = "--eve-fraction", description = "intercept-resend on this fraction of pulses")
    private Double eveFraction;

    @Option(names = "--pulses", description = "pulses per block, e.g. 1000000000 or 1e9 (default 1e9)")
    private String pulses;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default 0): a seeded run repeats exactly")
    private long seed;

    @Option(names = "--asymptotic", description = "key length from the asymptotic bound instead of the finite-key one")
    private boolean asymptotic;

    @Option(names = "--driver", defaultValue = "java", description = "java (default) or native")
    private String driver;

    @Option(names = "--json", description = "print {\"points\": [...]}")
    private boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "draw key rate vs distance with theory and PLOB")
    private Path plot;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Double> sweep = distances();
        LinkParameters params = parameters();
        DriverMode mode = switch (driver) {
            case "java" -> DriverMode.JAVA;
            case "native" -> DriverMode.NATIVE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--driver must be java or native, not '" + driver + "'");
        };
        DriverSelection drivers = LinkAssembly.drivers(mode, Optional.empty());
        var root = RandomSources.seeded(seed);
        List<SimulationPoint> points;
        PrintWriter err = spec.commandLine().getErr();
        try (PhotonicsDriver photonics = drivers.drivers().open(root.nextLong())) {
            Simulation.Progress progress = sweep.size() > 1
                    ? (done, total, point) -> {
                        err.printf(Locale.ROOT, "simulated %d/%d blocks (%s km)%n", done, total,
                                point.statistics().distanceKm());
                        err.flush();
                    }
                    : Simulation.Progress.none();
            points = new Simulation(drivers.kernels(), photonics, root.split()).run(params, sweep, asymptotic, progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (plot != null) {
            double low = sweep.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double high = Math.max(sweep.stream().mapToDouble(Double::doubleValue).max().orElse(1), 1.0);
            List<Double> grid = new ArrayList<>();
            for (int i = 0; i <= 200; i++) {
                grid.add(low + (high - low) * i / 200);
            }
            KeyRatePlot.write(points, TheoryCurve.of(params, grid), plot);
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("points", points.stream().map(SimulationPoint::toMap).toList());
            out.println(new String(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(body),
                    StandardCharsets.UTF_8));
        } else {
            SimulationTable.print(points, out);
            if (plot != null) {
                out.println("wrote " + plot);
            }
        }
        out.flush();
        return 0;
    }

    private List<Double> distances() {
        try {
            List<Double> parsed = Arrays.stream(distances.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(Double::parseDouble).toList();
            if (parsed.isEmpty() || parsed.stream().anyMatch(d -> !(d >= 0) || d.isInfinite())) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--distance-km takes one or more comma-separated distances >= 0, e.g. 0,25,50 (got '" + distances
                            + "')");
        }
    }

    private LinkParameters parameters() {
        LinkParameters.Builder builder = LinkParameters.defaults().toBuilder();
        if (mu != null) {
            builder.mu(mu);
        }
        if (nu != null) {
            builder.nu(nu);
        }
        if (alphaDbPerKm != null) {
            builder.alphaDbPerKm(alphaDbPerKm);
        }
        if (detectorEfficiency != null) {
            builder.detectorEfficiency(detectorEfficiency);
        }
        if (darkCountProbability != null) {
            builder.darkCountProbability(darkCountProbability);
        }
        if (misalignment != null) {
            builder.misalignment(misalignment);
        }
        if (eveFraction != null) {
            builder.eveFraction(eveFraction);
        }
        if (pulses != null) {
            try {
                builder.pulsesPerBlock(new BigDecimal(pulses.strip()).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--pulses takes a whole number such as 1000000000 or 1e9 (got '" + pulses + "')");
            }
        }
        try {
            return builder.build();
        } catch (InvalidParametersException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
