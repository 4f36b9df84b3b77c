package dev.otalab.agent.board;

import dev.otalab.agent.config.ConfigLoader;
import dev.otalab.agent.programmer.CommandTemplate;
import dev.otalab.agent.programmer.ProcessRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kit's supply through a command, typically a switchable USB hub port:
 * {@code uhubctl -l {hub} -p {port} -a {action}} with {@code {action}} = {@code on} or {@code off}.
 * A non-zero exit is a {@link HardwareException} with the command's last output lines.
 */
public final class CommandPower implements PowerSwitch {

    private final String boardId;
    private final CommandTemplate command;
    private final String hub;
    private final String port;
    private final Duration timeout;

    public CommandPower(String boardId, String template, String hub, String port, int timeoutSeconds) {
        this.boardId = boardId;
        this.command = CommandTemplate.parse(template, ConfigLoader.POWER_PLACEHOLDERS, List.of("action"));
        this.hub = hub;
        this.port = port;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
    }

    @Override
    public void set(boolean on) {
        Map<String, String> v = new HashMap<>();
        v.put("action", on ? "on" : "off");
        v.put("hub", hub == null ? "" : hub);
        v.put("port", port == null ? "" : port);
        v.put("board", boardId);
        List<String> argv = command.render(v);
        ProcessRunner.Result r = ProcessRunner.run(argv, timeout, 10);
        if (!r.ok()) {
            throw new HardwareException(r.describe("power command '" + String.join(" ", argv) + "'"));
        }
    }

    @Override
    public String describe() {
        return "command '" + command.text() + "'";
    }
}
