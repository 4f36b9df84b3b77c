package dev.otalab.mcuboot.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed MCUboot image: header, payload and TLV areas, located the way the bootloader
 * locates them. Parsing is strict and never throws anything but {@link ImageFormatException};
 * bytes after the unprotected area (slot padding, trailer) are allowed and ignored.
 */
public final class McubootImage {

    private final byte[] bytes;
    private final ImageHeader header;
    private final TlvArea protectedArea;   // null when the image has none
    private final TlvArea unprotectedArea;

    private McubootImage(byte[] bytes, ImageHeader header, TlvArea protectedArea, TlvArea unprotectedArea) {
        this.bytes = bytes;
        this.header = header;
        this.protectedArea = protectedArea;
        this.unprotectedArea = unprotectedArea;
    }

    /** Parses an image that starts at offset 0 of {@code bytes}; the array is kept, not copied. */
    public static McubootImage parse(byte[] bytes) {
        if (bytes == null || bytes.length < ImageHeader.SIZE) {
            throw new ImageFormatException("image truncated: " + (bytes == null ? 0 : bytes.length)
                    + " bytes, a header alone is 32");
        }
        ImageHeader header = ImageHeader.read(bytes, 0);
        if (!header.hasMagic()) {
            throw new ImageFormatException(String.format(
                    "bad image magic 0x%08x (expected 0x%08x); is this an MCUboot image?",
                    header.magic(), ImageHeader.MAGIC));
        }
        if (header.headerSize() < ImageHeader.SIZE) {
            throw new ImageFormatException("header size " + header.headerSize() + " is below 32");
        }
        long tlvStart = header.tlvOffset();
        if (tlvStart + TlvArea.INFO_SIZE > bytes.length) {
            throw new ImageFormatException(String.format(
                    "image truncated: header says payload ends at 0x%x, file has 0x%x bytes",
                    tlvStart, bytes.length));
        }
        int pos = (int) tlvStart;
        TlvArea prot = null;
        if (header.protectedTlvSize() != 0) {
            prot = TlvArea.read(bytes, pos, bytes.length, TlvTypes.PROTECTED_INFO_MAGIC);
            if (prot.totalLength() != header.protectedTlvSize()) {
                throw new ImageFormatException(String.format(
                        "protected TLV area is %d bytes but the header says %d",
                        prot.totalLength(), header.protectedTlvSize()));
            }
            pos = prot.end();
        }
        TlvArea unprot = TlvArea.read(bytes, pos, bytes.length, TlvTypes.UNPROTECTED_INFO_MAGIC);
        return new McubootImage(bytes, header, prot, unprot);
    }

    public ImageHeader header() {
        return header;
    }

    public ImageVersion version() {
        return header.version();
    }

    /** The array this image was parsed from (not a copy). */
    public byte[] bytes() {
        return bytes;
    }

    /** Length of the hashed region: header, padding, payload and protected TLVs. */
    public int hashedLength() {
        return unprotectedArea.offset();
    }

    /** Length of the image proper: everything up to the end of the unprotected TLV area. */
    public int length() {
        return unprotectedArea.end();
    }

    public int payloadOffset() {
        return header.headerSize();
    }

    public Optional<TlvArea> protectedArea() {
        return Optional.ofNullable(protectedArea);
    }

    public TlvArea unprotectedArea() {
        return unprotectedArea;
    }

    public List<Tlv> protectedTlvs() {
        return protectedArea == null ? List.of() : protectedArea.entries();
    }

    public List<Tlv> unprotectedTlvs() {
        return unprotectedArea.entries();
    }

    public List<Tlv> allTlvs() {
        List<Tlv> all = new ArrayList<>(protectedTlvs());
        all.addAll(unprotectedTlvs());
        return all;
    }

    /** The first protected TLV of this type (custom TLVs, security counter, dependencies...). */
    public Optional<Tlv> protectedTlv(int type) {
        return protectedArea == null ? Optional.empty() : protectedArea.find(type);
    }

    /** The emulated-app description (custom TLV 0x00A0) as text, if present. */
    public Optional<String> emulatedAppJson() {
        return protectedTlv(TlvTypes.EMULATED_APP).map(t -> new String(t.value(), StandardCharsets.UTF_8));
    }

    /** The hash TLV the image carries (the first of SHA256/384/512), if any. */
    public Optional<Tlv> hashTlv() {
        return unprotectedArea.entries().stream()
                .filter(t -> ImageHash.byTlvType(t.type()) != null)
                .findFirst();
    }

    public Optional<ImageHash> hashAlgorithm() {
        return hashTlv().map(t -> ImageHash.byTlvType(t.type()));
    }

    /** Digest of the hashed region with the given algorithm. */
    public byte[] computeDigest(ImageHash algorithm) {
        return algorithm.digest(bytes, 0, hashedLength());
    }

    /** Whether the stored hash TLV matches the content; false when there is none. */
    public boolean hashMatches() {
        Optional<Tlv> tlv = hashTlv();
        return tlv.isPresent() && MessageDigest.isEqual(tlv.get().value(),
                computeDigest(ImageHash.byTlvType(tlv.get().type())));
    }
}
