package dev.taskflow.engine;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.JobStore;

/**
 * Grows and shrinks the pools of the queues that scale, once per check, from each queue's
 * due jobs waiting (one bounded count per queue): up, to twice its threads (at most its
 * max) while as many due jobs as the scale-up threshold wait; down, to the threads it
 * keeps busy (at least its min) while no more than the scale-down threshold wait and some
 * threads idle; each move no sooner than its cooldown after the last. All the scaling
 * pools together grow no further than the connection pool serves (its maximum size less
 * {@link QueueScaling#TASKFLOW_CONNECTIONS}): a handler that uses the database takes one
 * connection per thread.
 *
 * @author TaskFlow
 */
final class QueueScaler implements Runnable {

	private static final Log logger = LogFactory.getLog(QueueScaler.class);

	private final JobStore store;

	private final Map<QueueScaling, WorkerPool> pools;

	private final Runnable grown;

	private final LongSupplier nanoTime;

	private final Map<String, Long> changedAt = new LinkedHashMap<>();

	private final FailureLog failures = new FailureLog(logger, "scale its queues' worker threads");

	private final int threadBudget;

	// queues that wanted to grow but met the budget: said once until they grow again
	private final Set<String> heldBack = new HashSet<>();

	/**
	 * A scaler.
	 * @param store the store that counts due jobs
	 * @param pools the pools of the queues that scale
	 * @param threadBudget the most threads the scaling pools hold together (the
	 * connections a handler may take), {@link Integer#MAX_VALUE} if unbounded
	 * @param grown told after a pool grew
	 * @param nanoTime the monotonic clock
	 */
	QueueScaler(JobStore store, Map<QueueScaling, WorkerPool> pools, int threadBudget, Runnable grown,
			LongSupplier nanoTime) {
		this.store = store;
		this.pools = pools;
		this.threadBudget = threadBudget;
		this.grown = grown;
		this.nanoTime = nanoTime;
	}

	@Override
	public void run() {
		try {
			boolean grew = false;
			for (Map.Entry<QueueScaling, WorkerPool> entry : this.pools.entrySet()) {
				grew |= scale(entry.getKey(), entry.getValue());
			}
			if (grew) {
				this.grown.run();
			}
			this.failures.succeeded();
		}
		catch (RuntimeException | Error ex) {
			// thrown out of a scheduled task, it would end every later check
			this.failures.failed(ex);
		}
	}

	private boolean scale(QueueScaling scaling, WorkerPool pool) {
		int threads = pool.threads();
		long due = this.store.countDue(scaling.queue(), scaling.scaleUpThreshold());
		long now = this.nanoTime.getAsLong();
		Long last = this.changedAt.get(scaling.queue());
		if (due >= scaling.scaleUpThreshold() && threads < scaling.max()
				&& (last == null || now - last >= scaling.scaleUpCooldown().toNanos())) {
			int room = roomWithin(this.threadBudget, scaledThreads() - threads);
			int grown = Math.min(Math.min(scaling.max(), threads * 2), room);
			if (grown > threads) {
				this.heldBack.remove(scaling.queue());
				resize(scaling, pool, threads, grown, now, "at least " + due + " due job(s) wait");
				return true;
			}
			if (this.heldBack.add(scaling.queue())) {
				logger.info("TaskFlow keeps the pool of queue " + scaling.queue() + " at " + threads
						+ " thread(s) though " + due + " due job(s) wait: the scaling queues hold " + scaledThreads()
						+ " thread(s), as many as the connection pool serves (" + this.threadBudget
						+ "); raise its maximum size to let them grow");
			}
			return false;
		}
		int busy = pool.busy();
		if (due <= scaling.scaleDownThreshold() && busy < threads && threads > scaling.min()
				&& (last == null || now - last >= scaling.scaleDownCooldown().toNanos())) {
			resize(scaling, pool, threads, Math.max(scaling.min(), busy), now,
					due + " due job(s) wait and " + (threads - busy) + " thread(s) idle");
		}
		return false;
	}

	// the threads a pool may have when the other scaling pools hold the given threads
	private static int roomWithin(int budget, int others) {
		return (budget == Integer.MAX_VALUE) ? Integer.MAX_VALUE : budget - others;
	}

	private int scaledThreads() {
		int threads = 0;
		for (WorkerPool pool : this.pools.values()) {
			threads += pool.threads();
		}
		return threads;
	}

	private void resize(QueueScaling scaling, WorkerPool pool, int from, int to, long now, String why) {
		pool.resize(to);
		this.changedAt.put(scaling.queue(), now);
		logger.info("TaskFlow " + ((to > from) ? "grew" : "shrank") + " the pool of queue " + scaling.queue() + " from "
				+ from + " to " + to + " thread(s) (" + scaling.min() + " to " + scaling.max() + "): " + why);
	}

	/**
	 * The threads of each scaling queue's pool now.
	 * @return the threads by queue
	 */
	Map<String, Integer> threads() {
		Map<String, Integer> threads = new LinkedHashMap<>();
		this.pools.forEach((scaling, pool) -> threads.put(scaling.queue(), pool.threads()));
		return threads;
	}

}
