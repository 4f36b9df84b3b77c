package dev.otalab.jobs.service;

import dev.otalab.jobs.model.Decision;
import dev.otalab.jobs.model.Job;
import dev.otalab.ota.DeviceJobRules;
import dev.otalab.ota.OtaVersion;

/**
 * The base decision on one {@code Update Availability} (README, "Decision rules"), in this order:
 * a job for the board of the request topic exists; the job targets the device (no serial list, or
 * the device's {@code SerialNumber} is in it); the job's version is strictly newer than the one the
 * device reports, by the device's own rule ({@link DeviceJobRules#isNewer}). Then
 * {@link OfferVeto}s may still withhold the offer.
 */
public final class UpdateRules {

    /** A decision and the one-line reason recorded with it. */
    public record Verdict(Decision decision, String reason) {
    }

    private UpdateRules() {
    }

    public static Verdict decide(Job job, String board, String serialNumber, OtaVersion reported) {
        if (job == null) {
            return new Verdict(Decision.NO_JOB, "no job for board " + board);
        }
        if (!job.serialNumbers.isEmpty() && (serialNumber == null || !job.serialNumbers.contains(serialNumber))) {
            return new Verdict(Decision.NOT_TARGETED, serialNumber == null
                    ? "the job targets " + job.serialNumbers.size() + " serial number(s); the device sent none"
                    : "the job targets " + job.serialNumbers.size() + " serial number(s), not " + serialNumber);
        }
        OtaVersion offered = OtaVersion.parse(job.version);
        if (!DeviceJobRules.isNewer(reported, offered)) {
            return new Verdict(Decision.NOT_NEWER, "device runs " + reported + ", job version " + offered
                    + " is not newer");
        }
        return new Verdict(Decision.UPDATE_AVAILABLE, "device runs " + reported + ", offered " + offered
                + " (image " + job.imageDigest + ")");
    }
}
