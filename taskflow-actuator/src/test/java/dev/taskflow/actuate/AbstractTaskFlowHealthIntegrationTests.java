package dev.taskflow.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.actuate.ActuatorTestApplication.BreakableDataSource;
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
