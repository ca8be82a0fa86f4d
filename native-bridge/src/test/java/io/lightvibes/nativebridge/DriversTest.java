package io.lightvibes.nativebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.PhotonicsConfig;
import io.lightvibes.sim.driver.PhotonicsDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DriversTest {

    /** Stands in for sim's Java driver: records the seed it was opened with. */
    private final AtomicLong javaSeed = new AtomicLong(-1);
    private final PhotonicsDriverFactory javaDrivers = seed -> {
        javaSeed.set(seed);
        return new PhotonicsDriver() {
            @Override
            public String name() {
                return "java";
            }

            @Override
            public DetectionBlock nextBlock(PhotonicsConfig config) {
                throw new UnsupportedOperationException("not needed here");
            }

            @Override
            public void close() {
            }
        };
    };
    private final Optional<Path> missing = Optional.of(Path.of("/nonexistent/libqmk.so"));

    @Test
    void autoTakesThePackagedLibraryWhenItLoads() {
        DriverSelection selection = Drivers.select(DriverMode.AUTO, Optional.empty(), javaDrivers);
        assertThat(selection.name()).isEqualTo("native");
        assertThat(selection.kernels().name()).isEqualTo("native");
        assertThat(selection.reason()).startsWith("LIGHTVIBES_DRIVER=auto: packaged").contains("libqmk.so");
        try (PhotonicsDriver driver = selection.drivers().open(3)) {
            assertThat(driver.name()).isEqualTo("native");
        }
    }

    @Test
    void autoFallsBackToJavaWithTheReason() {
        DriverSelection selection = Drivers.select(DriverMode.AUTO, missing, javaDrivers);
        assertThat(selection.name()).isEqualTo("java");
        assertThat(selection.kernels().name()).isEqualTo("java");
        assertThat(selection.reason()).contains("no native library at /nonexistent/libqmk.so")
                .contains("using the Java simulator");
        selection.drivers().open(11).close();
        assertThat(javaSeed).hasValue(11);
    }

    @Test
    void nativeRefusesWithoutTheLibrary() {
        assertThatThrownBy(() -> Drivers.select(DriverMode.NATIVE, missing, javaDrivers))
                .isInstanceOf(LibraryLoadException.class)
                .hasMessageContaining("LIGHTVIBES_DRIVER=native but the native library is unusable")
                .hasMessageContaining("/nonexistent/libqmk.so")
                .hasMessageContaining("LIGHTVIBES_NATIVE_LIBRARY");
    }

    @Test
    void nativeTakesAnOverridePath() {
        Path shipped = ShippedLibrary.get().path();
        DriverSelection selection = Drivers.select(DriverMode.NATIVE, Optional.of(Path.of(
                System.getProperty("lightvibes.test.library"))), javaDrivers);
        assertThat(selection.name()).isEqualTo("native");
        assertThat(selection.reason()).contains("LIGHTVIBES_NATIVE_LIBRARY=");
        assertThat(shipped.getFileName().toString()).isEqualTo("libqmk.so");
    }

    @Test
    void javaNeverLoadsNativeCode() {
        DriverSelection selection = Drivers.select(DriverMode.JAVA, missing, javaDrivers);
        assertThat(selection.name()).isEqualTo("java");
        assertThat(selection.reason()).isEqualTo("LIGHTVIBES_DRIVER=java");
    }

    @Test
    void modesParseAsTheVariableSpellsThem() {
        assertThat(DriverMode.parse(" Native ")).isEqualTo(DriverMode.NATIVE);
        assertThat(DriverMode.parse("auto")).isEqualTo(DriverMode.AUTO);
        assertThat(DriverMode.JAVA.value()).isEqualTo("java");
        assertThatThrownBy(() -> DriverMode.parse("fpga")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIGHTVIBES_DRIVER must be auto, native or java, got 'fpga'");
    }

    @Test
    void aLibraryOfAnotherFileTypeIsAReasonNotACrash() throws Exception {
        Path notALibrary = Files.createTempFile("not-a-library", ".so");
        try {
            Files.writeString(notALibrary, "hello");
            DriverSelection selection = Drivers.select(DriverMode.AUTO, Optional.of(notALibrary), javaDrivers);
            assertThat(selection.name()).isEqualTo("java");
            assertThat(selection.reason()).contains("cannot load " + notALibrary);
        } finally {
            Files.delete(notALibrary);
        }
    }
}
