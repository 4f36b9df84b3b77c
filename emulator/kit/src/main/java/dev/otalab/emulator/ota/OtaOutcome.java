package dev.otalab.emulator.ota;

/** How an OTA cycle (one check) ended, as {@link OtaStatus#lastOutcome()} reports it. */
public enum OtaOutcome {
    /** No cycle has ended yet. */
    NONE,
    /** The job or data connection could not be made: new cycle after the retry interval. */
    CONNECT_FAILED,
    /** No job document within the job wait (or the connection dropped while waiting). */
    NO_JOB,
    /** The job document was malformed. */
    MALFORMED_JOB,
    /** The job's {@code Version} is not newer than the running app. */
    VERSION_NOT_NEWER,
    /** The job's {@code Board} is not this kit's board string. */
    WRONG_BOARD,
    /** Every download attempt failed (timeout, rejected header, connection lost, storage error). */
    DOWNLOAD_FAILED,
    /** A chunk header's version was not newer than the running app: aborted without retry. */
    CHUNK_VERSION_NOT_NEWER,
    /** The image was downloaded and marked pending (TEST); the kit resets into MCUboot. */
    UPDATE_PENDING
}
