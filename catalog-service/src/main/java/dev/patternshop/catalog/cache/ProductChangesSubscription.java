package dev.patternshop.catalog.cache;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This instance's subscription to {@link ProductChanges}, made in the background so that a Redis that is down
 * does not stop the catalog from starting (Redis is an optimisation here). Until the first subscription, and after
 * each resubscription, the near cache starts empty; once subscribed, Lettuce reconnects and resubscribes by itself
 * when Redis comes back.
 */
public final class ProductChangesSubscription implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ProductChangesSubscription.class);

    private final RedisConnectionFactory connections;
    private final ProductChanges changes;
    private final Duration retryInterval;
    private volatile boolean running;
    private volatile Thread subscriber;
    private volatile RedisMessageListenerContainer container;

    public ProductChangesSubscription(RedisConnectionFactory connections, NearCache near, Duration retryInterval) {
        this.connections = connections;
        this.changes = new ProductChanges(near);
        this.retryInterval = retryInterval;
    }

    @Override
    public void start() {
        running = true;
        subscriber = Thread.ofVirtual().name("product-changes-subscription").start(this::subscribeUntilOn);
    }

    /** True once subscribed (announcements arrive). */
    public boolean isSubscribed() {
        return container != null && container.isListening();
    }

    private void subscribeUntilOn() {
        boolean warned = false;
        while (running) {
            RedisMessageListenerContainer attempt = new RedisMessageListenerContainer();
            attempt.setConnectionFactory(connections);
            attempt.addMessageListener(changes, ProductChanges.CHANNEL);
            // An announcement is a map update: handled on the connection's own thread, no thread per message.
            attempt.setTaskExecutor(new SyncTaskExecutor());
            try {
                attempt.afterPropertiesSet();
                attempt.start();
                container = attempt;
                if (!running) { // stopped meanwhile
                    stop();
                    return;
                }
                if (warned) {
                    LOG.info("Subscribed to {}: the near cache is kept coherent again", ProductChanges.CHANNEL);
                }
                return;
            } catch (RuntimeException e) {
                close(attempt);
                if (!warned) {
                    LOG.warn(
                            "Cannot subscribe to {} yet ({}); the near cache relies on its TTL until then, retrying every {}",
                            ProductChanges.CHANNEL,
                            e.getMessage(),
                            retryInterval);
                    warned = true;
                }
                try {
                    Thread.sleep(retryInterval);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = subscriber;
        if (thread != null) {
            thread.interrupt();
        }
        RedisMessageListenerContainer subscribed = container;
        if (subscribed != null) {
            close(subscribed);
            container = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void close(RedisMessageListenerContainer container) {
        try {
            container.stop();
            container.destroy();
        } catch (Exception e) {
            LOG.debug("Closing a product-changes subscription failed", e);
        }
    }
}
