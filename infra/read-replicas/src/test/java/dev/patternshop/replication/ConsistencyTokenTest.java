package dev.patternshop.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsistencyTokenTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void noTokenAsksForNothing(String header) {
        assertThat(ConsistencyToken.parse(header)).isZero();
    }

    @Test
    void theTokenAWriteReturnedReadsBackAsItsLogPosition() {
        long position = 0x1_6B37_4D48L;

        assertThat(ConsistencyToken.parse(ConsistencyToken.of(position))).isEqualTo(position);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1/2", "0x10", "99999999999999999999999", "1.5"})
    void anythingElseIsRejected(String header) {
        assertThatThrownBy(() -> ConsistencyToken.parse(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Consistency-Token must be the number a write returned");
    }
}
