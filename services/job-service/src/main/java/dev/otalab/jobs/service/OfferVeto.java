package dev.otalab.jobs.service;

import dev.otalab.jobs.model.Job;
import dev.otalab.ota.OtaVersion;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Extension point: a reason to withhold an update the base rules would offer. Every CDI bean
 * implementing this is asked, in the check's transaction, after the base rules said
 * {@code UPDATE_AVAILABLE}; the first non-null reason turns the decision into {@code VETOED}
 * (recorded with the reason, answered with {@code No Update Available}).
 *
 * <p>{@link RevertBlockVeto} is the one implementation: a version the device reverted from
 * ({@code jobs.revert_block}, filled by campaign executions and by {@link JobReverts}) is never
 * offered to it again. Campaigns check the same table before their own offers.
 */
public interface OfferVeto {

    /** What the rules are about to offer. */
    record Offer(String deviceKey, String board, String serialNumber, OtaVersion reportedVersion, Job job) {
    }

    /**
     * @return a one-line reason to withhold {@code offer}, or null to let it through
     */
    Uni<String> veto(Mutiny.Session session, Offer offer);
}
