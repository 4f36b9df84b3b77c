package dev.otalab.emulator.kit;

import dev.otalab.labapi.dto.UartLine;

/**
 * Receives a kit's console lines as they are produced (for SSE streams). Calls come in
 * {@code seq} order, one at a time, on whatever thread produced the line, while the kit's UART
 * is locked: implementations must return quickly and never block or call back into the kit.
 */
public interface UartListener {

    /** A new line (or, right after subscribing, a retained line being replayed). */
    void onLine(UartLine line);

    /**
     * Right after subscribing: {@code count} lines after the requested {@code since} were already
     * dropped from the ring buffer and will not be replayed.
     */
    default void onDropped(long count) {
    }
}
