package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answer of {@code POST /boards/{id}/uart/expect}, always HTTP 200 (a timeout is a result, not an error).
 *
 * <pre>{"status":"MATCHED","line":{"seq":131,"timestamp":"...","text":"TEST Application: OTA Update version: 1.2.0"},
 *  "groups":{"0":"version: 1.2.0","1":"1","2":"2","3":"0","major":"1"},"lastSeq":131}
 *{"status":"NOT_MATCHING","line":{...,"text":"[ERR] Invalid image magic 0xffffffff !"},
 *  "groups":{"0":"[ERR]"},"notMatchingPattern":"\\[ERR\\]","lastSeq":97}
 *{"status":"TIMEOUT","groups":{},"lastSeq":140}</pre>
 *
 * @param status MATCHED, TIMEOUT or NOT_MATCHING
 * @param line the line that decided (matched {@code pattern} or a {@code notMatching} pattern); null on TIMEOUT
 * @param groups groups of the deciding pattern's match: {@code "0"} (the matched text), {@code "1"},
 *        {@code "2"}, ... then named groups by name; a group that did not take part maps to null.
 *        Empty on TIMEOUT.
 * @param notMatchingPattern for NOT_MATCHING, the {@code notMatching} entry that matched; else null
 * @param lastSeq the last line examined (the deciding line's seq, or on TIMEOUT the newest line
 *        looked at); pass it as the next expect's {@code sinceSeq} to continue after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExpectResult(
        ExpectStatus status,
        UartLine line,
        Map<String, String> groups,
        String notMatchingPattern,
        long lastSeq) {

    public ExpectResult {
        Checks.required(status, "status");
        // keep insertion order and allow null values (groups that did not participate)
        groups = groups == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        if (status == ExpectStatus.TIMEOUT ? line != null : line == null) {
            throw new IllegalArgumentException("line must be present exactly when status is not TIMEOUT");
        }
        if ((status == ExpectStatus.NOT_MATCHING) != (notMatchingPattern != null)) {
            throw new IllegalArgumentException("notMatchingPattern must be present exactly when status is NOT_MATCHING");
        }
    }

    public static ExpectResult matched(UartLine line, Map<String, String> groups) {
        return new ExpectResult(ExpectStatus.MATCHED, line, groups, null, line.seq());
    }

    public static ExpectResult notMatching(UartLine line, String notMatchingPattern, Map<String, String> groups) {
        return new ExpectResult(ExpectStatus.NOT_MATCHING, line, groups, notMatchingPattern, line.seq());
    }

    public static ExpectResult timeout(long lastSeq) {
        return new ExpectResult(ExpectStatus.TIMEOUT, null, Map.of(), null, lastSeq);
    }

    /** Shorthand for {@code groups().get(name)}. */
    public String group(String name) {
        return groups.get(name);
    }
}
