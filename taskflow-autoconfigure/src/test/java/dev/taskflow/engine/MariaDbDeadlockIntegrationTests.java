package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.Completion;
import dev.taskflow.store.JobStore;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * InnoDB rolls back one transaction of a deadlock. When that is TaskFlow's own (writing
 * job outcomes here), TaskFlow runs it again instead of reporting an outage: found by the
 * MariaDB soak, where completions deadlocked with other writers of the same rows.
 *
 * @author TaskFlow
 */
class MariaDbDeadlockIntegrationTests {

	private TestNodes nodes;

	private TestNode node;

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(TestDatabase.MARIADB);
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void completionThatLosesADeadlockIsWrittenAgain() throws Exception {
		JobStore store = startNode();
		List<ClaimedJob> claimed = deadlockWith(store,
				(jobs) -> store.complete(
						jobs.stream().map((job) -> Completion.succeeded(job.id(), job.attempt(), "\"done\"")).toList()),
				(rejected) -> assertThat(rejected).as("rejected completions").isEmpty());
		for (ClaimedJob job : claimed) {
			assertThat(this.node.taskFlow().find(JobId.of(job.id())).orElseThrow().status())
				.isEqualTo(JobStatus.SUCCEEDED);
		}
	}

	@Test
	void leaseRenewalThatLosesADeadlockIsMadeAgain() throws Exception {
		JobStore store = startNode();
		deadlockWith(
				store, (jobs) -> store.extendLeases("test-node", jobs.stream().map(ClaimedJob::id).toList(),
						(id) -> true, Duration.ofMinutes(5)),
				(extended) -> assertThat(extended).as("leases extended").hasSize(2));
	}

	private JobStore startNode() {
		this.node = this.nodes.start("spring.taskflow.worker.enabled=false");
		return this.node.context().getBean(JobStore.class);
	}

	// two claimed jobs; a bigger transaction holds the second, the work locks the first
	// and waits for the second, then the bigger one asks for the first: InnoDB rolls
	// back the work, which must go through all the same
	private <T> List<ClaimedJob> deadlockWith(JobStore store, Function<List<ClaimedJob>, T> work, Consumer<T> check)
			throws Exception {
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 202; i++) {
			requests.add(JobRequest.of("noop"));
		}
		this.node.taskFlow().enqueueAll(requests);
		List<ClaimedJob> claimed = new ArrayList<>(store.claimer(List.of("noop"), List.of())
			.claim("test-node", 2, Duration.ofMinutes(1), Integer.MIN_VALUE));
		assertThat(claimed).hasSize(2);
		// the order in which the work locks them
		claimed.sort(Comparator.comparing(ClaimedJob::id));
		UUID first = claimed.get(0).id();
		UUID second = claimed.get(1).id();
		try (Connection blocker = TestDatabase.connect(TestDatabase.MARIADB.dataSourceProperties())) {
			blocker.setAutoCommit(false);
			// as TaskFlow's own: REPEATABLE READ would lock every row its scans pass
			blocker.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			try (Statement statement = blocker.createStatement()) {
				// a bigger transaction than the work's, so InnoDB rolls back the work
				statement.executeUpdate("UPDATE taskflow_job SET priority = 1 WHERE status = 'PENDING'");
				statement.executeUpdate("UPDATE taskflow_job SET priority = 1 WHERE id = '" + second + "'");
				CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> work.apply(claimed));
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lockWaits(this.node) > 0);
				statement.executeUpdate("UPDATE taskflow_job SET priority = 1 WHERE id = '" + first + "'");
				blocker.commit();
				check.accept(result.get(30, TimeUnit.SECONDS));
			}
		}
		return claimed;
	}

	private static int lockWaits(TestNode node) {
		Integer waits = node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'",
					Integer.class);
		return (waits != null) ? waits : 0;
	}

}
