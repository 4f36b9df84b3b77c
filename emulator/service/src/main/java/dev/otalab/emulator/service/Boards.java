package dev.otalab.emulator.service;

import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Helpers the resources share: run an operation on a board, wait for a kit future. */
public final class Boards {

    private Boards() {
    }

    /**
     * Runs {@code op} on the board {@code id}. A board deleted while the operation runs (the kit
     * answers {@link IllegalStateException} "closed") is reported as {@code board-not-found}.
     */
    public static <T> T on(BoardRegistry registry, String id, Function<VirtualKit, T> op) {
        VirtualKit kit = registry.get(id);
        try {
            return op.apply(kit);
        } catch (IllegalStateException e) {
            if (registry.find(id).orElse(null) != kit) {
                throw new ProblemException(Problem.boardNotFound(id), e);
            }
            throw new ProblemException(Problem.of(ProblemTypes.CONFLICT, e.getMessage()), e);
        }
    }

    /** Waits for a kit future on the calling (worker) thread; its failure is rethrown as it was. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new ProblemException(Problem.of(ProblemTypes.INTERNAL_ERROR, "interrupted while waiting"), e);
        } catch (CancellationException e) {
            throw new ProblemException(Problem.of(ProblemTypes.CONFLICT, "the operation was cancelled"), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ProblemException(Problem.of(ProblemTypes.INTERNAL_ERROR, String.valueOf(cause)), cause);
        }
    }

    /** 400 when a required JSON body is missing. */
    public static <T> T body(T request) {
        if (request == null) {
            throw new ProblemException(Problem.badRequest("a JSON body is required"));
        }
        return request;
    }
}
