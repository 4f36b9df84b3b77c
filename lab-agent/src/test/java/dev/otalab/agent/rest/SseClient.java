package dev.otalab.agent.rest;

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

/** A small server-sent-events reader over java.net.http. */
final class SseClient implements AutoCloseable {

    record Event(String id, String name, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    SseClient(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(b::header);
        response = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            if (r.statusCode() == 200) {
                Thread t = new Thread(() -> read(r.body()), "sse-test-reader");
                t.setDaemon(true);
                t.start();
            }
        });
    }

    int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    List<Event> next(int n, Duration timeout) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("only " + out.size() + " of " + n + " events arrived: " + out);
            }
            out.add(e);
        }
        return out;
    }

    Event poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read(Stream<String> lines) {
        String[] id = {null};
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (data.length() > 0 || name[0] != null) {
                        events.add(new Event(id[0], name[0], data.toString()));
                    }
                    id[0] = null;
                    name[0] = null;
                    data.setLength(0);
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
                    case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                    default -> { }
                }
            });
        } catch (RuntimeException e) {
            // stream closed
        }
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
