package io.weft.common.consul;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.ParseDuration} and {@code Duration.String()}, which Consul uses on the wire. */
public final class GoDuration {

    /** Parses "10s", "1m30s", "250ms", "1.5h"; throws with Go's message on bad input. */
    public static Duration parse(String s) {
        final String orig = s;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration " + quote(orig));
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("time: invalid duration " + quote(orig));
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        while (i < s.length()) {
            final int numStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            final String number = s.substring(numStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("time: invalid duration " + quote(orig));
            }
            final int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            final String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            final long unitNanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unit) + " in duration " + quote(orig));
            };
            totalNanos = totalNanos.add(new BigDecimal(number.startsWith(".") ? "0" + number : number)
                                                .multiply(BigDecimal.valueOf(unitNanos)));
        }
        if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("time: invalid duration " + quote(orig));
        }
        final long nanos = totalNanos.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Formats like Go: "0s", "500ms", "10s", "1m0s", "1h30m0s". */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns == 0) {
            return "0s";
        }
        final StringBuilder b = new StringBuilder();
        if (ns < 0) {
            b.append('-');
            ns = -ns;
        }
        if (ns < 1_000_000_000L) {
            if (ns < 1_000L) {
                return b.append(ns).append("ns").toString();
            }
            if (ns < 1_000_000L) {
                return b.append(fraction(ns, 3)).append("µs").toString();
            }
            return b.append(fraction(ns, 6)).append("ms").toString();
        }
        final long hours = ns / 3_600_000_000_000L;
        ns -= hours * 3_600_000_000_000L;
        final long minutes = ns / 60_000_000_000L;
        ns -= minutes * 60_000_000_000L;
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        return b.append(fraction(ns, 9)).append('s').toString();
    }

    private static String fraction(long value, int digits) {
        final String s = BigDecimal.valueOf(value).movePointLeft(digits).stripTrailingZeros().toPlainString();
        return s;
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    private GoDuration() {}
}
