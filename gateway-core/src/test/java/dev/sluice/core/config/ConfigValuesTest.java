package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
    @Test
    void durationsReadEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void durationsWithoutUnitOrWithFractionsAreRefused() {
        assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("got \"30\"");
        assertThatThrownBy(() -> Durations.parse("1.5h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("-1s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsFormatBackToTheirShortestSpelling() {
        assertThat(Durations.format(Duration.ofHours(12))).isEqualTo("12h");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void hostPortReadsNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("db.internal:5432")).isEqualTo(new HostPort("db.internal", 5432));
        assertThat(HostPort.parse("0.0.0.0:0")).isEqualTo(new HostPort("0.0.0.0", 0));
        assertThat(HostPort.parse("[::1]:5432")).isEqualTo(new HostPort("::1", 5432));
        assertThat(HostPort.parse("[::1]:5432")).hasToString("[::1]:5432");
    }

    @Test
    void hostPortRefusalsSayWhy() {
        assertThatThrownBy(() -> HostPort.parse("::1:5432")).hasMessageContaining("must be in brackets");
        assertThatThrownBy(() -> HostPort.parse("db:")).hasMessageContaining("the port must be a number");
        assertThatThrownBy(() -> HostPort.parse("db:65536")).hasMessageContaining("the port must be a number");
        assertThatThrownBy(() -> HostPort.parse(":5432")).hasMessageContaining("is not a host name");
        assertThatThrownBy(() -> HostPort.parse("[db]:5432")).hasMessageContaining("is not an IPv6 address");
    }
}
