package dev.taskflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

	private final Integer threads;

	private final Integer busyThreads;

	private final String version;

	private final Instant departedAt;

	private final Departure departure;

	private final boolean draining;

	private final Map<String, Integer> queueThreads;

	/**
	 * Create a view of a live node that says nothing of its threads and version.
	 * @param id the node's id
	 * @param host its host
	 * @param handlers the handler names it runs
	 * @param startedAt when it started
	 * @param heartbeatAt its latest heartbeat
	 * @param heartbeatAge how long ago that was when the node was read
	 */
	public NodeView(String id, String host, List<String> handlers, Instant startedAt, Instant heartbeatAt,
			Duration heartbeatAge) {
		this(id, host, handlers, startedAt, heartbeatAt, heartbeatAge, null, null, null, null, null);
	}

	/**
	 * Create a view.
	 * @param id the node's id
	 * @param host its host
	 * @param handlers the handler names it runs
	 * @param startedAt when it started
	 * @param heartbeatAt its latest heartbeat
	 * @param heartbeatAge how long ago that was when the node was read
	 * @param threads its worker threads, or {@code null} if unknown
	 * @param busyThreads its threads busy at its latest heartbeat, or {@code null}
	 * @param version TaskFlow's version on it, or {@code null}
	 * @param departedAt when it left, or {@code null} for a live node
	 * @param departure how it left, or {@code null} for a live node
	 */
	public NodeView(String id, String host, List<String> handlers, Instant startedAt, Instant heartbeatAt,
			Duration heartbeatAge, Integer threads, Integer busyThreads, String version, Instant departedAt,
			Departure departure) {
		this(id, host, handlers, startedAt, heartbeatAt, heartbeatAge, threads, busyThreads, version, departedAt,
				departure, false);
	}

	/**
	 * Create a view.
	 * @param id the node's id
	 * @param host its host
	 * @param handlers the handler names it runs
	 * @param startedAt when it started
	 * @param heartbeatAt its latest heartbeat
	 * @param heartbeatAge how long ago that was when the node was read
	 * @param threads its worker threads, or {@code null} if unknown
	 * @param busyThreads its threads busy at its latest heartbeat, or {@code null}
	 * @param version TaskFlow's version on it, or {@code null}
	 * @param departedAt when it left, or {@code null} for a live node
	 * @param departure how it left, or {@code null} for a live node
	 * @param draining whether someone asked it to drain ({@link Nodes#drain(String)})
	 */
	public NodeView(String id, String host, List<String> handlers, Instant startedAt, Instant heartbeatAt,
			Duration heartbeatAge, Integer threads, Integer busyThreads, String version, Instant departedAt,
			Departure departure, boolean draining) {
		this(id, host, handlers, startedAt, heartbeatAt, heartbeatAge, threads, busyThreads, version, departedAt,
				departure, draining, Map.of());
	}

	/**
	 * Create a view.
	 * @param id the node's id
	 * @param host its host
	 * @param handlers the handler names it runs
	 * @param startedAt when it started
	 * @param heartbeatAt its latest heartbeat
	 * @param heartbeatAge how long ago that was when the node was read
	 * @param threads its worker threads, or {@code null} if unknown
	 * @param busyThreads its threads busy at its latest heartbeat, or {@code null}
	 * @param version TaskFlow's version on it, or {@code null}
	 * @param departedAt when it left, or {@code null} for a live node
	 * @param departure how it left, or {@code null} for a live node
	 * @param draining whether someone asked it to drain ({@link Nodes#drain(String)})
	 * @param queueThreads the threads of each queue's own pool at its latest heartbeat
	 */
	public NodeView(String id, String host, List<String> handlers, Instant startedAt, Instant heartbeatAt,
			Duration heartbeatAge, Integer threads, Integer busyThreads, String version, Instant departedAt,
			Departure departure, boolean draining, Map<String, Integer> queueThreads) {
		Assert.notNull(id, "'id' must not be null");
		Assert.isTrue((departedAt == null) == (departure == null),
				"'departedAt' and 'departure' must be both given or both null");
		this.id = id;
		this.host = host;
		this.handlers = List.copyOf(handlers);
		this.startedAt = startedAt;
		this.heartbeatAt = heartbeatAt;
		this.heartbeatAge = heartbeatAge;
		this.threads = threads;
		this.busyThreads = busyThreads;
		this.version = version;
		this.departedAt = departedAt;
		this.departure = departure;
		this.draining = draining;
		this.queueThreads = Map.copyOf(queueThreads);
	}

	/**
	 * Whether the node is live: it has not stopped and its heartbeats come.
	 * @return {@code false} for a node of {@link TaskFlow#departedNodes()}
	 */
	public boolean alive() {
		return this.departedAt == null;
	}

	/**
	 * Its worker threads: the node's own and those of queues with threads of their own.
	 * @return the threads, or {@code null} if unknown
	 */
	public Integer threads() {
		return this.threads;
	}

	/**
	 * Its threads that were running a job at its latest heartbeat.
	 * @return the busy threads, or {@code null} if unknown
	 */
	public Integer busyThreads() {
		return this.busyThreads;
	}

	/**
	 * TaskFlow's version on the node, so that a rolling upgrade shows which nodes run
	 * which.
	 * @return the version, or {@code null} if unknown
	 */
	public String version() {
		return this.version;
	}

	/**
	 * When the node left.
	 * @return the time, or {@code null} for a live node
	 */
	public Instant departedAt() {
		return this.departedAt;
	}

	/**
	 * How the node left.
	 * @return how, or {@code null} for a live node
	 */
	public Departure departure() {
		return this.departure;
	}

	/**
	 * Whether someone asked this node to drain ({@link Nodes#drain(String)}): it claims
	 * no jobs, and hands back those it ran within its heartbeat interval of the request.
	 * @return whether it drains, or has drained
	 */
	public boolean draining() {
		return this.draining;
	}

	/**
	 * The threads of each queue's own pool on this node
	 * ({@code spring.taskflow.queues.<name>.threads}), as of its latest heartbeat: those
	 * of a queue that scales change with its due jobs.
	 * @return the threads by queue, empty when no queue has a pool of its own
	 */
	public Map<String, Integer> queueThreads() {
		return this.queueThreads;
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

	/**
	 * How a node left.
	 */
	public enum Departure {

		/**
		 * It stopped: it finished or released its jobs and said goodbye.
		 */
		STOPPED,

		/**
		 * It was lost: no heartbeat came within its lease, and another node presumed it
		 * dead (a crash, a kill, a lost network).
		 */
		LOST

	}

}
