package dev.otalab.controller.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A board of the pool as {@code GET /api/v1/boards} shows it.
 *
 * @param agent the agent that registered it, or null for a board from {@code otalab.controller.boards}
 * @param url the lab-api base URL serving it
 * @param health GOOD, UNKNOWN, BAD or MAINTENANCE; only GOOD boards are leased
 * @param healthDetail why, for anything but GOOD
 * @param lease the current lease, or null when free
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PoolBoard(String id, String agent, String url, String kit, String flashmap, List<String> capabilities,
        String health, String healthDetail, LeaseInfo lease) {

    /** The lease holding a board. */
    public record LeaseInfo(String id, String holder, String runId, Instant expiresAt) {
    }
}
