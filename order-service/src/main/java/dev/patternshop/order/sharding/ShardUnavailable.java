package dev.patternshop.order.sharding;

/** A scatter-gather could not hear from every shard cluster in time: a partial listing would be a wrong one. */
public class ShardUnavailable extends RuntimeException {

    public ShardUnavailable(String cluster, Throwable cause) {
        super("shard cluster " + cluster + " did not answer", cause);
    }
}
