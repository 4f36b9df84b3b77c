package dev.otalab.imagestore.mapping;

/** The problem types this service answers with; the URIs are stable API. */
public enum ProblemType implements dev.otalab.rest.ProblemType {
    /** The request itself is unusable: a parameter, a header. */
    BAD_REQUEST("bad-request", "Bad request", 400),
    /** The upload is not a readable MCUboot image (empty, truncated, garbage, broken TLVs, bad hash). */
    BAD_IMAGE("bad-image", "Bad image", 400),
    /** A readable image whose signature does not verify against any trusted key. */
    UNTRUSTED_IMAGE("untrusted-image", "Untrusted image", 422),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    /** The digest is stored already, for another board or with other bytes (e.g. slot padding). */
    DIGEST_CONFLICT("digest-conflict", "Digest already stored differently", 409),
    /** The trusted-keys directory is missing, unreadable or holds no usable key. */
    NO_TRUSTED_KEYS("no-trusted-keys", "No trusted keys", 409),
    /** The image (request body) exceeds {@code otalab.images.max-size}. */
    IMAGE_TOO_LARGE("image-too-large", "Image too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    /** A {@code Range} header that is malformed, multiple, or outside the image. */
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", "Range not satisfiable", 416),
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
