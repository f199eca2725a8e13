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
 * @param threads its worker threads, or {@code null} if it did not say
 * @param busyThreads the threads busy at its latest heartbeat, or {@code null}
 * @param version TaskFlow's version on it, or {@code null}
 * @param departedAt when it left, or {@code null} while it is live
 * @param departure how it left: {@code STOPPED} or {@code LOST}, or {@code null}
 * @param drainRequested whether someone asked it to drain
 * @param queueThreads the threads of each queue's own pool at its latest heartbeat, a
 * JSON object, or {@code null}
 * @author TaskFlow
 */
public record NodeRecord(String id, String host, String handlers, Instant startedAt, Instant heartbeatAt,
		Instant expiresAt, Integer threads, Integer busyThreads, String version, Instant departedAt, String departure,
		boolean drainRequested, String queueThreads) {

	/**
	 * How a node stopped.
	 */
	public static final String STOPPED = "STOPPED";

	/**
	 * How a node was lost: no heartbeat within its lease.
	 */
	public static final String LOST = "LOST";

}
