package dev.patternshop.notification.live;

import dev.patternshop.notification.live.LiveStreams.CloseReason;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's stream: a bounded queue filled by {@link LiveStreams#publish} and one writer (a virtual thread) that
 * empties it into the {@link SseEmitter}. The writer first catches up from the event log (everything after the
 * client's Last-Event-ID), then writes what the queue brings, and a heartbeat comment whenever it brought nothing
 * for a while.
 *
 * <p>No gap between the log and the live events: the stream is registered (so every event committed from then on is
 * queued) before the writer reads the log (which has every event committed before). An event can come both ways; the
 * writer keeps the number of the last event it wrote ({@code cursor}) and writes only {@code cursor + 1}: a number at
 * or below it was written already; a number above {@code cursor + 1} means an earlier event's hand-over is still on its
 * way (two consumer threads' after-commit calls can run in either order), so the writer reads the log again from
 * {@code cursor}, which has every event up to the one in hand (see {@link CustomerEventLog}).
 */
final class LiveConnection {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);
    /** Put in the queue when the stream is closed, so a writer waiting for an event wakes up and ends. */
    private static final CustomerEvent CLOSED = new CustomerEvent(-1, null, null, null, null, null, null, null);

    private final String customerId;
    private final SseEmitter emitter;
    private final LiveSettings settings;
    private final CustomerEventLog log;
    private final LiveStreams streams;
    private final BlockingQueue<CustomerEvent> waiting;
    private final AtomicBoolean open = new AtomicBoolean(true);
    /** The number of the last event written; only the writer thread reads and moves it. */
    private long cursor;

    LiveConnection(
            String customerId,
            long resumeAfter,
            SseEmitter emitter,
            LiveSettings settings,
            CustomerEventLog log,
            LiveStreams streams) {
        this.customerId = customerId;
        this.cursor = resumeAfter;
        this.emitter = emitter;
        this.settings = settings;
        this.log = log;
        this.streams = streams;
        // One more slot than the setting, for the CLOSED marker.
        this.waiting = new ArrayBlockingQueue<>(settings.queueCapacity() + 1);
    }

    String customerId() {
        return customerId;
    }

    /** Queues a committed event; false when the queue is full (the caller closes the stream). Never blocks. */
    boolean offer(CustomerEvent event) {
        return !open.get() || (waiting.remainingCapacity() > 1 && waiting.offer(event));
    }

    /** Starts the writer; call once the stream is registered. */
    void start() {
        emitter.onTimeout(() -> close(CloseReason.TIMED_OUT));
        emitter.onError(failure -> close(CloseReason.WRITE_FAILED));
        emitter.onCompletion(() -> close(CloseReason.COMPLETED));
        Thread.ofVirtual().name("live-stream-writer").start(this::write);
    }

    /**
     * Ends the stream once, for {@code reason}: out of {@link LiveStreams} at once, its queue emptied, its writer woken.
     * The emitter is completed on a thread of its own: completing waits for a write in progress, which for a client
     * that stopped reading lasts until the container's write timeout, and the caller may be the Kafka consumer.
     */
    void close(CloseReason reason) {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        streams.unregister(this, reason);
        waiting.clear();
        waiting.offer(CLOSED);
        Thread.ofVirtual().name("live-stream-close").start(emitter::complete);
    }

    private void write() {
        try {
            emitter.send(SseEmitter.event()
                    .reconnectTime(settings.reconnectAfter().toMillis())
                    .comment("stream of customer events"));
            catchUp();
            while (open.get()) {
                CustomerEvent next = waiting.poll(settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                } else if (next == CLOSED || next.seq() <= cursor) {
                    continue;
                } else if (next.seq() == cursor + 1) {
                    send(next);
                } else {
                    catchUp();
                }
            }
        } catch (IOException | IllegalStateException failure) {
            // IllegalStateException: the emitter completed meanwhile (closed, timed out).
            LOG.debug("Live stream of customer {} ended: {}", customerId, failure.toString());
            close(CloseReason.WRITE_FAILED);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            close(CloseReason.COMPLETED);
        } catch (RuntimeException failure) {
            // The log could not be read (database down): the client reconnects later and resumes.
            LOG.warn("Live stream of customer {} failed", customerId, failure);
            close(CloseReason.WRITE_FAILED);
        }
    }

    /** Writes every logged event after {@code cursor}, a page at a time. */
    private void catchUp() throws IOException {
        List<CustomerEvent> page;
        do {
            page = log.after(customerId, cursor, settings.replayPageSize());
            for (CustomerEvent event : page) {
                if (!open.get()) {
                    return;
                }
                send(event);
            }
        } while (page.size() == settings.replayPageSize());
    }

    private void send(CustomerEvent event) throws IOException {
        emitter.send(SseEmitter.event()
                .id(Long.toString(event.seq()))
                .name(event.type())
                .data(event.data(), MediaType.APPLICATION_JSON));
        cursor = event.seq();
        streams.pushed();
    }
}
