package io.weft.sidecar.transcoding;

import com.google.protobuf.Descriptors.MethodDescriptor;

import com.linecorp.armeria.common.HttpMethod;

/**
 * One REST mapping of a method, from a {@code google.api.http} rule or one of its
 * {@code additional_bindings}.
 *
 * @param body {@code ""} (no body: fields come from the path and the query), {@code "*"} (the body
 *     is the whole request message) or a top-level field name
 * @param responseBody {@code ""} (the whole response message) or a top-level field name
 */
record HttpBinding(HttpMethod httpMethod, PathTemplate path, String body, String responseBody,
                   MethodDescriptor method) {

    @Override
    public String toString() {
        return httpMethod + " " + path + " -> " + TranscodingTable.grpcPath(method) +
               (body.isEmpty() ? "" : " (body: " + body + ')');
    }
}
