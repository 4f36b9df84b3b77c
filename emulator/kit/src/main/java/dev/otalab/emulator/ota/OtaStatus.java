package dev.otalab.emulator.ota;

import java.time.Instant;

/**
 * A kit's OTA Agent as tests and the controller observe it.
 *
 * @param state the agent's state now ({@link OtaState#NOT_INITIALIZED} while none runs)
 * @param uniqueTopic the unique topic of the current or last cycle, or null before the first
 * @param lastCheck when the current or last cycle started, or null
 * @param lastOutcome how the last finished cycle ended
 * @param lastDetail one line on that outcome (the device's log reason)
 * @param offeredVersion version of the job being or last downloaded, or null
 * @param attempt download attempt of the current or last download (1-based), 0 before any
 * @param bytesDownloaded data bytes written in the current or last attempt
 * @param imageSize image size latched from the first chunk of that attempt, 0 before
 * @param counters totals since the kit was created
 */
public record OtaStatus(OtaState state, String uniqueTopic, Instant lastCheck, OtaOutcome lastOutcome,
        String lastDetail, String offeredVersion, int attempt, long bytesDownloaded, long imageSize,
        OtaCounters counters) {

    /** The status of a kit with no agent running. */
    public static OtaStatus idle(OtaStatus last, OtaCounters counters) {
        if (last == null) {
            return new OtaStatus(OtaState.NOT_INITIALIZED, null, null, OtaOutcome.NONE, null, null, 0, 0, 0, counters);
        }
        return new OtaStatus(OtaState.NOT_INITIALIZED, last.uniqueTopic, last.lastCheck, last.lastOutcome,
                last.lastDetail, last.offeredVersion, last.attempt, last.bytesDownloaded, last.imageSize, counters);
    }
}
