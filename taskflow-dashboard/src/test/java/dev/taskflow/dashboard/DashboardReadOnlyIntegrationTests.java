package dev.taskflow.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read-only dashboard at another path: it shows, and refuses every write.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.dashboard.read-only=true", "spring.taskflow.dashboard.path=/ops/jobs",
				"spring.taskflow.dashboard.show-values=never" })
class DashboardReadOnlyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TaskFlow taskFlow;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.H2.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void everyWriteIsRefusedAndValuesAreHidden() throws Exception {
		JobId id = this.taskFlow
			.enqueue(JobRequest.of("dashboard.echo", Map.of("note", "secret")).delay(Duration.ofHours(1)));
		HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/ops/jobs/api/v1/jobs/" + id + "/cancel"))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(JsonMapper.builder().build().readTree(refused.body()).get("detail").asString())
			.startsWith("The TaskFlow dashboard is read-only (spring.taskflow.dashboard.read-only=true)");
		assertThat(this.taskFlow.find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
		HttpResponse<String> move = send(HttpRequest.newBuilder(uri("/ops/jobs/api/v1/jobs/move"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"ids\": [\"" + id + "\"], \"toQueue\": \"elsewhere\"}")));
		assertThat(move.statusCode()).isEqualTo(403);
		assertThat(this.taskFlow.find(id).orElseThrow().queue()).isEqualTo(JobRequest.DEFAULT_QUEUE);
		HttpResponse<String> job = send(HttpRequest.newBuilder(uri("/ops/jobs/api/v1/jobs/" + id)).GET());
		assertThat(job.statusCode()).isEqualTo(200);
		assertThat(job.body()).contains("\"payload\":\"******\"").doesNotContain("secret");
		HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/ops/jobs/queues")).GET());
		assertThat(page.body()).contains("<meta name=\"taskflow-can-write\" content=\"false\">")
			.contains("<meta name=\"taskflow-base\" content=\"/ops/jobs\">");
		assertThat(send(HttpRequest.newBuilder(uri("/taskflow")).GET()).statusCode()).isEqualTo(404);
	}

	@Test
	void workflowsAreShownButNeitherCancelledNorRetried() throws Exception {
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("read-only")
				.step(Step.of("later", JobRequest.of("dashboard.echo").delay(Duration.ofHours(1)))));
		for (String action : List.of("cancel", "retry")) {
			HttpResponse<String> refused = send(
					HttpRequest.newBuilder(uri("/ops/jobs/api/v1/workflows/" + id + "/" + action))
						.POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(refused.statusCode()).as(action).isEqualTo(403);
			assertThat(JsonMapper.builder().build().readTree(refused.body()).get("detail").asString())
				.startsWith("The TaskFlow dashboard is read-only (spring.taskflow.dashboard.read-only=true)");
		}
		assertThat(this.taskFlow.workflows().find(id).orElseThrow().status()).isEqualTo(WorkflowStatus.RUNNING);
		assertThat(send(HttpRequest.newBuilder(uri("/ops/jobs/api/v1/workflows/" + id)).GET()).statusCode())
			.isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(uri("/ops/jobs/workflows/" + id)).GET()).body())
			.contains("<meta name=\"taskflow-can-write\" content=\"false\">");
		this.taskFlow.workflows().cancel(id);
	}

	@Test
	void nodesAreShownButNeitherDrainedNorUndrained() throws Exception {
		String id = this.taskFlow.nodes().get(0).id();
		for (String action : List.of("drain", "undrain")) {
			HttpResponse<String> refused = send(
					HttpRequest.newBuilder(uri("/ops/jobs/api/v1/nodes/" + id + "/" + action))
						.POST(HttpRequest.BodyPublishers.noBody()));
			assertThat(refused.statusCode()).as(action).isEqualTo(403);
			assertThat(JsonMapper.builder().build().readTree(refused.body()).get("detail").asString())
				.startsWith("The TaskFlow dashboard is read-only (spring.taskflow.dashboard.read-only=true)");
		}
		assertThat(this.taskFlow.nodes().get(0).draining()).isFalse();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
