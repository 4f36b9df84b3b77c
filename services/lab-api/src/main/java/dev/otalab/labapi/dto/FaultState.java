package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Answer of the emulator's {@code /boards/{id}/faults} endpoints.
 *
 * <pre>{"armed":{"powerLossAtFlashOp":37},"flashOps":12,"tripped":false}
 *{"armed":{"powerLossAtFlashOp":37},"flashOps":37,"tripped":true,"trippedAt":"2025-06-01T10:15:31.002Z"}</pre>
 *
 * @param armed the fault last armed (kept after it tripped), or null when none
 * @param flashOps flash operations counted since it was armed (including the interrupted one)
 * @param tripped whether the power loss happened
 * @param trippedAt when it happened, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FaultState(
        FaultRequest armed,
        long flashOps,
        boolean tripped,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant trippedAt) {

    public FaultState {
        Checks.range(flashOps, "flashOps", 0, Long.MAX_VALUE);
        if (tripped != (trippedAt != null)) {
            throw new IllegalArgumentException("trippedAt must be present exactly when tripped");
        }
    }

    public static FaultState none() {
        return new FaultState(null, 0, false, null);
    }
}
