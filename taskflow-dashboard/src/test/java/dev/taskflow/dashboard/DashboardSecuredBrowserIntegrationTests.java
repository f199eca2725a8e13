package dev.taskflow.dashboard;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser behind the application's login form: a user without the
 * operator authority sees no write control, and a write forced from the page is refused
 * with the reason; an operator's goes through.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = SecuredBrowserTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.taskflow.worker.poll-interval=100ms")
class DashboardSecuredBrowserIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TaskFlow taskFlow;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.H2.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void aWriteIsRefusedToAUserWithoutTheOperatorAuthority() {
		JobId id = pending();
		try (Browser browser = Browser.open()) {
			WebDriver driver = logIn(browser, "bob", "/taskflow/jobs/" + id);
			browser.waiting().until(ExpectedConditions.textToBe(By.id("job-status"), "PENDING"));
			assertThat(driver.findElement(By.id("read-only-badge")).isDisplayed()).isTrue();
			assertThat(driver.findElement(By.id("job-cancel")).isDisplayed()).isFalse();
			// forced from the page, with the page's CSRF token: the server refuses it too
			Object answer = ((JavascriptExecutor) driver).executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					const meta = (name) => document.querySelector('meta[name="taskflow-' + name + '"]').content;
					fetch(meta('base') + '/api/v1/jobs/%s/cancel',
						{ method: 'POST', headers: { [meta('csrf-header')]: meta('csrf-token') } })
						.then((response) => response.json().then((body) => done(response.status + ' ' + body.detail)));
					""".formatted(id));
			assertThat((String) answer)
				.startsWith("403 This needs the authority 'TASKFLOW_OPERATOR', which user 'bob'");
			assertThat(this.taskFlow.find(id).map(JobView::status)).contains(JobStatus.PENDING);
		}
	}

	@Test
	void aUserWithoutTheOperatorAuthoritySeesNoDrainButton() {
		try (Browser browser = Browser.open()) {
			WebDriver driver = logIn(browser, "bob", "/taskflow/nodes");
			By row = By.cssSelector("table#nodes tr[data-alive='true']");
			browser.waiting().until(ExpectedConditions.presenceOfElementLocated(row));
			assertThat(driver.findElement(row).findElements(By.cssSelector(".drain, .undrain"))).isEmpty();
		}
	}

	@Test
	void anOperatorCancelsAJob() {
		JobId id = pending();
		try (Browser browser = Browser.open()) {
			WebDriver driver = logIn(browser, "alice", "/taskflow/jobs/" + id);
			browser.waiting().until(ExpectedConditions.textToBe(By.id("job-status"), "PENDING"));
			assertThat(driver.findElement(By.id("read-only-badge")).isDisplayed()).isFalse();
			driver.findElement(By.id("job-cancel")).click();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.taskFlow.find(id).map(JobView::status).orElse(null) == JobStatus.CANCELLED);
			browser.waiting().until(ExpectedConditions.textToBe(By.id("job-status"), "CANCELLED"));
		}
	}

	private WebDriver logIn(Browser browser, String user, String page) {
		WebDriver driver = browser.driver();
		driver.get("http://localhost:" + this.port + page);
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
		driver.findElement(By.name("username")).sendKeys(user);
		driver.findElement(By.name("password")).sendKeys("secret");
		driver.findElement(By.cssSelector("button[type=submit]")).click();
		browser.waiting().until(ExpectedConditions.urlContains(page));
		return driver;
	}

	private JobId pending() {
		return this.taskFlow
			.enqueue(JobRequest.of("dashboard.echo").queue("secure-" + UUID.randomUUID()).delay(Duration.ofHours(1)));
	}

}
