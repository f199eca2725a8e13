package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.NodeView;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.JobStore;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only several nodes on one database can show: every job runs once, none is lost,
 * and a crashed node's jobs are run by the others once its leases expire.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractClusterIntegrationTests {

	private TestNodes nodes;

	protected abstract TestDatabase database();

	/**
	 * Properties of every node of this suite, for a variant of it (a pool with
	 * auto-commit off, say).
	 * @return the properties as {@code name=value}
	 */
	protected String[] nodeProperties() {
		return new String[0];
	}

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database(), nodeProperties());
	}

	@AfterEach
	void stopNodes() {
		// null when the database is unreachable and the test was skipped
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode startNode(String nodeId, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.taskflow.worker.node-id=" + nodeId);
		return this.nodes.start(all.toArray(String[]::new));
	}

	@Test
	void twoNodesRunFiveThousandJobsEachExactlyOnce() {
		TestNode a = startNode("node-a");
		startNode("node-b");
		int total = 5000;
		long start = System.nanoTime();
		for (int batch = 0; batch < total / 1000; batch++) {
			List<JobRequest> requests = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				requests.add(JobRequest.of("count"));
			}
			a.taskFlow().enqueueAll(requests);
		}
		Awaitility.await()
			.atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> succeeded(a) == total);
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("%s: %d jobs on two nodes in %.2f s (%.0f jobs/s, enqueue included)%n", database(), total,
				seconds, total / seconds);
		assertThat(TestHandlers.executions).hasSize(total);
		assertThat(TestHandlers.executions.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		Set<String> workers = TestHandlers.executionLog.stream()
			.map((entry) -> entry.substring(entry.indexOf('@') + 1))
			.collect(Collectors.toSet());
		assertThat(workers).containsExactlyInAnyOrder("node-a", "node-b");
		assertThat(a.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE attempt <> 1", Integer.class))
			.isZero();
	}

	@Test
	void jobsOfACrashedNodeRunOnAnotherNodeOnceTheirLeaseExpires() {
		String[] shortLeases = { "spring.taskflow.worker.lease=2s", "spring.taskflow.worker.heartbeat-interval=250ms" };
		TestNode doomed = startNode("node-doomed", shortLeases);
		List<JobId> ids = doomed.taskFlow()
			.enqueueAll(List.of(JobRequest.of("gated"), JobRequest.of("gated"), JobRequest.of("gated")));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestHandlers.running.get() == 3);
		TestNode survivor = startNode("node-survivor", shortLeases);
		long crashedAt = System.nanoTime();
		doomed.crash();
		for (JobId id : ids) {
			JobView job = Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> survivor.taskFlow().find(id).orElseThrow(),
						(view) -> view.status() == JobStatus.SUCCEEDED);
			assertThat(job.attempt()).isEqualTo(2);
			assertThat(job.result(String.class)).contains("attempt 2");
			assertThat(job.lastError()).contains("Lease expired on node node-doomed during attempt 1");
		}
		Duration recovery = Duration.ofNanos(System.nanoTime() - crashedAt);
		System.out.printf("%s: crashed node's jobs recovered in %d ms (lease 2000 ms, heartbeat 250 ms)%n", database(),
				recovery.toMillis());
		assertThat(TestHandlers.executionLog).filteredOn((entry) -> entry.endsWith("@node-survivor"))
			.allSatisfy((entry) -> assertThat(entry).contains(":2@"))
			.hasSize(3);
		assertThat(TestHandlers.executions.values()).extracting(AtomicInteger::get).containsOnly(2);
	}

	@Test
	void prefetchedJobThatACrashedNodeNeverStartedKeepsItsOnlyAttempt() {
		String[] doomedSettings = { "spring.taskflow.worker.lease=2s",
				"spring.taskflow.worker.heartbeat-interval=200ms", "spring.taskflow.worker.threads=1",
				"spring.taskflow.worker.prefetch=1" };
		TestNode doomed = startNode("node-doomed", doomedSettings);
		JobId running = doomed.taskFlow().enqueue("gated", null);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestHandlers.running.get() == 1);
		// its only attempt: counted by the rescue, it would fail without having run
		JobId waiting = doomed.taskFlow().enqueue(JobRequest.of("gated").maxAttempts(1));
		String confirmed = "SELECT COUNT(*) FROM taskflow_job WHERE id = '%s' AND confirmed_attempt = attempt";
		// lease renewals confirm the started attempt, never the one waiting for a thread
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> doomed.jdbc().queryForObject(confirmed.formatted(running), Integer.class) == 1);
		Awaitility.await()
			.during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(30))
			.until(() -> doomed.taskFlow().find(waiting).orElseThrow().status() == JobStatus.RUNNING
					&& doomed.jdbc().queryForObject(confirmed.formatted(waiting), Integer.class) == 0);
		int budget = doomed.taskFlow().find(running).orElseThrow().maxAttempts();
		doomed.crash();
		TestHandlers.gate.countDown();
		TestNode survivor = startNode("node-survivor", "spring.taskflow.worker.lease=2s",
				"spring.taskflow.worker.heartbeat-interval=200ms");
		JobView job = Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> survivor.taskFlow().find(waiting).orElseThrow(), (view) -> !view.status().isActive());
		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		// its number kept (a late outcome of it would still be fenced off), one attempt
		// more in its budget
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(job.maxAttempts()).isEqualTo(2);
		assertThat(TestHandlers.executionLog).filteredOn((entry) -> entry.startsWith(waiting.toString()))
			.singleElement()
			.asString()
			.startsWith(waiting + ":2@node-survivor");
		assertThat(survivor.taskFlow().attempts(waiting)).first()
			.satisfies((attempt) -> assertThat(attempt.error()).contains("Lease expired on node node-doomed")
				.contains("the attempt does not count"));
		// the attempt that had started counts
		JobView started = Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> survivor.taskFlow().find(running).orElseThrow(), (view) -> !view.status().isActive());
		assertThat(started.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(started.attempt()).isEqualTo(2);
		assertThat(started.maxAttempts()).isEqualTo(budget);
		assertThat(started.lastError()).doesNotContain("does not count");
	}

	@Test
	void aBacklogOfExpiredLeasesIsRescuedInBoundedBatches() {
		TestNode node = startNode("node-a", "spring.taskflow.worker.enabled=false");
		JobStore store = node.context().getBean(JobStore.class);
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 2 * JobStore.RESCUE_BATCH + 10; i++) {
			requests.add(JobRequest.of("count"));
		}
		node.taskFlow().enqueueAll(requests);
		// as claimed by a node that died: one rescue of them all could outlast its time
		// limit at every heartbeat, and then none would ever be rescued
		node.jdbc()
			.update("UPDATE taskflow_job SET status = 'RUNNING', attempt = 1, owner_node = 'node-gone',"
					+ " started_at = created_at, lease_until = created_at, confirmed_attempt = 1");
		assertThat(List.of(store.rescueExpiredJobs(Duration.ofSeconds(10)).size(),
				store.rescueExpiredJobs(Duration.ofSeconds(10)).size(),
				store.rescueExpiredJobs(Duration.ofSeconds(10)).size(),
				store.rescueExpiredJobs(Duration.ofSeconds(10)).size()))
			.containsExactly(JobStore.RESCUE_BATCH, JobStore.RESCUE_BATCH, 10, 0);
		assertThat(node.taskFlow().jobs().countByStatus(JobQuery.all())).containsEntry(JobStatus.PENDING,
				2L * JobStore.RESCUE_BATCH + 10);
	}

	@Test
	void attemptsWhoseStartsAreNeverConfirmedCountAfterAFewLeaseExpiries() {
		TestNode node = startNode("node-a", "spring.taskflow.worker.enabled=false");
		JobStore store = node.context().getBean(JobStore.class);
		List<JobId> ids = node.taskFlow()
			.enqueueAll(List.of(JobRequest.of("count").maxAttempts(1), JobRequest.of("count").maxAttempts(1),
					JobRequest.of("count").maxAttempts(1)));
		// as claimed by a node that died before its lease renewal confirmed the start
		String expired = "UPDATE taskflow_job SET status = 'RUNNING', attempt = 1, owner_node = 'node-gone',"
				+ " started_at = created_at, lease_until = created_at, confirmed_attempt = %s, unconfirmed_expiries = %s"
				+ " WHERE id = '%s'";
		node.jdbc().update(expired.formatted(null, 2, ids.get(0)));
		// a handler that brings its node down before the start is confirmed, again and
		// again, must not run for ever
		// (three given back already: the most there are)
		node.jdbc().update(expired.formatted(null, 3, ids.get(1)));
		node.jdbc().update(expired.formatted(1, null, ids.get(2)));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> store.rescueExpiredJobs(Duration.ofSeconds(10)).size() == 3);
		assertThat(ids.stream().map((id) -> node.taskFlow().find(id).orElseThrow()))
			.extracting((job) -> job.status() + " " + job.attempt() + "/" + job.maxAttempts())
			.containsExactly("PENDING 1/2", "FAILED 1/1", "FAILED 1/1");
	}

	@Test
	void nodeTableShowsLiveNodesWithTheirHandlersAndListsStoppedAndDeadOnesAsDeparted() {
		String[] shortLeases = { "spring.taskflow.worker.lease=1s", "spring.taskflow.worker.heartbeat-interval=200ms" };
		TestNode a = startNode("node-a", shortLeases);
		TestNode b = startNode("node-b", shortLeases);
		assertThat(nodeIds(a)).contains("node-a", "node-b");
		String handlers = a.jdbc()
			.queryForObject("SELECT handlers FROM taskflow_node WHERE id = 'node-a'", String.class);
		assertThat(handlers).contains("\"count\"", "\"gated\"");
		NodeView live = a.taskFlow()
			.nodes()
			.stream()
			.filter((node) -> node.id().equals("node-a"))
			.findFirst()
			.orElseThrow();
		assertThat(live.alive()).isTrue();
		assertThat(live.threads()).isPositive();
		assertThat(live.busyThreads()).isZero();
		assertThat(live.version()).isNotBlank();
		b.close();
		assertThat(nodeIds(a)).contains("node-a").doesNotContain("node-b");
		assertThat(a.taskFlow().departedNodes()).anySatisfy((node) -> {
			assertThat(node.id()).isEqualTo("node-b");
			assertThat(node.alive()).isFalse();
			assertThat(node.departure()).isEqualTo(NodeView.Departure.STOPPED);
			assertThat(node.departedAt()).isNotNull();
		});
		TestNode doomed = startNode("node-doomed", shortLeases);
		assertThat(nodeIds(a)).contains("node-doomed");
		doomed.crash();
		// another node notices the missing heartbeats once the dead node's lease is over
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !nodeIds(a).contains("node-doomed"));
		assertThat(nodeIds(a)).contains("node-a");
		assertThat(a.taskFlow().departedNodes()).anySatisfy((node) -> {
			assertThat(node.id()).isEqualTo("node-doomed");
			assertThat(node.departure()).isEqualTo(NodeView.Departure.LOST);
		});
		// a node that left over an hour ago is forgotten at the next heartbeat
		a.jdbc().update("UPDATE taskflow_node SET departed_at = departed_at - INTERVAL '2' HOUR WHERE id = 'node-b'");
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> a.taskFlow().departedNodes().stream().noneMatch((node) -> node.id().equals("node-b")));
	}

	@Test
	void nodePresumedDeadRegistersAgainAtItsNextHeartbeat() {
		TestNode a = startNode("node-a", "spring.taskflow.worker.lease=1s",
				"spring.taskflow.worker.heartbeat-interval=200ms");
		a.jdbc().update("DELETE FROM taskflow_node WHERE id = 'node-a'");
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> nodeIds(a).contains("node-a"));
	}

	@Test
	void jobsThatNoLiveNodeCanRunAreReportedWhileTheyWait(CapturedOutput output) {
		TestNode a = startNode("node-a");
		TestNode producer = startNode("producer", "spring.taskflow.worker.enabled=false");
		JobId id = producer.taskFlow()
			.enqueue(JobRequest.of("report.retired").runAt(java.time.Instant.now().minusSeconds(120)));
		WaitingJobsCheck check = new WaitingJobsCheck(a.context().getBean(JobStore.class).nodes(),
				a.context().getBean(PayloadCodec.class), "node-a", Duration.ofMinutes(1), Duration.ofSeconds(10));
		check.run();
		assertThat(output).contains("1 job(s) of handler 'report.retired' are due but wait: no live node has that"
				+ " handler (live nodes: [node-a])");
		assertThat(output).doesNotContain("handler 'count'");
		assertThat(a.taskFlow().find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
		a.taskFlow().cancel(id);
		check.run();
		assertThat(output).contains("Jobs of handler 'report.retired' no longer wait");
	}

	private static List<String> nodeIds(TestNode node) {
		return node.jdbc().queryForList("SELECT id FROM taskflow_node WHERE departed_at IS NULL", String.class);
	}

	private static int succeeded(TestNode node) {
		Integer count = node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'SUCCEEDED'", Integer.class);
		return (count != null) ? count : 0;
	}

}
