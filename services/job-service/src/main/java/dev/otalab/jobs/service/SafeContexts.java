package dev.otalab.jobs.service;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs database work that does not come from an HTTP request (MQTT messages, timers) the way a
 * request runs it: on a fresh duplicated Vert.x context marked safe, which is what Hibernate
 * Reactive requires of its callers. Each call gets its own context, on the next event loop, so no
 * session state leaks from one message to the next and the work is spread over every loop.
 */
@ApplicationScoped
public class SafeContexts {

    private final Vertx vertx;

    public SafeContexts(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            // A new event-loop context takes the next event loop (round robin): checks arriving on the
            // MQTT connector's one loop spread over all of them instead of queueing on that one thread.
            Context context = VertxContext.createNewDuplicatedContext(((VertxInternal) vertx).createEventLoopContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                // deferred: a supplier that throws fails the Uni instead of escaping
                Uni.createFrom().deferred(work::get).subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }
}
