package dev.otalab.controller.plan;

import java.util.List;

/** One step of a case. {@link #kind()} is the YAML key. */
public sealed interface Step {

    String kind();

    /** A one-line description for logs and reports. */
    String describe();

    record Program(String area, String image) implements Step {
        public String kind() { return "program"; }
        public String describe() { return "program " + image + " into " + area; }
    }

    record Power(String action, Long offMs) implements Step {
        public String kind() { return "power"; }
        public String describe() { return "power " + action + (offMs != null ? " offMs=" + offMs : ""); }
    }

    record Button(String action, Long ms) implements Step {
        public String kind() { return "button"; }
        public String describe() { return "button " + action + (ms != null ? " ms=" + ms : ""); }
    }

    record Expect(String pattern, List<String> notMatching, long timeoutMs) implements Step {
        public String kind() { return "expect"; }
        public String describe() { return "expect /" + pattern + "/ within " + timeoutMs + " ms"; }
    }

    /** Types text into the console (answers a prompt). */
    record Send(String text) implements Step {
        public String kind() { return "send"; }
        public String describe() { return "send '" + text + "'"; }
    }

    record Led(long periodMs, double tolerancePct, long windowMs) implements Step {
        public String kind() { return "led"; }
        public String describe() { return "led period " + periodMs + " ms ±" + tolerancePct + "% over " + windowMs + " ms"; }
    }

    record Fault(Long powerLossAtFlashOp, Long powerLossAfterMs) implements Step {
        public String kind() { return "fault"; }
        public String describe() {
            return "fault " + (powerLossAtFlashOp != null ? "powerLossAtFlashOp=" + powerLossAtFlashOp
                    : "powerLossAfterMs=" + powerLossAfterMs);
        }
    }

    record Wait(long ms) implements Step {
        public String kind() { return "wait"; }
        public String describe() { return "wait " + ms + " ms"; }
    }
}
