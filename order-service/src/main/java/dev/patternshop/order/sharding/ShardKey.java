package dev.patternshop.order.sharding;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Which logical shard a customer's orders live on: {@code CRC-32C(UTF-8 bytes of the customer id) mod
 * logicalShards}. CRC-32C (Castagnoli, RFC 3720) is in the JDK, fixed forever and the same in every language,
 * so another service, a script or a psql session can compute it too; it spreads ids of any shape (UUIDs,
 * numbers) evenly. It is not a security boundary: customers do not choose their ids.
 */
public final class ShardKey {

    private ShardKey() {}

    public static int logicalShardOf(String customerId, int logicalShards) {
        if (customerId == null || customerId.isEmpty()) {
            throw new IllegalArgumentException("a customer id is required to pick a shard");
        }
        CRC32C crc = new CRC32C();
        crc.update(customerId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % logicalShards);
    }
}
