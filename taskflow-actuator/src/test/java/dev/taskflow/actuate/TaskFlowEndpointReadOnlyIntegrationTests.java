package dev.taskflow.actuate;

import java.time.Duration;
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
import dev.taskflow.NodeView;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint of an application that did not opt in to its write operations
 * ({@code management.endpoint.taskflow.access} left out): every read answers, every
 * command (drains too) and the purge are refused and change nothing (on H2: access does
 * not depend on the database).
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.shutdown.await=1s",
				"spring.taskflow.schedules[actuate.hourly].every=1h",
				"spring.taskflow.schedules[actuate.hourly].handler=actuate.echo",
				"spring.taskflow.schedules[actuate.hourly].queue=read-only-schedule",
				"management.endpoints.web.exposure.include=taskflow" })
@AutoConfigureRestTestClient
class TaskFlowEndpointReadOnlyIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskFlow taskFlow;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Test
	void readsAnswerWithoutOptIn() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		JobId id = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)));
		this.client.get().uri("/actuator/taskflow").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/taskflow/jobs?queue=" + queue).exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/taskflow/jobs/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.value((job) -> assertThat(job).containsEntry("status", "PENDING"));
	}

	@Test
	void commandsAreRefusedWithoutOptIn() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		JobId id = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)));
		int scheduled = jobsOn("read-only-schedule");
		// no operation is mapped for POST: Actuator answers as for any unmapped path
		this.client.post().uri("/actuator/taskflow/jobs/" + id + "/cancel").exchange().expectStatus().isNotFound();
		this.client.post().uri("/actuator/taskflow/queues/" + queue + "/pause").exchange().expectStatus().isNotFound();
		this.client.post()
			.uri("/actuator/taskflow/schedules/actuate.hourly/trigger")
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(this.taskFlow.find(id))
			.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.PENDING));
		assertThat(this.taskFlow.queues().isPaused(queue)).isFalse();
		assertThat(jobsOn("read-only-schedule")).isEqualTo(scheduled);
	}

	@Test
	void retryAndResumeAreRefusedWithoutOptIn() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		JobId id = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)));
		this.taskFlow.cancel(id);
		this.taskFlow.queues().pause(queue);
		this.taskFlow.schedules().pause("actuate.hourly");
		try {
			this.client.post().uri("/actuator/taskflow/jobs/" + id + "/retry").exchange().expectStatus().isNotFound();
			this.client.post()
				.uri("/actuator/taskflow/queues/" + queue + "/resume")
				.exchange()
				.expectStatus()
				.isNotFound();
			this.client.post()
				.uri("/actuator/taskflow/schedules/actuate.hourly/resume")
				.exchange()
				.expectStatus()
				.isNotFound();
			assertThat(this.taskFlow.find(id))
				.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.CANCELLED));
			assertThat(this.taskFlow.queues().isPaused(queue)).isTrue();
			assertThat(this.taskFlow.schedules().find("actuate.hourly"))
				.hasValueSatisfying((schedule) -> assertThat(schedule.paused()).isTrue());
		}
		finally {
			this.taskFlow.queues().resume(queue);
			this.taskFlow.schedules().resume("actuate.hourly");
		}
	}

	@Test
	void workflowReadsAnswerAndItsCommandsAreRefusedWithoutOptIn() {
		String queue = AbstractTaskFlowEndpointIntegrationTests.queue();
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("read-only")
				.step(Step.of("later",
						JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)))));
		this.client.get()
			.uri("/actuator/taskflow/workflows/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.value((workflow) -> assertThat(workflow).containsEntry("status", "RUNNING"));
		this.client.post().uri("/actuator/taskflow/workflows/" + id + "/cancel").exchange().expectStatus().isNotFound();
		this.client.post().uri("/actuator/taskflow/workflows/" + id + "/retry").exchange().expectStatus().isNotFound();
		assertThat(this.taskFlow.workflows().find(id))
			.hasValueSatisfying((workflow) -> assertThat(workflow.status()).isEqualTo(WorkflowStatus.RUNNING));
		this.taskFlow.workflows().cancel(id);
	}

	@Test
	void drainIsRefusedWithoutOptIn() {
		String local = this.taskFlow.nodes().get(0).id();
		this.client.post().uri("/actuator/taskflow/nodes/" + local + "/drain").exchange().expectStatus().isNotFound();
		this.client.post().uri("/actuator/taskflow/nodes/local/drain").exchange().expectStatus().isNotFound();
		assertThat(this.taskFlow.nodes()).noneMatch(NodeView::draining);
		// the summary shows whether nodes drain all the same
		this.client.get()
			.uri("/actuator/taskflow")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.value((summary) -> assertThat(AbstractTaskFlowEndpointIntegrationTests.list(summary.get("nodes")))
				.allSatisfy((node) -> assertThat(node).containsEntry("draining", false)));
	}

	@Test
	void purgeIsRefusedWithoutOptIn() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.echo", Map.of())
			.queue(AbstractTaskFlowEndpointIntegrationTests.queue())
			.delay(Duration.ofHours(1)));
		this.taskFlow.cancel(id);
		// the path answers GET (the page of jobs) but not DELETE
		this.client.delete()
			.uri("/actuator/taskflow/jobs?olderThan=1ms&status=CANCELLED")
			.exchange()
			.expectStatus()
			.isEqualTo(405);
		assertThat(this.taskFlow.find(id)).isPresent();
	}

	private int jobsOn(String queue) {
		Map<String, Object> page = this.client.get()
			.uri("/actuator/taskflow/jobs?queue=" + queue)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AbstractTaskFlowEndpointIntegrationTests.JSON)
			.returnResult()
			.getResponseBody();
		return AbstractTaskFlowEndpointIntegrationTests.list(page.get("jobs")).size();
	}

}
