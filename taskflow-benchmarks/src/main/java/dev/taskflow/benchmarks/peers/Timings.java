package dev.taskflow.benchmarks.peers;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskflow.test.Percentiles;

/**
 * What a peer's own hooks report while it runs jobs: when each job was enqueued and
 * claimed, and when each completion was written. The peers keep no such times in their
 * tables (db-scheduler deletes a finished job's row), so they are taken from the
 * library's listener or filter; every instant is the JVM's clock, which all JVMs of a run
 * share on one machine.
 * <p>
 * The figures mean what TaskFlow's mean: the claim is the instant the library took for
 * the statement or transaction that claimed the job (TaskFlow: {@code started_at}), and a
 * completion counts once the library has written it (TaskFlow: {@code finished_at}).
 *
 * @author TaskFlow
 */
final class Timings {

	private long[] claims = new long[1024];

	private double[] latencies = new double[1024];

	private int claimed;

	private volatile long completed;

	private long lastCompletion = Long.MIN_VALUE;

	/**
	 * A job was claimed.
	 * @param enqueued when the job was enqueued
	 * @param claimed when the claim that took it began
	 */
	synchronized void claimed(Instant enqueued, Instant claimed) {
		if (this.claimed == this.claims.length) {
			this.claims = Arrays.copyOf(this.claims, this.claimed * 2);
			this.latencies = Arrays.copyOf(this.latencies, this.claimed * 2);
		}
		this.claims[this.claimed] = micros(claimed);
		this.latencies[this.claimed] = (micros(claimed) - micros(enqueued)) / 1000.0;
		this.claimed++;
	}

	/**
	 * A job's completion was written.
	 * @param at when the write returned
	 */
	synchronized void completed(Instant at) {
		this.lastCompletion = Math.max(this.lastCompletion, micros(at));
		this.completed++;
	}

	long completedCount() {
		return this.completed;
	}

	/**
	 * Waits until this many completions were written.
	 */
	void awaitCompleted(long count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (this.completed < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Only " + this.completed + " of " + count + " jobs completed within 10 minutes");
			}
			Thread.sleep(20);
		}
	}

	/**
	 * {@code drain}: jobs / (last completion − first claim), and the longest gap between
	 * claims, as TaskFlow's drain measures them from its table.
	 */
	synchronized Map<String, Double> drain() {
		long[] sorted = Arrays.copyOf(this.claims, this.claimed);
		Arrays.sort(sorted);
		long longestGap = 0;
		for (int i = 1; i < sorted.length; i++) {
			longestGap = Math.max(longestGap, sorted[i] - sorted[i - 1]);
		}
		double seconds = (this.lastCompletion - sorted[0]) / 1e6;
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("jobs_per_s", this.completed / seconds);
		result.put("longest_start_gap_ms", longestGap / 1000.0);
		return result;
	}

	/**
	 * {@code e2e_latency}: claim − enqueue, percentiles in milliseconds.
	 */
	synchronized Map<String, Double> latency() {
		List<Double> sorted = Arrays.stream(this.latencies, 0, this.claimed).sorted().boxed().toList();
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("p50_ms", Percentiles.percentile(sorted, 50));
		result.put("p95_ms", Percentiles.percentile(sorted, 95));
		result.put("p99_ms", Percentiles.percentile(sorted, 99));
		return result;
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
	}

}
