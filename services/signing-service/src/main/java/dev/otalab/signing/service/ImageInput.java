package dev.otalab.signing.service;

import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import dev.otalab.signing.mapping.ProblemType;
import dev.otalab.signing.mapping.SignOptionsMapper.InputFormat;
import java.util.Locale;

/**
 * An uploaded image as the signer and verifier take it: binary bytes as they are, Intel HEX
 * converted to contiguous bytes from its lowest address (gaps 0xFF, as imgtool does).
 *
 * @param name        the upload's file name, for messages
 * @param bytes       the image bytes
 * @param baseAddress the HEX input's lowest address, null for binary input
 */
public record ImageInput(String name, byte[] bytes, Long baseAddress) {

    public boolean isHex() {
        return baseAddress != null;
    }

    /**
     * @param format  AUTO: Intel HEX when the name ends in {@code .hex} or the data starts with ':'
     * @param maxSize the largest image accepted (binary length or HEX address span)
     * @throws ProblemException 400 bad-image (empty, malformed HEX), image-too-large
     */
    public static ImageInput decode(String name, byte[] raw, InputFormat format, long maxSize) {
        String shown = name == null || name.isBlank() ? "image" : name;
        if (raw.length == 0) {
            throw new ProblemException(ProblemType.BAD_IMAGE, shown + " is empty");
        }
        boolean hex = switch (format) {
            case HEX -> true;
            case BIN -> false;
            case AUTO -> (name != null && name.toLowerCase(Locale.ROOT).endsWith(".hex")) || raw[0] == ':';
        };
        if (!hex) {
            if (raw.length > maxSize) {
                throw tooLarge(shown, raw.length, maxSize);
            }
            return new ImageInput(shown, raw, null);
        }
        MemoryImage memory = IntelHex.parse(raw); // HexFormatException (McubootException) -> bad-image
        if (memory.isEmpty()) {
            throw new ProblemException(ProblemType.BAD_IMAGE, shown + ": the Intel HEX file holds no data");
        }
        long span = memory.endAddress() - memory.minAddress();
        if (span > maxSize) {
            throw tooLarge(shown, span, maxSize);
        }
        return new ImageInput(shown, memory.toContiguous(0xFF), memory.minAddress());
    }

    private static ProblemException tooLarge(String name, long size, long maxSize) {
        return new ProblemException(ProblemType.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                "%s: %d bytes (0x%x) is more than the largest slot this service accepts (0x%x)",
                name, size, size, maxSize));
    }
}
