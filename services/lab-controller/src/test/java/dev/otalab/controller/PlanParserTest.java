package dev.otalab.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.controller.plan.Plan;
import dev.otalab.controller.plan.PlanException;
import dev.otalab.controller.plan.PlanParser;
import dev.otalab.controller.plan.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plan YAML: the shipped nightly plan parses; every kind of mistake is named by its location. */
class PlanParserTest {

    static final String HEAD = "name: p\nimages:\n  img: {version: 1.0.0, role: primary}\ncases:\n  - name: c\n    steps:\n";

    static String bad(String step) {
        return HEAD + "      - power: {action: on}\n      - " + step + "\n";
    }

    @Test
    void theNightlyPlanParses() throws Exception {
        Plan p = PlanParser.parse(Files.readString(Path.of("plans/rollback-nightly.yaml")));
        assertThat(p.cases()).hasSize(7);
        assertThat(p.images()).containsKeys("factory", "blinky-2-upgrade", "erased-primary");
        assertThat(p.cases().get(4).needsFaultInjection()).isTrue();
        assertThat(p.cases().get(0).steps().get(0)).isEqualTo(new Step.Power("off", null));
    }

    @Test
    void errorsNameTheCaseStepAndField() {
        assertThatThrownBy(() -> PlanParser.parse(bad("expect: {pattern: '(', timeoutMs: 5}")))
                .isInstanceOf(PlanException.class).hasMessageStartingWith("cases[0] (c).steps[1].expect.pattern: invalid regex");
        assertThatThrownBy(() -> PlanParser.parse(bad("program: {area: primary, image: nope}")))
                .hasMessageStartingWith("cases[0] (c).steps[1].program.image: unknown image 'nope'");
        assertThatThrownBy(() -> PlanParser.parse(bad("button: {action: smash}")))
                .hasMessageStartingWith("cases[0] (c).steps[1].button.action: must be one of");
        assertThatThrownBy(() -> PlanParser.parse(bad("led: {periodMs: 1000, windowMs: 1500}")))
                .hasMessageStartingWith("cases[0] (c).steps[1].led.windowMs: must be at least 2 × periodMs");
        assertThatThrownBy(() -> PlanParser.parse(bad("fault: {}")))
                .hasMessageStartingWith("cases[0] (c).steps[1].fault: give exactly one of");
        assertThatThrownBy(() -> PlanParser.parse(bad("reboot: {}")))
                .hasMessageStartingWith("cases[0] (c).steps[1]: unknown step 'reboot'");
        assertThatThrownBy(() -> PlanParser.parse(bad("wait: {ms: 1, extra: 2}")))
                .hasMessageStartingWith("cases[0] (c).steps[1].wait.extra: unknown field");
        assertThatThrownBy(() -> PlanParser.parse("name: p\nimages:\n  i: {version: one, role: primary}\ncases: []\n"))
                .hasMessageStartingWith("images.i.version: must look like 1.2.3");
        assertThatThrownBy(() -> PlanParser.parse("name: p\ncases: []\n")).hasMessage("cases: must be a non-empty list");
        assertThatThrownBy(() -> PlanParser.parse("name: [x\n")).hasMessageStartingWith("not valid YAML");
        assertThatThrownBy(() -> PlanParser.parse("name: p\ncases:\n  - name: c\n    steps: [{wait: 1}]\n  - name: c\n    steps: [{wait: 1}]\n"))
                .hasMessage("cases[1].name: duplicate case name 'c'");
    }

    static final String OTA_HEAD = "name: p\nimages:\n  img: {version: 1.0.0, role: primary}\n"
            + "  dl: {version: 1.1.0, role: ota, app: {blinkMs: 100}}\ncases:\n  - name: c\n    steps:\n";

    static String badOta(String step) {
        return OTA_HEAD + "      - power: {action: on}\n      - " + step + "\n";
    }

    @Test
    void theOtaNightlyPlanParses() throws Exception {
        Plan p = PlanParser.parse(Files.readString(Path.of("plans/ota-nightly.yaml")));
        assertThat(p.cases()).extracting(Plan.TestCase::name).containsExactly("factory-app-ota-to-blinky",
                "ota-swap-upgrade-and-confirm", "ota-revert-bad-image", "ota-same-version-not-offered");
        assertThat(p.cases()).allMatch(Plan.TestCase::needsOtaServices).noneMatch(Plan.TestCase::needsFaultInjection);
        assertThat(p.cases().get(1).steps().get(1)).isEqualTo(new Step.CampaignCancel("${otaBoard}"));
        assertThat(p.cases().get(1).steps().get(7)).isEqualTo(new Step.Upload("ota-1.1.0-dl", "${otaBoard}", "digest"));
        assertThat(p.cases().get(1).steps().get(8)).isEqualTo(new Step.Job("${otaBoard}", "${digest}", "", "", java.util.List.of(), false));
        assertThat(p.cases().get(3).steps().get(11))
                .isEqualTo(new Step.WaitVersion("1.1.0", "${otaBoard}", null, "NOT_NEWER", 120_000));
        // the revert case rolls 1.2.0 out by campaign and proves the block
        var revert = p.cases().get(2).steps();
        assertThat(revert).filteredOn(s -> s instanceof Step.Campaign).singleElement()
                .isEqualTo(new Step.Campaign("${otaBoard}", "${digest}", null, new Step.Campaign.Targets(null, null, true),
                        java.util.List.of(new Step.Campaign.Wave(null, 100)), null,
                        new Step.Campaign.Abort(java.util.List.of("REVERTED"), 1, null), 900L, null, null, "campaign",
                        new Step.Campaign.Await("ABORTED", 300_000, Map.of("REVERTED", 1, "SUCCEEDED", 0))));
        assertThat(revert).contains(new Step.Blocked("1.2.0", "${otaBoard}", null, false),
                new Step.Blocked("1.2.0", "${otaBoard}", null, true));
    }

    @Test
    void otaStepsParseWithEveryField() {
        Plan p = PlanParser.parse(OTA_HEAD
                + "      - upload: {image: dl, board: APP_KIT_1, saveAs: newImage}\n"
                + "      - job: {board: APP_KIT_1, digest: '${newImage}', broker: 10.0.0.5, port: 8884, serialNumbers: [SN-1]}\n"
                + "      - job: {board: APP_KIT_1, delete: true}\n"
                + "      - waitVersion: {version: 1.1.0, board: APP_KIT_1, serialNumber: SN-1, decision: UPDATE_AVAILABLE, timeoutMs: 5000}\n");
        var steps = p.cases().get(0).steps();
        assertThat(steps.get(0)).isEqualTo(new Step.Upload("dl", "APP_KIT_1", "newImage"));
        assertThat(steps.get(1)).isEqualTo(new Step.Job("APP_KIT_1", "${newImage}", "10.0.0.5", "8884", java.util.List.of("SN-1"), false));
        assertThat(steps.get(2)).isEqualTo(new Step.Job("APP_KIT_1", null, null, null, java.util.List.of(), true));
        assertThat(steps.get(3)).isEqualTo(new Step.WaitVersion("1.1.0", "APP_KIT_1", "SN-1", "UPDATE_AVAILABLE", 5000));
    }

    @Test
    void campaignStepsParseWithEveryFieldAndDefaults() {
        Plan p = PlanParser.parse(OTA_HEAD
                + "      - campaign: {board: APP_KIT_1, digest: '${d}', name: nightly, targets: {serialNumbers: ['${serial}', SN-2]},\n"
                + "                   waves: [{size: 1}, {percent: 50}], successThreshold: 90,\n"
                + "                   abort: {failureTypes: [FAILED, TIMED_OUT], percent: 30, minExecuted: 2},\n"
                + "                   executionTimeoutSeconds: 600, maxAttempts: 2, confirmRequired: false, saveAs: c1,\n"
                + "                   await: {state: SUCCEEDED, timeoutMs: 5000, counts: {SUCCEEDED: 2, CANCELED: 0}}}\n"
                + "      - campaign: {digest: '${d}', targets: {percent: 10}}\n"
                + "      - campaign: {cancel: true, board: APP_KIT_1}\n"
                + "      - blocked: {version: 1.2.0, board: APP_KIT_1, serialNumber: SN-1}\n"
                + "      - blocked: {version: '${v}', clear: true}\n");
        var steps = p.cases().get(0).steps();
        assertThat(steps.get(0)).isEqualTo(new Step.Campaign("APP_KIT_1", "${d}", "nightly",
                new Step.Campaign.Targets(List.of("${serial}", "SN-2"), null, null),
                List.of(new Step.Campaign.Wave(1, null), new Step.Campaign.Wave(null, 50)), 90,
                new Step.Campaign.Abort(List.of("FAILED", "TIMED_OUT"), 30, 2), 600L, 2, false, "c1",
                new Step.Campaign.Await("SUCCEEDED", 5000, Map.of("SUCCEEDED", 2, "CANCELED", 0))));
        // defaults: the board under test, every known device in one wave, job-service's defaults, ${campaign}, no wait
        assertThat(steps.get(1)).isEqualTo(new Step.Campaign("${otaBoard}", "${d}", null,
                new Step.Campaign.Targets(null, 10, null), List.of(new Step.Campaign.Wave(null, 100)), null, null, null,
                null, null, "campaign", null));
        assertThat(steps.get(2)).isEqualTo(new Step.CampaignCancel("APP_KIT_1"));
        assertThat(steps.get(3)).isEqualTo(new Step.Blocked("1.2.0", "APP_KIT_1", "SN-1", false));
        assertThat(steps.get(4)).isEqualTo(new Step.Blocked("${v}", "${otaBoard}", null, true));
        assertThat(p.cases().get(0).needsOtaServices()).isTrue();
    }

    @Test
    void badCampaignStepsAreNamedByCaseStepAndField() {
        String w = "cases[0] (c).steps[1].";
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {}"))).hasMessage(w + "campaign.digest: is required");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: xyz}")))
                .hasMessageStartingWith(w + "campaign.digest: must be an image digest (hex) or a variable");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', image: dl}")))
                .hasMessageStartingWith(w + "campaign.image: unknown field");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', targets: {all: true, percent: 5}}")))
                .hasMessageStartingWith(w + "campaign.targets: must be exactly one of");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', targets: {all: false}}")))
                .hasMessage(w + "campaign.targets.all: must be true");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', targets: {serialNumbers: []}}")))
                .hasMessage(w + "campaign.targets.serialNumbers: must list 1..10000 serial numbers, got 0");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', targets: {percent: 0}}")))
                .hasMessage(w + "campaign.targets.percent: must be in 1..100, got 0");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', waves: []}")))
                .hasMessageStartingWith(w + "campaign.waves: must be a list of 1..100 waves");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', waves: [{size: 1, percent: 5}]}")))
                .hasMessageStartingWith(w + "campaign.waves[0]: must be exactly one of");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', waves: [{size: 0}]}")))
                .hasMessage(w + "campaign.waves[0].size: must be in 1..10000, got 0");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', waves: [{percent: 60}, {percent: 60}]}")))
                .hasMessage(w + "campaign.waves: the waves' percentages add up to 120, at most 100");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', successThreshold: 101}")))
                .hasMessage(w + "campaign.successThreshold: must be in 0..100, got 101");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', abort: {failureTypes: [BROKEN], percent: 5}}")))
                .hasMessageStartingWith(w + "campaign.abort.failureTypes[0]: must be one of [FAILED, TIMED_OUT, REVERTED], got 'BROKEN'");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', abort: {minExecuted: 2}}")))
                .hasMessage(w + "campaign.abort.percent: is required");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', executionTimeoutSeconds: 0}")))
                .hasMessage(w + "campaign.executionTimeoutSeconds: must be in 1..604800, got 0");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', maxAttempts: 11}")))
                .hasMessage(w + "campaign.maxAttempts: must be in 1..10, got 11");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', confirmRequired: maybe}")))
                .hasMessage(w + "campaign.confirmRequired: must be true or false");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', saveAs: 'the id'}")))
                .hasMessageStartingWith(w + "campaign.saveAs: must be a variable name");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', await: {state: RUNNING}}")))
                .hasMessage(w + "campaign.await.state: must be a state a campaign ends in, one of [SUCCEEDED, ABORTED, CANCELED],"
                        + " got 'RUNNING'");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', await: {timeoutMs: 5}}")))
                .hasMessage(w + "campaign.await.state: is required");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', await: {state: ABORTED, counts: {REVERT: 1}}}")))
                .hasMessageStartingWith(w + "campaign.await.counts.REVERT: unknown execution state");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {digest: '${d}', await: {state: ABORTED, counts: {REVERTED: -1}}}")))
                .hasMessage(w + "campaign.await.counts.REVERTED: must be in 0..1000000, got -1");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {cancel: false}")))
                .hasMessageStartingWith(w + "campaign.cancel: must be true");
        assertThatThrownBy(() -> PlanParser.parse(badOta("campaign: {cancel: true, digest: '${d}'}")))
                .hasMessageStartingWith(w + "campaign.digest: unknown field, expected one of [board, cancel]");
        assertThatThrownBy(() -> PlanParser.parse(badOta("blocked: {}"))).hasMessage(w + "blocked.version: is required");
        assertThatThrownBy(() -> PlanParser.parse(badOta("blocked: {version: 1.2}")))
                .hasMessageStartingWith(w + "blocked.version: must be a.b.c");
        assertThatThrownBy(() -> PlanParser.parse(badOta("blocked: {version: 1.2.0, clear: please}")))
                .hasMessage(w + "blocked.clear: must be true or false");
    }

    @Test
    void badOtaStepsAreNamedByCaseStepAndField() {
        String w = "cases[0] (c).steps[1].";
        assertThatThrownBy(() -> PlanParser.parse(badOta("upload: {image: nope}")))
                .hasMessageStartingWith(w + "upload.image: unknown image 'nope'");
        assertThatThrownBy(() -> PlanParser.parse(badOta("upload: {image: img}")))
                .hasMessageStartingWith(w + "upload.image: 'img' must be a signed image with role ota");
        assertThatThrownBy(() -> PlanParser.parse(badOta("upload: {}"))).hasMessage(w + "upload.image: is required");
        assertThatThrownBy(() -> PlanParser.parse(badOta("upload: {image: dl, saveAs: 'my digest'}")))
                .hasMessageStartingWith(w + "upload.saveAs: must be a variable name");
        assertThatThrownBy(() -> PlanParser.parse(badOta("upload: {image: dl, board: 'APP/X'}")))
                .hasMessageStartingWith(w + "upload.board: must be a board string");
        assertThatThrownBy(() -> PlanParser.parse(badOta("upload: {image: dl, version: 2.0.0}")))
                .hasMessageStartingWith(w + "upload.version: unknown field");
        assertThatThrownBy(() -> PlanParser.parse(badOta("job: {}"))).hasMessage(w + "job.digest: is required");
        assertThatThrownBy(() -> PlanParser.parse(badOta("job: {digest: abc}")))
                .hasMessageStartingWith(w + "job.digest: must be an image digest (hex) or a variable");
        assertThatThrownBy(() -> PlanParser.parse(badOta("job: {digest: '${digest}', port: 70000}")))
                .hasMessageStartingWith(w + "job.port: must be empty or 0..65535, got '70000'");
        assertThatThrownBy(() -> PlanParser.parse(badOta("job: {digest: '${digest}', broker: 10.0.0.5}")))
                .hasMessageStartingWith(w + "job.port: a broker needs a non-zero port");
        assertThatThrownBy(() -> PlanParser.parse(badOta("job: {delete: yes please}")))
                .hasMessage(w + "job.delete: must be true or false");
        assertThatThrownBy(() -> PlanParser.parse(badOta("job: {delete: true, digest: '${digest}'}")))
                .hasMessageStartingWith(w + "job.digest: unknown field");
        assertThatThrownBy(() -> PlanParser.parse(badOta("job: {digest: '${digest}', serialNumbers: SN-1}")))
                .hasMessage(w + "job.serialNumbers: must be a list of strings");
        assertThatThrownBy(() -> PlanParser.parse(badOta("waitVersion: {}"))).hasMessage(w + "waitVersion.version: is required");
        assertThatThrownBy(() -> PlanParser.parse(badOta("waitVersion: {version: 1.1}")))
                .hasMessageStartingWith(w + "waitVersion.version: must be a.b.c");
        assertThatThrownBy(() -> PlanParser.parse(badOta("waitVersion: {version: 1.1.0, decision: MAYBE}")))
                .hasMessageStartingWith(w + "waitVersion.decision: must be one of [NOT_NEWER, NOT_TARGETED, NO_JOB, UPDATE_AVAILABLE, VETOED]");
        assertThatThrownBy(() -> PlanParser.parse(badOta("waitVersion: {version: 1.1.0, timeoutMs: 0}")))
                .hasMessage(w + "waitVersion.timeoutMs: must be in 1..3600000, got 0");
        assertThatThrownBy(() -> PlanParser.parse("name: p\nimages:\n  i: {version: 1.0.0, role: download}\ncases: []\n"))
                .hasMessageStartingWith("images.i.role: must be one of");
    }

    @Test
    void variablesMayAppearInPatterns() {
        Plan p = PlanParser.parse(HEAD + "      - expect: {pattern: 'v(?<ver>\\d+)'}\n      - expect: {pattern: 'again ${ver}'}\n");
        assertThat(((Step.Expect) p.cases().get(0).steps().get(1)).pattern()).isEqualTo("again ${ver}");
    }
}
