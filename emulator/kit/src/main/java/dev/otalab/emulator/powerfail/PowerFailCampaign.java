package dev.otalab.emulator.powerfail;

import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.KitState;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.kit.app.AppKind;
import dev.otalab.emulator.kit.app.AppSpec;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.flashmap.UpgradeMode;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * MCUboot's simulator method applied to a whole virtual kit: for every flash operation of a
 * scenario in turn, a fresh kit is set up, its power is cut just before that operation, then it
 * is powered on again (with the button where a person would press it) and must end up running
 * the scenario's image. A run that is not interrupted at operation i means the scenario has
 * i − 1 operations, and the campaign stops there.
 *
 * <p>The watchdog is replaced by an explicit reset when a hanging app is running, so a
 * campaign of thousands of points does not wait thousands of watchdog periods.
 */
public final class PowerFailCampaign {

    private static final int MAX_REPORTED_FAILURES = 10;
    private static final int MAX_RESETS = 6;
    private static final long NO_WATCHDOG_MS = TimeUnit.HOURS.toMillis(1);

    private final Flashmap map;
    private final String mapName;
    private final McubootKey key;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final int payloadSize;

    private byte[] oldImage;
    private byte[] newImage;
    private byte[] factoryImage;

    /**
     * @param key         signs the scenario's images; the kits trust its public half
     * @param payloadSize application size in bytes (the swap copies only what the image covers)
     */
    public PowerFailCampaign(Flashmap map, String mapName, McubootKey key, ScheduledExecutorService scheduler,
                             Executor executor, int payloadSize) {
        this.map = map;
        this.mapName = mapName;
        this.key = key;
        this.scheduler = scheduler;
        this.executor = executor;
        this.payloadSize = payloadSize;
    }

    /**
     * Runs the campaign.
     *
     * @param progress told the number of each interruption point as it is tried
     */
    public PowerFailReport run(PowerFailScenario scenario, IntConsumer progress) {
        check(scenario);
        prepareImages(scenario);
        long start = System.nanoTime();
        int bricked = 0;
        int wrong = 0;
        List<String> failures = new ArrayList<>();
        int point = 1;
        for (; ; point++) {
            progress.accept(point);
            try (VirtualKit kit = newKit(scenario, point)) {
                setUp(kit, scenario);
                kit.powerLossAtFlashOp(point);
                stimulate(kit, scenario);
                boolean tripped = kit.faults().tripped();
                kit.clearFaults();
                if (!tripped) {
                    String problem = verdict(kit, scenario);
                    if (problem != null) {
                        throw new IllegalStateException("the uninterrupted " + scenario + " run fails: " + problem);
                    }
                    break;
                }
                recover(kit, scenario);
                String problem = verdict(kit, scenario);
                if (problem != null) {
                    if (problem.startsWith("bricked")) {
                        bricked++;
                    } else {
                        wrong++;
                    }
                    if (failures.size() < MAX_REPORTED_FAILURES) {
                        failures.add("cut before flash operation " + point + ": " + problem);
                    }
                }
            }
        }
        return new PowerFailReport(mapName, scenario, point - 1, bricked, wrong, failures,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private void check(PowerFailScenario scenario) {
        if (scenario == PowerFailScenario.REVERT && map.upgradeMode() == UpgradeMode.OVERWRITE_ONLY) {
            throw new IllegalArgumentException(
                    "the revert scenario needs a swap flashmap: overwrite-only MCUboot never reverts (" + mapName + ")");
        }
        if (scenario == PowerFailScenario.ROLLBACK && map.factory().isEmpty()) {
            throw new IllegalArgumentException(
                    "the rollback scenario needs a flashmap with a factory_app area (" + mapName + ")");
        }
    }

    private VirtualKit newKit(PowerFailScenario scenario, int point) {
        return VirtualKit.create(KitSpec.builder()
                .id("powerfail-" + scenario.name().toLowerCase() + "-" + point)
                .kit("CY8CPROTO-062S2-43439")
                .flashmap(map)
                .flashmapName(mapName)
                .bootloader(map.factory().isPresent() ? BootloaderKind.ROLLBACK : BootloaderKind.MCUBOOT)
                .trustedKey(key.publicOnly())
                .watchdogMs(NO_WATCHDOG_MS)
                .scheduler(scheduler)
                .executor(executor)
                .uartCapacity(200)
                .build());
    }

    private void prepareImages(PowerFailScenario scenario) {
        FlashArea primary = map.primary(1);
        FlashArea secondary = map.secondary(1);
        oldImage = sign("1.0.0", "{\"app\":\"ota\",\"blinkMs\":1000,\"confirm\":true}", primary, false, false);
        newImage = switch (scenario) {
            case UPGRADE -> sign("1.1.0", "{\"app\":\"ota\",\"blinkMs\":100,\"confirm\":true}", secondary, true, true);
            case REVERT -> sign("1.2.0", "{\"app\":\"ota\",\"hang\":true,\"confirm\":false}", secondary, true, false);
            case ROLLBACK -> null;
        };
        factoryImage = map.factory()
                .map(area -> sign("1.0.0", "{\"app\":\"factory\"}", area, false, false))
                .orElse(null);
    }

    /** Signs an app as the build would for the area it is programmed into. */
    private byte[] sign(String version, String behaviour, FlashArea area, boolean markPending, boolean permanent) {
        byte[] payload = new byte[payloadSize];
        new Random(version.hashCode()).nextBytes(payload);
        boolean overwriteOnly = map.upgradeMode() == UpgradeMode.OVERWRITE_ONLY;
        SignOptions.Builder options = SignOptions.builder().version(version).headerSize(0x400).padHeader(true)
                .align(8).maxSectors(map.maxImageSectors()).slotSize(map.primary(1).size())
                .erasedValue(area.erasedValue()).overwriteOnly(overwriteOnly || area == map.factory().orElse(null))
                .customTlv(0xA0, behaviour.getBytes(StandardCharsets.UTF_8)).key(key);
        if (markPending) {
            options.pad(true).confirm(permanent).test(!permanent);
        }
        return ImageSigner.sign(payload, null, options.build()).toBinary();
    }

    private void setUp(VirtualKit kit, PowerFailScenario scenario) {
        kit.program(FlashTarget.ofArea("primary"), oldImage, ImageFormat.BIN);
        if (factoryImage != null) {
            kit.program(FlashTarget.ofArea("factory"), factoryImage, ImageFormat.BIN);
        }
        if (newImage != null) {
            kit.program(FlashTarget.ofArea("secondary"), newImage, ImageFormat.BIN);
        }
    }

    /** The scenario's action, during which the power is cut. */
    private void stimulate(VirtualKit kit, PowerFailScenario scenario) {
        if (scenario == PowerFailScenario.ROLLBACK) {
            kit.hold();
            kit.powerOn();
            kit.release();
        } else {
            kit.powerOn();
        }
        resetHangingApps(kit);
    }

    /** Power back on; a person holds the button for a rollback and presses it where asked. */
    private void recover(VirtualKit kit, PowerFailScenario scenario) {
        stimulate(kit, scenario);
        if (scenario == PowerFailScenario.ROLLBACK && kit.state() == KitState.WAITING_FOR_BUTTON) {
            press(kit);
            resetHangingApps(kit);
        }
    }

    /** What the watchdog would do to an app that never stops it. */
    private static void resetHangingApps(VirtualKit kit) {
        for (int i = 0; i < MAX_RESETS && kit.state() == KitState.RUNNING
                && kit.runningApp().map(AppSpec::hang).orElse(false); i++) {
            kit.reset();
        }
    }

    private static void press(VirtualKit kit) {
        try {
            kit.press(20).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pressing the button", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the button press did not complete: " + e, e);
        }
    }

    /** Null when the kit runs the scenario's image; otherwise what is wrong, starting "bricked" or "wrong". */
    private static String verdict(VirtualKit kit, PowerFailScenario scenario) {
        Optional<AppSpec> app = kit.runningApp();
        if (kit.state() != KitState.RUNNING || app.isEmpty()) {
            return "bricked: kit is " + kit.state() + " (last line: " + lastLine(kit) + ")";
        }
        AppSpec running = app.get();
        boolean right = switch (scenario) {
            case UPGRADE -> running.version().toShortString().equals("1.1.0");
            case REVERT -> running.version().toShortString().equals("1.0.0") && running.kind() == AppKind.OTA;
            case ROLLBACK -> running.kind() == AppKind.FACTORY;
        };
        return right ? null : "wrong image: runs " + running.kind() + " " + running.version().toShortString();
    }

    private static String lastLine(VirtualKit kit) {
        List<String> lines = kit.uartTexts(0);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i);
            }
        }
        return "none";
    }
}
