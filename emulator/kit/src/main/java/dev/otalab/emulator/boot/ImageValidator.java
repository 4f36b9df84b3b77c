package dev.otalab.emulator.boot;

import dev.otalab.mcuboot.LittleEndian;
import dev.otalab.mcuboot.image.ImageFormatException;
import dev.otalab.mcuboot.image.ImageHash;
import dev.otalab.mcuboot.image.ImageHeader;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.image.Tlv;
import dev.otalab.mcuboot.image.TlvTypes;
import dev.otalab.mcuboot.keys.McubootKey;
import java.security.MessageDigest;
import java.util.List;

/**
 * MCUboot's image check of a slot ({@code boot_check_header_valid} and
 * {@code bootutil_img_validate}): header magic, header sizes within the slot, TLV areas that
 * end within the largest image the slot may hold, the hash TLV matching the content, a KEYHASH
 * (or PUBKEY) naming one of the trusted keys, and that key's signature verifying. With no
 * trusted keys only the hash is required (a build without signature checking).
 */
final class ImageValidator {

    /** Outcome of a check; {@code image} is set whenever the bytes parsed. */
    record Result(boolean valid, McubootImage image, String reason) {
        static Result invalid(String reason) {
            return new Result(false, null, reason);
        }
    }

    private final List<McubootKey> keys;

    ImageValidator(List<McubootKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The header's magic field holds only erased bytes ({@code boot_check_header_erased}). */
    static boolean headerErased(byte[] header, byte erased) {
        for (int i = 0; i < 4; i++) {
            if (header[i] != erased) {
                return false;
            }
        }
        return true;
    }

    /**
     * Image size as {@code boot_read_image_size} computes it: header, payload and both TLV areas;
     * -1 when the header or the TLV info is not valid.
     */
    static long imageSize(FlashRegion slot, boolean live) {
        byte[] h = live ? slot.read(0, ImageHeader.SIZE) : slot.dump(0, ImageHeader.SIZE);
        ImageHeader header = ImageHeader.read(h, 0);
        if (!header.hasMagic()) {
            return -1;
        }
        long off = header.tlvOffset();
        if (off + 4 > slot.size()) {
            return -1;
        }
        byte[] info = live ? slot.read(off, 4) : slot.dump(off, 4);
        long prot = header.protectedTlvSize();
        if (LittleEndian.u16(info, 0) == TlvTypes.PROTECTED_INFO_MAGIC) {
            if (prot != LittleEndian.u16(info, 2)) {
                return -1;
            }
            if (off + prot + 4 > slot.size()) {
                return -1;
            }
            info = live ? slot.read(off + prot, 4) : slot.dump(off + prot, 4);
        } else if (prot != 0) {
            return -1;
        }
        if (LittleEndian.u16(info, 0) != TlvTypes.UNPROTECTED_INFO_MAGIC) {
            return -1;
        }
        return off + prot + LittleEndian.u16(info, 2);
    }

    /**
     * Checks the image in {@code slot}.
     *
     * @param maxImageSize largest image (end of TLVs) the slot may hold ({@code bootutil_max_image_size})
     * @param live         read with power (counted as reads) or out of band (views)
     */
    Result validate(FlashRegion slot, long maxImageSize, boolean live) {
        byte[] h = live ? slot.read(0, ImageHeader.SIZE) : slot.dump(0, ImageHeader.SIZE);
        ImageHeader header = ImageHeader.read(h, 0);
        if (!header.hasMagic()) {
            return Result.invalid(String.format("bad header magic 0x%08x", header.magic()));
        }
        long hashed = header.headerSize() + header.imageSize() + header.protectedTlvSize();
        if (hashed >= slot.size() || header.headerSize() < ImageHeader.SIZE) {
            return Result.invalid("header sizes do not fit in the slot");
        }
        long size = imageSize(slot, live);
        if (size < 0) {
            return Result.invalid("no valid TLV info");
        }
        if (size > maxImageSize || size > slot.size()) {
            return Result.invalid(String.format("image of 0x%x bytes is larger than the 0x%x the slot may hold",
                    size, maxImageSize));
        }
        byte[] bytes = live ? slot.read(0, (int) size) : slot.dump(0, (int) size);
        McubootImage image;
        try {
            image = McubootImage.parse(bytes);
        } catch (ImageFormatException e) {
            return Result.invalid("malformed: " + e.getMessage());
        }
        return check(image);
    }

    /** TLV walk of {@code bootutil_img_validate}. */
    Result check(McubootImage image) {
        boolean pure = image.unprotectedArea().find(TlvTypes.SIG_PURE).isPresent();
        byte[] digest = null;
        boolean hashValid = false;
        McubootKey key = null;
        boolean signatureValid = false;
        for (Tlv tlv : image.unprotectedTlvs()) {
            ImageHash hash = ImageHash.byTlvType(tlv.type());
            if (hash != null) {
                if (digest != null) {
                    continue; // only the first hash TLV counts
                }
                digest = image.computeDigest(hash);
                if (!MessageDigest.isEqual(digest, tlv.value())) {
                    return new Result(false, image, "hash mismatch");
                }
                hashValid = true;
            } else if (tlv.type() == TlvTypes.KEYHASH || tlv.type() == TlvTypes.PUBKEY) {
                key = findKey(tlv, image);
            } else if (key != null && tlv.type() == key.type().signatureTlv()) {
                if ((digest != null || pure) && key.verifyImage(tlv.value(), image.bytes(), 0, image.hashedLength(),
                        digest, pure)) {
                    signatureValid = true;
                }
                key = null;
            }
        }
        if (!hashValid) {
            return new Result(false, image, "no matching hash TLV");
        }
        if (!keys.isEmpty() && !signatureValid) {
            return new Result(false, image, "no valid signature by a trusted key");
        }
        return new Result(true, image, "valid");
    }

    private McubootKey findKey(Tlv tlv, McubootImage image) {
        ImageHash hash = image.hashAlgorithm().orElse(ImageHash.SHA256);
        for (McubootKey k : keys) {
            if (!k.type().canSign()) {
                continue;
            }
            byte[] expected = tlv.type() == TlvTypes.PUBKEY ? k.publicKeyBytes() : k.publicKeyHash(hash);
            if (MessageDigest.isEqual(expected, tlv.value())) {
                return k;
            }
        }
        return null;
    }
}
