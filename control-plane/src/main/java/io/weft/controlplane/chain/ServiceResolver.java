package io.weft.controlplane.chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.weft.common.annotation.Nullable;
import io.weft.common.filter.Filter;
import io.weft.common.filter.FilterException;

/**
 * {@code service-resolver}: which instances serve a service. Named subsets (a filter over the catalog's
 * service fields, e.g. {@code Service.Meta.version == v2}), the subset used when none is asked for, a
 * redirect to another service or subset, failover targets per subset ({@code "*"}: any), timeouts and
 * the load balancer.
 */
public record ServiceResolver(String name, String defaultSubset, Map<String, Subset> subsets,
                              @Nullable Redirect redirect, Map<String, Failover> failover,
                              Duration connectTimeout, Duration requestTimeout, @Nullable LoadBalancer loadBalancer)
        implements ConfigEntry {
    static final String KIND = "service-resolver";

    // Consul: subset names must be valid DNS labels (they appear in SNI names)
    private static final Pattern SUBSET_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    public ServiceResolver {
        subsets = Map.copyOf(subsets);
        failover = Map.copyOf(failover);
    }

    /** A subset: a filter expression over the catalog entry, and whether only passing instances count. */
    public record Subset(String filter, boolean onlyPassing) {}

    /** Where a redirect sends the service: {@code service} empty means the resolver's own. */
    public record Redirect(String service, String serviceSubset, String datacenter) {}

    /** A failover target: {@code service} empty means the resolver's own. */
    public record Target(String service, String serviceSubset, String datacenter) {}

    /** Failover for one subset: targets tried in order when the subset has no healthy instance. */
    public record Failover(List<Target> targets) {
        public Failover {
            targets = List.copyOf(targets);
        }
    }

    /** The resolver a service has when it has none: every instance, defaults for everything. */
    static ServiceResolver defaultFor(String service) {
        return new ServiceResolver(service, "", Map.of(), null, Map.of(), Duration.ZERO, Duration.ZERO, null);
    }

    boolean isDefault() {
        return defaultSubset.isEmpty() && subsets.isEmpty() && redirect == null && failover.isEmpty() &&
               connectTimeout.isZero() && requestTimeout.isZero() && loadBalancer == null;
    }

    boolean subsetExists(String subset) {
        return subset.isEmpty() || subsets.containsKey(subset);
    }

    static ServiceResolver read(EntryJson json, String name) throws ChainException {
        final Map<String, Subset> subsets = new LinkedHashMap<>();
        for (Map.Entry<String, EntryJson> e : json.objectMap("Subsets").entrySet()) {
            if (e.getKey().isEmpty()) {
                throw json.error("Subset defined with empty name");
            }
            if (!SUBSET_NAME.matcher(e.getKey()).matches()) {
                throw json.error("Subset \"" + e.getKey() + "\" is invalid: must be a valid DNS label " +
                                 "(lowercase letters, digits and '-', at most 63)");
            }
            final String filter = e.getValue().text("Filter");
            if (!filter.isEmpty()) {
                try {
                    Filter.parse(filter);
                } catch (FilterException bad) {
                    throw json.error("Filter for subset \"" + e.getKey() + "\" is not a valid expression: " +
                                     bad.getMessage());
                }
            }
            subsets.put(e.getKey(), new Subset(filter, e.getValue().bool("OnlyPassing")));
        }
        final String defaultSubset = json.text("DefaultSubset");
        if (!defaultSubset.isEmpty() && !subsets.containsKey(defaultSubset)) {
            throw json.error("DefaultSubset \"" + defaultSubset + "\" is not a valid subset");
        }
        final Redirect redirect = readRedirect(json.object("Redirect"), name, subsets);
        final Map<String, Failover> failover = new LinkedHashMap<>();
        for (Map.Entry<String, EntryJson> e : json.objectMap("Failover").entrySet()) {
            failover.put(e.getKey(), readFailover(e.getKey(), e.getValue(), name, subsets));
        }
        if (redirect != null && !failover.isEmpty()) {
            throw json.error("Redirect and Failover cannot both be set");
        }
        final Duration connect = json.duration("ConnectTimeout");
        final Duration request = json.duration("RequestTimeout");
        if (connect.isNegative()) {
            throw json.error("Bad ConnectTimeout '" + connect + "', must be >= 0");
        }
        if (request.isNegative()) {
            throw json.error("Bad RequestTimeout '" + request + "', must be >= 0");
        }
        return new ServiceResolver(name, defaultSubset, subsets, redirect, failover, connect, request,
                                   LoadBalancer.read(json.object("LoadBalancer")));
    }

    @Nullable
    private static Redirect readRedirect(@Nullable EntryJson r, String name, Map<String, Subset> subsets)
            throws ChainException {
        if (r == null) {
            return null;
        }
        Scope.requireLocal(r);
        final Redirect redirect = new Redirect(r.text("Service"), r.text("ServiceSubset"), r.text("Datacenter"));
        if (redirect.service().isEmpty() && redirect.serviceSubset().isEmpty() && redirect.datacenter().isEmpty()) {
            throw r.error("Redirect is empty");
        }
        if (redirect.service().isEmpty() && !redirect.serviceSubset().isEmpty()) {
            throw r.error("Redirect.ServiceSubset defined without Redirect.Service");
        }
        if (!redirect.serviceSubset().isEmpty() && redirect.service().equals(name) &&
            !subsets.containsKey(redirect.serviceSubset())) {
            throw r.error("Redirect.ServiceSubset \"" + redirect.serviceSubset() + "\" is not a valid subset of \"" +
                          name + '"');
        }
        return redirect;
    }

    private static Failover readFailover(String subset, EntryJson f, String name, Map<String, Subset> subsets)
            throws ChainException {
        final String prefix = "Bad Failover[\"" + subset + "\"]: ";
        Scope.requireLocal(f);
        if (!"*".equals(subset) && !subsets.containsKey(subset)) {
            throw f.error(prefix + "not a valid subset subset"); // sic: Consul's message
        }
        final String service = f.text("Service");
        final String serviceSubset = f.text("ServiceSubset");
        final List<String> datacenters = f.texts("Datacenters");
        final List<EntryJson> targetJson = f.objects("Targets");
        if (service.isEmpty() && serviceSubset.isEmpty() && datacenters.isEmpty() && targetJson.isEmpty()) {
            throw f.error(prefix + "one of Service, ServiceSubset, Namespace, Targets, or Datacenters is required");
        }
        if (!serviceSubset.isEmpty() && (service.isEmpty() || service.equals(name)) &&
            !subsets.containsKey(serviceSubset)) {
            throw f.error(prefix + "ServiceSubset \"" + serviceSubset + "\" is not a valid subset of \"" + service + '"');
        }
        if (!targetJson.isEmpty() && !datacenters.isEmpty()) {
            throw f.error(prefix + "Targets cannot be set with Datacenters");
        }
        if (!targetJson.isEmpty() && !serviceSubset.isEmpty()) {
            throw f.error(prefix + "Targets cannot be set with ServiceSubset");
        }
        if (!targetJson.isEmpty() && !service.isEmpty()) {
            throw f.error(prefix + "Targets cannot be set with Service");
        }
        final List<Target> targets = new ArrayList<>();
        if (!targetJson.isEmpty()) {
            for (EntryJson t : targetJson) {
                Scope.requireLocal(t);
                targets.add(new Target(t.text("Service"), t.text("ServiceSubset"), t.text("Datacenter")));
            }
        } else if (!datacenters.isEmpty()) {
            for (String dc : datacenters) {
                targets.add(new Target(service, serviceSubset, dc));
            }
        } else {
            targets.add(new Target(service, serviceSubset, ""));
        }
        return new Failover(targets);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
