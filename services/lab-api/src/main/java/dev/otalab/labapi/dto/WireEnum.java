package dev.otalab.labapi.dto;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum whose JSON and query-parameter spelling is a fixed lower-case word ({@code on},
 * {@code cycle}, {@code hex}, ...).
 *
 * <p>Implementations return the word from {@link #wire()} (annotated {@code @JsonValue}) and from
 * {@code toString()} (used by MicroProfile REST clients for query parameters), and offer a static
 * {@code fromString(String)} (used by Jackson via {@code @JsonCreator} and by JAX-RS for
 * parameters) that delegates to {@link #parse(Class, String, String)}.
 */
public interface WireEnum {

    /** The spelling on the wire. */
    String wire();

    /**
     * Looks up a constant by its wire spelling, ignoring case.
     *
     * @param type the enum class
     * @param field the JSON field or parameter name, for the error message
     * @param value the text received
     * @throws IllegalArgumentException naming the field and the accepted values
     */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String field, String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.wire().equals(v)) {
                    return e;
                }
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(WireEnum::wire)
                .collect(Collectors.joining("|"));
        throw new IllegalArgumentException(
                field + " must be one of " + accepted + ", got " + (value == null ? "null" : "'" + value + "'"));
    }
}
