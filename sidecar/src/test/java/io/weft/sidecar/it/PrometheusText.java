package io.weft.sidecar.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Metric families (name -> type and label names) as a Prometheus scrape serves them and as the
 * README's Metrics table documents them, so a test can hold one against the other.
 */
final class PrometheusText {
    /** One metric family: its Prometheus type and the names of its labels ({@code le}, {@code quantile} aside). */
    record Family(String type, Set<String> labels) {}

    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern README_ROW = Pattern.compile("\\| `([a-z_]+)` \\| (\\w+) \\|([^|]*)\\|([^|]*)\\|");
    private static final Set<String> NOT_LABELS = Set.of("le", "quantile");

    private PrometheusText() {}

    /** The families of a scrape in Prometheus text format. */
    static Map<String, Family> families(String scrape) {
        final Map<String, String> types = new HashMap<>();
        final Map<String, Set<String>> labels = new TreeMap<>();
        for (String line : scrape.lines().toList()) {
            final Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                labels.put(type.group(1), new TreeSet<>());
            } else if (!line.startsWith("#") && !line.isBlank()) {
                final Matcher sample = SAMPLE.matcher(line);
                if (!sample.matches()) {
                    throw new IllegalArgumentException("not a Prometheus sample: " + line);
                }
                final Set<String> names = labels.get(familyOf(sample.group(1), types));
                labelsOf(sample.group(2)).keySet().stream().filter(l -> !NOT_LABELS.contains(l)).forEach(names::add);
            }
        }
        return labels.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new Family(types.get(e.getKey()), e.getValue()), (a, b) -> a, TreeMap::new));
    }

    /** For each series of {@code histogram}: the {@code le} values of its {@code _bucket} samples, in order. */
    static Map<String, List<String>> buckets(String scrape, String histogram) {
        return scrape.lines().map(SAMPLE::matcher).filter(Matcher::matches)
                     .filter(m -> m.group(1).equals(histogram + "_bucket"))
                     .collect(Collectors.groupingBy(m -> seriesOf(m.group(2)),
                                                    Collectors.mapping(m -> labelsOf(m.group(2)).get("le"),
                                                                       Collectors.toList())));
    }

    /** The README's Metrics table: every row's name, type and labels. */
    static Map<String, Family> documented(Path readme) throws IOException {
        return rows(readme).stream().collect(Collectors.toMap(
                m -> m.group(1), m -> new Family(m.group(2), labelNames(m.group(3))), (a, b) -> a, TreeMap::new));
    }

    /** The rows of the README's Metrics table whose meters exist before their first event. */
    static Set<String> documentedAsAlwaysPresent(Path readme) throws IOException {
        return rows(readme).stream().filter(m -> !m.group(4).contains("appears with the first"))
                           .map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The {@code le} values the README's Metrics section lists for {@code histogram}, as served. */
    static List<String> documentedBuckets(Path readme, String histogram) throws IOException {
        final String section = section(readme);
        final int start = section.indexOf("`le` of `" + histogram + "_bucket`");
        final int end = section.indexOf("\n- ", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException(readme + " lists no `le` of `" + histogram + "_bucket`");
        }
        final String item = section.substring(section.indexOf("as served:", start), end);
        return Pattern.compile("`([^`]+)`").matcher(item).results().map(m -> m.group(1)).toList();
    }

    private static List<Matcher> rows(Path readme) throws IOException {
        return section(readme).lines().map(README_ROW::matcher).filter(Matcher::matches).toList();
    }

    private static String section(Path readme) throws IOException {
        final String text = Files.readString(readme);
        final int start = text.indexOf("\n## Metrics\n");
        if (start < 0) {
            throw new IllegalStateException(readme + " has no '## Metrics' section");
        }
        final int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static Set<String> labelNames(String cell) {
        return Arrays.stream(cell.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                     .map(s -> s.replace("`", "")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Samples {@code x_bucket}, {@code x_count}, {@code x_sum} belong to family {@code x}; others are their own. */
    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        throw new IllegalArgumentException("sample " + sample + " has no # TYPE line before it");
    }

    private static String seriesOf(String labels) {
        final Map<String, String> all = labelsOf(labels);
        all.remove("le");
        return all.toString();
    }

    private static Map<String, String> labelsOf(String labels) {
        final Map<String, String> out = new TreeMap<>();
        if (labels != null) {
            final Matcher m = LABEL.matcher(labels);
            while (m.find()) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }
}
