package dev.patternshop.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * How {@code ./patternshop restart NAME} (its own JVM) asks the running {@code up} launcher, which owns every
 * process, to restart one: a request file in one folder, answered by a file beside it. Files are written beside
 * and renamed, so neither side ever reads half of one; a request the client withdraws before the launcher took
 * it is never carried out.
 */
final class RestartRequests {

    private static final String REQUEST = ".request";
    private static final String ANSWER = ".answer";
    static final String FAILED = "FAILED ";

    private final Path folder;

    RestartRequests(Path folder) {
        this.folder = folder;
    }

    /** Client side: leaves a request to restart {@code name}. */
    Ticket submit(String name) throws IOException {
        Files.createDirectories(folder);
        // Ordered by the time of the request (the launcher answers oldest first), unique per request.
        String id = String.format("%013d-%s", System.currentTimeMillis(), UUID.randomUUID());
        Ticket ticket = new Ticket(folder.resolve(id + REQUEST), folder.resolve(id + ANSWER));
        writeAtomically(ticket.request(), name);
        return ticket;
    }

    /**
     * Launcher side: carries out every pending request, oldest first. {@code restart} returns what to tell the
     * client; an exception is answered as {@code FAILED <message>}.
     */
    void answerPending(Function<String, String> restart) {
        List<Path> pending;
        try (var files = Files.list(folder)) {
            pending = files.filter(file -> file.getFileName().toString().endsWith(REQUEST))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return; // no folder yet: nobody has asked
        }
        for (Path request : pending) {
            String name;
            try {
                name = Files.readString(request).strip();
                Files.delete(request); // taken: from here on the client can no longer withdraw it
            } catch (IOException e) {
                continue; // withdrawn meanwhile
            }
            String answer;
            try {
                answer = restart.apply(name);
            } catch (RuntimeException e) {
                answer = FAILED + e.getMessage();
            }
            try {
                writeAtomically(answerOf(request), answer);
            } catch (IOException e) {
                System.err.println("could not answer " + request + ": " + e.getMessage());
            }
        }
    }

    /** Deletes requests and answers left by an earlier run. */
    void clear() throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static Path answerOf(Path request) {
        String file = request.getFileName().toString();
        return request.resolveSibling(file.substring(0, file.length() - REQUEST.length()) + ANSWER);
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** One request, as its client sees it. */
    record Ticket(Path request, Path answer) {

        /** The launcher's answer, once there is one (read once: the answer file is removed). */
        Optional<String> takeAnswer() throws IOException {
            if (!Files.exists(answer)) {
                return Optional.empty();
            }
            String text = Files.readString(answer);
            Files.delete(answer);
            return Optional.of(text);
        }

        /** Takes the request back; true if the launcher had not taken it yet (then it never will). */
        boolean withdraw() {
            try {
                return Files.deleteIfExists(request);
            } catch (IOException e) {
                return false;
            }
        }
    }
}
