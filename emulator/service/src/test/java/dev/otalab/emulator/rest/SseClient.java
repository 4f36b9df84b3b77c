package dev.otalab.emulator.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A minimal server-sent-events reader over java.net.http, keeping every raw line for inspection. */
final class SseClient implements AutoCloseable {

    record Event(String id, String name, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> rawLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Thread reader;
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

    private SseClient(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(b::header);
        response = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            if (r.statusCode() == 200) {
                Thread t = new Thread(() -> read(r.body()), "sse-test-reader");
                t.setDaemon(true);
                reader = t;
                t.start();
            }
        });
    }

    static SseClient open(URI uri, Map<String, String> headers) {
        return new SseClient(uri, headers);
    }

    int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    String contentType() throws Exception {
        return response.get(10, TimeUnit.SECONDS).headers().firstValue("content-type").orElse("");
    }

    /** The next event, or null after {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next {@code n} events (fails the test if they do not come within {@code timeout} each). */
    List<Event> next(int n, Duration timeout) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Event e = next(timeout);
            if (e == null) {
                throw new AssertionError("only " + out.size() + " of " + n + " events arrived: " + out);
            }
            out.add(e);
        }
        return out;
    }

    List<String> rawLines() {
        synchronized (rawLines) {
            return new ArrayList<>(rawLines);
        }
    }

    private void read(Stream<String> lines) {
        String[] id = {null};
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        boolean[] hasData = {false};
        try {
            lines.forEach(line -> {
                rawLines.add(line);
                if (line.isEmpty()) {
                    if (hasData[0] || name[0] != null) {
                        events.add(new Event(id[0], name[0], data.toString()));
                    }
                    id[0] = null;
                    name[0] = null;
                    data.setLength(0);
                    hasData[0] = false;
                    return;
                }
                if (line.startsWith(":")) {
                    return;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id[0] = value;
                    case "event" -> name[0] = value;
                    case "data" -> {
                        if (hasData[0]) {
                            data.append('\n');
                        }
                        data.append(value);
                        hasData[0] = true;
                    }
                    default -> { }
                }
            });
        } catch (RuntimeException e) {
            // stream closed
        } finally {
            ended.countDown();
        }
    }

    /** Whether the server ended the response within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
