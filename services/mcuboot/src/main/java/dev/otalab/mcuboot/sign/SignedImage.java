package dev.otalab.mcuboot.sign;

import dev.otalab.mcuboot.image.BootTrailer;
import dev.otalab.mcuboot.image.ImageFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The result of {@link ImageSigner#sign}: the image and its two output forms (binary, Intel HEX). */
public final class SignedImage {

    /** A run of bytes at an absolute address, for Intel HEX output. */
    public record Chunk(long address, byte[] bytes) {
    }

    private final byte[] buf;          // image, then room for slot padding
    private final int imageLength;
    private final Long baseAddress;
    private final byte[] digest;
    private final byte[] signature;
    private final SignOptions options;

    SignedImage(byte[] buf, int imageLength, Long baseAddress, byte[] digest, byte[] signature,
                SignOptions options) {
        this.buf = buf;
        this.imageLength = imageLength;
        this.baseAddress = baseAddress;
        this.digest = digest;
        this.signature = signature;
        this.options = options;
    }

    /** Header through the end of the unprotected TLVs. */
    public byte[] image() {
        return Arrays.copyOf(buf, imageLength);
    }

    public int imageLength() {
        return imageLength;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** The signature TLV value, or null for an unsigned image. */
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }

    /**
     * The binary file imgtool writes: the image, padded to the slot with the trailer when asked.
     * For a padded image this is the signer's own buffer, padded in place, not a copy: signing
     * services hand it straight to storage, and a copy of a 2 MB slot costs as much as hashing it.
     */
    public byte[] toBinary() {
        if (!options.pad()) {
            return Arrays.copyOf(buf, imageLength);
        }
        int slot = (int) options.slotSize();
        byte[] out = buf.length == slot ? buf : Arrays.copyOf(buf, slot);
        Arrays.fill(out, imageLength, slot, (byte) options.erasedValue());
        for (Chunk c : trailerChunks(0)) {
            System.arraycopy(c.bytes(), 0, out, (int) c.address(), c.bytes().length);
        }
        return out;
    }

    /**
     * The pieces imgtool writes to a HEX file: the image at the base address and, when padding,
     * only the image_ok block and the magic (never the fill).
     *
     * @param hexAddress {@code -x}, or null to use the HEX input's base
     */
    public List<Chunk> toHexChunks(Long hexAddress) {
        Long base = hexAddress != null ? hexAddress : baseAddress;
        if (base == null) {
            throw new ImageFormatException(
                    "No address exists in input file neither was it provided by user (use -x for .hex output)");
        }
        List<Chunk> chunks = new ArrayList<>();
        chunks.add(new Chunk(base, image()));
        if (options.pad()) {
            chunks.addAll(trailerChunks(base));
        }
        return chunks;
    }

    private List<Chunk> trailerChunks(long base) {
        int maxAlign = options.maxAlign();
        long end = base + options.slotSize();
        List<Chunk> chunks = new ArrayList<>();
        if ((options.test() || options.confirm()) && !options.overwriteOnly()) {
            byte[] flag = new byte[maxAlign];
            Arrays.fill(flag, (byte) options.erasedValue());
            if (options.confirm()) {
                flag[0] = 0x01;
            }
            chunks.add(new Chunk(end - BootTrailer.imageOkFromEnd(maxAlign), flag));
        }
        chunks.add(new Chunk(end - BootTrailer.MAGIC_SIZE, BootTrailer.magic(maxAlign)));
        return chunks;
    }
}
