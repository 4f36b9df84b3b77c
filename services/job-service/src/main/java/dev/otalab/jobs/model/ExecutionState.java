package dev.otalab.jobs.model;

import java.util.EnumSet;
import java.util.Set;

/** One device's progress in a campaign (README, "Executions"). */
public enum ExecutionState {
    /** Waiting for its wave, or for the device's next check. */
    QUEUED,
    /** The job document was sent on the device's unique topic. */
    OFFERED,
    /** image-store resolved the offer's OTA session: the device is downloading. */
    DOWNLOADING,
    /** The device reported {@code Success} for the offer. */
    DOWNLOADED,
    /** The device reported the target version once; confirmation (the next check) pending. */
    INSTALLED,
    SUCCEEDED,
    /** The device reported an older version again after downloading: the target version is blocked for it. */
    REVERTED,
    /** The device reported {@code Failure}. */
    FAILED,
    /** No outcome within the campaign's per-execution timeout after the offer. */
    TIMED_OUT,
    CANCELED;

    public static final Set<ExecutionState> IN_FLIGHT = EnumSet.of(OFFERED, DOWNLOADING, DOWNLOADED, INSTALLED);
    public static final Set<ExecutionState> OPEN = EnumSet.of(QUEUED, OFFERED, DOWNLOADING, DOWNLOADED, INSTALLED);
    /** The failure types abort criteria can name. */
    public static final Set<ExecutionState> FAILURES = EnumSet.of(FAILED, TIMED_OUT, REVERTED);

    public boolean terminal() {
        return !OPEN.contains(this);
    }

    /** Downloaded at least in part: an older version reported now means the image did not stay. */
    public boolean pastDownload() {
        return this == DOWNLOADING || this == DOWNLOADED || this == INSTALLED;
    }
}
