package dev.otalab.imagestore.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The data plane's meters (Prometheus names after the dot-to-underscore mapping):
 * {@code otalab_ota_chunks_sent_total}, {@code otalab_ota_bytes_sent_total} (image data bytes,
 * headers excluded), {@code otalab_ota_transfers_total{event=started|completed|cancelled}},
 * {@code otalab_ota_requests_total{kind=…}} and the gauge {@code otalab_ota_transfers_active}.
 */
@Startup // registers its meters at start, before the first request
@ApplicationScoped
public class OtaMetrics {

    private final Counter chunksSent;
    private final Counter bytesSent;
    private final Counter started;
    private final Counter completed;
    private final Counter cancelled;
    private final MeterRegistry registry;

    public OtaMetrics(MeterRegistry registry) {
        this.registry = registry;
        chunksSent = Counter.builder("otalab.ota.chunks.sent").description("chunk messages acknowledged by the broker")
                .register(registry);
        bytesSent = Counter.builder("otalab.ota.bytes.sent")
                .description("image data bytes in acknowledged chunks").register(registry);
        started = transfers("started");
        completed = transfers("completed");
        cancelled = transfers("cancelled");
    }

    private Counter transfers(String event) {
        return Counter.builder("otalab.ota.transfers").tag("event", event)
                .description("full image transfers (Request Update)").register(registry);
    }

    /** One chunk acknowledged by the broker, carrying {@code dataBytes} image bytes. */
    public void chunkSent(int dataBytes) {
        chunksSent.increment();
        bytesSent.increment(dataBytes);
    }

    public void transferStarted() {
        started.increment();
    }

    public void transferCompleted() {
        completed.increment();
    }

    public void transferCancelled() {
        cancelled.increment();
    }

    /** Counts one device message by what became of it: request-update, request-data-chunk, ignored, malformed, … */
    public void request(String kind) {
        registry.counter("otalab.ota.requests", "kind", kind).increment();
    }
}
