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

    /**
     * Creates a campaign in job-service for {@code board} (image {@code digest}, usually {@code ${digest}})
     * and starts it; its id goes into the case variable {@code saveAs}. The request fields map 1:1 to
     * job-service's {@code POST /api/v1/campaigns} (null: job-service's default). With {@code await}, the
     * step waits for the campaign to end and fails when it ends otherwise than expected.
     */
    record Campaign(String board, String digest, String name, Targets targets, List<Wave> waves,
            Integer successThreshold, Abort abort, Long executionTimeoutSeconds, Integer maxAttempts,
            Boolean confirmRequired, String saveAs, Await await) implements Step {
        public String kind() { return "campaign"; }
        public String describe() {
            return "campaign for " + board + ": image " + digest + " as ${" + saveAs + "}"
                    + (await != null ? ", await " + await.state() + (await.counts().isEmpty() ? "" : " " + await.counts())
                            + " within " + await.timeoutMs() + " ms" : "");
        }

        /** Exactly one of the three is set; serial numbers may hold variables. */
        public record Targets(List<String> serialNumbers, Integer percent, Boolean all) {
        }

        /** Exactly one of the two is set. */
        public record Wave(Integer size, Integer percent) {
        }

        public record Abort(List<String> failureTypes, Integer percent, Integer minExecuted) {
        }

        /**
         * @param state the terminal state the campaign must end in (SUCCEEDED, ABORTED, CANCELED)
         * @param counts executions per state the ended campaign must have (states not named are not checked)
         */
        public record Await(String state, long timeoutMs, java.util.Map<String, Integer> counts) {
        }
    }

    /** Cancels every open (CREATED, RUNNING, PAUSED) campaign of {@code board}; none is not an error. */
    record CampaignCancel(String board) implements Step {
        public String kind() { return "campaign"; }
        public String describe() { return "cancel the open campaigns of " + board; }
    }

    /**
     * Checks that job-service blocks {@code version} for a device of {@code board} (with
     * {@code serialNumber} if given) because it reverted from it, or with {@code clear} deletes such
     * blocks (an operator's decision; nothing blocked is not an error).
     */
    record Blocked(String version, String board, String serialNumber, boolean clear) implements Step {
        public String kind() { return "blocked"; }
        public String describe() {
            String device = board + (serialNumber != null ? ":" + serialNumber : "");
            return clear ? "clear the block of " + version + " for " + device : version + " blocked for " + device;
        }
    }
}
