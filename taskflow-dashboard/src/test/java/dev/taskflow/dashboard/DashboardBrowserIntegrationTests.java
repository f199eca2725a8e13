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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
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

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.QueueLimits;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
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
				"spring.taskflow.progress.interval=100ms",
				"spring.taskflow.schedules[dashboard.nightly].cron=0 30 2 * * *",
				"spring.taskflow.schedules[dashboard.nightly].zone=Europe/Paris",
				"spring.taskflow.schedules[dashboard.nightly].handler=dashboard.echo" })
@ExtendWith(OutputCaptureExtension.class)
class DashboardBrowserIntegrationTests {

	static final Duration WITHIN = Duration.ofSeconds(30);

	static final List<String> PAGES = List.of("", "/jobs", "/workflows", "/queues", "/schedules", "/nodes", "/enqueue");

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
	void pendingJobsAreMovedToTheQueueTypedInTheConfirmation() {
		String queue = queue();
		String target = queue();
		List<JobId> pending = this.taskFlow.enqueueAll(List.of(later(queue), later(queue), later(queue)));
		JobId done = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue));
		awaitStatus(done, JobStatus.SUCCEEDED);
		WebDriver driver = open("/jobs?queue=" + queue);
		browser.waiting().until((d) -> d.findElements(By.cssSelector("table#jobs tbody tr[data-job-id]")).size() == 4);
		// cancelled with the queue left empty: nothing moves
		driver.findElement(By.id("bulk-move-all")).click();
		browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-input")));
		driver.findElement(By.id("confirm-cancel")).click();
		browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
		// OK needs a queue
		driver.findElement(By.id("bulk-move-all")).click();
		browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-input")));
		assertThat(driver.findElement(By.id("confirm-message")).getText()).contains("3 pending jobs");
		assertThat(driver.findElement(By.id("confirm-ok")).getText()).isEqualTo("Move 3");
		driver.findElement(By.id("confirm-ok")).click();
		assertThat(driver.findElement(By.id("confirm-dialog")).isDisplayed()).isTrue();
		assertThat(this.taskFlow.jobs().count(JobQuery.all().queue(target))).isZero();
		driver.findElement(By.id("confirm-input")).sendKeys(target);
		driver.findElement(By.id("confirm-ok")).click();
		await().atMost(WITHIN).until(() -> this.taskFlow.jobs().count(JobQuery.all().queue(target)) == 3);
		assertThat(this.taskFlow.find(done).orElseThrow().queue()).isEqualTo(queue);
		// one of them back, selected on the target queue's list
		open("/jobs?queue=" + target);
		browser.waiting().until((d) -> d.findElements(By.cssSelector("table#jobs tbody tr[data-job-id]")).size() == 3);
		driver.findElement(By.cssSelector("tr[data-job-id='" + pending.get(0) + "'] input.select")).click();
		driver.findElement(By.id("bulk-move")).click();
		browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-input")));
		driver.findElement(By.id("confirm-input")).sendKeys(queue);
		driver.findElement(By.id("confirm-ok")).click();
		await().atMost(WITHIN).until(() -> this.taskFlow.find(pending.get(0)).orElseThrow().queue().equals(queue));
		assertThat(this.taskFlow.jobs().count(JobQuery.all().queue(target))).isEqualTo(2);
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
	void aRunningJobShowsItsProgressWithoutAReload() {
		String queue = queue();
		String name = "progress-" + queue;
		this.taskFlow.queues().pause(queue);
		JobId id = this.taskFlow.enqueue(JobRequest.of("dashboard.progress", name).queue(queue));
		try {
			WebDriver driver = open("/jobs/" + id);
			assertThat(driver.findElement(By.id("job-status")).getText()).isEqualTo("PENDING");
			assertThat(driver.findElements(By.id("job-progress"))).isEmpty();
			this.taskFlow.queues().resume(queue);
			browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("job-progress-message")));
			assertThat(attribute(By.id("job-progress-bar"), "role")).isEqualTo("progressbar");
			assertThat(attribute(By.id("job-progress-bar"), "aria-valuenow")).isEqualTo("30");
			assertThat(attribute(By.id("job-progress-bar"), "aria-valuemax")).isEqualTo("100");
			assertThat(attribute(By.id("job-progress"), "data-percent")).isEqualTo("30");
			assertThat(text(By.id("job-progress-count"))).isEqualTo("30 of 100 (30%)");
			assertThat(text(By.id("job-progress-message"))).isEqualTo("copying " + name);
			browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("job-progress-rate")));
			assertThat(text(By.id("job-progress-rate"))).endsWith("per second");
			assertThat(text(By.id("job-progress-left"))).startsWith("about ").endsWith(" left");
			open("/jobs?queue=" + queue);
			By percent = By.cssSelector("tr[data-job-id='" + id + "'] .progress-pct");
			browser.waiting().until(ExpectedConditions.textToBe(percent, "30%"));
			driver.findElement(By.cssSelector("tr[data-job-id='" + id + "'] a.job-link")).click();
			browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("job-progress-bar")));
		}
		finally {
			DashboardTestApplication.Handlers.release(name);
		}
		// once it has finished the bar stays, without a rate or a time left
		browser.waiting().until(ExpectedConditions.textToBe(By.id("job-status"), "SUCCEEDED"));
		WebDriver driver = browser.driver();
		assertThat(text(By.id("job-progress-count"))).isEqualTo("30 of 100 (30%)");
		assertThat(driver.findElements(By.id("job-progress-rate"))).isEmpty();
		assertThat(driver.findElements(By.id("job-progress-left"))).isEmpty();
		assertThat(browser.consoleErrors()).isEmpty();
	}

	@Test
	void aNodeIsDrainedAfterAConfirmationAndUndrained() {
		WebDriver driver = open("/nodes");
		By row = By.cssSelector("table#nodes tr[data-local='true'][data-alive='true']");
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(row));
		String id = driver.findElement(row).getAttribute("data-node");
		try {
			assertThat(driver.findElement(row).getAttribute("data-draining")).isEqualTo("false");
			assertThat(driver.findElement(row).findElement(By.cssSelector(".draining")).isDisplayed()).isFalse();
			assertThat(driver.findElement(row).findElement(By.cssSelector(".undrain")).isDisplayed()).isFalse();
			driver.findElement(row).findElement(By.cssSelector(".drain")).click();
			browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
			assertThat(driver.findElement(By.id("confirm-message")).getText()).contains("Drain node " + id);
			driver.findElement(By.id("confirm-ok")).click();
			await().atMost(WITHIN).until(() -> draining(id));
			browser.waiting().until(ExpectedConditions.attributeToBe(row, "data-draining", "true"));
			assertThat(driver.findElement(row).findElement(By.cssSelector(".draining")).isDisplayed()).isTrue();
			assertThat(driver.findElement(row).findElement(By.cssSelector(".drain")).isDisplayed()).isFalse();
			driver.findElement(row).findElement(By.cssSelector(".undrain")).click();
			await().atMost(WITHIN).until(() -> !draining(id));
			browser.waiting().until(ExpectedConditions.attributeToBe(row, "data-draining", "false"));
			assertThat(driver.findElement(row).findElement(By.cssSelector(".draining")).isDisplayed()).isFalse();
		}
		finally {
			this.taskFlow.nodes().undrain(id);
		}
		assertThat(browser.consoleErrors()).isEmpty();
	}

	// the job page draws its progress again as it moves: read again what went stale
	private static String attribute(By element, String name) {
		return browser.waiting()
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> driver.findElement(element).getAttribute(name));
	}

	private static String text(By element) {
		return browser.waiting()
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> driver.findElement(element).getText());
	}

	private boolean draining(String id) {
		return this.taskFlow.nodes().stream().anyMatch((node) -> node.id().equals(id) && node.draining());
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
	void aWorkflowIsFoundDrawnAsAGraphOfItsStepsAndCancelled() {
		String name = "browse-wf-" + UUID.randomUUID().toString().substring(0, 8);
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named(name)
				.step(Step.of("prepare", JobRequest.of("dashboard.echo")))
				.step(Step.group("audit", List.of(JobRequest.of("dashboard.echo"), JobRequest.of("dashboard.echo")))
					.after("prepare"))
				.step(Step.of("wait", JobRequest.of("dashboard.echo").delay(Duration.ofHours(1))).after("prepare"))
				.step(Step.of("finish", JobRequest.of("dashboard.echo")).after("wait", "audit")));
		await().atMost(WITHIN)
			.until(() -> this.taskFlow.workflows().find(id).orElseThrow(),
					(workflow) -> workflow.step("audit").orElseThrow().status() == JobStatus.SUCCEEDED
							&& workflow.step("wait").orElseThrow().status() == JobStatus.PENDING);
		WorkflowDriver page = new WorkflowDriver(open("/workflows"));
		page.driver.findElement(By.cssSelector("fieldset#workflow-filter-status input[name=status][value=RUNNING]"))
			.click();
		page.driver.findElement(By.id("filter-name")).sendKeys(name);
		page.driver.findElement(By.id("apply-workflow-filter")).click();
		browser.waiting()
			.until((d) -> d.findElements(By.cssSelector("table#workflows tbody tr[data-workflow-id]"))
				.stream()
				.map((row) -> row.getAttribute("data-workflow-id"))
				.toList()
				.equals(List.of(id.toString())));
		assertThat(page.driver.getCurrentUrl()).contains("status=RUNNING").contains("name=" + name);
		By row = By.cssSelector("tr[data-workflow-id='" + id + "']");
		assertThat(page.driver.findElement(row).findElement(By.cssSelector(".status .badge")).getText())
			.isEqualTo("RUNNING");
		assertThat(page.driver.findElement(row).findElement(By.cssSelector(".steps")).getText()).contains("4 steps")
			.contains("2 succeeded")
			.contains("1 pending")
			.contains("1 blocked");
		// the list reads its running workflows again with every live snapshot: a read
		// that
		// changed nothing keeps the row's elements, so a link found before it still
		// clicks
		WebElement link = page.driver.findElement(row).findElement(By.cssSelector("a.workflow-link"));
		JavascriptExecutor script = (JavascriptExecutor) page.driver;
		script.executeScript("window.workflowReads = 0; const fetchBefore = window.fetch;"
				+ " window.fetch = (...args) => { if (String(args[0]).includes('/api/v1/workflows?')) window.workflowReads++;"
				+ " return fetchBefore(...args); };");
		browser.waiting().until((d) -> ((Number) script.executeScript("return window.workflowReads")).intValue() >= 2);
		link.click();
		browser.waiting().until(ExpectedConditions.textToBe(By.id("workflow-status"), "RUNNING"));
		assertThat(page.driver.getCurrentUrl()).endsWith("/taskflow/workflows/" + id);
		browser.waiting().until((d) -> page.status("finish") != null);
		assertThat(page.status("prepare")).isEqualTo("SUCCEEDED");
		assertThat(page.status("audit")).isEqualTo("SUCCEEDED");
		assertThat(page.status("wait")).isEqualTo("PENDING");
		assertThat(page.status("finish")).isEqualTo("BLOCKED");
		// columns by depth: prepare, then audit and wait side by side, then finish
		assertThat(page.left("prepare")).isLessThan(page.left("audit"));
		assertThat(page.left("audit")).isEqualTo(page.left("wait"));
		assertThat(page.left("wait")).isLessThan(page.left("finish"));
		assertThat(page.edges()).containsExactlyInAnyOrder("prepare>audit", "prepare>wait", "audit>finish",
				"wait>finish");
		assertThat(page.step("audit").findElement(By.cssSelector(".wf-jobs")).getText()).isEqualTo("2 jobs");
		String prepareJob = this.taskFlow.workflows()
			.find(id)
			.orElseThrow()
			.step("prepare")
			.orElseThrow()
			.jobId()
			.orElseThrow()
			.toString();
		assertThat(page.step("prepare").findElement(By.cssSelector("a.wf-step-link")).getAttribute("href"))
			.endsWith("/taskflow/jobs/" + prepareJob);
		assertThat(page.driver.findElement(By.id("workflow-retry")).isEnabled()).isFalse();
		page.driver.findElement(By.id("workflow-cancel")).click();
		browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
		page.driver.findElement(By.id("confirm-ok")).click();
		browser.waiting().until(ExpectedConditions.textToBe(By.id("workflow-status"), "CANCELLED"));
		assertThat(this.taskFlow.workflows().find(id).orElseThrow().status()).isEqualTo(WorkflowStatus.CANCELLED);
		assertThat(page.status("wait")).isEqualTo("CANCELLED");
		assertThat(page.status("finish")).isEqualTo("CANCELLED");
		assertThat(page.status("prepare")).isEqualTo("SUCCEEDED");
		assertThat(page.driver.findElement(By.id("workflow-cancel")).isEnabled()).isFalse();
		assertThat(page.driver.findElement(By.id("workflow-retry")).isEnabled()).isTrue();
		// the step's link leads to its job
		page.step("prepare").findElement(By.cssSelector("a.wf-step-link")).click();
		browser.waiting().until(ExpectedConditions.textToBe(By.id("job-status"), "SUCCEEDED"));
		assertThat(page.driver.getCurrentUrl()).endsWith("/taskflow/jobs/" + prepareJob);
		assertThat(browser.consoleErrors()).isEmpty();
	}

	@Test
	void aWorkflowsGraphFollowsItsStepsWithoutAReload() {
		String hold = "hold-" + UUID.randomUUID();
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("browse-live")
				.step(Step.of("hold", JobRequest.of("dashboard.hold", hold)))
				.step(Step.of("split", JobRequest.of("dashboard.spawn", 3)).after("hold")));
		try {
			WorkflowDriver page = new WorkflowDriver(open("/workflows/" + id));
			browser.waiting().until((d) -> "RUNNING".equals(page.status("hold")));
			assertThat(page.status("split")).isEqualTo("BLOCKED");
			// a mark on this page's window: a reload would lose it
			((JavascriptExecutor) page.driver).executeScript("window.taskflowTestMark = 42");
			DashboardTestApplication.Handlers.release(hold);
			browser.waiting().until(ExpectedConditions.textToBe(By.id("workflow-status"), "SUCCEEDED"));
			assertThat(page.status("hold")).isEqualTo("SUCCEEDED");
			assertThat(page.status("split")).isEqualTo("SUCCEEDED");
			assertThat(page.step("split").findElement(By.cssSelector(".wf-spawned")).getText()).isEqualTo("+3 spawned");
			assertThat(((JavascriptExecutor) page.driver).executeScript("return window.taskflowTestMark"))
				.isEqualTo(42L);
		}
		finally {
			DashboardTestApplication.Handlers.release(hold);
		}
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
		String hold = "hold-" + UUID.randomUUID();
		try {
			String workflow = null;
			JobId progress = null;
			if (base.equals(url(""))) {
				progress = this.taskFlow.enqueue(JobRequest.of("dashboard.progress", hold).queue("imports"));
				for (int i = 0; i < 12; i++) {
					this.taskFlow.enqueue(JobRequest.of("dashboard.echo", Map.of("to", "user" + i + "@example.com"))
						.queue("mail")
						.correlationId("order-" + (i % 3)));
				}
				awaitStatus(
						this.taskFlow.enqueue(JobRequest.of("dashboard.fail", Map.of("order", 42)).queue("payments")),
						JobStatus.FAILED);
				workflow = demoWorkflows(hold).toString();
			}
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> failed = http.send(
					HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs?status=FAILED&limit=1")).build(),
					HttpResponse.BodyHandlers.ofString());
			String job = JsonMapper.builder().build().readTree(failed.body()).get("jobs").get(0).get("id").asString();
			if (workflow == null) {
				HttpResponse<String> workflows = http.send(
						HttpRequest.newBuilder(URI.create(base + "/api/v1/workflows?limit=1")).build(),
						HttpResponse.BodyHandlers.ofString());
				JsonNode first = JsonMapper.builder().build().readTree(workflows.body()).get("workflows");
				workflow = (first != null && !first.isEmpty()) ? first.get(0).get("id").asString() : null;
			}
			Path root = Path.of(directory);
			List<String> pages = new ArrayList<>(PAGES);
			pages.add("/jobs/" + job);
			pages.add("/jobs?status=FAILED");
			if (workflow != null) {
				pages.add("/workflows/" + workflow);
			}
			for (String page : pages) {
				browser.driver().get(base + page);
				awaitLoaded(browser);
				if (page.isEmpty()) {
					// the charts are drawn
					browser.waiting()
						.until(ExpectedConditions
							.presenceOfElementLocated(By.cssSelector("figure#chart-throughput canvas")));
				}
				if (page.startsWith("/workflows/")) {
					browser.waiting()
						.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#workflow-graph .wf-step")));
				}
				String name = page.isEmpty() ? "overview"
						: page.startsWith("/jobs/") ? "job" : page.startsWith("/workflows/") ? "workflow"
								: page.substring(1).replace("?status=", "-").toLowerCase();
				browser.screenshot(root.resolve("dashboard-" + name + ".png"));
			}
			if (progress != null) {
				browser.driver().get(base + "/jobs/" + progress);
				awaitLoaded(browser);
				browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("job-progress-rate")));
				browser.screenshot(root.resolve("dashboard-job-progress.png"));
			}
			try (Browser phone = Browser.open(375, 812)) {
				phone.driver().get(base + "/jobs");
				awaitLoaded(phone);
				phone.screenshot(root.resolve("dashboard-jobs-phone.png"));
			}
		}
		finally {
			DashboardTestApplication.Handlers.release(hold);
		}
	}

	// a checkout under way (a group, a spawn, a compensation, a step running and two
	// waiting), one that compensated and one that failed
	private WorkflowId demoWorkflows(String hold) throws Exception {
		JobRequest step = JobRequest.of("dashboard.echo");
		this.taskFlow.workflows()
			.whenFinished(this.taskFlow.workflows()
				.start(Workflow.named("refund")
					.step(Step.of("pay", step).compensateWith(step))
					.step(Step.of("book", JobRequest.of("dashboard.fail").maxAttempts(1)).after("pay"))
					.onFailure(FailurePolicy.COMPENSATE)))
			.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
		this.taskFlow.workflows()
			.whenFinished(this.taskFlow.workflows()
				.start(Workflow.chain("import", step, JobRequest.of("dashboard.fail").maxAttempts(1), step)))
			.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
		WorkflowId checkout = this.taskFlow.workflows()
			.start(Workflow.named("checkout")
				.step(Step.group("reserve", List.of(step, step, step)))
				.step(Step.of("charge", step).compensateWith(step))
				.step(Step.of("label", JobRequest.of("dashboard.spawn", 5)).after("charge"))
				.step(Step.of("pack", JobRequest.of("dashboard.hold", hold)).after("reserve", "charge"))
				.step(Step.of("ship", step).after("pack", "label"))
				.step(Step.of("email", step).after("ship"))
				.onFailure(FailurePolicy.COMPENSATE));
		await().atMost(WITHIN)
			.until(() -> this.taskFlow.workflows().find(checkout).orElseThrow(),
					(workflow) -> workflow.step("pack").orElseThrow().status() == JobStatus.RUNNING
							&& workflow.step("label").orElseThrow().status() == JobStatus.SUCCEEDED);
		return checkout;
	}

	// the pages, a failed job's and a workflow's whose graph is wider than a phone
	private List<String> pagesWith(JobId job) {
		List<String> pages = new ArrayList<>(PAGES);
		pages.add("/jobs/" + job);
		WorkflowId workflow = this.taskFlow.workflows()
			.start(Workflow.chain("browse-pages", JobRequest.of("dashboard.echo"), JobRequest.of("dashboard.echo"),
					JobRequest.of("dashboard.echo").delay(Duration.ofHours(1)), JobRequest.of("dashboard.echo")));
		pages.add("/workflows/" + workflow);
		return pages;
	}

	private WebDriver open(String page) {
		browser.driver().get(url(page));
		awaitLoaded(browser);
		return browser.driver();
	}

	private static void awaitLoaded(Browser browser) {
		// the page module has drawn the page: its main holds more than the noscript note,
		// and a job's or a workflow's page has read it
		browser.waiting()
			.ignoring(StaleElementReferenceException.class)
			.until((d) -> d.findElements(By.cssSelector("main#main > :not(noscript)")).size() > 0
					&& d.findElements(By.cssSelector("[aria-busy='true']")).isEmpty()
					&& d.findElements(By.cssSelector("#job-status, #workflow-status"))
						.stream()
						.noneMatch((status) -> status.getText().equals("…")));
	}

	/**
	 * The workflow page, read through its hooks.
	 */
	private static final class WorkflowDriver {

		private final WebDriver driver;

		WorkflowDriver(WebDriver driver) {
			this.driver = driver;
		}

		WebElement step(String name) {
			return this.driver.findElement(By.cssSelector("#workflow-graph .wf-step[data-step='" + name + "']"));
		}

		// the page draws the graph again when the workflow moves: read again what went
		// stale in between
		String status(String name) {
			for (int attempt = 0;; attempt++) {
				try {
					List<WebElement> steps = this.driver
						.findElements(By.cssSelector("#workflow-graph .wf-step[data-step='" + name + "']"));
					return steps.isEmpty() ? null : steps.get(0).getAttribute("data-status");
				}
				catch (StaleElementReferenceException ex) {
					if (attempt > 3) {
						throw ex;
					}
				}
			}
		}

		int left(String name) {
			return step(name).getLocation().getX();
		}

		List<String> edges() {
			return this.driver.findElements(By.cssSelector("#workflow-graph path.edge"))
				.stream()
				.map((edge) -> edge.getAttribute("data-from") + ">" + edge.getAttribute("data-to"))
				.toList();
		}

	}

	private String url(String page) {
		return "http://localhost:" + this.port + "/taskflow" + page;
	}

	private JobView awaitStatus(JobId id, JobStatus status) {
		await().atMost(WITHIN)
			.until(() -> this.taskFlow.find(id).map(JobView::status).orElse(null), (actual) -> actual == status);
		return this.taskFlow.find(id).orElseThrow();
	}

	private static JobRequest later(String queue) {
		return JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1));
	}

	private static String queue() {
		return "browse-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
