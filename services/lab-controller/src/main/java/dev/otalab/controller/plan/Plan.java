package dev.otalab.controller.plan;

import java.util.List;
import java.util.Map;

/**
 * A HIL test plan: what board it needs, the images it programs and its cases. Immutable; read one
 * with {@link PlanParser}.
 *
 * @param name plan name, {@code [A-Za-z0-9._-]{1,64}}
 * @param description free text, may be empty
 * @param board what a board must offer to run the plan
 * @param images images by name, referenced by {@code program} steps
 * @param cases the cases, run in order
 */
public record Plan(String name, String description, BoardRequirements board, Map<String, ImageSpec> images,
        List<TestCase> cases) {

    /**
     * @param kit required kit name (null: any)
     * @param flashmap required flashmap name (null: any)
     * @param capabilities capabilities the board must advertise
     */
    public record BoardRequirements(String kit, String flashmap, List<String> capabilities) {
    }

    /** One case: named, a list of steps. */
    public record TestCase(String name, String description, List<Step> steps) {

        /** Whether a step injects faults (needs an emulated board). */
        public boolean needsFaultInjection() {
            return steps.stream().anyMatch(s -> s instanceof Step.Fault);
        }

        /** Whether a step talks to the OTA services (signing-service, image-store, job-service). */
        public boolean needsOtaServices() {
            return steps.stream().anyMatch(s -> s instanceof Step.Upload || s instanceof Step.Job
                    || s instanceof Step.WaitVersion || s instanceof Step.Campaign || s instanceof Step.CampaignCancel
                    || s instanceof Step.Blocked);
        }
    }
}
