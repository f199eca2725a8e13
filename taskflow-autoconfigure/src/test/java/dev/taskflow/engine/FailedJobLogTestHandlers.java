package dev.taskflow.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Handlers that fail, for the tests of the lines TaskFlow logs about failed jobs. State
 * is static so that several nodes in one JVM share it; {@link #reset()} clears it.
 *
 * @author TaskFlow
 */
class FailedJobLogTestHandlers {

	/**
	 * Holds {@code logs.gated} until it is opened.
	 */
	static volatile CountDownLatch gate = new CountDownLatch(1);

	/**
	 * The attempts of {@code logs.gated} that started.
	 */
	static final AtomicInteger gatedStarted = new AtomicInteger();

	/**
	 * The attempts of {@code logs.gated} that ended.
	 */
	static final AtomicInteger gatedEnded = new AtomicInteger();

	/**
	 * The value {@code logs.unstorable} returns: set by each suite for its database.
	 */
	static volatile Object unstorableResult;

	static void reset() {
		gate = new CountDownLatch(1);
		gatedStarted.set(0);
		gatedEnded.set(0);
		unstorableResult = null;
	}

	/**
	 * Always fails, with a message of two lines.
	 * @param card the payload, never part of the message
	 */
	@TaskHandler("logs.declined")
	void declined(String card) {
		throw new IllegalStateException("card declined\nsecond line of the message");
	}

	/**
	 * Fails its first attempt only.
	 * @param context the context
	 * @return the attempt that succeeded
	 */
	@TaskHandler("logs.flaky")
	int flaky(TaskContext context) {
		if (context.attempt() == 1) {
			throw new IllegalStateException("gateway timeout on attempt 1");
		}
		return context.attempt();
	}

	/**
	 * Waits for the gate, then fails.
	 * @throws InterruptedException when its node crashes
	 */
	@TaskHandler("logs.gated")
	void gated() throws InterruptedException {
		gatedStarted.incrementAndGet();
		try {
			if (!gate.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the gate never opened");
			}
			throw new IllegalStateException("failed once the gate opened");
		}
		finally {
			gatedEnded.incrementAndGet();
		}
	}

	@TaskHandler("logs.unstorable")
	Object unstorable() {
		return unstorableResult;
	}

}
