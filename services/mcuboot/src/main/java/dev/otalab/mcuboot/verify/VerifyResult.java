package dev.otalab.mcuboot.verify;

import dev.otalab.mcuboot.image.ImageVersion;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@link ImageVerifier} found.
 *
 * @param detail        what exactly is malformed (for {@link VerifyStatus#MALFORMED}), else null
 * @param digest        the image digest when the image verified (null for pure signatures)
 * @param pureSignature the signature over the image itself, for pure Ed25519 images
 */
public record VerifyResult(VerifyStatus status, String detail, ImageVersion version, byte[] digest,
                           byte[] pureSignature) {

    static VerifyResult failure(VerifyStatus status) {
        return new VerifyResult(status, null, null, null, null);
    }

    static VerifyResult malformed(String detail) {
        return new VerifyResult(VerifyStatus.MALFORMED, detail, null, null, null);
    }

    public boolean ok() {
        return status == VerifyStatus.OK;
    }

    /** One line for a failure, imgtool's lines for success. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(detail == null ? status.message() : status.message() + ": " + detail);
        if (ok()) {
            lines.add("Image version: " + version);
            if (digest != null) {
                lines.add("Image digest: " + HexFormat.of().formatHex(digest));
            } else if (pureSignature != null) {
                lines.add("Image signature over image: " + HexFormat.of().formatHex(pureSignature));
            }
        }
        return lines;
    }
}
