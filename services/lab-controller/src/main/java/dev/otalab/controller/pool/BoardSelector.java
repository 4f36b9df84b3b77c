package dev.otalab.controller.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Which boards a lease (or a run) may take: any of the named {@code boards} (none named: any), with
 * the given kit and flashmap (null: any) and every listed capability.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BoardSelector(List<String> boards, String kit, String flashmap, List<String> capabilities) {

    public BoardSelector {
        boards = boards == null ? List.of() : List.copyOf(boards);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        for (String b : boards) {
            if (b == null || b.isBlank()) {
                throw new IllegalArgumentException("boards: board ids must not be blank");
            }
        }
        for (String c : capabilities) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("capabilities: capabilities must not be blank");
            }
        }
    }

    public static BoardSelector board(String id) {
        return new BoardSelector(List.of(id), null, null, null);
    }

    @Override
    public String toString() {
        List<String> parts = new java.util.ArrayList<>();
        if (!boards.isEmpty()) {
            parts.add("board in " + boards);
        }
        if (kit != null) {
            parts.add("kit " + kit);
        }
        if (flashmap != null) {
            parts.add("flashmap " + flashmap);
        }
        if (!capabilities.isEmpty()) {
            parts.add("capabilities " + capabilities);
        }
        return parts.isEmpty() ? "any board" : String.join(", ", parts);
    }
}
