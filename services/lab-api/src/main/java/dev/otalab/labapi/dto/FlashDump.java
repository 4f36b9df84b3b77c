package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer of the emulator's {@code GET /boards/{id}/flash?area=...&offset=...&length=...}: bytes of
 * a flash area or address range, base64 in JSON ({@code GET .../flash/raw} gives the same bytes as
 * {@code application/octet-stream}).
 *
 * <pre>{"area":"primary","address":268599296,"length":4,"data":"Pbjzlg=="}</pre>
 *
 * @param area the area asked for, or null when an address was given
 * @param address address of {@code data[0]}
 * @param length number of bytes, equal to {@code data.length}
 * @param data the bytes (base64 in JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlashDump(String area, long address, int length,
        @Schema(type = SchemaType.STRING, format = "byte", description = "base64") byte[] data) {

    /** Largest dump one request returns; ask for larger areas in ranges. */
    public static final int MAX_LENGTH = 8 * 1024 * 1024;

    public FlashDump {
        Checks.range(address, "address", 0, 0xFFFF_FFFFL);
        Checks.required(data, "data");
        if (length != data.length) {
            throw new IllegalArgumentException("length " + length + " differs from data length " + data.length);
        }
        Checks.range(length, "length", 0, MAX_LENGTH);
        data = data.clone();
    }

    public FlashDump(String area, long address, byte[] data) {
        this(area, address, data.length, data);
    }

    /** A copy of the bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlashDump d && address == d.address && length == d.length
                && java.util.Objects.equals(area, d.area) && Arrays.equals(data, d.data);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(area, address, length) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(data, 0, Math.min(16, data.length));
        return "FlashDump[area=" + area + ", address=0x" + Long.toHexString(address) + ", length=" + length
                + ", data=" + head + (data.length > 16 ? "..." : "") + "]";
    }
}
