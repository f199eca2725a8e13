package dev.taskflow.benchmarks.peers;

import java.util.Map;

/**
 * A job system in the comparison: TaskFlow or one of its peers. Each method runs one
 * scenario once, on empty tables, and returns its figures by metric ({@code jobs_per_s},
 * {@code longest_start_gap_ms}, {@code p50_ms}, {@code p95_ms}, {@code p99_ms}), measured
 * the same way for every system.
 *
 * @author TaskFlow
 */
public interface Contender extends AutoCloseable {

	/**
	 * The name in the table.
	 * @return the name, e.g. {@code db-scheduler}
	 */
	String name();

	/**
	 * The number of worker threads the system uses when none is configured.
	 * @return its default
	 */
	int defaultThreads();

	/**
	 * The settings this comparison runs the system with, for the record.
	 * @return one line
	 */
	String settings();

	/**
	 * {@code enqueue_single}: one job per call and transaction, by one producer.
	 * @return jobs_per_s
	 * @throws Exception if the run fails
	 */
	Map<String, Double> enqueueSingle() throws Exception;

	/**
	 * {@code enqueue_batch}: the system's batch call, one batch of the workload's size
	 * per call.
	 * @return jobs_per_s
	 * @throws Exception if the run fails
	 */
	Map<String, Double> enqueueBatch() throws Exception;

	/**
	 * {@code drain}: due jobs in the table, then a worker with this many threads starts;
	 * jobs / (last completion written − first claim).
	 * @param threads the worker threads
	 * @return jobs_per_s and longest_start_gap_ms
	 * @throws Exception if the run fails
	 */
	Map<String, Double> drain(int threads) throws Exception;

	/**
	 * {@code e2e_latency}: jobs at a steady rate, enqueued on one node and run on the
	 * same one or on another in a JVM of its own; claim time − enqueue time.
	 * @param acrossNodes whether the jobs run in another JVM
	 * @return p50_ms, p95_ms and p99_ms
	 * @throws Exception if the run fails
	 */
	Map<String, Double> endToEndLatency(boolean acrossNodes) throws Exception;

	@Override
	default void close() throws Exception {
	}

}
