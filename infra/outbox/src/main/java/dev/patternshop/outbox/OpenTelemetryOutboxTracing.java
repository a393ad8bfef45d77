package dev.patternshop.outbox;

import dev.patternshop.events.MessageHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * {@link OutboxTracing} with OpenTelemetry: a {@code PRODUCER} span named {@code "<topic> publish"} per row,
 * child of the row's traceparent (a new trace when the row has none), with the messaging attributes. Spring
 * Boot's tracing (micrometer-tracing-bridge-otel) provides the {@link OpenTelemetry} to build it from.
 */
public final class OpenTelemetryOutboxTracing implements OutboxTracing {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("patternshop.message.type");
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(MessageHeaders.TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return MessageHeaders.TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    public OpenTelemetryOutboxTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.patternshop.outbox");
    }

    @Override
    public PublishSpan startPublish(OutboxMessage message) {
        String stored = message.envelope().traceparent();
        // The stored context is W3C whatever propagation the service configured: read it with W3C's propagator.
        Context parent = stored == null
                ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), stored, TRACEPARENT);
        Span span = tracer.spanBuilder(message.topic() + " publish")
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, message.topic())
                .setAttribute(MESSAGE_ID, message.envelope().messageId().toString())
                .setAttribute(MESSAGE_TYPE, message.envelope().type())
                .startSpan();
        String published = Outbox.traceparent(span.getSpanContext());
        return new PublishSpan() {
            @Override
            public String traceparent() {
                // A tracer that records nothing (no SDK) keeps the stored context going.
                return published != null ? published : stored;
            }

            @Override
            public void end(Throwable failure) {
                if (failure != null) {
                    span.recordException(failure);
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        };
    }
}
