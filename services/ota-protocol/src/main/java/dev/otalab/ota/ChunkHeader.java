package dev.otalab.ota;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 32-byte header in front of every chunk message (§7,
 * {@code cy_ota_mqtt_chunk_payload_header_t}): packed, little-endian, 32-bit fields at unaligned
 * offsets.
 *
 * <pre>
 *  0  8  magic "OTAImage" (no NUL)     18 4 total_size          28 2 total_num_payloads
 *  8  2  offset_to_data (32)           22 4 image_offset        30 2 this_payload_index
 * 10  2  ota_image_type (0)            26 2 data_size
 * 12  6  update_version major, minor, build
 * </pre>
 *
 * <p>{@link #decode} reads any 32 bytes without judging them (the device's checks live in
 * {@link ChunkReceiver}); the constructor only enforces that each value fits its field.
 */
public record ChunkHeader(String magic, int offsetToData, int imageType, OtaVersion version, long totalSize,
        long imageOffset, int dataSize, int totalNumPayloads, int thisPayloadIndex) {

    public static final int SIZE = 32;
    public static final String MAGIC = "OTAImage";
    /** {@code CY_OTA_MQTT_HEADER_TYPE_ONE_FILE}: a single application image. */
    public static final int TYPE_SINGLE_IMAGE = 0;

    public ChunkHeader {
        if (magic == null || magic.length() != 8 || !magic.chars().allMatch(c -> c <= 0xFF)) {
            throw invalid("magic must be 8 single-byte characters");
        }
        u16("offset_to_data", offsetToData);
        u16("ota_image_type", imageType);
        java.util.Objects.requireNonNull(version, "version").checkFitsU16("chunk header");
        u32("total_size", totalSize);
        u32("image_offset", imageOffset);
        u16("data_size", dataSize);
        u16("total_num_payloads", totalNumPayloads);
        u16("this_payload_index", thisPayloadIndex);
    }

    /** A header as the server writes it: magic {@code OTAImage}, data at offset 32, image type 0. */
    public static ChunkHeader of(OtaVersion version, long totalSize, long imageOffset, int dataSize,
            int totalNumPayloads, int thisPayloadIndex) {
        return new ChunkHeader(MAGIC, SIZE, TYPE_SINGLE_IMAGE, version, totalSize, imageOffset, dataSize,
                totalNumPayloads, thisPayloadIndex);
    }

    /** Reads the first 32 bytes of a chunk message. */
    public static ChunkHeader decode(byte[] payload) {
        if (payload == null || payload.length < SIZE) {
            throw invalid("a chunk header needs 32 bytes, got " + (payload == null ? 0 : payload.length));
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        String magic = new String(payload, 0, 8, StandardCharsets.ISO_8859_1);
        return new ChunkHeader(magic, u16(b, 8), u16(b, 10), new OtaVersion(u16(b, 12), u16(b, 14), u16(b, 16)),
                Integer.toUnsignedLong(b.getInt(18)), Integer.toUnsignedLong(b.getInt(22)), u16(b, 26), u16(b, 28),
                u16(b, 30));
    }

    /** The 32 header bytes. */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        encodeInto(out, 0);
        return out;
    }

    /** Writes the 32 header bytes into {@code target} at {@code offset}. */
    public void encodeInto(byte[] target, int offset) {
        ByteBuffer b = ByteBuffer.wrap(target, offset, SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(StandardCharsets.ISO_8859_1));
        b.putShort((short) offsetToData).putShort((short) imageType);
        b.putShort((short) version.major()).putShort((short) version.minor()).putShort((short) version.build());
        b.putInt((int) totalSize).putInt((int) imageOffset);
        b.putShort((short) dataSize).putShort((short) totalNumPayloads).putShort((short) thisPayloadIndex);
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static void u16(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw invalid(field + " " + value + " does not fit 16 bits");
        }
    }

    private static void u32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw invalid(field + " " + value + " does not fit 32 bits");
        }
    }

    private static OtaProtocolException invalid(String what) {
        return new OtaProtocolException(OtaProtocolException.Kind.INVALID_CHUNK, "chunk header: " + what);
    }
}
