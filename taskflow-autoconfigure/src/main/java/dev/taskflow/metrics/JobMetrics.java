package dev.taskflow.metrics;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.taskflow.JobEvent;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.WorkflowEvent;

/**
 * Counts and times jobs as a listener: {@code taskflow.jobs.enqueued},
 * {@code taskflow.jobs.completed} (tag {@code outcome}: {@code succeeded},
 * {@code failed}, {@code retried}, {@code cancelled}, {@code rescued}),
 * {@code taskflow.job.duration} (each attempt that ran to an outcome, tag
 * {@code outcome}) and {@code taskflow.job.wait} (due time to start), all tagged with
 * {@code queue} and {@code handler}.
 * <p>
 * {@value #DURATION} is the one timer of attempts: it needs a {@code MeterRegistry} only.
 * The timer Spring Boot's meter observation handler makes of the execution observation
 * ({@code taskflow.job.execution}, tags {@code taskflow.handler} and
 * {@code taskflow.queue}) measures the same attempts where an {@code ObservationRegistry}
 * exists, and is deprecated for it.
 *
 * @author TaskFlow
 */
public class JobMetrics implements TaskFlowListener {

	/**
	 * The counter of enqueued jobs.
	 */
	public static final String ENQUEUED = "taskflow.jobs.enqueued";

	/**
	 * The counter of outcomes.
	 */
	public static final String COMPLETED = "taskflow.jobs.completed";

	/**
	 * The timer of attempts, tagged {@code queue}, {@code handler} and {@code outcome}
	 * ({@code succeeded}, {@code retried}, {@code failed}).
	 */
	public static final String DURATION = "taskflow.job.duration";

	/**
	 * The timer of the time from due to start.
	 */
	public static final String WAIT = "taskflow.job.wait";

	/**
	 * The counter of started workflows, tagged {@code name}.
	 */
	public static final String WORKFLOWS_STARTED = "taskflow.workflows.started";

	/**
	 * The counter of workflows that reached a final status, tagged {@code name} and
	 * {@code status}.
	 */
	public static final String WORKFLOWS_FINISHED = "taskflow.workflows.finished";

	private final Supplier<MeterRegistry> registry;

	/**
	 * Create the metrics.
	 * @param registry supplies the registry, or {@code null} while there is none
	 */
	public JobMetrics(Supplier<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void workflowStarted(WorkflowEvent event) {
		MeterRegistry meters = this.registry.get();
		if (meters != null) {
			meters.counter(WORKFLOWS_STARTED, "name", event.name()).increment();
		}
	}

	@Override
	public void workflowFinished(WorkflowEvent event) {
		MeterRegistry meters = this.registry.get();
		if (meters != null) {
			meters
				.counter(WORKFLOWS_FINISHED, "name", event.name(), "status",
						event.status().name().toLowerCase(java.util.Locale.ROOT))
				.increment();
		}
	}

	@Override
	public void enqueued(JobEvent event) {
		MeterRegistry meters = this.registry.get();
		if (meters != null) {
			meters.counter(ENQUEUED, "queue", event.queue(), "handler", event.handler()).increment();
		}
	}

	@Override
	public void started(JobEvent event) {
		MeterRegistry meters = this.registry.get();
		if (meters != null && event.waitTime() != null) {
			Timer.builder(WAIT)
				.description("Time from a job's due time to the start of its attempt")
				.tags("queue", event.queue(), "handler", event.handler())
				.register(meters)
				.record(event.waitTime());
		}
	}

	@Override
	public void succeeded(JobEvent event) {
		completed(event, "succeeded");
	}

	@Override
	public void retryScheduled(JobEvent event, Duration delay, Throwable exception) {
		completed(event, "retried");
	}

	@Override
	public void failed(JobEvent event, Throwable exception) {
		completed(event, "failed");
	}

	@Override
	public void cancelled(JobEvent event) {
		completed(event, "cancelled");
	}

	@Override
	public void rescued(JobEvent event, boolean failed) {
		completed(event, "rescued");
	}

	private void completed(JobEvent event, String outcome) {
		MeterRegistry meters = this.registry.get();
		if (meters == null) {
			return;
		}
		meters.counter(COMPLETED, "queue", event.queue(), "handler", event.handler(), "outcome", outcome).increment();
		if (event.duration() != null) {
			Timer.builder(DURATION)
				.description("Time an attempt of a job ran, to its outcome")
				.tags("queue", event.queue(), "handler", event.handler(), "outcome", outcome)
				.register(meters)
				.record(event.duration());
		}
	}

}
