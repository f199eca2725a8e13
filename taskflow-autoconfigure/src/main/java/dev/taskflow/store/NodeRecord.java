package dev.taskflow.store;

import java.time.Instant;

/**
 * A row of {@code taskflow_node}: a node as last heard of.
 *
 * @param id the node's id
 * @param host the host it runs on
 * @param handlers the handler names it can run, as a JSON array
 * @param startedAt when it started
 * @param heartbeatAt its latest heartbeat
 * @param expiresAt when it is presumed dead without another heartbeat
 * @author TaskFlow
 */
public record NodeRecord(String id, String host, String handlers, Instant startedAt, Instant heartbeatAt,
		Instant expiresAt) {

}
