package dev.patternshop.order.domain;

import java.time.Instant;

/**
 * A 64-bit order id that says where the order lives (Instagram-style):
 * <pre>
 *  63    62 ....................... 22   21 ........ 10   9 ........ 0
 *  [0]   [ 41 bits: ms since 2026-01-01Z ] [ 12 bits: shard ] [ 10 bits: sequence ]
 * </pre>
 * Positive (the sign bit stays 0, so it fits Postgres bigint and Java long; the API writes it as a JSON string,
 * since it is beyond what a JavaScript number holds exactly), roughly
 * time-ordered (ids sort by creation time across shards), up to 4,096 logical shards, 1,024 ids per shard per
 * millisecond; 41 bits of milliseconds last until 2095. The sequence comes from the shard cluster's own
 * Postgres sequence, so two instances of the service never hand out the same id.
 */
public record OrderId(long value) {

    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final int SEQUENCE_BITS = 10;
    static final int SHARD_BITS = 12;
    static final int TIME_BITS = 41;
    public static final int MAX_SHARDS = 1 << SHARD_BITS;
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[1-9][0-9]{0,18}");

    public OrderId {
        if (value <= 0) {
            throw new IllegalArgumentException("an order id is positive");
        }
    }

    public static OrderId compose(Instant createdAt, int logicalShard, long sequence) {
        long millis = createdAt.toEpochMilli() - EPOCH.toEpochMilli();
        if (millis < 0 || millis >= 1L << TIME_BITS) {
            throw new IllegalArgumentException("order time out of the id's range: " + createdAt);
        }
        if (logicalShard < 0 || logicalShard >= MAX_SHARDS) {
            throw new IllegalArgumentException("logical shard out of range: " + logicalShard);
        }
        long sequencePart = Math.floorMod(sequence, 1L << SEQUENCE_BITS);
        return new OrderId(
                millis << (SHARD_BITS + SEQUENCE_BITS) | (long) logicalShard << SEQUENCE_BITS | sequencePart);
    }

    /** The id a client or a message gave as text (decimal, positive), or empty for anything else. */
    public static java.util.Optional<OrderId> parse(String text) {
        // Decimal ASCII digits only: Long.parseLong would also take "+7" and other scripts' digits, aliasing ids.
        if (text == null || !DECIMAL.matcher(text).matches()) {
            return java.util.Optional.empty();
        }
        try {
            long value = Long.parseLong(text);
            return value > 0 ? java.util.Optional.of(new OrderId(value)) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    public int logicalShard() {
        return (int) (value >>> SEQUENCE_BITS & (MAX_SHARDS - 1));
    }

    public Instant createdAt() {
        return EPOCH.plusMillis(value >>> (SHARD_BITS + SEQUENCE_BITS));
    }

    public int sequence() {
        return (int) (value & ((1 << SEQUENCE_BITS) - 1));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
