package dev.patternshop.loadtests;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness for the checkout saga: POST /orders through the gateway at a fixed arrival rate (an open model: a
 * request is sent when it is due, whether or not the earlier ones were answered, so a slow system is not hidden by
 * a client that waits), as many customers (one token per line of the tokens file, {@link CustomerTokens}). Every
 * order is new: 1-3 lines of one unit each, products drawn from {@code [from, to]} (ample stock, none of the scarce
 * ones), so the saga runs to CONFIRMED unless something fails. Totals stay far below the provider's refusal limit
 * (10,000.00): at most three units of the catalog's dearest product (499.99).
 *
 * <p>Writes one CSV line per order placed (order id, sent at, 202 at, epoch ms) to {@code out}, for the script to
 * join with the order's row and its events; prints one line: sent, 202s, other answers by status, POST p50/p99 (ms).
 * Loopback only; stops by itself.
 *
 * <pre>CheckoutLoad &lt;gateway url&gt; &lt;tokens file&gt; &lt;rate per second&gt; &lt;seconds&gt; &lt;from product&gt; &lt;to product&gt; &lt;out.csv&gt;</pre>
 */
public final class CheckoutLoad {

    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    private static final Pattern ORDER_ID = Pattern.compile("\"id\"\\s*:\\s*\"?(\\d+)\"?");

    private CheckoutLoad() {}

    record Placed(String orderId, long sentMillis, long acceptedMillis) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: CheckoutLoad <gateway url> <tokens file> <rate per second> <seconds>"
                    + " <from product> <to product> <out.csv>");
            System.exit(2);
        }
        URI orders = URI.create(args[0] + "/api/orders/orders");
        if (!"127.0.0.1".equals(orders.getHost())) {
            throw new IllegalArgumentException("load goes to 127.0.0.1 only");
        }
        List<String> tokens = Files.readAllLines(Path.of(args[1])).stream()
                .filter(line -> !line.isBlank())
                .toList();
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long from = Long.parseLong(args[4]);
        long to = Long.parseLong(args[5]);
        Path out = Path.of(args[6]);

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> postMillis = new ConcurrentLinkedQueue<>();
        Map<String, Integer> otherAnswers = Collections.synchronizedMap(new TreeMap<>());
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        int total = rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + TimeUnit.SECONDS.toNanos(1) * i / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            HttpRequest request = HttpRequest.newBuilder(orders)
                    .timeout(ANSWER_WAIT)
                    .header("Authorization", "Bearer " + tokens.get(i % tokens.size()))
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(order(from, to)))
                    .build();
            long sent = System.currentTimeMillis();
            long sentNanos = System.nanoTime();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        long answered = System.currentTimeMillis();
                        if (error != null) {
                            otherAnswers.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                            return null;
                        }
                        postMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos));
                        Matcher id = ORDER_ID.matcher(response.body());
                        if (response.statusCode() == 202 && id.find()) {
                            placed.add(new Placed(id.group(1), sent, answered));
                        } else {
                            otherAnswers.merge(Integer.toString(response.statusCode()), 1, Integer::sum);
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        write(out, placed);
        System.out.printf(
                "sent %d, 202 %d, other %s, POST p50 %d ms, p99 %d ms%n",
                total,
                placed.size(),
                otherAnswers.isEmpty() ? "none" : otherAnswers,
                percentile(new ArrayList<>(postMillis), 50),
                percentile(new ArrayList<>(postMillis), 99));
    }

    /** 1-3 distinct products of one unit each. */
    private static String order(long from, long to) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        TreeSet<Long> products = new TreeSet<>();
        int lines = random.nextInt(1, 4);
        while (products.size() < lines) {
            products.add(random.nextLong(from, to + 1));
        }
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (long product : products) {
            if (body.charAt(body.length() - 1) == '}') {
                body.append(',');
            }
            body.append("{\"productId\":").append(product).append(",\"quantity\":1}");
        }
        return body.append("]}").toString();
    }

    private static void write(Path out, Iterable<Placed> placed) throws IOException {
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            for (Placed order : placed) {
                writer.printf("%s,%d,%d%n", order.orderId(), order.sentMillis(), order.acceptedMillis());
            }
        }
    }

    private static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
