package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One MCUboot slot as the emulator's {@code GET /boards/{id}/slots} lists it, in the style of
 * {@code mcumgr image list}: a list of these, image 0 slot 0 (primary) first.
 *
 * <pre>[{"image":0,"slot":0,"area":"primary","address":268599296,"empty":false,"version":"1.0.0",
 *   "hash":"5f1c...e2","valid":true,"bootable":true,"pending":false,"confirmed":true,"active":true,"permanent":false},
 *  {"image":0,"slot":1,"area":"secondary","address":402653696,"empty":true,"valid":false,"bootable":false,
 *   "pending":false,"confirmed":false,"active":false,"permanent":false}]</pre>
 *
 * Flags follow mcumgr/Zephyr img_mgmt:
 *
 * @param image image number (0 for the single-image flashmaps)
 * @param slot 0 = primary, 1 = secondary
 * @param area {@code primary} or {@code secondary}
 * @param address slot start address
 * @param empty no image header (erased or scrambled); version and hash are then null
 * @param version {@code major.minor.revision}, with {@code .build} appended when build is not 0
 * @param hash the image's SHA-256 TLV, lower-case hex
 * @param valid header, hash and signature verify against the board's trusted key
 * @param bootable the header's non-bootable flag is clear
 * @param pending an upgrade of this slot is requested for the next reset (TEST or PERM)
 * @param confirmed image_ok is set in this slot's trailer (the running image was confirmed)
 * @param active the image is the one running now
 * @param permanent the pending request is permanent (PERM: no revert)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlotInfo(
        int image,
        int slot,
        String area,
        long address,
        boolean empty,
        String version,
        String hash,
        boolean valid,
        boolean bootable,
        boolean pending,
        boolean confirmed,
        boolean active,
        boolean permanent) {

    public SlotInfo {
        Checks.range(image, "image", 0, 3);
        Checks.range(slot, "slot", 0, 1);
        Checks.range(address, "address", 0, 0xFFFF_FFFFL);
        if (empty && (version != null || hash != null)) {
            throw new IllegalArgumentException("an empty slot has no version or hash");
        }
    }
}
