package io.lightvibes.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrkRunTest {

    @Test
    void readsTheLineTheLuaScriptPrints() throws IOException {
        WrkRun run = WrkRun.parse("Running 4s test\nWRKJSON {\"requests\": 4000, \"duration_us\": 4000000, \"non2xx\": 1, "
                + "\"socket_errors\": 2, \"p50_us\": 900, \"p99_us\": 9000, \"qmk\": 40, \"pqc\": 3960}\n");

        assertThat(run.rps()).isEqualTo(1000.0);
        assertThat(run.failures()).isEqualTo(3);
        assertThat(run.qmkPerSecond()).isEqualTo(10.0);
    }

    @Test
    void runsTogetherAddUpAndKeepTheSlowerPercentiles() {
        var fast = new WrkRun(1000, 4.0, 0, 0, 800, 5000, 0, 3.0, 250);
        var slow = new WrkRun(600, 4.1, 1, 0, 1200, 9000, 0, 1.0, 146);

        WrkRun both = WrkRun.together(List.of(fast, slow));

        assertThat(both.requests()).isEqualTo(1600);
        assertThat(both.seconds()).isEqualTo(4.1);
        assertThat(both.p50Micros()).isEqualTo(1200);
        assertThat(both.p99Micros()).isEqualTo(9000);
        assertThat(both.non2xx()).isEqualTo(1);
        assertThat(both.perServerCpuSecond()).isEqualTo(400.0);
        assertThat(both.busiestRps()).isEqualTo(250);
    }
}
