package dev.otalab.imagestore.mapping;

import dev.otalab.imagestore.model.StoredImage;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An image's metadata as the API shows it (the OTA contract's image JSON). */
@Schema(name = "Image")
public record ImageView(
        @Schema(description = "lower-case hex of the image's hash TLV; the image's id")
        String digest,
        @Schema(description = "board string (CY_TARGET_BOARD_STRING)", example = "APP_CY8CPROTO_062S2_43439")
        String board,
        @Schema(description = "major.minor.revision from the MCUboot header, as the OTA protocol carries it", example = "1.2.0")
        String version,
        @Schema(description = "MCUboot version major.minor.revision+build", example = "1.2.0+0")
        String mcubootVersion,
        @Schema(description = "bytes stored and served")
        long size,
        @Schema(description = "the trusted key the image verified against")
        String keyId,
        OffsetDateTime createdAt) {

    public static ImageView of(StoredImage image) {
        return new ImageView(image.digest, image.board, image.version, image.mcubootVersion, image.size,
                image.keyId, image.createdAt);
    }
}
