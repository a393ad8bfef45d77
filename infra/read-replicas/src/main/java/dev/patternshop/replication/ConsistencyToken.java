package dev.patternshop.replication;

/**
 * Read-your-writes over HTTP: a write answers {@value #HEADER} (the primary's log position after its commit);
 * a read that sends it back is served only by a database that has replayed that far. The token is a lower bound
 * for freshness that only a write can have set: one ahead of the primary's log is refused (400) by both services,
 * because honouring it would pin the caller's reads to the primary (see the catalog's and the order service's
 * admission of tokens).
 */
public final class ConsistencyToken {

    public static final String HEADER = "Consistency-Token";
    private static final String NOT_A_TOKEN = HEADER + " must be the number a write returned";

    private ConsistencyToken() {}

    /** The position a request's header asks for; 0 (any replica within the lag bound) when it sends none. */
    public static long parse(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        long position;
        try {
            position = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NOT_A_TOKEN, e);
        }
        if (position < 0) {
            throw new IllegalArgumentException(NOT_A_TOKEN); // log positions start at 0; no write returns one below
        }
        return position;
    }

    public static String of(long logPosition) {
        return Long.toString(logPosition);
    }
}
