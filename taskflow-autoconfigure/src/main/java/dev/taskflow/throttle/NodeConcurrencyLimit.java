package dev.taskflow.throttle;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;

/**
 * A node's concurrency limit, a Resilience4j {@link Bulkhead}: a permit is taken when a
 * job is claimed and given back when it finishes, so no more than the limit run (or wait
 * for a thread) on this node at once.
 *
 * @author TaskFlow
 */
public final class NodeConcurrencyLimit implements NodeLimit {

	private final Target target;

	private final Bulkhead bulkhead;

	/**
	 * Create the limit.
	 * @param target the jobs it applies to
	 * @param maxConcurrent the most jobs at once
	 */
	public NodeConcurrencyLimit(Target target, int maxConcurrent) {
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("concurrency.per-node must be at least 1, was " + maxConcurrent);
		}
		this.target = target;
		this.bulkhead = Bulkhead.of("taskflow-" + target.tag(),
				BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent).maxWaitDuration(Duration.ZERO).build());
	}

	@Override
	public Target target() {
		return this.target;
	}

	@Override
	public String reason() {
		return "concurrency";
	}

	@Override
	public int available(long now) {
		return this.bulkhead.getMetrics().getAvailableConcurrentCalls();
	}

	@Override
	public int take(int jobs, long now) {
		int taken = 0;
		while (taken < jobs && this.bulkhead.tryAcquirePermission()) {
			taken++;
		}
		return taken;
	}

	@Override
	public void release() {
		this.bulkhead.onComplete();
	}

	@Override
	public String toString() {
		return "concurrency limit " + this.bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " per node on "
				+ this.target;
	}

}
