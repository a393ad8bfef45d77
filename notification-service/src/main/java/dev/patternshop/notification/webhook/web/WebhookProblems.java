package dev.patternshop.notification.webhook.web;

import dev.patternshop.notification.webhook.UnsafeWebhookUrl;
import dev.patternshop.notification.webhook.WebhookSubscriptions.DeliveryNotFound;
import dev.patternshop.notification.webhook.WebhookSubscriptions.DeliveryNotReplayable;
import dev.patternshop.notification.webhook.WebhookSubscriptions.SubscriptionNotFound;
import dev.patternshop.notification.webhook.WebhookSubscriptions.TooManySubscriptions;
import dev.patternshop.servicedefaults.ProblemJson;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The webhook API's rejections, one table from fact to status and problem type. Bad input
 * ({@code InvalidRequest}) is service-defaults' 400 {@code invalid-request}.
 */
@RestControllerAdvice(assignableTypes = {WebhookController.class, AdminWebhookController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebhookProblems {

    /** The URL could reach something internal, or is no plain http(s) URL: the detail says which. */
    @ExceptionHandler(UnsafeWebhookUrl.class)
    ProblemDetail unsafe(UnsafeWebhookUrl e) {
        return ProblemJson.problem(HttpStatus.UNPROCESSABLE_CONTENT, "unsafe-webhook-url", e.getMessage());
    }

    @ExceptionHandler(TooManySubscriptions.class)
    ProblemDetail tooMany(TooManySubscriptions e) {
        return ProblemJson.problem(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-webhooks", e.getMessage());
    }

    @ExceptionHandler(SubscriptionNotFound.class)
    ProblemDetail subscriptionNotFound(SubscriptionNotFound e) {
        return ProblemJson.problem(HttpStatus.NOT_FOUND, "webhook-not-found", e.getMessage());
    }

    @ExceptionHandler(DeliveryNotFound.class)
    ProblemDetail deliveryNotFound(DeliveryNotFound e) {
        return ProblemJson.problem(HttpStatus.NOT_FOUND, "webhook-delivery-not-found", e.getMessage());
    }

    @ExceptionHandler(DeliveryNotReplayable.class)
    ProblemDetail notReplayable(DeliveryNotReplayable e) {
        return ProblemJson.problem(HttpStatus.CONFLICT, "webhook-delivery-not-replayable", e.getMessage());
    }
}
