package dev.taskflow.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TaskFlowLoad}, {@link RatePacer} and {@link Percentiles}: short loads
 * on an application with a worker, on the embedded H2. No bound on time is tight: the
 * machine may be slow and busy.
 *
 * @author TaskFlow
 */
@SpringBootTest(properties = "spring.taskflow.worker.poll-interval=100ms")
class TaskFlowLoadTests {

	private static final String SLEEP = "load.sleep";

	private static final String FAIL = "load.fail";

	@Autowired
	private TaskFlow taskFlow;

	@Test
	void runEnqueuesAtTheRateForTheDurationAndMeasuresEveryJob() {
		long started = System.nanoTime();
		TaskFlowLoad.Result result = TaskFlowLoad.enqueue(() -> JobRequest.of(SLEEP))
			.rate(50)
			.duration(Duration.ofSeconds(2))
			.run(this.taskFlow);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		assertThat(result.enqueued()).isEqualTo(100);
		assertThat(result.succeeded()).isEqualTo(100);
		assertThat(result.failed()).isZero();
		assertThat(result.cancelled()).isZero();
		// paced, not a burst: the 100th call is due 99 periods of 20 ms after the first
		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(1980));
		assertThat(result.enqueueRate()).isBetween(20.0, 100.0);
		// about the rate: the jobs are short, and the last is enqueued 1.98 s after the
		// first
		assertThat(result.throughput()).isBetween(5.0, 100.0);
		assertOrdered(result.waitTime());
		assertThat(result.waitTime().p50()).isGreaterThanOrEqualTo(Duration.ZERO);
		assertOrdered(result.runTime());
		assertThat(result.runTime().p50()).isGreaterThanOrEqualTo(Duration.ofMillis(Handlers.SLEEP_MILLIS - 1));
		assertThat(result.toString()).startsWith("100 jobs enqueued at ")
			.contains("100 succeeded, 0 failed;", "wait (started - due): p50 ", "run (finished - started): p50 ")
			.doesNotContain("cancelled");
	}

	@Test
	void jobsThatFailAreCountedAsFailed() {
		AtomicInteger calls = new AtomicInteger();
		TaskFlowLoad.Result result = TaskFlowLoad
			.enqueue(() -> JobRequest.of((calls.incrementAndGet() % 5 == 0) ? FAIL : SLEEP))
			.rate(50)
			.duration(Duration.ofSeconds(1))
			.run(this.taskFlow);
		assertThat(calls).hasValue(50);
		assertThat(result.enqueued()).isEqualTo(50);
		assertThat(result.succeeded()).isEqualTo(40);
		assertThat(result.failed()).isEqualTo(10);
		assertOrdered(result.waitTime());
		assertOrdered(result.runTime());
		assertThat(result.toString()).contains("40 succeeded, 10 failed;");
	}

	@Test
	void runGivesUpAfterAwaitAtMostAndSaysWhatIsUnfinished() {
		String queue = "load-timeout";
		TaskFlowLoad load = TaskFlowLoad.enqueue(() -> JobRequest.of(SLEEP).queue(queue).delay(Duration.ofHours(1)))
			.rate(10)
			.duration(Duration.ofMillis(300))
			.awaitAtMost(Duration.ofSeconds(1));
		try {
			assertThatIllegalStateException().isThrownBy(() -> load.run(this.taskFlow))
				.withMessageStartingWith("The load's jobs did not all finish within PT1S: 3 of 3 jobs were still"
						+ " unfinished (PENDING 3).");
		}
		finally {
			this.taskFlow.jobs().cancelAll(JobQuery.all().queue(queue));
		}
	}

	@Test
	void runRejectsASupplierThatReturnsNull() {
		AtomicInteger calls = new AtomicInteger();
		Supplier<JobRequest> requests = () -> (calls.incrementAndGet() < 3) ? JobRequest.of(SLEEP) : null;
		TaskFlowLoad load = TaskFlowLoad.enqueue(requests).rate(100).duration(Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> load.run(this.taskFlow))
			.withMessage("The requests supplier of the load returned null for job 3 of 100: it must return a"
					+ " JobRequest on every call");
		// no call after the failure
		assertThat(calls).hasValue(3);
	}

	@Test
	void inputIsValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskFlowLoad.enqueue(null))
			.withMessageStartingWith("'requests' must not be null");
		TaskFlowLoad load = TaskFlowLoad.enqueue(() -> JobRequest.of(SLEEP));
		assertThatIllegalArgumentException().isThrownBy(() -> load.rate(0))
			.withMessage("'rate' must be greater than 0 jobs per second, was 0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> load.rate(-5))
			.withMessage("'rate' must be greater than 0 jobs per second, was -5.0");
		assertThatIllegalArgumentException().isThrownBy(() -> load.duration(null))
			.withMessage("'duration' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> load.duration(Duration.ZERO))
			.withMessage("'duration' must be greater than 0, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> load.duration(Duration.ofSeconds(-1)))
			.withMessage("'duration' must be greater than 0, was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> load.awaitAtMost(Duration.ZERO))
			.withMessage("'awaitAtMost' must be greater than 0, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> load.rate(1).duration(Duration.ofSeconds(1)).run(null))
			.withMessage("'taskFlow' must not be null");
		assertThatIllegalStateException().isThrownBy(() -> load.duration(Duration.ofSeconds(1)).run(this.taskFlow))
			.withMessage("The load has no rate: set one with rate(jobsPerSecond) before run");
		assertThatIllegalStateException().isThrownBy(() -> load.rate(1).run(this.taskFlow))
			.withMessage("The load has no duration: set one with duration(Duration) before run");
		assertThatIllegalStateException()
			.isThrownBy(() -> load.rate(1)
				.duration(Duration.ofSeconds(2))
				.awaitAtMost(Duration.ofSeconds(2))
				.run(this.taskFlow))
			.withMessage("awaitAtMost (PT2S) must be longer than the duration (PT2S): it includes the time spent"
					+ " enqueueing");
		assertThatIllegalStateException()
			.isThrownBy(() -> load.rate(1).duration(Duration.ofNanos(1)).run(this.taskFlow))
			.withMessageStartingWith("A rate of 1.0 per second for PT0.000000001S enqueues no job");
	}

	@Test
	void percentilesAreNearestRank() {
		List<Duration> times = new ArrayList<>();
		for (int millis = 100; millis >= 1; millis--) {
			times.add(Duration.ofMillis(millis));
		}
		Collections.shuffle(times);
		Percentiles percentiles = Percentiles.of(times);
		assertThat(percentiles).isEqualTo(new Percentiles(Duration.ofMillis(50), Duration.ofMillis(95),
				Duration.ofMillis(99), Duration.ofMillis(100)));
		assertThat(percentiles).hasToString("p50 50.0 ms, p95 95.0 ms, p99 99.0 ms, max 100.0 ms");
		assertThat(Percentiles.percentile(List.of(1.0, 2.0, 3.0, 4.0), 50)).isEqualTo(2.0);
		assertThat(Percentiles.percentile(List.of(1.0, 2.0, 3.0, 4.0), 95)).isEqualTo(4.0);
		assertThat(Percentiles.percentile(List.of(1.0, 2.0, 3.0, 4.0), 0)).isEqualTo(1.0);
		assertThat(Percentiles.percentile(List.of(7.0), 99)).isEqualTo(7.0);
		assertThat(Percentiles.percentile(List.of(), 50)).isNaN();
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.percentile(List.of(1.0), 101))
			.withMessage("'percentile' must be from 0 to 100, was 101");
	}

	@Test
	void percentilesOfNothingAreNone() {
		Percentiles none = Percentiles.of(List.of());
		assertThat(none.isMeasured()).isFalse();
		assertThat(none.p50()).isNull();
		assertThat(none.max()).isNull();
		assertThat(none).hasToString("none");
	}

	@Test
	void pacerSpacesTheCallsAndStopsAtTheFirstFailure() throws InterruptedException {
		List<Long> calls = Collections.synchronizedList(new ArrayList<>());
		long started = System.nanoTime();
		RatePacer.perSecond(20).run(5, () -> calls.add(System.nanoTime()));
		assertThat(calls).hasSize(5);
		// never early: a fixed-rate schedule runs each call at or after its time, the
		// fifth 4 periods of 50 ms after the schedule began
		assertThat(Duration.ofNanos(calls.get(4) - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		AtomicInteger attempts = new AtomicInteger();
		assertThatIllegalStateException().isThrownBy(() -> RatePacer.perSecond(1000).run(10, () -> {
			if (attempts.incrementAndGet() == 2) {
				throw new IllegalStateException("boom");
			}
		})).withMessage("boom");
		assertThat(attempts).hasValue(2);
		assertThatIllegalArgumentException().isThrownBy(() -> RatePacer.perSecond(0))
			.withMessageStartingWith("'rate' must be greater than 0");
		assertThatIllegalArgumentException().isThrownBy(() -> RatePacer.perSecond(1).run(-1, () -> {
		})).withMessage("'count' must not be negative, was -1");
	}

	private static void assertOrdered(Percentiles percentiles) {
		assertThat(percentiles.isMeasured()).isTrue();
		assertThat(percentiles.p50()).isLessThanOrEqualTo(percentiles.p95());
		assertThat(percentiles.p95()).isLessThanOrEqualTo(percentiles.p99());
		assertThat(percentiles.p99()).isLessThanOrEqualTo(percentiles.max());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class LoadTestConfiguration {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

	}

	static class Handlers {

		static final long SLEEP_MILLIS = 5;

		@TaskHandler(SLEEP)
		void sleep() throws InterruptedException {
			Thread.sleep(SLEEP_MILLIS);
		}

		@TaskHandler(value = FAIL, maxAttempts = 1)
		void fail() {
			throw new IllegalStateException("failing on purpose");
		}

	}

}
