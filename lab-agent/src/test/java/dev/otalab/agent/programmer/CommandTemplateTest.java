package dev.otalab.agent.programmer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {

    private static final List<String> ALL = List.of("image", "address", "format", "board", "probe");

    @Test
    void splitsLikeAShellAndSubstitutesAfterSplitting() {
        CommandTemplate t = CommandTemplate.parse(
                "openocd -s /usr/share/openocd/scripts -f interface/kitprog3.cfg -f target/psoc6_2m.cfg"
                        + " -c \"program {image} {address} verify reset exit\"", ALL, List.of("image"));
        List<String> argv = t.render(Map.of("image", "/tmp/a b.bin", "address", "0x18000200"));
        assertThat(argv).containsExactly("openocd", "-s", "/usr/share/openocd/scripts", "-f", "interface/kitprog3.cfg",
                "-f", "target/psoc6_2m.cfg", "-c", "program /tmp/a b.bin 0x18000200 verify reset exit");
    }

    @Test
    void anArgumentThatIsOnlyAnEmptyPlaceholderIsDropped() {
        CommandTemplate t = CommandTemplate.parse("tool {image} {address} --x={address}", ALL, List.of("image"));
        assertThat(t.render(Map.of("image", "f.hex", "address", ""))).containsExactly("tool", "f.hex", "--x=");
    }

    @Test
    void quotesAndEscapes() {
        assertThat(CommandTemplate.split("a 'b c' \"d \\\"e\\\" \\\\\" f\\ g")).containsExactly("a", "b c", "d \"e\" \\", "f g");
        assertThat(CommandTemplate.split("  ''  x")).containsExactly("", "x");
    }

    @Test
    void valuesCannotInjectArguments() {
        CommandTemplate t = CommandTemplate.parse("uhubctl -l {hub} -p {port} -a {action}",
                List.of("action", "hub", "port", "board"), List.of("action"));
        assertThat(t.render(Map.of("hub", "1-1; rm -rf /", "port", "2", "action", "off")))
                .containsExactly("uhubctl", "-l", "1-1; rm -rf /", "-p", "2", "-a", "off");
    }

    @Test
    void rejectsUnknownAndMissingPlaceholdersAndBadQuoting() {
        assertThatThrownBy(() -> CommandTemplate.parse("openocd {img}", ALL, List.of("image")))
                .hasMessageContaining("unknown placeholder {img}");
        assertThatThrownBy(() -> CommandTemplate.parse("openocd -c program", ALL, List.of("image")))
                .hasMessageContaining("must contain {image}");
        assertThatThrownBy(() -> CommandTemplate.parse("openocd \"{image}", ALL, List.of("image")))
                .hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> CommandTemplate.parse("  ", ALL, List.of())).hasMessageContaining("empty");
    }
}
