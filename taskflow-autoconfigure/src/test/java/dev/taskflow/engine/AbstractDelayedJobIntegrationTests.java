package dev.taskflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.store.JobStore;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delayed job starts when it becomes due, not at the node's next poll: the node wakes
 * for the earliest due time it knows of. Every node here polls only every ten seconds, so
 * a job the poll found would start seconds late. Lateness is read from the job itself,
 * {@code started_at − run_at}, both by the database's clock.
 *
 * @author TaskFlow
 */
abstract class AbstractDelayedJobIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String POLL_INTERVAL = "spring.taskflow.worker.poll-interval=10s";

	private static final Duration POLL = Duration.ofSeconds(10);

	// far below the poll interval, with room for a loaded machine (measured: a few ms)
	private static final Duration ON_TIME = Duration.ofMillis(500);

	private static final Duration DELAY = Duration.ofMillis(1500);

	private static final Duration SLOW_LISTENER = Duration.ofMillis(200);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	/**
	 * Whether a node that enqueues a job due at an instant ({@code runAt}) learns when
	 * that is on the database's clock: from a notification, or because the database's
	 * clock is the node's.
	 * @return {@code true} if it does
	 */
	protected abstract boolean learnsDueInstants();

	@BeforeEach
	void prepareNodes() {
		this.nodes = new TestNodes(database());
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void delayedJobStartsWhenDueNotAtTheNextPoll() {
		TaskFlow taskFlow = this.nodes.start(POLL_INTERVAL).taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("noop").delay(DELAY));
		assertStartedOnTime(awaitStatus(taskFlow, id, JobStatus.SUCCEEDED));
	}

	@Test
	void jobsOfOneBatchWithDifferentDelaysEachStartWhenDue() {
		TaskFlow taskFlow = this.nodes.start(POLL_INTERVAL).taskFlow();
		List<JobId> ids = taskFlow
			.enqueueAll(List.of(JobRequest.of("noop").delay(Duration.ofMillis(700)), JobRequest.of("noop").delay(DELAY),
					JobRequest.of("noop").delay(Duration.ofMillis(2300)), JobRequest.of("noop").delay(DELAY)));
		for (JobId id : ids) {
			assertStartedOnTime(awaitStatus(taskFlow, id, JobStatus.SUCCEEDED));
		}
	}

	@Test
	void delayedJobEnqueuedInATransactionStartsWhenDue() {
		TestNode node = this.nodes.start(POLL_INTERVAL);
		TransactionTemplate transaction = new TransactionTemplate(
				node.context().getBean(PlatformTransactionManager.class));
		JobId id = transaction.execute((status) -> node.taskFlow().enqueue(JobRequest.of("noop").delay(DELAY)));
		assertStartedOnTime(awaitStatus(node.taskFlow(), id, JobStatus.SUCCEEDED));
	}

	@Test
	void retriedJobStartsWhenItsBackoffEnds() {
		TaskFlow taskFlow = this.nodes
			.start(POLL_INTERVAL, "spring.taskflow.handlers.flaky.retry.backoff.strategy=fixed",
					"spring.taskflow.handlers.flaky.retry.backoff.initial=" + DELAY.toMillis() + "ms",
					"spring.taskflow.handlers.flaky.retry.backoff.max=" + DELAY.toMillis() + "ms")
			.taskFlow();
		JobId id = taskFlow.enqueue("flaky", null);
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		// the third attempt, due a backoff after the second failed
		assertThat(job.attempt()).isEqualTo(3);
		assertStartedOnTime(job);
		assertThat(Duration.between(job.createdAt(), job.startedAt())).isGreaterThanOrEqualTo(DELAY.multipliedBy(2));
	}

	@Test
	void jobDueAtAnInstantStartsThenWhereTheNodeLearnsWhenThatIs() {
		TestNode node = this.nodes.start(POLL_INTERVAL);
		Instant runAt = databaseNow(node).plus(DELAY);
		JobId id = node.taskFlow().enqueue(JobRequest.of("noop").runAt(runAt));
		JobView job = awaitStatus(node.taskFlow(), id, JobStatus.SUCCEEDED);
		assertThat(job.runAt()).isEqualTo(runAt);
		if (learnsDueInstants()) {
			assertStartedOnTime(job);
		}
		else {
			// at the next poll, and never early
			assertThat(job.startedAt()).isAfterOrEqualTo(runAt);
			assertThat(Duration.between(runAt, job.startedAt())).isLessThan(POLL.plus(ON_TIME));
		}
	}

	// the node plans its wake-up from the due instant and its clock read together: a
	// listener that keeps the enqueue busy after the insert made the wake-up come early,
	// find the job not yet due and leave it to the next poll, ten seconds late
	@Test
	void jobDueAtAnInstantStartsOnTimeWhenAListenerSlowsTheEnqueueDown() {
		TestNode node = this.nodes.start(List.of(SlowEnqueuedListener.class), Clock.systemUTC(), POLL_INTERVAL);
		Instant runAt = databaseNow(node).plus(DELAY);
		JobId id = node.taskFlow().enqueue(JobRequest.of("noop").runAt(runAt));
		JobView job = awaitStatus(node.taskFlow(), id, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isAfterOrEqualTo(runAt);
		if (learnsDueInstants()) {
			assertStartedOnTime(job);
		}
	}

	@Test
	void nodeWhoseTaskFlowClockIsFiveMinutesAheadStartsNoDelayedJobEarly() {
		assertDelayedJobsStartOnTimeWithTaskFlowClock(Duration.ofMinutes(5));
	}

	@Test
	void nodeWhoseTaskFlowClockIsFiveMinutesBehindStartsDelayedJobsOnTime() {
		assertDelayedJobsStartOnTimeWithTaskFlowClock(Duration.ofMinutes(-5));
	}

	// the wake-up is planned from delays the database measured, never from a clock of
	// the application: a TaskFlowClock (or a JVM clock) that is off changes nothing
	private void assertDelayedJobsStartOnTimeWithTaskFlowClock(Duration skew) {
		TestNode node = this.nodes.start(List.of(), Clock.offset(Clock.systemUTC(), skew), POLL_INTERVAL);
		TaskFlow taskFlow = node.taskFlow();
		JobId delayed = taskFlow.enqueue(JobRequest.of("noop").delay(DELAY));
		JobId atInstant = taskFlow.enqueue(JobRequest.of("noop").runAt(databaseNow(node).plus(DELAY)));
		assertStartedOnTime(awaitStatus(taskFlow, delayed, JobStatus.SUCCEEDED));
		JobView job = awaitStatus(taskFlow, atInstant, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isAfterOrEqualTo(job.runAt());
		if (learnsDueInstants()) {
			assertStartedOnTime(job);
		}
	}

	protected final TestNodes nodes() {
		return this.nodes;
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowEnqueuedListener {

		@Bean
		TaskFlowListener slowEnqueuedListener() {
			return new TaskFlowListener() {
				@Override
				public void enqueued(JobEvent event) {
					try {
						Thread.sleep(SLOW_LISTENER.toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			};
		}

	}

	protected static void assertStartedOnTime(JobView job) {
		assertThat(job.startedAt()).as("started at or after its due time").isAfterOrEqualTo(job.runAt());
		assertThat(Duration.between(job.runAt(), job.startedAt())).as("lateness of job %s", job.id())
			.isLessThan(ON_TIME);
	}

	protected static Instant databaseNow(TestNode node) {
		// in microseconds, as the databases store due times
		return node.context().getBean(JobStore.class).queries().databaseNow().truncatedTo(ChronoUnit.MICROS);
	}

	protected static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
