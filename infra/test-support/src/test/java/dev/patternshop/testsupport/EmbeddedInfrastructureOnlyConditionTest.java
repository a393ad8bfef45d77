package dev.patternshop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class EmbeddedInfrastructureOnlyConditionTest {

    @Test
    void runsOnTheEmbeddedPath() {
        ConditionEvaluationResult result =
                EmbeddedInfrastructureOnlyCondition.decide(TestInfrastructure.Mode.EMBEDDED, "stops Redis");

        assertThat(result.isDisabled()).isFalse();
    }

    @Test
    void isSkippedUnderTestcontainersWithItsReason() {
        ConditionEvaluationResult result =
                EmbeddedInfrastructureOnlyCondition.decide(TestInfrastructure.Mode.TESTCONTAINERS, "stops Redis");

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason())
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("skipped under Testcontainers", "stops Redis"));
    }
}
