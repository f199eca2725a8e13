package dev.taskflow.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import dev.taskflow.throttle.Target;
import dev.taskflow.throttle.ThrottleListener;

/**
 * Counts the due jobs limits hold back at claims, as {@code taskflow.jobs.throttled}
 * tagged with the job's {@code handler} and {@code queue}, the {@code limit} (what it
 * applies to: {@code all}, {@code queue:<name>}, {@code handler:<name>}) and the
 * {@code reason} ({@code rate-limit}, {@code concurrency}, {@code per-key}).
 *
 * @author TaskFlow
 */
public class ThrottleMetrics implements ThrottleListener {

	/**
	 * The counter's name.
	 */
	public static final String THROTTLED = "taskflow.jobs.throttled";

	private final Supplier<MeterRegistry> registry;

	/**
	 * Create the metrics.
	 * @param registry supplies the registry, or {@code null} while there is none
	 */
	public ThrottleMetrics(Supplier<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void heldBack(String handler, String queue, Target target, String reason) {
		MeterRegistry meters = this.registry.get();
		if (meters != null) {
			meters.counter(THROTTLED, "handler", handler, "queue", queue, "limit", target.tag(), "reason", reason)
				.increment();
		}
	}

}
