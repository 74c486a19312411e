/**
 * The cluster secret: its value type and file, the server interceptor that refuses calls without it
 * (UNAUTHENTICATED) and the client interceptor that attaches it, shared by every gRPC endpoint.
 */
package dev.trainyard.rpc.auth;
