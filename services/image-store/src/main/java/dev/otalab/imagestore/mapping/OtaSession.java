package dev.otalab.imagestore.mapping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.OffsetDateTime;

/**
 * job-service's OTA session ({@code GET /api/v1/ota-sessions/{uniqueTopic}}): which image a device
 * that was offered an update on {@code uniqueTopic} is to receive. Unknown fields are ignored so
 * job-service may add some.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OtaSession(String uniqueTopic, String board, String imageDigest, String version, String serialNumber,
        OffsetDateTime createdAt, OffsetDateTime expiresAt) {
}
