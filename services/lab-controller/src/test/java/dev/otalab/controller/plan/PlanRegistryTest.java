package dev.otalab.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in nightly suite and the plans folders, without Quarkus. */
class PlanRegistryTest {

    static PlanRegistry registry(String plansDir) {
        PlanRegistry r = new PlanRegistry();
        r.plansDir = plansDir;
        r.reload();
        return r;
    }

    @Test
    void theNightlySuiteIsBuiltInWhereverTheControllerRuns(@TempDir Path elsewhere) {
        PlanRegistry r = registry(elsewhere.resolve("no-plans-here").toString());
        assertThat(r.all()).extracting(Plan::name).containsExactly("ota-nightly", "rollback-nightly");
        assertThat(r.rejected()).isEmpty();
        assertThat(r.find("rollback-nightly").orElseThrow().cases()).hasSize(7);
    }

    @Test
    void everyPlanOfTheRepositoryIsPackedIntoTheJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("plans"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(PlanRegistry.BUILT_IN);
        }
    }

    @Test
    void aFolderPlanReplacesTheBuiltInOneOfItsNameButTwoFolderFilesMayNotShareOne(@TempDir Path dir) throws Exception {
        String ownNightly = """
                name: rollback-nightly
                board: {kit: CY8CPROTO-062S2-43439, flashmap: psoc62_2m_ext_swap_single}
                cases:
                  - name: only
                    steps:
                      - power: {action: on}
                """;
        Files.writeString(dir.resolve("a.yaml"), ownNightly);
        PlanRegistry r = registry(dir.toString());
        assertThat(r.find("rollback-nightly").orElseThrow().cases()).extracting(Plan.TestCase::name).containsExactly("only");
        assertThat(r.find("ota-nightly")).as("the other built-in stays").isPresent();
        assertThat(r.rejected()).isEmpty();

        Files.writeString(dir.resolve("b.yaml"), ownNightly);
        r.reload();
        assertThat(r.rejected()).singleElement().satisfies(rej -> {
            assertThat(rej.file()).isEqualTo("b.yaml");
            assertThat(rej.error()).contains("already defined by another file");
        });
    }
}
