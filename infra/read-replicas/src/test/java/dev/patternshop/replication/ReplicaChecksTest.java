package dev.patternshop.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplicaChecksTest {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    @Test
    void aReplicaCheckThatHangsDelaysNoOtherClustersChecks() {
        CountDownLatch hungReplicaAnswers = new CountDownLatch(1);
        AtomicInteger hungChecks = new AtomicInteger();
        AtomicInteger otherChecks = new AtomicInteger();
        Runnable hung = () -> {
            hungChecks.incrementAndGet();
            try {
                hungReplicaAnswers.await(); // as a stopped replica: no answer until the socket timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        try (ReplicaChecks checks = new ReplicaChecks(List.of(hung, otherChecks::incrementAndGet), INTERVAL)) {
            checks.start();

            await().atMost(Duration.ofSeconds(5)).until(() -> otherChecks.get() >= 10);
            assertThat(hungChecks).as("still waiting in its first check").hasValue(1);
            hungReplicaAnswers.countDown();
        }
    }

    @Test
    void aCheckThatFailsIsTriedAgainNextInterval() {
        AtomicInteger attempts = new AtomicInteger();
        Runnable failing = () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("replica gone");
        };

        try (ReplicaChecks checks = new ReplicaChecks(List.of(failing), INTERVAL)) {
            checks.start();

            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 3);
        }
    }
}
