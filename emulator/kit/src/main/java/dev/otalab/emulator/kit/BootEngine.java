package dev.otalab.emulator.kit;

import dev.otalab.labapi.dto.SlotInfo;
import dev.otalab.mcuboot.image.McubootImage;
import java.util.List;
import java.util.Objects;

/**
 * The MCUboot model as a {@link VirtualKit} uses it: one {@code boot_go} per call, plus the
 * application-side trailer operations. Implementations work on the kit's flash and let
 * {@link dev.otalab.emulator.flash.PowerLossException} propagate out of every method.
 *
 * <p>Not thread-safe: the kit calls it under its own lock only.
 */
public interface BootEngine {

    /** How {@code boot_go} ended. */
    enum Outcome {
        /** A valid primary image: jump to it. */
        BOOT,
        /** Nothing bootable (boot_go returned an error). */
        NO_BOOTABLE_IMAGE,
        /** MCUboot panicked (FIH_PANIC: loops forever). */
        PANIC
    }

    /**
     * Result of one boot.
     *
     * @param outcome how it ended
     * @param image the primary image for {@link Outcome#BOOT}, else null
     * @param jumpAddress primary slot address + header size for {@link Outcome#BOOT}, else 0
     */
    record Result(Outcome outcome, McubootImage image, long jumpAddress) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            if ((outcome == Outcome.BOOT) != (image != null)) {
                throw new IllegalArgumentException("an image comes exactly with BOOT");
            }
        }

        public static Result boot(McubootImage image, long jumpAddress) {
            return new Result(Outcome.BOOT, image, jumpAddress);
        }

        public static Result noBootableImage() {
            return new Result(Outcome.NO_BOOTABLE_IMAGE, null, 0);
        }

        public static Result panic() {
            return new Result(Outcome.PANIC, null, 0);
        }
    }

    /** Receives MCUboot's log lines: {@code tag} is {@code "[INF] "}, {@code "[ERR] "}, ...; no line end. */
    @FunctionalInterface
    interface Log {
        void log(String tag, String message);
    }

    /** Runs MCUboot once: installs a pending upgrade or revert, then validates the primary. */
    Result boot(Log log);

    /** Whether the primary slot's image_ok is set (the running image is confirmed). */
    boolean primaryConfirmed();

    /** The application confirms the running image: image_ok (and magic) into the primary. */
    void confirmPrimary();

    /** The application requests an upgrade from the secondary: TEST, or PERM when permanent. */
    void requestUpgrade(boolean permanent);

    /**
     * The OTA storage API's {@code cy_ota_storage_open}: erases the whole secondary slot. Engines
     * without OTA support throw {@link UnsupportedOperationException}.
     */
    default void eraseSecondary() {
        throw new UnsupportedOperationException("this boot engine has no OTA storage");
    }

    /**
     * The OTA storage API's {@code cy_ota_storage_write}: {@code data} at {@code offset} of the
     * secondary slot. Engines without OTA support throw {@link UnsupportedOperationException}.
     */
    default void writeSecondary(long offset, byte[] data) {
        throw new UnsupportedOperationException("this boot engine has no OTA storage");
    }

    /** Whether upgrades swap (and so can revert) rather than overwrite. */
    boolean swapMode();

    /**
     * The slots in {@code mcumgr image list} style.
     *
     * @param primaryRunning the primary image is the one running now (sets {@code active})
     */
    List<SlotInfo> slots(boolean primaryRunning);
}
