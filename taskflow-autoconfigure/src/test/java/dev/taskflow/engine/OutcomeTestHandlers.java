package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.retry.RetryConfig;

import org.springframework.context.annotation.Bean;

import dev.taskflow.JobEvent;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.TaskHandler;

/**
 * Handlers, a listener and a retry policy that throw where TaskFlow does not expect it,
 * or hand it outcomes the database cannot store.
 *
 * @author TaskFlow
 */
class OutcomeTestHandlers {

	/**
	 * The value {@code outcome.unstorable} returns: set by each suite for its database.
	 */
	static volatile Object unstorableResult;

	/**
	 * Whether the listener throws an {@link AssertionError} from {@code started}.
	 */
	static final AtomicBoolean listenerThrows = new AtomicBoolean();

	/**
	 * Start and end of each attempt of {@code outcome.stubborn}.
	 */
	static final List<Instant[]> stubbornRuns = new CopyOnWriteArrayList<>();

	/**
	 * Each run of the handlers of the interrupt test, by job id.
	 */
	static final Map<String, Run> runs = new ConcurrentHashMap<>();

	/**
	 * Each attempt of {@code outcome.stubborn-keyed}, in the order they ended.
	 */
	static final List<KeyedRun> keyedRuns = new CopyOnWriteArrayList<>();

	/**
	 * The attempts of {@code outcome.stubborn-keyed} running now.
	 */
	static final AtomicInteger keyedRunning = new AtomicInteger();

	static void reset() {
		unstorableResult = null;
		listenerThrows.set(false);
		stubbornRuns.clear();
		runs.clear();
		keyedRuns.clear();
		keyedRunning.set(0);
	}

	@TaskHandler("outcome.plain")
	String plain() {
		return "stored";
	}

	@TaskHandler("outcome.unstorable")
	Object unstorable() {
		return unstorableResult;
	}

	@TaskHandler("outcome.nul-message")
	void nulMessage() {
		throw new IllegalStateException("byte\u0000in the message");
	}

	/**
	 * Returns a result whose serialization throws an {@link Error}.
	 * @return the result
	 */
	@TaskHandler("outcome.result-throws")
	Exploding resultThrows() {
		return new Exploding();
	}

	@TaskHandler(value = "outcome.policy-throws", retryConfig = "throwingPolicy")
	void policyThrows() {
		throw new IllegalStateException("fails, and the retry policy throws when asked about it");
	}

	@TaskHandler(value = "outcome.interval-throws", retryConfig = "throwingIntervalPolicy")
	void intervalThrows() {
		throw new IllegalStateException("fails, and the retry policy throws when asked for the delay");
	}

	/**
	 * Ignores the interrupt of its timeout and runs on for 1.5 s.
	 * @param context the context
	 */
	@TaskHandler(value = "outcome.stubborn", timeout = "200ms")
	void stubborn(TaskContext context) {
		Instant start = Instant.now();
		long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
		while (System.nanoTime() < until) {
			Thread.interrupted();
			Thread.onSpinWait();
		}
		stubbornRuns.add(new Instant[] { start, Instant.now() });
	}

	/**
	 * On its first attempt, ignores the interrupt of its timeout and runs on for the
	 * given time; returns at once on later attempts.
	 * @param millis how long the first attempt runs
	 * @param context the context
	 */
	@TaskHandler(value = "outcome.stubborn-keyed", timeout = "300ms")
	void stubbornKeyed(Long millis, TaskContext context) {
		keyedRunning.incrementAndGet();
		long start = System.nanoTime();
		try {
			long until = start + Duration.ofMillis((context.attempt() == 1) ? millis : 0).toNanos();
			while (System.nanoTime() - until < 0) {
				Thread.interrupted();
				Thread.onSpinWait();
			}
		}
		finally {
			keyedRuns.add(new KeyedRun(context.jobId().toString(), context.attempt(), start, System.nanoTime()));
			keyedRunning.decrementAndGet();
		}
	}

	/**
	 * Runs 300 ms past its timeout of 100 ms without ever looking at its interrupt, so
	 * the interrupt is still set when it returns.
	 * @param context the context
	 */
	@TaskHandler(value = "outcome.deaf", timeout = "100ms")
	void deaf(TaskContext context) {
		Instant start = Instant.now();
		long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
		while (System.nanoTime() < until) {
			Thread.onSpinWait();
		}
		record(context, start, Thread.currentThread().isInterrupted());
	}

	/**
	 * Returns after 50 ms, long before its timeout of 500 ms.
	 * @param context the context
	 * @throws InterruptedException if interrupted
	 */
	@TaskHandler(value = "outcome.quick", timeout = "500ms")
	void quick(TaskContext context) throws InterruptedException {
		Instant start = Instant.now();
		Thread.sleep(50);
		record(context, start, false);
	}

	/**
	 * Sleeps 1.5 s in steps, and fails if anything interrupts it: no timeout of its own.
	 * @param context the context
	 */
	@TaskHandler("outcome.listening")
	void listening(TaskContext context) {
		Instant start = Instant.now();
		boolean interrupted = Thread.interrupted();
		long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
		while (!interrupted && System.nanoTime() < until) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		record(context, start, interrupted);
		if (interrupted) {
			throw new IllegalStateException("interrupted, though this job has no timeout");
		}
	}

	/**
	 * Returns at once, long before its timeout of an hour.
	 */
	@TaskHandler(value = "outcome.long-timeout", timeout = "1h")
	void longTimeout() {
	}

	private static void record(TaskContext context, Instant start, boolean interrupted) {
		runs.put(context.jobId().toString(),
				new Run(Thread.currentThread().getName(), start, Instant.now(), interrupted));
	}

	@Bean
	RetryConfig throwingPolicy() {
		return RetryConfig.custom().maxAttempts(3).retryOnException((ex) -> {
			throw new AssertionError("a retry predicate that throws");
		}).build();
	}

	@Bean
	RetryConfig throwingIntervalPolicy() {
		return RetryConfig.custom().maxAttempts(3).intervalBiFunction((attempt, failure) -> {
			throw new AssertionError("an interval function that throws");
		}).build();
	}

	@Bean
	TaskFlowListener throwingListener() {
		return new TaskFlowListener() {

			@Override
			public void started(JobEvent event) {
				if (listenerThrows.get()) {
					throw new AssertionError("a listener that throws an Error");
				}
			}

		};
	}

	/**
	 * One run of a handler.
	 *
	 * @param thread the worker thread it ran on
	 * @param start when it started
	 * @param end when it ended
	 * @param interrupted whether it was interrupted (for {@code outcome.deaf}: whether
	 * the interrupt was still set when it returned)
	 */
	record Run(String thread, Instant start, Instant end, boolean interrupted) {

	}

	/**
	 * One attempt of {@code outcome.stubborn-keyed}.
	 *
	 * @param jobId the job
	 * @param attempt the attempt
	 * @param start when it started ({@link System#nanoTime()})
	 * @param end when its handler returned ({@link System#nanoTime()})
	 */
	record KeyedRun(String jobId, int attempt, long start, long end) {

	}

	/**
	 * A result whose only property throws an {@link Error} when Jackson reads it.
	 */
	static final class Exploding {

		public String getValue() {
			throw new AssertionError("a getter that throws an Error");
		}

	}

}
