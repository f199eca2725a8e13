package dev.taskflow.engine;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.taskflow.NonRetryableException;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The handlers of the integration tests. State is static so that several nodes in one JVM
 * record into the same place; {@link #reset()} clears it between tests.
 *
 * @author TaskFlow
 */
@Component
class TestHandlers {

	static final Map<UUID, AtomicInteger> executions = new ConcurrentHashMap<>();

	static final List<String> executionLog = new CopyOnWriteArrayList<>();

	static volatile CountDownLatch gate = new CountDownLatch(1);

	static final AtomicInteger running = new AtomicInteger();

	@Value("${spring.taskflow.worker.node-id:node}")
	private String nodeId;

	static void reset() {
		executions.clear();
		executionLog.clear();
		gate = new CountDownLatch(1);
		running.set(0);
	}

	@TaskHandler("order.price")
	Receipt price(Order order, TaskContext context) {
		return new Receipt(order.id(), order.amount() * 2, context.attemptId());
	}

	@TaskHandler("noop")
	void noop() {
	}

	@TaskHandler("text.upper")
	String upper(String text) {
		return text.toUpperCase();
	}

	@TaskHandler("always.fail")
	void alwaysFail() {
		throw new IllegalStateException("boom");
	}

	@TaskHandler("flaky")
	String flaky(TaskContext context) {
		if (context.attempt() < 3) {
			throw new IllegalStateException("flaky attempt " + context.attempt());
		}
		return "ok on " + context.attempt();
	}

	@TaskHandler("poison")
	void poison() {
		throw new NonRetryableException("cannot ever work");
	}

	@TaskHandler(value = "reject.argument", noRetryOn = IllegalArgumentException.class)
	void rejectArgument() {
		throw new IllegalArgumentException("bad argument");
	}

	@TaskHandler(value = "slow", timeout = "300ms", maxAttempts = 1)
	void slow() throws InterruptedException {
		Thread.sleep(20_000);
	}

	@TaskHandler("count")
	void count(TaskContext context) {
		executions.computeIfAbsent(context.jobId().value(), (id) -> new AtomicInteger()).incrementAndGet();
		executionLog.add(context.jobId() + "@" + this.nodeId);
	}

	/**
	 * Blocks until the gate opens, except on attempts after the first.
	 */
	@TaskHandler("gated")
	String gated(TaskContext context) throws InterruptedException {
		executions.computeIfAbsent(context.jobId().value(), (id) -> new AtomicInteger()).incrementAndGet();
		executionLog.add(context.attemptId() + "@" + this.nodeId);
		if (context.attempt() == 1) {
			running.incrementAndGet();
			gate.await(60, TimeUnit.SECONDS);
			return "first attempt";
		}
		return "attempt " + context.attempt();
	}

	/**
	 * Like {@link #gated(TaskContext)}, but returns nothing: its outcome takes the bulk
	 * completion path.
	 */
	@TaskHandler("gated.silent")
	void gatedSilent(TaskContext context) throws InterruptedException {
		gated(context);
	}

	record Order(String id, int amount) {
	}

	record Receipt(String orderId, int price, String attemptId) {
	}

}
