package io.weft.controlplane.chain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code service-splitter}: a service's traffic shared out by weight (0-100, two decimals, adding up to
 * 100) among services or subsets.
 */
public record ServiceSplitter(String name, List<Split> splits) implements ConfigEntry {
    static final String KIND = "service-splitter";

    public ServiceSplitter {
        splits = List.copyOf(splits);
    }

    /**
     * One share. {@code service} is never empty (the splitter's own service when the entry leaves it out).
     *
     * @param weight percent, rounded to hundredths as Consul stores it
     */
    public record Split(double weight, String service, String serviceSubset, HeaderModifiers requestHeaders,
                        HeaderModifiers responseHeaders) {}

    static ServiceSplitter read(EntryJson json, String name) throws ChainException {
        final List<EntryJson> splitJson = json.objects("Splits");
        if (splitJson.isEmpty()) {
            throw json.error("no splits configured");
        }
        final List<Split> splits = new ArrayList<>();
        final Set<String> destinations = new HashSet<>();
        long sumScaled = 0;
        for (EntryJson s : splitJson) {
            Scope.requireLocal(s);
            final String service = s.text("Service").isEmpty() ? name : s.text("Service");
            final String subset = s.text("ServiceSubset");
            if (!destinations.add(service + '/' + subset)) {
                throw json.error("split destination occurs more than once: service=\"" + service +
                                 "\", subset=\"" + subset + "\", namespace=\"default\", partition=\"default\"");
            }
            final long scaled = scaled(s.number("Weight"));
            sumScaled += scaled;
            splits.add(new Split(scaled / 100.0, service, subset, HeaderModifiers.read(s.object("RequestHeaders")),
                                 HeaderModifiers.read(s.object("ResponseHeaders"))));
        }
        if (sumScaled != 100 * 100) {
            throw json.error(String.format(java.util.Locale.ROOT,
                                           "the sum of all split weights must be 100, not %f", sumScaled / 100.0));
        }
        return new ServiceSplitter(name, splits);
    }

    /** A weight in hundredths of a percent, rounded as Consul rounds it (the weight is a float32 there). */
    static long scaled(double weight) {
        return Math.round((float) weight * 100.0f);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
