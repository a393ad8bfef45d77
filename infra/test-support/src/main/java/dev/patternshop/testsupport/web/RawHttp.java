package dev.patternshop.testsupport.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a plain socket, for what well-behaved clients never send: chunked bodies that go on and on, bodies
 * that stop half-way, paths exactly as written. The body is written on its own thread while the answer is read,
 * so a server that answers before the body ends (a 413) is heard, not mistaken for a broken pipe.
 */
public final class RawHttp {

    /** The status line's code, the whole answer as text, and how many body bytes were written before it came. */
    public record Answer(int status, String text, long bodyBytesSent) {

        public boolean closedByServer() {
            return text.toLowerCase().contains("connection: close");
        }
    }

    /** Writes the body: {@code chunks} pieces of {@code chunk} bytes each (0 = none); stops when the server closes. */
    public record ChunkedBody(int chunk, long chunks, Duration pauseAfterFirst) {

        public static ChunkedBody of(int chunk, long chunks) {
            return new ChunkedBody(chunk, chunks, Duration.ZERO);
        }

        /** One piece, then silence: the server has to give up waiting. */
        public static ChunkedBody stalling(int chunk) {
            return new ChunkedBody(chunk, 1, null);
        }
    }

    private RawHttp() {}

    /**
     * Sends {@code head} (request line and headers, without the empty line) with a chunked body and reads the answer.
     * {@code readTimeout}: how long to wait for the answer at most (a generous bound, not a measurement).
     */
    public static Answer chunked(int port, String head, ChunkedBody body, Duration readTimeout) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong sent = new AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> writeChunks(out, body, sent));
            try {
                String text = readAnswer(socket.getInputStream());
                return new Answer(status(text), text, sent.get());
            } finally {
                writer.interrupt();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request exactly as written ({@code request} includes the empty line and any body) and reads the answer. */
    public static Answer exactly(int port, String request, Duration readTimeout) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String text = readAnswer(socket.getInputStream());
            return new Answer(status(text), text, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code requests} (several, each as written) in one write, as a client that pipelines does, and returns
     * everything the server sends until it closes the connection.
     */
    public static String pipelined(int port, String requests, Duration readTimeout) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(received);
            } catch (java.net.SocketException reset) {
                // closed with a reset after the answers: what came before it counts
            }
            return received.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeChunks(OutputStream out, ChunkedBody body, AtomicLong sent) {
        byte[] piece = new byte[body.chunk()];
        java.util.Arrays.fill(piece, (byte) 'x');
        byte[] size = (Integer.toHexString(body.chunk()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            for (long i = 0; i < body.chunks(); i++) {
                out.write(size);
                out.write(piece);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sent.addAndGet(piece.length);
            }
            if (body.pauseAfterFirst() == null) {
                Thread.sleep(Long.MAX_VALUE);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException stopped) {
            // the server answered and closed, or the reader is done: stop writing
        }
    }

    /** Reads until the server closes, or until one whole answer (its headers plus Content-Length bytes) is in. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
                if (complete(received.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            if (received.size() == 0) {
                throw reset;
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return text.length() - end - 4
                        >= Integer.parseInt(line.substring(15).trim());
            }
        }
        return false;
    }

    private static int status(String text) {
        String[] statusLine = text.split("\r\n", 2)[0].split(" ");
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalStateException("not an HTTP answer: " + text);
        }
        return Integer.parseInt(statusLine[1]);
    }
}
