package app.utter.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: JSON in and out, multipart uploads streamed from files. Anonymous, signed in by
 * an API key ({@link #withApiKey}), or keeping cookies like a browser ({@link #withCookies}), in which case it
 * sends the CSRF token from the XSRF-TOKEN cookie as the pages' scripts do.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final CookieManager cookies;
    private final String base;
    private final String apiKey;
    private final boolean sendsCsrfToken;

    public ApiClient(int port) {
        this(HttpClient.newHttpClient(), null, "http://localhost:" + port, null, true);
    }

    private ApiClient(HttpClient http, CookieManager cookies, String base, String apiKey, boolean sendsCsrfToken) {
        this.http = http;
        this.cookies = cookies;
        this.base = base;
        this.apiKey = apiKey;
        this.sendsCsrfToken = sendsCsrfToken;
    }

    /** The same cookies, without the CSRF header: what a forged cross-site request carries. */
    public ApiClient withoutCsrfHeader() {
        return new ApiClient(http, cookies, base, apiKey, false);
    }

    /** The same server, every request with {@code Authorization: Bearer <key>}. */
    public ApiClient withApiKey(String key) {
        return new ApiClient(HttpClient.newHttpClient(), null, base, key, true);
    }

    /** The same server through a fresh cookie jar, like a new browser. */
    public ApiClient withCookies() {
        CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        return new ApiClient(HttpClient.newBuilder().cookieHandler(jar).build(), jar, base, null, true);
    }

    /** The same client (its cookies, its key) talking to another instance on this machine. */
    public ApiClient at(int port) {
        return new ApiClient(http, cookies, "http://localhost:" + port, apiKey, sendsCsrfToken);
    }

    public String apiKey() {
        return apiKey;
    }

    /** Posts an HTML form (application/x-www-form-urlencoded), as a browser submits one. */
    public Response postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Polls a generation until it is no longer queued or running (30 s at most) and returns its last state. */
    public JsonNode awaitGeneration(String id) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode generation = get("/api/v1/generations/" + id).json();
            if (!List.of("queued", "running").contains(generation.get("status").asString())) {
                return generation;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Generation " + id + " did not finish in 30 s");
    }

    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).headers(withAccept(headers)).GET());
    }

    /**
     * A file saved as a browser saves it: when the app sends it to the store by a link ({@code 302}), the link is
     * followed without this client's credentials, as a browser does with a link to another site.
     */
    public Response download(String path) {
        Response answer = get(path);
        if (answer.status() != 302) {
            return answer;
        }
        return new ApiClient(HttpClient.newHttpClient(), null, base, null, false).get(answer.header("Location"));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response patchJson(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    public Response postJson(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** Posts a multipart form; a {@link Path} value is sent as a file part named after the file. */
    public Response postMultipart(String path, Map<String, Object> fields) {
        String boundary = "utter-" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        try {
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
                if (field.getValue() instanceof Path file) {
                    head.append("Content-Disposition: form-data; name=\"").append(field.getKey())
                            .append("\"; filename=\"").append(file.getFileName()).append("\"\r\n")
                            .append("Content-Type: application/octet-stream\r\n\r\n");
                    parts.add(head.toString().getBytes());
                    parts.add(Files.readAllBytes(file));
                } else {
                    head.append("Content-Disposition: form-data; name=\"").append(field.getKey()).append("\"\r\n\r\n")
                            .append(field.getValue());
                    parts.add(head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                parts.add("\r\n".getBytes());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        parts.add(("--" + boundary + "--\r\n").getBytes());
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)));
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    private static String[] withAccept(String[] headers) {
        if (headers.length > 0) {
            return headers;
        }
        return new String[] {"Accept", "*/*"};
    }

    private Response send(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (cookies != null && sendsCsrfToken) {
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst()
                    .ifPresent(token -> request.header("X-XSRF-TOKEN", token.getValue()));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
