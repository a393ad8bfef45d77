package dev.patternshop.notification.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client as a browser's EventSource is one: {@code GET} with {@code Accept: text/event-stream},
 * a token and, when resuming, {@code Last-Event-ID}; the events it has read so far, collected by a reader thread.
 * Closing it drops the connection (its own HttpClient is shut down).
 */
final class SseStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One event as read: its id, its {@code event:} name and its {@code data:} as JSON. */
    record Event(long id, String type, JsonNode data) {

        String orderId() {
            return data.get("orderId").asString();
        }

        String status() {
            return data.get("status").asString();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    private int status;
    private String contentType;
    private String body;

    private SseStream() {}

    static SseStream open(int port, String token, String... headers) {
        SseStream stream = new SseStream();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<Stream<String>> response =
                    stream.http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
            stream.status = response.statusCode();
            stream.contentType = response.headers().firstValue("Content-Type").orElse("");
            if (stream.status != 200) {
                try (Stream<String> lines = response.body()) {
                    stream.body = lines.collect(Collectors.joining("\n"));
                }
                stream.http.shutdownNow();
            } else {
                Thread.ofVirtual().name("sse-test-reader").start(() -> stream.read(response.body()));
            }
            return stream;
        } catch (IOException e) {
            throw new IllegalStateException("could not open the stream", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    /** The answer's body when it was not a stream (a problem). */
    String body() {
        return body;
    }

    /** True once the server's first lines (the retry hint) arrived: the stream is registered. */
    boolean connected() {
        return connected;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Long> ids() {
        return events.stream().map(Event::id).toList();
    }

    List<String> statuses() {
        return events.stream().map(Event::status).toList();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    private void read(Stream<String> lines) {
        List<String> fields = new ArrayList<>();
        try (lines) {
            lines.forEach(line -> {
                if (line.startsWith("retry:")) {
                    connected = true;
                }
                if (!line.isEmpty()) {
                    fields.add(line);
                    return;
                }
                event(fields);
                fields.clear();
            });
        } catch (RuntimeException closed) {
            // The stream was closed (by the test or the server): nothing more to read.
        }
    }

    private void event(List<String> fields) {
        Long id = null;
        String type = null;
        String data = null;
        for (String field : fields) {
            if (field.startsWith("id:")) {
                id = Long.parseLong(field.substring("id:".length()).strip());
            } else if (field.startsWith("event:")) {
                type = field.substring("event:".length()).strip();
            } else if (field.startsWith("data:")) {
                data = field.substring("data:".length()).strip();
            }
        }
        if (id != null && data != null) {
            events.add(new Event(id, type, JSON.readTree(data)));
        }
    }
}
