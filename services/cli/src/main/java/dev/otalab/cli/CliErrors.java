package dev.otalab.cli;

import dev.otalab.mcuboot.McubootException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit status, never a stack trace:
 * 2 for bad usage or bad input (as imgtool's usage errors), 1 for anything else.
 */
public final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    public static CommandLine install(CommandLine cl) {
        CliErrors handler = new CliErrors();
        return cl.setParameterExceptionHandler(handler).setExecutionExceptionHandler(handler);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("Error: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
                + " --help')");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        boolean badInput = ex instanceof McubootException || ex instanceof IOException
                || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException
                || ex instanceof CommandLine.PicocliException;
        cmd.getErr().println("Error: " + (badInput ? "" : "internal error: ") + describe(ex));
        return badInput ? USAGE : FAILURE;
    }

    static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile();
        }
        if (t instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (t instanceof IOException io) {
            return "cannot read or write a file: " + io.getMessage();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
