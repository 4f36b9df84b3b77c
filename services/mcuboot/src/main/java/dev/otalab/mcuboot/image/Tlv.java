package dev.otalab.mcuboot.image;

import java.util.Arrays;

/**
 * One TLV record.
 *
 * @param type   16-bit type (predefined types fit in the low byte)
 * @param value  payload bytes
 * @param offset offset of the record's 4-byte header within the image, or -1 when not yet placed
 */
public record Tlv(int type, byte[] value, int offset) {

    public static final int HEADER_SIZE = 4;

    public Tlv(int type, byte[] value) {
        this(type, value, -1);
    }

    public int encodedLength() {
        return HEADER_SIZE + value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.type == type && t.offset == offset && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + offset) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return TlvTypes.name(type) + "(" + value.length + " bytes)";
    }
}
