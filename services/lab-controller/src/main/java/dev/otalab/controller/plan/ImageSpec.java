package dev.otalab.controller.plan;

import java.util.Map;

/**
 * How a plan's image is obtained: read from a file, a fill of one byte value (an erased area), or
 * signed at run time with the lab's key from build parameters.
 */
public sealed interface ImageSpec {

    /** A file, relative to the plans folder when not absolute. */
    record FromFile(String file) implements ImageSpec {
    }

    /** {@code size} bytes of {@code value}: programs an erased-looking area (0x00 internal, 0xFF external). */
    record Fill(int value, int size) implements ImageSpec {
    }

    /**
     * Signed at run time.
     *
     * @param version image version {@code x.y.z[+build]}
     * @param role {@code primary} (internal, -R 0), {@code upgrade} (padded, TEST), {@code permanent}
     *        (padded, confirmed), {@code factory} (factory reserve: overwrite-only, 0xFF header padding),
     *        {@code ota} (the build's {@code .bin} an OTA download carries: 0xFF header padding, not padded, no trailer)
     * @param app the emulated-app TLV 0x00A0 JSON object (null: none)
     * @param untrusted signed with a fresh key no board trusts
     */
    record Signed(String version, String role, Map<String, Object> app, boolean untrusted) implements ImageSpec {
    }
}
