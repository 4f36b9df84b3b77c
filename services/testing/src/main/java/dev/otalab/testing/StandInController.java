package dev.otalab.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For tests of agent registration (lab-agent, the lab-api client, the emulator): a stand-in for the
 * lab-controller's agent endpoints: a real HTTP server on loopback that records
 * every call and answers {@link #status} to registrations and {@link #heartbeatStatus} to
 * heartbeats.
 */
public final class StandInController implements AutoCloseable {

    /** One recorded call; {@code answered} is the status it got. */
    public record Call(String method, String path, String contentType, String body, long nanos, int answered) {
    }

    public final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    public final AtomicInteger status = new AtomicInteger(201);
    public final AtomicInteger heartbeatStatus = new AtomicInteger(204);
    private final HttpServer server;

    /** @param port the port, 0 for any free one */
    public StandInController(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int s = ex.getRequestURI().getPath().endsWith("/heartbeat") ? heartbeatStatus.get() : status.get();
            calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime(), s));
            ex.sendResponseHeaders(s, -1);
            ex.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The next call; fails the test when none comes within 10 s. */
    public Call next() throws InterruptedException {
        Call c = calls.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no call reached the stand-in controller within 10 s");
        }
        return c;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
