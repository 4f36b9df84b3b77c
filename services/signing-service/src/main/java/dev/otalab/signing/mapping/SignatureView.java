package dev.otalab.signing.mapping;

import dev.otalab.signing.model.SignatureRecord;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An audit record as the API shows it. */
@Schema(name = "SignatureRecord")
public record SignatureView(UUID id, String signedBy, String keyId, String keyType, String imageDigest,
                            String imageVersion, long imageSize, OffsetDateTime signedAt) {

    public static SignatureView of(SignatureRecord r) {
        return new SignatureView(r.id, r.signedBy, r.keyId, r.keyType, r.imageDigest, r.imageVersion, r.imageSize,
                r.signedAt);
    }
}
