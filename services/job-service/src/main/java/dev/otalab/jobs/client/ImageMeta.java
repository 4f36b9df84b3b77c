package dev.otalab.jobs.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * image-store's {@code GET /api/v1/images/{digest}/meta} (OTA contract):
 * {@code {"digest","board","version","size","keyId","createdAt"}}. Fields this service does not
 * use are ignored; {@code createdAt} is kept as text.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageMeta(String digest, String board, String version, Long size, String keyId, String createdAt) {
}
