package io.lightvibes.benchmarks.quantum;

import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.driver.Kernels;

/** The kernels a suite's {@code kernels} parameter names. */
final class QuantumKernels {

    private QuantumKernels() {
    }

    static Kernels named(String name) {
        return switch (name) {
            case "java" -> new JavaKernels();
            default -> throw new IllegalArgumentException("unknown kernels '" + name + "' (this suite runs: java)");
        };
    }
}
