package dev.taskflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

/**
 * Counts the statements sent through a proxied data source (each row of a JDBC batch one
 * statement) and the round trips (a JDBC batch one, whatever its rows), and times the
 * claims: the statements that lock due jobs ({@code FOR UPDATE SKIP LOCKED} on pending
 * jobs; not the rescue of expired leases nor the schedule loop, which skip locked rows
 * too). A claim is timed from just before it is sent to its result, by this listener's
 * own clock: the proxy's elapsed time counts whole milliseconds, and a claim takes a
 * fraction of one. Two kinds of statement are counted apart, to tell where a long job's
 * statements go: the renewals of the node's leases (which also store progress, cursors
 * and steps' results) and the reads of a job's checkpoint.
 *
 * @author TaskFlow
 */
public class StatementCounter implements QueryExecutionListener {

	private final LongAdder statements = new LongAdder();

	private final LongAdder roundTrips = new LongAdder();

	private final LongAdder claims = new LongAdder();

	private final LongAdder renewals = new LongAdder();

	private final LongAdder checkpointReads = new LongAdder();

	private final AtomicLong claimNanos = new AtomicLong();

	private final ConcurrentLinkedQueue<Long> claimTimes = new ConcurrentLinkedQueue<>();

	// the proxy calls before and after on the thread that runs the statement
	private final ThreadLocal<Long> claimStarted = new ThreadLocal<>();

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		if (isClaim(queryInfoList)) {
			this.claimStarted.set(System.nanoTime());
		}
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		this.statements.add(Math.max(1, execInfo.getBatchSize()));
		this.roundTrips.increment();
		// where an UPDATE returns no rows (MariaDB), a renewal that extended fewer leases
		// than it named reads the held jobs after it
		if (startsWith(queryInfoList, "UPDATE taskflow_job SET lease_until = ")
				|| startsWith(queryInfoList, "SELECT id, cancel_requested_at FROM taskflow_job ")) {
			this.renewals.add(Math.max(1, execInfo.getBatchSize()));
		}
		else if (startsWith(queryInfoList, "SELECT checkpoint FROM taskflow_job ")) {
			this.checkpointReads.increment();
		}
		Long started = this.claimStarted.get();
		if (started != null) {
			this.claimStarted.remove();
			long nanos = System.nanoTime() - started;
			this.claims.increment();
			this.claimNanos.addAndGet(nanos);
			this.claimTimes.add(nanos);
		}
	}

	private static boolean isClaim(List<QueryInfo> queryInfoList) {
		return queryInfoList.stream()
			.anyMatch((query) -> query.getQuery().contains("SKIP LOCKED")
					&& query.getQuery().contains("status = 'PENDING'"));
	}

	private static boolean startsWith(List<QueryInfo> queryInfoList, String prefix) {
		return queryInfoList.stream().anyMatch((query) -> query.getQuery().startsWith(prefix));
	}

	long statements() {
		return this.statements.sum();
	}

	long roundTrips() {
		return this.roundTrips.sum();
	}

	/**
	 * The statements of the renewals of the node's leases ({@code UPDATE taskflow_job SET
	 * lease_until}, which also stores what its jobs reported, and the read of the held
	 * jobs that follows one that fell short where an UPDATE returns no rows).
	 * @return the statements
	 */
	long renewals() {
		return this.renewals.sum();
	}

	/**
	 * The reads of a job's checkpoint document, at the first use of a step or a cursor in
	 * an attempt.
	 * @return the statements
	 */
	long checkpointReads() {
		return this.checkpointReads.sum();
	}

	long claims() {
		return this.claims.sum();
	}

	double averageClaimMillis() {
		long count = this.claims.sum();
		return (count > 0) ? this.claimNanos.get() / 1e6 / count : 0;
	}

	/**
	 * The time of each claim since the last reset, in milliseconds.
	 * @return the times, in the order the claims ended
	 */
	List<Double> claimMillis() {
		List<Double> millis = new ArrayList<>();
		this.claimTimes.forEach((nanos) -> millis.add(nanos / 1e6));
		return millis;
	}

	void reset() {
		this.statements.reset();
		this.roundTrips.reset();
		this.claims.reset();
		this.renewals.reset();
		this.checkpointReads.reset();
		this.claimNanos.set(0);
		this.claimTimes.clear();
	}

}
