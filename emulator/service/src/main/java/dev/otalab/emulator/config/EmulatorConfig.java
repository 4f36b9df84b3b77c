package dev.otalab.emulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The emulator's settings, {@code otalab.emulator.*} in {@code application.properties}, environment
 * variables ({@code OTALAB_EMULATOR_FLASHMAP_DIR}, ...) or system properties.
 */
@ConfigMapping(prefix = "otalab.emulator")
public interface EmulatorConfig {

    /**
     * Directory holding the flashmap JSON files that {@code POST /boards} names. Default: the
     * project's {@code flashmap/}, found in the working directory or the nearest parent that has one.
     */
    Optional<Path> flashmapDir();

    /**
     * PEM file(s) with the public key(s) a new board's MCUboot trusts when the create request gives
     * none. Default: the project's {@code keys/otalab-test-ec-p256.pub.pem}, found like
     * {@link #flashmapDir()}. A private-key PEM is accepted; only its public half is used.
     */
    Optional<List<Path>> trustedKey();

    /**
     * Boards created at start-up, comma separated, each {@code id:flashmap[:bootloader[:kit]]}, e.g.
     * {@code emu-1:psoc62_2m_rollback_overwrite:rollback,emu-2:psoc62_2m_ext_swap_single}.
     * A board that cannot be created stops the start-up.
     */
    Optional<List<String>> boards();

    /** Kit name for start-up boards that do not name one. */
    @WithDefault("CY8CPROTO-062-4343W")
    String defaultKit();

    /** Threads of the scheduler all virtual kits share (timers: watchdog, button release, faults, keep-alives). */
    @WithDefault("2")
    int schedulerThreads();

    /** Threads that run emulated CPUs woken by timers (reboots, power back on) and SSE pumps. */
    @WithDefault("2")
    int cpuThreads();

    /** Watchdog timeout the bootloader arms before starting the app ({@code WDT_TIME_OUT_MS}). */
    @WithDefault("4000")
    long watchdogMs();
}
