package dev.otalab.jobs.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * image-store's {@code GET /api/v1/images/{digest}/meta} (OTA contract):
 * {@code {"digest","board","version","size","keyId","createdAt"}}. Only the fields job-service
 * uses are read; others (also ones image-store adds, e.g. {@code mcubootVersion}) are ignored.
 *
 * @param version {@code a.b.c} as the OTA protocol carries it ({@code a.b.c+build} is accepted too)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageMeta(String digest, String board, String version, Long size, String keyId) {
}
