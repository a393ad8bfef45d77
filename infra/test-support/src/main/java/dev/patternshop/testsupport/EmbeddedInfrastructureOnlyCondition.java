package dev.patternshop.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Disables what carries {@link EmbeddedInfrastructureOnly} when the tests run on Testcontainers. */
final class EmbeddedInfrastructureOnlyCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        Optional<EmbeddedInfrastructureOnly> annotation =
                element.flatMap(e -> AnnotationSupport.findAnnotation(e, EmbeddedInfrastructureOnly.class));
        if (annotation.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @EmbeddedInfrastructureOnly here");
        }
        return decide(TestInfrastructure.mode(), annotation.get().value());
    }

    static ConditionEvaluationResult decide(TestInfrastructure.Mode mode, String reason) {
        return switch (mode) {
            case EMBEDDED -> ConditionEvaluationResult.enabled("embedded infrastructure: " + reason);
            case TESTCONTAINERS ->
                ConditionEvaluationResult.disabled(
                        "needs the embedded infrastructure, skipped under Testcontainers: " + reason);
        };
    }
}
