package dev.otalab.agent.programmer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line from the configuration with {@code {name}} placeholders, run without a shell.
 *
 * <p>The text is split into arguments like a POSIX shell would split it, without any expansion:
 * blanks separate arguments, {@code '…'} quotes literally, {@code "…"} quotes with {@code \"} and
 * {@code \\} escapes, and a backslash outside quotes escapes the next character. Placeholders are
 * substituted <em>after</em> splitting, so a value with spaces stays one argument and a value can
 * never inject options or shell syntax. An argument that was nothing but one placeholder and
 * substitutes to the empty string is dropped (e.g. {@code {address}} for a HEX image).
 *
 * <pre>openocd -f target/psoc6_2m.cfg -c "program {image} {address} verify reset exit"
 * → [openocd, -f, target/psoc6_2m.cfg, -c, program /tmp/otalab-x.bin 0x18000200 verify reset exit]</pre>
 */
public final class CommandTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    private final String text;
    private final List<String> args;

    private CommandTemplate(String text, List<String> args) {
        this.text = text;
        this.args = args;
    }

    /**
     * Splits {@code text} and checks its placeholders.
     *
     * @param allowed the placeholder names this command may use
     * @param required names that must appear (e.g. {@code image} for a programmer)
     * @throws IllegalArgumentException empty command, unbalanced quotes, an unknown or missing
     *         placeholder
     */
    public static CommandTemplate parse(String text, Collection<String> allowed, Collection<String> required) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the command is empty");
        }
        List<String> args = split(text);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        Set<String> used = placeholders(args);
        for (String name : used) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder {" + name + "} in '" + text
                        + "'; allowed: " + braces(allowed));
            }
        }
        for (String name : required) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("the command '" + text + "' must contain {" + name + "}");
            }
        }
        return new CommandTemplate(text, List.copyOf(args));
    }

    /** The arguments with the placeholders substituted; a missing value substitutes as empty. */
    public List<String> render(Map<String, String> values) {
        List<String> out = new ArrayList<>(args.size());
        for (String arg : args) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder sb = new StringBuilder();
            boolean onlyPlaceholder = m.matches();
            m.reset();
            while (m.find()) {
                String v = values.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
            }
            m.appendTail(sb);
            if (onlyPlaceholder && sb.length() == 0) {
                continue;
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The placeholder names the command uses. */
    public Set<String> placeholders() {
        return placeholders(args);
    }

    /** The command as configured. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Set<String> placeholders(List<String> args) {
        Set<String> used = new LinkedHashSet<>();
        for (String arg : args) {
            Matcher m = PLACEHOLDER.matcher(arg);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        return used;
    }

    private static String braces(Collection<String> names) {
        return names.stream().map(n -> "{" + n + "}").toList().toString();
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
                i++;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unbalanced ' in '" + text + "'");
                }
                cur.append(text, i + 1, end);
                inArg = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                        cur.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unbalanced \" in '" + text + "'");
                }
                inArg = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("trailing \\ in '" + text + "'");
                }
                cur.append(text.charAt(i + 1));
                inArg = true;
                i += 2;
            } else {
                cur.append(c);
                inArg = true;
                i++;
            }
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }
}
