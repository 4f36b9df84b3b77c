package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Encoding of an image sent to {@code POST /boards/{id}/program} ({@code format} query parameter). */
public enum ImageFormat implements WireEnum {
    /** Raw bytes (imgtool {@code .bin}), written from the start of the target area or address. */
    BIN("bin"),
    /**
     * Intel HEX text (imgtool {@code .hex}); the file's own addresses are used. A named area, if
     * given, only checks that every record falls inside it.
     */
    HEX("hex");

    private final String wire;

    ImageFormat(String wire) {
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
    public static ImageFormat fromString(String value) {
        return WireEnum.parse(ImageFormat.class, "format", value);
    }
}
