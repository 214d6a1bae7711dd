package io.weft.sidecar.transcoding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorDetailsProto;

import com.linecorp.armeria.common.HttpMethod;

/**
 * An immutable snapshot of what the JSON path can serve: the app's methods by gRPC path
 * ({@code /pkg.Service/Method}), the REST bindings from their {@code google.api.http} rules, and a
 * JSON type registry of every message the app declared (for {@code google.protobuf.Any}).
 *
 * <p>Built off the event loop by {@link DescriptorWatcher} and swapped atomically; request threads
 * only read it. A rule that cannot be used (bad template, unknown field) is skipped and listed in
 * {@link #problems()}; it never prevents the rest from loading.
 */
final class TranscodingTable {

    private static final Logger logger = LoggerFactory.getLogger(TranscodingTable.class);

    /** A matched REST route or {@code POST /pkg.Service/Method}. */
    record Route(MethodDescriptor method, @Nullable HttpBinding binding, Map<String, String> pathVariables) {}

    private final long version;
    private final Instant loadedAt;
    private final Map<String, MethodDescriptor> methods;
    private final List<HttpBinding> bindings;
    private final List<String> problems;
    private final JsonFormat.TypeRegistry typeRegistry;

    private TranscodingTable(long version, Instant loadedAt, Map<String, MethodDescriptor> methods,
                             List<HttpBinding> bindings, List<String> problems,
                             JsonFormat.TypeRegistry typeRegistry) {
        this.version = version;
        this.loadedAt = loadedAt;
        this.methods = methods;
        this.bindings = bindings;
        this.problems = problems;
        this.typeRegistry = typeRegistry;
    }

    /**
     * Builds a table of the {@code services} (full names, as listed by reflection) found in
     * {@code files}; {@code linkProblems} (files that could not be linked) are reported with the rest.
     */
    static TranscodingTable build(long version, Instant loadedAt, List<FileDescriptor> files,
                                  Collection<String> services, List<String> linkProblems) {
        final Map<String, MethodDescriptor> methods = new LinkedHashMap<>();
        final List<HttpBinding> bindings = new ArrayList<>();
        final List<String> problems = new ArrayList<>(linkProblems);
        // The app's messages, and google.rpc's error details for the "details" of error bodies.
        final JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder()
                .add(ErrorDetailsProto.getDescriptor().getMessageTypes());
        for (FileDescriptor file : files) {
            file.getMessageTypes().forEach(types::add);
            for (ServiceDescriptor service : file.getServices()) {
                if (!services.contains(service.getFullName())) {
                    continue;
                }
                for (MethodDescriptor method : service.getMethods()) {
                    methods.putIfAbsent(grpcPath(method), method);
                    if (method.getOptions().hasExtension(AnnotationsProto.http)) {
                        addRule(method, method.getOptions().getExtension(AnnotationsProto.http), true,
                                bindings, problems);
                    }
                }
            }
        }
        for (String service : services) {
            if (methods.keySet().stream().noneMatch(path -> path.startsWith('/' + service + '/'))) {
                problems.add("service " + service + ": no descriptor (reflection listed it, but sent no file)");
            }
        }
        // Most specific template first; among equals, declaration order.
        bindings.sort(Comparator.comparingInt((HttpBinding b) -> b.path().specificity()).reversed());
        problems.forEach(problem -> logger.warn("JSON transcoding: {}", problem));
        return new TranscodingTable(version, loadedAt, Map.copyOf(methods), List.copyOf(bindings),
                                    List.copyOf(problems), types.build());
    }

    private static void addRule(MethodDescriptor method, HttpRule rule, boolean topLevel,
                                List<HttpBinding> bindings, List<String> problems) {
        try {
            bindings.add(binding(method, rule));
        } catch (IllegalArgumentException e) {
            problems.add(grpcPath(method) + ": HTTP rule skipped: " + e.getMessage());
        }
        if (topLevel) {
            rule.getAdditionalBindingsList().forEach(
                    additional -> addRule(method, additional, false, bindings, problems));
        }
    }

    private static HttpBinding binding(MethodDescriptor method, HttpRule rule) {
        final HttpMethod httpMethod;
        final String template;
        switch (rule.getPatternCase()) {
            case GET -> { httpMethod = HttpMethod.GET; template = rule.getGet(); }
            case PUT -> { httpMethod = HttpMethod.PUT; template = rule.getPut(); }
            case POST -> { httpMethod = HttpMethod.POST; template = rule.getPost(); }
            case DELETE -> { httpMethod = HttpMethod.DELETE; template = rule.getDelete(); }
            case PATCH -> { httpMethod = HttpMethod.PATCH; template = rule.getPatch(); }
            case CUSTOM -> {
                httpMethod = HttpMethod.tryParse(rule.getCustom().getKind());
                if (httpMethod == null) {
                    throw new IllegalArgumentException("custom kind '" + rule.getCustom().getKind() +
                                                       "' (expected: an HTTP method)");
                }
                template = rule.getCustom().getPath();
            }
            default -> throw new IllegalArgumentException("no pattern (expected: get, put, post, delete, " +
                                                          "patch or custom)");
        }
        final PathTemplate path = PathTemplate.parse(template);
        final Descriptor input = method.getInputType();
        for (String fieldPath : path.fieldPaths()) {
            checkPathField(input, fieldPath, template);
        }
        final String body = rule.getBody();
        if (!body.isEmpty() && !"*".equals(body) && input.findFieldByName(body) == null) {
            throw new IllegalArgumentException("body: " + body + " (expected: * or a field of " +
                                               input.getFullName() + ')');
        }
        final String responseBody = rule.getResponseBody();
        if (!responseBody.isEmpty() && method.getOutputType().findFieldByName(responseBody) == null) {
            throw new IllegalArgumentException("response_body: " + responseBody + " (expected: a field of " +
                                               method.getOutputType().getFullName() + ')');
        }
        return new HttpBinding(httpMethod, path, body, responseBody, method);
    }

    private static void checkPathField(Descriptor type, String fieldPath, String template) {
        final String[] names = fieldPath.split("\\.");
        Descriptor current = type;
        for (int i = 0; i < names.length; i++) {
            final FieldDescriptor field = current.findFieldByName(names[i]);
            if (field == null) {
                throw new IllegalArgumentException("path " + template + ": variable " + fieldPath +
                                                   " (expected: a field of " + type.getFullName() + ')');
            }
            if (field.isRepeated()) {
                throw new IllegalArgumentException("path " + template + ": variable " + fieldPath +
                                                   " is repeated (expected: a singular field)");
            }
            if (i < names.length - 1) {
                if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                    throw new IllegalArgumentException("path " + template + ": variable " + fieldPath +
                                                       ": " + names[i] + " is not a message");
                }
                current = field.getMessageType();
            }
        }
    }

    static String grpcPath(MethodDescriptor method) {
        return '/' + method.getService().getFullName() + '/' + method.getName();
    }

    /**
     * Finds the route for a request: {@code POST /pkg.Service/Method} first, then the REST bindings,
     * most specific template first.
     *
     * @param rawPath the request path, still percent-encoded, without the query
     * @return the route, or {@code null} if nothing matches
     * @throws IllegalArgumentException if a path variable is malformed
     */
    @Nullable
    Route route(HttpMethod httpMethod, String rawPath) {
        if (httpMethod == HttpMethod.POST) {
            final MethodDescriptor method = methods.get(rawPath);
            if (method != null) {
                return new Route(method, null, Map.of());
            }
        }
        for (HttpBinding binding : bindings) {
            if (binding.httpMethod() != httpMethod) {
                continue;
            }
            final Map<String, String> variables = binding.path().match(rawPath);
            if (variables != null) {
                return new Route(binding.method(), binding, variables);
            }
        }
        return null;
    }

    /** Whether some route has this path with another HTTP method (for a 405 rather than a 404). */
    boolean hasPathWithOtherMethod(HttpMethod httpMethod, String rawPath) {
        if (httpMethod != HttpMethod.POST && methods.containsKey(rawPath)) {
            return true;
        }
        for (HttpBinding binding : bindings) {
            if (binding.httpMethod() != httpMethod && binding.path().match(rawPath) != null) {
                return true;
            }
        }
        return false;
    }

    long version() {
        return version;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    /** Full names of the services with at least one method, sorted. */
    List<String> services() {
        return methods.values().stream().map(m -> m.getService().getFullName()).distinct().sorted().toList();
    }

    /** gRPC paths of every method, e.g. {@code /weft.demo.sum.v1.SumService/Add}. */
    List<String> methodPaths() {
        return methods.keySet().stream().sorted().toList();
    }

    List<HttpBinding> bindings() {
        return bindings;
    }

    List<String> problems() {
        return problems;
    }

    JsonFormat.TypeRegistry typeRegistry() {
        return typeRegistry;
    }
}
