package dev.otalab.imagestore.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** {@code otalab.images.*}: which keys images must verify against, how large they may be, the caches. */
@ConfigMapping(prefix = "otalab.images")
public interface ImagesConfig {

    /**
     * Directory of trusted public keys, read once at start-up: every {@code *.pub.pem} file; the
     * key id is the file name without {@code .pub.pem}.
     */
    Path trustedKeysDir();

    /** Largest image accepted on upload. */
    @WithDefault("8M")
    MemorySize maxSize();

    /** Bytes of images held in memory (least recently used evicted first). */
    @WithDefault("64M")
    MemorySize cacheMaxBytes();

    /** How long a session resolved from job-service is reused for further requests on its topic. */
    @WithDefault("30s")
    Duration sessionCacheTtl();
}
