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

    @Test
    void variablesMayAppearInPatterns() {
        Plan p = PlanParser.parse(HEAD + "      - expect: {pattern: 'v(?<ver>\\d+)'}\n      - expect: {pattern: 'again ${ver}'}\n");
        assertThat(((Step.Expect) p.cases().get(0).steps().get(1)).pattern()).isEqualTo("again ${ver}");
    }
}
