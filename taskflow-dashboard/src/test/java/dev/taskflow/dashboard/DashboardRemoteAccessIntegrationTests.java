package dev.taskflow.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without Spring Security the dashboard answers this host only, unless
 * {@code allow-remote} opens it: requests to this machine's network address come from a
 * remote address as the server sees them.
 *
 * @author TaskFlow
 */
class DashboardRemoteAccessIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.H2.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	static HttpResponse<String> get(String host, int port, String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "spring.taskflow.worker.enabled=false")
	class ByDefault {

		@LocalServerPort
		int port;

		@Test
		void remoteRequestsAreRefusedWithTheWayToOpenTheDashboard() throws Exception {
			String remote = RemoteAddress.find();
			HttpResponse<String> refused = get(remote, this.port, "/taskflow/api/v1/overview");
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(JsonMapper.builder().build().readTree(refused.body()).get("detail").asString())
				.startsWith("The TaskFlow dashboard answers only requests from this host while the application has"
						+ " no Spring Security")
				.contains("spring.taskflow.dashboard.allow-remote=true");
			assertThat(get(remote, this.port, "/taskflow").statusCode()).isEqualTo(403);
			assertThat(get(remote, this.port, "/taskflow/assets/app.js").statusCode()).isEqualTo(403);
			assertThat(get("127.0.0.1", this.port, "/taskflow/api/v1/overview").statusCode()).isEqualTo(200);
			// values show to this host only
			assertThat(get("127.0.0.1", this.port, "/taskflow").body())
				.contains("<meta name=\"taskflow-can-write\" content=\"true\">");
		}

	}

	@Nested
	@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.taskflow.worker.enabled=false", "spring.taskflow.dashboard.allow-remote=true" })
	class WhenAllowed {

		@LocalServerPort
		int port;

		@Test
		void remoteRequestsAreAnswered() throws Exception {
			assertThat(get(RemoteAddress.find(), this.port, "/taskflow/api/v1/overview").statusCode()).isEqualTo(200);
		}

	}

}
