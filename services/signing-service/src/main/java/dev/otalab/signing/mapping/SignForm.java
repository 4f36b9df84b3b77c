package dev.otalab.signing.mapping;

import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The {@code multipart/form-data} body of {@code POST /api/v1/sign}:
 * <pre>curl -F image=@app.bin -F 'options={"keyId":"k","version":"1.2.3","slotSize":"0x20000"}' …/api/v1/sign</pre>
 */
public class SignForm {

    @RestForm("image")
    @PartType(MediaType.APPLICATION_OCTET_STREAM)
    @Schema(required = true, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
            format = "binary", description = "the unsigned image: binary, or Intel HEX (.hex name or leading ':')")
    public FileUpload image;

    @RestForm("options")
    @PartType(MediaType.APPLICATION_JSON)
    @Schema(required = true, implementation = SignRequest.class, description = "sign options as JSON")
    public String options;
}
