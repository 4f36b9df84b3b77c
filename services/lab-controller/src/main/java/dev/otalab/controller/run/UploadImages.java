package dev.otalab.controller.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.controller.ota.SigningServiceApi;
import dev.otalab.controller.plan.ImageBuilder;
import dev.otalab.controller.plan.ImageSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes an {@code upload} step sends to image-store (and a {@code program} step writes): an
 * {@code imageOverrides} entry as given, else the plan image (for uploads built for the board string, so two
 * boards never share a digest) signed by signing-service
 * when {@code otalab.controller.signing-service.url} is set (keys stay there), else signed locally with
 * {@code otalab.controller.signing-key}. {@code untrusted: true} images are always signed locally with a
 * fresh key: no service holds one.
 */
final class UploadImages {

    /** An image ready to upload and how it was signed (for the step's message). */
    record Prepared(byte[] bytes, String signedBy) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ImageSpec> specs;
    private final Map<String, byte[]> overrides;
    private final ImageBuilder builder;
    private final Optional<SigningServiceApi> signing;
    private final String keyId;

    UploadImages(Map<String, ImageSpec> specs, Map<String, byte[]> overrides, ImageBuilder builder,
            Optional<SigningServiceApi> signing, String keyId) {
        this.specs = specs;
        this.overrides = overrides;
        this.builder = builder;
        this.signing = signing;
        this.keyId = keyId;
    }

    /** The image for an {@code upload} step to {@code board}'s string. */
    Prepared prepare(String image, String board, OtaSteps.Calls calls) throws RunExecutor.InfraError {
        return prepareNamed(image, image + "@" + board, calls);
    }

    /** The image a {@code program} step writes: signed the same way as an upload. */
    Prepared forProgram(String image, OtaSteps.Calls calls) throws RunExecutor.InfraError {
        return prepareNamed(image, image, calls);
    }

    /** Whether images need {@code otalab.controller.signing-key}: only when signing-service is not configured. */
    static boolean needLocalKey(Map<String, ImageSpec> specs, Optional<SigningServiceApi> signing) {
        return signing.isEmpty() && specs.values().stream().anyMatch(s -> s instanceof ImageSpec.Signed sg && !sg.untrusted());
    }

    private Prepared prepareNamed(String image, String name, OtaSteps.Calls calls) throws RunExecutor.InfraError {
        if (overrides.containsKey(image)) {
            return new Prepared(overrides.get(image), "as given in imageOverrides");
        }
        ImageSpec spec = specs.get(image);
        if (signing.isEmpty() || !(spec instanceof ImageSpec.Signed signed) || signed.untrusted()) {
            return new Prepared(builder.build(name, spec), "signed here");
        }
        ImageBuilder.Unsigned unsigned = builder.unsigned(name, signed, keyId);
        String options;
        try {
            options = JSON.writeValueAsString(unsigned.options());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SigningServiceApi api = signing.get();
        return calls.call("signing-service sign", () -> {
            try (var response = api.sign(SigningServiceApi.AUDIT_USER, unsigned.payload(), options)) {
                return new Prepared(response.readEntity(byte[].class), "signed by signing-service with "
                        + response.getHeaderString("X-Key-Id") + " (signature " + response.getHeaderString("X-Signature-Id")
                        + ")");
            }
        });
    }
}
