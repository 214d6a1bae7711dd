package io.weft.bench.stats;

import java.util.Locale;

import io.weft.bench.Args;

/** {@code spread 3 1 2} prints {@code 2 1 3}: the median, min and max of the values (blank ones skipped). */
public final class Spread {

    public static void run(Args args) {
        final double[] values = args.positional().stream().filter(s -> !s.isBlank())
                                    .mapToDouble(Double::parseDouble).sorted().toArray();
        if (values.length == 0) {
            System.out.println("- - -");
            return;
        }
        System.out.println(format(median(values)) + ' ' + format(values[0]) + ' ' +
                           format(values[values.length - 1]));
    }

    static double median(double[] sorted) {
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f",
                             value);
    }

    private Spread() {}
}
