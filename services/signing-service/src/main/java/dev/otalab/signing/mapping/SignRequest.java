package dev.otalab.signing.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The {@code options} part of {@code POST /api/v1/sign}: imgtool's sign options by their long
 * names in camelCase. Integers may be JSON numbers or strings in any base ({@code "0x400"}).
 * Unknown fields are refused, so a misspelt option never goes unnoticed.
 */
@Schema(name = "SignOptions", description = "imgtool sign options; integers as numbers or strings (\"0x400\")")
public record SignRequest(
        @Schema(required = true, description = "id of a key from GET /api/v1/keys", example = "otalab-test-ec-p256")
        String keyId,
        @Schema(required = true, description = "-v: major[.minor[.revision[+build]]]", example = "1.2.3+4")
        String version,
        @Schema(description = "-S: slot size; pad target and fit limit", required = true, example = "0x20000")
        String slotSize,
        @Schema(description = "-H, default 0x400", example = "0x400")
        String headerSize,
        @Schema(description = "--pad-header: prepend headerSize erased bytes; default true")
        Boolean padHeader,
        @Schema(description = "--pad: pad to slotSize with the trailer magic")
        Boolean pad,
        @Schema(description = "--confirm: pad and set image_ok")
        Boolean confirm,
        @Schema(description = "--test: pad, image_ok left erased")
        Boolean test,
        @Schema(description = "--overwrite-only")
        Boolean overwriteOnly,
        @Schema(description = "-R: 0 or 0xff (default)", example = "0xff")
        String erasedValue,
        @Schema(description = "--align: 1, 2, 4, 8, 16 or 32 (default 1)")
        String align,
        @Schema(description = "--max-align: 8, 16 or 32")
        String maxAlign,
        @Schema(description = "-M, default 128")
        String maxSectors,
        @Schema(description = "-L: load address, sets RAM_LOAD when non-zero", example = "0x10028000")
        String loadAddress,
        @Schema(description = "-F: ROM-fixed address")
        String romFixed,
        @Schema(description = "-s: a number or \"auto\"", example = "auto")
        String securityCounter,
        @Schema(description = "-d: imgtool's \"(1,1.2.3),(2,2.0.0)\" text, or [{\"imageId\":1,\"version\":\"1.2.3\"}]",
                oneOf = {String.class, SignRequest.DependencyItem[].class})
        JsonNode dependencies,
        @Schema(description = "--boot-record: sw_type, at most 12 characters")
        String bootRecord,
        @Schema(description = "--custom-tlv: tag (0x00a0..0xfffe) -> \"0x…\" hex, other text as UTF-8, "
                + "or a JSON object (stored as compact JSON)",
                example = "{\"0x00a0\": {\"app\": \"blinky\", \"blinkMs\": 250}}")
        Map<String, JsonNode> customTlvs,
        @Schema(description = "--public-key-format: hash (default) or full")
        String publicKeyFormat,
        @Schema(description = "--sha: auto (default), 256, 384 or 512")
        String sha,
        @Schema(description = "auto (default: .hex file name or a leading ':' means Intel HEX), bin or hex")
        String inputFormat,
        @Schema(description = "bin (default) or hex")
        String outputFormat,
        @Schema(description = "-x: base address of hex output; default the hex input's (minus the padded header)")
        String hexAddress) {

    /** OpenAPI only: one entry of the array form of {@code dependencies}. */
    @Schema(name = "Dependency")
    public record DependencyItem(@Schema(minimum = "0", maximum = "255") int imageId,
                                 @Schema(example = "1.2.3") String version) {
    }
}
