package dev.otalab.signing.mapping;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code POST /api/v1/verify}. Always 200 once the upload was read as an image
 * (binary or Intel HEX): a bad image is an answer ({@code valid} false), not a failed request.
 */
@Schema(name = "VerifyResult")
public record VerifyResponse(
        @Schema(description = "true when the hash and a signature by a known (or the given) key hold")
        boolean valid,
        @Schema(description = "OK, INVALID_MAGIC, INVALID_TLV_INFO_MAGIC, INVALID_HASH, INVALID_SIGNATURE, "
                + "KEY_MISMATCH, KEY_HASH_MISMATCH or MALFORMED")
        String status,
        @Schema(description = "what imgtool verify prints, one entry per line")
        List<String> lines,
        @Schema(description = "major.minor.revision+build, when valid")
        String version,
        @Schema(description = "image digest (hash TLV), lower-case hex, when valid")
        String digest,
        @Schema(description = "the key whose signature verified")
        String keyId,
        String keyType,
        @Schema(description = "keys tried, in order")
        List<String> keysTried) {
}
