package dev.otalab.emulator.boot;

import dev.otalab.emulator.boot.StatusStore.Progress;
import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.FlashWriteFailedException;
import dev.otalab.emulator.flash.PowerFailInjector;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.flashmap.UpgradeMode;
import dev.otalab.mcuboot.image.ImageFlags;
import dev.otalab.mcuboot.image.ImageHeader;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.image.Tlv;
import dev.otalab.mcuboot.keys.McubootKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A model of MCUboot for one image (image 0) running over the flash model: the upgrade decision,
 * overwrite-only and swap-using-scratch upgrades with their status records and resumption after
 * a reset at any flash operation, revert of unconfirmed test images, and validation of both
 * slots (mcuboot-boot.md §3–§9). One {@link #boot} is one run of {@code boot_go}; a
 * {@link dev.otalab.emulator.flash.PowerLossException} from the flash propagates out of it
 * (the kit treats it as the power going off).
 *
 * <p>The application side (what the OTA agent and the app write) is here too:
 * {@link #requestUpgrade}, {@link #setPending}, {@link #confirmPrimary}, {@link #setConfirmed},
 * and {@link #slots()} gives mcumgr's view of both slots.
 *
 * <p>Not thread-safe: one kit thread drives it.
 */
public final class Mcuboot {

    /** Image index MCUboot logs and stores in swap_info (single-image builds: 0). */
    static final int IMAGE = 0;

    private final BootLayout layout;
    private final BootConfig config;
    private final TrailerFormat fmt;
    private final FlashRegion primary;
    private final FlashRegion secondary;
    private final FlashRegion scratch;
    private final FlashRegion status;
    private final InSlotStatusStore inSlot;
    private final StatusStore store;
    private final ImageValidator validator;
    private final int maxSectors;
    private final PowerFailInjector power;
    private final boolean swapMode;
    /** Common-boundary units of the two slots (swap mode), bottom up; null when incompatible. */
    private final long[] units;

    /**
     * @param layout the areas of image 0
     * @param flash  the kit's address space, holding devices for every area
     * @param keys   trusted public keys (MCUboot's built-in keys); empty = hash-only validation
     * @param config build options
     */
    public Mcuboot(BootLayout layout, FlashAddressSpace flash, List<McubootKey> keys, BootConfig config) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(flash, "flash");
        this.fmt = new TrailerFormat(config.maxAlign());
        this.maxSectors = config.maxImageSectors() > 0 ? config.maxImageSectors() : layout.maxImageSectors();
        this.swapMode = layout.mode() == UpgradeMode.SWAP_SCRATCH;
        this.primary = region(layout.primary(), flash);
        this.secondary = region(layout.secondary(), flash);
        this.scratch = swapMode ? region(layout.scratch().orElseThrow(), flash) : null;
        boolean partition = swapMode && switch (config.statusBackend()) {
            case AUTO -> layout.status().isPresent();
            case PARTITION -> true;
            case IN_SLOT -> false;
        };
        if (partition && layout.status().isEmpty()) {
            throw new IllegalArgumentException("the PARTITION status backend needs a status area in the layout");
        }
        this.status = partition ? region(layout.status().orElseThrow(), flash) : null;
        this.inSlot = new InSlotStatusStore(primary, secondary, scratch, fmt, maxSectors);
        this.store = partition ? new PartitionStatusStore(status, primary, secondary, scratch, fmt, maxSectors) : inSlot;
        this.validator = new ImageValidator(keys);
        this.power = primary.device().power();
        checkEraseFootprints(flash);
        this.units = swapMode ? commonUnits() : null;
    }

    /** MCUboot for image 1 of a flashmap; {@code config.maxImageSectors() == 0} takes the map's. */
    public static Mcuboot forFlashmap(Flashmap map, FlashAddressSpace flash, List<McubootKey> keys,
                                      BootConfig config) {
        return new Mcuboot(BootLayout.of(map, 1), flash, keys, config);
    }

    public BootLayout layout() {
        return layout;
    }

    public BootConfig config() {
        return config;
    }

    /** MCUBOOT_MAX_IMG_SECTORS in effect. */
    public int maxImageSectors() {
        return maxSectors;
    }

    /** Which status backend is in use, in words. */
    public String statusBackend() {
        return swapMode ? store.describe() : "overwrite-only (in-slot trailers)";
    }

    /**
     * Largest image (header through the TLVs) the primary may hold, as the bootloader checks it
     * ({@code bootutil_max_image_size}): overwrite-only {@code S − (swap_info offset)}; swap with
     * in-slot trailers upstream's {@code app_max_size}; with the status partition everything below
     * the slots' last sector (where the mailbox lives).
     */
    public long maxImageSize() {
        long s = primary.size();
        if (!swapMode) {
            return fmt.swapInfoOff(s);
        }
        if (store == inSlot) {
            long trailerOff = s - inSlot.trailerSize();
            long endP = primary.sectorAt(trailerOff).end();
            long endS = secondary.sectorAt(Math.max(0, secondary.size() - inSlot.trailerSize())).end();
            long inFirst = Math.max(endP, endS) - trailerOff;
            long padding = Math.max(0, inSlot.scratchTrailerSizeBytes() - inFirst);
            return trailerOff - padding;
        }
        long p = primary.sectorAt(s - 64).offset();
        long q = secondary.sectorAt(secondary.size() - 64).offset();
        return Math.min(p, q);
    }

    // =================================================================== boot

    /** One run of {@code boot_go}; log lines go to {@code log}. */
    public BootOutcome boot(BootLog log) {
        return new Run(Objects.requireNonNull(log, "log")).go();
    }

    /** Internal: MCUboot halts ({@code panic!}). */
    private static final class Panic extends RuntimeException {
        Panic(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** Result of {@code boot_validate_slot}. */
    private enum Check { OK, NO_BOOTABLE }

    /** State of one boot ({@code struct boot_status} and friends). */
    private final class Run {
        private final BootLog log;
        private final LogStyle style = config.logStyle();
        private SwapType swapType = SwapType.NONE;
        private SwapType performed = SwapType.NONE;
        private boolean resumed;
        private int statusFails;
        // boot_status
        private int idx = 1;
        private int state = 1;
        private SwapType bsSwapType = SwapType.NONE;
        private long swapSize;

        Run(BootLog log) {
            this.log = log;
        }

        BootOutcome go() {
            long ops0 = power.operationCount();
            try {
                if (primary.sectorCount() > maxSectors || secondary.sectorCount() > maxSectors) {
                    log.warn(style.failedReadingSectors(maxSectors));
                    swapType = SwapType.NONE;
                } else {
                    prepare();
                }
                switch (swapType) {
                    case NONE -> { }
                    case TEST, PERM, REVERT -> {
                        performed = swapType;
                        performUpdate();
                    }
                    case FAIL -> {
                        performed = SwapType.FAIL;
                        if (swapMode) {
                            setPrimaryImageOk();
                        }
                    }
                    case PANIC -> throw new Panic("swap type PANIC", null);
                }
                return finish(ops0);
            } catch (Panic | PartitionStatusStore.StatusCorruptException | FlashWriteFailedException e) {
                log.error("panic!");
                return new BootOutcome(BootOutcome.Status.PANIC, null, 0, performed, resumed,
                        power.operationCount() - ops0);
            }
        }

        private BootOutcome finish(long ops0) {
            McubootImage image = null;
            if (config.validatePrimary()) {
                ValidationOutcome v = validateSlot(TrailerArea.PRIMARY);
                if (v.check != Check.OK) {
                    return new BootOutcome(BootOutcome.Status.NO_BOOTABLE_IMAGE, null, 0, performed, resumed,
                            power.operationCount() - ops0);
                }
                image = v.image;
            } else {
                ImageHeader h = ImageHeader.read(primary.read(0, ImageHeader.SIZE), 0);
                if (!h.hasMagic()) {
                    log.error(style.badImageMagic(h.magic(), IMAGE));
                    return new BootOutcome(BootOutcome.Status.NO_BOOTABLE_IMAGE, null, 0, performed, resumed,
                            power.operationCount() - ops0);
                }
                image = validator.validate(primary, primary.size(), true).image();
            }
            int headerSize = ImageHeader.read(primary.read(0, ImageHeader.SIZE), 0).headerSize();
            return new BootOutcome(BootOutcome.Status.BOOT, image, primary.address() + headerSize, performed, resumed,
                    power.operationCount() - ops0);
        }

        // --------------------------------------------------------- boot_prepare_image_for_update

        private void prepare() {
            if (!slotsCompatible()) {
                swapType = SwapType.NONE;
                return;
            }
            if (swapMode) {
                readStatus();
                if (!(idx == 1 && state == 1)) {
                    completePartialSwap();
                    swapType = SwapType.NONE;
                    return;
                }
                if (bsSwapType == SwapType.NONE) {
                    swapType = validatedSwapType();
                } else {
                    swapType = validateSlot(TrailerArea.SECONDARY).check == Check.OK ? bsSwapType : SwapType.FAIL;
                }
            } else {
                swapType = validatedSwapType();
            }
            if (config.bootstrap() && swapType == SwapType.NONE) {
                boolean primaryErased = ImageValidator.headerErased(primary.read(0, 4), primary.erased());
                Check p = validateSlot(TrailerArea.PRIMARY).check;
                if (primaryErased || p != Check.OK) {
                    boolean secondaryMagic = ImageHeader.read(secondary.read(0, ImageHeader.SIZE), 0).hasMagic();
                    if (secondaryMagic && validateSlot(TrailerArea.SECONDARY).check == Check.OK) {
                        swapType = SwapType.REVERT;
                    }
                }
            }
        }

        /** {@code boot_slots_compatible}, logging why not. */
        private boolean slotsCompatible() {
            if (primary.sectorCount() > maxSectors || secondary.sectorCount() > maxSectors) {
                log.warn("Cannot upgrade: more sectors than allowed");
                return false;
            }
            String problem = compatibilityProblem();
            if (problem != null) {
                log.warn(problem);
                return false;
            }
            return true;
        }

        /** {@code swap_read_status}: where the status is, what progress it records, which swap. */
        private void readStatus() {
            SwapState p = store.read(TrailerArea.PRIMARY);
            SwapState sc = store.read(TrailerArea.SCRATCH);
            log.info("Primary image: " + p.logText());
            log.info("Scratch: " + sc.logText());
            TrailerArea source;
            String word;
            if (p.magic() == MagicState.GOOD && sc.magic() != MagicState.GOOD && p.copyDone() == FlagState.SET) {
                source = null;
                word = "none";
            } else if (p.magic() == MagicState.GOOD && sc.magic() != MagicState.GOOD
                    && p.copyDone() == FlagState.UNSET) {
                source = TrailerArea.PRIMARY;
                word = "primary slot";
            } else if (sc.magic() == MagicState.GOOD) {
                source = TrailerArea.SCRATCH;
                word = "scratch";
            } else if (p.magic() == MagicState.UNSET && p.copyDone() == FlagState.UNSET) {
                source = TrailerArea.PRIMARY;
                word = "primary slot";
            } else {
                source = null;
                word = "none";
            }
            log.info("Boot source: " + word);
            if (source == null) {
                return;
            }
            Progress pr = store.readProgress(source);
            if (pr.inconsistent()) {
                log.error("Detected inconsistent status!");
                if (!config.validatePrimary()) {
                    throw new Panic("inconsistent status without primary validation", null);
                }
            }
            if (pr.found()) {
                idx = pr.idx();
                state = pr.state();
            }
            bsSwapType = (source == TrailerArea.PRIMARY ? p : sc).swapType();
        }

        /** {@code boot_swap_type_multi}: the decision table (mcuboot-boot.md §3). */
        private SwapType swapTypeMulti() {
            StatusStore trailers = swapMode ? store : inSlot;
            SwapState p = trailers.read(TrailerArea.PRIMARY);
            SwapState s = trailers.read(TrailerArea.SECONDARY);
            if (style == LogStyle.CYPRESS) {
                log.info(style.primaryDumpLabel() + ": " + p.logText());
                log.info(style.secondaryDumpLabel() + ": " + s.logText());
            }
            SwapType t = decide(p, s);
            log.info(style.swapType(IMAGE, t));
            return t;
        }

        private SwapType validatedSwapType() {
            SwapType t = swapTypeMulti();
            if (t.isUpgrade() && validateSlot(TrailerArea.SECONDARY).check != Check.OK) {
                return SwapType.NONE;
            }
            return t;
        }

        // --------------------------------------------------------- boot_validate_slot

        private record ValidationOutcome(Check check, McubootImage image) {
        }

        private ValidationOutcome validateSlot(TrailerArea slot) {
            FlashRegion r = slot == TrailerArea.PRIMARY ? primary : secondary;
            ImageHeader h = ImageHeader.read(r.read(0, ImageHeader.SIZE), 0);
            if (ImageValidator.headerErased(r.read(0, 4), r.erased()) || h.hasFlag(ImageFlags.NON_BOOTABLE)) {
                if (swapMode && slot == TrailerArea.SECONDARY) {
                    store.scrambleTrailer(TrailerArea.SECONDARY);
                }
                return new ValidationOutcome(Check.NO_BOOTABLE, null);
            }
            if (!swapMode && config.downgradePrevention() && slot == TrailerArea.SECONDARY) {
                ImageHeader ph = ImageHeader.read(primary.read(0, ImageHeader.SIZE), 0);
                boolean primaryErased = ImageValidator.headerErased(primary.read(0, 4), primary.erased());
                if (h.version().compareIgnoringBuild(ph.version()) < 0 && !primaryErased) {
                    log.error(style.insufficientVersion());
                    secondary.erase(0, secondary.size(), false);
                    return new ValidationOutcome(Check.NO_BOOTABLE, null);
                }
            }
            ImageValidator.Result v = validator.validate(r, maxImageSize(), true);
            if (!v.valid()) {
                String line = "Image in the " + (slot == TrailerArea.PRIMARY ? "primary" : "secondary") + " slot is not valid!";
                if (style == LogStyle.UPSTREAM) {
                    log.error(line);
                }
                if (slot == TrailerArea.SECONDARY) {
                    secondary.erase(0, secondary.size(), false);
                }
                if (style == LogStyle.CYPRESS) {
                    log.error(line);
                }
                return new ValidationOutcome(Check.NO_BOOTABLE, v.image());
            }
            return new ValidationOutcome(Check.OK, v.image());
        }

        // --------------------------------------------------------- updates

        private void performUpdate() {
            if (!swapMode) {
                copyImage(primary.size());
                return;
            }
            boolean bootstrapCopy = false;
            if (config.bootstrap()) {
                boolean primaryErased = ImageValidator.headerErased(primary.read(0, 4), primary.erased());
                bootstrapCopy = primaryErased || validateSlot(TrailerArea.PRIMARY).check != Check.OK;
            }
            bsSwapType = swapType;
            if (bootstrapCopy) {
                swapSize = 0;
                if (!store.statusInSlots()) {
                    statusInit(TrailerArea.PRIMARY);
                }
                copyImage(primary.size() - store.slotTrailerSize());
            } else {
                swapImage(true);
            }
            if (swapType == SwapType.REVERT || swapType == SwapType.PERM) {
                setPrimaryImageOk();
            }
            store.writeCopyDone(TrailerArea.PRIMARY);
        }

        private void completePartialSwap() {
            resumed = true;
            performed = bsSwapType;
            swapImage(false);
            if (bsSwapType == SwapType.REVERT || bsSwapType == SwapType.PERM) {
                setPrimaryImageOk();
            }
            if (bsSwapType.isUpgrade()) {
                store.writeCopyDone(TrailerArea.PRIMARY);
            }
        }

        private void setPrimaryImageOk() {
            if (store.read(TrailerArea.PRIMARY).imageOk() == FlagState.UNSET) {
                store.writeImageOk(TrailerArea.PRIMARY);
            }
        }

        /** {@code boot_copy_image}: overwrite-only (and bootstrap) copy of {@code size} bytes. */
        private void copyImage(long size) {
            log.info(style.overwriteStart(IMAGE));
            log.info("Erasing the primary slot");
            for (FlashRegion.AreaSector s : primary.sectors()) {
                primary.erase(s.offset(), s.size(), false);
            }
            log.info(style.overwriteCopy(IMAGE, size));
            copy(secondary, 0, primary, 0, size);
            FlashRegion.AreaSector first = secondary.sectors().get(0);
            secondary.erase(first.offset(), first.size(), false);
            FlashRegion.AreaSector last = secondary.sectors().get(secondary.sectorCount() - 1);
            if (last.offset() != first.offset()) {
                secondary.erase(last.offset(), last.size(), false);
            }
        }

        /** {@code boot_swap_image}: swap size (fresh or from the trailer), then {@code swap_run}. */
        private void swapImage(boolean fresh) {
            if (fresh) {
                long p = ImageHeader.read(primary.read(0, ImageHeader.SIZE), 0).hasMagic()
                        ? ImageValidator.imageSize(primary, true) : 0;
                long s = ImageHeader.read(secondary.read(0, ImageHeader.SIZE), 0).hasMagic()
                        ? ImageValidator.imageSize(secondary, true) : 0;
                swapSize = Math.max(Math.max(p, s), 0);
                idx = 1;
                state = 1;
            } else {
                TrailerArea where = store.read(TrailerArea.SCRATCH).magic() == MagicState.GOOD ? TrailerArea.SCRATCH : TrailerArea.PRIMARY;
                swapSize = store.readSwapSize(where);
            }
            log.info("Starting swap using scratch algorithm.");
            List<long[]> regions = regions(swapSize);
            for (int i = 0; i < regions.size(); i++) {
                if (i + 1 >= idx) {
                    swapRegion(regions.get(i)[0], regions.get(i)[1]);
                }
            }
            if (statusFails > 0) {
                log.warn(statusFails + " status write fails performing the swap");
            }
        }

        /** {@code boot_swap_sectors} for the region {@code [imgOff, imgOff+sz)}, resuming at {@code state}. */
        private void swapRegion(long imgOff, long sz) {
            long s = primary.size();
            long trailerSz = store.slotTrailerSize();
            long primaryTrailerOff = primary.sectorAt(s - trailerSz).offset();
            long copySz = sz;
            if (imgOff + sz > primaryTrailerOff) {
                copySz = s - imgOff - trailerSz;
                long scratchStatusOff = scratch.size() - store.scratchTrailerSize();
                copySz = Math.min(copySz, scratchStatusOff);
            }
            boolean useScratch = store.statusInSlots() && idx == 1 && copySz != sz;
            TrailerArea statusArea = useScratch ? TrailerArea.SCRATCH : TrailerArea.PRIMARY;

            if (state == 1) {
                scratch.erase(0, scratch.size(), false);
                if (idx == 1) {
                    statusInit(TrailerArea.SCRATCH);
                    if (!useScratch) {
                        store.scrambleTrailer(TrailerArea.PRIMARY);
                        statusInit(TrailerArea.PRIMARY);
                        if (store.statusInSlots()) {
                            scratch.erase(0, scratch.size(), false);
                        } else {
                            store.scrambleTrailer(TrailerArea.SCRATCH);
                        }
                    }
                }
                copy(secondary, imgOff, scratch, 0, copySz);
                writeStatus(statusArea, 1);
                state = 2;
            }
            if (state == 2) {
                long eraseSz = sz;
                if (idx == 1) {
                    store.scrambleTrailer(TrailerArea.SECONDARY);
                    long secondaryTrailerOff = secondary.sectorAt(secondary.size() - trailerSz).offset();
                    if (imgOff + sz > secondaryTrailerOff) {
                        eraseSz = Math.max(0, secondaryTrailerOff - imgOff);
                    }
                }
                secondary.erase(imgOff, eraseSz, false);
                copy(primary, imgOff, secondary, imgOff, copySz);
                writeStatus(statusArea, 2);
                state = 3;
            }
            if (state == 3) {
                long eraseSz = sz;
                if (useScratch) {
                    store.scrambleTrailer(TrailerArea.PRIMARY);
                    eraseSz = Math.max(0, primaryTrailerOff - imgOff);
                }
                primary.erase(imgOff, eraseSz, false);
                copy(scratch, 0, primary, imgOff, copySz);
                if (useScratch) {
                    try {
                        store.copyScratchStatusToPrimary();
                    } catch (FlashWriteFailedException e) {
                        if (!config.validatePrimary()) {
                            throw e;
                        }
                        statusFails++;
                    }
                    SwapState sc = store.read(TrailerArea.SCRATCH);
                    if (sc.imageOk() == FlagState.SET) {
                        store.writeImageOk(TrailerArea.PRIMARY);
                    }
                    if (sc.swapType() != SwapType.NONE) {
                        store.writeSwapInfo(TrailerArea.PRIMARY, sc.swapType(), IMAGE);
                    }
                    store.writeSwapSize(TrailerArea.PRIMARY, swapSize);
                    store.writeMagic(TrailerArea.PRIMARY);
                }
                writeStatus(TrailerArea.PRIMARY, 3);
                idx++;
                state = 1;
                if (useScratch) {
                    scratch.erase(0, scratch.size(), true);
                }
            }
        }

        /** {@code swap_status_init}: swap_info, image_ok (if the secondary's is set), swap_size, magic last. */
        private void statusInit(TrailerArea area) {
            SwapState sec = store.read(TrailerArea.SECONDARY);
            if (bsSwapType != SwapType.NONE) {
                store.writeSwapInfo(area, bsSwapType, IMAGE);
            }
            if (sec.imageOk() == FlagState.SET) {
                store.writeImageOk(area);
            }
            store.writeSwapSize(area, swapSize);
            store.writeMagic(area);
        }

        /** {@code boot_write_status}; with primary validation on a failing write is counted, not fatal. */
        private void writeStatus(TrailerArea area, int doneState) {
            try {
                store.writeStatus(area, idx, doneState);
            } catch (FlashWriteFailedException e) {
                if (!config.validatePrimary()) {
                    throw e;
                }
                statusFails++;
            }
        }
    }

    // =================================================================== geometry

    private static FlashRegion region(BootLayout.Area a, FlashAddressSpace flash) {
        return new FlashRegion(a.name(), a.address(), a.size(), flash);
    }

    /** Erases round to whole device sectors: they must not reach another area of the map. */
    private void checkEraseFootprints(FlashAddressSpace flash) {
        List<BootLayout.Area> all = layout.all();
        List<FlashRegion> ours = new ArrayList<>(List.of(primary, secondary));
        if (scratch != null) {
            ours.add(scratch);
        }
        if (status != null) {
            ours.add(status);
        }
        for (FlashRegion r : ours) {
            long[] fp = r.eraseFootprint();
            long base = flash.baseOf(r.device());
            for (BootLayout.Area other : all) {
                if (other.address() == r.address() && other.size() == r.size()) {
                    continue;
                }
                if (flash.find(other.address()).map(m -> m.device() == r.device()).orElse(false)
                        && other.overlaps(base + fp[0], base + fp[1])) {
                    throw new IllegalArgumentException(String.format(
                            "erasing %s touches the device sectors [0x%08x, 0x%08x), which overlap %s",
                            r.name(), base + fp[0], base + fp[1], other));
                }
            }
        }
    }

    /** Why the slots cannot be swapped ({@code boot_slots_compatible}), or null. */
    private String compatibilityProblem() {
        List<FlashRegion.AreaSector> ps = primary.sectors();
        List<FlashRegion.AreaSector> ss = secondary.sectors();
        int i = 0;
        int j = 0;
        long sz0 = 0;
        long sz1 = 0;
        long total0 = 0;
        long total1 = 0;
        int smaller = 0;
        while (i < ps.size() || j < ss.size()) {
            if (sz0 == sz1) {
                if (i >= ps.size() || j >= ss.size()) {
                    return "Cannot upgrade: slots are not compatible";
                }
                sz0 += ps.get(i++).size();
                sz1 += ss.get(j++).size();
            } else if (sz0 < sz1) {
                if (i >= ps.size()) {
                    return "Cannot upgrade: slots are not compatible";
                }
                sz0 += ps.get(i++).size();
                if (smaller == 2) {
                    return "Cannot upgrade: slots have non-compatible sectors";
                }
                smaller = 1;
            } else {
                if (j >= ss.size()) {
                    return "Cannot upgrade: slots are not compatible";
                }
                sz1 += ss.get(j++).size();
                if (smaller == 1) {
                    return "Cannot upgrade: slots have non-compatible sectors";
                }
                smaller = 2;
            }
            if (swapMode && sz0 == sz1) {
                total0 += sz0;
                total1 += sz1;
                if (sz0 > scratch.size()) {
                    return "Cannot upgrade: not all sectors fit inside scratch";
                }
                smaller = 0;
                sz0 = 0;
                sz1 = 0;
            }
        }
        if (swapMode && total0 != total1) {
            return "Cannot upgrade: slots are not compatible";
        }
        if (primary.size() != secondary.size()) {
            return "Cannot upgrade: slots are not compatible";
        }
        return null;
    }

    /** Sizes of the runs between common sector boundaries of both slots, bottom up; null if incompatible. */
    private long[] commonUnits() {
        if (compatibilityProblem() != null) {
            return null;
        }
        List<Long> list = new ArrayList<>();
        List<FlashRegion.AreaSector> ps = primary.sectors();
        List<FlashRegion.AreaSector> ss = secondary.sectors();
        int i = 0;
        int j = 0;
        long start = 0;
        while (i < ps.size() && j < ss.size()) {
            long e0 = ps.get(i).end();
            long e1 = ss.get(j).end();
            if (e0 == e1) {
                list.add(e0 - start);
                start = e0;
                i++;
                j++;
            } else if (e0 < e1) {
                i++;
            } else {
                j++;
            }
        }
        return list.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The regions a swap of {@code swapSize} bytes moves, top first, each {@code {offset, size}}:
     * runs of common-boundary units packed from the top as long as they fit in the scratch
     * ({@code find_last_sector_idx} and {@code boot_copy_sz}).
     */
    List<long[]> regions(long swapSize) {
        List<long[]> out = new ArrayList<>();
        if (units == null || swapSize <= 0) {
            return out;
        }
        long[] starts = new long[units.length];
        long at = 0;
        int last = -1;
        for (int k = 0; k < units.length; k++) {
            starts[k] = at;
            at += units[k];
            if (last < 0 && at >= swapSize) {
                last = k;
            }
        }
        if (last < 0) {
            last = units.length - 1;
        }
        while (last >= 0) {
            long sz = 0;
            int k = last;
            while (k >= 0 && sz + units[k] <= scratch.size()) {
                sz += units[k];
                k--;
            }
            int first = k + 1;
            out.add(new long[] {starts[first], sz});
            last = first - 1;
        }
        return out;
    }

    /** {@code boot_copy_region}: reads and writes in 1024-byte chunks, one flash write each. */
    private static void copy(FlashRegion src, long srcOff, FlashRegion dst, long dstOff, long len) {
        byte[] buf = new byte[BootConfig.COPY_CHUNK];
        long done = 0;
        while (done < len) {
            int n = (int) Math.min(buf.length, len - done);
            src.read(srcOff + done, buf, 0, n);
            dst.write(dstOff + done, buf, 0, n);
            done += n;
        }
    }

    /** The decision table of {@code boot_swap_type_multi} (mcuboot-boot.md §3), without logging. */
    static SwapType decide(SwapState p, SwapState s) {
        if (s.magic() == MagicState.GOOD && s.imageOk() == FlagState.UNSET) {
            return SwapType.TEST;
        }
        if (s.magic() == MagicState.GOOD && s.imageOk() == FlagState.SET) {
            return SwapType.PERM;
        }
        if (p.magic() == MagicState.GOOD && p.imageOk() == FlagState.UNSET && p.copyDone() == FlagState.SET) {
            return SwapType.REVERT;
        }
        return SwapType.NONE;
    }

    // =================================================================== views

    /** The decoded trailer of an area as the bootloader would read it, without side effects. */
    public SwapState trailer(TrailerArea area) {
        return (swapMode ? store : inSlot).peek(area);
    }

    /** The swap type the next boot would decide from the trailers (no validation, no side effects). */
    public SwapType pendingSwapType() {
        StatusStore t = swapMode ? store : inSlot;
        return decide(t.peek(TrailerArea.PRIMARY), t.peek(TrailerArea.SECONDARY));
    }

    /** mcumgr-style list of both slots (no flash operations, works without power). */
    public List<SlotInfo> slots() {
        SwapType next = pendingSwapType();
        List<SlotInfo> out = new ArrayList<>(2);
        for (int slot = 0; slot < 2; slot++) {
            FlashRegion r = slot == 0 ? primary : secondary;
            ImageHeader h = ImageHeader.read(r.dump(0, ImageHeader.SIZE), 0);
            boolean present = h.hasMagic();
            String hash = null;
            boolean bootable = false;
            if (present) {
                ImageValidator.Result v = validator.validate(r, maxImageSize(), false);
                bootable = v.valid() && !h.hasFlag(ImageFlags.NON_BOOTABLE);
                if (v.image() != null) {
                    hash = v.image().hashTlv().map(Tlv::value).map(HexFormat.of()::formatHex).orElse(null);
                }
            }
            boolean pending = slot == 1 && (next == SwapType.TEST || next == SwapType.PERM);
            boolean permanent = slot == 1 && next == SwapType.PERM;
            boolean confirmed = slot == 0 ? present && next != SwapType.REVERT : present && next == SwapType.REVERT;
            boolean active = slot == 0 && bootable;
            out.add(new SlotInfo(slot, present, present ? h.version() : null, hash, bootable, pending && present,
                    confirmed, active, permanent && present));
        }
        return out;
    }

    // =================================================================== application side

    /** Program unit of the OTA storage writes: one flash operation per 512-byte row/page (lab-api fault counting). */
    public static final int OTA_PROGRAM_UNIT = 512;

    /**
     * The OTA agent's {@code cy_ota_storage_open} (ota-bootloader-abstraction,
     * infineon-ota-mqtt.md §10.1): erases the whole secondary slot, one operation per erase sector
     * (a clipped sector at a slot edge erases its whole device sector, as the QSPI driver does).
     */
    public void eraseSecondary() {
        secondary.erase(0, secondary.size(), false);
    }

    /**
     * The OTA agent's {@code cy_ota_storage_write} (§10.2): {@code data} at {@code offset} of the
     * secondary slot, programmed in pieces that do not cross a 512-byte row/page of the device, one
     * flash operation each; a piece whose bytes were already programmed since the last erase is
     * read-modify-written (the PSoC 6 driver's row write).
     *
     * @throws IllegalArgumentException when the data does not lie inside the slot (the storage
     *         API refuses it)
     */
    public void writeSecondary(long offset, byte[] data) {
        if (offset < 0 || offset > secondary.size() - data.length) {
            throw new IllegalArgumentException(String.format("OTA write of %d bytes at 0x%x is outside the "
                    + "secondary slot (0x%x bytes)", data.length, offset, secondary.size()));
        }
        int at = 0;
        while (at < data.length) {
            long abs = secondary.address() + offset + at;
            int room = (int) (OTA_PROGRAM_UNIT - Math.floorMod(abs, OTA_PROGRAM_UNIT));
            int n = Math.min(room, data.length - at);
            secondary.program(offset + at, java.util.Arrays.copyOfRange(data, at, at + n));
            at += n;
        }
    }


    /**
     * What Infineon's OTA agent writes when a download is verified (infineon-ota-mqtt.md §10,
     * mcuboot-boot.md §4): the magic at {@code S−16} of the secondary; for an external-flash
     * secondary also image_ok {@code 0x01} at {@code S−24} when permanent and swap_info
     * (TEST 2 / PERM 3, image 0) at {@code S−40}, each padded with the erased value to the write
     * size. Bytes that are not erased are reprogrammed read-modify-write.
     */
    public void requestUpgrade(boolean permanent) {
        long s = secondary.size();
        secondary.program(s - 16, fmt.magic());
        if (secondary.device() != primary.device()) {
            if (permanent) {
                secondary.program(s - 24, fmt.field(1, secondary.align(), secondary.erased()));
            }
            int info = (IMAGE << 4) | (permanent ? SwapType.PERM : SwapType.TEST).code();
            secondary.program(s - 40, fmt.field(info, secondary.align(), secondary.erased()));
        }
    }

    /**
     * Upstream {@code boot_set_pending(permanent)} on the secondary's in-slot trailer: with an
     * unset magic writes the magic, image_ok if permanent, and swap_info; with a good magic does
     * nothing (already pending).
     *
     * @throws IllegalStateException when the secondary's trailer magic is bad
     */
    public void setPending(boolean permanent) {
        SwapState st = inSlot.peek(TrailerArea.SECONDARY);
        switch (st.magic()) {
            case GOOD -> { }
            case BAD -> throw new IllegalStateException("secondary slot trailer magic is bad");
            case UNSET -> {
                long s = secondary.size();
                secondary.program(fmt.magicBlockOff(s), fmt.magicField(secondary.erased()));
                if (permanent) {
                    secondary.program(fmt.imageOkOff(s), fmt.field(1, secondary.align(), secondary.erased()));
                }
                int info = (IMAGE << 4) | (permanent ? SwapType.PERM : SwapType.TEST).code();
                secondary.program(fmt.swapInfoOff(s), fmt.field(info, secondary.align(), secondary.erased()));
            }
        }
    }

    /**
     * What Infineon's {@code cy_ota_storage_image_validate} does when the new app starts: writes
     * the magic and image_ok {@code 0x01} into the primary's in-slot trailer without looking at
     * them first. Bytes that are not erased are reprogrammed read-modify-write (erase the
     * 512-byte row, write it back), each erase and write counted.
     */
    public void confirmPrimary() {
        long s = primary.size();
        primary.program(s - 16, fmt.magic());
        primary.program(fmt.imageOkOff(s), fmt.field(1, primary.align(), primary.erased()));
    }

    /**
     * Upstream {@code boot_set_confirmed}: writes image_ok into the primary's in-slot trailer if
     * its magic is good and image_ok unset. Returns whether it wrote.
     */
    public boolean setConfirmed() {
        SwapState st = inSlot.peek(TrailerArea.PRIMARY);
        if (st.magic() == MagicState.GOOD && st.imageOk() == FlagState.UNSET) {
            primary.program(fmt.imageOkOff(primary.size()), fmt.field(1, primary.align(), primary.erased()));
            return true;
        }
        return false;
    }

    /** The device holding the primary slot (for tests and the kit's programmer). */
    FlashDevice primaryDevice() {
        return primary.device();
    }

    FlashRegion primaryRegion() {
        return primary;
    }

    FlashRegion secondaryRegion() {
        return secondary;
    }

    FlashRegion scratchRegion() {
        return scratch;
    }

    StatusStore store() {
        return swapMode ? store : inSlot;
    }
}
