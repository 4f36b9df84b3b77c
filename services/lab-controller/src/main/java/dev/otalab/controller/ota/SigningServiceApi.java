package dev.otalab.controller.ota;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.PartFilename;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;

/** The part of signing-service's REST API the {@code upload} step uses (services/signing-service/README.md). */
@Path("/api/v1")
public interface SigningServiceApi {

    /** Who signing-service's audit log names as the signer ({@code X-Otalab-User}). */
    String AUDIT_USER = "lab-controller";

    /**
     * {@code POST /sign}: 201, body = the signed image, headers {@code X-Image-Digest}, {@code X-Key-Id},
     * {@code X-Signature-Id}.
     *
     * @param options the sign options JSON (imgtool's long names in camelCase), sent as text as curl's
     *        {@code -F options=...} does
     */
    @POST
    @Path("/sign")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    Response sign(@HeaderParam("X-Otalab-User") String user,
            @RestForm("image") @PartType(MediaType.APPLICATION_OCTET_STREAM) @PartFilename("app.bin") byte[] image,
            @RestForm("options") @PartType(MediaType.TEXT_PLAIN) String options);
}
