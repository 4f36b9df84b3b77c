package dev.otalab.imagestore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code otalab.ota.*}: the device protocol's topic prepend ({@code COMPANY_TOPIC_PREPEND}). */
@ConfigMapping(prefix = "otalab.ota")
public interface OtaConfig {

    @WithDefault("MyUniqueTopic")
    String topicPrepend();
}
