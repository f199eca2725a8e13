package dev.taskflow.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wake-up that is never lost: a signal given while nobody waits is kept until the next
 * wait, which then returns at once.
 *
 * @author TaskFlow
 */
final class WakeUpSignal {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition signalled = this.lock.newCondition();

	private boolean pending;

	void signal() {
		this.lock.lock();
		try {
			this.pending = true;
			this.signalled.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait for a signal or the timeout, whichever comes first, and consume the signal.
	 * @param timeout the longest wait
	 * @return {@code true} if signalled
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean await(Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.pending && nanos > 0) {
				nanos = this.signalled.awaitNanos(nanos);
			}
			boolean wasSignalled = this.pending;
			this.pending = false;
			return wasSignalled;
		}
		finally {
			this.lock.unlock();
		}
	}

	static void sleepQuietly(Duration duration) {
		try {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
