package dev.patternshop.replication;

/** A {@link ConsistencyToken} past the primary's log: no write returned it. Services answer it with a 400. */
public class TokenAheadOfPrimary extends RuntimeException {

    private final long position;

    public TokenAheadOfPrimary(long position) {
        super(ConsistencyToken.HEADER + " " + position + " is ahead of the primary's log");
        this.position = position;
    }

    public long position() {
        return position;
    }
}
