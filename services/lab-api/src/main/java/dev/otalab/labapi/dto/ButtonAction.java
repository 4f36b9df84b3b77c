package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What {@code POST /boards/{id}/button} does with the user button (SW2 on the PSoC 6 kits). */
public enum ButtonAction implements WireEnum {
    /** Press, keep pressed for {@link ButtonRequest#ms()}, release; the call returns after the release. */
    PRESS("press"),
    /**
     * Press and keep pressed; the call returns at once. With {@code ms} the button is released by
     * itself after that time, otherwise it stays pressed until a {@link #RELEASE}.
     */
    HOLD("hold"),
    /** Release the button (no effect when it is not pressed). */
    RELEASE("release");

    private final String wire;

    ButtonAction(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }

    @JsonCreator
    public static ButtonAction fromString(String value) {
        return WireEnum.parse(ButtonAction.class, "action", value);
    }
}
