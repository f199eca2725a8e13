package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delayed jobs on time on PostgreSQL, and across nodes: the notification of an insert
 * carries the due times of its jobs, so a node that did not enqueue them wakes when they
 * become due.
 *
 * @author TaskFlow
 */
class PostgresDelayedJobIntegrationTests extends AbstractDelayedJobIntegrationTests {

	private static final Duration DELAY = Duration.ofMillis(1500);

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected boolean learnsDueInstants() {
		return true;
	}

	@Test
	void delayedJobEnqueuedOnAnotherNodeStartsWhenDue() {
		TestNode worker = nodes().start("spring.taskflow.worker.poll-interval=10s");
		TaskFlow producer = nodes().start("spring.taskflow.worker.enabled=false").taskFlow();
		awaitListening(worker);
		JobId delayed = producer.enqueue(JobRequest.of("noop").delay(DELAY));
		JobId atInstant = producer.enqueue(JobRequest.of("noop").runAt(databaseNow(worker).plus(DELAY)));
		assertStartedOnTime(awaitStatus(producer, delayed, JobStatus.SUCCEEDED));
		assertStartedOnTime(awaitStatus(producer, atInstant, JobStatus.SUCCEEDED));
	}

	@Test
	void delayedJobsOfOneBatchEnqueuedOnAnotherNodeEachStartWhenDue() {
		TestNode worker = nodes().start("spring.taskflow.worker.poll-interval=10s");
		TaskFlow producer = nodes().start("spring.taskflow.worker.enabled=false").taskFlow();
		awaitListening(worker);
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			requests.add(JobRequest.of("noop").delay(Duration.ofMillis(600 + 400 * i)));
		}
		// jobs due now too: they wake the other node at once, the rest when due
		requests.add(JobRequest.of("noop"));
		List<JobId> ids = producer.enqueueAll(requests);
		for (JobId id : ids) {
			assertStartedOnTime(awaitStatus(producer, id, JobStatus.SUCCEEDED));
		}
	}

	@Test
	void notificationCarriesTheMillisecondsUntilTheEarliestDueTimesOfTheInsertedJobs() throws Exception {
		TestNode node = nodes().start("spring.taskflow.worker.enabled=false");
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			requests.add(JobRequest.of("noop").delay(Duration.ofSeconds(10 + i)));
		}
		requests.add(JobRequest.of("noop").runAt(Instant.EPOCH));
		String payload = payloadOf(node, requests);
		long[] dueIn = PostgresWakeUpListener.dueInMillis(payload);
		// 0 for the job due now, then the earliest distinct due times, ascending
		assertThat(dueIn).hasSize(PostgresWakeUpListener.MOST_DUE_TIMES);
		assertThat(dueIn[0]).isZero();
		for (int i = 1; i < dueIn.length; i++) {
			long delay = 10_000L + 1000 * (i - 1);
			assertThat(dueIn[i]).isBetween(delay - 1000, delay);
		}
		assertThat(payload.length()).isLessThan(300);
	}

	@Test
	void notificationOfOneDelayedJobCarriesItsDueTimeAndOfJobsDueNowAZero() throws Exception {
		TestNode node = nodes().start("spring.taskflow.worker.enabled=false");
		long[] dueIn = PostgresWakeUpListener.dueInMillis(payloadOf(node, List.of(JobRequest.of("noop").delay(DELAY))));
		assertThat(dueIn).hasSize(1);
		assertThat(dueIn[0]).isBetween(DELAY.toMillis() - 1000, DELAY.toMillis());
		assertThat(payloadOf(node, List.of(JobRequest.of("noop"), JobRequest.of("noop")))).isEqualTo("0");
	}

	// the payload of the one notification an enqueue of these jobs sends
	private static String payloadOf(TestNode node, List<JobRequest> requests) throws Exception {
		try (Connection listening = node.connect(); Statement statement = listening.createStatement()) {
			statement.execute("LISTEN " + PostgresWakeUpListener.CHANNEL);
			node.taskFlow().enqueueAll(requests);
			PGConnection postgres = listening.unwrap(PGConnection.class);
			PGNotification[] notifications = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> postgres.getNotifications(100), (received) -> received != null && received.length > 0);
			assertThat(notifications).hasSize(1);
			return notifications[0].getParameter();
		}
	}

	private static void awaitListening(TestNode node) {
		// LISTEN is per session: find the worker's listening backend from the outside
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			Integer listening = node.jdbc()
				.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
						+ " AND query LIKE 'LISTEN taskflow_job_enqueued%'", Integer.class);
			return listening != null && listening > 0;
		});
	}

}
