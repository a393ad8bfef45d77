package dev.patternshop.gateway.problem;

import org.springframework.http.HttpStatus;

/**
 * The edge refused the request itself (its body too large or too slow, say): the client's answer, never a failure
 * of a service. Answered as problem+json with the connection closed ({@link ProblemResponses#refuse}), whether the
 * filter that refused it or {@link ProblemJsonErrorHandler} sees it first.
 */
public class RequestRefused extends RuntimeException {

    private final HttpStatus status;

    protected RequestRefused(HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
