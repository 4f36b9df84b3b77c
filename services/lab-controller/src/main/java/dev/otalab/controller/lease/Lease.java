package dev.otalab.controller.lease;

import java.time.Instant;

/**
 * A lease on one board, as the {@code /api/v1/leases} endpoints show it.
 *
 * @param board the leased board's id
 * @param boardUrl the lab-api base URL to drive it through
 * @param runId the run holding it, or null for a person or CI job
 * @param expiresAt when it is released (and the board power-cycled) unless renewed by a heartbeat
 */
public record Lease(String id, String board, String boardUrl, String holder, String runId, int ttlSeconds,
        Instant createdAt, Instant expiresAt) {
}
