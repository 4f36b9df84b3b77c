package dev.otalab.jobs.service;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs database work that does not come from an HTTP request (MQTT messages, timers) the way a
 * request runs it: on a fresh duplicated Vert.x context marked safe, which is what Hibernate
 * Reactive requires of its callers. Each call gets its own context, so no session state leaks from
 * one message to the next.
 */
@ApplicationScoped
public class SafeContexts {

    private final Vertx vertx;

    public SafeContexts(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                uni.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }
}
