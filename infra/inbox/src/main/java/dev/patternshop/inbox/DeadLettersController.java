package dev.patternshop.inbox;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead letters of the service's consumers, for admins (service-defaults' security: {@code /admin/**} needs the
 * ADMIN role). {@code GET /admin/dead-letters[?consumer=&limit=]} lists the newest, {@code POST
 * /admin/dead-letters/{consumer}/{partition}/{offset}/replay} replays one (202); unknown coordinates are a 404
 * problem.
 */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLettersController {

    static final URI NOT_FOUND_TYPE = URI.create("https://patternshop.dev/problems/dead-letter-not-found");
    static final URI INVALID_TYPE = URI.create("https://patternshop.dev/problems/invalid-request");

    private final DeadLetters deadLetters;

    DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    List<DeadLetter> list(
            @RequestParam(required = false) String consumer,
            @RequestParam(defaultValue = "" + DeadLetters.DEFAULT_LIMIT) int limit) {
        return consumer == null ? deadLetters.list(limit) : deadLetters.list(consumer, limit);
    }

    @PostMapping("/{consumer}/{partition}/{offset}/replay")
    ResponseEntity<DeadLetter> replay(
            @PathVariable String consumer, @PathVariable int partition, @PathVariable long offset) {
        return ResponseEntity.accepted().body(deadLetters.replay(consumer, partition, offset));
    }

    @ExceptionHandler(NoSuchDeadLetter.class)
    ProblemDetail notFound(NoSuchDeadLetter missing) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, missing.getMessage());
        problem.setType(NOT_FOUND_TYPE);
        problem.setTitle("No such dead letter");
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException invalid) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
        problem.setType(INVALID_TYPE);
        return problem;
    }
}
