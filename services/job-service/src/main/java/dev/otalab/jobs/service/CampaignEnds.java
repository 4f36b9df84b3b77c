package dev.otalab.jobs.service;

import dev.otalab.jobs.model.ExecutionState;
import dev.otalab.jobs.repository.CampaignRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * After a transaction that ended campaigns has committed: their QUEUED executions are CANCELED in a
 * transaction of their own, so the one that ended the campaign (holding an execution and the
 * campaign lock) never waits for other executions' locks.
 */
@ApplicationScoped
public class CampaignEnds {

    private final CampaignRepository campaigns;

    public CampaignEnds(CampaignRepository campaigns) {
        this.campaigns = campaigns;
    }

    public Uni<Void> sweep(Set<UUID> ended) {
        if (ended.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(Set.copyOf(ended))
                .onItem().transformToUniAndConcatenate(id -> campaigns.cancel(id, EnumSet.of(ExecutionState.QUEUED),
                        "the campaign ended before this device was offered the update", DeviceChecks.now()))
                .collect().last().replaceWithVoid();
    }
}
