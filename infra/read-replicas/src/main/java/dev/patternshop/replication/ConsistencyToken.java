package dev.patternshop.replication;

/**
 * Read-your-writes over HTTP: a write answers {@value #HEADER} (the primary's log position after its commit);
 * a read that sends it back is served only by a database that has replayed that far. The token is only a
 * lower bound for freshness: a made-up one can at worst send the caller's reads to the primary.
 */
public final class ConsistencyToken {

    public static final String HEADER = "Consistency-Token";

    private ConsistencyToken() {
    }

    /** The position a request's header asks for; 0 (any replica within the lag bound) when it sends none. */
    public static long parse(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HEADER + " must be the number a write returned", e);
        }
    }

    public static String of(long logPosition) {
        return Long.toString(logPosition);
    }
}
