/**
 * Prometheus instrumentation for Vert.x 5: {@link io.github.promasync.vertx.Instrument}'s verbs
 * over futures, promises, handlers and suppliers; {@link io.github.promasync.vertx.MetricsHandler},
 * a non-blocking vertx-web {@code /metrics} endpoint;
 * {@link io.github.promasync.vertx.MetricsVerticle} and
 * {@link io.github.promasync.vertx.MetricsServer}, a metrics server to deploy or start in one call.
 */
// vertx-codegen generates the JSON converters of the options data objects of this module.
@ModuleGen(name = "vertx-prometheus-async", groupPackage = "io.github.promasync.vertx")
package io.github.promasync.vertx;

import io.vertx.codegen.annotations.ModuleGen;
