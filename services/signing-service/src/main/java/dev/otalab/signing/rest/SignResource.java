package dev.otalab.signing.rest;

import dev.otalab.rest.Problem;
import dev.otalab.signing.mapping.SignForm;
import dev.otalab.signing.service.ProblemException;
import dev.otalab.signing.service.SigningService;
import dev.otalab.signing.service.SigningService.Upload;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /api/v1/sign}. Runs on the event loop: the signing itself is sent to a worker by
 * {@link SigningService}, and the audit row is written reactively.
 */
@Path("/api/v1/sign")
@Tag(name = "sign")
public class SignResource {

    static final String DIGEST = "X-Image-Digest";
    static final String VERSION = "X-Image-Version";
    static final String KEY_ID = "X-Key-Id";
    static final String KEY_TYPE = "X-Key-Type";
    static final String SIGNATURE_ID = "X-Signature-Id";

    private final SigningService signing;

    public SignResource(SigningService signing) {
        this.signing = signing;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({MediaType.APPLICATION_OCTET_STREAM, Problem.MEDIA_TYPE})
    @Operation(summary = "Sign an image with a server-held key",
            description = "Parts: 'image' (file: binary or Intel HEX) and 'options' (JSON). Returns the signed "
                    + "image; the signature is recorded (Location) before the bytes are sent.")
    @APIResponse(responseCode = "201", description = "signed image, binary or Intel HEX text",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                            format = "binary")),
            headers = {
                    @Header(name = DIGEST, description = "image digest (hash TLV), lower-case hex"),
                    @Header(name = VERSION, description = "major.minor.revision+build"),
                    @Header(name = KEY_ID), @Header(name = KEY_TYPE),
                    @Header(name = SIGNATURE_ID, description = "id of the audit record"),
                    @Header(name = "Location", description = "/api/v1/signatures/{id}")})
    @APIResponse(responseCode = "400", description = "bad-request, bad-image, image-too-large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "key-unavailable, no-keys",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "payload-too-large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> sign(SignForm form, @HeaderParam(AuditUser.HEADER) String userHeader,
                              @Context SecurityContext security) {
        String user = AuditUser.of(security, userHeader);
        FileUpload image = form.image;
        if (image == null || image.uploadedFile() == null) {
            throw ProblemException.badRequest("the multipart part 'image' (a file: -F image=@app.bin) is required");
        }
        Upload upload = new Upload(form.options, image.fileName(), () -> read(image));
        return signing.signAndRecord(upload, user).map(done -> Response
                .created(URI.create("/api/v1/signatures/" + done.record().id))
                .entity(done.signed().output())
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + done.signed().fileName() + "\"")
                .header(DIGEST, done.signed().digest())
                .header(VERSION, done.signed().version().toString())
                .header(KEY_ID, done.signed().key().id())
                .header(KEY_TYPE, done.signed().key().key().type().cliName())
                .header(SIGNATURE_ID, done.record().id.toString())
                .build());
    }

    private static byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded image", e);
        }
    }
}
