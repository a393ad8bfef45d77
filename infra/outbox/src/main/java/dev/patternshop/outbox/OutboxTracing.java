package dev.patternshop.outbox;

/**
 * How the relay continues a row's trace: per published row it opens a producer span, a child of the row's
 * stored {@code traceparent}, and publishes that span's context as the record's {@code traceparent} header, so
 * a trace reads service -> relay -> Kafka -> consumer. {@link #NONE} keeps the stored traceparent unchanged
 * (the library works without tracing); {@link OpenTelemetryOutboxTracing} is the real one.
 */
public interface OutboxTracing {

    /** No spans: the stored traceparent is published as it is. */
    OutboxTracing NONE = message -> new PublishSpan() {
        @Override
        public String traceparent() {
            return message.envelope().traceparent();
        }

        @Override
        public void end(Throwable failure) {}
    };

    /** Opens the span for sending this row; the relay ends it when the broker answered. */
    PublishSpan startPublish(OutboxMessage message);

    /** One row's send. */
    interface PublishSpan {

        /** What goes out in the {@code traceparent} header; null for none. */
        String traceparent();

        /** @param failure null when the broker acknowledged the record */
        void end(Throwable failure);
    }
}
