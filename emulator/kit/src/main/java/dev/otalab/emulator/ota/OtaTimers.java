package dev.otalab.emulator.ota;

/**
 * The OTA Agent's timers and limits (spec infineon-ota-mqtt.md §8), in milliseconds of real
 * (scheduler) time. {@link #ce()} are the values of {@code mtb-example-ota-mqtt}; tests shrink them.
 *
 * @param initialCheckMs {@code CY_OTA_INITIAL_CHECK_SECS}: agent start → first check (CE 10 s)
 * @param nextCheckMs {@code CY_OTA_NEXT_CHECK_INTERVAL_SECS}: end of a cycle → next check (CE 10 s)
 * @param retryMs {@code CY_OTA_RETRY_INTERVAL_SECS}: failed connect → new cycle (5 s)
 * @param jobWaitMs {@code CY_OTA_JOB_CHECK_TIME_SECS}: wait for the job document (30 s)
 * @param dataTimeoutMs {@code CY_OTA_DATA_CHECK_TIME_SECS}: one download attempt (CE 300 s)
 * @param packetIntervalMs {@code CY_OTA_PACKET_INTERVAL_SECS}: longest gap between chunks; 0 = off (CE)
 * @param connectRetries {@code CY_OTA_CONNECT_RETRIES}: MQTT connects tried before the phase fails (3)
 * @param connectRetryDelayMs pause between those connects (otalab choice: 1 s)
 * @param downloadTries {@code CY_OTA_MAX_DOWNLOAD_TRIES}: download attempts per job (3)
 * @param rebootDelayMs success → system reset (the agent's 1 s delay)
 * @param ackTimeoutMs CONNACK, SUBACK, PUBACK, UNSUBACK wait (the MQTT client's 3000 ms)
 */
public record OtaTimers(long initialCheckMs, long nextCheckMs, long retryMs, long jobWaitMs, long dataTimeoutMs,
        long packetIntervalMs, int connectRetries, long connectRetryDelayMs, int downloadTries, long rebootDelayMs,
        long ackTimeoutMs) {

    public OtaTimers {
        positive("initialCheckMs", initialCheckMs);
        positive("nextCheckMs", nextCheckMs);
        positive("retryMs", retryMs);
        positive("jobWaitMs", jobWaitMs);
        positive("dataTimeoutMs", dataTimeoutMs);
        if (packetIntervalMs < 0) {
            throw new IllegalArgumentException("packetIntervalMs must be >= 0 (0 = off), got " + packetIntervalMs);
        }
        positive("connectRetries", connectRetries);
        if (connectRetryDelayMs < 0) {
            throw new IllegalArgumentException("connectRetryDelayMs must be >= 0, got " + connectRetryDelayMs);
        }
        positive("downloadTries", downloadTries);
        if (rebootDelayMs < 0) {
            throw new IllegalArgumentException("rebootDelayMs must be >= 0, got " + rebootDelayMs);
        }
        positive("ackTimeoutMs", ackTimeoutMs);
    }

    /** The code example's values: 10 s, 10 s, 5 s, 30 s, 300 s, off, 3, 1 s, 3, 1 s, 3 s. */
    public static OtaTimers ce() {
        return new OtaTimers(10_000, 10_000, 5_000, 30_000, 300_000, 0, 3, 1_000, 3, 1_000, 3_000);
    }

    /** The library defaults: first check after 60 s, then daily; 1200 s downloads; 60 s packet gap. */
    public static OtaTimers libraryDefaults() {
        return new OtaTimers(60_000, 86_400_000, 5_000, 30_000, 1_200_000, 60_000, 3, 1_000, 3, 1_000, 3_000);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(ce());
    }

    private static void positive(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    /** Builder starting from another set of timers (CE by default). */
    public static final class Builder {
        private long initialCheckMs;
        private long nextCheckMs;
        private long retryMs;
        private long jobWaitMs;
        private long dataTimeoutMs;
        private long packetIntervalMs;
        private int connectRetries;
        private long connectRetryDelayMs;
        private int downloadTries;
        private long rebootDelayMs;
        private long ackTimeoutMs;

        private Builder(OtaTimers t) {
            initialCheckMs = t.initialCheckMs;
            nextCheckMs = t.nextCheckMs;
            retryMs = t.retryMs;
            jobWaitMs = t.jobWaitMs;
            dataTimeoutMs = t.dataTimeoutMs;
            packetIntervalMs = t.packetIntervalMs;
            connectRetries = t.connectRetries;
            connectRetryDelayMs = t.connectRetryDelayMs;
            downloadTries = t.downloadTries;
            rebootDelayMs = t.rebootDelayMs;
            ackTimeoutMs = t.ackTimeoutMs;
        }

        public Builder initialCheckMs(long v) { initialCheckMs = v; return this; }
        public Builder nextCheckMs(long v) { nextCheckMs = v; return this; }
        public Builder retryMs(long v) { retryMs = v; return this; }
        public Builder jobWaitMs(long v) { jobWaitMs = v; return this; }
        public Builder dataTimeoutMs(long v) { dataTimeoutMs = v; return this; }
        public Builder packetIntervalMs(long v) { packetIntervalMs = v; return this; }
        public Builder connectRetries(int v) { connectRetries = v; return this; }
        public Builder connectRetryDelayMs(long v) { connectRetryDelayMs = v; return this; }
        public Builder downloadTries(int v) { downloadTries = v; return this; }
        public Builder rebootDelayMs(long v) { rebootDelayMs = v; return this; }
        public Builder ackTimeoutMs(long v) { ackTimeoutMs = v; return this; }

        public OtaTimers build() {
            return new OtaTimers(initialCheckMs, nextCheckMs, retryMs, jobWaitMs, dataTimeoutMs, packetIntervalMs,
                    connectRetries, connectRetryDelayMs, downloadTries, rebootDelayMs, ackTimeoutMs);
        }
    }
}
