package dev.taskflow.actuate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.actuate.ActuatorTestApplication.BreakableDataSource;
import dev.taskflow.schedule.ScheduleNode;
import dev.taskflow.engine.WorkerNode;

import static dev.taskflow.actuate.AbstractTaskFlowEndpointIntegrationTests.JSON;
import static dev.taskflow.actuate.AbstractTaskFlowEndpointIntegrationTests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code taskflow} health over real HTTP: UP, DOWN when the dispatcher stops or the
 * database breaks, the configured status when a due job waited too long. Run by one
 * subclass per database.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.shutdown.await=1s",
				// jobs of a handler no node has stay due: the way to make a job wait
				"spring.taskflow.enqueue.validate-handlers=false",
				"spring.taskflow.health.queues.late.oldest-due-age=1m",
				"spring.taskflow.health.oldest-due-status=OUT_OF_SERVICE", "spring.taskflow.health.timeout=1s",
				"management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always" })
@AutoConfigureRestTestClient
abstract class AbstractTaskFlowHealthIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskFlow taskFlow;

	@Autowired
	private WorkerNode workerNode;

	@Autowired
	private ScheduleNode scheduleNode;

	@Autowired
	private DataSource dataSource;

	@Test
	void healthIsUpWithDetails() {
		Map<String, Object> taskflow = taskflowHealth(200);
		assertThat(taskflow).containsEntry("status", "UP");
		Map<String, Object> details = map(taskflow.get("details"));
		assertThat(details).containsEntry("dispatcher", "running")
			.containsEntry("store", "reachable")
			.containsEntry("node", this.workerNode.nodeId());
		assertThat((Integer) details.get("nodesAlive")).isPositive();
	}

	@Test
	void healthIsDownWhileTheDispatcherIsStopped() {
		this.workerNode.stop();
		try {
			Map<String, Object> taskflow = taskflowHealth(503);
			assertThat(taskflow).containsEntry("status", "DOWN");
			assertThat(map(taskflow.get("details"))).containsEntry("dispatcher", "stopped");
		}
		finally {
			this.workerNode.start();
		}
		assertThat(taskflowHealth(200)).containsEntry("status", "UP");
	}

	@Test
	void healthIsUpWhileANodeKeptStoppedOnPurposeRunsJobsOnRequest() {
		// the test kit's manual and inline modes: the node never starts, and runs jobs on
		// the test's thread
		this.workerNode.stop();
		this.workerNode.setAutoStartup(false);
		try {
			Map<String, Object> taskflow = taskflowHealth(200);
			assertThat(taskflow).containsEntry("status", "UP");
			assertThat(map(taskflow.get("details"))).containsEntry("dispatcher",
					"not started: jobs run on request (TaskFlow test kit)");
		}
		finally {
			this.workerNode.setAutoStartup(true);
			this.workerNode.start();
		}
		assertThat(taskflowHealth(200)).containsEntry("status", "UP");
	}

	@Test
	void healthIsDownNamingTheLoopOfTheNodeThatStopped() {
		// as a fatal failure of the outcome writer would: the node looks alive, but holds
		// every outcome from now on
		ReflectionTestUtils.invokeMethod(this.workerNode, "stopOutcomeWriterForTests");
		try {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(taskflowHealth(503)).containsEntry("status", "DOWN"));
			Map<String, Object> details = map(taskflowHealth(503).get("details"));
			assertThat(details).containsEntry("dispatcher", "running").containsEntry("store", "reachable");
			assertThat(details.get("stoppedLoops")).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactly("outcome writer");
		}
		finally {
			this.workerNode.stop();
			this.workerNode.start();
		}
		assertThat(taskflowHealth(200)).containsEntry("status", "UP");
	}

	@Test
	void healthIsDownNamingTheScheduleLoopWhenItStopped() {
		// as anything that ends its thread would: no schedule fires on this node any more
		Thread loop = (Thread) ReflectionTestUtils.getField(this.scheduleNode, "loopThread");
		assertThat(loop).isNotNull();
		loop.interrupt();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> !loop.isAlive());
			Map<String, Object> taskflow = taskflowHealth(503);
			assertThat(taskflow).containsEntry("status", "DOWN");
			assertThat(map(taskflow.get("details")).get("stoppedLoops")).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactly("schedule loop");
		}
		finally {
			this.scheduleNode.stop();
			this.scheduleNode.start();
		}
		assertThat(taskflowHealth(200)).containsEntry("status", "UP");
	}

	@Test
	void healthIsDownWithinItsTimeoutWhileTheJobTableIsLocked() throws Exception {
		try (Connection blocker = this.dataSource.getConnection()) {
			String product = blocker.getMetaData().getDatabaseProductName();
			Assumptions.assumeFalse(product.equals("H2"), "a read on H2 never waits for a lock");
			boolean postgres = product.equals("PostgreSQL");
			blocker.setAutoCommit(false);
			ScheduledExecutorService safety = Executors.newSingleThreadScheduledExecutor();
			try (Statement statement = blocker.createStatement()) {
				// every read of the job table waits: the health's statistics too
				statement.execute(postgres ? "LOCK TABLE taskflow_job IN ACCESS EXCLUSIVE MODE"
						: "LOCK TABLES taskflow_job WRITE");
				// without its timeout the health would wait for the lock: let it go in
				// the
				// end, so that the test fails instead of hanging
				safety.schedule(() -> unlock(blocker, postgres), 20, TimeUnit.SECONDS);
				long started = System.nanoTime();
				Map<String, Object> taskflow = taskflowHealth(503);
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(taskflow).containsEntry("status", "DOWN");
				assertThat(map(taskflow.get("details"))).containsEntry("store", "unreachable");
				// spring.taskflow.health.timeout=1s
				assertThat(took).isLessThan(Duration.ofSeconds(10));
			}
			finally {
				unlock(blocker, postgres);
				safety.shutdownNow();
				blocker.setAutoCommit(true);
			}
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(taskflowHealth(200)).containsEntry("status", "UP"));
	}

	private static void unlock(Connection blocker, boolean postgres) {
		try {
			if (postgres) {
				blocker.rollback();
			}
			else {
				try (Statement statement = blocker.createStatement()) {
					statement.execute("UNLOCK TABLES");
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void healthIsDownWhileTheDatabaseIsUnreachable() {
		BreakableDataSource breakable = (BreakableDataSource) this.dataSource;
		breakable.broken(true);
		try {
			Map<String, Object> taskflow = taskflowHealth(503);
			assertThat(taskflow).containsEntry("status", "DOWN");
			assertThat(map(taskflow.get("details"))).containsEntry("store", "unreachable")
				.containsEntry("dispatcher", "running");
			assertThat((String) map(taskflow.get("details")).get("error")).contains("broken by the test");
		}
		finally {
			breakable.broken(false);
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(taskflowHealth(200)).containsEntry("status", "UP"));
	}

	@Test
	void healthTakesTheConfiguredStatusWhenADueJobWaitedTooLong() {
		JobId waiting = this.taskFlow
			.enqueue(JobRequest.of("nobody.runs.this").queue("late").runAt(Instant.now().minus(Duration.ofMinutes(5))));
		JobId recent = this.taskFlow.enqueue(JobRequest.of("nobody.runs.this").queue("on-time"));
		try {
			Map<String, Object> taskflow = taskflowHealth(503);
			assertThat(taskflow).containsEntry("status", "OUT_OF_SERVICE");
			Map<String, Object> details = map(taskflow.get("details"));
			assertThat(map(details.get("late"))).containsOnlyKeys("late");
			assertThat(Duration.parse((String) map(details.get("oldestDueAge")).get("late")))
				.isGreaterThan(Duration.ofMinutes(4));
			assertThat(map(details.get("oldestDueAge"))).containsKey("on-time");
		}
		finally {
			this.taskFlow.cancel(waiting);
			this.taskFlow.cancel(recent);
		}
		assertThat(taskflowHealth(200)).containsEntry("status", "UP");
	}

	private Map<String, Object> taskflowHealth(int status) {
		Map<String, Object> health = this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return map(map(health.get("components")).get("taskflow"));
	}

}
