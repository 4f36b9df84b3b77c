package dev.otalab.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Until image-store lands: a real HTTP server (JDK {@link HttpServer}) answering
 * {@code GET /api/v1/images/{digest}/meta} as the OTA contract describes. Its catalogue is a
 * directory, so tests and the server agree whatever class loader each runs in:
 * {@code <digest>.json} is served with 200, {@code <digest>.status} (a number) is answered with that
 * status and a problem body, anything else is 404 problem JSON.
 */
public final class StandInImageStore {

    public static final Path DIR = Path.of("target", "image-store-standin").toAbsolutePath();
    private static final Pattern META = Pattern.compile("/api/v1/images/([^/]+)/meta");

    private final HttpServer server;

    private StandInImageStore(HttpServer server) {
        this.server = server;
    }

    public static StandInImageStore start() {
        try {
            Files.createDirectories(DIR);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", StandInImageStore::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return new StandInImageStore(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    /** Registers an image's metadata, exactly the contract's fields. */
    public static void put(String digest, String board, String version, long size) {
        putJson(digest, "{\"digest\":\"" + digest + "\",\"board\":\"" + board + "\",\"version\":\"" + version
                + "\",\"mcubootVersion\":\"" + version + (version.contains("+") ? "" : "+0")
                + "\",\"size\":" + size + ",\"keyId\":\"otalab-test-ec-p256\",\"createdAt\":\"2025-01-01T00:00:00Z\"}");
    }

    /** Serves {@code json} as the metadata of {@code digest}, whatever it is. */
    public static void putJson(String digest, String json) {
        write(DIR.resolve(digest + ".json"), json);
    }

    /** Answers {@code status} for {@code digest}. */
    public static void failWith(String digest, int status) {
        write(DIR.resolve(digest + ".status"), Integer.toString(status));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(DIR);
            Path tmp = Files.createTempFile(DIR, ".w", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = META.matcher(exchange.getRequestURI().getRawPath());
            if (!"GET".equals(exchange.getRequestMethod()) || !m.matches()) {
                respond(exchange, 404, "application/problem+json", "{\"status\":404,\"title\":\"Not found\"}");
                return;
            }
            String digest = m.group(1).toLowerCase(Locale.ROOT);
            Path status = DIR.resolve(digest + ".status");
            Path json = DIR.resolve(digest + ".json");
            if (digest.matches("[0-9a-f]+") && Files.exists(status)) {
                int code = Integer.parseInt(Files.readString(status).trim());
                respond(exchange, code, "application/problem+json", "{\"status\":" + code + "}");
            } else if (digest.matches("[0-9a-f]+") && Files.exists(json)) {
                respond(exchange, 200, "application/json", Files.readString(json));
            } else {
                respond(exchange, 404, "application/problem+json",
                        "{\"type\":\"https://otalab.dev/problems/unknown-image\",\"status\":404}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
