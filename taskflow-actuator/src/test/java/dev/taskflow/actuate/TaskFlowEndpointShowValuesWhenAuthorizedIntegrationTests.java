package dev.taskflow.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * Payloads, results, errors and captured log lines with
 * {@code management.endpoint.taskflow.show-values=when-authorized} and a request without
 * a user: hidden (on H2: sanitizing does not depend on the database).
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.shutdown.await=1s",
				"management.endpoints.web.exposure.include=taskflow",
				"management.endpoint.taskflow.show-values=when-authorized",
				"management.endpoint.taskflow.roles=TASKFLOW", "spring.taskflow.logs.capture=true" })
@AutoConfigureRestTestClient
class TaskFlowEndpointShowValuesWhenAuthorizedIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskFlow taskFlow;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Test
	void jobDetailHidesPayloadAndResultFromAnAnonymousRequest() {
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
		assertThat(job).containsEntry("payload", TaskFlowEndpoint.HIDDEN)
			.containsEntry("result", TaskFlowEndpoint.HIDDEN);
		assertThat(job.toString()).doesNotContain("4111-1111");
	}

	@Test
	@SuppressWarnings("unchecked")
	void jobDetailAndPageHideErrorsAndCapturedLogsFromAnAnonymousRequest() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.flaky").queue(queue).maxAttempts(1));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.taskFlow.find(id).orElseThrow().status() == JobStatus.FAILED);
		Map<String, Object> job = this.client.get()
			.uri("/actuator/taskflow/jobs/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.returnResult()
			.getResponseBody();
		assertThat(job).containsEntry("lastError", TaskFlowEndpoint.HIDDEN);
		assertThat((List<Map<String, Object>>) job.get("attempts")).singleElement()
			.satisfies((attempt) -> assertThat(attempt).containsEntry("outcome", "FAILED")
				.containsEntry("error", TaskFlowEndpoint.HIDDEN)
				.containsEntry("logs", List.of(TaskFlowEndpoint.HIDDEN)));
		Map<String, Object> page = this.client.get()
			.uri("/actuator/taskflow/jobs?queue=" + queue)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.returnResult()
			.getResponseBody();
		assertThat(AbstractTaskFlowEndpointIntegrationTests.list(page.get("jobs"))).singleElement()
			.satisfies((listed) -> assertThat(listed).containsEntry("lastError", TaskFlowEndpoint.HIDDEN));
		assertThat(job + " " + page).doesNotContain("actuate first attempt fails", "trying, attempt");
	}

}
