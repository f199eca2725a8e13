package dev.taskflow.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The dashboard's API in springdoc's Swagger UI, over real HTTP and in the machine's
 * Chromium against a started application on H2 that has a controller of its own, a
 * servlet context path and the dashboard on a path of its own: Swagger UI offers the
 * application's definition, as before, and TaskFlow's.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = { DashboardTestApplication.class, SwaggerUiIntegrationTests.Greetings.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.context-path=/shop", "spring.application.name=shop",
				"spring.taskflow.dashboard.path=/ops/taskflow", "spring.taskflow.worker.enabled=false" })
class SwaggerUiIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.H2.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void swaggerUiOffersTheApplicationsDefinitionAndTaskFlows() {
		assertThat(get("/shop/swagger-ui/index.html").statusCode()).isEqualTo(200);
		JsonNode config = json(get("/shop/v3/api-docs/swagger-config"));
		assertThat(definitions(config)).containsOnly(entry("shop", "/shop/v3/api-docs"),
				entry("TaskFlow", "/shop/ops/taskflow/api/v1/openapi.json"));
		// Swagger UI still opens the application's own definition first
		assertThat(config.get("urls.primaryName").asString()).isEqualTo("shop");
	}

	@Test
	void taskFlowsDefinitionIsTheDashboardsDocument() {
		String url = definitions(json(get("/shop/v3/api-docs/swagger-config"))).get("TaskFlow");
		HttpResponse<String> response = get(url);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode document = json(response);
		assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
		assertThat(document.get("info").get("title").asString()).isEqualTo("TaskFlow dashboard API");
		assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo("/shop/ops/taskflow/api/v1");
	}

	/**
	 * springdoc reads router functions only where they carry its annotations or
	 * attributes, which the dashboard's do not: its routes stay out of the application's
	 * document, where they would be listed without parameters, bodies or answers.
	 */
	@Test
	void applicationsDefinitionHasItsOwnOperationsOnly() {
		String url = definitions(json(get("/shop/v3/api-docs/swagger-config"))).get("shop");
		HttpResponse<String> response = get(url);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("paths").propertyNames()).containsExactly("/greetings");
	}

	/**
	 * What a user sees: Swagger UI opens on the application's definition, as it did
	 * without TaskFlow, and lists TaskFlow's in its "Select a definition" drop-down, in
	 * springdoc's order by display name.
	 */
	@Test
	void taskFlowIsADefinitionToSelectInSwaggerUi() {
		try (Browser browser = Browser.open()) {
			WebDriver driver = browser.driver();
			driver.get("http://localhost:" + this.port + "/shop/swagger-ui/index.html");
			By title = By.cssSelector(".information-container .title");
			browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(title, "OpenAPI definition"));
			Select definitions = new Select(driver.findElement(By.id("select")));
			assertThat(definitions.getOptions()).extracting(WebElement::getText).containsExactly("TaskFlow", "shop");
			assertThat(definitions.getFirstSelectedOption().getText()).isEqualTo("shop");
			definitions.selectByVisibleText("TaskFlow");
			browser.waiting()
				.until(ExpectedConditions.textToBePresentInElementLocated(title, "TaskFlow dashboard API"));
			assertThat(driver.findElements(By.cssSelector(".opblock-summary-path[data-path='/jobs/{id}']")))
				.isNotEmpty();
			// "Try it out" calls the API at the document's server, in this application
			driver.findElement(By.cssSelector(".opblock-summary-path[data-path='/overview']")).click();
			browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".try-out__btn"))).click();
			browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".execute"))).click();
			By status = By.cssSelector(".live-responses-table tbody .response-col_status");
			browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(status, "200"));
			assertThat(driver.findElement(By.cssSelector(".request-url pre")).getText())
				.endsWith(":" + this.port + "/shop/ops/taskflow/api/v1/overview");
			assertThat(browser.consoleErrors()).isEmpty();
		}
	}

	private static Map<String, String> definitions(JsonNode config) {
		Map<String, String> definitions = new LinkedHashMap<>();
		config.get("urls").forEach((url) -> definitions.put(url.get("name").asString(), url.get("url").asString()));
		return definitions;
	}

	private HttpResponse<String> get(String path) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(30))
				.build();
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/**
	 * The application's own API.
	 */
	@RestController
	static class Greetings {

		@GetMapping("/greetings")
		Map<String, String> greet() {
			return Map.of("greeting", "hello");
		}

	}

}
