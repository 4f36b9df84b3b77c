package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /boards/{id}/button}: {@code {"action":"press","ms":200}},
 * {@code {"action":"hold"}}, {@code {"action":"hold","ms":5000}}, {@code {"action":"release"}}.
 *
 * <p>To boot a rollback kit with the button held: {@code hold}, power {@code cycle}, then
 * {@code release} (or {@code hold} with {@code ms} longer than the boot).
 *
 * @param action press, hold or release (see {@link ButtonAction})
 * @param ms {@code press}: how long it stays pressed (default {@value #DEFAULT_PRESS_MS});
 *        {@code hold}: release by itself after this long (absent = stay pressed);
 *        {@code release}: not allowed. Range 1..{@value #MAX_MS}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ButtonRequest(ButtonAction action, Long ms) {

    public static final long DEFAULT_PRESS_MS = 200;
    public static final long MAX_MS = 600_000;

    public ButtonRequest {
        Checks.required(action, "action");
        Checks.range(ms, "ms", 1, MAX_MS);
        if (ms != null && action == ButtonAction.RELEASE) {
            throw new IllegalArgumentException("ms does not apply to action 'release'");
        }
    }

    public static ButtonRequest press(long ms) {
        return new ButtonRequest(ButtonAction.PRESS, ms);
    }

    public static ButtonRequest hold() {
        return new ButtonRequest(ButtonAction.HOLD, null);
    }

    public static ButtonRequest release() {
        return new ButtonRequest(ButtonAction.RELEASE, null);
    }

    /** Press duration of a {@code press} with the default applied. */
    @JsonIgnore
    public long effectivePressMs() {
        return ms == null ? DEFAULT_PRESS_MS : ms;
    }
}
