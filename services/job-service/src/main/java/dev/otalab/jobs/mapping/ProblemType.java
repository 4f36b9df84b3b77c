package dev.otalab.jobs.mapping;

/** The problem types this service answers with; the URIs are stable API. */
public enum ProblemType implements dev.otalab.rest.ProblemType {
    /** The request itself is unusable: malformed JSON, unknown or mistyped field, bad parameter. */
    BAD_REQUEST("bad-request", "Bad request", 400),
    /** The board name cannot be a device's {@code CY_TARGET_BOARD_STRING} (buffers, topic rules). */
    INVALID_BOARD("invalid-board", "Invalid board", 400),
    /** The job would not make a job document a device accepts (version, broker, port, size). */
    INVALID_JOB("invalid-job", "Invalid job", 400),
    NOT_FOUND("not-found", "Not found", 404),
    UNKNOWN_JOB("unknown-job", "Unknown job", 404),
    UNKNOWN_DEVICE("unknown-device", "Unknown device", 404),
    /** No OTA session for the unique topic, or it expired. */
    UNKNOWN_SESSION("unknown-session", "Unknown OTA session", 404),
    UNKNOWN_CAMPAIGN("unknown-campaign", "Unknown campaign", 404),
    /** No such blocked version for the device. */
    UNKNOWN_BLOCKED_VERSION("unknown-blocked-version", "Version not blocked", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    /** The campaign's state does not allow the transition (e.g. resume a RUNNING campaign). */
    CAMPAIGN_STATE_CONFLICT("campaign-state-conflict", "Campaign state does not allow this", 409),
    /** Another campaign of the board is RUNNING or PAUSED. */
    BOARD_BUSY("board-busy", "Board has an active campaign", 409),
    /** The targets resolve to no device (percent / all: none of the board's devices has checked in). */
    NO_DEVICES("no-devices", "No devices to update", 409),
    /** The Idempotency-Key was used before with a different request body. */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused with another request", 422),
    /** image-store does not know the image digest. */
    UNKNOWN_IMAGE("unknown-image", "Unknown image", 422),
    /** image-store holds the image for another board. */
    IMAGE_BOARD_MISMATCH("image-board-mismatch", "Image is for another board", 422),
    INTERNAL_ERROR("internal-error", "Internal error", 500),
    /** image-store answered with something this service cannot use. */
    BAD_GATEWAY("image-store-error", "Unusable answer from image-store", 502),
    /** image-store could not be reached. */
    IMAGE_STORE_UNAVAILABLE("image-store-unavailable", "image-store unavailable", 503),
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
