package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.emulator.flash.PowerLossException;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Image validation rules and the exact log lines of swaps and resumes. */
class ValidationAndLogTest {

    private static byte[] sign(McubootKey key, SignOptions.PublicKeyFormat format, boolean nonBootable) {
        SignOptions opts = SignOptions.builder().version("1.2.3").headerSize(0x20).padHeader(true).slotSize(0x10000)
                .overwriteOnly(true).key(key).publicKeyFormat(format).nonBootable(nonBootable).build();
        return ImageSigner.sign(new byte[4000], null, opts).image();
    }

    @Test
    void keyTlvMustNameATrustedKeyWhoseSignatureVerifies() {
        McubootKey trusted = McubootKey.generate(KeyType.ECDSA_P256);
        McubootKey other = McubootKey.generate(KeyType.ECDSA_P256);
        McubootKey ed = McubootKey.generate(KeyType.ED25519);
        ImageValidator v = new ImageValidator(List.of(other.publicOnly(), trusted.publicOnly(), ed.publicOnly()));
        assertThat(v.check(McubootImage.parse(sign(trusted, SignOptions.PublicKeyFormat.HASH, false))).valid()).isTrue();
        assertThat(v.check(McubootImage.parse(sign(ed, SignOptions.PublicKeyFormat.HASH, false))).valid()).isTrue();
        assertThat(v.check(McubootImage.parse(sign(trusted, SignOptions.PublicKeyFormat.FULL, false))).valid()).isTrue();
        ImageValidator onlyOther = new ImageValidator(List.of(other.publicOnly()));
        assertThat(onlyOther.check(McubootImage.parse(sign(trusted, SignOptions.PublicKeyFormat.HASH, false))).reason())
                .isEqualTo("no valid signature by a trusted key");
        // no keys built in: hash only
        assertThat(new ImageValidator(List.of()).check(McubootImage.parse(sign(trusted,
                SignOptions.PublicKeyFormat.HASH, false))).valid()).isTrue();
    }

    @Test
    void aChangedByteBreaksTheHash() {
        McubootKey k = McubootKey.generate(KeyType.ED25519);
        byte[] img = sign(k, SignOptions.PublicKeyFormat.HASH, false);
        img[0x30] ^= 1;
        assertThat(new ImageValidator(List.of(k)).check(McubootImage.parse(img)).reason()).isEqualTo("hash mismatch");
    }

    @Test
    void nonBootableSecondaryIsIgnoredAndItsTrailerScrambled() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages().installA();
        SignOptions opts = SignOptions.builder().version("2.0.0").headerSize(0x20).padHeader(true).slotSize(0x10000)
                .overwriteOnly(true).key(r.key).nonBootable(true).build();
        r.imageB = ImageSigner.sign(new byte[5000], null, opts).image();
        r.installB(true);
        BootLog.Recorder log = BootLog.recorder();
        assertThat(r.boot(log).swapType()).isEqualTo(SwapType.NONE);
        assertThat(log.messages(BootLog.Level.ERROR)).isEmpty();
        assertThat(r.secondaryTriple()).isEqualTo("3,3,3");
        assertThat(r.boot.slots().get(1).bootable()).isFalse();
    }

    @Test
    void upstreamSwapLinesAndAResumeFromTheScratch() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages().installA().installB(false);
        // the top region overlaps the trailer: its records go to the scratch. Cut after the
        // first record (erase scratch 2, scratch trailer 4, copy 8, record 1 = op 15).
        r.bootInterruptedAt(16);
        assertThat(r.boot.trailer(TrailerArea.SCRATCH).magic()).isEqualTo(MagicState.GOOD);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(o.resumed()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.TEST);
        assertThat(log.tagged()).containsExactly(
                "[INF] Primary image: magic=good, swap_type=0x1, copy_done=0x3, image_ok=0x1",
                "[INF] Scratch: magic=good, swap_type=0x2, copy_done=0x3, image_ok=0x3",
                "[INF] Boot source: scratch",
                "[INF] Starting swap using scratch algorithm.");
        r.assertPrimaryHolds(r.imageB);
        log.clear();
        assertThat(r.boot(log).swapType()).isEqualTo(SwapType.REVERT);
        // the scratch still holds the last region's data (image A's first sectors): its
        // "trailer" decodes as bad, as on a device
        assertThat(log.tagged().get(1)).startsWith("[INF] Scratch: magic=bad, ");
        assertThat(log.tagged()).containsExactly(
                "[INF] Primary image: magic=good, swap_type=0x2, copy_done=0x1, image_ok=0x3",
                log.tagged().get(1),
                "[INF] Boot source: none",
                "[INF] Image index: 0, Swap type: revert",
                "[INF] Starting swap using scratch algorithm.");
    }

    @Test
    void resumeFromThePrimarySlotAfterTheTopRegion() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages().installA().installB(true);
        long n = r.countBoot();
        BootRig c = BootRig.uniform(8, 0xFF, true, BootConfig.upstream());
        c.imageA = r.imageA;
        c.imageB = r.imageB;
        c.installA().installB(true);
        c.bootInterruptedAt(n / 2);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = c.boot(log);
        assertThat(o.resumed()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.PERM);
        assertThat(log.tagged()).contains("[INF] Boot source: primary slot");
        c.assertPrimaryHolds(c.imageB);
    }

    @Test
    void inconsistentStatusIsReportedAndTheBootGoesOn() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages().installA().installB(true);
        long n = r.countBoot();
        BootRig c = BootRig.uniform(8, 0xFF, true, BootConfig.upstream());
        c.imageA = r.imageA;
        c.imageB = r.imageB;
        c.installA().installB(true);
        c.bootInterruptedAt(n / 2);
        // a stray record after a gap
        InSlotStatusStore store = (InSlotStatusStore) c.boot.store();
        store.writeStatus(TrailerArea.PRIMARY, 30, 1);
        BootLog.Recorder log = BootLog.recorder();
        c.boot(log);
        assertThat(log.messages(BootLog.Level.ERROR)).contains("Detected inconsistent status!");
    }

    @Test
    void powerLossPropagatesOutOfBoot() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages().installA().installB(true);
        r.power.armAt(1);
        try {
            r.boot.boot(BootLog.discard());
        } catch (PowerLossException e) {
            assertThat(e.operation()).isEqualTo(1);
            return;
        }
        throw new AssertionError("no power loss");
    }
}
