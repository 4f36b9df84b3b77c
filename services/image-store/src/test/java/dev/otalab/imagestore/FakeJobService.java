package dev.otalab.imagestore;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for job-service's session API over real HTTP (JDK {@link HttpServer}), so these tests
 * control exactly which session a topic has ({@link JobServiceEndToEndTest} uses the real one):
 * {@code GET /api/v1/ota-sessions/{URL-encoded topic}} answers the contract's JSON or 404 problem JSON. Tests set sessions through its own admin path
 * ({@code PUT /test/sessions/{encoded topic}} with the JSON body, {@code DELETE} to remove), so the
 * test code and the server need not share a class loader. It records the raw request paths (with
 * their query) it got.
 */
public final class FakeJobService implements AutoCloseable {

    static final String API = "/api/v1/ota-sessions/";
    static final String ADMIN = "/test/sessions/";
    static final String LOG = "/test/requests";

    private final HttpServer server;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeJobService(HttpServer server) {
        this.server = server;
    }

    public static FakeJobService start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        FakeJobService fake = new FakeJobService(server);
        server.createContext("/", fake::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return fake;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (raw.startsWith(API) && method.equals("GET")) {
                String query = ex.getRequestURI().getRawQuery();
                requests.add(query == null ? raw : raw + "?" + query);
                String topic = URLDecoder.decode(raw.substring(API.length()), StandardCharsets.UTF_8);
                String json = raw.substring(API.length()).contains("/") ? null : sessions.get(topic);
                if (json == null) {
                    send(ex, 404, "application/problem+json", "{\"type\":\"https://otalab.dev/problems/not-found\","
                            + "\"title\":\"Not found\",\"status\":404,\"detail\":\"no OTA session\"}");
                } else {
                    send(ex, 200, "application/json", json);
                }
            } else if (raw.startsWith(ADMIN) && method.equals("PUT")) {
                String topic = URLDecoder.decode(raw.substring(ADMIN.length()), StandardCharsets.UTF_8);
                sessions.put(topic, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(ex, 204, null, null);
            } else if (raw.startsWith(ADMIN) && method.equals("DELETE")) {
                sessions.remove(URLDecoder.decode(raw.substring(ADMIN.length()), StandardCharsets.UTF_8));
                send(ex, 204, null, null);
            } else if (raw.equals(LOG) && method.equals("GET")) {
                send(ex, 200, "text/plain", String.join("\n", requests));
            } else {
                send(ex, 404, "text/plain", "no route");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
