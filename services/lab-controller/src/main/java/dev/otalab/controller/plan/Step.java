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

    /**
     * Builds the plan image {@code image} for the board string {@code board} and uploads it to
     * image-store; its digest goes into the case variable {@code saveAs}.
     */
    record Upload(String image, String board, String saveAs) implements Step {
        public String kind() { return "upload"; }
        public String describe() { return "upload " + image + " for " + board + " as ${" + saveAs + "}"; }
    }

    /**
     * Creates or replaces the job document of {@code board} in job-service ({@code digest} = image
     * digest, usually {@code ${digest}}), or removes it ({@code delete}).
     */
    record Job(String board, String digest, String broker, String port, List<String> serialNumbers, boolean delete)
            implements Step {
        public String kind() { return "job"; }
        public String describe() {
            return delete ? "delete the job of " + board : "job for " + board + ": image " + digest;
        }
    }

    /**
     * Waits until a device of {@code board} (with {@code serialNumber} if given) checks in with
     * job-service reporting {@code version} (and, if given, getting {@code decision}).
     */
    record WaitVersion(String version, String board, String serialNumber, String decision, long timeoutMs)
            implements Step {
        public String kind() { return "waitVersion"; }
        public String describe() {
            return "wait for " + board + (serialNumber != null ? ":" + serialNumber : "") + " to report " + version
                    + (decision != null ? " (" + decision + ")" : "") + " within " + timeoutMs + " ms";
        }
    }
}
