/**
 * Consul self-registration: register once the sidecar is ready, deregister on shutdown. All
 * consul-api calls run on the blocking executor.
 */
package io.weft.sidecar.registration;
