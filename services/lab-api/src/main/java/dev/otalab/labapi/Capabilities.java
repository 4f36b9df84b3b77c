package dev.otalab.labapi;

import java.util.List;

/**
 * Capability words a board advertises in {@code BoardInfo.capabilities}. The lab-controller picks
 * boards by capability only: it never asks whether a board is real or emulated except through
 * {@link #EMULATED}.
 *
 * <p>An operation whose capability a board lacks is answered with
 * {@link ProblemTypes#CAPABILITY_MISSING} (409).
 */
public final class Capabilities {

    /** {@code POST /boards/{id}/power} switches the supply (relay, USB hub port or emulation). */
    public static final String POWER = "power";
    /** {@code POST /boards/{id}/button} drives the user button. */
    public static final String BUTTON = "button";
    /** Console UART: {@code /uart}, {@code /uart/stream}, {@code /uart/expect}, {@code /uart/write}. */
    public static final String UART = "uart";
    /** {@code GET /boards/{id}/led} senses the user LED. */
    public static final String LED = "led";
    /** {@code POST /boards/{id}/program} writes flash the way a programmer does. */
    public static final String PROGRAM = "program";
    /** The board is simulated by the emulator; {@code EmulatorApi} flash/slot views work on it. */
    public static final String EMULATED = "emulated";
    /** {@code EmulatorApi} fault injection ({@code /faults}) works on this board. */
    public static final String FAULT_INJECTION = "fault-injection";

    /** Every capability defined by this version of the contract, in a stable order. */
    public static final List<String> ALL = List.of(POWER, BUTTON, UART, LED, PROGRAM, EMULATED, FAULT_INJECTION);

    private Capabilities() {
    }
}
