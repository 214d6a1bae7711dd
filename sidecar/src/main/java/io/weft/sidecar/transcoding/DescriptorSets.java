package io.weft.sidecar.transcoding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.google.api.AnnotationsProto;
import com.google.api.ClientProto;
import com.google.api.FieldBehaviorProto;
import com.google.api.HttpProto;
import com.google.api.ResourceProto;
import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;

/**
 * Turns the serialized {@code FileDescriptorProto}s that server reflection returns into linked
 * {@link FileDescriptor}s.
 *
 * <p>The bytes are parsed with an {@link ExtensionRegistry} that knows {@code google.api.http}, so
 * the HTTP rule in a method's options is readable (without it the rule stays an unknown field).
 * Well-known files (google/protobuf/*, google/api/*) are taken from the classpath rather than from
 * the app, so their options and extensions are the generated ones the registry refers to.
 */
final class DescriptorSets {

    private static final ExtensionRegistry REGISTRY;
    private static final Map<String, FileDescriptor> WELL_KNOWN = new HashMap<>();

    static {
        REGISTRY = ExtensionRegistry.newInstance();
        AnnotationsProto.registerAllExtensions(REGISTRY);
        Stream.of(DescriptorProtos.getDescriptor(), AnyProto.getDescriptor(), ApiProto.getDescriptor(),
                  DurationProto.getDescriptor(), EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(),
                  SourceContextProto.getDescriptor(), StructProto.getDescriptor(),
                  TimestampProto.getDescriptor(), TypeProto.getDescriptor(), WrappersProto.getDescriptor(),
                  AnnotationsProto.getDescriptor(), HttpProto.getDescriptor(), ClientProto.getDescriptor(),
                  FieldBehaviorProto.getDescriptor(), ResourceProto.getDescriptor())
              .forEach(fd -> WELL_KNOWN.put(fd.getName(), fd));
    }

    /**
     * Parses serialized {@code FileDescriptorProto}s (reflection's {@code file_descriptor_proto}).
     *
     * @throws InvalidProtocolBufferException if one is not a valid FileDescriptorProto
     */
    static List<FileDescriptorProto> parse(List<ByteString> serialized) throws InvalidProtocolBufferException {
        final List<FileDescriptorProto> protos = new ArrayList<>(serialized.size());
        for (ByteString bytes : serialized) {
            protos.add(FileDescriptorProto.parseFrom(bytes, REGISTRY));
        }
        return protos;
    }

    /** The names of {@code protos}' dependencies that are neither among them nor well known. */
    static Set<String> missingDependencies(Map<String, FileDescriptorProto> protos) {
        final Set<String> missing = new HashSet<>();
        for (FileDescriptorProto proto : protos.values()) {
            for (String dependency : proto.getDependencyList()) {
                if (!protos.containsKey(dependency) && !WELL_KNOWN.containsKey(dependency)) {
                    missing.add(dependency);
                }
            }
        }
        return missing;
    }

    /** Linked files, and the files that could not be linked with the reason. */
    record Linked(List<FileDescriptor> files, List<String> problems) {}

    /**
     * Links {@code protos} (by file name) into descriptors, dependencies first. A file that cannot
     * be linked (missing dependency, cycle, invalid) is left out and named in
     * {@link Linked#problems()}, along with the files that need it; the others are still linked.
     */
    static Linked link(Map<String, FileDescriptorProto> protos) {
        final Map<String, FileDescriptor> linked = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(protos.keySet())) { // a stable order, whatever the map's
            try {
                link(name, protos, linked, new HashSet<>());
            } catch (IllegalArgumentException e) {
                problems.add("descriptor file " + name + " skipped: " + e.getMessage());
            }
        }
        return new Linked(List.copyOf(linked.values()), List.copyOf(problems));
    }

    private static FileDescriptor link(String name, Map<String, FileDescriptorProto> protos,
                                       Map<String, FileDescriptor> linked, Set<String> inProgress) {
        final FileDescriptor done = linked.get(name);
        if (done != null) {
            return done;
        }
        final FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            final FileDescriptor wellKnown = WELL_KNOWN.get(name);
            if (wellKnown != null) {
                return wellKnown;
            }
            throw new IllegalArgumentException("descriptor file " + name + " is missing from the app's reflection");
        }
        if (!inProgress.add(name)) {
            throw new IllegalArgumentException("descriptor file " + name + " depends on itself");
        }
        final List<FileDescriptor> dependencies = new ArrayList<>();
        for (String dependency : proto.getDependencyList()) {
            dependencies.add(link(dependency, protos, linked, inProgress));
        }
        try {
            final FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies.toArray(new FileDescriptor[0]));
            linked.put(name, file);
            return file;
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException("descriptor file " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    private DescriptorSets() {}
}
