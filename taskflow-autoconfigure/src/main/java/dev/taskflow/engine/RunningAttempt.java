package dev.taskflow.engine;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One attempt on its worker thread. It ends in exactly one outcome, whatever throws while
 * that outcome is worked out (a retry policy's predicate, writing the result, ...). A
 * timeout interrupts it only while its handler runs: once the handler has returned, an
 * interrupt meant for this attempt can no longer reach the thread's next job.
 *
 * @author TaskFlow
 */
final class RunningAttempt {

	private final Thread worker;

	private final Consumer<AttemptOutcome> completions;

	private final Function<Throwable, AttemptOutcome> undecided;

	// guarded by this: the timeout's thread and the worker meet here
	private boolean handlerDone;

	private boolean timedOut;

	// the worker's own
	private boolean ended;

	/**
	 * An attempt running on the calling thread.
	 * @param completions takes the outcome
	 * @param undecided the outcome when working out the real one threw
	 */
	RunningAttempt(Consumer<AttemptOutcome> completions, Function<Throwable, AttemptOutcome> undecided) {
		this.worker = Thread.currentThread();
		this.completions = completions;
		this.undecided = undecided;
	}

	/**
	 * The attempt ran out of time: interrupt its handler, if it still runs. Its outcome
	 * follows once the handler has really stopped, so that until then the job stays held
	 * (its lease renewed, its slot taken) and no next attempt overlaps it.
	 */
	synchronized void timeOut() {
		if (!this.handlerDone) {
			this.timedOut = true;
			this.worker.interrupt();
		}
	}

	/**
	 * The handler returned or threw: no timeout interrupts this thread from now on, and
	 * one that came too late for the handler is cleared.
	 */
	void handlerDone() {
		synchronized (this) {
			this.handlerDone = true;
		}
		Thread.interrupted();
	}

	// cancelled on request and not stopped within the grace: interrupted like a timeout,
	// but it ends cancelled
	synchronized void interruptForCancel() {
		if (!this.handlerDone) {
			this.worker.interrupt();
		}
	}

	synchronized boolean timedOut() {
		return this.timedOut;
	}

	/**
	 * End the attempt with the given outcome, unless it has ended already.
	 * @param outcome works out the outcome
	 */
	void end(Supplier<AttemptOutcome> outcome) {
		if (this.ended) {
			return;
		}
		this.ended = true;
		AttemptOutcome decided;
		try {
			decided = outcome.get();
		}
		catch (Throwable ex) {
			decided = this.undecided.apply(ex);
		}
		this.completions.accept(decided);
	}

	/**
	 * Whether the attempt has its outcome.
	 * @return {@code true} once ended
	 */
	boolean hasEnded() {
		return this.ended;
	}

}
