package dev.otalab.controller.board;

import dev.otalab.labapi.EmulatorApi;
import dev.otalab.labapi.LabApi;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** MicroProfile REST clients for one board's agent or emulator base URL. */
public record BoardClients(LabApi lab, EmulatorApi emulator) {

    /** Read timeout: above any blocking step (expect, led, power cycle, press). */
    public static final long READ_TIMEOUT_MS = 120_000;

    /** Read timeout of pool housekeeping calls (health check, power cycle after an expired lease). */
    public static final long HOUSEKEEPING_TIMEOUT_MS = 30_000;

    /** A lab-api client for the pool's health checks and power cycles: quick to give up on a dead agent. */
    public static LabApi housekeeping(String baseUrl) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(baseUrl))
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(HOUSEKEEPING_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .build(LabApi.class);
    }

    public static BoardClients forUrl(String baseUrl) {
        URI uri = URI.create(baseUrl);
        LabApi lab = QuarkusRestClientBuilder.newBuilder().baseUri(uri)
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .build(LabApi.class);
        EmulatorApi emu = QuarkusRestClientBuilder.newBuilder().baseUri(uri)
                .connectTimeout(3, TimeUnit.SECONDS).readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .build(EmulatorApi.class);
        return new BoardClients(lab, emu);
    }
}
