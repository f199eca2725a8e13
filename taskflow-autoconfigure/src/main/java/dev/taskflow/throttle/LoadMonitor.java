package dev.taskflow.throttle;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells a node whether it is saturated (CPU or heap above its threshold), reading the
 * probe at most once per check interval; logs when the node stops claiming and when it
 * resumes, once each.
 *
 * @author TaskFlow
 */
public final class LoadMonitor {

	private static final Log logger = LogFactory.getLog(LoadMonitor.class);

	/**
	 * A monitor that never finds the node saturated.
	 */
	public static final LoadMonitor NONE = new LoadMonitor(null, null, Duration.ofSeconds(1), LoadProbe.jvm());

	private final Double cpuThreshold;

	private final Double heapThreshold;

	private final Duration checkInterval;

	private final LoadProbe probe;

	private long checkedAt;

	private boolean saturated;

	/**
	 * Create the monitor.
	 * @param cpuThreshold the CPU load (0 to 1) above which the node stops claiming, or
	 * {@code null}
	 * @param heapThreshold the heap share (0 to 1) above which the node stops claiming,
	 * or {@code null}
	 * @param checkInterval how often to read the probe
	 * @param probe the probe
	 */
	public LoadMonitor(Double cpuThreshold, Double heapThreshold, Duration checkInterval, LoadProbe probe) {
		check(cpuThreshold, "cpu-threshold");
		check(heapThreshold, "heap-threshold");
		if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
			throw new InvalidThrottleException("spring.taskflow.worker.backpressure.check-interval",
					"must be positive, was " + checkInterval);
		}
		this.cpuThreshold = cpuThreshold;
		this.heapThreshold = heapThreshold;
		this.checkInterval = checkInterval;
		this.probe = probe;
		this.checkedAt = System.nanoTime() - checkInterval.toNanos();
	}

	private static void check(Double threshold, String name) {
		if (threshold != null && !(threshold > 0 && threshold <= 1)) {
			throw new InvalidThrottleException("spring.taskflow.worker.backpressure." + name,
					"must be above 0 and at most 1 (a share, such as 0.9), was " + threshold);
		}
	}

	/**
	 * How often the probe is read.
	 * @return the interval
	 */
	public Duration checkInterval() {
		return this.checkInterval;
	}

	/**
	 * Whether the node should stop claiming now.
	 * @return whether it is saturated
	 */
	public synchronized boolean saturated() {
		if (this.cpuThreshold == null && this.heapThreshold == null) {
			return false;
		}
		long now = System.nanoTime();
		if (now - this.checkedAt < this.checkInterval.toNanos()) {
			return this.saturated;
		}
		this.checkedAt = now;
		double cpu = (this.cpuThreshold != null) ? this.probe.cpuLoad() : -1;
		double heap = (this.heapThreshold != null) ? this.probe.heapUsage() : -1;
		String cause = null;
		if (this.cpuThreshold != null && cpu >= this.cpuThreshold) {
			cause = String.format(
					"CPU load %.0f%% is at or above %.0f%% (spring.taskflow.worker.backpressure" + ".cpu-threshold)",
					cpu * 100, this.cpuThreshold * 100);
		}
		else if (this.heapThreshold != null && heap >= this.heapThreshold) {
			cause = String.format(
					"heap use %.0f%% is at or above %.0f%% (spring.taskflow.worker.backpressure" + ".heap-threshold)",
					heap * 100, this.heapThreshold * 100);
		}
		boolean saturatedNow = cause != null;
		if (saturatedNow && !this.saturated) {
			logger.warn("TaskFlow node stops claiming jobs: " + cause + "; it resumes on its own when the load drops");
		}
		else if (!saturatedNow && this.saturated) {
			logger.info("TaskFlow node claims jobs again: load is below its back-pressure thresholds");
		}
		this.saturated = saturatedNow;
		return this.saturated;
	}

}
