package dev.otalab.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code otalab.ota.*}: the fleet's topic layout. */
@ConfigMapping(prefix = "otalab.ota")
public interface OtaConfig {

    /** {@code COMPANY_TOPIC_PREPEND}; the code example's {@code MyUniqueTopic} by default. */
    @WithDefault("MyUniqueTopic")
    String topicPrepend();
}
