package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On PostgreSQL, a job enqueued on one node wakes the others through
 * {@code LISTEN/NOTIFY} instead of waiting for their next poll.
 *
 * @author TaskFlow
 */
class PostgresNotificationIntegrationTests {

	private TestNode producer;

	private TestNode worker;

	@AfterEach
	void stop() {
		if (this.worker != null) {
			this.worker.close();
		}
		if (this.producer != null) {
			this.producer.close();
		}
	}

	@Test
	void jobEnqueuedOnAnotherNodeRunsLongBeforeTheNextPoll() {
		Map<String, String> database = TestDatabase.POSTGRESQL.dataSourceProperties();
		this.worker = TestNode.start(database, "spring.taskflow.worker.poll-interval=5m");
		this.producer = TestNode.start(database, "spring.taskflow.worker.enabled=false");
		// the worker's first claim happens at start; give its listener time to subscribe
		await().atMost(Duration.ofSeconds(10)).until(() -> isListening(this.producer));
		JobId id = this.producer.taskFlow().enqueue("noop", null);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.producer.taskFlow().find(id).orElseThrow().status() == JobStatus.SUCCEEDED);
		assertThat(this.producer.taskFlow().find(id).orElseThrow().attempt()).isEqualTo(1);
	}

	@Test
	void listenerKeepsListeningAfterAnErrorInTheWakeUp() throws InterruptedException {
		Map<String, String> database = TestDatabase.POSTGRESQL.dataSourceProperties();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.get("spring.datasource.url"),
				database.get("spring.datasource.username"), database.get("spring.datasource.password"));
		AtomicInteger wakeUps = new AtomicInteger();
		// the first wake-up (right after LISTEN) throws an Error, as an exhausted stack
		// would: the thread must not die of it, the node would then wait for its polls
		PostgresWakeUpListener listener = new PostgresWakeUpListener(dataSource, () -> {
			if (wakeUps.incrementAndGet() == 1) {
				throw new StackOverflowError("injected");
			}
		}, (dueAt) -> {
		}, (session) -> false);
		Thread thread = new Thread(listener, "taskflow-notifications-test");
		thread.start();
		try {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(wakeUps).hasValueGreaterThan(1));
			assertThat(thread.isAlive()).isTrue();
		}
		finally {
			listener.stop();
			thread.join(5000);
		}
	}

	@Test
	void finishedListenerKeepsListeningAfterAnErrorInItsLoop() throws InterruptedException {
		Map<String, String> database = TestDatabase.POSTGRESQL.dataSourceProperties();
		AtomicInteger connections = new AtomicInteger();
		// the first connection fails with an Error, as a bug in a driver or a pool would:
		// the thread must not die of it, or the waiters would wait for their polls
		DataSource dataSource = new DelegatingDataSource(
				new DriverManagerDataSource(database.get("spring.datasource.url"),
						database.get("spring.datasource.username"), database.get("spring.datasource.password"))) {

			@Override
			public Connection getConnection() throws SQLException {
				if (connections.incrementAndGet() == 1) {
					throw new StackOverflowError("injected");
				}
				return super.getConnection();
			}

		};
		// no awaited jobs: the waiters only record whether their listener listens
		JobWaiters waiters = new JobWaiters(null, null, JobWaiters.DEFAULT_POLL_INTERVAL, null);
		PostgresFinishedListener listener = new PostgresFinishedListener(dataSource, waiters);
		Thread thread = new Thread(listener, "taskflow-finished-listener-test");
		thread.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(waiters::isNotified);
			assertThat(connections).hasValue(2);
			assertThat(thread.isAlive()).isTrue();
		}
		finally {
			listener.stop();
			thread.join(5000);
		}
	}

	private static boolean isListening(TestNode node) {
		// LISTEN is per session: find the worker's listening backend from the outside
		Integer listening = node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
					+ " AND query LIKE 'LISTEN taskflow_job_enqueued%'", Integer.class);
		return listening != null && listening > 0;
	}

}
