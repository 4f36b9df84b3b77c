package dev.otalab.jobs.service;

import dev.otalab.jobs.config.JobsConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Lets at most {@code otalab.jobs.max-check-transactions} device-message transactions run at once;
 * the others wait in arrival order. Without it a burst of checks takes every pooled connection and
 * queues in the pool ahead of image-store's session lookups (REST), which then miss their 5 s.
 * A permit is released when the work ends or its caller gives up (cancellation).
 */
@ApplicationScoped
public class CheckGate {

    private final ArrayDeque<Ticket<?>> waiting = new ArrayDeque<>();
    private int free;

    public CheckGate(JobsConfig config) {
        this.free = Math.max(1, config.maxCheckTransactions());
    }

    /** Subscribes {@code work} (on the caller's thread or the one that frees a permit) once a permit is free. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Ticket<T> ticket = new Ticket<>(work, emitter);
            emitter.onTermination(() -> end(ticket));
            boolean now;
            synchronized (this) {
                now = free > 0;
                if (now) {
                    free--;
                    ticket.holding = true;
                } else {
                    waiting.add(ticket);
                }
            }
            if (now) {
                ticket.start();
            }
        });
    }

    private void end(Ticket<?> ticket) {
        Ticket<?> next = null;
        synchronized (this) {
            if (ticket.ended) {
                return;
            }
            ticket.ended = true;
            if (!ticket.holding) {
                waiting.remove(ticket);
                return;
            }
            next = waiting.poll();
            if (next == null) {
                free++;
            } else {
                next.holding = true;
            }
        }
        if (next != null) {
            next.start();
        }
    }

    private static final class Ticket<T> {
        final Supplier<Uni<T>> work;
        final UniEmitter<? super T> emitter;
        /** Guarded by the gate. */
        boolean holding;
        boolean ended;

        Ticket(Supplier<Uni<T>> work, UniEmitter<? super T> emitter) {
            this.work = work;
            this.emitter = emitter;
        }

        void start() {
            // deferred: a supplier that throws fails the Uni instead of escaping
            Uni.createFrom().deferred(work::get).subscribe().with(emitter::complete, emitter::fail);
        }
    }
}
