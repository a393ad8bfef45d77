package dev.patternshop.replication;

/** A Postgres WAL position (LSN) such as {@code 16/B374D848}, as one comparable number. */
public final class LogPosition {

    private LogPosition() {}

    public static long parse(String lsn) {
        int slash = lsn.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("not an LSN: " + lsn);
        }
        return (Long.parseUnsignedLong(lsn.substring(0, slash), 16) << 32)
                | Long.parseUnsignedLong(lsn.substring(slash + 1), 16);
    }

    public static String format(long position) {
        return Long.toHexString(position >>> 32).toUpperCase() + "/"
                + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase();
    }
}
