package dev.otalab.labapi.uart;

import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.UartLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The decision logic of {@code POST /boards/{id}/uart/expect}, shared by the lab-agent and the
 * emulator so that both answer alike.
 *
 * <p>Use: compile once (invalid regexes fail here, before any waiting), then offer lines as they
 * arrive until a result comes back or the deadline passes:
 * <pre>{@code
 * UartMatcher m = UartMatcher.start(request, buffer.latestSeq());   // IllegalArgumentException -> 400
 * Optional<ExpectResult> r = m.offer(buffer.linesAfter(m.cursor()));
 * while (r.isEmpty() && !deadlinePassed()) { waitForLines(); r = m.offer(buffer.linesAfter(m.cursor())); }
 * return r.orElseGet(m::timeout);
 * }</pre>
 *
 * <p>Rules: only lines with {@code seq >} the cursor count (the cursor starts at
 * {@link ExpectRequest#resolveSince(long)} and advances over every line looked at, so lines may be
 * offered again safely). Lines are examined in {@code seq} order; the first line that matches
 * {@code pattern} or any {@code notMatching} pattern decides. On one line, {@code notMatching} is
 * checked first and wins (fail fast, fail safe). Matching uses {@link Matcher#find()} on the line's
 * text.
 *
 * <p>Groups: {@code "0"} .. {@code "n"} by number, then the named groups by name (names are read
 * from the pattern text, since {@code Pattern.namedGroups()} only exists from Java 20). Groups that
 * did not take part in the match map to null.
 *
 * <p>Not thread-safe: one instance per expect call.
 */
public final class UartMatcher {

    private final Compiled expected;
    private final List<Compiled> notMatching;
    private long cursor;

    private record Compiled(String source, Pattern pattern, List<String> groupNames) {
    }

    private UartMatcher(Compiled expected, List<Compiled> notMatching, long cursor) {
        this.expected = expected;
        this.notMatching = notMatching;
        this.cursor = cursor;
    }

    /**
     * Compiles the request's patterns and sets the cursor.
     *
     * @param request the expect request
     * @param latestSeq the board's newest seq at the time the request arrived (used when the
     *        request has no {@code sinceSeq})
     * @throws IllegalArgumentException naming the field of an invalid regex and why it is invalid
     */
    public static UartMatcher start(ExpectRequest request, long latestSeq) {
        Compiled expected = compile(request.pattern(), "pattern");
        List<Compiled> not = new ArrayList<>();
        for (int i = 0; i < request.notMatching().size(); i++) {
            not.add(compile(request.notMatching().get(i), "notMatching[" + i + "]"));
        }
        return new UartMatcher(expected, List.copyOf(not), request.resolveSince(latestSeq));
    }

    /**
     * Checks that every regex of the request compiles.
     *
     * @throws IllegalArgumentException as {@link #start}
     */
    public static void validate(ExpectRequest request) {
        start(request, 0);
    }

    /** Seq of the last line examined (lines at or below it are ignored from now on). */
    public long cursor() {
        return cursor;
    }

    /**
     * Examines the offered lines (ascending seq) that lie after the cursor.
     *
     * @return MATCHED or NOT_MATCHING when a line decided, else empty (keep waiting)
     */
    public Optional<ExpectResult> offer(Iterable<UartLine> lines) {
        for (UartLine line : lines) {
            if (line.seq() <= cursor) {
                continue;
            }
            cursor = line.seq();
            for (Compiled c : notMatching) {
                Matcher m = c.pattern().matcher(line.text());
                if (m.find()) {
                    return Optional.of(ExpectResult.notMatching(line, c.source(), groups(m, c.groupNames())));
                }
            }
            Matcher m = expected.pattern().matcher(line.text());
            if (m.find()) {
                return Optional.of(ExpectResult.matched(line, groups(m, expected.groupNames())));
            }
        }
        return Optional.empty();
    }

    /** The TIMEOUT result, with {@code lastSeq} = the cursor. */
    public ExpectResult timeout() {
        return ExpectResult.timeout(cursor);
    }

    /**
     * One-shot evaluation over lines already received: {@code start(request, latestSeq).offer(lines)}.
     */
    public static Optional<ExpectResult> evaluate(ExpectRequest request, long latestSeq, List<UartLine> lines) {
        return start(request, latestSeq).offer(lines);
    }

    private static Compiled compile(String regex, String field) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " at index " + e.getIndex() : "";
            throw new IllegalArgumentException("invalid regular expression in " + field + ": "
                    + e.getDescription() + where + " in '" + regex + "'", e);
        }
        return new Compiled(regex, p, namedGroups(p));
    }

    private static Map<String, String> groups(Matcher m, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i <= m.groupCount(); i++) {
            out.put(Integer.toString(i), m.group(i));
        }
        for (String name : names) {
            try {
                out.put(name, m.group(name));
            } catch (IllegalArgumentException notAGroup) {
                // the text scan over-approximates (e.g. "(?<x>" inside a COMMENTS-mode comment)
            }
        }
        return out;
    }

    /**
     * Candidate names of the named groups of a compiled pattern, in order of appearance, read from
     * the pattern text (skipping escapes, {@code \Q...\E} quotes and character classes). The caller
     * drops any candidate the matcher does not know, so an odd construct can at worst lose a name,
     * never invent one.
     */
    static List<String> namedGroups(Pattern pattern) {
        String s = pattern.pattern();
        boolean literal = (pattern.flags() & Pattern.LITERAL) != 0;
        if (literal) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        int classDepth = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && s.charAt(i + 1) == 'Q') {
                    int end = s.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 2;
                } else {
                    i += 2;
                }
                continue;
            }
            if (classDepth > 0) {
                if (c == '[') {
                    classDepth++;
                } else if (c == ']') {
                    classDepth--;
                }
                i++;
                continue;
            }
            if (c == '[') {
                classDepth = 1;
                i++;
                // a ']' right after '[' or '[^' is a literal member
                if (i < n && s.charAt(i) == '^') {
                    i++;
                }
                if (i < n && s.charAt(i) == ']') {
                    i++;
                }
                continue;
            }
            if (c == '(' && s.startsWith("(?<", i) && i + 3 < n && isAsciiLetter(s.charAt(i + 3))) {
                int j = i + 3;
                while (j < n && (isAsciiLetter(s.charAt(j)) || Character.isDigit(s.charAt(j)) && s.charAt(j) < 128)) {
                    j++;
                }
                if (j < n && s.charAt(j) == '>') {
                    names.add(s.substring(i + 3, j));
                }
                i = j;
                continue;
            }
            i++;
        }
        return List.copyOf(names);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
