package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * An emulated kit's OTA Agent as the emulator's {@code GET /boards/{id}/ota} shows it.
 *
 * <pre>{"configured":true,"board":"APP_CY8CPROTO_062S2_43439","serialNumber":"KIT-0007","server":"127.0.0.1:8884",
 *  "state":"AGENT_WAITING","runningApp":"ota","runningVersion":"1.1.0","lastOutcome":"VERSION_NOT_NEWER",
 *  "lastDetail":"Current Application version 1.1.0 update version 1.1.0. Fail.","offeredVersion":"1.1.0",
 *  "counters":{"checks":7,"downloads":1,"updatesPending":1,...}}</pre>
 *
 * @param configured whether the kit has an OTA configuration (else no agent ever runs)
 * @param board the agent's {@code CY_TARGET_BOARD_STRING}, or null when not configured
 * @param serialNumber the {@code SerialNumber} it sends, or null
 * @param server broker {@code host:port} of the job phase, or null
 * @param state agent state name (spec §8), {@code NOT_INITIALIZED} while no agent runs
 * @param runningApp {@code ota}, {@code factory} or {@code blinky} while an app runs, else null
 * @param runningVersion version of the running app, else null
 * @param uniqueTopic unique topic of the current or last cycle, or null
 * @param lastCheck start of the current or last cycle, or null
 * @param lastOutcome how the last finished cycle ended ({@code NONE} before any)
 * @param lastDetail the device's log reason for it, or null
 * @param offeredVersion version of the job being or last downloaded, or null
 * @param attempt download attempt of the current or last download (1-based), 0 before any
 * @param bytesDownloaded data bytes written in that attempt
 * @param imageSize image size latched from its first chunk
 * @param counters totals since the board was created (checks, connectFailures, jobsReceived, noJob,
 *        jobsRejected, downloads, attemptsFailed, updatesPending, chunksWritten, chunksDuplicate,
 *        chunksRejected, bytesWritten)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OtaAgentStatus(boolean configured, String board, String serialNumber, String server, String state,
        String runningApp, String runningVersion, String uniqueTopic, Instant lastCheck, String lastOutcome,
        String lastDetail, String offeredVersion, int attempt, long bytesDownloaded, long imageSize,
        Map<String, Long> counters) {

    public OtaAgentStatus {
        counters = counters == null ? Map.of() : Map.copyOf(counters);
    }
}
