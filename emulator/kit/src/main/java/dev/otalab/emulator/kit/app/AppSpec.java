package dev.otalab.emulator.kit.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.mcuboot.image.ImageVersion;
import dev.otalab.mcuboot.image.McubootImage;
import java.io.IOException;
import java.util.Optional;

/**
 * How an emulated application behaves, read from the image's protected custom TLV 0x00A0 (UTF-8
 * JSON, DESIGN.md "Emulated firmware behaviour"):
 *
 * <pre>{"app":"blinky","blinkMs":250,"confirm":true,"hang":false,"banner":"...","imageType":"UPGRADE","cpu":"CM4"}</pre>
 *
 * <table>
 * <caption>fields (all optional)</caption>
 * <tr><th>field</th><th>default</th><th>meaning</th></tr>
 * <tr><td>app</td><td>{@code ota}</td><td>{@code ota}, {@code blinky} or {@code factory}: whose console lines to print</td></tr>
 * <tr><td>blinkMs</td><td>1000; blinky UPGRADE 250</td><td>LED toggle interval</td></tr>
 * <tr><td>confirm</td><td>true</td><td>OTA app: confirm the image (image_ok) at OTA task start. Blinky asks on the UART
 *     instead; the factory app never confirms.</td></tr>
 * <tr><td>hang</td><td>false</td><td>never stop the bootloader's watchdog, no LED (the CE's {@code TEST_REVERT} build)</td></tr>
 * <tr><td>banner</td><td>none</td><td>extra text printed as line(s) right after the app's own banner</td></tr>
 * <tr><td>imageType</td><td>blinky: {@code UPGRADE} from version 2 on, else {@code BOOT}; factory {@code UPGRADE}
 *     (the example's default {@code IMG_TYPE})</td>
 *     <td>{@code IMAGE_TYPE:} of the blinky/factory banner; blinky UPGRADE asks to confirm in swap mode</td></tr>
 * <tr><td>cpu</td><td>{@code CM4_0} (the example's {@code CORE_NAME})</td><td>{@code CPU:} of the blinky/factory banner</td></tr>
 * </table>
 *
 * An image without the TLV, or with JSON that does not parse, is a well-behaved OTA app: banner
 * with the image version, confirms itself, blinks at 1000 ms.
 *
 * @param kind which firmware
 * @param version the image header's version
 * @param blinkMs LED toggle interval
 * @param confirm see above
 * @param hang see above
 * @param banner extra banner text, or null
 * @param imageType {@code BOOT} or {@code UPGRADE}
 * @param cpu core name
 * @param fromTlv whether the image carried a usable TLV 0x00A0
 */
public record AppSpec(AppKind kind, ImageVersion version, long blinkMs, boolean confirm, boolean hang, String banner,
        String imageType, String cpu, boolean fromTlv) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AppSpec {
        if (blinkMs < 1) {
            throw new IllegalArgumentException("blinkMs must be >= 1, got " + blinkMs);
        }
    }

    /** The behaviour of a booted image. */
    public static AppSpec of(McubootImage image) {
        return parse(image.emulatedAppJson(), image.version());
    }

    /** The behaviour described by {@code json} (absent or unreadable: the default OTA app). */
    public static AppSpec parse(Optional<String> json, ImageVersion version) {
        if (json.isEmpty()) {
            return defaults(AppKind.OTA, version, false);
        }
        JsonNode n;
        try {
            n = JSON.readTree(json.get());
        } catch (IOException e) {
            return defaults(AppKind.OTA, version, false);
        }
        if (n == null || !n.isObject()) {
            return defaults(AppKind.OTA, version, false);
        }
        AppKind kind;
        try {
            kind = n.hasNonNull("app") ? AppKind.parse(n.get("app").asText()) : AppKind.OTA;
        } catch (IllegalArgumentException e) {
            kind = AppKind.OTA;
        }
        AppSpec d = defaults(kind, version, true);
        String imageType = text(n, "imageType", d.imageType());
        long defaultBlink = kind == AppKind.BLINKY && "UPGRADE".equalsIgnoreCase(imageType) ? 250 : 1000;
        long blink = n.hasNonNull("blinkMs") && n.get("blinkMs").canConvertToLong() && n.get("blinkMs").asLong() >= 1
                ? n.get("blinkMs").asLong() : defaultBlink;
        boolean confirm = n.hasNonNull("confirm") ? n.get("confirm").asBoolean(true) : d.confirm();
        boolean hang = n.hasNonNull("hang") && n.get("hang").asBoolean(false);
        String banner = text(n, "banner", null);
        String cpu = text(n, "cpu", d.cpu());
        return new AppSpec(kind, version, blink, confirm, hang, banner, imageType, cpu, true);
    }

    private static AppSpec defaults(AppKind kind, ImageVersion version, boolean fromTlv) {
        String type = switch (kind) {
            case BLINKY -> version.major() >= 2 ? "UPGRADE" : "BOOT";
            case FACTORY -> "UPGRADE";
            case OTA -> "BOOT";
        };
        long blink = kind == AppKind.BLINKY && type.equals("UPGRADE") ? 250 : 1000;
        return new AppSpec(kind, version, blink, true, false, null, type, "CM4_0", fromTlv);
    }

    private static String text(JsonNode n, String field, String fallback) {
        return n.hasNonNull(field) && n.get(field).isValueNode() ? n.get(field).asText() : fallback;
    }

    /** {@code major.minor.revision}, as the apps print {@code APP_VERSION_*}. */
    public String versionText() {
        return version.major() + "." + version.minor() + "." + version.revision();
    }
}
