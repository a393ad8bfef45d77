package dev.patternshop.catalog.product;

/**
 * How fresh a read must be: {@link #ANY} lets a replica answer however far behind it is allowed to be;
 * {@link #atLeast(long)} demands everything up to a log position, the one a client's own write returned
 * (read-your-writes).
 */
public record ReadConsistency(long minLogPosition) {

    public static final ReadConsistency ANY = new ReadConsistency(0);

    public static ReadConsistency atLeast(long logPosition) {
        return new ReadConsistency(Math.max(0, logPosition));
    }
}
