package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A board's supply as the agent last set or sensed it. */
public enum PowerState implements WireEnum {
    ON("on"),
    OFF("off"),
    /** No power switch, or the agent has not set it since it started. */
    UNKNOWN("unknown");

    private final String wire;

    PowerState(String wire) {
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
    public static PowerState fromString(String value) {
        return WireEnum.parse(PowerState.class, "power", value);
    }
}
