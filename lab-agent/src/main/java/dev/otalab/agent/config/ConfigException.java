package dev.otalab.agent.config;

import java.util.List;

/**
 * The configuration, or the hardware it names, is not usable: the agent refuses to start. The
 * message names the board and the device or GPIO line at fault, one problem per line.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param context what the problems concern, e.g. {@code agent configuration /opt/x.yaml} or
     *        {@code the agent cannot start}; null for none
     */
    public ConfigException(String context, List<String> problems) {
        super(message(context, problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(null, List.of(problem));
    }

    public ConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Each problem found, e.g. {@code board 'kit1': serial device /dev/ttyX does not exist}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String context, List<String> problems) {
        String head = context == null ? "" : context + ": ";
        if (problems.size() == 1) {
            return head + problems.get(0);
        }
        StringBuilder sb = new StringBuilder(head).append(problems.size()).append(" problems");
        for (String p : problems) {
            sb.append("\n - ").append(p);
        }
        return sb.toString();
    }
}
