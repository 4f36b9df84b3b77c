package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of the emulator's {@code POST /boards}: a new virtual kit, powered off, flash erased.
 *
 * <pre>{"id":"emu-1","kit":"CY8CPROTO-062-4343W","flashmap":"psoc62_2m_ext_swap_single",
 *  "bootloader":"mcuboot","trustedKeyPem":"-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n"}</pre>
 *
 * @param id wanted board id ({@code [A-Za-z0-9._-]}, 1..64 characters), or null to let the emulator choose
 * @param kit kit name, e.g. {@code CY8CPROTO-062-4343W}; required
 * @param flashmap name of a flashmap file the emulator knows (without {@code .json}), e.g.
 *        {@code psoc62_2m_ext_swap_single}; required
 * @param bootloader {@code mcuboot} (default) or {@code rollback}
 * @param trustedKeyPem the public key (PEM) the emulated MCUboot verifies images with, or null for
 *        the emulator's default test key
 * @param ota per-board OTA Agent settings (board string, serial number, identity), or null for the
 *        emulator's configured ones; only used when the emulator has an OTA configuration
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateBoardRequest(String id, String kit, String flashmap, BootloaderKind bootloader,
        String trustedKeyPem, OtaOverrides ota) {

    public CreateBoardRequest {
        if (id != null && !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("id must be 1..64 characters of [A-Za-z0-9._-], got '" + id + "'");
        }
        Checks.required(kit, "kit");
        Checks.required(flashmap, "flashmap");
        bootloader = bootloader == null ? BootloaderKind.MCUBOOT : bootloader;
    }

    /** A board with the emulator's OTA settings. */
    public CreateBoardRequest(String id, String kit, String flashmap, BootloaderKind bootloader, String trustedKeyPem) {
        this(id, kit, flashmap, bootloader, trustedKeyPem, null);
    }
}
