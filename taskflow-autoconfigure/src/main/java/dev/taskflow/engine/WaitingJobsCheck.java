package dev.taskflow.engine;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.NodeRecord;
import dev.taskflow.store.NodeStore;

/**
 * Makes jobs visible that wait because no live node has their handler (a rolling deploy
 * that dropped it, or every node with it down): they are never claimed by a node that
 * cannot run them, so without this they would wait silently. One node of the cluster
 * looks (the live node with the lowest id), once a minute.
 *
 * @author TaskFlow
 */
final class WaitingJobsCheck implements Runnable {

	static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(WaitingJobsCheck.class);

	private final NodeStore nodes;

	private final PayloadCodec codec;

	private final String nodeId;

	private final Duration dueFor;

	private final Duration timeout;

	private Set<String> reported = Set.of();

	private final FailureLog failures = new FailureLog(logger, "look for jobs waiting for a handler");

	WaitingJobsCheck(NodeStore nodes, PayloadCodec codec, String nodeId, Duration dueFor, Duration timeout) {
		this.nodes = nodes;
		this.codec = codec;
		this.nodeId = nodeId;
		this.dueFor = dueFor;
		this.timeout = timeout;
	}

	@Override
	public void run() {
		try {
			List<NodeRecord> live = this.nodes.list();
			if (live.isEmpty()
					|| !live.stream().min(Comparator.comparing(NodeRecord::id)).get().id().equals(this.nodeId)) {
				return;
			}
			Set<String> liveHandlers = new TreeSet<>();
			for (NodeRecord node : live) {
				if (node.handlers() != null) {
					liveHandlers.addAll(List.of(this.codec.read(node.handlers(), String[].class)));
				}
			}
			Map<String, Long> waiting = this.nodes.jobsWithoutLiveHandler(liveHandlers, this.dueFor, this.timeout);
			waiting.forEach((handler, count) -> {
				if (!this.reported.contains(handler)) {
					logger.warn(count + " job(s) of handler '" + handler + "' are due but wait: no live node has that"
							+ " handler (live nodes: " + live.stream().map(NodeRecord::id).toList()
							+ "). Deploy a node with it, or cancel the jobs.");
				}
			});
			for (String handler : this.reported) {
				if (!waiting.containsKey(handler)) {
					logger.info("Jobs of handler '" + handler + "' no longer wait for a node with that handler");
				}
			}
			this.reported = Set.copyOf(waiting.keySet());
			this.failures.succeeded();
		}
		catch (RuntimeException | Error ex) {
			// thrown out of a scheduled task, it would cancel every later check
			this.failures.failed(ex);
		}
	}

}
