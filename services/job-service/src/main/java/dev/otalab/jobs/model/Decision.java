package dev.otalab.jobs.model;

/** What job-service answered to one {@code Update Availability} (README, "Decision rules"). */
public enum Decision {
    /** Job found, device targeted, job version strictly newer: {@code Update Available} and a session. */
    UPDATE_AVAILABLE,
    /** No job for the board in the request topic. */
    NO_JOB,
    /** The job lists serial numbers and the device's is not one of them (or it sent none). */
    NOT_TARGETED,
    /** The job's version is not strictly newer than the one the device runs. */
    NOT_NEWER,
    /** An {@link dev.otalab.jobs.service.OfferVeto} refused the offer; the reason says which and why. */
    VETOED,
    /**
     * A RUNNING or PAUSED campaign owns the board and does not offer to this device now (not in it,
     * wave not released, paused, or its execution is past the offer); the board's job is not used.
     */
    CAMPAIGN_HOLD;

    public boolean offers() {
        return this == UPDATE_AVAILABLE;
    }
}
