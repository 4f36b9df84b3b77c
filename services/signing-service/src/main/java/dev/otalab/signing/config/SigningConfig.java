package dev.otalab.signing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.quarkus.runtime.configuration.MemorySize;
import java.nio.file.Path;

/** {@code otalab.signing.*}: where the keys are and how large an image may be. */
@ConfigMapping(prefix = "otalab.signing")
public interface SigningConfig {

    /**
     * Directory of PEM key files, read once at start-up. The file name without {@code .pem} is
     * the key id. Private keys can sign and verify; public-only files can only verify.
     */
    Path keysDir();

    /** Largest slot size ({@code slotSize}) accepted; bounds the input and the padded output too. */
    @WithDefault("16M")
    MemorySize maxSlotSize();
}
