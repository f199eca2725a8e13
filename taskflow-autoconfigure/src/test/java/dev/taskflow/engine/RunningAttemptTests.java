package dev.taskflow.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RunningAttempt}: a timeout interrupts the attempt's thread only while
 * its handler runs, so that an interrupt meant for one job cannot reach the next job the
 * thread runs, however late the timeout comes.
 *
 * @author TaskFlow
 */
class RunningAttemptTests {

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void timeoutWhileTheHandlerRunsInterruptsItsThread() {
		RunningAttempt attempt = new RunningAttempt((outcome) -> {
		}, (failure) -> null);
		timeOutFromAnotherThread(attempt);
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
		assertThat(attempt.timedOut()).isTrue();
	}

	@Test
	void interruptOfATimeoutIsClearedWhenTheHandlerIsDone() {
		RunningAttempt attempt = new RunningAttempt((outcome) -> {
		}, (failure) -> null);
		timeOutFromAnotherThread(attempt);
		attempt.handlerDone();
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(attempt.timedOut()).isTrue();
	}

	@Test
	void timeoutThatComesAfterTheHandlerIsDoneNeverInterruptsTheThread() {
		RunningAttempt attempt = new RunningAttempt((outcome) -> {
		}, (failure) -> null);
		attempt.handlerDone();
		// the thread may be running its next job by now
		timeOutFromAnotherThread(attempt);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(attempt.timedOut()).isFalse();
	}

	// as the timeouts' thread does; waited for without join(), which the interrupt
	// would end (and clear)
	private static void timeOutFromAnotherThread(RunningAttempt attempt) {
		Thread timeouts = new Thread(attempt::timeOut, "taskflow-timeouts-test");
		timeouts.start();
		while (timeouts.isAlive()) {
			Thread.onSpinWait();
		}
	}

}
