package dev.otalab.jobs.service;

import dev.otalab.jobs.model.Campaign;
import dev.otalab.jobs.model.CampaignState;
import dev.otalab.jobs.model.Execution;
import dev.otalab.jobs.model.ExecutionState;
import dev.otalab.jobs.model.Job;
import dev.otalab.jobs.model.OtaSession;
import dev.otalab.jobs.model.RevertBlock;
import dev.otalab.jobs.repository.CampaignRepository;
import dev.otalab.jobs.repository.RevertBlockRepository;
import dev.otalab.jobs.repository.SessionRepository;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.ResultMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Executions follow what their devices report (README, "Executions"). Every method joins the
 * caller's transaction and locks the execution rows it changes before, if an execution ended, the
 * campaign row ({@link CampaignProgress}); a terminal execution is never changed again.
 */
@ApplicationScoped
public class CampaignTracker {

    private static final Logger LOG = Logger.getLogger(CampaignTracker.class);

    /**
     * What the board's campaign decides for one check: {@code job} non-null = offer it (a job
     * document built from the campaign) for {@code execution}; otherwise {@code reason} says why the
     * device gets no update. Null from {@link #onCheck} = no campaign for the board: the board's job
     * decides.
     */
    public record Verdict(Job job, Execution execution, String reason) {
    }

    private final CampaignRepository campaigns;
    private final RevertBlockRepository blocks;
    private final SessionRepository offers;
    private final CampaignProgress progress;
    private final MeterRegistry meters;

    public CampaignTracker(CampaignRepository campaigns, RevertBlockRepository blocks, SessionRepository offers,
            CampaignProgress progress, MeterRegistry meters) {
        this.campaigns = campaigns;
        this.blocks = blocks;
        this.offers = offers;
        this.progress = progress;
        this.meters = meters;
    }

    /**
     * One {@code Update Availability}: the device's open executions take the reported version in,
     * then the board's active campaign (if any) decides whether this device gets its offer now.
     * Campaigns that ended here are added to {@code ended} (their queued executions are canceled
     * after the commit).
     */
    public Uni<Verdict> onCheck(Mutiny.Session session, String board, String key, OtaVersion reported,
            OffsetDateTime now, Set<UUID> ended) {
        // The active campaign is read (no lock) before the executions are observed: their campaign is
        // then usually found in the session without another query, and an end the observation
        // causes is seen on that same instance (refreshed under its lock).
        return campaigns.openLocked(session, key)
                .chain(open -> campaigns.active(session, board)
                        .call(() -> observeAll(session, open, 0, reported, now, ended))
                        .chain(active -> {
                            // A campaign this very check just ended no longer owns the board.
                            if (active == null || !active.state.active()) {
                                return Uni.createFrom().nullItem();
                            }
                            Execution mine = open.stream().filter(e -> e.campaignId.equals(active.id)).findFirst()
                                    .orElse(null);
                            return decide(session, active, mine, key, reported, now, ended);
                        }));
    }

    private Uni<Void> observeAll(Mutiny.Session session, List<Execution> open, int i, OtaVersion reported,
            OffsetDateTime now, Set<UUID> ended) {
        if (i >= open.size()) {
            return Uni.createFrom().voidItem();
        }
        Execution e = open.get(i);
        return campaigns.find(session, e.campaignId)
                .chain(c -> observe(session, c, e, reported, now, ended))
                .chain(() -> observeAll(session, open, i + 1, reported, now, ended));
    }

    /** The reported version moves an offered execution on (target reached, confirmed, or reverted). */
    private Uni<Void> observe(Mutiny.Session session, Campaign c, Execution e, OtaVersion reported,
            OffsetDateTime now, Set<UUID> ended) {
        if (e.state == ExecutionState.QUEUED) {
            return Uni.createFrom().voidItem();
        }
        e.saw(reported.toString());
        e.updatedAt = now;
        OtaVersion target = OtaVersion.parse(c.version);
        int cmp = reported.compareTo(target);
        if (cmp == 0) {
            if (e.state == ExecutionState.INSTALLED && e.targetSeenAt != null && now.isAfter(e.targetSeenAt)) {
                return end(session, c, e, ExecutionState.SUCCEEDED, "the device still runs " + c.version
                        + " at the check after the first one that reported it (confirmed)", now, ended);
            }
            if (e.state != ExecutionState.INSTALLED) {
                e.targetSeenAt = now;
                if (c.confirmRequired) {
                    e.moveTo(ExecutionState.INSTALLED, "the device runs " + c.version
                            + "; SUCCEEDED when the next check still reports it", now);
                    return Uni.createFrom().voidItem();
                }
                return end(session, c, e, ExecutionState.SUCCEEDED, "the device runs " + c.version, now, ended);
            }
            return Uni.createFrom().voidItem();
        }
        if (cmp < 0 && e.state.pastDownload()) {
            String why = "after " + e.state + " the device reports " + reported + " again instead of " + c.version
                    + ": reverted; " + c.version + " is blocked for it";
            return blocks.add(session, new RevertBlock(e.deviceKey, c.version, c.board, c.id, reported.toString(),
                            why, now))
                    .chain(() -> e.sessionId == null ? Uni.createFrom().item(0)
                            : offers.markRevertSeen(session, e.sessionId, now))
                    .chain(() -> end(session, c, e, ExecutionState.REVERTED, why, now, ended));
        }
        // OFFERED and still the old version: the device asks again (the answer may have been lost); a
        // version newer than the target is left to the timeout.
        return Uni.createFrom().voidItem();
    }

    private Uni<Verdict> decide(Mutiny.Session session, Campaign c, Execution e, String key, OtaVersion reported,
            OffsetDateTime now, Set<UUID> ended) {
        String held = "campaign " + c.id + " (" + c.state + ") rolls out " + c.version + " on this board: ";
        if (e == null) {
            return Uni.createFrom().item(new Verdict(null, null, held + "this device has no open execution in it"));
        }
        if (c.state != CampaignState.RUNNING) {
            return Uni.createFrom().item(new Verdict(null, e, held + "no offers while it is " + c.state));
        }
        if (e.wave > c.currentWave) {
            return Uni.createFrom().item(new Verdict(null, e, held + "the device is in wave " + e.wave
                    + ", wave " + c.currentWave + " is the newest released"));
        }
        boolean offerable = e.state == ExecutionState.QUEUED || e.state == ExecutionState.OFFERED;
        if (!offerable) {
            return Uni.createFrom().item(new Verdict(null, e, held + "execution is " + e.state));
        }
        OtaVersion target = OtaVersion.parse(c.version);
        int cmp = reported.compareTo(target);
        if (e.state == ExecutionState.OFFERED && cmp >= 0) {
            return Uni.createFrom().item(new Verdict(null, e, held + "the device runs " + reported));
        }
        if (e.state == ExecutionState.QUEUED && cmp >= 0) {
            e.saw(reported.toString());
            return (cmp == 0
                    ? end(session, c, e, ExecutionState.SUCCEEDED, "the device already runs " + c.version, now, ended)
                    : end(session, c, e, ExecutionState.CANCELED, "the device runs " + reported + ", newer than "
                            + c.version + " (a device never takes an older version)", now, ended))
                    .replaceWith(new Verdict(null, e, held + "execution is " + e.state));
        }
        return blocks.isBlocked(session, key, c.version).chain(blocked -> {
            if (blocked) {
                return end(session, c, e, ExecutionState.CANCELED, "version " + c.version
                        + " is blocked for this device (it reverted from it before)", now, ended)
                        .replaceWith(new Verdict(null, e, held + "version blocked for this device"));
            }
            if (e.state == ExecutionState.QUEUED) {
                e.attempts++;
                e.offeredAt = now;
                e.deadline = now.plusSeconds(c.executionTimeoutSeconds);
                e.targetSeenAt = null;
            }
            if (e.fromVersion == null) {
                e.fromVersion = reported.toString();
            }
            e.saw(reported.toString());
            e.offers++;
            e.moveTo(ExecutionState.OFFERED, "offered " + c.version + " (attempt " + e.attempts + " of "
                    + c.maxAttempts + ")", now);
            return Uni.createFrom().item(new Verdict(asJob(c), e, "campaign " + c.id + " wave " + e.wave
                    + ": device runs " + reported + ", offered " + c.version + " (image " + c.imageDigest + ")"));
        });
    }

    /** A {@code Success} / {@code Failure} for {@code offer}, the session of an execution's offer. */
    public Uni<Void> onResult(Mutiny.Session session, OtaSession offer, ResultMessage.Result result,
            OffsetDateTime now, Set<UUID> ended) {
        return campaigns.findExecutionLocked(session, offer.executionId).chain(e -> {
            boolean current = e != null && offer.id.equals(e.sessionId)
                    && (e.state == ExecutionState.OFFERED || e.state == ExecutionState.DOWNLOADING);
            if (!current) {
                return Uni.createFrom().voidItem();
            }
            return campaigns.find(session, e.campaignId).chain(c -> {
                if (result == ResultMessage.Result.SUCCESS) {
                    e.moveTo(ExecutionState.DOWNLOADED, "the device reported Success for the download", now);
                    return Uni.createFrom().voidItem();
                }
                return fail(session, c, e, ExecutionState.FAILED, "the device reported Failure", now, ended);
            });
        });
    }

    /** The deadline of an execution in flight passed (the timeout scheduler, one transaction each). */
    public Uni<Void> onDeadline(Mutiny.Session session, UUID executionId, OffsetDateTime now, Set<UUID> ended) {
        return campaigns.findExecutionLocked(session, executionId).chain(e -> {
            if (e == null || !ExecutionState.IN_FLIGHT.contains(e.state) || e.deadline == null
                    || e.deadline.isAfter(now)) {
                return Uni.createFrom().voidItem();
            }
            return campaigns.find(session, e.campaignId).chain(c -> fail(session, c, e, ExecutionState.TIMED_OUT,
                    "no outcome " + c.executionTimeoutSeconds + " s after the offer (was " + e.state + ")", now,
                    ended));
        });
    }

    /** FAILED / TIMED_OUT, or back to QUEUED for another attempt while the retry policy allows. */
    private Uni<Void> fail(Mutiny.Session session, Campaign c, Execution e, ExecutionState failure, String why,
            OffsetDateTime now, Set<UUID> ended) {
        if (e.attempts < c.maxAttempts) {
            e.deadline = null;
            e.moveTo(ExecutionState.QUEUED, "attempt " + e.attempts + " " + failure + ": " + why
                    + "; offered again at the device's next check", now);
            return Uni.createFrom().voidItem();
        }
        return end(session, c, e, failure, why, now, ended);
    }

    private Uni<Void> end(Mutiny.Session session, Campaign c, Execution e, ExecutionState terminal, String why,
            OffsetDateTime now, Set<UUID> ended) {
        e.moveTo(terminal, why, now);
        meters.counter("otalab.campaign.executions.ended", "state", terminal.name().toLowerCase(Locale.ROOT))
                .increment();
        LOG.debugf("campaign %s: %s %s (%s)", c.id, e.deviceKey, terminal, why);
        return progress.afterTerminal(session, c, now, ended);
    }

    /** The campaign's image as a job document source (the campaign id stands for the job revision). */
    static Job asJob(Campaign c) {
        Job job = new Job();
        job.board = c.board;
        job.revision = c.id;
        job.imageDigest = c.imageDigest;
        job.version = c.version;
        job.imageSize = c.imageSize;
        job.broker = "";
        job.port = "";
        return job;
    }
}
