package dev.taskflow.benchmarks.peers;

import java.time.Duration;

/**
 * How big each scenario is, the same for every system.
 *
 * @param enqueueJobs the jobs of {@code enqueue_single} and {@code enqueue_batch}
 * @param batchSize the jobs per batch call
 * @param drainJobs the jobs of {@code drain}
 * @param latencyRate the jobs per second of {@code e2e_latency}
 * @param latencyDuration how long {@code e2e_latency} enqueues
 * @param warmups the unmeasured runs of each system before the measured ones
 * @param runs the measured runs of each system
 * @author TaskFlow
 */
public record Workload(int enqueueJobs, int batchSize, int drainJobs, int latencyRate, Duration latencyDuration,
		int warmups, int runs) {

	int latencyJobs() {
		return this.latencyRate * (int) this.latencyDuration.toSeconds();
	}

}
