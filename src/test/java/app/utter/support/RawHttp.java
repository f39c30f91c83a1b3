package app.utter.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, for requests that java.net.http will not send as written: undecoded or
 * unnormalised paths, bodies cut short, headers that contradict the body. Each request has a connection of its own.
 */
public final class RawHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int READ_TIMEOUT_MS = 15_000;

    private final int port;
    private final Map<String, String> headers;

    public RawHttp(int port, Map<String, String> headers) {
        this.port = port;
        this.headers = Map.copyOf(headers);
    }

    /** An answer as it came over the wire; {@code status} is 0 when the server closed without answering. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + headers.get("content-type") + " " + text();
        }
    }

    public Answer get(String target) {
        return send("GET", target, Map.of(), new byte[0], -1);
    }

    /** Sends {@code body} with a Content-Length that matches it. */
    public Answer send(String method, String target, Map<String, String> extraHeaders, byte[] body) {
        return send(method, target, extraHeaders, body, body.length);
    }

    /**
     * Sends the request line and headers exactly as given, then {@code body}; with {@code declaredLength} over the
     * body's size the client stops sending halfway, as one that gives up on an upload, and only reads the answer.
     */
    public Answer send(String method, String target, Map<String, String> extraHeaders, byte[] body, long declaredLength) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extraHeaders);
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (declaredLength >= 0) {
            head.append("Content-Length: ").append(declaredLength).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            if (declaredLength > body.length) {
                socket.shutdownOutput();
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        byte[] all;
        try {
            all = in.readAllBytes();
        } catch (SocketTimeoutException | java.net.SocketException closed) {
            return new Answer(0, Map.of(), new byte[0]);
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(0, Map.of(), all);
        }
        List<String> lines = text.substring(0, end).lines().toList();
        Map<String, String> headers = new LinkedHashMap<>();
        lines.stream().skip(1).forEach(line -> headers.put(
                line.substring(0, line.indexOf(':')).strip().toLowerCase(), line.substring(line.indexOf(':') + 1).strip()));
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(Integer.parseInt(lines.getFirst().split(" ")[1]), headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("A chunk size line without its end");
    }
}
