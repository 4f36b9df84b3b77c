package dev.otalab.signing.mapping;

/** The problem types this service answers with; the URIs are stable API. */
public enum ProblemType implements dev.otalab.rest.ProblemType {
    /** The request itself is unusable: multipart, options JSON, a parameter, a header. */
    BAD_REQUEST("bad-request", "Bad request", 400),
    /** The image (or an option the image library rejected) is not valid MCUboot/Intel HEX input. */
    BAD_IMAGE("bad-image", "Bad image", 400),
    /** The signed image would not fit the requested slot with its trailer. */
    IMAGE_TOO_LARGE("image-too-large", "Image too large for the slot", 400),
    UNKNOWN_KEY("unknown-key", "Unknown key", 404),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    /** The key exists but cannot do what was asked (public-only, unreadable file, encryption-only). */
    KEY_UNAVAILABLE("key-unavailable", "Key unavailable", 409),
    /** The key directory is missing, unreadable or holds no usable key. */
    NO_KEYS("no-keys", "No signing keys", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    INTERNAL_ERROR("internal-error", "Internal error", 500),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", 503);

    private final Spec spec;

    ProblemType(String slug, String title, int status) {
        this.spec = Spec.of(slug, title, status);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
