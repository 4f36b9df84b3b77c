package dev.otalab.cli.bench;

import dev.otalab.cli.ProjectPaths;
import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaNetwork;
import dev.otalab.emulator.ota.OtaTimers;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.testing.MosquittoBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * N in-process emulated kits (CY8CPROTO-062S2-43439, MCUboot, external-flash swap layout) running the
 * OTA agent against a broker's mutual-TLS port with the board's client certificate, serials
 * {@code <prefix>-00000…}, sharing two small thread pools and one connection network. Used by the
 * {@code bench ota} and {@code bench campaign} commands.
 */
final class KitFleet implements AutoCloseable {

    static final String MAP = "psoc62_2m_ext_swap_single";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final OtaNetwork network = OtaNetwork.create(2);
    private final List<VirtualKit> kits = new ArrayList<>();
    private final List<String> serials = new ArrayList<>();

    /**
     * Creates the kits (powered off) and programs {@code primary} into each one's primary slot.
     *
     * @param timers the agent timers; each kit's first check is moved by 7 ms per kit: the agent numbers
     *               its unique topic by its uptime tick, so kits checking at the same uptime would share
     *               one topic (and each other's job documents and chunks)
     */
    KitFleet(MosquittoBroker broker, String board, String serialPrefix, int devices, OtaTimers timers, byte[] primary) {
        Flashmap map = Flashmap.read(ProjectPaths.flashmaps().resolve(MAP + ".json"));
        McubootKey key = McubootKey.read(ProjectPaths.testSigningKey(), null).publicOnly();
        try {
            for (int i = 0; i < devices; i++) {
                String serial = String.format("%s-%05d", serialPrefix, i);
                OtaConfig ota = OtaConfig.builder().broker(broker.host(), broker.mutualTlsPort())
                        .caCertificate(broker.caCertificate())
                        .clientCertificate(broker.clientCertificate(board), broker.clientKey(board))
                        .board(board).serialNumber(serial)
                        .timers(timers.toBuilder().initialCheckMs(timers.initialCheckMs() + 7L * i).build()).build();
                VirtualKit kit = VirtualKit.create(KitSpec.builder().id(String.format("b%s%05d", board.hashCode() & 0xfff, i))
                        .kit("CY8CPROTO-062S2-43439").flashmap(map).flashmapName(MAP).bootloader(BootloaderKind.MCUBOOT)
                        .trustedKey(key).scheduler(scheduler).executor(executor).ota(ota).otaNetwork(network).build());
                kits.add(kit);
                serials.add(serial);
                kit.program(FlashTarget.ofArea("primary"), primary, ImageFormat.BIN);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    List<VirtualKit> kits() {
        return kits;
    }

    List<String> serials() {
        return serials;
    }

    int size() {
        return kits.size();
    }

    void powerOn() {
        kits.forEach(VirtualKit::powerOn);
    }

    boolean runs(int kit, String version) {
        return kits.get(kit).runningApp().map(a -> a.versionText().equals(version)).orElse(false);
    }

    long running(String version) {
        return java.util.stream.IntStream.range(0, kits.size()).filter(i -> runs(i, version)).count();
    }

    @Override
    public void close() {
        kits.forEach(VirtualKit::close);
        network.close();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }
}
