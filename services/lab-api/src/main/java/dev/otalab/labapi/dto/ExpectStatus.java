package dev.otalab.labapi.dto;

/** Outcome of {@code POST /boards/{id}/uart/expect}. Serialised in upper case as named here. */
public enum ExpectStatus {
    /** A line matched {@code pattern} before any line matched a {@code notMatching} pattern. */
    MATCHED,
    /** {@code timeoutMs} passed with no line matching any pattern. */
    TIMEOUT,
    /** A line matched one of the {@code notMatching} patterns first (fail fast). */
    NOT_MATCHING
}
