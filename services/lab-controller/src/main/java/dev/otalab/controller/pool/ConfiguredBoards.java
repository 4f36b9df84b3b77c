package dev.otalab.controller.pool;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Boards configured with {@code otalab.controller.boards."id"=url} join the pool at start (without an agent). */
@ApplicationScoped
public class ConfiguredBoards {

    @ConfigProperty(name = "otalab.controller.boards")
    Optional<Map<String, String>> boards;

    @Inject
    BoardRepository repository;

    /** Early, so the nightly cron finds the configured boards in the pool. */
    void sync(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev) {
        repository.syncConfigured(boards.orElse(Map.of()));
    }
}
