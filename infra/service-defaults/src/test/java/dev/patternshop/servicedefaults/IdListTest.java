package dev.patternshop.servicedefaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdListTest {

    @Test
    void positiveIdsAreReadInOrderWithRepeatsCollapsed() {
        assertThat(IdList.parse("ids", "3, 1,3,9223372036854775807", 4)).containsExactly(3L, 1L, 9223372036854775807L);
    }

    @Test
    void aListLongerThanTheLimitIsRefusedWithoutBeingParsed() {
        assertThat(IdList.parse("ids", "1,2,3", 3)).hasSize(3);
        assertThatThrownBy(() -> IdList.parse("ids", "1,2,3,x", 3))
                .isInstanceOfSatisfying(
                        InvalidRequest.class,
                        refused -> assertThat(refused.rule()).contains("at most 3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "-1", "1,,2", "1,", "9223372036854775808", "1e3", "0x10", "1\u00002"})
    void anythingButPositiveIdsIsAnInvalidRequestOnTheParameterThatDoesNotEchoTheInput(String text) {
        assertThatThrownBy(() -> IdList.parse("ids", text, 100))
                .isInstanceOfSatisfying(InvalidRequest.class, refused -> {
                    assertThat(refused.field()).isEqualTo("ids");
                    if (!text.isBlank()) {
                        assertThat(refused.rule()).doesNotContain(text);
                    }
                });
    }
}
