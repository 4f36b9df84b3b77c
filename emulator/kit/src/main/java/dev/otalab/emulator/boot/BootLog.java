package dev.otalab.emulator.boot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the bootloader model sends its log lines (MCUboot's {@code BOOT_LOG_*}). Messages come
 * without level tag and line end; the kit adds {@code [INF] } etc. ({@link Level#tag()}) and
 * {@code \n\r} when it writes them to the emulated UART (mcuboot-boot.md §12).
 */
public interface BootLog {

    /** Log levels with the tags MCUboot prints. */
    enum Level {
        DEBUG("[DBG] "), INFO("[INF] "), WARNING("[WRN] "), ERROR("[ERR] ");

        private final String tag;

        Level(String tag) {
            this.tag = tag;
        }

        /** {@code "[INF] "} and so on, including the trailing blank. */
        public String tag() {
            return tag;
        }
    }

    /** One logged line. */
    record Line(Level level, String message) {
        /** The line as the UART shows it, without the line end: {@code [INF] Swap type: none}. */
        @Override
        public String toString() {
            return level.tag() + message;
        }
    }

    void log(Level level, String message);

    default void debug(String message) {
        log(Level.DEBUG, message);
    }

    default void info(String message) {
        log(Level.INFO, message);
    }

    default void warn(String message) {
        log(Level.WARNING, message);
    }

    default void error(String message) {
        log(Level.ERROR, message);
    }

    /** A log that drops everything. */
    static BootLog discard() {
        return (level, message) -> { };
    }

    /** A log that keeps every line; for tests and for the kit's boot transcript. */
    static Recorder recorder() {
        return new Recorder();
    }

    /** Keeps the lines it is given. Thread-safe. */
    final class Recorder implements BootLog {
        private final List<Line> lines = new ArrayList<>();

        @Override
        public synchronized void log(Level level, String message) {
            lines.add(new Line(level, message));
        }

        public synchronized List<Line> lines() {
            return Collections.unmodifiableList(new ArrayList<>(lines));
        }

        /** Lines as {@code [INF] message}. */
        public synchronized List<String> tagged() {
            return lines.stream().map(Line::toString).toList();
        }

        /** Messages of the given level. */
        public synchronized List<String> messages(Level level) {
            return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
        }

        public synchronized void clear() {
            lines.clear();
        }
    }
}
