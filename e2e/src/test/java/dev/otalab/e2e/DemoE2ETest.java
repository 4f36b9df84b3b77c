package dev.otalab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.cli.Otalab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./otalab demo} end to end, in-process: every service from its jar, the emulator with the
 * nightly board and ten campaign kits, both nightly plans through the lab-controller and both campaigns.
 * The reports it writes are what is checked: every nightly case and every campaign check passed.
 */
class DemoE2ETest {

    @Test
    void theDemoPassesAndReportsEveryCaseAndCampaignCheck() throws Exception {
        Path reports = Path.of("target/demo-report").toAbsolutePath();
        StringWriter out = new StringWriter();
        CommandLine cli = Otalab.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute("demo", "--report-dir", reports.toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("everything passed", reports.resolve("index.html").toString());
        assertPassed(reports.resolve("rollback-nightly.xml"), 7, "revert-bad-image-after-watchdog");
        assertPassed(reports.resolve("ota-nightly.xml"), 4, "ota-revert-bad-image");
        assertPassed(reports.resolve("campaign.xml"), 3, "1.2.0 blocked for reverted devices");
        String campaign = Files.readString(reports.resolve("campaign.json"));
        assertThat(campaign).contains("\"state\" : \"ABORTED\"", "\"state\" : \"SUCCEEDED\"", "\"REVERTED\"");
        assertThat(Files.readString(reports.resolve("index.html"))).contains("PASSED", "ota-nightly.html", "campaign.xml");
    }

    private static void assertPassed(Path junit, int cases, String oneCase) throws Exception {
        String xml = Files.readString(junit);
        assertThat(xml).contains("name=\"" + oneCase + "\"").doesNotContain("<failure", "<error", "<skipped");
        Matcher tests = Pattern.compile("<testsuite[^>]* tests=\"(\\d+)\"").matcher(xml);
        assertThat(tests.find()).as(xml).isTrue();
        assertThat(Integer.parseInt(tests.group(1))).as(junit.toString()).isEqualTo(cases);
    }
}
