package dev.taskflow.dashboard;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
 * The dashboard in an application with Spring Security: the application's rules decide
 * who reaches it, writes need the operator authority and the CSRF token, values show only
 * to operators, and every write is logged with its user.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.taskflow.worker.poll-interval=100ms")
@ExtendWith(OutputCaptureExtension.class)
class DashboardSecurityIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern META = Pattern.compile("<meta name=\"taskflow-([a-z-]+)\" content=\"([^\"]*)\">");

	@LocalServerPort
	int port;

	@Autowired
	TaskFlow taskFlow;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.H2.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void theApplicationsRulesDecideWhoReachesTheDashboard() throws Exception {
		Session anonymous = new Session(null);
		assertThat(anonymous.get("/taskflow/api/v1/overview").statusCode()).isEqualTo(401);
		assertThat(anonymous.get("/taskflow").statusCode()).isEqualTo(401);
		Session bob = new Session("bob");
		assertThat(bob.get("/taskflow/api/v1/overview").statusCode()).isEqualTo(200);
	}

	@Test
	void writesNeedTheOperatorAuthority(CapturedOutput output) throws Exception {
		JobId id = pending();
		Session bob = new Session("bob");
		Map<String, String> page = bob.page();
		assertThat(page).containsEntry("can-write", "false");
		HttpResponse<String> refused = bob.post("/taskflow/api/v1/jobs/" + id + "/cancel", page);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(JSON.readTree(refused.body()).get("detail").asString())
			.isEqualTo("This needs the authority 'TASKFLOW_OPERATOR', which user 'bob' does not have: grant it (or the"
					+ " role TASKFLOW_OPERATOR), or name another in spring.taskflow.dashboard.operator-authority");
		assertThat(this.taskFlow.find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
		Session alice = new Session("alice");
		Map<String, String> alicePage = alice.page();
		assertThat(alicePage).containsEntry("can-write", "true").containsEntry("csrf-header", "X-CSRF-TOKEN");
		assertThat(alicePage.get("csrf-token")).isNotEmpty();
		HttpResponse<String> cancelled = alice.post("/taskflow/api/v1/jobs/" + id + "/cancel", alicePage);
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(output).contains("TaskFlow dashboard: user 'alice' cancelled job " + id);
		// a role of the authority's name does as well
		JobId other = pending();
		Session carol = new Session("carol");
		assertThat(carol.post("/taskflow/api/v1/jobs/" + other + "/cancel", carol.page()).statusCode()).isEqualTo(200);
	}

	@Test
	void workflowWritesNeedTheOperatorAuthorityAndAreLogged(CapturedOutput output) throws Exception {
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("secured")
				.step(Step.of("later",
						JobRequest.of("dashboard.echo").queue("sec-" + UUID.randomUUID()).delay(Duration.ofHours(1)))));
		Session bob = new Session("bob");
		assertThat(bob.get("/taskflow/api/v1/workflows/" + id).statusCode()).isEqualTo(200);
		assertThat(bob.post("/taskflow/api/v1/workflows/" + id + "/cancel", bob.page()).statusCode()).isEqualTo(403);
		assertThat(this.taskFlow.workflows().find(id).orElseThrow().status()).isEqualTo(WorkflowStatus.RUNNING);
		Session alice = new Session("alice");
		HttpResponse<String> cancelled = alice.post("/taskflow/api/v1/workflows/" + id + "/cancel", alice.page());
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(output).contains("TaskFlow dashboard: user 'alice' cancelled workflow " + id);
		HttpResponse<String> retried = alice.post("/taskflow/api/v1/workflows/" + id + "/retry", alice.page());
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(output).contains("TaskFlow dashboard: user 'alice' retried workflow " + id);
		this.taskFlow.workflows().cancel(id);
	}

	@Test
	void drainingANodeNeedsTheOperatorAuthorityAndIsLogged(CapturedOutput output) throws Exception {
		String id = this.taskFlow.nodes().get(0).id();
		Session bob = new Session("bob");
		assertThat(bob.post("/taskflow/api/v1/nodes/" + id + "/drain", bob.page()).statusCode()).isEqualTo(403);
		assertThat(this.taskFlow.nodes().get(0).draining()).isFalse();
		Session alice = new Session("alice");
		Map<String, String> page = alice.page();
		try {
			assertThat(alice.post("/taskflow/api/v1/nodes/" + id + "/drain", page).statusCode()).isEqualTo(200);
			assertThat(output).contains("TaskFlow dashboard: user 'alice' drained node '" + id + "'");
		}
		finally {
			assertThat(alice.post("/taskflow/api/v1/nodes/" + id + "/undrain", page).statusCode()).isEqualTo(200);
		}
		assertThat(output).contains("TaskFlow dashboard: user 'alice' undrained node '" + id + "'");
		assertThat(this.taskFlow.nodes().get(0).draining()).isFalse();
	}

	@Test
	void aMoveNeedsTheOperatorAuthorityAndIsLogged(CapturedOutput output) throws Exception {
		JobId id = pending();
		String queue = this.taskFlow.find(id).orElseThrow().queue();
		String body = "{\"filter\": {\"queue\": \"" + queue + "\"}, \"toQueue\": \"" + queue + "-moved\"}";
		Session bob = new Session("bob");
		assertThat(bob.post("/taskflow/api/v1/jobs/move", bob.page(), body).statusCode()).isEqualTo(403);
		assertThat(this.taskFlow.find(id).orElseThrow().queue()).isEqualTo(queue);
		Session alice = new Session("alice");
		HttpResponse<String> moved = alice.post("/taskflow/api/v1/jobs/move", alice.page(), body);
		assertThat(moved.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(moved.body()).get("affected").asInt()).isOne();
		assertThat(this.taskFlow.find(id).orElseThrow().queue()).isEqualTo(queue + "-moved");
		assertThat(output).contains("TaskFlow dashboard: user 'alice' move to queue '" + queue + "-moved' on 1 jobs");
	}

	@Test
	void writesNeedTheCsrfToken() throws Exception {
		JobId id = pending();
		Session alice = new Session("alice");
		HttpResponse<String> refused = alice.post("/taskflow/api/v1/jobs/" + id + "/cancel", Map.of());
		// Spring Security's CSRF refusal: 403, or 401 where, as here, its error page
		// needs a user too
		assertThat(refused.statusCode()).isIn(401, 403);
		assertThat(this.taskFlow.find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
	}

	@Test
	void valuesShowToOperatorsOnly() throws Exception {
		JobId id = this.taskFlow.enqueue(JobRequest.of("dashboard.echo", Map.of("card", "4111"))
			.queue("sec-" + UUID.randomUUID())
			.delay(Duration.ofHours(1)));
		JsonNode forBob = JSON.readTree(new Session("bob").get("/taskflow/api/v1/jobs/" + id).body());
		assertThat(forBob.get("payload").asString()).isEqualTo("******");
		assertThat(forBob.get("valuesHidden").asBoolean()).isTrue();
		JsonNode forAlice = JSON.readTree(new Session("alice").get("/taskflow/api/v1/jobs/" + id).body());
		assertThat(forAlice.get("payload").get("card").asString()).isEqualTo("4111");
	}

	private JobId pending() {
		return this.taskFlow
			.enqueue(JobRequest.of("dashboard.echo").queue("sec-" + UUID.randomUUID()).delay(Duration.ofHours(1)));
	}

	/**
	 * A browser's session: basic authentication and the session cookie that holds the
	 * CSRF token.
	 */
	final class Session {

		private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

		private final String user;

		Session(String user) {
			this.user = user;
		}

		HttpResponse<String> get(String path) throws Exception {
			return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
		}

		Map<String, String> page() throws Exception {
			HttpResponse<String> page = get("/taskflow/jobs");
			assertThat(page.statusCode()).isEqualTo(200);
			Map<String, String> meta = new HashMap<>();
			Matcher matcher = META.matcher(page.body());
			while (matcher.find()) {
				meta.put(matcher.group(1), matcher.group(2));
			}
			return meta;
		}

		HttpResponse<String> post(String path, Map<String, String> page) throws Exception {
			return post(path, page, null);
		}

		HttpResponse<String> post(String path, Map<String, String> page, String json) throws Exception {
			HttpRequest.Builder request = (json != null)
					? request(path).header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(json))
					: request(path).POST(HttpRequest.BodyPublishers.noBody());
			String header = page.get("csrf-header");
			if (header != null && !header.isEmpty()) {
				request.header(header, page.get("csrf-token"));
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		private HttpRequest.Builder request(String path) {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + DashboardSecurityIntegrationTests.this.port + path));
			if (this.user != null) {
				String credentials = this.user + ":secret";
				request.header("Authorization",
						"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
			}
			return request;
		}

	}

}
