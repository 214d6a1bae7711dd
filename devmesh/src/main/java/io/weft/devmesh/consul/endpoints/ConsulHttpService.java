package io.weft.devmesh.consul.endpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.weft.devmesh.consul.catalog.Catalog;
import io.weft.devmesh.consul.catalog.ConsulApiException;

/**
 * The Consul HTTP API subset weft uses, routed like Consul's own mux: exact paths, and prefixes
 * whose remainder is the ID or name ({@code /v1/agent/service/deregister/<id>}).
 *
 * <p>Every request is aggregated, then handled on its event loop; handlers only touch the
 * in-memory {@link Catalog} and never block. Blocking queries park without a thread
 * (see {@link BlockingQuery}).
 */
public final class ConsulHttpService implements HttpService {
    private static final Logger logger = LoggerFactory.getLogger(ConsulHttpService.class);

    private record Route(String path, boolean prefix, Map<String, Function<Request, HttpResponse>> methods) {}

    /** The routes that apply {@code ?filter} ({@link ResultFilter}). */
    private static final List<String> FILTERED = List.of(
            "/v1/agent/services", "/v1/agent/checks", "/v1/catalog/nodes", "/v1/catalog/service/",
            "/v1/health/service/", "/v1/health/checks/", "/v1/health/state/");

    private final List<Route> routes = new ArrayList<>();
    private final String datacenter;

    public ConsulHttpService(Catalog catalog) {
        datacenter = catalog.node().datacenter();
        final AgentEndpoints agent = new AgentEndpoints(catalog);
        final CatalogEndpoints cat = new CatalogEndpoints(catalog);
        final IntentionEndpoints ixn = new IntentionEndpoints(catalog);
        final ConfigEndpoints config = new ConfigEndpoints(catalog);
        final KvEndpoints kv = new KvEndpoints(catalog);
        exact("/v1/agent/self", Map.of("GET", agent::self));
        exact("/v1/agent/services", Map.of("GET", agent::services));
        exact("/v1/agent/checks", Map.of("GET", agent::checks));
        exact("/v1/agent/members", Map.of("GET", agent::members));
        exact("/v1/agent/service/register", Map.of("PUT", agent::register));
        prefix("/v1/agent/service/deregister/", Map.of("PUT", agent::deregister));
        prefix("/v1/agent/service/maintenance/", Map.of("PUT", agent::maintenance));
        prefix("/v1/agent/service/", Map.of("GET", agent::service));
        prefix("/v1/agent/check/pass/", Map.of("PUT", agent::pass));
        prefix("/v1/agent/check/warn/", Map.of("PUT", agent::warn));
        prefix("/v1/agent/check/fail/", Map.of("PUT", agent::fail));
        prefix("/v1/agent/check/update/", Map.of("PUT", agent::update));
        exact("/v1/catalog/services", Map.of("GET", cat::services));
        exact("/v1/catalog/nodes", Map.of("GET", cat::nodes));
        exact("/v1/catalog/datacenters", Map.of("GET", cat::datacenters));
        exact("/v1/catalog/register", Map.of("PUT", cat::register));
        exact("/v1/catalog/deregister", Map.of("PUT", cat::deregister));
        prefix("/v1/catalog/service/", Map.of("GET", cat::service));
        prefix("/v1/health/service/", Map.of("GET", cat::health));
        prefix("/v1/health/checks/", Map.of("GET", cat::checks));
        prefix("/v1/health/state/", Map.of("GET", cat::state));
        exact("/v1/config", Map.of("PUT", config::apply));
        prefix("/v1/config/", Map.of("GET", config::get, "DELETE", config::delete));
        prefix("/v1/kv/", Map.of("GET", kv::get, "PUT", kv::put, "DELETE", kv::delete));
        exact("/v1/connect/ca/roots", Map.of("GET", agent::caRoots));
        exact("/v1/connect/intentions", Map.of("GET", ixn::list, "POST", ixn::create));
        exact("/v1/connect/intentions/exact", Map.of("GET", ixn::getExact, "PUT", ixn::putExact,
                                                     "DELETE", ixn::deleteExact));
        exact("/v1/connect/intentions/match", Map.of("GET", ixn::match));
        exact("/v1/connect/intentions/check", Map.of("GET", ixn::check));
        prefix("/v1/connect/intentions/", Map.of("GET", ixn::getById, "DELETE", ixn::deleteById));
        exact("/v1/status/leader", Map.of("GET", r -> ConsulResponses.json(
                ConsulJson.text(catalog.node().address() + ":8300"), r.pretty())));
        exact("/v1/status/peers", Map.of("GET", r -> {
            final ArrayNode peers = ConsulJson.array().add(catalog.node().address() + ":8300");
            return ConsulResponses.json(peers, r.pretty());
        }));
    }

    private void exact(String path, Map<String, Function<Request, HttpResponse>> methods) {
        routes.add(new Route(path, false, methods));
    }

    private void prefix(String path, Map<String, Function<Request, HttpResponse>> methods) {
        routes.add(new Route(path, true, methods));
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        final String path = ctx.decodedPath();
        Route route = null;
        String tail = "";
        for (Route r : routes) {
            if (r.prefix() ? path.startsWith(r.path()) : path.equals(r.path())) {
                route = r;
                tail = r.prefix() ? path.substring(r.path().length()) : "";
                break;
            }
        }
        if (route == null) {
            return ConsulResponses.notFound();
        }
        final Function<Request, HttpResponse> handler = route.methods().get(req.method().name());
        if (handler == null) {
            return ConsulResponses.methodNotAllowed(req.method().name(),
                                                    String.join(",", Set.copyOf(route.methods().keySet())));
        }
        final String dc = ctx.queryParams().get("dc");
        if (dc != null && !dc.isEmpty() && !dc.equals(datacenter)) {
            // What a single-datacenter Consul answers for another datacenter.
            return ConsulResponses.error(new ConsulApiException(500, "No path to datacenter"));
        }
        if (ctx.queryParams().contains("stale") && ctx.queryParams().contains("consistent")) {
            return ConsulResponses.error(ConsulApiException.badRequest(
                    "Cannot specify ?stale with ?consistent, conflicting semantics."));
        }
        if (ctx.queryParams().contains("filter") && !FILTERED.contains(route.path())) {
            // Silently ignoring a filter would return wrong data; say so instead.
            return ConsulResponses.error(ConsulApiException.badRequest(
                    "?filter is not supported on " + route.path() + " by the weft Consul stand-in (it is on " +
                    String.join(", ", FILTERED) + ')'));
        }
        final String routeTail = tail;
        return HttpResponse.of(req.aggregate().thenApply(agg -> {
            try {
                return handler.apply(new Request(ctx, agg, routeTail));
            } catch (ConsulApiException e) {
                return ConsulResponses.error(e);
            } catch (RuntimeException e) {
                logger.warn("Unexpected failure handling {} {}", req.method(), path, e);
                return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8,
                                       String.valueOf(e.getMessage()));
            }
        }));
    }
}
