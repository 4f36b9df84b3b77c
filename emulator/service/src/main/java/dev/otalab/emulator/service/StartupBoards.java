package dev.otalab.emulator.service;

import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.CreateBoardRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code otalab.emulator.boards}: entries {@code id:flashmap[:bootloader[:kit]]}, e.g.
 * {@code emu-1:psoc62_2m_rollback_overwrite:rollback:CY8CPROTO-062-4343W}.
 */
public final class StartupBoards {

    private StartupBoards() {
    }

    public static List<CreateBoardRequest> parse(List<String> entries, String defaultKit) {
        List<CreateBoardRequest> out = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            out.add(parseEntry(entry, defaultKit));
        }
        return out;
    }

    public static CreateBoardRequest parseEntry(String entry, String defaultKit) {
        String[] f = entry.split(":", -1);
        if (f.length < 2 || f.length > 4 || f[0].isBlank() || f[1].isBlank()) {
            throw new IllegalArgumentException("otalab.emulator.boards entry '" + entry
                    + "' is not id:flashmap[:bootloader[:kit]]");
        }
        BootloaderKind boot = f.length > 2 && !f[2].isBlank() ? BootloaderKind.fromString(f[2]) : BootloaderKind.MCUBOOT;
        String kit = f.length > 3 && !f[3].isBlank() ? f[3].trim() : defaultKit;
        return new CreateBoardRequest(f[0].trim(), kit, f[1].trim(), boot, null);
    }
}
