package io.weft.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexPolicyTest {

    @Test
    void followsTheReturnedIndex() {
        assertThat(IndexPolicy.next(0, 42)).isEqualTo(42);
        assertThat(IndexPolicy.next(42, 43)).isEqualTo(43);
        assertThat(IndexPolicy.next(42, 42)).isEqualTo(42);
    }

    @Test
    void resetsToZeroWhenTheIndexGoesBackwards() {
        assertThat(IndexPolicy.next(42, 7)).isZero();
    }

    @Test
    void neverReturnsAnIndexBelowOneAfterAnAnswer() {
        assertThat(IndexPolicy.next(0, 0)).isEqualTo(1);
        assertThat(IndexPolicy.next(0, -5)).isEqualTo(1);
    }
}
