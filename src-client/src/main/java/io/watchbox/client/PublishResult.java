package io.watchbox.client;

/**
 * The server's answer to a publish.
 *
 * @param delivered how many sessions the server queued the message for (in cluster mode: on the
 *                  replica the client is connected to)
 * @param relayed   false when the message reached the subscribers of the client's replica only: in
 *                  cluster mode, Redis was out of reach for longer than the server's outage bounds
 *                  ({@code watchbox.cluster.outagebytes}, {@code outageseconds}), so the other
 *                  replicas never got it. True otherwise, and always on a single server
 */
public record PublishResult(int delivered, boolean relayed) {
}
