package dev.otalab.jobs.model;

/** A campaign's lifecycle (README, "Campaigns"): CREATED → RUNNING ⇄ PAUSED → SUCCEEDED | ABORTED | CANCELED. */
public enum CampaignState {
    CREATED, RUNNING, PAUSED, SUCCEEDED, ABORTED, CANCELED;

    /** RUNNING or PAUSED: the campaign decides what its board's devices get. */
    public boolean active() {
        return this == RUNNING || this == PAUSED;
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == ABORTED || this == CANCELED;
    }
}
