/**
 * Wiring of the platform's roles: the coordinator node (store, queue, job service, gRPC and HTTP
 * endpoints), the worker node, and the standalone platform that runs both in one JVM.
 */
package dev.trainyard.app.node;
