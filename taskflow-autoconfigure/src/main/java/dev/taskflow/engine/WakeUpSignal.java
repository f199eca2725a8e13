package dev.taskflow.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wake-up that is never lost: a signal given while nobody waits is kept until the next
 * wait, which then returns at once. A nudge is a lesser wake-up, kept alike: it ends only
 * a {@link #awaitSignalOrNudge(long) wait that asks for nudges}, to have the waiter plan
 * its sleep again (an earlier due time is known), not to have it act.
 *
 * @author TaskFlow
 */
public final class WakeUpSignal {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition signalled = this.lock.newCondition();

	private boolean pending;

	private boolean nudged;

	/**
	 * Wake the waiter, or the next one to wait.
	 */
	public void signal() {
		this.lock.lock();
		try {
			this.pending = true;
			this.signalled.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	void nudge() {
		this.lock.lock();
		try {
			this.nudged = true;
			this.signalled.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait for a signal, a nudge or the timeout, whichever comes first, and consume what
	 * ended the wait (a signal before a nudge).
	 * @param nanos the longest wait
	 * @return what ended it
	 * @throws InterruptedException if interrupted while waiting
	 */
	Wake awaitSignalOrNudge(long nanos) throws InterruptedException {
		this.lock.lock();
		try {
			while (!this.pending && !this.nudged && nanos > 0) {
				nanos = this.signalled.awaitNanos(nanos);
			}
			if (this.pending) {
				this.pending = false;
				return Wake.SIGNALLED;
			}
			if (this.nudged) {
				this.nudged = false;
				return Wake.NUDGED;
			}
			return Wake.TIMED_OUT;
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
	public boolean await(Duration timeout) throws InterruptedException {
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

	/**
	 * What ended a wait.
	 */
	enum Wake {

		/**
		 * A signal.
		 */
		SIGNALLED,

		/**
		 * A nudge, and no signal.
		 */
		NUDGED,

		/**
		 * The timeout.
		 */
		TIMED_OUT

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
