package io.lightvibes.nativebridge.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite passes the shipped library and rejects broken ones, built here with gcc
 * from the library's own sources with one deliberate defect each.
 */
class DriverCheckTest {

    private static final Path SHIPPED = Path.of(System.getProperty("lightvibes.test.library"));
    private static final Path SOURCES = Path.of(System.getProperty("lightvibes.test.c.dir"));

    @TempDir
    Path scratch;

    @Test
    void theShippedLibraryPasses() {
        CheckReport report = DriverCheck.run(SHIPPED);
        assertThat(report.failures()).as(report.render()).isZero();
        assertThat(report.passed()).isTrue();
        assertThat(report.implementation()).startsWith("lightvibes-sim");
        assertThat(report.results()).hasSizeGreaterThan(60);
        assertThat(report.render()).contains("PASS  qmk_toeplitz_hash n=1000003 m=250001 equals the Java reference")
                .endsWith(report.results().size() + " of " + report.results().size() + " checks passed\n");
    }

    @Test
    void aToeplitzHashWithAFlippedBitIsRejected() throws Exception {
        Path library = brokenLibrary("qmk.c",
                "    return qmk_kernels_active()->toeplitz_hash(key, n, seed, m, out);",
                "    int status = qmk_kernels_active()->toeplitz_hash(key, n, seed, m, out);\n"
                        + "    out[0] ^= 2;\n    return status;");
        CheckReport report = DriverCheck.run(library);
        assertThat(report.passed()).isFalse();
        List<CheckResult> failed = report.results().stream().filter(r -> !r.passed()).toList();
        assertThat(failed).isNotEmpty().allSatisfy(r -> assertThat(r.name()).startsWith("qmk_toeplitz_hash n="));
        assertThat(failed.getFirst().detail()).contains("word 0").contains("(bits 2 differ)");
        assertThat(report.render()).contains("FAIL  qmk_toeplitz_hash").contains("FAILED");
    }

    @Test
    void anotherAbiVersionIsRejectedBeforeAnyCall() throws Exception {
        Path library = brokenLibrary("qmk.c", "uint32_t qmk_abi_version(void) { return QMK_ABI_VERSION; }",
                "uint32_t qmk_abi_version(void) { return 2; }");
        CheckReport report = DriverCheck.run(library);
        assertThat(report.passed()).isFalse();
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.detail()).contains("speaks qmk ABI version 2; this LIGHTVIBES needs version 1");
        });
    }

    @Test
    void aDriverWhoseBobGuessesEveryBitIsRejected() throws Exception {
        Path library = brokenLibrary("sim_driver.c",
                "bob_bit = alice_bit ^ (uint64_t)(qmk_rng_uniform(rng) < error_probability);",
                "bob_bit = next_bit(rng, &pool); (void)error_probability;");
        CheckReport report = DriverCheck.run(library);
        assertThat(report.results().stream().filter(r -> !r.passed()).map(CheckResult::name))
                .containsExactly("matched-basis detections have a QBER a working link can have (< 25 %)");
    }

    @Test
    void aMissingFileIsAFailedCheckNotAnException() {
        CheckReport report = DriverCheck.run(scratch.resolve("absent.so"));
        assertThat(report.passed()).isFalse();
        assertThat(report.render()).contains("no native library at").contains("FAILED: 0 of 1");
    }

    /** Copies the C sources, replaces one exact piece of one file, builds libqmk.so with make. */
    private Path brokenLibrary(String file, String original, String replacement) throws IOException,
            InterruptedException {
        Path copy = scratch.resolve("c");
        try (Stream<Path> sources = Files.walk(SOURCES)) {
            for (Path source : sources.filter(p -> !p.toString().contains("/build")).toList()) {
                Path target = copy.resolve(SOURCES.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path mutated = copy.resolve(file);
        String text = Files.readString(mutated, StandardCharsets.UTF_8);
        assertThat(text).as("the defect's anchor in %s", file).contains(original);
        Files.writeString(mutated, text.replace(original, replacement), StandardCharsets.UTF_8);
        Path build = scratch.resolve("build");
        Process make = new ProcessBuilder("make", "-s", "-C", copy.toString(), "lib", "BUILD=" + build, "OPT=-O1")
                .redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(output).isZero();
        return build.resolve("libqmk.so");
    }
}
