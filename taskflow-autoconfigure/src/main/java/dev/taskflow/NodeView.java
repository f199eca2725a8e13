package dev.taskflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.util.Assert;

/**
 * A live worker node as last heard of, from {@link TaskFlow#nodes()}.
 *
 * @author TaskFlow
 */
public final class NodeView {

	private final String id;

	private final String host;

	private final List<String> handlers;

	private final Instant startedAt;

	private final Instant heartbeatAt;

	private final Duration heartbeatAge;

	/**
	 * Create a view.
	 * @param id the node's id
	 * @param host its host
	 * @param handlers the handler names it runs
	 * @param startedAt when it started
	 * @param heartbeatAt its latest heartbeat
	 * @param heartbeatAge how long ago that was when the node was read
	 */
	public NodeView(String id, String host, List<String> handlers, Instant startedAt, Instant heartbeatAt,
			Duration heartbeatAge) {
		Assert.notNull(id, "'id' must not be null");
		this.id = id;
		this.host = host;
		this.handlers = List.copyOf(handlers);
		this.startedAt = startedAt;
		this.heartbeatAt = heartbeatAt;
		this.heartbeatAge = heartbeatAge;
	}

	/**
	 * The node's id ({@code spring.taskflow.worker.node-id}, or generated).
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The host the node runs on.
	 * @return the host name
	 */
	public String host() {
		return this.host;
	}

	/**
	 * The handlers the node can run.
	 * @return their names, sorted
	 */
	public List<String> handlers() {
		return this.handlers;
	}

	/**
	 * When the node started.
	 * @return the start time
	 */
	public Instant startedAt() {
		return this.startedAt;
	}

	/**
	 * The node's latest heartbeat.
	 * @return the heartbeat time
	 */
	public Instant heartbeatAt() {
		return this.heartbeatAt;
	}

	/**
	 * How long ago the latest heartbeat was when the nodes were read, by the database's
	 * clock (so a node's skewed clock does not distort it).
	 * @return the age
	 */
	public Duration heartbeatAge() {
		return this.heartbeatAge;
	}

	@Override
	public String toString() {
		return "Node[" + this.id + " on " + this.host + ", " + this.handlers.size() + " handler(s), heartbeat "
				+ this.heartbeatAt + "]";
	}

}
