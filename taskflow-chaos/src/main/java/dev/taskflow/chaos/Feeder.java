package dev.taskflow.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.WorkflowId;

/**
 * Feeds the nodes a steady mixed stream of jobs and workflows from the harness's JVM,
 * through TaskFlow's client on an enqueue-only context
 * ({@code spring.taskflow.worker.enabled=false}). Keeps the id of every job it was told
 * was enqueued and of every workflow it was told was started; an enqueue or a start that
 * fails (the database is down) is counted and the stream goes on.
 *
 * @author TaskFlow
 */
final class Feeder implements AutoCloseable {

	private static final Duration TICK = Duration.ofMillis(200);

	// about one workflow every 3 s besides one of each shape at the start: a few dozen
	// in a bounded run
	private static final double WORKFLOW_CHANCE = 0.07;

	private final ConfigurableApplicationContext context;

	private final TaskFlow taskFlow;

	private final Random random;

	private final Map<String, Expected> enqueued = new ConcurrentHashMap<>();

	private final AtomicInteger failedBatches = new AtomicInteger();

	private final Map<String, WorkflowShape> workflows = new ConcurrentHashMap<>();

	private final AtomicInteger failedWorkflowStarts = new AtomicInteger();

	private volatile boolean running;

	private volatile boolean unstorable;

	private Thread thread;

	/**
	 * What the harness expects of a job it enqueued.
	 *
	 * @param handler the handler
	 * @param delayMillis the delay it was enqueued with
	 */
	record Expected(String handler, long delayMillis) {
	}

	Feeder(ChaosDatabase database, String url, long seed) {
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(Map.of("spring.main.banner-mode", "off", "spring.datasource.url",
					database.withApplicationName(url, "chaos-harness"), "spring.datasource.username",
					database.username(), "spring.datasource.password", database.password(),
					"spring.taskflow.worker.enabled", "false", "spring.datasource.hikari.connection-timeout", "3000",
					"logging.level.root", "WARN", "logging.level.com.zaxxer.hikari", "ERROR"))
			.run();
		this.taskFlow = this.context.getBean(TaskFlow.class);
		this.random = new Random(seed);
	}

	/**
	 * Start feeding.
	 * @param unstorable whether to feed, now and then, a job whose result the database
	 * refuses
	 */
	void start(boolean unstorable) {
		this.unstorable = unstorable;
		this.running = true;
		this.thread = new Thread(this::feed, "chaos-feeder");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	void stop() throws InterruptedException {
		this.running = false;
		if (this.thread != null) {
			this.thread.join(10_000);
		}
	}

	TaskFlow taskFlow() {
		return this.taskFlow;
	}

	Map<String, Expected> enqueued() {
		return this.enqueued;
	}

	int failedBatches() {
		return this.failedBatches.get();
	}

	/**
	 * The workflows started.
	 * @return the shape of each, by workflow id
	 */
	Map<String, WorkflowShape> workflows() {
		return this.workflows;
	}

	int failedWorkflowStarts() {
		return this.failedWorkflowStarts.get();
	}

	private void feed() {
		boolean first = true;
		while (this.running) {
			List<JobRequest> requests = new ArrayList<>();
			List<Expected> expected = new ArrayList<>();
			add(requests, expected, 2, ChaosHandlers.SHORT, 2 + this.random.nextInt(18), 0);
			if (first || this.random.nextDouble() < 0.1) {
				add(requests, expected, 1, ChaosHandlers.RESULT, 2 + this.random.nextInt(18), 0);
			}
			// rare (on MariaDB each is a result as large as max_allowed_packet), but at
			// least one in every run
			if (this.unstorable && (first || this.random.nextDouble() < 0.03)) {
				add(requests, expected, 1, ChaosHandlers.UNSTORABLE, 2 + this.random.nextInt(18), 0);
			}
			// about one every 3 s, each working 4 to 8 s: kills, stops and drains land in
			// their steps
			if (first || this.random.nextDouble() < 0.06) {
				List<Long> steps = new ArrayList<>();
				for (int i = 0; i < CheckpointedJob.STEPS.size(); i++) {
					steps.add(300L + this.random.nextInt(1200));
				}
				requests.add(
						JobRequest
							.of(ChaosHandlers.CHECKPOINTED,
									new ChaosHandlers.CheckpointWork(steps, CheckpointedJob.ITEMS,
											30 + this.random.nextInt(50)))
							.maxAttempts(ChaosHandlers.MAX_ATTEMPTS));
				expected.add(new Expected(ChaosHandlers.CHECKPOINTED, 0));
			}
			if (this.random.nextDouble() < 0.25) {
				add(requests, expected, 1, ChaosHandlers.LONG, 2000 + this.random.nextInt(3000), 0);
			}
			if (this.random.nextDouble() < 0.1) {
				add(requests, expected, 1, ChaosHandlers.FAIL, 0, 0);
			}
			if (this.random.nextDouble() < 0.3) {
				add(requests, expected, 1, ChaosHandlers.FLAKY, 5 + this.random.nextInt(20), 0);
			}
			if (this.random.nextDouble() < 0.5) {
				add(requests, expected, 1, ChaosHandlers.DELAYED, 5, 500 + this.random.nextInt(4500));
			}
			List<WorkflowShape> shapes = first ? List.of(WorkflowShape.values())
					: (this.random.nextDouble() < WORKFLOW_CHANCE)
							? List.of(WorkflowShape.values()[this.random.nextInt(WorkflowShape.values().length)])
							: List.of();
			for (WorkflowShape shape : shapes) {
				startWorkflow(shape);
			}
			first = false;
			try {
				List<JobId> ids = this.taskFlow.enqueueAll(requests);
				for (int i = 0; i < ids.size(); i++) {
					this.enqueued.put(ids.get(i).toString(), expected.get(i));
				}
			}
			catch (RuntimeException ex) {
				this.failedBatches.incrementAndGet();
			}
			try {
				Thread.sleep(TICK.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void startWorkflow(WorkflowShape shape) {
		try {
			WorkflowId id = this.taskFlow.workflows().start(shape.build(this.random));
			this.workflows.put(id.toString(), shape);
		}
		catch (RuntimeException ex) {
			// one that was stored after all is checked like any other: the checks read
			// every workflow in the database
			this.failedWorkflowStarts.incrementAndGet();
		}
	}

	private void add(List<JobRequest> requests, List<Expected> expected, int count, String handler, long millis,
			long delayMillis) {
		for (int i = 0; i < count; i++) {
			JobRequest request = JobRequest.of(handler,
					(handler.equals(ChaosHandlers.FAIL)) ? null : new ChaosHandlers.Work(millis));
			if (delayMillis > 0) {
				request = request.delay(Duration.ofMillis(delayMillis));
			}
			// this enqueue-only node has none of the handlers, so the attempts they
			// declare
			// must come with the request (else the default of 3 applies, which two
			// SIGKILLs and a stop during one job's attempts can use up)
			request = request.maxAttempts(
					handler.equals(ChaosHandlers.FAIL) ? ChaosHandlers.FAIL_MAX_ATTEMPTS : ChaosHandlers.MAX_ATTEMPTS);
			requests.add(request);
			expected.add(new Expected(handler, delayMillis));
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.context.close();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
