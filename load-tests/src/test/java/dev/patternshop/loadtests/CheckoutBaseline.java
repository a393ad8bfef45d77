package dev.patternshop.loadtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checkout saga's baseline: what one service would do with the same orders in ONE local transaction on one
 * Postgres: insert the order and its lines, take the units off the stock, insert an authorized payment, commit. No
 * broker, no outbox, no second database, no HTTP: the cost the saga adds over the simplest design it replaces.
 *
 * <p>Runs in a scratch database it creates on the given server ({@code checkout_baseline_<random>}) and drops at
 * the end, whatever happens: the services' own databases are never touched. Orders arrive at a fixed rate (an open
 * model, like {@link CheckoutLoad}) into a queue served by {@code connections} workers, one connection each (a
 * service's pool); an order's time is from its arrival to its commit, queueing included. Lines as in CheckoutLoad:
 * 1-3 distinct products of one unit from {@code [from, to]}, stock seeded ample for all of them.
 *
 * <p>Prints one markdown row (saga-benchmark.sh's table): rate, arrived, committed, failed, neither (a worker that
 * died), committed orders per second (from the first arrival to the last commit), p50/p99 arrival to commit.
 * Loopback only; stops by itself.
 *
 * <pre>CheckoutBaseline &lt;host:port&gt; &lt;rate per second&gt; &lt;seconds&gt; &lt;from product&gt; &lt;to product&gt; &lt;connections&gt;</pre>
 */
public final class CheckoutBaseline {

    private static final String USER = "patternshop";
    private static final String PASSWORD = "patternshop";
    private static final long UNITS = 1_000_000;

    private CheckoutBaseline() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: CheckoutBaseline <host:port> <rate per second> <seconds> <from product> <to product> <connections>");
            System.exit(2);
        }
        String server = args[0];
        if (!server.startsWith("127.0.0.1:")) {
            throw new IllegalArgumentException("load goes to 127.0.0.1 only");
        }
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long from = Long.parseLong(args[3]);
        long to = Long.parseLong(args[4]);
        int connections = Integer.parseInt(args[5]);
        String database = "checkout_baseline_"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);

        try (Connection admin = connect(server, "postgres")) {
            execute(admin, "create database " + database);
        }
        try {
            run(server, database, rate, seconds, from, to, connections);
        } finally {
            try (Connection admin = connect(server, "postgres")) {
                execute(admin, "drop database if exists " + database + " with (force)");
            }
        }
    }

    private static void run(String server, String database, int rate, int seconds, long from, long to, int connections)
            throws Exception {
        try (Connection setup = connect(server, database)) {
            execute(setup, """
                    create table stock (product_id bigint primary key, available integer not null check (available >= 0));
                    create table orders (id bigserial primary key, customer_id text not null, status text not null,
                        total_minor bigint not null, currency char(3) not null, created_at timestamptz not null,
                        updated_at timestamptz not null);
                    create table order_line (order_id bigint not null references orders (id), line_no integer not null,
                        product_id bigint not null, unit_price_minor bigint not null, quantity integer not null,
                        primary key (order_id, line_no));
                    create table payment (id uuid primary key, order_id bigint not null unique references orders (id),
                        status text not null, amount_minor bigint not null, currency char(3) not null,
                        updated_at timestamptz not null)""");
            execute(
                    setup,
                    "insert into stock select n, " + UNITS + " from generate_series(" + from + ", " + to + ") n");
            execute(setup, "analyze");
        }

        int total = rate * seconds;
        BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(total + connections); // arrival times, nanos
        ConcurrentLinkedQueue<Long> latencyMillis = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        long[] lastCommit = {0};
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            Connection connection = connect(server, database);
            connection.setAutoCommit(false);
            workers.add(Thread.ofPlatform().name("baseline-" + w).start(() -> {
                try (connection) {
                    for (long arrived; (arrived = arrivals.take()) >= 0; ) {
                        try {
                            placeAndPay(connection, from, to);
                            long committed = System.nanoTime();
                            latencyMillis.add(TimeUnit.NANOSECONDS.toMillis(committed - arrived));
                            synchronized (lastCommit) {
                                lastCommit[0] = Math.max(lastCommit[0], committed);
                            }
                        } catch (SQLException e) {
                            failed.incrementAndGet();
                            connection.rollback();
                        }
                    }
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + TimeUnit.SECONDS.toNanos(1) * i / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            arrivals.add(due);
        }
        for (int w = 0; w < connections; w++) {
            arrivals.add(-1L); // each worker stops at one of these, after the orders before it
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (lastCommit[0] - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencyMillis);
        Collections.sort(sorted);
        System.out.printf(
                "| %-8s | %5d/s | %6d | %9d | %9d | %9d | %8.1f | %6d ms | %6d ms |%n",
                "baseline",
                rate,
                total,
                sorted.size(),
                failed.get(),
                total - sorted.size() - failed.get(),
                elapsed > 0 ? sorted.size() / elapsed : 0,
                percentile(sorted, 50),
                percentile(sorted, 99));
    }

    /** One order, one transaction: the order and its lines, the stock, the payment. */
    private static void placeAndPay(Connection connection, long from, long to) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        TreeSet<Long> products = new TreeSet<>(); // in id order: two orders never lock their rows crosswise
        int lines = random.nextInt(1, 4);
        while (products.size() < lines) {
            products.add(random.nextLong(from, to + 1));
        }
        Timestamp now = Timestamp.from(Instant.now());
        long total = 0;
        for (long product : products) {
            total += price(product);
        }
        long orderId;
        try (PreparedStatement order = connection.prepareStatement(
                "insert into orders (customer_id, status, total_minor, currency, created_at, updated_at)"
                        + " values (?, 'CONFIRMED', ?, 'EUR', ?, ?) returning id")) {
            order.setString(1, UUID.randomUUID().toString());
            order.setLong(2, total);
            order.setTimestamp(3, now);
            order.setTimestamp(4, now);
            try (ResultSet id = order.executeQuery()) {
                id.next();
                orderId = id.getLong(1);
            }
        }
        try (PreparedStatement line = connection.prepareStatement(
                        "insert into order_line (order_id, line_no, product_id, unit_price_minor, quantity)"
                                + " values (?, ?, ?, ?, 1)");
                PreparedStatement take = connection.prepareStatement(
                        "update stock set available = available - 1 where product_id = ? and available >= 1")) {
            int lineNo = 0;
            for (long product : products) {
                line.setLong(1, orderId);
                line.setInt(2, ++lineNo);
                line.setLong(3, product);
                line.setLong(4, price(product));
                line.addBatch();
                take.setLong(1, product);
                if (take.executeUpdate() != 1) {
                    throw new SQLException("out of stock: " + product);
                }
            }
            line.executeBatch();
        }
        try (PreparedStatement payment = connection.prepareStatement(
                "insert into payment (id, order_id, status, amount_minor, currency, updated_at)"
                        + " values (?, ?, 'AUTHORIZED', ?, 'EUR', ?)")) {
            payment.setObject(1, UUID.randomUUID());
            payment.setLong(2, orderId);
            payment.setLong(3, total);
            payment.setTimestamp(4, now);
            payment.executeUpdate();
        }
        connection.commit();
    }

    /** The catalog's seeded price (catalog-service's V2__seed_products.sql), computed: the baseline measures the writes. */
    private static long price(long product) {
        return 499 + (product * 7919) % 49501;
    }

    private static Connection connect(String server, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database, USER, PASSWORD);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long percentile(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
