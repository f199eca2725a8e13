package dev.taskflow.benchmarks;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

/**
 * Counts the statements sent through a proxied data source, and the time spent in claims.
 *
 * @author TaskFlow
 */
public class StatementCounter implements QueryExecutionListener {

	private final LongAdder statements = new LongAdder();

	private final LongAdder claims = new LongAdder();

	private final AtomicLong claimNanos = new AtomicLong();

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		this.statements.add(Math.max(1, execInfo.getBatchSize()));
		boolean claim = queryInfoList.stream().anyMatch((query) -> query.getQuery().contains("SKIP LOCKED"));
		if (claim) {
			this.claims.increment();
			this.claimNanos.addAndGet(execInfo.getElapsedTime() * 1_000_000);
		}
	}

	long statements() {
		return this.statements.sum();
	}

	long claims() {
		return this.claims.sum();
	}

	double averageClaimMillis() {
		long count = this.claims.sum();
		return (count > 0) ? this.claimNanos.get() / 1e6 / count : 0;
	}

	void reset() {
		this.statements.reset();
		this.claims.reset();
		this.claimNanos.set(0);
	}

}
