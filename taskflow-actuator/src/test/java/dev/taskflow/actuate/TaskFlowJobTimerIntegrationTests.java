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

import static dev.taskflow.actuate.AbstractTaskFlowEndpointIntegrationTests.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one timer of attempts, {@code taskflow.job.duration}, in an application that has
 * switched off the deprecated timer of the execution observation with Spring Boot's
 * {@code management.metrics.enable.taskflow.job.execution=false}, as the documentation
 * says: the observation still runs (tracing needs it), its timer is gone (on H2: metrics
 * do not depend on the database).
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.shutdown.await=1s",
				"management.endpoints.web.exposure.include=prometheus",
				"management.metrics.enable.taskflow.job.execution=false" })
@AutoConfigureRestTestClient
class TaskFlowJobTimerIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskFlow taskFlow;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Test
	void attemptsAreTimedOnceUnderTheDocumentedNameAndTags() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		List<JobId> ids = this.taskFlow.enqueueAll(List.of(JobRequest.of("actuate.echo", Map.of()).queue(queue),
				JobRequest.of("actuate.fail").queue(queue).maxAttempts(1)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ids.stream().noneMatch((id) -> this.taskFlow.find(id).orElseThrow().status().isActive()));
		assertThat(this.taskFlow.find(ids.get(1)).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String scrape = this.client.get()
				.uri("/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(metric(scrape, "taskflow_job_duration_seconds_count", "queue", queue, "handler", "actuate.echo",
					"outcome", "succeeded"))
				.isEqualTo(1.0);
			assertThat(metric(scrape, "taskflow_job_duration_seconds_count", "queue", queue, "handler", "actuate.fail",
					"outcome", "failed"))
				.isEqualTo(1.0);
			assertThat(scrape).doesNotContain("taskflow_job_execution");
			// the filter takes that name only: the enqueue observation's timer stays
			assertThat(scrape).contains("taskflow_job_enqueue_seconds_count{");
		});
	}

}
