package dev.otalab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.cli.Otalab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./otalab bench ota} on a small fleet, so the benchmark keeps running: every kit updates, and
 * the services' data plane and the raw broker run both deliver every chunk (each step fails the command
 * when a message is missing). The figures themselves are not checked: speed is measured, not asserted.
 */
class BenchOtaE2ETest {

    @Test
    void aSmallBenchUpdatesEveryKitAndPrintsAllThreeRates() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Otalab.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("bench", "ota", "--devices", "4", "--size", "20000", "--timeout", "120");

        String printed = out + "\n" + err;
        assertThat(exit).as(printed).isZero();
        assertThat(find(out.toString(), "devices (\\d+), MB/s [\\d.]+, p99 s [\\d.]+, lost (\\d+)"))
                .as(printed).containsExactly("4", "0");
        // 20,000 bytes of application signed with its 0x400-byte header and trailer (~21.2 kB; an ECDSA
        // signature's length varies by a byte): 6 chunks
        assertThat(find(err.toString(), "offers 1\\.1\\.0 \\(\\d+ bytes, (\\d+) chunks\\)")).as(printed).containsExactly("6");
        assertThat(find(out.toString(), "raw broker: (\\d+) messages of 4128 B")).as(printed).containsExactly("24");
        assertThat(find(out.toString(), "services' data plane to mosquitto_sub: (\\d+) images in [\\d.]+ s"))
                .as(printed).containsExactly("4");
    }

    private static String[] find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
        String[] groups = new String[m.groupCount()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i + 1);
        }
        return groups;
    }
}
