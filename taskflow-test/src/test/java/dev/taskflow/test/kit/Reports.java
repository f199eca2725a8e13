package dev.taskflow.test.kit;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskHandler;

/**
 * A nightly report (declared as a schedule in the tests' properties), a chain of jobs
 * that enqueue the next, and a handler that throws a checked exception.
 *
 * @author TaskFlow
 */
@Component
public class Reports {

	/**
	 * The fire times of the nightly report, in order.
	 */
	public static final List<Instant> nightly = new CopyOnWriteArrayList<>();

	/**
	 * The links of chains run, in order.
	 */
	public static final List<Integer> links = new CopyOnWriteArrayList<>();

	private final TaskFlow taskFlow;

	Reports(TaskFlow taskFlow) {
		this.taskFlow = taskFlow;
	}

	/**
	 * Forget what ran.
	 */
	public static void reset() {
		nightly.clear();
		links.clear();
		holds.clear();
		loads.set(0);
	}

	@TaskHandler("report.nightly")
	void nightly(TaskContext context) {
		nightly.add(context.fireTime());
	}

	@TaskHandler("chain.link")
	void link(Integer link) {
		links.add(link);
		if (link > 1) {
			this.taskFlow.enqueue(JobRequest.of("chain.link", link - 1));
		}
	}

	/**
	 * The starts of {@code report.hold}.
	 */
	public static final List<Instant> holds = new CopyOnWriteArrayList<>();

	@TaskHandler("report.hold")
	void hold(Long millis) throws InterruptedException {
		holds.add(Instant.now());
		Thread.sleep(millis);
	}

	/**
	 * How many times the {@code load} step of {@code report.import} ran its body.
	 */
	public static final AtomicInteger loads = new AtomicInteger();

	// a long-running import: a step, progress, and a first attempt that fails after both
	@TaskHandler("report.import")
	String importRows(TaskContext context) throws Exception {
		String rows = context.step("load", () -> {
			loads.incrementAndGet();
			return "rows of attempt " + context.attempt();
		});
		context.progress(40, 100);
		context.progress("imported 40 of 100");
		if (context.attempt() == 1) {
			throw new IllegalStateException("the first attempt fails after its step");
		}
		return rows;
	}

	@TaskHandler("report.slow")
	void slow(Long millis) throws InterruptedException {
		Thread.sleep(millis);
	}

	@TaskHandler("report.export")
	void export(String name) throws IOException {
		throw new IOException("disk full while writing " + name);
	}

}
