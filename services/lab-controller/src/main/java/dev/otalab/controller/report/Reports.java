package dev.otalab.controller.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** JUnit XML and a self-contained HTML report (inline CSS, no external assets) of a {@link RunView}. */
public final class Reports {

    private Reports() {
    }

    /** JUnit XML: one {@code <testsuite>} per run, one {@code <testcase>} per case, the case's UART in {@code <system-out>}. */
    public static String junitXml(RunView r) {
        int failures = count(r, "FAILURE");
        int errors = count(r, "ERROR");
        int skipped = count(r, "SKIPPED") + count(r, "CANCELLED") + count(r, "PENDING") + count(r, "RUNNING");
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"").append(attr(r.plan())).append("\" tests=\"").append(r.cases().size())
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"").append(skipped).append("\" time=\"").append(secs(r.durationMs())).append("\">\n");
        x.append("  <testsuite name=\"").append(attr(r.plan())).append("\" id=\"").append(attr(r.id()))
                .append("\" hostname=\"").append(attr(r.boardId() == null ? "" : r.boardId()))
                .append("\" tests=\"").append(r.cases().size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"").append(errors).append("\" skipped=\"").append(skipped)
                .append("\" time=\"").append(secs(r.durationMs())).append("\"")
                .append(r.startedAt() != null ? " timestamp=\"" + r.startedAt() + "\"" : "").append(">\n");
        x.append("    <properties>\n");
        prop(x, "board.url", r.boardUrl());
        prop(x, "board.id", r.boardId());
        prop(x, "run.status", r.status());
        x.append("    </properties>\n");
        for (RunView.CaseView c : r.cases()) {
            x.append("    <testcase classname=\"").append(attr(r.plan())).append("\" name=\"").append(attr(c.name()))
                    .append("\" time=\"").append(secs(c.durationMs())).append("\">\n");
            RunView.StepView bad = c.steps().stream()
                    .filter(s -> s.status().equals("FAILED") || s.status().equals("ERROR")).findFirst().orElse(null);
            switch (c.status()) {
                case "FAILURE" -> x.append("      <failure type=\"StepFailed\" message=\"").append(attr(c.message()))
                        .append("\">").append(text(detail(bad))).append("</failure>\n");
                case "ERROR" -> x.append("      <error type=\"InfrastructureError\" message=\"").append(attr(c.message()))
                        .append("\">").append(text(detail(bad))).append("</error>\n");
                case "SKIPPED", "CANCELLED", "PENDING", "RUNNING" -> x.append("      <skipped message=\"")
                        .append(attr(c.status() + (c.message() != null ? ": " + c.message() : ""))).append("\"/>\n");
                default -> {
                }
            }
            StringBuilder out = new StringBuilder();
            for (RunView.StepView s : c.steps()) {
                out.append("# step ").append(s.index()).append(' ').append(s.description()).append(": ")
                        .append(s.status()).append(s.durationMs() != null ? " (" + s.durationMs() + " ms)" : "")
                        .append(s.message() != null ? " " + s.message() : "").append('\n');
            }
            if (c.uart() != null) {
                out.append("# console\n");
                c.uart().forEach(l -> out.append(l).append('\n'));
            }
            x.append("      <system-out>").append(text(out.toString())).append("</system-out>\n");
            x.append("    </testcase>\n");
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    private static String detail(RunView.StepView s) {
        if (s == null) {
            return "";
        }
        StringBuilder d = new StringBuilder("step ").append(s.index()).append(": ").append(s.description()).append('\n');
        if (s.message() != null) {
            d.append(s.message()).append('\n');
        }
        if (s.expected() != null) {
            d.append("expected: ").append(s.expected()).append('\n');
        }
        if (s.actual() != null) {
            d.append("actual:   ").append(s.actual()).append('\n');
        }
        return d.toString();
    }

    private static void prop(StringBuilder x, String name, String value) {
        if (value != null) {
            x.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
        }
    }

    private static int count(RunView r, String status) {
        return (int) r.cases().stream().filter(c -> c.status().equals(status)).count();
    }

    private static String secs(Long ms) {
        return String.format(Locale.ROOT, "%.3f", ms == null ? 0.0 : ms / 1000.0);
    }

    /** XML text: escapes markup and replaces characters XML 1.0 forbids (ESC from ANSI sequences) by {@code \xNN}. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD) || c > 0xFFFF) {
                        b.appendCodePoint(c);
                    } else {
                        b.append(String.format("\\x%02x", c));
                    }
                }
            }
        });
        return b.toString();
    }

    static String attr(String s) {
        return text(s).replace("\n", "&#10;");
    }

    /** A self-contained HTML page: summary, one section per case with a per-step timeline and its console. */
    public static String html(RunView r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.append("<title>").append(text("Run " + r.plan() + " " + r.id())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;vertical-align:top}")
                .append(".PASSED{color:#17692b}.FAILURE,.FAILED{color:#b00020}.ERROR{color:#a05a00}")
                .append(".SKIPPED,.CANCELLED,.PENDING{color:#777}")
                .append(".bar{position:relative;height:14px;background:#eee;width:400px}")
                .append(".bar span{position:absolute;top:0;height:14px;min-width:2px}")
                .append(".bPASSED{background:#3c9d55}.bFAILED{background:#d33}.bERROR{background:#e0912b}.bSKIPPED{background:#bbb}")
                .append("pre{background:#f6f6f6;padding:.5em;max-height:20em;overflow:auto;font-size:12px}")
                .append("section{border-top:1px solid #ccc;margin-top:1em}</style></head><body>\n");
        h.append("<h1>").append(text(r.plan())).append(" <span class=\"").append(r.status()).append("\">")
                .append(r.status()).append("</span></h1>\n<table>");
        row(h, "run", r.id());
        row(h, "board", (r.boardId() == null ? "?" : r.boardId()) + " at " + r.boardUrl());
        row(h, "started", String.valueOf(r.startedAt()));
        row(h, "duration", r.durationMs() == null ? "-" : r.durationMs() + " ms");
        row(h, "cases", r.totals().toString());
        if (r.message() != null) {
            row(h, "message", r.message());
        }
        h.append("</table>\n<h2>Cases</h2><table><tr><th>case</th><th>status</th><th>duration</th><th>message</th></tr>");
        for (RunView.CaseView c : r.cases()) {
            h.append("<tr><td><a href=\"#c-").append(attr(c.name())).append("\">").append(text(c.name()))
                    .append("</a></td><td class=\"").append(c.status()).append("\">").append(c.status())
                    .append("</td><td>").append(c.durationMs() == null ? "-" : c.durationMs() + " ms").append("</td><td>")
                    .append(text(c.message() == null ? "" : c.message())).append("</td></tr>");
        }
        h.append("</table>\n");
        for (RunView.CaseView c : r.cases()) {
            h.append("<section id=\"c-").append(attr(c.name())).append("\"><h3>").append(text(c.name()))
                    .append(" <span class=\"").append(c.status()).append("\">").append(c.status()).append("</span></h3>");
            Instant t0 = c.startedAt();
            long total = Math.max(1, c.durationMs() == null ? 1 : c.durationMs());
            h.append("<table><tr><th>#</th><th>step</th><th>status</th><th>ms</th><th>timeline</th><th>detail</th></tr>");
            for (RunView.StepView s : c.steps()) {
                h.append("<tr><td>").append(s.index()).append("</td><td>").append(text(s.description()))
                        .append("</td><td class=\"").append(s.status()).append("\">").append(s.status()).append("</td><td>")
                        .append(s.durationMs() == null ? "" : s.durationMs()).append("</td><td><div class=\"bar\">");
                if (t0 != null && s.startedAt() != null && s.durationMs() != null) {
                    double left = java.time.Duration.between(t0, s.startedAt()).toMillis() * 100.0 / total;
                    double width = s.durationMs() * 100.0 / total;
                    h.append(String.format(Locale.ROOT, "<span class=\"b%s\" style=\"left:%.2f%%;width:%.2f%%\"></span>",
                            s.status(), Math.min(100, left), Math.min(100, width)));
                }
                h.append("</div></td><td>");
                if (s.message() != null) {
                    h.append(text(s.message()));
                }
                if (s.expected() != null) {
                    h.append("<br><b>expected:</b> ").append(text(s.expected()));
                }
                if (s.actual() != null) {
                    h.append("<br><b>actual:</b> ").append(text(s.actual()));
                }
                h.append("</td></tr>");
            }
            h.append("</table>");
            if (c.uart() != null && !c.uart().isEmpty()) {
                h.append("<details><summary>console (").append(c.uart().size()).append(" lines)</summary><pre>");
                c.uart().forEach(l -> h.append(text(l)).append('\n'));
                h.append("</pre></details>");
            }
            h.append("</section>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(text(k)).append("</th><td>").append(text(v)).append("</td></tr>");
    }

}
