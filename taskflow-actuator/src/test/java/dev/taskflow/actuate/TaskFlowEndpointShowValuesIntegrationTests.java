package dev.taskflow.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.TaskFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payloads, results, errors, progress messages and captured log lines with
 * {@code management.endpoint.taskflow.show-values=always} (on H2: sanitizing does not
 * depend on the database).
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.shutdown.await=1s",
				"management.endpoints.web.exposure.include=taskflow", "management.endpoint.taskflow.show-values=always",
				"spring.taskflow.logs.capture=true", "spring.taskflow.retry.backoff.initial=100ms" })
@AutoConfigureRestTestClient
class TaskFlowEndpointShowValuesIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskFlow taskFlow;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Test
	void jobDetailShowsPayloadAndResult() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.echo", Map.of("card", "4111-1111")));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.taskFlow.find(id).orElseThrow().status() == JobStatus.SUCCEEDED);
		Map<String, Object> job = this.client.get()
			.uri("/actuator/taskflow/jobs/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.returnResult()
			.getResponseBody();
		assertThat(job).containsEntry("payload", Map.of("card", "4111-1111"))
			.containsEntry("result", Map.of("echo", Map.of("card", "4111-1111"), "attempt", 1));
	}

	@Test
	@SuppressWarnings("unchecked")
	void jobDetailShowsEachAttemptWithItsErrorAndCapturedLogs() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.flaky"));
		awaitStatus(id, JobStatus.SUCCEEDED);
		Map<String, Object> job = get("/actuator/taskflow/jobs/" + id);
		List<Map<String, Object>> attempts = (List<Map<String, Object>>) job.get("attempts");
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0)).containsEntry("attempt", 1)
			.containsEntry("outcome", "RETRIED")
			.containsKeys("nodeId", "startedAt", "finishedAt");
		assertThat((String) attempts.get(0).get("error")).contains("actuate first attempt fails", "\tat ");
		assertThat((List<String>) attempts.get(0).get("logs")).singleElement()
			.asString()
			.endsWith("INFO actuate.flaky - trying, attempt 1");
		assertThat(attempts.get(1)).containsEntry("attempt", 2).containsEntry("outcome", "SUCCEEDED");
		assertThat((List<String>) attempts.get(1).get("logs")).satisfiesExactly(
				(line) -> assertThat(line).endsWith("INFO actuate.flaky - trying, attempt 2"),
				(line) -> assertThat(line).endsWith("INFO actuate.flaky - done"));
		assertThat((String) job.get("lastError")).contains("actuate first attempt fails");
	}

	@Test
	void jobDetailAndPageShowTheErrorOfAFailedJob() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.fail").queue(queue).maxAttempts(1));
		awaitStatus(id, JobStatus.FAILED);
		assertThat((String) get("/actuator/taskflow/jobs/" + id).get("lastError")).contains("actuate boom");
		assertThat(AbstractTaskFlowEndpointIntegrationTests
			.list(get("/actuator/taskflow/jobs?queue=" + queue).get("jobs"))).singleElement()
			.satisfies((listed) -> assertThat((String) listed.get("lastError")).contains("actuate boom"));
	}

	@Test
	void jobDetailAndPageShowTheProgressMessage() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		String release = UUID.randomUUID().toString();
		CountDownLatch latch = new CountDownLatch(1);
		ActuatorTestApplication.Handlers.RELEASES.put(release, latch);
		try {
			JobId id = this.taskFlow
				.enqueue(JobRequest.of("actuate.progress", Map.of("release", release)).queue(queue));
			// stored within the default interval of 1s
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(AbstractTaskFlowEndpointIntegrationTests
					.map(get("/actuator/taskflow/jobs/" + id).get("progress"))).containsEntry("done", 3)
					.containsEntry("message", "three of ten rows"));
			assertThat(AbstractTaskFlowEndpointIntegrationTests
				.list(get("/actuator/taskflow/jobs?queue=" + queue).get("jobs"))).singleElement()
				.satisfies((listed) -> assertThat(AbstractTaskFlowEndpointIntegrationTests.map(listed.get("progress")))
					.containsEntry("message", "three of ten rows"));
			latch.countDown();
			awaitStatus(id, JobStatus.SUCCEEDED);
		}
		finally {
			latch.countDown();
			ActuatorTestApplication.Handlers.RELEASES.remove(release);
		}
	}

	private void awaitStatus(JobId id, JobStatus status) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.taskFlow.find(id).orElseThrow().status() == status);
	}

	private Map<String, Object> get(String uri) {
		return this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.returnResult()
			.getResponseBody();
	}

}
