package dev.otalab.agent.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.agent.serial.LineBuffer;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.uart.UartSse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One client's UART event stream. The line buffer calls the listener on the serial reader thread,
 * so the listener only queues; a pump sends one event at a time, in order, waiting for each send to
 * complete (a slow client holds at most {@value #MAX_QUEUED} queued lines; beyond that lines are
 * counted and reported in a {@code dropped} event). A keep-alive comment goes out every
 * {@value UartSse#KEEPALIVE_SECONDS} s; a failed send or a closed sink ends the stream.
 */
final class UartStream implements LineBuffer.Listener {

    private static final Logger LOG = Logger.getLogger(UartStream.class);
    static final int MAX_QUEUED = 10_000;

    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper json;
    private final ScheduledExecutorService executor;
    private final ConcurrentLinkedQueue<OutboundSseEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong overflow = new AtomicLong();
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable subscription;
    private volatile ScheduledFuture<?> keepalive;

    private UartStream(SseEventSink sink, Sse sse, ObjectMapper json, ScheduledExecutorService executor) {
        this.sink = sink;
        this.sse = sse;
        this.json = json;
        this.executor = executor;
    }

    /** Streams lines with {@code seq > after}: the retained ones first, then new ones. */
    static UartStream start(LineBuffer buffer, long after, SseEventSink sink, Sse sse, ObjectMapper json,
            ScheduledExecutorService executor) {
        UartStream s = new UartStream(sink, sse, json, executor);
        s.subscription = buffer.subscribe(after, s);
        s.keepalive = executor.scheduleAtFixedRate(s::keepalive, UartSse.KEEPALIVE_SECONDS,
                UartSse.KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        if (s.closed.get()) {
            s.keepalive.cancel(false);
            closeQuietly(s.subscription);
        }
        return s;
    }

    @Override
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

    @Override
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
            OutboundSseEvent next;
            long lost = overflow.getAndSet(0);
            if (lost > 0) {
                next = droppedEvent(lost);
            } else {
                next = queue.poll();
                if (next == null) {
                    pumping.set(false);
                    // an event queued after poll() but before the flag dropped would wait forever
                    if (queue.isEmpty() && overflow.get() == 0 || !pumping.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                queued.decrementAndGet();
            }
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
        if (sink.isClosed()) {
            close();
            return;
        }
        enqueueAlways(sse.newEventBuilder().comment("keepalive").build());
    }

    /** Stops listening and ends the response. Idempotent. */
    void close() {
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
}
