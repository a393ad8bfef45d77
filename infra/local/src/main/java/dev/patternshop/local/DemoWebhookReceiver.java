package dev.patternshop.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded runtime's demo webhook receiver (127.0.0.1 only): what a customer's endpoint does with notification's
 * deliveries, so a user can watch them during the README tour. It verifies each delivery's signature (HMAC-SHA256
 * over the timestamp, a dot and the raw body, with the subscription's secret), refuses stale timestamps, drops a
 * delivery id it has seen (receivers dedupe: delivery is at least once), and keeps the last deliveries for a look.
 *
 * <ul>
 *   <li>{@code POST /hooks/{name}}: a delivery for the subscription registered with this URL; 204 if its signature
 *       is valid (or no secret is known for {@code name}: then it is logged as unverified), 401 if not.
 *   <li>{@code PUT /secrets/{name}}: the secret the registration answered (once), so deliveries to
 *       {@code /hooks/{name}} can be verified.
 *   <li>{@code GET /deliveries}: the last deliveries, newest first, with what the check found.
 *   <li>{@code GET /health}: up.
 * </ul>
 *
 * Plain JDK (its HTTP server and javax.crypto), started by the runtime as its own JVM like the other tools.
 */
public final class DemoWebhookReceiver {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final int KEPT = 200;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** Delivery ids already received, the newest {@code KEPT * 10} (a bounded memory, enough for a demo). */
    private final Set<String> seen =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > KEPT * 10;
                }
            }));

    private final Deque<String> received = new ArrayDeque<>();

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DemoWebhookReceiver PORT [BIND_ADDRESS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        // Loopback unless told otherwise: in docker-compose.yml it must answer notification-service's container.
        String bindAddress = args.length == 2 ? args[1] : "127.0.0.1";
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        new DemoWebhookReceiver().routes(server);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("demo webhook receiver on http://" + bindAddress + ":" + port);
    }

    private void routes(HttpServer server) {
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/secrets/", exchange -> {
            if (!"PUT".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{\"error\":\"PUT the secret\"}");
                return;
            }
            String name = name(exchange, "/secrets/");
            byte[] secret = read(exchange);
            if (name.isEmpty() || secret == null || secret.length == 0) {
                answer(exchange, 400, "{\"error\":\"PUT /secrets/{name} with the secret as the body\"}");
                return;
            }
            secrets.put(name, new String(secret, StandardCharsets.UTF_8).strip());
            answer(exchange, 204, null);
        });
        server.createContext("/hooks/", this::delivery);
        server.createContext("/deliveries", exchange -> {
            synchronized (received) {
                answer(exchange, 200, "[" + String.join(",", received) + "]");
            }
        });
    }

    private void delivery(HttpExchange exchange) throws IOException {
        String name = name(exchange, "/hooks/");
        byte[] body = read(exchange);
        if (!"POST".equals(exchange.getRequestMethod()) || body == null) {
            answer(exchange, body == null ? 413 : 405, null);
            return;
        }
        String deliveryId = header(exchange, "Patternshop-Delivery");
        String event = header(exchange, "Patternshop-Event");
        String check = check(
                secrets.get(name),
                header(exchange, "Patternshop-Timestamp"),
                header(exchange, "Patternshop-Signature"),
                body);
        boolean duplicate = deliveryId != null && !seen.add(deliveryId);
        keep(name, deliveryId, event, check, duplicate, new String(body, StandardCharsets.UTF_8));
        System.out.printf(
                "%s delivery %s to /hooks/%s: %s, signature %s%s%n",
                Instant.now(), deliveryId, name, event, check, duplicate ? " (duplicate, ignored)" : "");
        answer(exchange, "invalid".equals(check) || "stale".equals(check) ? 401 : 204, null);
    }

    /** valid, invalid, stale, or unverified (no secret known for the hook). */
    static String check(String secret, String timestamp, String signature, byte[] body) {
        if (secret == null) {
            return "unverified";
        }
        if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return "invalid";
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "invalid";
        }
        if (Math.abs(Instant.now().getEpochSecond() - sentAt) > TOLERANCE.toSeconds()) {
            return "stale";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            byte[] given = HexFormat.of().parseHex(signature.substring("v1=".length()));
            return MessageDigest.isEqual(expected, given) ? "valid" : "invalid";
        } catch (IllegalArgumentException e) {
            return "invalid";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private void keep(String name, String deliveryId, String event, String check, boolean duplicate, String body) {
        String entry = "{\"hook\":" + quote(name) + ",\"deliveryId\":" + quote(deliveryId) + ",\"event\":"
                + quote(event) + ",\"signature\":" + quote(check) + ",\"duplicate\":" + duplicate + ",\"at\":"
                + quote(Instant.now().toString()) + ",\"body\":" + quote(body) + "}";
        synchronized (received) {
            received.addFirst(entry);
            while (received.size() > KEPT) {
                received.removeLast();
            }
        }
    }

    /** The request body, or null past the size a delivery can have (the rest is not read). */
    private static byte[] read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static String name(HttpExchange exchange, String prefix) {
        String path = exchange.getRequestURI().getPath();
        String name = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        return name.matches("[A-Za-z0-9_-]{1,64}") ? name : "";
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
