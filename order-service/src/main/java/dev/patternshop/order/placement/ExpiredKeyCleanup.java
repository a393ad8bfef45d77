package dev.patternshop.order.placement;

import dev.patternshop.order.persistence.IdempotencyKeys;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes expired idempotency keys on every shard, {@code orders.placement.key-cleanup-interval} after the previous
 * run ended. Every instance runs it: two deleting the same expired rows at once is harmless. An expired key is
 * already free for a new order before this reaches it (placing deletes it), so the cleanup only bounds the table.
 */
@Component
class ExpiredKeyCleanup implements SchedulingConfigurer {

    private final IdempotencyKeys keys;
    private final OrderSettings settings;

    ExpiredKeyCleanup(IdempotencyKeys keys, OrderSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::deleteExpiredKeys, settings.keyCleanupInterval());
    }

    void deleteExpiredKeys() {
        keys.deleteExpired(settings.keyCleanupBatch());
    }
}
