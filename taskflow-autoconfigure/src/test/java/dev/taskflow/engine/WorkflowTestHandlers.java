package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.taskflow.JobRequest;
import dev.taskflow.NonRetryableException;
import dev.taskflow.StepResult;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Handlers of workflow steps that record when each started and ended.
 *
 * @author TaskFlow
 */
class WorkflowTestHandlers {

	/**
	 * Each run, in the order they started, as {@code name}.
	 */
	static final List<String> started = new CopyOnWriteArrayList<>();

	/**
	 * When each named run started and ended (a sequence, not a time).
	 */
	static final Map<String, long[]> spans = new ConcurrentHashMap<>();

	/**
	 * What each run saw of failed parents, by name.
	 */
	static final Map<String, List<String>> failedParents = new ConcurrentHashMap<>();

	/**
	 * Held closed by tests whose steps must wait.
	 */
	static volatile CountDownLatch gate = new CountDownLatch(0);

	private static final AtomicLong clock = new AtomicLong();

	/**
	 * What the listener heard of workflows, as {@code started name} or
	 * {@code finished name STATUS}.
	 */
	static final List<String> workflowEvents = new CopyOnWriteArrayList<>();

	@org.springframework.context.annotation.Bean
	static dev.taskflow.TaskFlowListener workflowEventListener() {
		return new dev.taskflow.TaskFlowListener() {

			@Override
			public void workflowStarted(dev.taskflow.WorkflowEvent event) {
				workflowEvents.add("started " + event.name());
			}

			@Override
			public void workflowFinished(dev.taskflow.WorkflowEvent event) {
				workflowEvents.add("finished " + event.name() + " " + event.status());
			}

		};
	}

	static void reset() {
		workflowEvents.clear();
		started.clear();
		spans.clear();
		failedParents.clear();
		gate = new CountDownLatch(0);
		flakyFails = true;
	}

	private static void start(String name, TaskContext context) {
		started.add(name);
		spans.put(name, new long[] { clock.incrementAndGet(), Long.MAX_VALUE });
		failedParents.put(name, context.failedParents());
	}

	private static void end(String name) {
		spans.get(name)[1] = clock.incrementAndGet();
	}

	/**
	 * A step that returns its name.
	 */
	@TaskHandler("wf.step")
	String step(String name, TaskContext context) {
		start(name, context);
		end(name);
		return name;
	}

	/**
	 * A step that fails for good.
	 */
	@TaskHandler("wf.fail")
	void fail(String name, TaskContext context) {
		start(name, context);
		end(name);
		throw new NonRetryableException("step " + name + " broke");
	}

	/**
	 * A step that waits for the gate.
	 */
	@TaskHandler("wf.gated")
	String gated(String name, TaskContext context) throws InterruptedException {
		start(name, context);
		try {
			gate.await(30, TimeUnit.SECONDS);
			return name;
		}
		finally {
			end(name);
		}
	}

	/**
	 * Whether {@code wf.flaky} fails.
	 */
	static volatile boolean flakyFails = true;

	/**
	 * A step that fails for good while {@link #flakyFails} is set.
	 */
	@TaskHandler("wf.flaky")
	String flaky(String name, TaskContext context) {
		start(name, context);
		end(name);
		if (flakyFails) {
			throw new NonRetryableException("step " + name + " is flaky");
		}
		return name;
	}

	/**
	 * A step that works until asked to stop, checking between units of work.
	 */
	@TaskHandler("wf.cooperative")
	String cooperative(String name, TaskContext context) throws InterruptedException {
		start(name, context);
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!context.isCancellationRequested() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			return context.isCancellationRequested() ? "stopped" : "timed out";
		}
		finally {
			end(name);
		}
	}

	/**
	 * A step that never checks whether it was asked to stop: only an interrupt ends it.
	 */
	@TaskHandler("wf.stubborn")
	String stubborn(String name, TaskContext context) throws InterruptedException {
		start(name, context);
		try {
			Thread.sleep(TimeUnit.SECONDS.toMillis(30));
			return "slept";
		}
		finally {
			end(name);
		}
	}

	/**
	 * The square of a number.
	 */
	@TaskHandler("wf.square")
	int square(int value) {
		return value * value;
	}

	/**
	 * Spawns a square for each number from 1 to its payload.
	 */
	@TaskHandler("wf.split")
	int split(int count, TaskContext context) {
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			requests.add(JobRequest.of("wf.square", i));
		}
		context.spawn(requests);
		return count;
	}

	/**
	 * Spawns a split of 3 for each of its payload: a fan-out of fan-outs.
	 */
	@TaskHandler("wf.nested")
	int nested(int count, TaskContext context) {
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			requests.add(JobRequest.of("wf.split", 3));
		}
		context.spawn(requests);
		return count;
	}

	/**
	 * The sum of every result of the step its payload names.
	 */
	@TaskHandler("wf.sum")
	long sum(String step, TaskContext context) {
		start("sum", context);
		end("sum");
		return context.stepResults(step, Integer.class).stream().mapToLong(Integer::longValue).sum();
	}

	/**
	 * The results of every job of the step its payload names, in order.
	 */
	@TaskHandler("wf.collect")
	List<Integer> collect(String step, TaskContext context) {
		return context.stepResults(step, Integer.class);
	}

	/**
	 * Joins the results of b and c, read through parameters.
	 */
	@TaskHandler("wf.join")
	String join(String name, @StepResult("b") String b, @StepResult("c") Optional<String> c, TaskContext context) {
		start(name, context);
		end(name);
		return b + "+" + c.orElse("none");
	}

}
