package dev.otalab.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.uart.UartSse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One client's UART server-sent-event stream, for the emulator and the lab-agent alike (lab-api's
 * {@code UartStreamApi}). The line source calls {@link #onLine} on its own thread (the kit under its
 * UART lock, the agent's serial reader), so it only queues; a pump on the executor sends, one event at a time in order, and waits
 * for each send to complete before the next (a slow client holds at most {@value #MAX_QUEUED}
 * queued lines; lines beyond that are lost and counted, and a {@code dropped} event with the count
 * goes out where they would have been, before the next line that fits).
 *
 * <p>Ends when the client goes away (a failed send, or a closed sink seen at the keep-alive), when
 * the board is gone, or at shutdown.
 */
public final class UartSseStream {

    private static final Logger LOG = Logger.getLogger(UartSseStream.class);
    private static final long COMMIT_TIMEOUT_SECONDS = 10;
    static final int MAX_QUEUED = 10_000;

    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper json;
    private final Executor executor;
    private final BooleanSupplier sourceAlive;
    private final ConcurrentLinkedQueue<OutboundSseEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong overflow = new AtomicLong();
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable subscription;
    private volatile ScheduledFuture<?> keepalive;
    private volatile Runnable onClose;

    private UartSseStream(SseEventSink sink, Sse sse, ObjectMapper json, Executor executor, BooleanSupplier sourceAlive) {
        this.sink = sink;
        this.sse = sse;
        this.json = json;
        this.executor = executor;
        this.sourceAlive = sourceAlive;
    }

    /**
     * Starts streaming: {@code subscribe} registers the stream with the line source (lines with
     * {@code seq} above the client's resume point, the retained ones first) and returns the
     * subscription to close at the end.
     *
     * @param name       for the comment that commits the response (e.g. {@code "uart emu-1"})
     * @param sourceAlive false once the board is gone (the stream then ends at the next keep-alive)
     */
    public static UartSseStream start(String name, Function<UartSseStream, AutoCloseable> subscribe, SseEventSink sink,
            Sse sse, ObjectMapper json, ScheduledExecutorService scheduler, Executor executor, BooleanSupplier sourceAlive) {
        UartSseStream s = new UartSseStream(sink, sse, json, executor, sourceAlive);
        // Commit the response here, before any other thread writes to it: Quarkus REST writes the SSE
        // headers on the first send or once the resource method returns, and a send from the pump
        // racing with that loses events ("Response has already been written"). Clients ignore comments.
        try {
            sink.send(sse.newEventBuilder().comment(name).build()).toCompletableFuture()
                    .get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            s.close();
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            return s;
        }
        s.subscription = subscribe.apply(s);
        s.keepalive = scheduler.scheduleAtFixedRate(s::keepalive, UartSse.KEEPALIVE_SECONDS,
                UartSse.KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        if (s.closed.get()) {
            // closed (a failed send) while subscribing: close() may not have seen these yet
            s.keepalive.cancel(false);
            closeQuietly(s.subscription);
        }
        return s;
    }

    /** A line from the source (queued; never blocks the caller). */
    public void onLine(UartLine line) {
        String data;
        try {
            data = json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            LOG.warnf(e, "cannot serialise UART line %d", line.seq());
            return;
        }
        enqueue(sse.newEventBuilder().id(Long.toString(line.seq())).name(UartSse.EVENT_LINE).data(data).build());
    }

    /** Right after subscribing: {@code count} lines after the resume point were no longer retained. */
    public void onDropped(long count) {
        enqueueAlways(droppedEvent(count));
    }

    private OutboundSseEvent droppedEvent(long count) {
        return sse.newEventBuilder().name(UartSse.EVENT_DROPPED).data(Long.toString(count)).build();
    }

    private void enqueue(OutboundSseEvent event) {
        if (closed.get()) {
            return;
        }
        if (queued.get() >= MAX_QUEUED) {
            overflow.incrementAndGet();
            return;
        }
        // lines are queued one at a time (the source calls from one thread): report a gap where it is
        long lost = overflow.getAndSet(0);
        if (lost > 0) {
            enqueueAlways(droppedEvent(lost));
        }
        enqueueAlways(event);
    }

    private void enqueueAlways(OutboundSseEvent event) {
        if (closed.get()) {
            return;
        }
        queue.add(event);
        queued.incrementAndGet();
        if (pumping.compareAndSet(false, true)) {
            executor.execute(this::pump);
        }
    }

    /** Sends queued events in order; owns {@code pumping} while it runs or waits for a send. */
    private void pump() {
        while (true) {
            if (closed.get() || sink.isClosed()) {
                close();
                return;
            }
            OutboundSseEvent next = queue.poll();
            if (next == null) {
                pumping.set(false);
                // an event queued after poll() but before the flag dropped would wait forever
                if (queue.isEmpty() || !pumping.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            CompletableFuture<?> sent;
            try {
                sent = sink.send(next).toCompletableFuture();
            } catch (RuntimeException e) {
                close();
                return;
            }
            if (!sent.isDone()) {
                sent.whenComplete((v, e) -> {
                    if (e != null) {
                        close();
                    } else {
                        executor.execute(this::pump);
                    }
                });
                return;
            }
            if (sent.isCompletedExceptionally()) {
                close();
                return;
            }
        }
    }

    private void keepalive() {
        if (closed.get()) {
            return;
        }
        if (sink.isClosed() || !sourceAlive.getAsBoolean()) {
            close();
            return;
        }
        enqueueAlways(sse.newEventBuilder().comment("keepalive").build());
    }

    /** Stops listening and ends the response. Idempotent. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> k = keepalive;
        if (k != null) {
            k.cancel(false);
        }
        closeQuietly(subscription);
        queue.clear();
        try {
            sink.close();
        } catch (RuntimeException e) {
            // already gone
        }
        Runnable r = onClose;
        if (r != null) {
            r.run();
        }
    }

    /** Runs {@code action} when the stream ends (at once if it already has). */
    public void onClose(Runnable action) {
        onClose = action;
        if (closed.get()) {
            action.run();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    public boolean isClosed() {
        return closed.get();
    }
}
