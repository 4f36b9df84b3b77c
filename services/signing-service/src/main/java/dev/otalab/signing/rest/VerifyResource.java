package dev.otalab.signing.rest;

import dev.otalab.rest.Problem;
import dev.otalab.signing.mapping.VerifyResponse;
import dev.otalab.signing.service.ProblemException;
import dev.otalab.signing.service.VerifyService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /api/v1/verify}: the image as the raw body, or as the multipart part {@code image}
 * like {@code /sign}. Verification is CPU work without database access, so the methods are
 * {@link Blocking} (worker thread).
 */
@Path("/api/v1/verify")
@Tag(name = "verify")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class VerifyResource {

    private final VerifyService verifier;

    public VerifyResource(VerifyService verifier) {
        this.verifier = verifier;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Verify an image (raw body: binary or Intel HEX)",
            description = "200 with valid=false for an image that does not verify (not an MCUboot image, bad "
                    + "hash, no signature by the key); 400 only when the body cannot be read as an image.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = VerifyResponse.class)))
    @APIResponse(responseCode = "400", description = "bad-image: empty body or malformed Intel HEX",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VerifyResponse verify(byte[] body,
                                 @RestQuery("keyId") String keyId,
                                 @RestQuery("fileName") String fileName) {
        return verifier.verify(fileName, body == null ? new byte[0] : body, keyId);
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Verify an image (multipart part 'image', optional part or query 'keyId')")
    public VerifyResponse verifyForm(@RestForm("image") FileUpload image, @RestForm("keyId") String formKeyId,
                                     @RestQuery("keyId") String keyId) {
        if (image == null || image.uploadedFile() == null) {
            throw ProblemException.badRequest("the multipart part 'image' (a file: -F image=@app.bin) is required");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded image", e);
        }
        return verifier.verify(image.fileName(), bytes, formKeyId != null ? formKeyId : keyId);
    }
}
