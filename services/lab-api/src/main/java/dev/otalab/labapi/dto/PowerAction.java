package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What {@code POST /boards/{id}/power} does: {@code on}, {@code off} or {@code cycle} (off, wait, on). */
public enum PowerAction implements WireEnum {
    ON("on"),
    OFF("off"),
    /** Power off, wait {@link PowerRequest#offMs()}, power on again. */
    CYCLE("cycle");

    private final String wire;

    PowerAction(String wire) {
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
    public static PowerAction fromString(String value) {
        return WireEnum.parse(PowerAction.class, "action", value);
    }
}
