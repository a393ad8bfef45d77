package dev.patternshop.notification.live;

import dev.patternshop.notification.live.LiveStreams.CloseReason;
import dev.patternshop.servicedefaults.ProblemJson;
import dev.patternshop.servicedefaults.RetryAfter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /events/stream}: the caller's own order events as Server-Sent Events (the customer is the token's
 * subject; nobody can ask for another customer's stream). Each event: {@code id:} its number in the customer's
 * stream, {@code event:} its type ({@code order.placed}, ... {@code order.confirmed}), {@code data:} the order, its
 * status, the reason of a cancellation and when it happened.
 *
 * <p>Where it starts: with {@code Last-Event-ID} (what a browser's EventSource sends when it reconnects), right
 * after that event; without, with the events of the last {@code recent-on-connect} (an order placed just before the
 * page opened its stream is shown), then live. A Last-Event-ID that is not a whole number from 0 to
 * {@value Long#MAX_VALUE} is refused with 400: a client that sends garbage has a bug to see, not a silent restart.
 * One above the customer's latest event (a stream of another deployment) resumes from the latest.
 */
@Tag(
        name = "live status",
        description = "The caller's order events as Server-Sent Events, resumable with Last-Event-ID.")
@RestController
class LiveStreamController {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,19}");

    private final LiveStreams streams;
    private final CustomerEventLog log;
    private final LiveSettings settings;
    private final Clock clock;

    LiveStreamController(LiveStreams streams, CustomerEventLog log, LiveSettings settings) {
        this.streams = streams;
        this.log = log;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/events/stream")
    SseEmitter stream(
            @AuthenticationPrincipal Jwt token,
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
            HttpServletResponse response)
            throws IOException {
        String customerId = token.getSubject();
        long resumeAfter = resumeAfter(customerId, lastEventId);
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        LiveConnection connection = new LiveConnection(customerId, resumeAfter, emitter, settings, log, streams);
        streams.register(connection);
        // Committed here, on the request thread, before the writer (another thread) may write: the filters this
        // request passed through write their headers at the commit or on the way out, whichever comes first, and
        // must not touch the response while the writer writes (Tomcat's headers are not thread-safe).
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        try {
            response.flushBuffer();
        } catch (IOException clientGone) {
            connection.close(CloseReason.WRITE_FAILED);
            throw clientGone;
        }
        connection.start();
        return emitter;
    }

    private long resumeAfter(String customerId, String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return log.before(customerId, clock.instant().minus(settings.recentOnConnect()));
        }
        String id = lastEventId.strip();
        long seq;
        try {
            seq = WHOLE_NUMBER.matcher(id).matches() ? Long.parseLong(id) : -1;
        } catch (NumberFormatException tooLarge) {
            seq = -1;
        }
        if (seq < 0) {
            throw new InvalidLastEventId();
        }
        return Math.min(seq, log.latest(customerId));
    }

    /*
     * The client asked for text/event-stream: the problem is written with its own content type, past content
     * negotiation (which would otherwise find no converter for a problem and answer 406).
     */

    @ExceptionHandler(InvalidLastEventId.class)
    ResponseEntity<ProblemDetail> invalidLastEventId(InvalidLastEventId invalid) {
        ProblemDetail problem = ProblemJson.problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "The Last-Event-ID header must be the id of an event of this stream: a whole number from 0 to "
                        + Long.MAX_VALUE + ".");
        problem.setProperty("errors", Map.of(LAST_EVENT_ID, "must be a whole number from 0 to " + Long.MAX_VALUE));
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(StreamRefused.class)
    ResponseEntity<ProblemDetail> refused(StreamRefused refused) {
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(refused.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (refused.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(RetryAfter.seconds(refused.retryAfter())));
        }
        return response.body(ProblemJson.problem(refused.status(), refused.type(), refused.getMessage()));
    }

    /** The Last-Event-ID header is not the id of an event. */
    static final class InvalidLastEventId extends RuntimeException {

        InvalidLastEventId() {
            super("Last-Event-ID is not a whole number", null, false, false);
        }
    }
}
