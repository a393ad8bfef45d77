package dev.patternshop.infra.embedded;

/** A piece of local infrastructure could not be prepared, started or reached. The message says which and why. */
public class InfrastructureException extends RuntimeException {

    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
