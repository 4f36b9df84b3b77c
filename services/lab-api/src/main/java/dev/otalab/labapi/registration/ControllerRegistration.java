package dev.otalab.labapi.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps an agent (lab-agent, emulator) known to the lab-controller:
 * <ol>
 * <li>{@code POST {controller}/api/v1/agents} with an {@link AgentRegistration} until it succeeds
 *     (any 2xx);</li>
 * <li>then {@code POST {controller}/api/v1/agents/{id}/heartbeat} with the same document (current
 *     board health) every {@code heartbeat};</li>
 * <li>a failed call (no connection, timeout, non-2xx) is retried after {@code retryInitial},
 *     doubling up to {@code retryMax}; a heartbeat answered 404 or 410 (the controller forgot the
 *     agent, e.g. it restarted) registers again at once.</li>
 * </ol>
 * So the agent comes back by itself after a network drop or a controller restart. One daemon
 * thread; nothing blocks the caller.
 */
public final class ControllerRegistration implements AutoCloseable {

    /** JDK logging: this library knows nothing of Quarkus (whose log manager picks it up). */
    private static final System.Logger LOG = System.getLogger(ControllerRegistration.class.getName());

    private final URI agentsUri;
    private final String agentId;
    private final Supplier<AgentRegistration> document;
    private final Duration heartbeat;
    private final long retryInitialMs;
    private final long retryMaxMs;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private volatile boolean registered;
    private volatile int failures;
    private volatile String lastError;
    private volatile Instant lastSuccess;
    private volatile boolean closed;

    public ControllerRegistration(String controllerUrl, String agentId, Supplier<AgentRegistration> document,
            Duration heartbeat, long retryInitialMs, long retryMaxMs, ObjectMapper json) {
        this.agentsUri = URI.create(controllerUrl + "/api/v1/agents");
        this.agentId = agentId;
        this.document = document;
        this.heartbeat = heartbeat;
        this.retryInitialMs = retryInitialMs;
        this.retryMaxMs = retryMaxMs;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-registration");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts registering now. */
    public void start() {
        executor.execute(this::tick);
    }

    /** Whether the last call to the controller succeeded. */
    public boolean registered() {
        return registered && failures == 0;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    private void tick() {
        if (closed) {
            return;
        }
        long next;
        try {
            if (!registered) {
                int status = post(agentsUri, document.get());
                if (ok(status)) {
                    registered = true;
                    success();
                    info("registered with the controller at %s", agentsUri);
                    next = heartbeat.toMillis();
                } else {
                    next = failure("registration answered HTTP " + status);
                }
            } else {
                URI hb = agentsUri.resolve("agents/" + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "/heartbeat");
                int status = post(hb, document.get());
                if (ok(status)) {
                    success();
                    next = heartbeat.toMillis();
                } else if (status == 404 || status == 410) {
                    info("the controller does not know this agent (HTTP %d): registering again", status);
                    registered = false;
                    next = 0;
                } else {
                    next = failure("heartbeat answered HTTP " + status);
                }
            }
        } catch (IOException e) {
            next = failure(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            next = failure(e.toString());
        }
        if (!closed) {
            executor.schedule(this::tick, next, TimeUnit.MILLISECONDS);
        }
    }

    private void success() {
        if (failures > 0) {
            info("controller reachable again after %d failed attempt(s)", failures);
        }
        failures = 0;
        lastError = null;
        lastSuccess = Instant.now();
    }

    private long failure(String why) {
        failures++;
        lastError = why;
        long delay = Math.min(retryMaxMs, retryInitialMs << Math.min(failures - 1, 20));
        if (failures == 1 || Integer.bitCount(failures) == 1) {
            warn("controller %s: %s; retrying in %d ms (attempt %d)", agentsUri, why, delay, failures);
        }
        return delay;
    }

    private int post(URI uri, AgentRegistration body) throws IOException, InterruptedException {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void info(String format, Object... args) {
        LOG.log(System.Logger.Level.INFO, () -> String.format(format, args));
    }

    private static void warn(String format, Object... args) {
        LOG.log(System.Logger.Level.WARNING, () -> String.format(format, args));
    }

    private static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
