package dev.otalab.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void abortedWithWaveOneRevertedAndWaveTwoNeverOfferedPasses() throws Exception {
        CampaignChecks checks = new CampaignChecks(campaign("ABORTED"), executions(
                exec("B:KIT-1", 1, "REVERTED", 1), exec("B:KIT-2", 1, "REVERTED", 1), exec("B:KIT-3", 2, "CANCELED", 0)));
        assertThat(checks.abortedAfterRevert()).isTrue();
        assertThat(checks.serialsIn("REVERTED")).containsExactly("KIT-1", "KIT-2");
    }

    @Test
    void aWaveTwoOfferAnOfferedDeviceThatDidNotRevertOrAnotherStateFails() throws Exception {
        assertThat(new CampaignChecks(campaign("ABORTED"), executions(exec("B:K1", 1, "REVERTED", 1),
                exec("B:K2", 2, "CANCELED", 1))).abortedAfterRevert()).as("wave 2 offered").isFalse();
        assertThat(new CampaignChecks(campaign("ABORTED"), executions(exec("B:K1", 1, "REVERTED", 1),
                exec("B:K2", 1, "SUCCEEDED", 1))).abortedAfterRevert()).as("one did not revert").isFalse();
        assertThat(new CampaignChecks(campaign("SUCCEEDED"), executions(exec("B:K1", 1, "REVERTED", 1)))
                .abortedAfterRevert()).as("not aborted").isFalse();
        assertThat(new CampaignChecks(campaign("ABORTED"), executions(exec("B:K1", 1, "CANCELED", 0)))
                .abortedAfterRevert()).as("nothing reverted").isFalse();
    }

    @Test
    void settledOnlyWhenEveryExecutionIsTerminal() throws Exception {
        assertThat(CampaignChecks.settled(executions(exec("B:K1", 1, "REVERTED", 1), exec("B:K2", 2, "CANCELED", 0)))).isTrue();
        assertThat(CampaignChecks.settled(executions(exec("B:K1", 1, "INSTALLED", 1)))).isFalse();
        assertThat(CampaignChecks.nonZero(JSON.readTree("{\"QUEUED\":0,\"REVERTED\":3,\"CANCELED\":7}")))
                .isEqualTo("{REVERTED 3, CANCELED 7}");
    }

    @Test
    void theCampaignJunitReportHasOneEscapedCasePerCheckAndFailsTheFailedOnes() {
        String xml = DemoReport.campaignXml(List.of(new CampaignDemo.Check("ok <one>", true, "fine & done", 1500),
                new CampaignDemo.Check("bad", false, "kit-01 runs \"1.0.0\"", 10)));
        assertThat(xml).contains("tests=\"2\" failures=\"1\"", "name=\"ok &lt;one&gt;\"", "fine &amp; done",
                "<failure message=\"kit-01 runs &quot;1.0.0&quot;\"/>");
        assertThat(xml.split("<failure", -1)).hasSize(2);
    }

    private static JsonNode campaign(String state) throws Exception {
        return JSON.readTree("{\"state\":\"" + state + "\",\"reason\":\"r\",\"waves\":[]}");
    }

    private static String exec(String key, int wave, String state, int offers) {
        return "{\"deviceKey\":\"" + key + "\",\"wave\":" + wave + ",\"state\":\"" + state + "\",\"offers\":" + offers + "}";
    }

    private static JsonNode executions(String... executions) throws Exception {
        return JSON.readTree("[" + String.join(",", executions) + "]");
    }
}
