package dev.taskflow.test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.util.Assert;

/**
 * Calls an action a number of times at a steady rate, from one thread, the calls evenly
 * spaced rather than in bursts: how {@link TaskFlowLoad} and TaskFlow's benchmarks
 * enqueue a constant load.
 *
 * <pre class="code">
 * RatePacer.perSecond(200).run(6_000, () -&gt; taskFlow.enqueue("email.send", mail));  // 30 s
 * </pre> The calls are scheduled at a fixed rate: the first at once, each next one a
 * period ({@code 1 s / rate}) after the previous one was due. A call that takes longer
 * than a period delays the next ones, which then follow each other without pause until
 * the schedule is caught up, so the count is reached as close to its planned time as the
 * action allows.
 *
 * @author TaskFlow
 */
public final class RatePacer {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final long periodNanos;

	private RatePacer(long periodNanos) {
		this.periodNanos = periodNanos;
	}

	/**
	 * A pacer of {@code rate} calls per second.
	 * @param rate the calls per second, greater than 0 and at most 1,000,000,000
	 * @return the pacer
	 * @throws IllegalArgumentException if the rate is out of range
	 */
	public static RatePacer perSecond(double rate) {
		Assert.isTrue(rate > 0 && rate <= NANOS_PER_SECOND,
				() -> "'rate' must be greater than 0 and at most " + NANOS_PER_SECOND + " per second, was " + rate);
		// for a whole rate, what 1_000_000_000L / rate gives: the benchmarks' period
		return new RatePacer((long) (NANOS_PER_SECOND / rate));
	}

	/**
	 * Call the action {@code count} times at this pacer's rate, from a thread of its own,
	 * and return once the last call returned. If a call throws, no further call is made
	 * and the exception is thrown here.
	 * @param count the number of calls, 0 or more
	 * @param action what to call
	 * @throws InterruptedException if the calling thread is interrupted while it waits;
	 * the calls stop
	 * @throws IllegalArgumentException if the count is negative or the action
	 * {@code null}
	 */
	public void run(int count, Runnable action) throws InterruptedException {
		Assert.isTrue(count >= 0, () -> "'count' must not be negative, was " + count);
		Assert.notNull(action, "'action' must not be null");
		if (count == 0) {
			return;
		}
		CountDownLatch done = new CountDownLatch(count);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "taskflow-rate-pacer");
			thread.setDaemon(true);
			return thread;
		});
		try {
			producer.scheduleAtFixedRate(() -> {
				if (done.getCount() > 0) {
					try {
						action.run();
						done.countDown();
					}
					catch (Throwable ex) {
						// a task that throws is not run again: open the latch, or the
						// caller would wait forever, and hand the failure over
						failure.set(ex);
						while (done.getCount() > 0) {
							done.countDown();
						}
					}
				}
			}, 0, this.periodNanos, TimeUnit.NANOSECONDS);
			done.await();
		}
		finally {
			producer.shutdownNow();
		}
		Throwable thrown = failure.get();
		if (thrown instanceof RuntimeException ex) {
			throw ex;
		}
		if (thrown instanceof Error error) {
			throw error;
		}
		if (thrown != null) {
			throw new IllegalStateException("The paced action failed", thrown);
		}
	}

}
