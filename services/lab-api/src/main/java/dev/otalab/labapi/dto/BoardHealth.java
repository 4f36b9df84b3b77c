package dev.otalab.labapi.dto;

/**
 * Whether a board can be trusted with test runs. Serialised in upper case as named here.
 * The lab-controller only leases {@link #GOOD} (and, for probing, {@link #UNKNOWN}) boards.
 */
public enum BoardHealth {
    /** Last check or run succeeded. */
    GOOD,
    /** Not checked since the agent started. */
    UNKNOWN,
    /** Hardware or infrastructure failure seen (no UART, programmer fails, ...). */
    BAD,
    /** Taken out of service by a person; never leased. */
    MAINTENANCE
}
