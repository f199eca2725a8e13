package dev.taskflow.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Handlers that report progress.
 *
 * @author TaskFlow
 */
class ProgressTestHandlers {

	/**
	 * Counted down once a handler has reported all it reports before it waits.
	 */
	static volatile CountDownLatch reported = new CountDownLatch(1);

	/**
	 * Held closed while a handler must keep running.
	 */
	static volatile CountDownLatch gate = new CountDownLatch(1);

	static void reset() {
		reported = new CountDownLatch(1);
		gate = new CountDownLatch(1);
	}

	/**
	 * Reports each of {@code units} units, then a message (the units stay), then waits
	 * for the gate.
	 */
	@TaskHandler("progress.units")
	void units(int units, TaskContext context) throws InterruptedException {
		for (int unit = 1; unit <= units; unit++) {
			context.progress(unit, units);
		}
		context.progress("loading rows");
		reported.countDown();
		gate.await(30, TimeUnit.SECONDS);
	}

	/**
	 * Reports a message of the given length, then waits for the gate.
	 */
	@TaskHandler("progress.message")
	void message(int length, TaskContext context) throws InterruptedException {
		context.progress("m".repeat(length));
		reported.countDown();
		gate.await(30, TimeUnit.SECONDS);
	}

	/**
	 * Reports what it is given and returns the error, if any.
	 */
	@TaskHandler("progress.invalid")
	String invalid(long done, TaskContext context) {
		try {
			context.progress(done, 10);
			context.progress(null);
			return "accepted";
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

}
