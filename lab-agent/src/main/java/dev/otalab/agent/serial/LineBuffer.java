package dev.otalab.agent.serial;

import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.dto.UartPage;
import dev.otalab.labapi.uart.UartMatcher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A board's console: the bytes received from the UART cut into numbered, timestamped lines, kept in a
 * bounded ring.
 *
 * <p>Cutting works like the emulator's (and a serial terminal's): a line ends at {@code \n};
 * carriage returns at either end of a line are framing and removed, so the bootloader's {@code \n\r}
 * and the apps' {@code \r\n} both give clean lines, and {@code "A \r\n\n\r"} gives {@code "A "} and an
 * empty line. Blank lines are lines (the firmware's banners print them). Carriage returns inside a
 * line and ANSI escapes are kept. Bytes are decoded as UTF-8 per line (invalid sequences become
 * U+FFFD). A line longer than {@value #MAX_LINE_BYTES} bytes is cut there (binary noise cannot grow
 * memory without bound).
 *
 * <p>Numbering starts at 1 and never restarts while the agent runs: the serial port may disappear
 * and come back (a power cycle takes the KitProg3 with it) and the lines keep counting.
 *
 * <p>Thread-safe. Listeners (SSE streams) are called on the reader thread under the buffer's lock,
 * in order, after the line is stored; they must only queue, never block.
 */
public final class LineBuffer {

    /** Longest line kept whole; longer ones are split. */
    public static final int MAX_LINE_BYTES = 8192;

    /** Receives lines as they are stored. */
    public interface Listener {
        void onLine(UartLine line);

        /** Lines after the subscriber's resume point were already dropped from the ring. */
        void onDropped(long count);
    }

    private final Clock clock;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<UartLine> ring;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long latestSeq;

    public LineBuffer(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.ring = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public LineBuffer(int capacity) {
        this(capacity, Clock.systemUTC());
    }

    /** Appends received bytes; complete lines are stored and announced. */
    public void feed(byte[] data, int offset, int length) {
        List<UartLine> out = new ArrayList<>(2);
        lock.lock();
        try {
            for (int i = offset; i < offset + length; i++) {
                byte b = data[i];
                if (b == '\n') {
                    out.add(store(strip(partial.toByteArray())));
                    partial.reset();
                } else {
                    partial.write(b);
                    if (partial.size() >= MAX_LINE_BYTES) {
                        out.add(store(strip(partial.toByteArray())));
                        partial.reset();
                    }
                }
            }
            if (!out.isEmpty()) {
                arrived.signalAll();
                announce(out);
            }
        } finally {
            lock.unlock();
        }
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /**
     * Ends a pending partial line (the port went away, the kit was switched off): it becomes a line
     * unless it is only framing ({@code \r}) or nothing. Never invents a blank line.
     */
    public void flush() {
        lock.lock();
        try {
            String text = strip(partial.toByteArray());
            partial.reset();
            if (!text.isEmpty()) {
                UartLine line = store(text);
                arrived.signalAll();
                announce(List.of(line));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Seq of the newest line (0 before the first). */
    public long latestSeq() {
        lock.lock();
        try {
            return latestSeq;
        } finally {
            lock.unlock();
        }
    }

    /** {@code GET /uart}: retained lines after {@code since}. */
    public UartPage page(long since, int limit) {
        lock.lock();
        try {
            return UartPage.slice(new ArrayList<>(ring), latestSeq, since, limit);
        } finally {
            lock.unlock();
        }
    }

    /** Retained lines with {@code seq > after}, oldest first. */
    public List<UartLine> linesAfter(long after) {
        lock.lock();
        try {
            List<UartLine> out = new ArrayList<>();
            for (UartLine l : ring) {
                if (l.seq() > after) {
                    out.add(l);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code POST /uart/expect}: blocks until a line decides or {@code timeoutMs} passes.
     *
     * @throws IllegalArgumentException for an invalid regex (before any waiting)
     */
    public ExpectResult expect(ExpectRequest request) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.timeoutMs());
        lock.lock();
        try {
            UartMatcher m = UartMatcher.start(request, latestSeq);
            while (true) {
                Optional<ExpectResult> r = m.offer(linesAfter(m.cursor()));
                if (r.isPresent()) {
                    return r.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return m.timeout();
                }
                try {
                    arrived.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return m.timeout();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replays retained lines after {@code since} to {@code listener} (with a dropped count first if
     * some are gone), then keeps it informed of new lines until the returned handle is closed.
     */
    public AutoCloseable subscribe(long since, Listener listener) {
        lock.lock();
        try {
            long oldest = ring.isEmpty() ? latestSeq + 1 : ring.peekFirst().seq();
            long dropped = since >= latestSeq ? 0 : Math.max(0, oldest - since - 1);
            if (dropped > 0) {
                listener.onDropped(dropped);
            }
            for (UartLine l : ring) {
                if (l.seq() > since) {
                    listener.onLine(l);
                }
            }
            // registered under the lock: no line can slip between the replay and the live feed
            listeners.add(listener);
        } finally {
            lock.unlock();
        }
        return () -> listeners.remove(listener);
    }

    private UartLine store(String text) {
        UartLine line = new UartLine(++latestSeq, clock.instant(), text);
        ring.addLast(line);
        while (ring.size() > capacity) {
            ring.removeFirst();
        }
        return line;
    }

    /** Tells listeners, under the lock (so replay and live feed never overlap); they only queue. */
    private void announce(List<UartLine> lines) {
        for (UartLine l : lines) {
            for (Listener listener : listeners) {
                try {
                    listener.onLine(l);
                } catch (RuntimeException e) {
                    // a broken listener must not stop the reader
                }
            }
        }
    }

    private static String strip(byte[] bytes) {
        int start = 0;
        int end = bytes.length;
        while (start < end && bytes[start] == '\r') {
            start++;
        }
        while (end > start && bytes[end - 1] == '\r') {
            end--;
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}
