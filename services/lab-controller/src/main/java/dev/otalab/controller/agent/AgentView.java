package dev.otalab.controller.agent;

import java.time.Instant;
import java.util.List;

/**
 * An agent as {@code GET /api/v1/agents} shows it.
 *
 * @param online false once it missed {@code otalab.controller.pool.missed-heartbeats} heartbeats
 * @param boards ids of its boards
 */
public record AgentView(String id, String url, String version, int heartbeatSeconds, String statusTopic,
        Instant registeredAt, Instant lastSeen, boolean online, List<String> boards) {
}
