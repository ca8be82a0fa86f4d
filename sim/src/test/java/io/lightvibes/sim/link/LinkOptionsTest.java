package io.lightvibes.sim.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.photonics.InvalidParametersException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every LIGHTVIBES_LINK_* setting of the prototype (config.py at e4d6498), its name and its default. */
class LinkOptionsTest {

    /** The prototype's settings and defaults, as its Settings class declared them. */
    static final Map<String, String> PROTOTYPE = new LinkedHashMap<>();

    static {
        PROTOTYPE.put("LIGHTVIBES_LINK_ENABLED", "true");
        PROTOTYPE.put("LIGHTVIBES_LINK_DISTANCE_KM", "25.0");
        PROTOTYPE.put("LIGHTVIBES_LINK_ALPHA_DB_PER_KM", "0.21");
        PROTOTYPE.put("LIGHTVIBES_LINK_MU", "0.5");
        PROTOTYPE.put("LIGHTVIBES_LINK_NU", "0.1");
        PROTOTYPE.put("LIGHTVIBES_LINK_DETECTOR_EFFICIENCY", "0.045");
        PROTOTYPE.put("LIGHTVIBES_LINK_DARK_COUNT_PROBABILITY", "1.7E-6");
        PROTOTYPE.put("LIGHTVIBES_LINK_MISALIGNMENT", "0.033");
        PROTOTYPE.put("LIGHTVIBES_LINK_EVE_FRACTION", "0.0");
        PROTOTYPE.put("LIGHTVIBES_LINK_REPETITION_RATE_HZ", "1.0E8");
        PROTOTYPE.put("LIGHTVIBES_LINK_PULSES_PER_BLOCK", "200000000");
        PROTOTYPE.put("LIGHTVIBES_LINK_EPSILON_SEC", "1.0E-10");
        PROTOTYPE.put("LIGHTVIBES_LINK_EPSILON_COR", "1.0E-15");
        PROTOTYPE.put("LIGHTVIBES_LINK_POOL_MAX_BITS", "8388608");
        PROTOTYPE.put("LIGHTVIBES_LINK_SEED", "");
        PROTOTYPE.put("LIGHTVIBES_QBER_THRESHOLD", "0.08");
        PROTOTYPE.put("LIGHTVIBES_LINK_QBER_HYSTERESIS", "0.01");
        PROTOTYPE.put("LIGHTVIBES_LINK_RECOVER_BLOCKS", "2");
        PROTOTYPE.put("LIGHTVIBES_LINK_TAMPER_QBER_JUMP", "0.025");
        PROTOTYPE.put("LIGHTVIBES_LINK_TAMPER_GAIN_RATIO_CHANGE", "0.25");
        PROTOTYPE.put("LIGHTVIBES_LINK_RESTORE_CLEAN_BLOCKS", "10");
    }

    @Test
    void everyPrototypeSettingKeepsItsNameAndDefault() {
        var ours = new LinkedHashMap<String, String>();
        for (LinkSetting setting : LinkSetting.values()) {
            ours.put(setting.envName(), setting.defaultText());
        }
        assertThat(ours).containsExactlyInAnyOrderEntriesOf(PROTOTYPE);
        assertThat(Arrays.stream(LinkSetting.values())).allSatisfy(s -> assertThat(s.description()).isNotBlank());
    }

    @Test
    void defaultsGiveThePrototypesRunningLink() {
        var params = LinkOptions.defaults().toLinkParameters();
        assertThat(params.blockLightSeconds()).isEqualTo(2.0);
        assertThat(params.distanceKm()).isEqualTo(25.0);
        var policy = LinkOptions.defaults().toMonitorPolicy();
        assertThat(policy).isEqualTo(MonitorPolicy.defaults());
    }

    @Test
    void environmentTextIsParsedAndEchoed() {
        LinkOptions options = LinkSetting.fromEnvironment(Map.of("LIGHTVIBES_LINK_PULSES_PER_BLOCK", "2e8",
                "LIGHTVIBES_LINK_ENABLED", "false", "LIGHTVIBES_LINK_SEED", "42", "LIGHTVIBES_QBER_THRESHOLD", "0.1"));
        assertThat(options.pulsesPerBlock()).isEqualTo(200_000_000L);
        assertThat(options.enabled()).isFalse();
        assertThat(LinkSetting.SEED.text(options)).isEqualTo("42");
        assertThat(options.toMonitorPolicy().qberThreshold()).isEqualTo(0.1);
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> LinkSetting.fromEnvironment(Map.of("LIGHTVIBES_LINK_MU", "lots")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("LIGHTVIBES_LINK_MU: cannot read 'lots' as a number");
        assertThatThrownBy(() -> LinkSetting.fromEnvironment(Map.of("LIGHTVIBES_LINK_PULSES_PER_BLOCK", "2.5")))
                .hasMessageContaining("LIGHTVIBES_LINK_PULSES_PER_BLOCK");
        assertThatThrownBy(() -> LinkSetting.fromEnvironment(Map.of("LIGHTVIBES_LINK_DISTANCE_KM", "900")))
                .hasMessage("LIGHTVIBES_LINK_DISTANCE_KM must be in [0, 500], got 900");
        assertThatThrownBy(() -> LinkSetting.fromEnvironment(Map.of("LIGHTVIBES_LINK_NU", "0.6")))
                .hasMessage("LIGHTVIBES_LINK_NU (0.6) must be below LIGHTVIBES_LINK_MU (0.5)");
        assertThatThrownBy(() -> LinkSetting.fromEnvironment(Map.of("LIGHTVIBES_LINK_PULSES_PER_BLOCK", "1000")))
                .hasMessageContaining("[1000000, 100000000000]");
        assertThatThrownBy(() -> LinkSetting.fromEnvironment(Map.of("LIGHTVIBES_LINK_ENABLED", "maybe")))
                .hasMessageContaining("as a boolean");
    }
}
