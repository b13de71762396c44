/**
 * Health checks and metrics: the only classes of the module that refer to the optional
 * MicroProfile Health and Metrics APIs (the OpenAPI filter here refers to MicroProfile OpenAPI).
 *
 * <p>A server without those APIs still runs Watchbox: nothing outside this package refers to
 * these classes, so none of them is loaded unless the server's CDI container discovers it, and a
 * CDI container skips a class whose interfaces or annotations it cannot load (Weld: WELD-000119,
 * "Not generating any bean definitions from ... because of underlying class loading error").
 * With the API present but no implementation behind it, {@link WatchboxMetrics} finds no registry
 * and does nothing, and the health checks are beans nobody calls.
 */
package io.watchbox.internal.observe;
