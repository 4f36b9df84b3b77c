package dev.otalab.emulator.service;

import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.kit.app.AppSpec;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaCounters;
import dev.otalab.emulator.ota.OtaStatus;
import dev.otalab.labapi.dto.OtaAgentStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A kit's OTA Agent in the lab-api's {@link OtaAgentStatus} shape. */
public final class OtaViews {

    private OtaViews() {
    }

    public static OtaAgentStatus of(VirtualKit kit) {
        OtaConfig c = kit.spec().ota();
        OtaStatus s = kit.otaStatus();
        Optional<AppSpec> app = kit.runningApp();
        OtaConfig done = c == null ? null : c.forKit(kit.id(), kit.spec().kit());
        return new OtaAgentStatus(c != null,
                done != null ? done.board() : null,
                done != null ? done.identity().serialNumber() : null,
                done != null ? done.host() + ":" + done.port() : null,
                s.state().name(),
                app.map(a -> a.kind().wire()).orElse(null),
                app.map(AppSpec::versionText).orElse(null),
                s.uniqueTopic(), s.lastCheck(), s.lastOutcome().name(), s.lastDetail(), s.offeredVersion(),
                s.attempt(), s.bytesDownloaded(), s.imageSize(), counters(s.counters()));
    }

    private static Map<String, Long> counters(OtaCounters c) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("checks", c.checks());
        m.put("connectFailures", c.connectFailures());
        m.put("jobsReceived", c.jobsReceived());
        m.put("noJob", c.noJob());
        m.put("jobsRejected", c.jobsRejected());
        m.put("downloads", c.downloads());
        m.put("attemptsFailed", c.attemptsFailed());
        m.put("updatesPending", c.updatesPending());
        m.put("chunksWritten", c.chunksWritten());
        m.put("chunksDuplicate", c.chunksDuplicate());
        m.put("chunksRejected", c.chunksRejected());
        m.put("bytesWritten", c.bytesWritten());
        return m;
    }
}
