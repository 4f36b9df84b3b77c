package dev.otalab.jobs.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A version a device reverted from and must never be offered again ({@code jobs.revert_block}).
 *
 * @param campaignId the campaign whose execution saw the revert; null when a board job's offer did
 */
public record RevertBlock(String deviceKey, String version, String board, UUID campaignId, String revertedTo,
        String reason, OffsetDateTime blockedAt) {
}
