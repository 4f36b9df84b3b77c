package dev.otalab.jobs.service;

import dev.otalab.jobs.mapping.CampaignRequest;
import dev.otalab.jobs.model.ExecutionState;
import java.util.List;
import java.util.Set;

/**
 * A checked, normalised {@link CampaignRequest} (defaults filled in, serial numbers sorted and
 * de-duplicated). Its JSON form is what the idempotency hash and the campaign row store.
 */
public record CampaignSpec(String name, String board, String imageDigest, CampaignRequest.Targets targets,
        List<CampaignRequest.Wave> waves, int successThreshold, Set<ExecutionState> abortFailureTypes,
        Integer abortPercent, int abortMinExecuted, long executionTimeoutSeconds, int maxAttempts,
        boolean confirmRequired) {
}
