package dev.otalab.jobs.service;

import dev.otalab.jobs.repository.RevertBlockRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/** A board job never offers a device a version it reverted from ({@code jobs.revert_block}). */
@ApplicationScoped
public class RevertBlockVeto implements OfferVeto {

    private final RevertBlockRepository blocks;

    public RevertBlockVeto(RevertBlockRepository blocks) {
        this.blocks = blocks;
    }

    @Override
    public Uni<String> veto(Mutiny.Session session, Offer offer) {
        return blocks.isBlocked(session, offer.deviceKey(), offer.job().version)
                .map(blocked -> blocked ? "version " + offer.job().version
                        + " is blocked for this device: it reverted from it (DELETE /api/v1/devices/{key}/blocked-versions/"
                        + offer.job().version + " clears it)" : null);
    }
}
