package dev.otalab.labapi.dto;

/**
 * Body of {@code POST /boards/{id}/uart/write}: characters typed into the console, sent as UTF-8
 * exactly as given (add {@code \r} or {@code \n} yourself if the firmware wants one).
 * Example: {@code {"text":"Y"}} answers blinky's "mark the upgrade image permanent (Y/N)?" prompt.
 *
 * @param text 1..{@value #MAX_LENGTH} characters
 */
public record UartWriteRequest(String text) {

    public static final int MAX_LENGTH = 4096;

    public UartWriteRequest {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text is required");
        }
        Checks.range(text.length(), "text length", 1, MAX_LENGTH);
    }
}
