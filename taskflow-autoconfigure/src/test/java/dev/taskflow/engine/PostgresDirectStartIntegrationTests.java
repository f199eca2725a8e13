package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct start on PostgreSQL, where an insert notifies every listening node: a job
 * inserted running needs no node woken, and must not cost each of them a claim.
 *
 * @author TaskFlow
 */
class PostgresDirectStartIntegrationTests extends AbstractDirectStartIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Test
	void jobStartedDirectlyWakesNoOtherNode() throws Exception {
		TaskFlow taskFlow = warmNode().taskFlow();
		Map<String, String> database = database().dataSourceProperties();
		try (Connection listening = DriverManager.getConnection(database.get("spring.datasource.url"),
				database.get("spring.datasource.username"), database.get("spring.datasource.password"));
				Statement statement = listening.createStatement()) {
			statement.execute("LISTEN taskflow_job_enqueued");
			JobId direct = taskFlow.enqueue("noop", null);
			JobView job = awaitStatus(taskFlow, direct, JobStatus.SUCCEEDED);
			assertThat(job.startedAt()).isEqualTo(job.createdAt());
			assertThat(notifications(listening, Duration.ofMillis(300))).isEmpty();
			// a job that waits for a claim is announced as before
			taskFlow.enqueue(JobRequest.of("noop").delay(Duration.ofSeconds(1)));
			List<PGNotification> announced = new ArrayList<>();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> announced.addAll(notifications(listening, Duration.ofMillis(100))));
			assertThat(announced).singleElement()
				.satisfies((notification) -> assertThat(Long.parseLong(notification.getParameter())).isPositive());
		}
	}

	private static List<PGNotification> notifications(Connection connection, Duration wait) throws Exception {
		PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications((int) wait.toMillis());
		return (received != null) ? List.of(received) : List.of();
	}

}
