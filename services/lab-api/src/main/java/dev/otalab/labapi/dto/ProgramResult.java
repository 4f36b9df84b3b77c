package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of {@code POST /boards/{id}/program}.
 *
 * <pre>{"area":"secondary","address":402653696,"bytes":61440,"format":"bin"}</pre>
 *
 * @param area the area written as requested ({@code primary}, {@code secondary}, {@code factory}, ...),
 *        or null when an address was given
 * @param address first address written (for {@code hex}: the lowest record address)
 * @param bytes data bytes written (for {@code hex}: the sum of the records' data)
 * @param format the image format that was parsed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProgramResult(String area, long address, long bytes, ImageFormat format) {

    public ProgramResult {
        Checks.range(address, "address", 0, 0xFFFF_FFFFL);
        Checks.range(bytes, "bytes", 0, Long.MAX_VALUE);
        Checks.required(format, "format");
    }
}
