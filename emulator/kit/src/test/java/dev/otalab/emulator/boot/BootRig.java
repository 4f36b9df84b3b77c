package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.FlashGeometry;
import dev.otalab.emulator.flash.PowerFailInjector;
import dev.otalab.emulator.flash.PowerLossException;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A kit's flash with the bootloader model on it, plus the simulator's setup steps (mcuboot-boot.md
 * §13.3): images A (primary) and B (secondary) of the largest size that fits, marking, booting,
 * interrupting. Test helper, not a test.
 */
final class BootRig {

    static final McubootKey ED25519 = McubootKey.generate(KeyType.ED25519);
    static final McubootKey P256 = McubootKey.generate(KeyType.ECDSA_P256);

    final String name;
    final FlashAddressSpace space;
    final PowerFailInjector power;
    final BootLayout layout;
    final Mcuboot boot;
    final McubootKey key;
    final int headerSize;
    byte[] imageA;
    byte[] imageB;

    BootRig(String name, FlashAddressSpace space, PowerFailInjector power, BootLayout layout, BootConfig config,
            McubootKey key, int headerSize) {
        this.name = name;
        this.space = space;
        this.power = power;
        this.layout = layout;
        this.key = key;
        this.headerSize = headerSize;
        this.boot = new Mcuboot(layout, space, List.of(key.publicOnly()), config);
    }

    @Override
    public String toString() {
        return name;
    }

    // ------------------------------------------------------------------ layouts

    /**
     * One device with uniform 4 KB sectors: primary 16 sectors, secondary 16 sectors, scratch 2
     * (swap) — MCUboot simulator style.
     */
    static BootRig uniform(int writeSize, int erased, boolean swap, BootConfig config) {
        PowerFailInjector power = new PowerFailInjector();
        FlashDevice dev = new FlashDevice("flash", FlashGeometry.uniform(0x40000, 0x1000, writeSize, erased), power);
        FlashAddressSpace space = new FlashAddressSpace().map(0x1000_0000L, dev);
        BootLayout.Area p = new BootLayout.Area("primary", 0x1000_0000L, 0x10000);
        BootLayout.Area s = new BootLayout.Area("secondary", 0x1001_0000L, 0x10000);
        BootLayout layout = swap
                ? BootLayout.swap(p, s, new BootLayout.Area("scratch", 0x1002_0000L, 0x2000), null, 32)
                : BootLayout.overwrite(p, s, 32);
        String name = String.format("uniform 4K W%d erased 0x%02X %s", writeSize, erased, swap ? "swap" : "overwrite");
        return new BootRig(name, space, power, layout, config, ED25519, 0x20);
    }

    /**
     * PSoC 6 in miniature: primary in "internal" flash (512-byte rows, W 8, erased 0x00),
     * secondary at {@code …0200} and scratch in "external" flash (4 KB sectors, W 1, erased
     * 0xFF), status partition in internal flash; MAX_IMG_SECTORS 128.
     */
    static BootRig split(BootConfig config) {
        PowerFailInjector power = new PowerFailInjector();
        FlashDevice internal = new FlashDevice("internal", FlashGeometry.uniform(0x40000, 0x200, 8, 0x00), power);
        FlashDevice external = new FlashDevice("external", FlashGeometry.uniform(0x100000, 0x1000, 1, 0xFF), power);
        FlashAddressSpace space = new FlashAddressSpace().map(0x1000_0000L, internal).map(0x1800_0000L, external);
        BootLayout layout = BootLayout.swap(
                new BootLayout.Area("primary", 0x1000_0000L, 0x10000),
                new BootLayout.Area("secondary", 0x1800_0200L, 0x10000),
                new BootLayout.Area("scratch", 0x1802_0000L, 0x2000),
                new BootLayout.Area("status", 0x1002_0000L, 0x1800), 128);
        return new BootRig("split int/ext " + config.statusBackend(), space, power, layout, config, ED25519, 0x20);
    }

    /** A project flashmap from {@code flashmap/} with its devices (PSoC 6: header 0x400, ECDSA P-256). */
    static BootRig flashmap(String file, BootConfig config) {
        Flashmap map = Flashmap.read(Path.of(System.getProperty("otalab.root", "../..")).resolve("flashmap").resolve(file));
        KitFlash kit = KitFlash.forFlashmap(map);
        return new BootRig(file + " " + config.statusBackend(), kit.space(), kit.power(), BootLayout.of(map, 1),
                config, P256, 0x400);
    }

    // ------------------------------------------------------------------ images

    /** A signed image of exactly {@code length} bytes (header through TLVs), pseudo-random payload. */
    byte[] image(String version, int length, long seed) {
        return image(version, length, seed, key);
    }

    byte[] image(String version, int length, long seed, McubootKey signer) {
        int overhead = signed(version, new byte[16], signer).length - 16;
        byte[] payload = new byte[length - overhead];
        new Random(seed).nextBytes(payload);
        byte[] img = signed(version, payload, signer);
        for (int attempt = 0; attempt < 20 && img.length != length; attempt++) {
            // ECDSA DER signatures vary by a byte or two: adjust the payload and sign again
            payload = Arrays.copyOf(payload, payload.length + (length - img.length));
            payload[payload.length - 1] ^= (byte) attempt;
            img = signed(version, payload, signer);
        }
        assertThat(img).hasSize(length);
        return img;
    }

    private byte[] signed(String version, byte[] payload, McubootKey signer) {
        SignOptions opts = SignOptions.builder().version(version).headerSize(headerSize).padHeader(true)
                .slotSize(layout.primary().size()).erasedValue(boot.primaryRegion().erased() & 0xFF)
                .overwriteOnly(true).key(signer).build();
        return ImageSigner.sign(payload, null, opts).image();
    }

    /** Largest image the bootloader accepts, rounded down to 8 bytes. */
    int maxImage() {
        return (int) (boot.maxImageSize() & ~7L);
    }

    /** Images A 1.0.0 and B 2.0.0 of the largest size that fits. */
    BootRig withLargestImages() {
        imageA = image("1.0.0", maxImage(), 1);
        imageB = image("2.0.0", maxImage() - 8 * 5, 2);
        return this;
    }

    // ------------------------------------------------------------------ programming (out of band of the power rail)

    /** Writes an image at the start of a slot as a programmer would (padded to the write size). */
    void program(FlashRegion slot, byte[] image) {
        int w = slot.align();
        byte[] padded = Arrays.copyOf(image, (image.length + w - 1) / w * w);
        Arrays.fill(padded, image.length, padded.length, slot.erased());
        slot.write(0, padded);
        power.resetOperationCount();
    }

    /** Image A in the primary, confirmed (magic + image_ok, as a {@code --confirm} padded image). */
    BootRig installA() {
        program(boot.primaryRegion(), imageA);
        boot.confirmPrimary();
        power.resetOperationCount();
        return this;
    }

    /** Image A in the primary without any trailer. */
    BootRig installBareA() {
        program(boot.primaryRegion(), imageA);
        power.resetOperationCount();
        return this;
    }

    /** Image B in the secondary, marked for a TEST or PERM upgrade (upstream {@code boot_set_pending}). */
    BootRig installB(boolean permanent) {
        program(boot.secondaryRegion(), imageB);
        boot.setPending(permanent);
        power.resetOperationCount();
        return this;
    }

    // ------------------------------------------------------------------ booting

    BootOutcome boot() {
        return boot(BootLog.discard());
    }

    BootOutcome boot(BootLog log) {
        power.disarm();
        power.setPowered(true);
        return boot.boot(log);
    }

    /** Boots with power lost before operation {@code i}; asserts the boot really stopped there. */
    void bootInterruptedAt(long i) {
        power.disarm();
        power.setPowered(true);
        power.resetOperationCount();
        power.armAt(i);
        assertThatThrownBy(() -> boot.boot(BootLog.discard()))
                .as("%s: boot interrupted at op %d", name, i)
                .isInstanceOf(PowerLossException.class);
        power.disarm();
        power.setPowered(true);
    }

    /** Operations of one uninterrupted boot from the current state (the state is consumed). */
    long countBoot() {
        power.resetOperationCount();
        BootOutcome o = boot();
        assertThat(o.booted()).as("counting boot of %s", name).isTrue();
        return power.operationCount();
    }

    // ------------------------------------------------------------------ checks

    /** Header through TLVs of the image now in a slot. */
    byte[] imageIn(FlashRegion slot, int length) {
        return slot.dump(0, length);
    }

    void assertPrimaryHolds(byte[] image) {
        assertHolds("primary", boot.primaryRegion(), image);
    }

    void assertSecondaryHolds(byte[] image) {
        assertHolds("secondary", boot.secondaryRegion(), image);
    }

    private void assertHolds(String slot, FlashRegion region, byte[] image) {
        byte[] now = imageIn(region, image.length);
        int at = Arrays.mismatch(now, image);
        assertThat(at).as("%s: %s differs from image %s at offset 0x%x", name, slot,
                image == imageA ? "A" : image == imageB ? "B" : "?", at).isEqualTo(-1);
    }

    String primaryTriple() {
        return boot.trailer(TrailerArea.PRIMARY).triple();
    }

    String secondaryTriple() {
        return boot.trailer(TrailerArea.SECONDARY).triple();
    }

    boolean swap() {
        return layout.scratch().isPresent();
    }
}
