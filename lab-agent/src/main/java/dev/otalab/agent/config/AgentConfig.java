package dev.otalab.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * The agent's configuration file (YAML, path in {@code otalab.agent.config}): what hardware exists
 * on this Raspberry Pi and how it is wired. Read and checked by {@link ConfigLoader}; the hardware
 * itself (devices, GPIO lines) is checked when the boards are opened.
 *
 * <pre>
 * agent:
 *   id: rack1-pi1
 *   url: http://rack1-pi1.lab:8091
 *   flashmapDir: /opt/otalab-agent/flashmap
 * gpio:
 *   provider: gpiod            # or mock (tests, x86)
 * controller:
 *   url: http://controller.lab:8080
 *   heartbeatSeconds: 30
 * mqtt:
 *   host: broker.lab
 *   port: 1883
 * boards:
 *   - id: rack1-slot1
 *     kit: CY8CPROTO-062-4343W
 *     flashmap: psoc62_2m_ext_swap_single
 *     serial: { device: /dev/serial/by-id/usb-Cypress_Semiconductor_KitProg3_CMSIS-DAP_0B0F1A2B03201400-if02 }
 *     button: { line: 17, activeLevel: high, pressMs: 200 }
 *     power:  { relay: { line: 27, activeLevel: low } }
 *     led:    { line: 22, activeLevel: high }
 *     programmer:
 *       command: openocd -s /usr/share/openocd/scripts -f interface/kitprog3.cfg -f target/psoc6_2m.cfg -c "program {image} {address} verify reset exit"
 * </pre>
 *
 * Every section but {@code boards} is optional; every per-board device is optional and a board
 * advertises a capability for each device it has.
 */
public record AgentConfig(AgentSection agent, GpioSection gpio, ControllerSection controller, MqttSection mqtt,
        List<BoardConfig> boards) {

    /**
     * @param id agent id (controller registration, MQTT topic); default: the host name
     * @param url base URL the controller uses to reach this agent; default {@code http://<host>:<port>}
     * @param flashmapDir directory of flashmap {@code <name>.json} files (area names → addresses)
     * @param workDir where uploaded images are written for the programmer; default the system temp dir
     */
    public record AgentSection(String id, String url, String flashmapDir, String workDir) {
    }

    /**
     * @param provider {@code gpiod} (Raspberry Pi) or {@code mock} (pi4j mock provider: tests, x86)
     * @param lines the GPIO lines (BCM numbers) that exist; default 2..27, the 40-pin header's
     */
    public record GpioSection(String provider, List<Integer> lines) {
    }

    /**
     * @param url controller base URL; absent = no registration
     * @param heartbeatSeconds heartbeat interval (default 30)
     * @param retryInitialMs first retry delay after a failure (default 1000), doubled up to retryMaxMs
     * @param retryMaxMs longest retry delay (default 60000)
     */
    public record ControllerSection(String url, Integer heartbeatSeconds, Long retryInitialMs, Long retryMaxMs) {
    }

    /**
     * @param host broker host; absent = no MQTT presence
     * @param port broker port (default 1883, 8883 with TLS)
     * @param topicPrefix status topic is {@code <prefix>/<agent-id>/status} (default {@code otalab/agents})
     * @param clientId default {@code otalab-agent-<agent-id>}
     * @param username optional MQTT user name (with TLS client certificates: the certificate CN)
     * @param password optional
     * @param keepAliveSeconds MQTT keep-alive (default 30): how soon the broker notices a silent drop
     * @param caFile PEM CA file; when set the connection uses TLS
     * @param certFile PEM client certificate (mutual TLS), with keyFile
     * @param keyFile PEM PKCS#8 client key
     * @param retryInitialMs first reconnect delay (default 1000), doubled up to retryMaxMs
     * @param retryMaxMs longest reconnect delay (default 60000)
     */
    public record MqttSection(String host, Integer port, String topicPrefix, String clientId, String username,
            String password, Integer keepAliveSeconds, String caFile, String certFile, String keyFile,
            Long retryInitialMs, Long retryMaxMs) {
    }

    /**
     * One kit.
     *
     * @param id board id, {@code [A-Za-z0-9._-]{1,64}}, unique on this agent
     * @param kit kit name as Infineon spells it
     * @param flashmap flashmap name (file in {@code agent.flashmapDir} without {@code .json}); optional
     */
    public record BoardConfig(String id, String kit, String flashmap, SerialConfig serial, ButtonConfig button,
            PowerConfig power, LedConfig led, ProgrammerConfig programmer) {
    }

    /**
     * The KitProg3 USB-UART bridge.
     *
     * @param device port path, preferably the stable {@code /dev/serial/by-id/...} link
     * @param baud default 115200 (8N1 always)
     * @param ringLines console lines kept (default 10000)
     * @param reopenPollMs how often a lost device's path is looked for (default 250)
     */
    public record SerialConfig(String device, Integer baud, Integer ringLines, Integer reopenPollMs) {
    }

    /**
     * The user button, driven through an opto-coupler or transistor.
     *
     * @param line BCM GPIO number
     * @param activeLevel the GPIO level that presses the button
     * @param pressMs default press length when a request gives none (default 200)
     */
    public record ButtonConfig(Integer line, Level activeLevel, Long pressMs) {
    }

    /**
     * The kit's supply: either a relay on a GPIO line or a command (a switchable USB hub port).
     *
     * @param relay relay line
     * @param command command template with {@code {action}} ({@code on}/{@code off}), {@code {hub}},
     *        {@code {port}}, e.g. {@code uhubctl -l {hub} -p {port} -a {action}}
     * @param hub substituted for {@code {hub}}
     * @param port substituted for {@code {port}}
     * @param timeoutSeconds command timeout (default 30)
     * @param initial {@code on} or {@code off} to switch at start; default {@code on} for a relay, no
     *        action for a command (state unknown until the first request)
     */
    public record PowerConfig(RelayConfig relay, String command, String hub, String port, Integer timeoutSeconds,
            String initial) {
    }

    /**
     * @param line BCM GPIO number
     * @param activeLevel the level at which the kit is powered
     */
    public record RelayConfig(Integer line, Level activeLevel) {
    }

    /**
     * A GPIO input wired to the user LED (through a photo-transistor or a buffer).
     *
     * @param line BCM GPIO number
     * @param activeLevel the level seen while the LED is lit
     * @param debounceMicros input debounce (default 1000)
     */
    public record LedConfig(Integer line, Level activeLevel, Long debounceMicros) {
    }

    /**
     * The programmer (OpenOCD with KitProg3).
     *
     * @param command template; placeholders {@code {image}} (the uploaded file), {@code {address}}
     *        ({@code 0x…} for bin, empty for hex), {@code {format}}, {@code {board}}, {@code {probe}}
     * @param probe KitProg3 serial number substituted for {@code {probe}} (OpenOCD {@code adapter serial})
     * @param timeoutSeconds default 300
     * @param outputLines how many of the tool's last lines an error reports (default 20)
     */
    public record ProgrammerConfig(String command, String probe, Integer timeoutSeconds, Integer outputLines) {
    }

    /** A GPIO level. */
    public enum Level {
        HIGH, LOW;

        @JsonCreator
        public static Level parse(String text) {
            if (text != null) {
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "high", "1" -> {
                        return HIGH;
                    }
                    case "low", "0" -> {
                        return LOW;
                    }
                    default -> {
                        // below
                    }
                }
            }
            throw new IllegalArgumentException("a level is 'high' or 'low', got '" + text + "'");
        }

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
