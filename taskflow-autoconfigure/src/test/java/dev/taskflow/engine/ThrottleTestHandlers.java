package dev.taskflow.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Handlers of the throttling tests: each records its executions (node, start and end by
 * the JVM's monotonic clock, shared by every node of a test) into one static list.
 *
 * @author TaskFlow
 */
@Configuration(proxyBeanMethods = false)
class ThrottleTestHandlers {

	static final List<Execution> executions = new CopyOnWriteArrayList<>();

	static final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	@Value("${spring.taskflow.worker.node-id:node}")
	private String nodeId;

	static void reset() {
		executions.clear();
		inProgress.clear();
	}

	static int inProgress(String handler) {
		AtomicInteger count = inProgress.get(handler);
		return (count != null) ? count.get() : 0;
	}

	static List<Execution> of(String handler) {
		return executions.stream().filter((execution) -> execution.handler().equals(handler)).toList();
	}

	@TaskHandler("throttle.rated")
	void rated(TaskContext context) {
		record(context, null, 0);
	}

	@TaskHandler(value = "throttle.named", rateLimiter = "mail-api")
	void named(TaskContext context) {
		record(context, null, 0);
	}

	@TaskHandler("throttle.slow")
	void slow(Long millis, TaskContext context) throws InterruptedException {
		record(context, null, (millis != null) ? millis : 200);
	}

	@TaskHandler("throttle.keyed")
	void keyed(String key, TaskContext context) throws InterruptedException {
		record(context, key, 150);
	}

	@TaskHandler("throttle.free")
	void free(TaskContext context) {
		record(context, null, 0);
	}

	private void record(TaskContext context, String key, long millis) {
		long start = System.nanoTime();
		AtomicInteger current = inProgress.computeIfAbsent(context.handler(), (name) -> new AtomicInteger());
		current.incrementAndGet();
		try {
			if (millis > 0) {
				Thread.sleep(millis);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		executions.add(new Execution(context.handler(), key, this.nodeId, start, System.nanoTime()));
		current.decrementAndGet();
	}

	/**
	 * One execution.
	 *
	 * @param handler the handler
	 * @param key the concurrency key, if the payload carried one
	 * @param node the node
	 * @param start when it started (nanoTime)
	 * @param end when it ended (nanoTime)
	 */
	record Execution(String handler, String key, String node, long start, long end) {
	}

}
