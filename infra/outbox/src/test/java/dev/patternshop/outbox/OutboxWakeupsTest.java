package dev.patternshop.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.outbox.OutboxWakeups.Cause;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How an idle leader waits, on a fake clock and a scripted LISTEN session: no database, no real waiting. */
class OutboxWakeupsTest {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration RETRY = Duration.ofSeconds(5);

    long nanos;
    final List<Duration> slept = new ArrayList<>();
    final List<FakeListener> opened = new ArrayList<>();
    final AtomicInteger openFailures = new AtomicInteger();

    final OutboxWakeups wakeups = new OutboxWakeups(
            "test",
            () -> {
                if (openFailures.getAndDecrement() > 0) {
                    throw new SQLException("connection refused");
                }
                FakeListener listener = new FakeListener();
                opened.add(listener);
                return listener;
            },
            POLL,
            RETRY,
            () -> nanos,
            duration -> {
                slept.add(duration);
                nanos += duration.toNanos();
            });

    @Test
    void itListensBeforeTheFirstReadAndACommitsNotificationWakesIt() {
        wakeups.beforeRead();
        assertThat(wakeups.listening()).isTrue();

        listener().notified = true;
        assertThat(wakeups.await()).isEqualTo(Cause.NOTIFY);
        assertThat(listener().waitedFor).containsExactly(POLL);
        assertThat(slept).isEmpty();
    }

    @Test
    void withoutANotificationItLooksAgainAfterThePollInterval() {
        wakeups.beforeRead();

        assertThat(wakeups.await()).isEqualTo(Cause.POLL);
        assertThat(listener().waitedFor).containsExactly(POLL);
    }

    @Test
    void aBusyRelayKeepsItsListenerAliveAndANotificationThatCameMeanwhileWakesTheNextWaitAtOnce() {
        wakeups.beforeRead();
        listener().notified = true; // a commit during the round
        wakeups.beforeRead();

        assertThat(listener().keptAlive).isOne();
        assertThat(wakeups.await()).isEqualTo(Cause.NOTIFY);
    }

    @Test
    void aListenerThatBreaksWakesTheRelayAtOnceThenItPollsAndListensAgainAfterTheRetryInterval() {
        wakeups.beforeRead();
        FakeListener first = listener();
        first.broken = true;

        assertThat(wakeups.await()).as("read now: notifications may be lost").isEqualTo(Cause.POLL);
        assertThat(slept).isEmpty();
        assertThat(first.closed).isTrue();
        assertThat(wakeups.listening()).isFalse();

        wakeups.beforeRead();
        assertThat(opened).as("not before the retry interval").hasSize(1);
        assertThat(wakeups.await()).isEqualTo(Cause.POLL);
        assertThat(slept).containsExactly(POLL);

        nanos += RETRY.toNanos();
        wakeups.beforeRead();
        assertThat(opened).hasSize(2);
        assertThat(wakeups.listening()).isTrue();
    }

    @Test
    void whilePollingItSleepsNoLongerThanUntilItMayListenAgain() {
        wakeups.beforeRead();
        listener().broken = true;
        wakeups.await();

        nanos += RETRY.minus(Duration.ofMillis(300)).toNanos();
        wakeups.await();

        assertThat(slept).containsExactly(Duration.ofMillis(300));
        wakeups.beforeRead();
        assertThat(wakeups.listening()).isTrue();
    }

    @Test
    void aDrainThatFailsDropsTheListenerAndTheReadGoesOn() {
        wakeups.beforeRead();
        listener().broken = true;

        wakeups.beforeRead();

        assertThat(listener().closed).isTrue();
        assertThat(wakeups.listening()).isFalse();
    }

    @Test
    void whenLISTENCannotBeOpenedItPollsAndTriesAgainAfterTheRetryIntervalThenLessOften() {
        openFailures.set(2);

        wakeups.beforeRead();
        assertThat(wakeups.listening()).isFalse();
        assertThat(wakeups.await()).isEqualTo(Cause.POLL);
        assertThat(slept).containsExactly(POLL);
        wakeups.beforeRead();
        assertThat(openFailures).as("no second try within the retry interval").hasValue(1);

        nanos += RETRY.toNanos();
        wakeups.beforeRead();
        assertThat(openFailures).hasValue(0);
        nanos += RETRY.toNanos();
        wakeups.beforeRead();
        assertThat(wakeups.listening())
                .as("twice the retry interval after a second failure")
                .isFalse();
        nanos += RETRY.toNanos();
        wakeups.beforeRead();
        assertThat(wakeups.listening()).isTrue();
    }

    @Test
    void theBackoffAfterFailedListensStopsGrowingAtItsCap() {
        openFailures.set(Integer.MAX_VALUE);
        for (int attempt = 0; attempt < 40; attempt++) {
            wakeups.beforeRead();
            nanos += RETRY.multipliedBy(OutboxWakeups.MAX_BACKOFF).toNanos();
        }
        int before = openFailures.get();

        wakeups.beforeRead();

        assertThat(openFailures.get()).as("tried again after the capped wait").isEqualTo(before - 1);
    }

    @Test
    void abortEndsAWaitAndNothingListensAfterward() {
        wakeups.beforeRead();
        FakeListener listener = listener();

        wakeups.abort();
        wakeups.close();
        nanos += RETRY.toNanos();
        wakeups.beforeRead();

        assertThat(listener.aborted).isTrue();
        assertThat(listener.closed).isTrue();
        assertThat(opened).hasSize(1);
        assertThat(wakeups.listening()).isFalse();
    }

    private FakeListener listener() {
        return opened.getLast();
    }

    static final class FakeListener implements OutboxWakeups.Listener {
        boolean notified;
        boolean broken;
        boolean aborted;
        boolean closed;
        int keptAlive;
        final List<Duration> waitedFor = new ArrayList<>();

        @Override
        public boolean await(Duration timeout) throws SQLException {
            if (broken) {
                throw new SQLException("terminating connection due to administrator command", "57P01");
            }
            waitedFor.add(timeout);
            return notified;
        }

        @Override
        public void keepAlive() throws SQLException {
            if (broken) {
                throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
            }
            keptAlive++;
        }

        @Override
        public int pid() {
            return 42;
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
