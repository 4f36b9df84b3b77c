package dev.otalab.emulator.kit;

import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.dto.UartPage;
import dev.otalab.labapi.uart.UartMatcher;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The console of one kit: the byte stream the firmware prints, cut into numbered lines and kept
 * in a bounded ring.
 *
 * <p>Line splitting works like a serial-terminal reader: a line ends at {@code \n}; carriage
 * returns at either end of a line are part of the framing and removed ({@code \n\r} of the
 * bootloader log, {@code \r\n} of the apps' LF→CRLF conversion), so {@code "A \r\n\n\r"} gives
 * {@code "A "} and an empty line. Carriage returns inside a line (the factory app's
 * {@code "...CPU:CM4\r====="}) are kept, as are ANSI escapes, and blank lines are lines too:
 * the banners' spacing is part of what the firmware prints.
 *
 * <p>Thread-safe; listeners run under the log's lock, expectations are completed on the executor.
 */
final class UartLog {

    private final Object lock = new Object();
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final int capacity;
    private final ArrayDeque<UartLine> ring;
    private final StringBuilder partial = new StringBuilder();
    private final List<UartListener> listeners = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long latestSeq;
    private boolean closed;

    private static final class Waiter {
        final UartMatcher matcher;
        final CompletableFuture<ExpectResult> future = new CompletableFuture<>();
        ScheduledFuture<?> timeout;

        Waiter(UartMatcher matcher) {
            this.matcher = matcher;
        }
    }

    /**
     * @param executor completes expectations, so that their dependent stages never run on the
     *        printing (kit) thread or a scheduler thread
     */
    UartLog(Clock clock, ScheduledExecutorService scheduler, Executor executor, int capacity) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.executor = executor;
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Appends firmware output; complete lines become {@link UartLine}s. */
    void print(CharSequence text) {
        List<Runnable> completions = new ArrayList<>(0);
        synchronized (lock) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    emit(strip(partial), completions);
                    partial.setLength(0);
                } else {
                    partial.append(c);
                }
            }
        }
        completions.forEach(executor::execute);
    }

    /**
     * Ends a pending partial line (reset, power off): it becomes a line unless it is only
     * framing ({@code \r}, e.g. the one the bootloader's {@code \n\r} leaves pending) or
     * nothing at all. A blank line needs its {@code \n}; a flush never invents one.
     */
    void flush() {
        List<Runnable> completions = new ArrayList<>(0);
        synchronized (lock) {
            String text = strip(partial);
            partial.setLength(0);
            if (!text.isEmpty()) {
                emit(text, completions);
            }
        }
        completions.forEach(executor::execute);
    }

    long latestSeq() {
        synchronized (lock) {
            return latestSeq;
        }
    }

    UartPage page(long since, int limit) {
        synchronized (lock) {
            return UartPage.slice(new ArrayList<>(ring), latestSeq, since, limit);
        }
    }

    /** Every retained line, oldest first. */
    List<UartLine> lines() {
        synchronized (lock) {
            return new ArrayList<>(ring);
        }
    }

    AutoCloseable subscribe(long since, UartListener listener) {
        synchronized (lock) {
            long oldest = ring.isEmpty() ? latestSeq + 1 : ring.peekFirst().seq();
            long dropped = since >= latestSeq ? 0 : Math.max(0, oldest - since - 1);
            if (dropped > 0) {
                listener.onDropped(dropped);
            }
            for (UartLine line : ring) {
                if (line.seq() > since) {
                    listener.onLine(line);
                }
            }
            listeners.add(listener);
        }
        return () -> {
            synchronized (lock) {
                listeners.remove(listener);
            }
        };
    }

    /**
     * Starts an expectation. Invalid regexes throw {@link IllegalArgumentException} here; the
     * result (MATCHED, NOT_MATCHING or TIMEOUT) completes the future, never exceptionally except
     * when the kit is closed.
     */
    CompletableFuture<ExpectResult> expect(ExpectRequest request) {
        UartMatcher matcher;
        Waiter waiter;
        synchronized (lock) {
            matcher = UartMatcher.start(request, latestSeq);
            Optional<ExpectResult> now = matcher.offer(ring);
            if (now.isPresent()) {
                return CompletableFuture.completedFuture(now.get());
            }
            if (request.timeoutMs() == 0 || closed) {
                return CompletableFuture.completedFuture(matcher.timeout());
            }
            waiter = new Waiter(matcher);
            waiters.add(waiter);
            waiter.timeout = scheduler.schedule(() -> timeout(waiter), request.timeoutMs(), TimeUnit.MILLISECONDS);
        }
        return waiter.future;
    }

    /** Completes every pending expectation with TIMEOUT and drops listeners. */
    void close() {
        List<Waiter> pending;
        synchronized (lock) {
            closed = true;
            pending = new ArrayList<>(waiters);
            waiters.clear();
            listeners.clear();
        }
        for (Waiter w : pending) {
            w.timeout.cancel(false);
            w.future.complete(w.matcher.timeout());
        }
    }

    private void timeout(Waiter waiter) {
        boolean mine;
        synchronized (lock) {
            mine = waiters.remove(waiter);
        }
        if (mine) {
            ExpectResult r = waiter.matcher.timeout();
            executor.execute(() -> waiter.future.complete(r));
        }
    }

    private void emit(String text, List<Runnable> completions) {
        UartLine line = new UartLine(++latestSeq, clock.instant(), text);
        ring.addLast(line);
        while (ring.size() > capacity) {
            ring.removeFirst();
        }
        for (UartListener l : listeners) {
            try {
                l.onLine(line);
            } catch (RuntimeException e) {
                // a broken listener (closed SSE sink) must not stop the firmware
            }
        }
        List<UartLine> one = List.of(line);
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            Optional<ExpectResult> r = w.matcher.offer(one);
            if (r.isPresent()) {
                it.remove();
                w.timeout.cancel(false);
                ExpectResult result = r.get();
                completions.add(() -> w.future.complete(result));
            }
        }
    }

    private static String strip(CharSequence s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '\r') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '\r') {
            end--;
        }
        return s.subSequence(start, end).toString();
    }
}
