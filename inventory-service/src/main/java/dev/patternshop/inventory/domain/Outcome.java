package dev.patternshop.inventory.domain;

/**
 * What a commit or release did: {@code APPLIED} moved the reservation, {@code REPEATED} found it already there (the
 * same command again: answer as before, change nothing), {@code REFUSED} names why it cannot apply.
 */
public record Outcome(Kind kind, CommandRefusal refusal) {

    public enum Kind {
        APPLIED,
        REPEATED,
        REFUSED
    }

    public static final Outcome APPLIED = new Outcome(Kind.APPLIED, null);
    public static final Outcome REPEATED = new Outcome(Kind.REPEATED, null);

    public Outcome {
        if ((kind == Kind.REFUSED) != (refusal != null)) {
            throw new IllegalArgumentException("a refusal, and only a refusal, names its reason");
        }
    }

    public static Outcome refused(CommandRefusal refusal) {
        return new Outcome(Kind.REFUSED, refusal);
    }
}
