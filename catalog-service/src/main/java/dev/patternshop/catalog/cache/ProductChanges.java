package dev.patternshop.catalog.cache;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;

/**
 * Redis pub/sub between the catalog instances: after a committed write, the writer announces "id:version" and
 * every instance drops older copies of that product from its {@link NearCache}.
 *
 * <p>Pub/sub delivers at most once, to whoever is subscribed at that moment. A missed announcement is covered two
 * ways: each (re)subscription empties the near cache, and every near entry expires after its TTL anyway.
 */
public final class ProductChanges implements MessageListener, SubscriptionListener {

    public static final ChannelTopic CHANNEL = ChannelTopic.of("catalog:product:v1:changed");

    private static final Logger LOG = LoggerFactory.getLogger(ProductChanges.class);

    private final NearCache near;

    public ProductChanges(NearCache near) {
        this.near = near;
    }

    /** The announcement of {@code id} at {@code version}. */
    public static String announcement(long id, long version) {
        return id + ":" + version;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String body = new String(message.getBody(), StandardCharsets.US_ASCII);
        int colon = body.indexOf(':');
        try {
            near.invalidate(Long.parseLong(body, 0, colon, 10), Long.parseLong(body, colon + 1, body.length(), 10));
        } catch (RuntimeException e) {
            // Not ours (someone else published on the channel): forget everything rather than guess.
            LOG.warn("Unreadable product change announcement; emptying the near cache", e);
            near.clear();
        }
    }

    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
        // Announcements made while this instance was not subscribed are lost: what it holds may be stale.
        near.clear();
    }
}
