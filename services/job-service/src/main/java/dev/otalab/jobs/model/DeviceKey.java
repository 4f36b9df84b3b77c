package dev.otalab.jobs.model;

/**
 * How job-service tells devices apart: the board of the request topic and the {@code SerialNumber}
 * the device sends, as {@code <board>:<serial>} ({@code <board>:} when the device sends none).
 *
 * <p>The other identity fields are recorded but are not part of the key: a fleet must give every
 * device a distinct {@code SerialNumber} (README, "Device identity"). Devices that keep the
 * library's or the code example's literal ({@code ABC213450001}) all share one key per board.
 */
public final class DeviceKey {

    private DeviceKey() {
    }

    public static String of(String board, String serialNumber) {
        return board + ":" + (serialNumber == null ? "" : serialNumber);
    }
}
