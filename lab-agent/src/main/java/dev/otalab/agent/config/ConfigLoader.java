package dev.otalab.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otalab.agent.config.AgentConfig.AgentSection;
import dev.otalab.agent.config.AgentConfig.BoardConfig;
import dev.otalab.agent.config.AgentConfig.ButtonConfig;
import dev.otalab.agent.config.AgentConfig.ControllerSection;
import dev.otalab.agent.config.AgentConfig.GpioSection;
import dev.otalab.agent.config.AgentConfig.LedConfig;
import dev.otalab.agent.config.AgentConfig.Level;
import dev.otalab.agent.config.AgentConfig.MqttSection;
import dev.otalab.agent.config.AgentConfig.PowerConfig;
import dev.otalab.agent.config.AgentConfig.ProgrammerConfig;
import dev.otalab.agent.config.AgentConfig.RelayConfig;
import dev.otalab.agent.config.AgentConfig.SerialConfig;
import dev.otalab.agent.programmer.CommandTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Reads the YAML configuration, fills in the defaults and checks everything that can be checked
 * without touching hardware. Unknown keys are errors (a misspelt key must not silently leave a
 * board without its relay).
 */
public final class ConfigLoader {

    public static final String PROVIDER_GPIOD = "gpiod";
    public static final String PROVIDER_MOCK = "mock";
    public static final int DEFAULT_BAUD = 115200;
    public static final int DEFAULT_RING_LINES = 10_000;
    public static final int DEFAULT_REOPEN_POLL_MS = 250;
    public static final long DEFAULT_PRESS_MS = 200;
    public static final long DEFAULT_LED_DEBOUNCE_MICROS = 1000;
    public static final int DEFAULT_PROGRAMMER_TIMEOUT_S = 300;
    public static final int DEFAULT_PROGRAMMER_LINES = 20;
    public static final int DEFAULT_POWER_TIMEOUT_S = 30;
    public static final int DEFAULT_HEARTBEAT_S = 30;
    public static final String DEFAULT_TOPIC_PREFIX = "otalab/agents";
    /** BCM 2..27: the GPIOs on the 40-pin header (0 and 1 are the HAT EEPROM's I2C). */
    public static final List<Integer> DEFAULT_LINES = IntStream.rangeClosed(2, 27).boxed().toList();

    public static final List<String> PROGRAMMER_PLACEHOLDERS = List.of("image", "address", "format", "board", "probe");
    public static final List<String> POWER_PLACEHOLDERS = List.of("action", "hub", "port", "board");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    /**
     * Reads and checks {@code file}.
     *
     * @param hostName default agent id and URL host
     * @param httpPort default URL port
     * @throws ConfigException unreadable file, bad YAML, or invalid values (all problems listed)
     */
    public static AgentConfig load(Path file, String hostName, int httpPort) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("agent configuration " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read agent configuration " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString(), hostName, httpPort);
    }

    /** As {@link #load} for text already read; {@code source} names it in messages. */
    public static AgentConfig parse(String yaml, String source, String hostName, int httpPort) {
        if (yaml == null || yaml.isBlank()) {
            throw new ConfigException("agent configuration " + source, List.of("the file is empty"));
        }
        AgentConfig raw;
        try {
            raw = YAML.readValue(yaml, AgentConfig.class);
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigException("agent configuration " + source, List.of(firstLine(m) + where));
        }
        if (raw == null) {
            throw new ConfigException("agent configuration " + source, List.of("the file is empty"));
        }
        List<String> problems = new ArrayList<>();
        AgentConfig cfg = normalize(raw, hostName, httpPort, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("agent configuration " + source, problems);
        }
        return cfg;
    }

    private static AgentConfig normalize(AgentConfig raw, String hostName, int httpPort, List<String> problems) {
        AgentSection a = raw.agent() == null ? new AgentSection(null, null, null, null) : raw.agent();
        String id = a.id() == null ? sanitizeHost(hostName) : a.id();
        if (!ID.matcher(id).matches()) {
            problems.add("agent.id must match [A-Za-z0-9._-]{1,64}, got '" + id + "'");
        }
        String url = a.url() == null ? "http://" + hostName + ":" + httpPort : a.url();
        checkUrl("agent.url", url, problems);
        String flashmapDir = a.flashmapDir();
        if (flashmapDir != null && !Files.isDirectory(Path.of(flashmapDir))) {
            problems.add("agent.flashmapDir " + flashmapDir + " is not a directory");
        }
        String workDir = a.workDir() == null ? System.getProperty("java.io.tmpdir") : a.workDir();
        if (!Files.isDirectory(Path.of(workDir)) || !Files.isWritable(Path.of(workDir))) {
            problems.add("agent.workDir " + workDir + " is not a writable directory");
        }
        AgentSection agent = new AgentSection(id, stripSlash(url), flashmapDir, workDir);

        GpioSection g = raw.gpio() == null ? new GpioSection(null, null) : raw.gpio();
        String provider = g.provider() == null ? PROVIDER_GPIOD : g.provider().trim().toLowerCase(Locale.ROOT);
        if (!provider.equals(PROVIDER_GPIOD) && !provider.equals(PROVIDER_MOCK)) {
            problems.add("gpio.provider must be 'gpiod' or 'mock', got '" + g.provider() + "'");
        }
        List<Integer> lines = g.lines() == null ? DEFAULT_LINES : List.copyOf(g.lines());
        for (Integer l : lines) {
            if (l == null || l < 0 || l > 63) {
                problems.add("gpio.lines holds " + l + ", not a GPIO number 0..63");
            }
        }
        GpioSection gpio = new GpioSection(provider, lines);

        ControllerSection controller = null;
        if (raw.controller() != null && raw.controller().url() != null && !raw.controller().url().isBlank()) {
            ControllerSection c = raw.controller();
            checkUrl("controller.url", c.url(), problems);
            int hb = c.heartbeatSeconds() == null ? DEFAULT_HEARTBEAT_S : c.heartbeatSeconds();
            range(problems, "controller.heartbeatSeconds", hb, 1, 3600);
            long ri = c.retryInitialMs() == null ? 1000 : c.retryInitialMs();
            long rm = c.retryMaxMs() == null ? 60_000 : c.retryMaxMs();
            range(problems, "controller.retryInitialMs", ri, 10, 3_600_000);
            range(problems, "controller.retryMaxMs", rm, ri, 3_600_000);
            controller = new ControllerSection(stripSlash(c.url()), hb, ri, rm);
        }

        MqttSection mqtt = null;
        if (raw.mqtt() != null && raw.mqtt().host() != null && !raw.mqtt().host().isBlank()) {
            MqttSection m = raw.mqtt();
            boolean tls = m.caFile() != null;
            int port = m.port() == null ? (tls ? 8883 : 1883) : m.port();
            range(problems, "mqtt.port", port, 1, 65535);
            String prefix = m.topicPrefix() == null ? DEFAULT_TOPIC_PREFIX : m.topicPrefix();
            if (prefix.isEmpty() || prefix.contains("+") || prefix.contains("#") || prefix.endsWith("/")) {
                problems.add("mqtt.topicPrefix must be a topic without wildcards or trailing '/', got '" + prefix + "'");
            }
            int keepAlive = m.keepAliveSeconds() == null ? 30 : m.keepAliveSeconds();
            range(problems, "mqtt.keepAliveSeconds", keepAlive, 1, 3600);
            if ((m.certFile() == null) != (m.keyFile() == null)) {
                problems.add("mqtt.certFile and mqtt.keyFile go together");
            }
            for (String f : new String[] {m.caFile(), m.certFile(), m.keyFile()}) {
                if (f != null && !Files.isReadable(Path.of(f))) {
                    problems.add("mqtt: file " + f + " is not readable");
                }
            }
            long ri = m.retryInitialMs() == null ? 1000 : m.retryInitialMs();
            long rm = m.retryMaxMs() == null ? 60_000 : m.retryMaxMs();
            range(problems, "mqtt.retryInitialMs", ri, 10, 3_600_000);
            range(problems, "mqtt.retryMaxMs", rm, ri, 3_600_000);
            String clientId = m.clientId() == null ? "otalab-agent-" + id : m.clientId();
            mqtt = new MqttSection(m.host(), port, prefix, clientId, m.username(), m.password(), keepAlive,
                    m.caFile(), m.certFile(), m.keyFile(), ri, rm);
        }

        List<BoardConfig> boards = new ArrayList<>();
        if (raw.boards() == null || raw.boards().isEmpty()) {
            problems.add("no boards configured (boards: [...])");
        } else {
            Set<String> ids = new HashSet<>();
            java.util.Map<String, String> devices = new java.util.HashMap<>();
            for (int i = 0; i < raw.boards().size(); i++) {
                BoardConfig b = raw.boards().get(i);
                if (b == null) {
                    problems.add("boards[" + i + "] is empty");
                    continue;
                }
                String where = b.id() == null ? "boards[" + i + "]" : "board '" + b.id() + "'";
                if (b.id() == null || !ID.matcher(b.id()).matches()) {
                    problems.add(where + ": id must match [A-Za-z0-9._-]{1,64}, got " + quote(b.id()));
                } else if (!ids.add(b.id())) {
                    problems.add(where + ": id used twice");
                }
                boards.add(board(b, where, problems));
                if (b.serial() != null && b.serial().device() != null) {
                    String other = devices.putIfAbsent(b.serial().device(), where);
                    if (other != null) {
                        problems.add(where + ": serial device " + b.serial().device() + " is also used by " + other);
                    }
                }
            }
        }
        return new AgentConfig(agent, gpio, controller, mqtt, List.copyOf(boards));
    }

    private static BoardConfig board(BoardConfig b, String where, List<String> problems) {
        if (b.kit() == null || b.kit().isBlank()) {
            problems.add(where + ": kit is required (e.g. CY8CPROTO-062-4343W)");
        }
        if (b.flashmap() != null && !ID.matcher(b.flashmap()).matches()) {
            problems.add(where + ": flashmap must be a file name without .json, got '" + b.flashmap() + "'");
        }
        SerialConfig serial = null;
        if (b.serial() != null) {
            SerialConfig s = b.serial();
            if (s.device() == null || s.device().isBlank()) {
                problems.add(where + ": serial.device is required (e.g. /dev/serial/by-id/usb-Cypress..._KitProg3_...-if02)");
            }
            int baud = s.baud() == null ? DEFAULT_BAUD : s.baud();
            range(problems, where + ": serial.baud", baud, 300, 4_000_000);
            int ring = s.ringLines() == null ? DEFAULT_RING_LINES : s.ringLines();
            range(problems, where + ": serial.ringLines", ring, 10, 1_000_000);
            int poll = s.reopenPollMs() == null ? DEFAULT_REOPEN_POLL_MS : s.reopenPollMs();
            range(problems, where + ": serial.reopenPollMs", poll, 10, 60_000);
            serial = new SerialConfig(s.device(), baud, ring, poll);
        }
        ButtonConfig button = null;
        if (b.button() != null) {
            ButtonConfig c = b.button();
            line(problems, where + ": button.line", c.line());
            long press = c.pressMs() == null ? DEFAULT_PRESS_MS : c.pressMs();
            range(problems, where + ": button.pressMs", press, 1, 600_000);
            button = new ButtonConfig(c.line(), c.activeLevel() == null ? Level.HIGH : c.activeLevel(), press);
        }
        PowerConfig power = null;
        if (b.power() != null) {
            PowerConfig p = b.power();
            String initial = p.initial() == null ? null : p.initial().trim().toLowerCase(Locale.ROOT);
            if (initial != null && !initial.equals("on") && !initial.equals("off")) {
                problems.add(where + ": power.initial must be 'on' or 'off', got '" + p.initial() + "'");
            }
            int timeout = p.timeoutSeconds() == null ? DEFAULT_POWER_TIMEOUT_S : p.timeoutSeconds();
            range(problems, where + ": power.timeoutSeconds", timeout, 1, 3600);
            RelayConfig relay = null;
            if ((p.relay() == null) == (p.command() == null)) {
                problems.add(where + ": power needs exactly one of relay: {line, activeLevel} or command: '...'");
            } else if (p.relay() != null) {
                line(problems, where + ": power.relay.line", p.relay().line());
                if (p.relay().activeLevel() == null) {
                    problems.add(where + ": power.relay.activeLevel is required: the level at which the kit is powered");
                }
                relay = p.relay();
                if (initial == null) {
                    initial = "on";
                }
            } else {
                try {
                    CommandTemplate.parse(p.command(), POWER_PLACEHOLDERS, List.of("action"));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": power.command: " + e.getMessage());
                }
            }
            power = new PowerConfig(relay, p.command(), p.hub(), p.port(), timeout, initial);
        }
        LedConfig led = null;
        if (b.led() != null) {
            LedConfig c = b.led();
            line(problems, where + ": led.line", c.line());
            long debounce = c.debounceMicros() == null ? DEFAULT_LED_DEBOUNCE_MICROS : c.debounceMicros();
            range(problems, where + ": led.debounceMicros", debounce, 0, 1_000_000);
            led = new LedConfig(c.line(), c.activeLevel() == null ? Level.HIGH : c.activeLevel(), debounce);
        }
        ProgrammerConfig programmer = null;
        if (b.programmer() != null) {
            ProgrammerConfig c = b.programmer();
            try {
                CommandTemplate.parse(c.command(), PROGRAMMER_PLACEHOLDERS, List.of("image"));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": programmer.command: " + e.getMessage());
            }
            int timeout = c.timeoutSeconds() == null ? DEFAULT_PROGRAMMER_TIMEOUT_S : c.timeoutSeconds();
            range(problems, where + ": programmer.timeoutSeconds", timeout, 1, 3600);
            int lines = c.outputLines() == null ? DEFAULT_PROGRAMMER_LINES : c.outputLines();
            range(problems, where + ": programmer.outputLines", lines, 0, 1000);
            programmer = new ProgrammerConfig(c.command(), c.probe(), timeout, lines);
        }
        return new BoardConfig(b.id(), b.kit(), b.flashmap(), serial, button, power, led, programmer);
    }

    private static void line(List<String> problems, String what, Integer line) {
        if (line == null) {
            problems.add(what + " is required (a BCM GPIO number)");
        } else {
            range(problems, what, line, 0, 63);
        }
    }

    private static void range(List<String> problems, String what, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(what + " must be " + min + ".." + max + ", got " + value);
        }
    }

    private static void checkUrl(String what, String url, List<String> problems) {
        try {
            URI u = new URI(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                problems.add(what + " must be an http(s) URL, got '" + url + "'");
            }
        } catch (URISyntaxException e) {
            problems.add(what + " is not a URL: " + e.getMessage());
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String sanitizeHost(String host) {
        String h = host == null || host.isBlank() ? "agent" : host;
        String s = h.replaceAll("[^A-Za-z0-9._-]", "-");
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "invalid YAML";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
