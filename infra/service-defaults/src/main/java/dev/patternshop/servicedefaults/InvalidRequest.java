package dev.patternshop.servicedefaults;

/**
 * A request broke a rule: names the field and the rule, so the client can fix its request. Nothing has been
 * written. Plain Java, so a domain may throw it without importing a framework; {@link ProblemDetailsAdvice}
 * answers it as 400 {@code invalid-request} with {@code errors: {field: rule}}. A service may subclass it where
 * its own name reads better ({@code InvalidOrder}, {@code InvalidProduct}).
 */
public class InvalidRequest extends RuntimeException {

    private final String field;
    private final String rule;

    public InvalidRequest(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
        this.rule = rule;
    }

    /** Which part of the request: a JSON path such as {@code items[0].quantity}, a query parameter or a header. */
    public String field() {
        return field;
    }

    /** What the value must be, worded to follow the field: "must not be negative". */
    public String rule() {
        return rule;
    }
}
