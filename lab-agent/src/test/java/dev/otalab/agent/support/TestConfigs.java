package dev.otalab.agent.support;

import java.nio.file.Path;

/** YAML for one board wired the way the tests fake it: mock GPIO, a socat UART, the fake programmer. */
public final class TestConfigs {

    public static final int BUTTON = 17;
    public static final int RELAY = 27;
    public static final int LED = 22;

    private TestConfigs() {
    }

    /** The repository's flashmap directory. */
    public static Path flashmapDir() {
        return Path.of(System.getProperty("otalab.root", "..")).resolve("flashmap").toAbsolutePath().normalize();
    }

    /**
     * @param device the serial device (socat's kit side), or null for no UART
     * @param programmer the fake programmer, or null for none
     */
    public static String board(String id, String device, FakeProgrammer programmer, Path workDir) {
        StringBuilder y = new StringBuilder();
        y.append("agent:\n")
                .append("  id: test-agent\n")
                .append("  flashmapDir: ").append(flashmapDir()).append('\n')
                .append("  workDir: ").append(workDir).append('\n')
                .append("gpio:\n  provider: mock\n")
                .append("boards:\n")
                .append("  - id: ").append(id).append('\n')
                .append("    kit: CY8CPROTO-062-4343W\n")
                .append("    flashmap: psoc62_2m_ext_swap_single\n");
        if (device != null) {
            y.append("    serial: {device: ").append(device).append(", reopenPollMs: 50}\n");
        }
        y.append("    button: {line: ").append(BUTTON).append(", activeLevel: high, pressMs: 120}\n")
                .append("    power: {relay: {line: ").append(RELAY).append(", activeLevel: low}}\n")
                .append("    led: {line: ").append(LED).append(", activeLevel: high, debounceMicros: 0}\n");
        if (programmer != null) {
            y.append("    programmer:\n")
                    .append("      command: '").append(programmer.template().replace("'", "''")).append("'\n")
                    .append("      timeoutSeconds: 20\n");
        }
        return y.toString();
    }
}
