package dev.patternshop.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogPositionTest {

    @Test
    void parsesBothHalvesOfAnLsn() {
        assertThat(LogPosition.parse("16/B374D848")).isEqualTo((0x16L << 32) | 0xB374D848L);
        assertThat(LogPosition.parse("0/0")).isZero();
    }

    @Test
    void ordersPositionsAcrossTheLowWordBoundary() {
        assertThat(LogPosition.parse("1/0")).isGreaterThan(LogPosition.parse("0/FFFFFFFF"));
    }

    @Test
    void formatsBackToPostgresNotation() {
        assertThat(LogPosition.format(LogPosition.parse("16/B374D848"))).isEqualTo("16/B374D848");
    }

    @Test
    void rejectsWhatIsNotAnLsn() {
        assertThatThrownBy(() -> LogPosition.parse("12345")).isInstanceOf(IllegalArgumentException.class);
    }
}
