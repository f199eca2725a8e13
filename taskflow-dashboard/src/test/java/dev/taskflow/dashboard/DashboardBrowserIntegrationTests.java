package dev.taskflow.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.QueueLimits;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (the machine's Chromium, headless): what an operator
 * does with it, accessibility by axe-core on every page, and a phone's width.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.retry.backoff.initial=100ms",
				"spring.taskflow.logs.capture=true", "spring.taskflow.dashboard.live-interval=300ms",
				"spring.taskflow.schedules[dashboard.nightly].cron=0 30 2 * * *",
				"spring.taskflow.schedules[dashboard.nightly].zone=Europe/Paris",
				"spring.taskflow.schedules[dashboard.nightly].handler=dashboard.echo" })
@ExtendWith(OutputCaptureExtension.class)
class DashboardBrowserIntegrationTests {

	static final Duration WITHIN = Duration.ofSeconds(30);

	static final List<String> PAGES = List.of("", "/jobs", "/queues", "/schedules", "/nodes", "/enqueue");

	private static Browser browser;

	@LocalServerPort
	int port;

	@Autowired
	TaskFlow taskFlow;

	// the database of this class's application, which a second node shares
	private static Map<String, String> database;

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		database = TestDatabase.H2.dataSourceProperties();
		database.forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeAll
	static void openBrowser() {
		browser = Browser.open();
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void jobsAreFilteredAndAFailedOneIsOpenedAndRetried() {
		String queue = queue();
		JobId failed = this.taskFlow.enqueue(JobRequest.of("dashboard.fail").queue(queue).maxAttempts(1));
		JobId pending = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		awaitStatus(failed, JobStatus.FAILED);
		WebDriver driver = open("/jobs");
		driver.findElement(By.cssSelector("fieldset#filter-status input[name=status][value=FAILED]")).click();
		driver.findElement(By.id("filter-queue")).sendKeys(queue);
		driver.findElement(By.id("apply-filter")).click();
		browser.waiting()
			.until((d) -> d.findElements(By.cssSelector("table#jobs tbody tr[data-job-id]"))
				.stream()
				.map((row) -> row.getAttribute("data-job-id"))
				.toList()
				.equals(List.of(failed.toString())));
		assertThat(driver.getCurrentUrl()).contains("status=FAILED").contains("queue=" + queue);
		assertThat(driver.findElements(By.cssSelector("tr[data-job-id='" + pending + "']"))).isEmpty();
		driver.findElement(By.cssSelector("tr[data-job-id='" + failed + "'] a.job-link")).click();
		browser.waiting().until(ExpectedConditions.textToBe(By.id("job-status"), "FAILED"));
		assertThat(driver.getCurrentUrl()).endsWith("/taskflow/jobs/" + failed);
		assertThat(driver.findElement(By.id("job-attempts")).getText()).contains("dashboard boom");
		driver.findElement(By.id("job-retry")).click();
		await().atMost(WITHIN).until(() -> this.taskFlow.attempts(failed).size() > 1);
		assertThat(browser.consoleErrors()).isEmpty();
	}

	@Test
	void pastTheCountLimitsThePagesSayMoreThanAndABulkActionStillTakesEveryJob() {
		String queue = queue();
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i <= 10_000; i++) {
			requests.add(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		}
		this.taskFlow.enqueueAll(requests);
		WebDriver driver = open("/jobs?queue=" + queue + "&status=PENDING");
		browser.waiting().until((d) -> !d.findElements(By.cssSelector("table#jobs tbody tr[data-job-id]")).isEmpty());
		driver.findElement(By.id("bulk-cancel-all")).click();
		browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
		assertThat(driver.findElement(By.id("confirm-message")).getText()).contains("more than 1,000 pending jobs");
		assertThat(driver.findElement(By.id("confirm-ok")).getText()).isEqualTo("Cancel all");
		driver.findElement(By.id("confirm-ok")).click();
		await().atMost(WITHIN)
			.until(() -> this.taskFlow.jobs().count(JobQuery.all().queue(queue).status(JobStatus.CANCELLED)) == 10_001);
		open("");
		By cancelled = By.id("overview-count-CANCELLED");
		browser.waiting().until(ExpectedConditions.attributeToBe(cancelled, "data-over", "true"));
		assertThat(driver.findElement(cancelled).getText()).isEqualTo("10,000+");
		this.taskFlow.jobs().deleteAll(JobQuery.all().queue(queue).status(JobStatus.CANCELLED));
		assertThat(browser.consoleErrors()).isEmpty();
	}

	@Test
	void aQueueIsPausedAndResumed() {
		String queue = queue();
		this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		WebDriver driver = open("/queues");
		By row = By.cssSelector("table#queues tr[data-queue='" + queue + "']");
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(row));
		driver.findElement(row).findElement(By.cssSelector(".pause")).click();
		await().atMost(WITHIN).until(() -> this.taskFlow.queues().isPaused(queue));
		browser.waiting().until(ExpectedConditions.attributeToBe(row, "data-paused", "true"));
		driver.findElement(row).findElement(By.cssSelector(".resume")).click();
		await().atMost(WITHIN).until(() -> !this.taskFlow.queues().isPaused(queue));
		browser.waiting().until(ExpectedConditions.attributeToBe(row, "data-paused", "false"));
	}

	@Test
	void aQueuesConcurrencySetInThePageIsAppliedByASecondNodeAndReset(CapturedOutput output) {
		String queue = queue();
		this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		Map<String, Object> properties = new LinkedHashMap<>(database);
		properties.put("spring.taskflow.worker.node-id", "browser-node-2");
		// an idle node reads the limits at its heartbeat
		properties.put("spring.taskflow.worker.heartbeat-interval", "300ms");
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(DashboardTestApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.run()) {
			WebDriver driver = open("/queues");
			By row = By.cssSelector("table#queues tr[data-queue='" + queue + "']");
			browser.waiting().until(ExpectedConditions.presenceOfElementLocated(row));
			WebElement concurrency = driver.findElement(row).findElement(By.cssSelector(".concurrency-input"));
			concurrency.clear();
			concurrency.sendKeys("2");
			driver.findElement(row).findElement(By.cssSelector(".apply-limits")).click();
			await().atMost(WITHIN)
				.until(() -> QueueLimits.concurrency(2).equals(this.taskFlow.queues().limits().get(queue)));
			await().atMost(WITHIN)
				.until(() -> output.getOut()
					.contains("browser-node-2 applies the queues' run-time limits {" + queue
							+ "=QueueLimits[concurrency=2]}"));
			browser.waiting()
				.until(ExpectedConditions.textToBePresentInElementLocated(
						By.cssSelector("table#queues tr[data-queue='" + queue + "'] .concurrency-override"), "2"));
			driver.findElement(row).findElement(By.cssSelector(".reset-limits")).click();
			await().atMost(WITHIN).until(() -> !this.taskFlow.queues().limits().containsKey(queue));
			await().atMost(WITHIN)
				.until(() -> output.getOut()
					.contains("browser-node-2 applies the queues' run-time limits (none: the configured limits)"));
		}
	}

	@Test
	void aScheduleIsTriggered() {
		JobQuery nightly = JobQuery.all().scheduleName("dashboard.nightly");
		long before = this.taskFlow.jobs().count(nightly);
		WebDriver driver = open("/schedules");
		By row = By.cssSelector("table#schedules tr[data-schedule='dashboard.nightly']");
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(row));
		assertThat(driver.findElement(row).findElement(By.cssSelector(".description")).getText())
			.isEqualTo("at 02:30 every day");
		assertThat(driver.findElement(row).findElements(By.cssSelector("ol.next-fires time"))).hasSize(5);
		driver.findElement(row).findElement(By.cssSelector(".trigger")).click();
		await().atMost(WITHIN).until(() -> this.taskFlow.jobs().count(nightly) == before + 1);
	}

	@Test
	void theOverviewChangesAsJobsFinishWithoutAReload() {
		WebDriver driver = open("");
		By succeeded = By.id("overview-count-SUCCEEDED");
		browser.waiting().until((d) -> d.findElement(succeeded).getAttribute("data-count") != null);
		long before = Long.parseLong(driver.findElement(succeeded).getAttribute("data-count"));
		// a mark on this page's window: a reload would lose it
		((JavascriptExecutor) driver).executeScript("window.taskflowTestMark = 42");
		String queue = queue();
		for (int i = 0; i < 5; i++) {
			this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue));
		}
		browser.waiting()
			.until((d) -> Long.parseLong(d.findElement(succeeded).getAttribute("data-count")) >= before + 5);
		assertThat(((JavascriptExecutor) driver).executeScript("return window.taskflowTestMark")).isEqualTo(42L);
		assertThat(driver.findElements(By.cssSelector("table#overview-queues tr[data-queue='" + queue + "']")))
			.hasSize(1);
	}

	@Test
	void aJobIsEnqueuedWithAPayloadCheckedBeforeItIsSent() {
		WebDriver driver = open("/enqueue");
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("enqueue-form")));
		driver.findElement(By.id("enqueue-handler")).sendKeys("dashboard.echo");
		WebElement payload = driver.findElement(By.id("enqueue-payload"));
		payload.clear();
		payload.sendKeys("{\"to\": ");
		driver.findElement(By.id("enqueue-submit")).click();
		browser.waiting().until((d) -> !d.findElement(By.id("payload-error")).getText().isBlank());
		payload.clear();
		payload.sendKeys("{\"to\": \"grace\"}");
		String queue = queue();
		driver.findElement(By.id("enqueue-queue")).sendKeys(queue);
		driver.findElement(By.id("enqueue-submit")).click();
		WebElement link = browser.waiting()
			.until(ExpectedConditions.presenceOfElementLocated(By.id("enqueue-job-link")));
		JobId id = JobId.parse(link.getAttribute("href").replaceAll(".*/jobs/", ""));
		JobView job = awaitStatus(id, JobStatus.SUCCEEDED);
		assertThat(job.queue()).isEqualTo(queue);
		assertThat(job.payload(Map.class)).hasValue(Map.of("to", "grace"));
	}

	@Test
	void everyPageHasNoSeriousOrCriticalAccessibilityViolation() {
		JobId failed = this.taskFlow.enqueue(JobRequest.of("dashboard.fail").queue(queue()).maxAttempts(1));
		awaitStatus(failed, JobStatus.FAILED);
		for (String page : pagesWith(failed)) {
			open(page);
			assertThat(browser.seriousAccessibilityViolations()).as(page).isEmpty();
			assertThat(browser.consoleErrors()).as(page).isEmpty();
		}
	}

	@Test
	void everyPageFitsAPhone() {
		JobId failed = this.taskFlow.enqueue(JobRequest.of("dashboard.fail").queue(queue()).maxAttempts(1));
		awaitStatus(failed, JobStatus.FAILED);
		try (Browser phone = Browser.open(375, 812)) {
			for (String page : pagesWith(failed)) {
				phone.driver().get(url(page));
				awaitLoaded(phone);
				// nothing wider than the screen but what scrolls inside its own box
				Long width = (Long) ((JavascriptExecutor) phone.driver())
					.executeScript("return document.documentElement.scrollWidth");
				assertThat(width).as(page).isLessThanOrEqualTo(375L);
			}
			phone.driver().get(url("/jobs"));
			awaitLoaded(phone);
			assertThat(phone.seriousAccessibilityViolations()).isEmpty();
		}
	}

	/**
	 * Screenshots of every page for the docs, when {@code -Dtaskflow.screenshots=
	 *
	<dir>
	 * } says where; otherwise nothing. Of the dashboard at
	 * {@code -Dtaskflow.screenshots.url} (such as the sample app's,
	 * {@code http://localhost:8080/taskflow}) when given, else of this test's.
	 * @throws Exception on failure
	 */
	@Test
	void screenshotsOfEveryPage() throws Exception {
		String directory = System.getProperty("taskflow.screenshots");
		if (directory == null) {
			return;
		}
		String base = System.getProperty("taskflow.screenshots.url", url(""));
		if (base.equals(url(""))) {
			for (int i = 0; i < 12; i++) {
				this.taskFlow.enqueue(JobRequest.of("dashboard.echo", Map.of("to", "user" + i + "@example.com"))
					.queue("mail")
					.correlationId("order-" + (i % 3)));
			}
			awaitStatus(this.taskFlow.enqueue(JobRequest.of("dashboard.fail", Map.of("order", 42)).queue("payments")),
					JobStatus.FAILED);
		}
		HttpResponse<String> failed = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?status=FAILED&limit=1")).build(),
					HttpResponse.BodyHandlers.ofString());
		String job = JsonMapper.builder().build().readTree(failed.body()).get("jobs").get(0).get("id").asString();
		Path root = Path.of(directory);
		List<String> pages = new ArrayList<>(PAGES);
		pages.add("/jobs/" + job);
		pages.add("/jobs?status=FAILED");
		for (String page : pages) {
			browser.driver().get(base + page);
			awaitLoaded(browser);
			if (page.isEmpty()) {
				// the charts are drawn
				browser.waiting()
					.until(ExpectedConditions
						.presenceOfElementLocated(By.cssSelector("figure#chart-throughput canvas")));
			}
			String name = page.isEmpty() ? "overview"
					: page.startsWith("/jobs/") ? "job" : page.substring(1).replace("?status=", "-").toLowerCase();
			browser.screenshot(root.resolve("dashboard-" + name + ".png"));
		}
		try (Browser phone = Browser.open(375, 812)) {
			phone.driver().get(base + "/jobs");
			awaitLoaded(phone);
			phone.screenshot(root.resolve("dashboard-jobs-phone.png"));
		}
	}

	private List<String> pagesWith(JobId job) {
		List<String> pages = new ArrayList<>(PAGES);
		pages.add("/jobs/" + job);
		return pages;
	}

	private WebDriver open(String page) {
		browser.driver().get(url(page));
		awaitLoaded(browser);
		return browser.driver();
	}

	private static void awaitLoaded(Browser browser) {
		// the page module has drawn the page: its main holds more than the noscript note
		browser.waiting()
			.until((d) -> d.findElements(By.cssSelector("main#main > :not(noscript)")).size() > 0
					&& d.findElements(By.cssSelector("[aria-busy='true']")).isEmpty());
	}

	private String url(String page) {
		return "http://localhost:" + this.port + "/taskflow" + page;
	}

	private JobView awaitStatus(JobId id, JobStatus status) {
		await().atMost(WITHIN)
			.until(() -> this.taskFlow.find(id).map(JobView::status).orElse(null), (actual) -> actual == status);
		return this.taskFlow.find(id).orElseThrow();
	}

	private static String queue() {
		return "browse-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
