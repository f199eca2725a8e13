package dev.taskflow.sample;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.ScheduleView;
import dev.taskflow.TaskFlow;
import dev.taskflow.WorkflowStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample on a random port and drives it over HTTP as a user would. Run by one
 * subclass per database; each asserts only on the jobs it created.
 *
 * @author TaskFlow
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo-traffic=false", "spring.taskflow.worker.poll-interval=100ms",
				"spring.taskflow.shutdown.await=2s", "spring.taskflow.retry.backoff.initial=10ms",
				"spring.taskflow.retry.backoff.max=50ms",
				"spring.taskflow.handlers.payment.capture.retry.backoff.initial=10ms",
				"spring.taskflow.handlers.payment.capture.retry.backoff.max=50ms",
				"spring.taskflow.handlers.image.resize.timeout=1s",
				// the carrier stays flaky; enough attempts that a checkout never runs out
				"spring.taskflow.handlers.shipping.create.retry.max-attempts=20",
				"spring.taskflow.handlers.shipping.create.retry.backoff.initial=10ms",
				"spring.taskflow.handlers.shipping.create.retry.backoff.max=50ms" })
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractSmokeTests {

	private static final Duration FINISH_WITHIN = Duration.ofSeconds(60);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<ScheduleResponse>> SCHEDULES = new ParameterizedTypeReference<>() {
	};

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskFlow taskFlow;

	@Test
	void burstRunsEveryJobToAFinalState(CapturedOutput output) {
		Map<String, Object> burst = this.client.post()
			.uri("/jobs/burst?count=20")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(burst).containsEntry("count", 20);
		List<String> ids = ids(burst.get("ids"));
		assertThat(ids).hasSize(20).doesNotHaveDuplicates();
		await().atMost(FINISH_WITHIN)
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(ids).allSatisfy(
					(id) -> assertThat(job(id).status().isActive()).as("job %s is still active", id).isFalse()));
		for (int i = 0; i < ids.size(); i++) {
			JobResponse job = job(ids.get(i));
			switch (job.handler()) {
				case "email.send", "report.render" -> {
					assertThat(job.status()).as(job.toString()).isEqualTo(JobStatus.SUCCEEDED);
					assertThat(job.result()).isNotNull();
				}
				case "payment.capture" -> {
					// flaky on purpose: about one in 32 uses all five attempts and fails
					assertThat(job.maxAttempts()).isEqualTo(5);
					assertThat(job.status()).as(job.toString()).isIn(JobStatus.SUCCEEDED, JobStatus.FAILED);
					if (job.status() == JobStatus.FAILED) {
						assertThat(job.attempt()).isEqualTo(5);
						assertThat(job.lastError()).contains("Payment provider unavailable");
					}
					else {
						assertThat(job.result().get("attempts").asInt()).isEqualTo(job.attempt());
					}
				}
				case "image.resize" -> {
					if (i == 7) {
						// the panorama overruns the 1s timeout on both attempts
						assertThat(job.status()).as(job.toString()).isEqualTo(JobStatus.FAILED);
						assertThat(job.attempt()).isEqualTo(2);
						assertThat(job.lastError()).contains("TaskTimeoutException", "timeout of 1000 ms");
						// and operators see it in the log, once stored
						String failedLine = "dev.taskflow.FailedJobs";
						await().atMost(FINISH_WITHIN)
							.until(() -> output.toString()
								.lines()
								.anyMatch((line) -> line.contains(" WARN ") && line.contains(failedLine) && line
									.contains("Job " + job.id() + " of handler 'image.resize' FAILED on"
											+ " attempt 2 of 2 (queue 'default'): dev.taskflow.TaskTimeoutException")));
					}
					else {
						assertThat(job.status()).as(job.toString()).isEqualTo(JobStatus.SUCCEEDED);
						assertThat(job.result().get("width").asInt()).isEqualTo(320);
					}
				}
				default -> throw new AssertionError("Unexpected handler in " + job);
			}
		}
	}

	@Test
	void emailJobStoresItsReceipt() {
		JobResponse enqueued = this.client.post()
			.uri("/jobs/email")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Email("ada@example.com", "Hello", "Hi Ada"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueMatches("Location", "/jobs/[0-9a-f-]{36}")
			.expectBody(JobResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(enqueued.handler()).isEqualTo("email.send");
		JobResponse done = awaitFinished(enqueued.id());
		assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(done.attempt()).isEqualTo(1);
		assertThat(done.result().get("to").asString()).isEqualTo("ada@example.com");
		assertThat(done.finishedAt()).isNotNull();
	}

	@Test
	void delayedEmailCanBeCancelledAndRetried() {
		JobResponse enqueued = this.client.post()
			.uri("/jobs/email?delay=PT1H")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Email("grace@example.com", "Later", "In an hour"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JobResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(enqueued.status()).isEqualTo(JobStatus.PENDING);
		assertThat(enqueued.runAt()).isAfter(enqueued.createdAt().plus(Duration.ofMinutes(59)));
		assertThat(post("/jobs/" + enqueued.id() + "/cancel").status()).isEqualTo(JobStatus.CANCELLED);
		this.client.post().uri("/jobs/" + enqueued.id() + "/cancel").exchange().expectStatus().isEqualTo(409);
		assertThat(post("/jobs/" + enqueued.id() + "/retry").status()).isIn(JobStatus.PENDING, JobStatus.RUNNING,
				JobStatus.SUCCEEDED);
		assertThat(awaitFinished(enqueued.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void signupStoresTheUserAndEnqueuesTheWelcomeEmail() {
		String email = "signup-" + UUID.randomUUID() + "@example.com";
		Map<String, Object> signup = this.client.post()
			.uri("/signup")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Signup(email, "Linus"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(signup).containsEntry("email", email).containsKey("userId");
		JobResponse welcome = awaitFinished((String) signup.get("welcomeJobId"));
		assertThat(welcome.handler()).isEqualTo("email.send");
		assertThat(welcome.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(welcome.result().get("to").asString()).isEqualTo(email);
		this.client.post()
			.uri("/signup")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Signup(email, "Linus again"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void failedSignupRollsBackItsWelcomeEmail() {
		String email = "rollback-" + UUID.randomUUID() + "@example.com";
		Map<String, Object> failure = this.client.post()
			.uri("/signup?simulateFailure=true")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Signup(email, "Margaret"))
			.exchange()
			.expectStatus()
			.is5xxServerError()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		String rolledBack = (String) failure.get("rolledBackJobId");
		assertThat(rolledBack).isNotBlank();
		this.client.get().uri("/jobs/" + rolledBack).exchange().expectStatus().isNotFound();
		// the user row went with it: the same address signs up fine now
		this.client.post()
			.uri("/signup")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Signup(email, "Margaret"))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void schedulesDeclaredOnAHandlerAndInPropertiesExist() {
		ScheduleView daily = this.taskFlow.schedules().find("report.daily").orElseThrow();
		assertThat(daily.expression()).isEqualTo("0 0 6 * * *");
		assertThat(daily.isInterval()).isFalse();
		assertThat(daily.zone()).isEqualTo(PARIS);
		assertThat(daily.handler()).isEqualTo("report.daily");
		assertThat(daily.declared()).isTrue();
		assertThat(daily.nextFireTime().atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(6, 0));
		ScheduleView hourly = this.taskFlow.schedules().find("report.hourly").orElseThrow();
		assertThat(hourly.expression()).isEqualTo("PT1H");
		assertThat(hourly.isInterval()).isTrue();
		assertThat(hourly.handler()).isEqualTo("report.render");
		assertThat(hourly.queue()).isEqualTo("reports");
		assertThat(hourly.misfire()).isEqualTo(MisfirePolicy.SKIP);
		assertThat(hourly.overlap()).isEqualTo(OverlapPolicy.ALLOW);
		assertThat(hourly.declared()).isTrue();
		assertThat(hourly.nextFireTime()).isEqualTo(hourly.nextFireTime().truncatedTo(ChronoUnit.HOURS));
		List<ScheduleResponse> listed = this.client.get()
			.uri("/schedules")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SCHEDULES)
			.returnResult()
			.getResponseBody();
		assertThat(listed).extracting(ScheduleResponse::name).contains("report.daily", "report.hourly");
		this.client.get().uri("/schedules/no.such.schedule").exchange().expectStatus().isNotFound();
	}

	@Test
	void triggeredScheduleRunsAnOccurrenceThatCarriesItsScheduleAndFireTime() {
		Map<String, Object> triggered = this.client.post()
			.uri("/schedules/report.hourly/trigger")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		JobResponse job = awaitFinished((String) triggered.get("jobId"));
		assertThat(job.status()).as(job.toString()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.handler()).isEqualTo("report.render");
		assertThat(job.queue()).isEqualTo("reports");
		assertThat(job.scheduleName()).isEqualTo("report.hourly");
		assertThat(job.fireTime()).isNotNull();
		assertThat(job.result().get("title").asString()).isEqualTo("Hourly summary");
		assertThat(job.result().get("pages").asInt()).isEqualTo(2);
	}

	@Test
	void scheduleCanBePausedAndResumed() {
		try {
			ScheduleResponse paused = postSchedule("/schedules/report.daily/pause");
			assertThat(paused.paused()).isTrue();
			assertThat(this.taskFlow.schedules().find("report.daily"))
				.hasValueSatisfying((daily) -> assertThat(daily.paused()).isTrue());
		}
		finally {
			ScheduleResponse resumed = postSchedule("/schedules/report.daily/resume");
			assertThat(resumed.paused()).isFalse();
			assertThat(resumed.nextFireTime().atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(6, 0));
		}
	}

	@Test
	void checkoutShipsAnOrderAndCompensatesAnUndeliverableOne() {
		String orderId = "smoke-" + UUID.randomUUID();
		// as the README's curl sends it, without the "undeliverable" flag
		Map<String, Object> started = startWorkflow("/workflows/checkout", """
				{"orderId":"%s","email":"ada@example.com","sku":"mug-blue","quantity":2,"amountCents":2400}
				""".formatted(orderId));
		assertThat(started).containsEntry("name", "checkout");
		Map<String, Object> shipped = awaitWorkflow((String) started.get("id"));
		assertThat(shipped).containsEntry("status", "SUCCEEDED");
		assertThat(list(shipped.get("steps"))).extracting((step) -> step.get("name"))
			.containsExactly("charge", "reserve", "ship", "mail");
		assertThat(map(step(shipped, "ship").get("result"))).containsEntry("orderId", orderId)
			.hasEntrySatisfying("trackingNumber", (number) -> assertThat((String) number).startsWith("TRK-"));

		Map<String, Object> refused = startWorkflow("/workflows/checkout",
				new Order(orderId + "-x", "ada@example.com", "mug-blue", 2, 2400, true));
		Map<String, Object> compensated = awaitWorkflow((String) refused.get("id"));
		assertThat(compensated).containsEntry("status", "COMPENSATED");
		assertThat(step(compensated, "charge")).containsEntry("compensationStatus", "SUCCEEDED");
		assertThat(step(compensated, "reserve")).containsEntry("compensationStatus", "SUCCEEDED");
		assertThat(step(compensated, "ship")).containsEntry("status", "FAILED");
		assertThat(step(compensated, "mail")).containsEntry("status", "CANCELLED");
		// the Actuator endpoint shows it too
		Map<String, Object> actuator = this.client.get()
			.uri("/actuator/taskflow/workflows/" + refused.get("id"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(actuator).containsEntry("status", "COMPENSATED").containsEntry("failurePolicy", "COMPENSATE");
	}

	@Test
	void galleryIsResizedByAFanOutAndGetsAManifest() {
		Map<String, Object> started = startWorkflow("/workflows/images", new GalleryRequest("smoke",
				List.of(new ResizeRequest("a.jpg", 1920, 1080), new ResizeRequest("b.jpg", 800, 600))));
		Map<String, Object> published = awaitWorkflow((String) started.get("id"));
		assertThat(published).containsEntry("status", "SUCCEEDED");
		assertThat(step(published, "resize")).containsEntry("spawnedJobs", 2);
		Map<String, Object> manifest = map(step(published, "manifest").get("result"));
		assertThat(manifest).containsEntry("gallery", "smoke").containsEntry("missing", 0);
		assertThat(list(manifest.get("thumbnails"))).extracting((thumbnail) -> thumbnail.get("image"))
			.containsExactly("a.jpg", "b.jpg");
	}

	@Test
	void unknownOrMalformedWorkflowIsNotFoundOrBadRequest() {
		this.client.get().uri("/workflows/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
		this.client.get().uri("/workflows/not-a-workflow").exchange().expectStatus().isBadRequest();
		this.client.post()
			.uri("/workflows/checkout")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("orderId", "no-email", "sku", "mug-blue", "quantity", 1, "amountCents", 100))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(JSON_OBJECT)
			.value((problem) -> assertThat((String) problem.get("detail")).contains("Send 'orderId', 'email'"));
	}

	@Test
	void unknownJobIsNotFound() {
		this.client.get().uri("/jobs/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
		this.client.post().uri("/jobs/" + UUID.randomUUID() + "/retry").exchange().expectStatus().isNotFound();
	}

	@Test
	void malformedJobIdIsBadRequest() {
		this.client.get().uri("/jobs/not-a-job").exchange().expectStatus().isBadRequest();
	}

	@Test
	void healthIsUp() {
		Map<String, Object> health = this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(health).containsEntry("status", "UP");
		Map<String, Object> taskflow = map(map(health.get("components")).get("taskflow"));
		assertThat(taskflow).containsEntry("status", "UP");
		assertThat(map(taskflow.get("details"))).containsEntry("dispatcher", "running")
			.containsEntry("store", "reachable");
	}

	@Test
	void actuatorEndpointShowsQueuesNodesAndSchedules() {
		Map<String, Object> summary = this.client.get()
			.uri("/actuator/taskflow")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(summary).containsKeys("queues", "nodes", "schedules");
		assertThat(list(summary.get("nodes"))).anySatisfy((node) -> assertThat(node).containsEntry("local", true));
		assertThat(list(summary.get("schedules"))).extracting((schedule) -> schedule.get("name"))
			.contains("report.daily", "report.hourly");
	}

	@Test
	void dashboardShowsTheSamplesJobs() {
		String page = this.client.get()
			.uri("/taskflow")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<meta name=\"taskflow-base\" content=\"/taskflow\">");
		JobId id = this.taskFlow.enqueue(JobRequest.of("email.send", new Email("ada@example.com", "Hi", "Hello!")));
		Map<String, Object> job = this.client.get()
			.uri("/taskflow/api/v1/jobs/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(job).containsEntry("handler", "email.send");
		// the sample shows values to everyone (spring.taskflow.dashboard.show-values)
		assertThat(job.get("payload")).isEqualTo(Map.of("to", "ada@example.com", "subject", "Hi", "body", "Hello!"));
		Map<String, Object> overview = this.client.get()
			.uri("/taskflow/api/v1/overview")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(overview).containsKeys("counts", "queues", "nodes", "attention");
		Map<String, Object> schedule = this.client.get()
			.uri("/taskflow/api/v1/schedules/demo.traffic")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(schedule).containsEntry("description", "every 3 seconds");
	}

	@Test
	void actuatorEndpointShowsAJobWithItsPayloadAndResult() {
		JobResponse enqueued = this.client.post()
			.uri("/jobs/email")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Email("ada@example.com", "Actuator", "Hi Ada"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JobResponse.class)
			.returnResult()
			.getResponseBody();
		awaitFinished(enqueued.id());
		Map<String, Object> job = this.client.get()
			.uri("/actuator/taskflow/jobs/" + enqueued.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		// the sample shows values (show-values: always)
		assertThat(job).containsEntry("status", "SUCCEEDED");
		assertThat(map(job.get("payload"))).containsEntry("to", "ada@example.com");
		assertThat(map(job.get("result"))).containsEntry("to", "ada@example.com");
		Map<String, Object> page = this.client.get()
			.uri("/actuator/taskflow/jobs?handler=email.send&limit=500")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(list(page.get("jobs"))).isNotEmpty()
			.allSatisfy((listed) -> assertThat(listed).containsEntry("handler", "email.send"));
	}

	@Test
	void actuatorEndpointTriggersAScheduleBecauseTheSampleOptsInToCommands() {
		Map<String, Object> triggered = this.client.post()
			.uri("/actuator/taskflow/schedules/report.hourly/trigger")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(triggered).containsEntry("target", "schedule").containsEntry("changed", true);
		assertThat(awaitFinished((String) triggered.get("jobId")).status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void jobContinuesTheTraceOfTheRequestThatEnqueuedItAndItsLogsSayWhich() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		JobResponse enqueued = this.client.post()
			.uri("/jobs/email")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Email("grace@example.com", "Traced", "Hi Grace"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JobResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(awaitFinished(enqueued.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
		Map<String, Object> job = this.client.get()
			.uri("/actuator/taskflow/jobs/" + enqueued.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		// the handler's line was logged in the request's trace, on a worker thread
		assertThat(list(job.get("attempts"))).singleElement()
			.satisfies((attempt) -> assertThat(String.valueOf(attempt.get("logs")))
				.contains("[trace " + traceId + "] - Sent 'Traced' to grace@example.com"));
		// the dashboard shows the trace to look up
		Map<String, Object> details = this.client.get()
			.uri("/taskflow/api/v1/jobs/" + enqueued.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(details).containsEntry("traceId", traceId);
	}

	@Test
	void prometheusShowsTaskFlowMetrics() {
		String id = this.taskFlow.enqueue("email.send", new Email("linus@example.com", "Metrics", "Hi")).toString();
		awaitFinished(id);
		await().atMost(FINISH_WITHIN).untilAsserted(() -> {
			String scrape = this.client.get()
				.uri("/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(scrape).contains("taskflow_jobs_enqueued_total{", "taskflow_jobs_completed_total{",
					"taskflow_job_duration_seconds_count{", "taskflow_job_wait_seconds_count{",
					"taskflow_workers_busy");
			// the sample switches off the deprecated timer of the execution observation
			assertThat(scrape).doesNotContain("taskflow_job_execution");
		});
	}

	@Test
	void pausedQueueHoldsItsJobsUntilResumed() {
		this.client.post().uri("/queues/mail/pause").exchange().expectStatus().isOk();
		assertThat(this.client.get()
			.uri("/queues/paused")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()).contains("mail");
		String id = this.taskFlow
			.enqueue(JobRequest.of("email.send", new Email("grace@example.com", "Later", "Hi Grace")).queue("mail"))
			.toString();
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> job(id).status() == JobStatus.PENDING);
		this.client.post().uri("/queues/mail/resume").exchange().expectStatus().isOk();
		assertThat(awaitFinished(id).status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void infoDescribesTheSample() {
		Map<String, Object> info = this.client.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(info).containsKey("app");
	}

	private Map<String, Object> startWorkflow(String uri, Object body) {
		return this.client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueMatches("Location", "/workflows/[0-9a-f-]{36}")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> awaitWorkflow(String id) {
		await().atMost(FINISH_WITHIN)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> WorkflowStatus.valueOf((String) workflow(id).get("status")).isFinal());
		return workflow(id);
	}

	private Map<String, Object> workflow(String id) {
		return this.client.get()
			.uri("/workflows/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private static Map<String, Object> step(Map<String, Object> workflow, String name) {
		return list(workflow.get("steps")).stream()
			.filter((step) -> name.equals(step.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No step '" + name + "' in " + workflow));
	}

	private JobResponse awaitFinished(String id) {
		await().atMost(FINISH_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> !job(id).status().isActive());
		return job(id);
	}

	private JobResponse job(String id) {
		return this.client.get()
			.uri("/jobs/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JobResponse.class)
			.returnResult()
			.getResponseBody();
	}

	private ScheduleResponse postSchedule(String uri) {
		return this.client.post()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ScheduleResponse.class)
			.returnResult()
			.getResponseBody();
	}

	private JobResponse post(String uri) {
		return this.client.post()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JobResponse.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Object ids) {
		return (List<String>) ids;
	}

}
