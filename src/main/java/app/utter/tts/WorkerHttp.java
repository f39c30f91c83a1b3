package app.utter.tts;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * One worker exchange: credentials, Modal's 303 redirects, status mapping, retries with exponential
 * backoff for failures that happen before any response body was read (timeouts, refused connections, 429, 5xx),
 * and patience with a worker that is busy: it says when to come back, and its queue is not a failure.
 */
final class WorkerHttp {

    /** Reads a 2xx response; an IOException here counts as a transport failure and may be retried. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(ClientHttpResponse response) throws IOException;
    }

    /** A failure worth another attempt; it never leaves this class. */
    private static final class Retry extends RuntimeException {
        Retry(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** The worker is at capacity (503 busy) and asks to come back after {@code retryAfter}. */
    private static final class Busy extends RuntimeException {
        private final Duration retryAfter;

        Busy(Duration retryAfter) {
            super(null, null, false, false);
            this.retryAfter = retryAfter;
        }
    }

    private record Reply<T>(T value, URI redirect) {
    }

    private static final WorkerProblem UNAUTHORIZED = new WorkerProblem(401, "unauthorized", "Unauthorized",
            "the TTS worker refused the credentials: check utter.tts.worker.bearer-token (the worker's "
                    + "UTTER_AUTH_TOKEN) and, on Modal, utter.tts.worker.modal-key and modal-secret", null);

    private static final Logger log = LoggerFactory.getLogger(WorkerHttp.class);

    private final WorkerProperties properties;
    private final WorkerAddress address;
    private final boolean events;
    private final URI base;
    private final RestClient client;
    private final RetryTemplate retry;

    WorkerHttp(WorkerProperties properties, WorkerAddress address) {
        this.properties = properties;
        this.address = address;
        this.events = properties.streamsAsEvents(address);
        this.base = URI.create(address.baseUrl().strip().replaceAll("/*$", "/"));
        this.client = RestClient.builder().requestFactory(requestFactory(properties)).build();
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(properties.maxRetries())
                .delay(properties.retryDelay())
                .multiplier(properties.retryMultiplier())
                .maxDelay(properties.retryMaxDelay())
                .predicate(Retry.class::isInstance)
                .build());
        retry.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
                log.warn("TTS worker {} failed ({}); retrying", retryable.getName(), state.getLastException().getMessage());
            }
        });
    }

    WorkerAddress address() {
        return address;
    }

    /** Whether speech from this worker is asked for as server-sent events. */
    boolean events() {
        return events;
    }

    /**
     * POSTs {@code json} to {@code path}, retrying transport failures, and waiting as told while the worker is busy
     * (up to {@code busyWait} in all); {@code reader} gets the 2xx response.
     */
    <T> T post(String path, byte[] json, String accept, BodyReader<T> reader) {
        Instant giveUp = Instant.now().plus(properties.busyWait());
        while (true) {
            try {
                return postWithRetries(path, json, accept, reader);
            } catch (Busy busy) {
                Duration left = Duration.between(Instant.now(), giveUp);
                if (left.compareTo(busy.retryAfter) < 0) {
                    throw new TtsUnavailableException("the TTS worker stayed busy for " + properties.busyWait().toSeconds()
                            + " s; every stream it decodes was taken", null);
                }
                log.debug("TTS worker busy on POST {}; trying again in {}", path, busy.retryAfter);
                sleep(busy.retryAfter);
            }
        }
    }

    private <T> T postWithRetries(String path, byte[] json, String accept, BodyReader<T> reader) {
        URI uri = base.resolve(path);
        Retryable<T> attempt = new Retryable<>() {
            @Override
            public T execute() {
                return follow(HttpMethod.POST, uri, json, accept, reader);
            }

            @Override
            public String getName() {
                return "POST " + path;
            }
        };
        try {
            return retry.execute(attempt);
        } catch (RetryException e) {
            if (e.getCause() instanceof Retry last) {
                throw new TtsUnavailableException("TTS worker at " + base + " failed " + e.getExceptions().size()
                        + " time(s) on POST " + path + "; last: " + last.getMessage(), last.getCause());
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** GETs {@code path} once, without retries. */
    <T> T get(String path, BodyReader<T> reader) {
        try {
            return follow(HttpMethod.GET, base.resolve(path), null, MediaType.APPLICATION_JSON_VALUE, reader);
        } catch (Retry e) {
            throw new TtsUnavailableException("TTS worker at " + base + " failed on GET " + path + ": " + e.getMessage(),
                    e.getCause());
        }
    }

    // Modal answers 303 when a request runs past 150 s; its Location blocks until the result is ready.
    private <T> T follow(HttpMethod method, URI uri, byte[] body, String accept, BodyReader<T> reader) {
        for (int redirects = 0; ; redirects++) {
            Reply<T> reply = exchange(method, uri, body, accept, reader);
            if (reply.redirect() == null) {
                return reply.value();
            }
            if (redirects >= properties.maxRedirects()) {
                throw new TtsUnavailableException("TTS worker at " + base + " was still running after "
                        + redirects + " redirect(s) (303); shorten the text per request", null);
            }
            method = HttpMethod.GET;
            uri = reply.redirect();
            body = null;
        }
    }

    private <T> Reply<T> exchange(HttpMethod method, URI uri, byte[] body, String accept, BodyReader<T> reader) {
        try {
            RestClient.RequestBodySpec request = client.method(method).uri(uri)
                    .headers(headers -> credentials(headers, uri)).header(HttpHeaders.ACCEPT, accept);
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).contentLength(body.length).body(body);
            }
            return request.exchange((sent, response) -> reply(uri, response, reader));
        } catch (ResourceAccessException e) {
            throw new Retry(e.getCause() == null ? e.getMessage() : e.getCause().toString(), e);
        }
    }

    private <T> Reply<T> reply(URI uri, ClientHttpResponse response, BodyReader<T> reader) throws IOException {
        int status = response.getStatusCode().value();
        if (status == 303 && response.getHeaders().getLocation() != null) {
            return new Reply<>(null, uri.resolve(response.getHeaders().getLocation()));
        }
        if (response.getStatusCode().is2xxSuccessful()) {
            return new Reply<>(reader.read(response), null);
        }
        WorkerProblem problem = WorkerWire.problem(status, errorBody(response));
        if (status == 503 && problem.code().equals("busy")) {
            throw new Busy(retryAfter(response.getHeaders()));
        }
        if (status == 429 || status >= 500 && status != 501) { // 501: asked for what this worker does not do
            throw new Retry(problem.toString(), null);
        }
        if (status == 409 && (problem.code().equals("prompt-model-mismatch")
                || problem.code().equals("prompt-version-unsupported"))) {
            throw new PromptRebuildRequiredException(problem);
        }
        throw new TtsRejectedException(status == 401 && "".equals(problem.detail()) ? UNAUTHORIZED : problem);
    }

    private static Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        try {
            return Duration.ofSeconds(Math.clamp(Long.parseLong(value == null ? "1" : value.strip()), 1, 60));
        } catch (NumberFormatException dateOrJunk) {
            return Duration.ofSeconds(1);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsUnavailableException("interrupted while the TTS worker was busy", e);
        }
    }

    // HttpURLConnection drops the body of a 401 to a streamed POST; an empty body is all it gives.
    private static byte[] errorBody(ClientHttpResponse response) {
        try {
            return response.getBody().readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Sends credentials only to the worker's own host, never to wherever a redirect points. */
    private void credentials(HttpHeaders headers, URI uri) {
        if (!Objects.equals(uri.getHost(), base.getHost())) {
            return;
        }
        if (hasText(address.bearerToken())) {
            headers.setBearerAuth(address.bearerToken());
        }
        if (hasText(address.modalKey()) && hasText(address.modalSecret())) {
            headers.set("Modal-Key", address.modalKey());
            headers.set("Modal-Secret", address.modalSecret());
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private static SimpleClientHttpRequestFactory requestFactory(WorkerProperties properties) {
        // HttpURLConnection: its read timeout bounds every read, so a stream that stalls mid-way fails too.
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory() {
            @Override
            protected void prepareConnection(HttpURLConnection connection, String method) throws IOException {
                super.prepareConnection(connection, method);
                connection.setInstanceFollowRedirects(false);
            }
        };
        factory.setConnectTimeout(properties.connectTimeout());
        factory.setReadTimeout(properties.readTimeout());
        return factory;
    }
}
