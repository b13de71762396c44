/**
 * The values behind the public API's interfaces ({@link io.watchbox.Stats},
 * {@link io.watchbox.SessionInfo}, {@link io.watchbox.StatsSample}, {@link io.watchbox.WatchboxMessage}): records that the broker makes
 * and the REST API writes as JSON. Applications see the interfaces only, so a value gains a field
 * without breaking them, and nothing here is theirs to construct.
 */
package io.watchbox.internal.values;
