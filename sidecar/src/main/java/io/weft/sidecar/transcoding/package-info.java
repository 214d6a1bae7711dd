/**
 * JSON/REST to gRPC transcoding for a {@code grpc} app in another process, driven by the
 * descriptors the app publishes through gRPC server reflection. Mounted by the sidecar's inbound
 * path, after authorization and before the forward to the app.
 *
 * <h2>Data flow</h2>
 * <pre>
 *  (1) descriptors, in the background                    (2) a request, on its event loop
 *
 *  DescriptorWatcher -- retry/backoff, refresh --+        GrpcJsonTranscoder (decorator)
 *    ReflectionClient: ServerReflection (v1, then |          content-type application/grpc* --> delegate,
 *      v1alpha) over H2C to 127.0.0.1:app        |            untouched (native gRPC, all 4 kinds)
 *      list_services, file_containing_symbol,    |          descriptors not loaded --> 503
 *      file_by_filename for missing deps         |          TranscodingTable.route(method, path)
 *    DescriptorSets: parse (google.api.http      |            POST /pkg.Service/Method, or a REST
 *      registry) + link FileDescriptors          |            binding (path template, verb)
 *    TranscodingTable.build: methods, bindings,  |            none --> 404 / 405
 *      JSON type registry                        |          JsonCallHandler
 *            |                                   |            body (bounded, 413) + query + path
 *            +--> volatile TranscodingTable <----+              --JsonRequestDecoder--> DynamicMessage
 *                 (immutable, swapped whole)                  GrpcFrames.frame --> POST to the app
 *                                                               (application/grpc, te: trailers)
 *  A failed call (UNAVAILABLE, UNIMPLEMENTED)                 GrpcResponseReader (deframes as bytes
 *  asks the watcher to refresh early.                           arrive, back-pressured)
 *                                                               --JsonResponseEncoder--> JSON
 *                                                             UnaryJsonResponder: one object
 *                                                             StreamingJsonResponder: array / NDJSON,
 *                                                               written message by message
 *                                                             errors: GrpcStatuses --> HTTP status,
 *                                                               JsonErrors {"code":..,"message":..}
 * </pre>
 *
 * <p>Only {@link io.weft.sidecar.transcoding.GrpcJsonTranscoder}, its builder and
 * {@link io.weft.sidecar.transcoding.TranscoderState} are public. Nothing here blocks an event
 * loop: reflection uses the non-blocking Armeria client, descriptor linking runs on the
 * transcoder's scheduler, and request bodies are aggregated with a size limit.
 */
@ParametersAreNonnullByDefault
@NonNullByDefault
package io.weft.sidecar.transcoding;

import javax.annotation.ParametersAreNonnullByDefault;

import io.weft.common.annotation.NonNullByDefault;
