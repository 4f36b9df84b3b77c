package dev.otalab.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.controller.plan.Plan;
import dev.otalab.controller.plan.PlanException;
import dev.otalab.controller.plan.PlanParser;
import dev.otalab.controller.plan.Step;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(p.cases().get(1).steps().get(6)).isEqualTo(new Step.Upload("ota-1.1.0-dl", "${otaBoard}", "digest"));
        assertThat(p.cases().get(1).steps().get(7)).isEqualTo(new Step.Job("${otaBoard}", "${digest}", "", "", java.util.List.of(), false));
        assertThat(p.cases().get(3).steps().get(10))
                .isEqualTo(new Step.WaitVersion("1.1.0", "${otaBoard}", null, "NOT_NEWER", 120_000));
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
