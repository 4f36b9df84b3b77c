package dev.otalab.jobs.service;

import dev.otalab.jobs.model.OtaSession;
import dev.otalab.jobs.model.RevertBlock;
import dev.otalab.jobs.repository.CampaignRepository;
import dev.otalab.jobs.repository.RevertBlockRepository;
import dev.otalab.jobs.repository.SessionRepository;
import dev.otalab.ota.OtaVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reverts after any offer, by the rule of a campaign's REVERTED: the device's newest offer was
 * resolved by image-store (it started downloading) and the device now reports a version older
 * than the one offered. The offered version is then blocked for the device ({@link RevertBlockVeto},
 * campaigns). Covers board jobs' offers, and campaign offers whose execution no longer follows the
 * device (canceled, timed out, ended); open executions are left to {@link CampaignTracker}, which
 * blocks on REVERTED and marks the offer the same way. Recorded once per offer, so a block an operator cleared is not made again from
 * the same evidence. One indexed lookup per check (newest session of the device).
 */
@ApplicationScoped
public class JobReverts {

    private final SessionRepository sessions;
    private final CampaignRepository campaigns;
    private final RevertBlockRepository blocks;

    public JobReverts(SessionRepository sessions, CampaignRepository campaigns, RevertBlockRepository blocks) {
        this.sessions = sessions;
        this.campaigns = campaigns;
        this.blocks = blocks;
    }

    public Uni<Void> detect(Mutiny.Session session, String key, String board, OtaVersion reported, OffsetDateTime now) {
        return sessions.newestOfDevice(session, key).chain(offer -> {
            if (offer == null || offer.resolvedAt == null || offer.revertSeenAt != null
                    || !now.isAfter(offer.resolvedAt) || reported.compareTo(OtaVersion.parse(offer.version)) >= 0) {
                return Uni.createFrom().voidItem();
            }
            if (offer.executionId == null) {
                return block(session, offer, key, board, reported, now);
            }
            // An open execution is followed by CampaignTracker (it may be retrying after a timeout).
            return campaigns.state(session, offer.executionId).chain(state -> state != null && !state.terminal()
                    ? Uni.createFrom().voidItem() : block(session, offer, key, board, reported, now));
        });
    }

    private Uni<Void> block(Mutiny.Session session, OtaSession offer, String key, String board, OtaVersion reported,
            OffsetDateTime now) {
        offer.revertSeenAt = now;
        String why = "after downloading " + offer.version + " (offer " + offer.id + ") the device reports "
                + reported + ": reverted; " + offer.version + " is blocked for it";
        // A campaign offer's jobRevision is the campaign id.
        return blocks.add(session, new RevertBlock(key, offer.version, board,
                        offer.executionId == null ? null : offer.jobRevision, reported.toString(), why, now))
                .replaceWithVoid();
    }
}
