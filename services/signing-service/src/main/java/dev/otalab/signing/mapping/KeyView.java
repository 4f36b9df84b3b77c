package dev.otalab.signing.mapping;

import dev.otalab.signing.model.SigningKey;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A key as {@code GET /api/v1/keys} shows it: public parts only. */
@Schema(name = "Key")
public record KeyView(
        @Schema(description = "file name without .pem", example = "otalab-test-ec-p256")
        String id,
        @Schema(description = "imgtool keygen type", example = "ecdsa-p256")
        String type,
        @Schema(description = "true when the service holds the private key and can sign with it")
        boolean canSign,
        @Schema(description = "SubjectPublicKeyInfo PEM, as imgtool getpub -e pem")
        String publicKeyPem,
        @Schema(description = "SHA-256 of the public-key bytes MCUboot embeds, lower-case hex (imgtool getpubhash)")
        String keyHash) {

    public static KeyView of(SigningKey k) {
        return new KeyView(k.id(), k.key().type().cliName(), k.canSign(), k.key().publicPem(), k.keyHash());
    }
}
