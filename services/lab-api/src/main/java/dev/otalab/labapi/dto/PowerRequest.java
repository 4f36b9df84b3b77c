package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /boards/{id}/power}: {@code {"action":"cycle","offMs":500}}, {@code {"action":"on"}}.
 *
 * @param action on, off or cycle
 * @param offMs for {@code cycle} only: how long the board stays off (default {@value #DEFAULT_OFF_MS},
 *        0..{@value #MAX_OFF_MS}); rejected with {@code on}/{@code off}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PowerRequest(PowerAction action, Long offMs) {

    public static final long DEFAULT_OFF_MS = 1000;
    public static final long MAX_OFF_MS = 600_000;

    public PowerRequest {
        Checks.required(action, "action");
        Checks.range(offMs, "offMs", 0, MAX_OFF_MS);
        if (offMs != null && action != PowerAction.CYCLE) {
            throw new IllegalArgumentException("offMs only applies to action 'cycle', not '" + action + "'");
        }
    }

    public static PowerRequest on() {
        return new PowerRequest(PowerAction.ON, null);
    }

    public static PowerRequest off() {
        return new PowerRequest(PowerAction.OFF, null);
    }

    public static PowerRequest cycle(long offMs) {
        return new PowerRequest(PowerAction.CYCLE, offMs);
    }

    /** Off time of a cycle with the default applied. */
    @JsonIgnore
    public long effectiveOffMs() {
        return offMs == null ? DEFAULT_OFF_MS : offMs;
    }
}
