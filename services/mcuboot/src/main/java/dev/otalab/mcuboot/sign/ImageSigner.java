package dev.otalab.mcuboot.sign;

import dev.otalab.mcuboot.LittleEndian;
import dev.otalab.mcuboot.image.BootTrailer;
import dev.otalab.mcuboot.image.ImageHash;
import dev.otalab.mcuboot.image.ImageFlags;
import dev.otalab.mcuboot.image.ImageFormatException;
import dev.otalab.mcuboot.image.ImageHeader;
import dev.otalab.mcuboot.image.Tlv;
import dev.otalab.mcuboot.image.TlvArea;
import dev.otalab.mcuboot.image.TlvTypes;
import dev.otalab.mcuboot.keys.McubootKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds signed MCUboot images byte for byte as imgtool 2.4.0 does (mcuboot-image.md). The
 * image is assembled in one buffer and hashed once; signatures that need the digest reuse it.
 */
public final class ImageSigner {

    private ImageSigner() {
    }

    /**
     * Signs a binary.
     *
     * @param input       the application binary (for HEX input, its bytes from the lowest address)
     * @param baseAddress the HEX input's lowest address, or null for a binary input
     */
    public static SignedImage sign(byte[] input, Long baseAddress, SignOptions options) {
        int headerSize = options.headerSize();
        int lead = options.padHeader() ? headerSize : 0;
        long payloadLength = (long) input.length + lead;
        if (payloadLength < headerSize) {
            throw new ImageFormatException(String.format(
                    "input is %d bytes, shorter than the header size 0x%x (use --pad-header?)",
                    input.length, headerSize));
        }
        if (!options.padHeader()) {
            checkHeaderIsZero(input, headerSize);
        }
        // imgtool moves a HEX base down by the prepended header, except at address 0.
        Long base = baseAddress;
        if (base != null && base != 0 && options.padHeader()) {
            base = base - headerSize;
        }

        McubootKey signer = options.key() != null ? options.key() : options.fixedSignatureKey();
        ImageHash hash = hashFor(signer, options);
        byte[] keyHash = signer != null ? signer.publicKeyHash(hash) : new byte[32];

        byte[] protectedArea = TlvArea.encode(TlvTypes.PROTECTED_INFO_MAGIC,
                protectedTlvs(options, hash, keyHash));
        long hashedLength = payloadLength + protectedArea.length;
        long capacity = hashedLength + maxUnprotectedLength(signer);
        if (options.pad()) {
            capacity = Math.max(capacity, options.slotSize());
        }
        if (capacity > Integer.MAX_VALUE - 16) {
            throw new ImageFormatException("image of " + payloadLength + " bytes is too large");
        }

        byte[] buf = new byte[(int) capacity];
        if (lead > 0) {
            Arrays.fill(buf, 0, lead, (byte) options.erasedValue());
        }
        System.arraycopy(input, 0, buf, lead, input.length);
        new ImageHeader(ImageHeader.MAGIC, options.romFixed() != null ? options.romFixed() : options.loadAddress(),
                headerSize, protectedArea.length, payloadLength - headerSize, flags(options),
                options.version()).write(buf, 0);
        System.arraycopy(protectedArea, 0, buf, (int) payloadLength, protectedArea.length);

        int hashed = (int) hashedLength;
        byte[] digest = hash.digest(buf, 0, hashed);
        List<Tlv> unprotected = new ArrayList<>();
        unprotected.add(new Tlv(hash.tlvType(), digest));
        if (options.pure()) {
            unprotected.add(new Tlv(TlvTypes.SIG_PURE, new byte[] {1}));
        }
        byte[] signature = null;
        if (signer != null) {
            unprotected.add(options.publicKeyFormat() == SignOptions.PublicKeyFormat.HASH
                    ? new Tlv(TlvTypes.KEYHASH, keyHash)
                    : new Tlv(TlvTypes.PUBKEY, signer.publicKeyBytes()));
            signature = options.fixedSignature() != null ? options.fixedSignature()
                    : signer.signImage(buf, 0, hashed, digest, options.pure());
            unprotected.add(new Tlv(signer.type().signatureTlv(), signature));
        }
        byte[] unprotectedArea = TlvArea.encode(TlvTypes.UNPROTECTED_INFO_MAGIC, unprotected);
        System.arraycopy(unprotectedArea, 0, buf, hashed, unprotectedArea.length);
        int imageLength = hashed + unprotectedArea.length;

        int trailer = options.trailerSize();
        if (options.slotSize() > 0 && imageLength + (long) trailer > options.slotSize()) {
            throw new ImageFormatException(String.format(
                    "Image size (0x%x) + trailer (0x%x) exceeds requested size 0x%x",
                    imageLength, trailer, options.slotSize()));
        }
        return new SignedImage(buf, imageLength, base, digest, signature, options);
    }

    private static void checkHeaderIsZero(byte[] input, int headerSize) {
        for (int i = 0; i < headerSize; i++) {
            if (input[i] != 0) {
                throw new ImageFormatException(
                        "Header padding was not requested and image does not start with zeros");
            }
        }
    }

    private static int flags(SignOptions o) {
        int flags = 0;
        if (o.loadAddress() != 0) {
            flags |= ImageFlags.RAM_LOAD;
        }
        if (o.romFixed() != null && o.romFixed() != 0) {
            flags |= ImageFlags.ROM_FIXED;
        }
        if (o.nonBootable()) {
            flags |= ImageFlags.NON_BOOTABLE;
        }
        return flags;
    }

    /** imgtool's hash choice: the key decides, {@code --sha} may pick among what the key allows. */
    static ImageHash hashFor(McubootKey key, SignOptions o) {
        ImageHash requested = "auto".equals(o.sha()) ? null : ImageHash.byCliName(o.sha());
        if (key == null) {
            return requested == null ? ImageHash.SHA256 : requested;
        }
        return key.type().imageHash(requested, o.pure());
    }

    private static List<Tlv> protectedTlvs(SignOptions o, ImageHash hash, byte[] keyHash) {
        List<Tlv> tlvs = new ArrayList<>();
        if (o.securityCounter() != null) {
            byte[] v = new byte[4];
            LittleEndian.putU32(v, 0, o.securityCounter());
            tlvs.add(new Tlv(TlvTypes.SEC_CNT, v));
        }
        if (o.bootRecord() != null) {
            tlvs.add(new Tlv(TlvTypes.BOOT_RECORD, BootRecord.encode(o.bootRecord(), o.version(), hash, keyHash)));
        }
        for (Dependency d : o.dependencies()) {
            tlvs.add(new Tlv(TlvTypes.DEPENDENCY, d.encode()));
        }
        byte[] vid = null;
        if (o.vid() != null) {
            vid = ImageUuid.parse(ImageUuid.NAMESPACE_DNS, o.vid());
            tlvs.add(new Tlv(TlvTypes.UUID_VID, vid));
        }
        if (o.cid() != null) {
            tlvs.add(new Tlv(TlvTypes.UUID_CID, ImageUuid.parse(vid, o.cid())));
        }
        o.customTlvs().forEach((tag, value) -> tlvs.add(new Tlv(tag, value)));
        return tlvs;
    }

    /** Upper bound of the unprotected area: hash, SIG_PURE, full public key and signature. */
    private static int maxUnprotectedLength(McubootKey signer) {
        return TlvArea.INFO_SIZE + 4 + 64 + 5 + (signer == null ? 0 : 8 + signer.publicKeyBytes().length + 512);
    }
}
