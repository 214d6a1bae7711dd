package io.weft.certs.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import io.weft.certs.CertificateIssuanceException;

/**
 * The {@code certs} command-line tool: {@code init}, {@code inspect}, {@code csr}, {@code issue},
 * {@code verify} and {@code rotate}. Exit codes: 0 success, 1 failure (message on stderr), 2 wrong usage.
 */
public final class CertsMain {

    private static final List<Command> COMMANDS = List.of(
            new InitCommand(), new InspectCommand(), new CsrCommand(), new IssueCommand(), new VerifyCommand(),
            new RotateCommand());

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0]) || "help".equals(args[0]) && args.length == 1) {
            out.print(overview());
            return args.length == 0 ? 2 : 0;
        }
        final String name = "help".equals(args[0]) ? args[1] : args[0];
        final Command command = COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (command == null) {
            err.println("certs: unknown command '" + name + "'");
            err.print(overview());
            return 2;
        }
        final List<String> rest = Arrays.asList(args).subList(1, args.length);
        if ("help".equals(args[0]) || rest.stream().anyMatch(CertsMain::isHelp)) {
            out.print(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out);
        } catch (Args.UsageException e) {
            err.println("certs " + name + ": " + e.getMessage());
            err.print(command.usage());
            return 2;
        } catch (CertificateIssuanceException e) {
            err.println("certs " + name + ": refused: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("certs " + name + ": " + describe(e));
            return 1;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.FileSystemException) {
            final java.nio.file.FileSystemException fse = (java.nio.file.FileSystemException) e;
            return fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason()
                                                                   : e.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static boolean isHelp(String arg) {
        return "--help".equals(arg) || "-h".equals(arg);
    }

    private static String overview() {
        final StringBuilder text = new StringBuilder(
                "Usage: certs <command> [options]   (certs <command> --help for its options)\n\n" +
                "The weft mesh PKI: a root and intermediate CA, SPIFFE leaf certificates, trust bundles.\n\n" +
                "Commands:\n");
        for (Command command : COMMANDS) {
            text.append(String.format("  %-8s %s%n", command.name(), command.summary()));
        }
        return text.toString();
    }

    private CertsMain() {}
}
