package dev.otalab.ota;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The device's handling of chunk messages during one download attempt (§7 "Device rules",
 * {@code cy_ota_mqtt_parse_chunk} and {@code cy_ota_mqtt_write_chunk_to_flash}), for the
 * emulator's device agent, which feeds it every publish received in the data-download state and
 * acts on the outcome:
 *
 * <ol>
 *   <li>Magic: only the first 7 bytes ({@code OTAImag}) are compared.</li>
 *   <li>Rejected header if {@code offset_to_data > payload length}, {@code ota_image_type ≠ 0},
 *       {@code data_size > total_size} or {@code this_payload_index > total_num_payloads}
 *       ({@code index == total} passes). A payload shorter than 32 bytes is also rejected here
 *       (the device would read its receive buffer past the payload). The device fails the
 *       attempt ({@link Outcome#REJECTED_HEADER}; retried as in §8).</li>
 *   <li>The header's version must be strictly newer than the running app, for every chunk;
 *       otherwise {@link Outcome#VERSION_TOO_OLD} (download aborted without retry).</li>
 *   <li>The {@code total_size} of the first accepted chunk is latched as the image size.</li>
 *   <li>Duplicates: an 8-bit counter per index for indexes below 2048; a repeated index is not
 *       written and not counted ({@link Outcome#DUPLICATE}). The counters wrap like the device's
 *       {@code uint8_t}s, so the 256th copy of an index is written again. Index ≥ 2048 is written
 *       without duplicate tracking.</li>
 *   <li>{@code data_size} bytes from {@code offset_to_data} are written at {@code image_offset}
 *       through the {@link SlotWriter}; out-of-order indexes are accepted. There is no check that
 *       the data lies within the payload: the device would write whatever follows in its receive
 *       buffer, this model writes zero bytes there and says so in {@link Result#detail()}.</li>
 *   <li>{@link Outcome#COMPLETE} once the written byte count reaches the latched size (checked
 *       after accepted and duplicate chunks alike); missing chunks are never re-requested.</li>
 * </ol>
 *
 * <p>{@link #startAttempt()} clears counters and totals, as the device does at the start of every
 * download attempt. Not thread-safe: one agent drives one receiver. Exceptions thrown by the
 * writer (e.g. a write outside the slot) propagate unchanged.
 */
public final class ChunkReceiver {

    /** {@code CY_OTA_MAX_PACKETS}: indexes tracked for duplicates. */
    public static final int TRACKED_INDEXES = 2048;

    private static final byte[] MAGIC_PREFIX = "OTAImag".getBytes(StandardCharsets.US_ASCII);

    /** Where accepted data goes: the secondary slot at {@code offset}. */
    @FunctionalInterface
    public interface SlotWriter {
        void write(long offset, byte[] data);
    }

    /** What the device makes of one chunk message. */
    public enum Outcome {
        /** Written; more data expected. */
        ACCEPTED,
        /** Index seen before in this attempt: ignored. */
        DUPLICATE,
        /** Not a chunk header: the attempt fails. */
        REJECTED_HEADER,
        /** Header version not newer than the running app: the download is aborted, no retry. */
        VERSION_TOO_OLD,
        /** Written (or ignored as duplicate) and the latched image size is reached. */
        COMPLETE
    }

    /**
     * @param outcome what happened
     * @param header the decoded header ({@code null} if the payload was shorter than 32 bytes)
     * @param detail one line for the device log (why rejected, out-of-order, data past the payload…)
     */
    public record Result(Outcome outcome, ChunkHeader header, String detail) {
    }

    private final OtaVersion appVersion;
    private final SlotWriter writer;
    private final byte[] received = new byte[TRACKED_INDEXES];
    private long imageSize;
    private long bytesWritten;
    private int lastIndex;
    private boolean complete;

    /**
     * @param appVersion the running app's version
     * @param writer receives accepted data at its image offset
     */
    public ChunkReceiver(OtaVersion appVersion, SlotWriter writer) {
        this.appVersion = java.util.Objects.requireNonNull(appVersion, "appVersion");
        this.writer = java.util.Objects.requireNonNull(writer, "writer");
    }

    /** Clears duplicate counters, latched size and byte count: a new download attempt. */
    public void startAttempt() {
        Arrays.fill(received, (byte) 0);
        imageSize = 0;
        bytesWritten = 0;
        lastIndex = 0;
        complete = false;
    }

    /** Handles one publish received in the data-download state. */
    public Result receive(byte[] payload) {
        int length = payload == null ? 0 : payload.length;
        if (length < ChunkHeader.SIZE) {
            return new Result(Outcome.REJECTED_HEADER, null,
                    "payload of " + length + " bytes is shorter than the 32-byte chunk header");
        }
        ChunkHeader h = ChunkHeader.decode(payload);
        if (!Arrays.equals(payload, 0, MAGIC_PREFIX.length, MAGIC_PREFIX, 0, MAGIC_PREFIX.length)) {
            return new Result(Outcome.REJECTED_HEADER, h, "bad magic " + OtaProtocolException.quote(h.magic()));
        }
        if (h.offsetToData() > length) {
            return rejected(h, "offset_to_data " + h.offsetToData() + " beyond payload of " + length + " bytes");
        }
        if (h.imageType() != ChunkHeader.TYPE_SINGLE_IMAGE) {
            return rejected(h, "ota_image_type " + h.imageType() + " is not 0");
        }
        if (h.dataSize() > h.totalSize()) {
            return rejected(h, "data_size " + h.dataSize() + " > total_size " + h.totalSize());
        }
        if (h.thisPayloadIndex() > h.totalNumPayloads()) {
            return rejected(h, "this_payload_index " + h.thisPayloadIndex() + " > total_num_payloads "
                    + h.totalNumPayloads());
        }
        if (!DeviceJobRules.isNewer(appVersion, h.version())) {
            return new Result(Outcome.VERSION_TOO_OLD, h,
                    "Current Application version " + appVersion + " update " + h.version() + ". Fail.");
        }
        if (imageSize == 0) {
            imageSize = h.totalSize();
        }
        int index = h.thisPayloadIndex();
        StringBuilder detail = new StringBuilder();
        if (index >= TRACKED_INDEXES) {
            detail.append("index ").append(index).append(" beyond ").append(TRACKED_INDEXES - 1)
                    .append(", no duplicate check; ");
        } else {
            received[index]++;
            if ((received[index] & 0xFF) > 1) {
                return afterData(Outcome.DUPLICATE, h, "duplicate index " + index + ", not written");
            }
        }
        if (index > 0 && index != lastIndex + 1) {
            detail.append("out of order: last ").append(lastIndex).append(", now ").append(index).append("; ");
        }
        writer.write(h.imageOffset(), data(payload, h, detail));
        bytesWritten += h.dataSize();
        lastIndex = index;
        detail.append("written ").append(h.dataSize()).append(" bytes at ").append(h.imageOffset())
                .append(", ").append(bytesWritten).append(" of ").append(imageSize);
        return afterData(Outcome.ACCEPTED, h, detail.toString());
    }

    /** Bytes written in this attempt (duplicates not counted). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** The latched image size, 0 until the first accepted chunk of this attempt. */
    public long imageSize() {
        return imageSize;
    }

    /** True once a chunk of this attempt has reported {@link Outcome#COMPLETE}. */
    public boolean complete() {
        return complete;
    }

    private Result afterData(Outcome outcome, ChunkHeader h, String detail) {
        if (bytesWritten >= imageSize) {
            complete = true;
            return new Result(Outcome.COMPLETE, h, detail + "; done writing all data");
        }
        return new Result(outcome, h, detail);
    }

    private static byte[] data(byte[] payload, ChunkHeader h, StringBuilder detail) {
        int from = h.offsetToData();
        int available = Math.max(0, Math.min(h.dataSize(), payload.length - from));
        byte[] data = new byte[h.dataSize()];
        System.arraycopy(payload, from, data, 0, available);
        if (available < h.dataSize()) {
            detail.append("data_size ").append(h.dataSize()).append(" runs ").append(h.dataSize() - available)
                    .append(" bytes past the payload (device writes stale buffer bytes; model writes 0x00); ");
        }
        return data;
    }

    private static Result rejected(ChunkHeader h, String why) {
        return new Result(Outcome.REJECTED_HEADER, h, "not a header: " + why);
    }
}
