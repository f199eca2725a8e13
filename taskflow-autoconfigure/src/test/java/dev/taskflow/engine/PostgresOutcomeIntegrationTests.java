package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.taskflow.JobRequest;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes of every attempt, stored or refused, on POSTGRESQL; and a node whose outcomes
 * cannot be written stops claiming.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresOutcomeIntegrationTests extends AbstractOutcomeIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected Object unstorableResult() {
		return "nul \u0000 in a result";
	}

	@Override
	protected String knownRefusal() {
		return "has a NUL character";
	}

	@Override
	protected String resultAsText() {
		return "CAST(result AS TEXT)";
	}

	@Test
	void nodeWhoseOutcomesCannotBeWrittenStopsClaimingOnceItHoldsTooManyOfThem(CapturedOutput output) throws Exception {
		TestNode node = startNode("spring.taskflow.worker.threads=4");
		int total = CompletionBuffer.MAX_UNWRITTEN + 3000;
		try (Connection blocker = node.connect()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				// every outcome writes its attempt's history: with the table locked, none
				// can be written, as in an outage of the writes alone
				statement.execute("LOCK TABLE taskflow_attempt IN ACCESS EXCLUSIVE MODE");
			}
			List<JobRequest> requests = new ArrayList<>();
			for (int i = 0; i < total; i++) {
				requests.add(JobRequest.of("noop"));
			}
			node.taskFlow().enqueueAll(requests);
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> output.toString().contains("claims no more jobs until they are written"));
			Awaitility.await()
				.during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(10))
				.until(() -> claimed(node), (claimed) -> claimed < total - 1000);
			blocker.rollback();
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(node) == total);
		assertThat(output.toString().split("claims no more jobs until they are written", -1)).hasSize(2);
		assertThat(output).contains("wrote its backlog of job outcomes and claims jobs again");
	}

	private static int claimed(TestNode node) {
		return node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status <> 'PENDING'", Integer.class);
	}

	private static int succeeded(TestNode node) {
		return node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'SUCCEEDED'", Integer.class);
	}

}
