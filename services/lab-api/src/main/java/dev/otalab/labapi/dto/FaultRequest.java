package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of the emulator's {@code POST /boards/{id}/faults}: arm a power loss. It replaces any fault
 * armed before; it fires once, whichever trigger comes first.
 *
 * <pre>{"powerLossAtFlashOp":37}  {"powerLossAfterMs":1500,"offMs":200}</pre>
 *
 * <p>A flash operation is one erase of an erase unit (internal row, QSPI sector) or one program of a
 * 512-byte row/page, on any memory of the board, counted from the moment the fault is armed.
 *
 * @param powerLossAtFlashOp cut power as flash operation number N (1 = the next) starts: operations
 *        1..N-1 complete, operation N has no effect
 * @param powerLossAfterMs cut power this long after arming
 * @param offMs power comes back by itself after this long; null = stays off until {@code POST /power}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRequest(Long powerLossAtFlashOp, Long powerLossAfterMs, Long offMs) {

    public static final long MAX_MS = 3_600_000;

    public FaultRequest {
        if (powerLossAtFlashOp == null && powerLossAfterMs == null) {
            throw new IllegalArgumentException("give powerLossAtFlashOp or powerLossAfterMs (or both)");
        }
        Checks.range(powerLossAtFlashOp, "powerLossAtFlashOp", 1, Long.MAX_VALUE);
        Checks.range(powerLossAfterMs, "powerLossAfterMs", 0, MAX_MS);
        Checks.range(offMs, "offMs", 0, MAX_MS);
    }

    public static FaultRequest atFlashOp(long n) {
        return new FaultRequest(n, null, null);
    }

    public static FaultRequest afterMs(long ms) {
        return new FaultRequest(null, ms, null);
    }
}
