package dev.otalab.ota;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a signed image into chunk messages (§7, server rules): {@code ceil(size / 4096)} messages
 * of a 32-byte {@link ChunkHeader} and at most 4096 data bytes, so a whole PUBLISH stays within
 * the device's 5120-byte receive buffer; {@code offset_to_data} 32, image type 0, the version of
 * the image being sent (not of the last job document, as the sample publisher does), index order.
 *
 * <p>Each message is built on demand from the image, copying only that chunk's bytes, so the
 * image may be a large heap array or a memory-mapped file and a transfer holds one chunk at a
 * time. The image buffer is not copied; it must not change while the encoder is in use. Only
 * absolute reads are used, so one encoder may serve several transfers on different threads.
 */
public final class ChunkEncoder {

    /** Data bytes per message ({@code CY_OTA_CHUNK_SIZE}). */
    public static final int MAX_DATA_SIZE = 4096;

    private final ByteBuffer image;
    private final int size;
    private final OtaVersion version;
    private final int chunkCount;

    /**
     * @param image the signed MCUboot {@code .bin} as built (no trailer); 1 byte up to 65535 chunks
     * @param version the image's version as the device compares it (major.minor.revision of the MCUboot header)
     */
    public ChunkEncoder(byte[] image, OtaVersion version) {
        this(ByteBuffer.wrap(image), version);
    }

    /** As {@link #ChunkEncoder(byte[], OtaVersion)}, reading the buffer's remaining bytes (position and limit are kept). */
    public ChunkEncoder(ByteBuffer image, OtaVersion version) {
        this.image = image.slice();
        this.size = this.image.remaining();
        this.version = java.util.Objects.requireNonNull(version, "version").checkFitsU16("chunk header");
        if (size == 0) {
            throw invalid("the image is empty");
        }
        long chunks = chunks(size, MAX_DATA_SIZE);
        if (chunks > 0xFFFF) {
            throw invalid("an image of " + size + " bytes needs " + chunks + " chunks; the header counts at most 65535");
        }
        this.chunkCount = (int) chunks;
    }

    public long imageSize() {
        return size;
    }

    public OtaVersion version() {
        return version;
    }

    /** {@code ceil(imageSize / 4096)}: the header's {@code total_num_payloads}. */
    public int chunkCount() {
        return chunkCount;
    }

    /** The header of message {@code index} of the full transfer. */
    public ChunkHeader header(int index) {
        checkIndex(index);
        long offset = (long) index * MAX_DATA_SIZE;
        int dataSize = (int) Math.min(MAX_DATA_SIZE, size - offset);
        return ChunkHeader.of(version, size, offset, dataSize, chunkCount, index);
    }

    /** Message {@code index} (0-based) of the full transfer: header and data. */
    public byte[] message(int index) {
        return build(header(index));
    }

    /** All messages of a {@code Request Update} answer, in index order, each built when asked for. */
    public Iterator<byte[]> messages() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < chunkCount;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return message(next++);
            }
        };
    }

    /** The one message answering a device's {@code Request Data Chunk}; see {@link #messageFor(long, long)}. */
    public byte[] messageFor(RequestDataChunk request) {
        return messageFor(request.offset(), request.size());
    }

    /**
     * The one message answering {@code Request Data Chunk} for ({@code offset}, {@code size}) (§9):
     * data from {@code offset}, at most {@code size} and never more than 4096 bytes;
     * {@code size ≤ 0} means "rest of file" (again at most 4096).
     * {@code this_payload_index = offset / step} and {@code total_num_payloads = ceil(imageSize / step)}
     * with {@code step = size} for {@code 0 < size ≤ 4096} (the sample publisher's formula) and
     * {@code step = 4096} otherwise, so a capped answer never repeats an index the device would
     * then drop as a duplicate.
     *
     * @throws OtaProtocolException {@code INVALID_CHUNK} when the offset is outside the image or the
     *         step would need more than 65535 chunks
     */
    public byte[] messageFor(long offset, long size) {
        if (offset < 0 || offset >= this.size) {
            throw invalid("Offset " + offset + " is outside the image of " + this.size + " bytes");
        }
        int step = size <= 0 || size > MAX_DATA_SIZE ? MAX_DATA_SIZE : (int) size;
        long total = chunks(this.size, step);
        if (total > 0xFFFF) {
            throw invalid("Size " + size + " splits the image into " + total + " chunks; the header counts at most 65535");
        }
        int dataSize = (int) Math.min(step, this.size - offset);
        return build(ChunkHeader.of(version, this.size, offset, dataSize, (int) total, (int) (offset / step)));
    }

    private byte[] build(ChunkHeader header) {
        byte[] out = new byte[ChunkHeader.SIZE + header.dataSize()];
        header.encodeInto(out, 0);
        image.get((int) header.imageOffset(), out, ChunkHeader.SIZE, header.dataSize());
        return out;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= chunkCount) {
            throw invalid("chunk index " + index + " is outside 0.." + (chunkCount - 1));
        }
    }

    private static long chunks(long size, int step) {
        return (size + step - 1) / step;
    }

    private static OtaProtocolException invalid(String what) {
        return new OtaProtocolException(OtaProtocolException.Kind.INVALID_CHUNK, what);
    }
}
