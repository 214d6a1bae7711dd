package io.weft.certs.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;

import io.weft.certs.CertificateIssuanceException;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code certs} sub-command shares: it prints to the tool's streams, and a failure once the
 * command line is understood (a file that is missing, a CSR the CA refuses) is one line on standard error
 * and exit code 1. Mistakes on the command line itself never get here: picocli reports them (exit code 2).
 */
abstract class CertsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help and exit")
    private boolean help;

    /**
     * Does the work; results go to {@code out}.
     *
     * @return the exit code (0 on success)
     */
    abstract int run(PrintWriter out) throws Exception;

    @Override
    public final Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String name = "certs " + spec.name();
        try {
            return run(out);
        } catch (CertificateIssuanceException e) {
            err.println(name + ": refused: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println(name + ": " + describe(e));
            return 1;
        } finally {
            out.flush(); // a PrintWriter flushes by itself only on println, and a PEM is print()ed
        }
    }

    private static String describe(Exception e) {
        if (e instanceof FileSystemException fse) {
            return fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason()
                                                                   : e.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
