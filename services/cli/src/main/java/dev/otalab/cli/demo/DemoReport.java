package dev.otalab.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otalab.cli.demo.CampaignDemo.Check;
import dev.otalab.cli.demo.NightlySuite.PlanResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's own reports beside the nightly runs' ones: the campaign as JUnit XML ({@code campaign.xml},
 * one test case per check) and JSON ({@code campaign.json}: checks plus the campaign and execution views),
 * {@code index.html} linking every report, and the printed summary.
 */
public final class DemoReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    private final Path dir;

    public DemoReport(Path dir) {
        this.dir = dir;
    }

    /** Deletes {@code dir} and everything in it. */
    public static void clear(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    public void writeCampaign(CampaignDemo.Outcome outcome) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("campaign.xml"), campaignXml(outcome.checks()));
        ObjectNode json = JSON.createObjectNode();
        json.set("checks", JSON.valueToTree(outcome.checks()));
        json.setAll(outcome.views());
        JSON.writeValue(dir.resolve("campaign.json").toFile(), json);
    }

    static String campaignXml(List<Check> checks) {
        long failures = checks.stream().filter(c -> !c.passed()).count();
        double seconds = checks.stream().mapToLong(Check::durationMs).sum() / 1000.0;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format("<testsuite name=\"campaign\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                checks.size(), failures, seconds));
        for (Check c : checks) {
            x.append(String.format("  <testcase classname=\"campaign\" name=\"%s\" time=\"%.3f\">%n", xml(c.name()), c.durationMs() / 1000.0));
            if (!c.passed()) {
                x.append("    <failure message=\"").append(xml(c.detail())).append("\"/>\n");
            }
            x.append("    <system-out>").append(xml(c.detail())).append("</system-out>\n  </testcase>\n");
        }
        return x.append("</testsuite>\n").toString();
    }

    public void writeIndex(List<PlanResult> plans, CampaignDemo.Outcome campaign, long seconds) throws IOException {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>otalab demo</title>"
                + "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left}"
                + ".ok{color:#060}.bad{color:#b00}</style></head><body><h1>otalab demo</h1>");
        h.append("<p>").append(verdict(plans, campaign) ? "<b class=ok>PASSED</b>" : "<b class=bad>FAILED</b>")
                .append(" in ").append(seconds).append(" s</p><h2>Nightly suite</h2><table><tr><th>plan</th><th>status</th>"
                + "<th>passed</th><th>failed</th><th>skipped</th><th>reports</th></tr>");
        for (PlanResult p : plans) {
            h.append(String.format("<tr><td>%s</td><td class=%s>%s</td><td>%d</td><td>%d</td><td>%d</td><td>"
                    + "<a href=\"%1$s.html\">HTML</a> <a href=\"%1$s.xml\">JUnit XML</a> <a href=\"%1$s.json\">JSON</a></td></tr>",
                    xml(p.plan()), p.ok() ? "ok" : "bad", p.status(), p.passed(), p.failed(), p.skipped()));
        }
        h.append("</table><h2>Campaign</h2><p><a href=\"campaign.xml\">JUnit XML</a> <a href=\"campaign.json\">JSON</a></p><table>");
        if (campaign != null) {
            for (Check c : campaign.checks()) {
                h.append(String.format("<tr><td class=%s>%s</td><td>%s</td><td>%s</td></tr>", c.passed() ? "ok" : "bad",
                        c.passed() ? "PASSED" : "FAILED", xml(c.name()), xml(c.detail())));
            }
        }
        h.append("</table><p>Service logs: <a href=\"logs/\">logs/</a></p></body></html>\n");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), h, StandardCharsets.UTF_8);
    }

    public static boolean verdict(List<PlanResult> plans, CampaignDemo.Outcome campaign) {
        return plans.size() == NightlySuite.PLANS.size() && plans.stream().allMatch(PlanResult::ok)
                && campaign != null && campaign.ok();
    }

    public void printSummary(PrintWriter out, List<PlanResult> plans, CampaignDemo.Outcome campaign, long seconds) {
        out.println();
        out.println("otalab demo summary");
        for (PlanResult p : plans) {
            out.printf("  nightly %-17s %-7s %2d passed, %d failed, %d skipped (%.0f s)%n", p.plan(), p.status(),
                    p.passed(), p.failed(), p.skipped(), p.durationMs() / 1000.0);
            p.failures().forEach(f -> out.println("      " + f));
        }
        if (campaign != null) {
            ObjectNode v = campaign.views();
            for (String c : List.of("badCampaign", "goodCampaign")) {
                if (v.has(c)) {
                    out.printf("  campaign %-11s %-9s %s%n", v.get(c).path("name").asText(), v.get(c).path("state").asText(),
                            CampaignChecks.nonZero(v.get(c).path("counts")));
                }
            }
            campaign.checks().forEach(c -> out.printf("    %-6s %s%s%n", c.passed() ? "PASSED" : "FAILED", c.name(),
                    c.passed() ? "" : ": " + c.detail()));
        }
        boolean ok = verdict(plans, campaign);
        out.printf("  %s in %d s; reports: %s%n", ok ? "everything passed" : "FAILED", seconds, dir.resolve("index.html"));
        out.flush();
    }

    private static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch < 0x20 && ch != '\n' && ch != '\t' ? ' ' : ch);
            }
        }
        return b.toString();
    }
}
