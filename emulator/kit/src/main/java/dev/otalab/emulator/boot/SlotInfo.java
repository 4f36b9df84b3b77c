package dev.otalab.emulator.boot;

import dev.otalab.mcuboot.image.ImageVersion;

/**
 * One slot as mcumgr's {@code image list} shows it (img_mgmt state flags, derived from MCUboot's
 * swap-type table exactly as img_mgmt does).
 *
 * @param slot      0 primary, 1 secondary
 * @param present   the slot starts with an image header magic
 * @param version   header version, or null
 * @param hash      lower-case hex of the image's hash TLV, or null
 * @param bootable  the image passes MCUboot's validation (hash, key, signature) and is not
 *                  flagged NON_BOOTABLE
 * @param pending   secondary only: the next boot will swap it in (swap type TEST or PERM)
 * @param confirmed primary: the next boot keeps it (no REVERT pending, i.e. confirmed or never
 *                  tested); secondary: it comes back at the next boot (REVERT pending)
 * @param active    primary holding a bootable image: the image that runs
 * @param permanent secondary only: the pending upgrade is permanent (PERM)
 */
public record SlotInfo(int slot, boolean present, ImageVersion version, String hash, boolean bootable,
                       boolean pending, boolean confirmed, boolean active, boolean permanent) {

    /** {@code active confirmed} style flags, as mcumgr prints them. */
    public String flags() {
        StringBuilder sb = new StringBuilder();
        if (bootable) {
            sb.append("bootable ");
        }
        if (pending) {
            sb.append("pending ");
        }
        if (confirmed) {
            sb.append("confirmed ");
        }
        if (active) {
            sb.append("active ");
        }
        if (permanent) {
            sb.append("permanent ");
        }
        return sb.toString().trim();
    }
}
