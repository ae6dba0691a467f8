package dev.sluice.core.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void printsAsStars() {
        assertThat(new Secret("hunter2")).hasToString("****");
    }

    @Test
    void equalValuesAreEqualAndHashesSayNothing() {
        assertThat(new Secret("hunter2")).isEqualTo(new Secret("hunter2")).isNotEqualTo(new Secret("hunter3"));
        assertThat(new Secret("hunter2").hashCode()).isEqualTo(new Secret("something else").hashCode());
    }

    @Test
    void revealsTheValueOnRequest() {
        assertThat(new Secret("hunter2").reveal()).isEqualTo("hunter2");
    }
}
