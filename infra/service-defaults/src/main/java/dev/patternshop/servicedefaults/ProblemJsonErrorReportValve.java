package dev.patternshop.servicedefaults;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Answers the errors Tomcat raises itself, before any servlet runs, as problem+json instead of Tomcat's HTML page:
 * a path with an encoded NUL or slash, broken percent-encoding or UTF-8, a malformed request line or header. Like
 * Boot's own valve it says nothing about the server; unlike it, a client gets the same kind of answer as for every
 * other bad input.
 */
public final class ProblemJsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own report: only an error the application has not answered itself, and not twice.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String json = ProblemJson.toJson(ProblemJson.problem(
                known == null ? HttpStatus.BAD_REQUEST : known,
                known == null ? "error" : known.name().toLowerCase().replace('_', '-'),
                detail(status)));
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client has gone or the response was committed meanwhile: nothing left to tell it.
        }
    }

    private static String detail(int status) {
        return status == HttpStatus.BAD_REQUEST.value()
                ? "The request is malformed: its path or query may hold an encoded NUL or slash, broken"
                        + " percent-encoding or bytes that are not UTF-8, or a header is not valid."
                : "The server refused the request before reading it.";
    }
}
