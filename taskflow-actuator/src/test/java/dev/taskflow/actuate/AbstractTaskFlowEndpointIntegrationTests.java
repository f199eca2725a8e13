package dev.taskflow.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
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
import static org.awaitility.Awaitility.await;

/**
 * The {@code taskflow} endpoint and the TaskFlow metrics over real HTTP against a started
 * application, run by one subclass per database. Each test works on queues of its own.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.shutdown.await=1s",
				"spring.taskflow.metrics.queue-refresh-interval=200ms",
				"spring.taskflow.schedules[actuate.hourly].every=1h",
				"spring.taskflow.schedules[actuate.hourly].handler=actuate.echo",
				"spring.taskflow.schedules[actuate.hourly].queue=scheduled",
				"management.endpoints.web.exposure.include=health,taskflow,prometheus",
				"management.endpoint.health.show-details=always", "spring.taskflow.logs.capture=true",
				// the commands and the purge are off until the application opts in
				"management.endpoint.taskflow.access=unrestricted", "spring.taskflow.retry.backoff.initial=100ms",
				"spring.taskflow.progress.interval=100ms", "spring.taskflow.queues.actuate-pooled.threads=2",
				"spring.taskflow.worker.heartbeat-interval=1s" })
@AutoConfigureRestTestClient
abstract class AbstractTaskFlowEndpointIntegrationTests {

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final Duration FINISH_WITHIN = Duration.ofSeconds(30);

	@Autowired
	RestTestClient client;

	@Autowired
	TaskFlow taskFlow;

	@Test
	@SuppressWarnings("unchecked")
	void summaryShowsQueuesNodesAndSchedules() {
		String queue = queue();
		JobId pending = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)));
		JobId done = this.taskFlow.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue));
		awaitStatus(done, JobStatus.SUCCEEDED);
		Map<String, Object> summary = get("/actuator/taskflow");
		Map<String, Object> queues = map(summary.get("queues"));
		Map<String, Object> ours = map(queues.get(queue));
		assertThat(ours).containsEntry("paused", false);
		assertThat(map(ours.get("jobs"))).containsEntry("PENDING", 1)
			.containsEntry("SUCCEEDED", 1)
			.containsEntry("FAILED", 0);
		// the pending job is not due yet
		assertThat(ours.get("oldestDueAge")).isNull();
		List<Map<String, Object>> nodes = list(summary.get("nodes"));
		assertThat(nodes).anySatisfy((node) -> {
			assertThat(node).containsEntry("local", true);
			assertThat(Duration.parse((String) node.get("heartbeatAge"))).isLessThan(Duration.ofMinutes(1));
			assertThat((List<Object>) node.get("handlers")).contains("actuate.echo", "actuate.fail");
		});
		assertThat(list(summary.get("schedules"))).anySatisfy((schedule) -> {
			assertThat(schedule).containsEntry("name", "actuate.hourly").containsEntry("handler", "actuate.echo");
			assertThat(Instant.parse((String) schedule.get("nextFireTime"))).isAfter(Instant.now().minusSeconds(5));
		});
		assertThat(pending).isNotNull();
	}

	@Test
	void summaryShowsTheAgeOfTheOldestDueJob() {
		String queue = queue();
		this.taskFlow.queues().pause(queue);
		try {
			this.taskFlow.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue));
			await().atMost(FINISH_WITHIN).untilAsserted(() -> {
				Map<String, Object> ours = map(map(get("/actuator/taskflow").get("queues")).get(queue));
				assertThat(ours).containsEntry("paused", true);
				assertThat(Duration.parse((String) ours.get("oldestDueAge"))).isPositive();
			});
		}
		finally {
			this.taskFlow.queues().resume(queue);
		}
	}

	@Test
	void jobsArePagedNewestFirstWithACursor() {
		String queue = queue();
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			requests.add(JobRequest.of("actuate.echo", Map.of("n", i)).queue(queue).delay(Duration.ofHours(1)));
		}
		List<JobId> ids = new ArrayList<>(this.taskFlow.enqueueAll(requests));
		ids.add(this.taskFlow.enqueue(JobRequest.of("actuate.fail").queue(queue).delay(Duration.ofHours(1))));
		List<String> seen = new ArrayList<>();
		List<String> createdAt = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = get("/actuator/taskflow/jobs?queue=" + queue + "&limit=4"
					+ ((cursor != null) ? "&before=" + cursor : ""));
			assertThat(page).containsEntry("limit", 4);
			List<Map<String, Object>> jobs = list(page.get("jobs"));
			assertThat(jobs).hasSizeLessThanOrEqualTo(4);
			jobs.forEach((job) -> {
				seen.add((String) job.get("id"));
				createdAt.add((String) job.get("createdAt"));
				assertThat(job).containsEntry("queue", queue)
					.containsEntry("status", "PENDING")
					.doesNotContainKey("payload");
			});
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(2);
		assertThat(seen).doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(ids.stream().map(JobId::toString).toList());
		assertThat(createdAt.stream().map(Instant::parse).toList()).isSortedAccordingTo((a, b) -> b.compareTo(a));
		assertThat(list(get("/actuator/taskflow/jobs?queue=" + queue + "&handler=actuate.fail").get("jobs")))
			.singleElement()
			.satisfies((job) -> assertThat(job).containsEntry("handler", "actuate.fail"));
		assertThat(list(get("/actuator/taskflow/jobs?queue=" + queue + "&status=pending,running").get("jobs")))
			.hasSize(6);
		assertThat(list(get("/actuator/taskflow/jobs?queue=" + queue + "&status=SUCCEEDED").get("jobs"))).isEmpty();
		assertThat(list(get("/actuator/taskflow/jobs?queue=" + queue + "&before=2000-01-01T00:00:00Z").get("jobs")))
			.isEmpty();
		Map<String, Object> all = get("/actuator/taskflow/jobs?queue=" + queue);
		// nulls are left out of the JSON
		assertThat(all).containsEntry("limit", TaskFlowEndpoint.DEFAULT_LIMIT).doesNotContainKey("nextCursor");
		assertThat(list(all.get("jobs"))).hasSize(6);
	}

	@Test
	void badPageParametersAreRefusedWithWhatToSend() {
		assertThat(badRequest("/actuator/taskflow/jobs?limit=0")).contains("'limit' must be a number from 1 to 500");
		assertThat(badRequest("/actuator/taskflow/jobs?limit=501")).contains("'limit'");
		assertThat(badRequest("/actuator/taskflow/jobs?limit=many")).contains("'limit'");
		assertThat(badRequest("/actuator/taskflow/jobs?status=DONE")).contains("Unknown status 'DONE'", "PENDING");
		assertThat(badRequest("/actuator/taskflow/jobs?before=yesterday")).contains("nextCursor", "ISO-8601");
		this.client.get().uri("/actuator/taskflow/nothing").exchange().expectStatus().isNotFound();
	}

	@Test
	void jobDetailHidesPayloadAndResultByDefault() {
		JobId id = this.taskFlow.enqueue(
				JobRequest.of("actuate.echo", Map.of("card", "4111-1111")).queue(queue()).correlationId("order-7"));
		awaitStatus(id, JobStatus.SUCCEEDED);
		Map<String, Object> job = get("/actuator/taskflow/jobs/" + id);
		assertThat(job).containsEntry("id", id.toString())
			.containsEntry("correlationId", "order-7")
			.containsEntry("handler", "actuate.echo")
			.containsEntry("status", "SUCCEEDED")
			.containsEntry("attempt", 1)
			.containsEntry("payload", TaskFlowEndpoint.HIDDEN)
			.containsEntry("result", TaskFlowEndpoint.HIDDEN)
			.containsKey("attempts")
			// it reported none
			.doesNotContainKey("progress");
		assertThat(job.toString()).doesNotContain("4111-1111");
	}

	@Test
	void jobDetailAndPageShowTheProgressOfARunningJobAndHideItsMessageByDefault() {
		String queue = queue();
		String release = UUID.randomUUID().toString();
		CountDownLatch latch = new CountDownLatch(1);
		ActuatorTestApplication.Handlers.RELEASES.put(release, latch);
		try {
			JobId id = this.taskFlow
				.enqueue(JobRequest.of("actuate.progress", Map.of("release", release)).queue(queue));
			await().atMost(FINISH_WITHIN).untilAsserted(() -> {
				Map<String, Object> job = get("/actuator/taskflow/jobs/" + id);
				assertThat(job).containsEntry("status", "RUNNING");
				// the handler's words are hidden as its log lines are
				assertThat(map(job.get("progress"))).containsEntry("done", 3)
					.containsEntry("total", 10)
					.containsEntry("fraction", 0.3)
					.containsEntry("message", TaskFlowEndpoint.HIDDEN);
			});
			Map<String, Object> progress = map(get("/actuator/taskflow/jobs/" + id).get("progress"));
			assertThat(Instant.parse((String) progress.get("updatedAt"))).isAfter(Instant.now().minusSeconds(60));
			assertThat(list(get("/actuator/taskflow/jobs?queue=" + queue).get("jobs"))).singleElement()
				.satisfies((listed) -> assertThat(map(listed.get("progress"))).containsEntry("done", 3)
					.containsEntry("total", 10)
					.containsEntry("message", TaskFlowEndpoint.HIDDEN));
			assertThat(get("/actuator/taskflow/jobs/" + id).toString()).doesNotContain("three of ten rows");
			latch.countDown();
			awaitStatus(id, JobStatus.SUCCEEDED);
			// it stays on the finished job
			assertThat(map(get("/actuator/taskflow/jobs/" + id).get("progress"))).containsEntry("done", 3)
				.containsEntry("total", 10);
		}
		finally {
			latch.countDown();
			ActuatorTestApplication.Handlers.RELEASES.remove(release);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void jobDetailHidesTheErrorAndCapturedLogsOfEachAttemptByDefault() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.flaky").queue(queue()));
		awaitStatus(id, JobStatus.SUCCEEDED);
		Map<String, Object> job = get("/actuator/taskflow/jobs/" + id);
		List<Map<String, Object>> attempts = (List<Map<String, Object>>) job.get("attempts");
		assertThat(attempts).hasSize(2);
		// what happened stays readable, what the handler wrote is hidden line by line
		assertThat(attempts.get(0)).containsEntry("attempt", 1)
			.containsEntry("outcome", "RETRIED")
			.containsEntry("error", TaskFlowEndpoint.HIDDEN)
			.containsEntry("logs", List.of(TaskFlowEndpoint.HIDDEN))
			.containsKeys("nodeId", "startedAt", "finishedAt");
		assertThat(attempts.get(1)).containsEntry("attempt", 2)
			.containsEntry("outcome", "SUCCEEDED")
			.containsEntry("logs", List.of(TaskFlowEndpoint.HIDDEN, TaskFlowEndpoint.HIDDEN))
			.doesNotContainKey("error");
		assertThat(job).containsEntry("lastError", TaskFlowEndpoint.HIDDEN);
		assertThat(job.toString()).doesNotContain("actuate first attempt fails", "trying, attempt");
	}

	@Test
	void jobDetailAndPageHideTheErrorOfAFailedJobByDefault() {
		String queue = queue();
		JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.fail").queue(queue).maxAttempts(1));
		awaitStatus(id, JobStatus.FAILED);
		Map<String, Object> job = get("/actuator/taskflow/jobs/" + id);
		assertThat(job).containsEntry("status", "FAILED")
			.containsEntry("lastError", TaskFlowEndpoint.HIDDEN)
			.doesNotContainKey("payload")
			.doesNotContainKey("result");
		assertThat(list(get("/actuator/taskflow/jobs?queue=" + queue).get("jobs"))).singleElement()
			.satisfies((listed) -> assertThat(listed).containsEntry("lastError", TaskFlowEndpoint.HIDDEN));
		assertThat(job.toString()).doesNotContain("actuate boom");
	}

	@Test
	void unknownOrMalformedJobIsNotFoundOrBadRequest() {
		this.client.get().uri("/actuator/taskflow/jobs/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
		assertThat(badRequest("/actuator/taskflow/jobs/not-a-job")).contains("expected a UUID");
		this.client.post()
			.uri("/actuator/taskflow/jobs/" + UUID.randomUUID() + "/retry")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.post().uri("/actuator/taskflow/jobs/not-a-job/retry").exchange().expectStatus().isBadRequest();
	}

	@Test
	void pendingJobCanBeCancelledAndRetried() {
		JobId id = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue()).delay(Duration.ofHours(1)));
		Map<String, Object> cancelled = post("/actuator/taskflow/jobs/" + id + "/cancel", 200);
		assertThat(cancelled).containsEntry("changed", true).containsEntry("state", "CANCELLED");
		Map<String, Object> again = post("/actuator/taskflow/jobs/" + id + "/cancel", 409);
		assertThat(again).containsEntry("changed", false).containsEntry("state", "CANCELLED");
		assertThat((String) again.get("message")).contains("only PENDING, BLOCKED or RUNNING jobs can be cancelled");
		Map<String, Object> retried = post("/actuator/taskflow/jobs/" + id + "/retry", 200);
		assertThat(retried).containsEntry("changed", true);
		awaitStatus(id, JobStatus.SUCCEEDED);
		assertThat((String) post("/actuator/taskflow/jobs/" + id + "/retry", 409).get("message"))
			.contains("is SUCCEEDED", "only FAILED or CANCELLED jobs can be retried");
		assertThat(badRequest("/actuator/taskflow/jobs/" + id + "/explode", "POST")).contains("retry", "cancel");
	}

	@Test
	void retryOfAJobWhoseUniqueKeyAnotherActiveJobHoldsIsAConflict() {
		JobRequest request = JobRequest.of("actuate.echo", Map.of())
			.queue(queue())
			.uniqueKey("actuate-" + UUID.randomUUID())
			.delay(Duration.ofHours(1));
		JobId id = this.taskFlow.enqueue(request);
		this.taskFlow.cancel(id);
		JobId holder = this.taskFlow.enqueue(request);
		Map<String, Object> refused = post("/actuator/taskflow/jobs/" + id + "/retry", 409);
		assertThat(refused).containsEntry("changed", false).containsEntry("state", "CANCELLED");
		assertThat((String) refused.get("message")).contains("held by active job " + holder);
		this.taskFlow.cancel(holder);
		assertThat(post("/actuator/taskflow/jobs/" + id + "/retry", 200)).containsEntry("changed", true);
	}

	@Test
	void queueCanBePausedAndResumed() {
		String queue = queue();
		JobId id = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)));
		try {
			assertThat(post("/actuator/taskflow/queues/" + queue + "/pause", 200)).containsEntry("changed", true)
				.containsEntry("state", "PAUSED");
			assertThat(this.taskFlow.queues().isPaused(queue)).isTrue();
			assertThat(post("/actuator/taskflow/queues/" + queue + "/pause", 200)).containsEntry("changed", false);
			assertThat(map(map(get("/actuator/taskflow").get("queues")).get(queue))).containsEntry("paused", true);
		}
		finally {
			assertThat(post("/actuator/taskflow/queues/" + queue + "/resume", 200)).containsEntry("changed", true)
				.containsEntry("state", "RUNNING");
		}
		assertThat(this.taskFlow.queues().isPaused(queue)).isFalse();
		this.client.post().uri("/actuator/taskflow/queues/no-such-queue/pause").exchange().expectStatus().isNotFound();
		assertThat(badRequest("/actuator/taskflow/queues/" + queue + "/drain", "POST")).contains("pause", "resume");
		assertThat(id).isNotNull();
	}

	@Test
	void scheduleCanBeTriggered() {
		Map<String, Object> triggered = post("/actuator/taskflow/schedules/actuate.hourly/trigger", 200);
		assertThat(triggered).containsEntry("target", "schedule").containsEntry("state", "ACTIVE");
		JobId id = JobId.parse((String) triggered.get("jobId"));
		awaitStatus(id, JobStatus.SUCCEEDED);
		assertThat(get("/actuator/taskflow/jobs/" + id)).containsEntry("scheduleName", "actuate.hourly")
			.containsEntry("queue", "scheduled");
		this.client.post()
			.uri("/actuator/taskflow/schedules/no.such.schedule/trigger")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.post().uri("/actuator/taskflow/nothing/x/y").exchange().expectStatus().isNotFound();
	}

	@Test
	void localNodeCanBeDrainedAndUndrainedByItsId() {
		String local = localNodeId();
		String queue = queue();
		try {
			Map<String, Object> drained = post("/actuator/taskflow/nodes/" + local + "/drain", 200);
			assertThat(drained).containsEntry("target", "node")
				.containsEntry("name", local)
				.containsEntry("action", "drain")
				.containsEntry("changed", true)
				.containsEntry("state", "DRAINING");
			assertThat(node(local)).containsEntry("draining", true).containsEntry("local", true);
			assertThat(post("/actuator/taskflow/nodes/" + local + "/drain", 200)).containsEntry("changed", false)
				.containsEntry("state", "DRAINING");
			// a draining node claims nothing
			JobId id = this.taskFlow.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue));
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> this.taskFlow.find(id).orElseThrow().status() == JobStatus.PENDING);
			Map<String, Object> undrained = post("/actuator/taskflow/nodes/" + local + "/undrain", 200);
			assertThat(undrained).containsEntry("target", "node")
				.containsEntry("name", local)
				.containsEntry("action", "undrain")
				.containsEntry("changed", true)
				.containsEntry("state", "ACTIVE");
			assertThat(node(local)).containsEntry("draining", false);
			assertThat(post("/actuator/taskflow/nodes/" + local + "/undrain", 200)).containsEntry("changed", false);
			awaitStatus(id, JobStatus.SUCCEEDED);
		}
		finally {
			this.taskFlow.nodes().undrain(local);
		}
	}

	@Test
	void localNamesTheNodeThatAnswers() {
		String local = localNodeId();
		try {
			// what a Kubernetes preStop hook sends, knowing no id
			assertThat(post("/actuator/taskflow/nodes/local/drain", 200)).containsEntry("name", local)
				.containsEntry("changed", true)
				.containsEntry("state", "DRAINING");
			assertThat(node(local)).containsEntry("draining", true);
			assertThat(post("/actuator/taskflow/nodes/local/undrain", 200)).containsEntry("name", local)
				.containsEntry("changed", true)
				.containsEntry("state", "ACTIVE");
			assertThat(node(local)).containsEntry("draining", false);
		}
		finally {
			this.taskFlow.nodes().undrain(local);
		}
	}

	@Test
	void unknownNodeIsNotFoundAndUnknownNodeActionIsABadRequest() {
		Map<String, Object> body = post("/actuator/taskflow/nodes/no-such-node/drain", 404);
		assertThat(body).containsEntry("status", 404);
		assertThat((String) body.get("message")).contains("No live node 'no-such-node'");
		this.client.post().uri("/actuator/taskflow/nodes/no-such-node/undrain").exchange().expectStatus().isNotFound();
		assertThat(badRequest("/actuator/taskflow/nodes/" + localNodeId() + "/explode", "POST")).contains("drain",
				"undrain");
		assertThat(this.taskFlow.nodes()).noneMatch(NodeView::draining);
	}

	@Test
	void finishedJobsArePurgedButNeverActiveOnes() {
		String queue = queue();
		JobId cancelled = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)));
		this.taskFlow.cancel(cancelled);
		JobId succeeded = this.taskFlow.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue));
		awaitStatus(succeeded, JobStatus.SUCCEEDED);
		JobId pending = this.taskFlow
			.enqueue(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)));
		Map<String, Object> none = delete("/actuator/taskflow/jobs?olderThan=1d", 200);
		assertThat(none).containsEntry("deleted", 0);
		assertThat(this.taskFlow.find(cancelled)).isPresent();
		assertThat(badRequest("/actuator/taskflow/jobs?olderThan=1ms&status=PENDING", "DELETE"))
			.contains("Refusing to purge [PENDING] jobs", "only finished jobs");
		assertThat(badRequest("/actuator/taskflow/jobs", "DELETE")).contains("Send 'olderThan'");
		assertThat(badRequest("/actuator/taskflow/jobs?olderThan=soon", "DELETE")).contains("7d");
		assertThat(badRequest("/actuator/taskflow/jobs?olderThan=0s", "DELETE")).contains("positive");
		await().atMost(FINISH_WITHIN).untilAsserted(() -> {
			Map<String, Object> purged = delete("/actuator/taskflow/jobs?olderThan=1ms&status=cancelled,succeeded",
					200);
			assertThat(purged).containsEntry("statuses", List.of("CANCELLED", "SUCCEEDED"));
			assertThat(this.taskFlow.find(cancelled)).isEmpty();
			assertThat(this.taskFlow.find(succeeded)).isEmpty();
		});
		assertThat(this.taskFlow.find(pending))
			.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.PENDING));
		this.client.get().uri("/actuator/taskflow/jobs/" + succeeded).exchange().expectStatus().isNotFound();
	}

	@Test
	void workflowDetailShowsItsStepsAndTheirJobs() {
		String queue = queue();
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("actuate-chain")
				.step(Step.of("first", JobRequest.of("actuate.echo", Map.of("n", 1)).queue(queue)))
				.step(Step.of("second", JobRequest.of("actuate.echo", Map.of("n", 2)).queue(queue)).after("first")));
		awaitWorkflow(id, WorkflowStatus.SUCCEEDED);
		Map<String, Object> workflow = get("/actuator/taskflow/workflows/" + id);
		assertThat(workflow).containsEntry("id", id.toString())
			.containsEntry("name", "actuate-chain")
			.containsEntry("status", "SUCCEEDED")
			.containsEntry("failurePolicy", "CANCEL_DOWNSTREAM")
			.containsKeys("createdAt", "finishedAt");
		List<Map<String, Object>> steps = list(workflow.get("steps"));
		assertThat(steps).extracting((step) -> step.get("name")).containsExactly("first", "second");
		assertThat(steps.get(0)).containsEntry("after", List.of()).containsEntry("status", "SUCCEEDED");
		assertThat(steps.get(1)).containsEntry("after", List.of("first"))
			.containsEntry("status", "SUCCEEDED")
			.containsEntry("spawnedJobs", 0)
			.containsEntry("unfinishedJobs", 0)
			// nulls are left out: no policy of its own, no compensation
			.doesNotContainKeys("failurePolicy", "compensationJobId", "compensationStatus");
		// each step's job is one request away
		List<?> jobIds = (List<?>) steps.get(1).get("jobIds");
		assertThat(jobIds).hasSize(1);
		assertThat(get("/actuator/taskflow/jobs/" + jobIds.get(0))).containsEntry("handler", "actuate.echo")
			.containsEntry("queue", queue)
			.containsEntry("status", "SUCCEEDED");
	}

	@Test
	void blockedStepsAreCountedAndListedAndTheirWorkflowCanBeCancelled() {
		String queue = queue();
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("actuate-blocked")
				.step(Step.of("later", JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1))))
				.step(Step.of("waiting", JobRequest.of("actuate.echo", Map.of()).queue(queue)).after("later")));
		Map<String, Object> ours = map(map(get("/actuator/taskflow").get("queues")).get(queue));
		assertThat(map(ours.get("jobs"))).containsEntry("PENDING", 1)
			.containsEntry("BLOCKED", 1)
			.containsEntry("CANCELLED", 0);
		assertThat(list(get("/actuator/taskflow/jobs?queue=" + queue + "&status=blocked").get("jobs"))).singleElement()
			.satisfies((job) -> assertThat(job).containsEntry("status", "BLOCKED"));
		Map<String, Object> running = get("/actuator/taskflow/workflows/" + id);
		assertThat(running).containsEntry("status", "RUNNING").doesNotContainKey("finishedAt");
		assertThat(list(running.get("steps"))).extracting((step) -> step.get("status"))
			.containsExactly("PENDING", "BLOCKED");
		Map<String, Object> cancelled = post("/actuator/taskflow/workflows/" + id + "/cancel", 200);
		// no step was running: the workflow is cancelled at once
		assertThat(cancelled).containsEntry("target", "workflow")
			.containsEntry("name", id.toString())
			.containsEntry("action", "cancel")
			.containsEntry("changed", true)
			.containsEntry("state", "CANCELLED");
		Map<String, Object> again = post("/actuator/taskflow/workflows/" + id + "/cancel", 409);
		assertThat(again).containsEntry("changed", false).containsEntry("state", "CANCELLED");
		assertThat((String) again.get("message")).contains("is CANCELLED", "only RUNNING workflows can be cancelled");
		assertThat(list(get("/actuator/taskflow/workflows/" + id).get("steps")))
			.extracting((step) -> step.get("status"))
			.containsExactly("CANCELLED", "CANCELLED");
		assertThat(map(map(map(get("/actuator/taskflow").get("queues")).get(queue)).get("jobs")))
			.containsEntry("BLOCKED", 0)
			.containsEntry("PENDING", 0)
			.containsEntry("CANCELLED", 2);
	}

	@Test
	void cancelOfAWorkflowWithARunningStepAsksItToStop() {
		String queue = queue();
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("actuate-stop")
				.step(Step.of("wait", JobRequest.of("actuate.wait").queue(queue)))
				.step(Step.of("after", JobRequest.of("actuate.echo", Map.of()).queue(queue)).after("wait")));
		await().atMost(FINISH_WITHIN)
			.untilAsserted(() -> assertThat(list(get("/actuator/taskflow/workflows/" + id).get("steps")))
				.extracting((step) -> step.get("status"))
				.containsExactly("RUNNING", "BLOCKED"));
		Map<String, Object> cancelled = post("/actuator/taskflow/workflows/" + id + "/cancel", 200);
		assertThat(cancelled).containsEntry("changed", true);
		// the running step has been asked to stop, and may not have yet
		assertThat((String) cancelled.get("state")).isIn("RUNNING", "CANCELLED");
		if ("RUNNING".equals(cancelled.get("state"))) {
			assertThat((String) post("/actuator/taskflow/workflows/" + id + "/cancel", 409).get("message"))
				.contains("being cancelled already");
		}
		awaitWorkflow(id, WorkflowStatus.CANCELLED);
		assertThat(list(get("/actuator/taskflow/workflows/" + id).get("steps")))
			.extracting((step) -> step.get("status"))
			.containsExactly("CANCELLED", "CANCELLED");
	}

	@Test
	void unknownOrMalformedWorkflowIsNotFoundOrBadRequest() {
		String unknown = UUID.randomUUID().toString();
		this.client.get().uri("/actuator/taskflow/workflows/" + unknown).exchange().expectStatus().isNotFound();
		assertThat(badRequest("/actuator/taskflow/workflows/not-a-workflow")).contains("expected a UUID");
		this.client.post()
			.uri("/actuator/taskflow/workflows/" + unknown + "/cancel")
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(badRequest("/actuator/taskflow/workflows/not-a-workflow/cancel", "POST"))
			.contains("expected a UUID");
		assertThat(badRequest("/actuator/taskflow/workflows/" + unknown + "/explode", "POST")).contains("retry",
				"cancel");
		this.client.get().uri("/actuator/taskflow/nothing/" + unknown).exchange().expectStatus().isNotFound();
	}

	@Test
	void failedWorkflowCanBeRetried() {
		String queue = queue();
		// the flaky step fails its first attempt, which is its only one
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named("actuate-retry")
				.step(Step.of("flaky", JobRequest.of("actuate.flaky").queue(queue).maxAttempts(1)))
				.step(Step.of("after", JobRequest.of("actuate.echo", Map.of()).queue(queue)).after("flaky")));
		awaitWorkflow(id, WorkflowStatus.FAILED);
		List<Map<String, Object>> steps = list(get("/actuator/taskflow/workflows/" + id).get("steps"));
		assertThat(steps).extracting((step) -> step.get("status")).containsExactly("FAILED", "CANCELLED");
		// a step's job is retried with its workflow, not alone
		Object flakyJob = ((List<?>) steps.get(0).get("jobIds")).get(0);
		Map<String, Object> refused = post("/actuator/taskflow/jobs/" + flakyJob + "/retry", 409);
		assertThat(refused).containsEntry("changed", false).containsEntry("state", "FAILED");
		assertThat((String) refused.get("message")).contains("a step of a workflow",
				"/actuator/taskflow/workflows/{id}/retry");
		assertThat((String) post("/actuator/taskflow/workflows/" + id + "/cancel", 409).get("message"))
			.contains("is FAILED", "only RUNNING workflows can be cancelled");
		Map<String, Object> retried = post("/actuator/taskflow/workflows/" + id + "/retry", 200);
		assertThat(retried).containsEntry("target", "workflow")
			.containsEntry("action", "retry")
			.containsEntry("changed", true);
		// read right after the retry: its steps may have run already
		assertThat((String) retried.get("state")).isIn("RUNNING", "SUCCEEDED");
		awaitWorkflow(id, WorkflowStatus.SUCCEEDED);
		assertThat(list(get("/actuator/taskflow/workflows/" + id).get("steps")))
			.extracting((step) -> step.get("status"))
			.containsExactly("SUCCEEDED", "SUCCEEDED");
		Map<String, Object> again = post("/actuator/taskflow/workflows/" + id + "/retry", 409);
		assertThat(again).containsEntry("changed", false).containsEntry("state", "SUCCEEDED");
		assertThat((String) again.get("message")).contains("is SUCCEEDED",
				"only FAILED or CANCELLED workflows can be retried");
		this.client.post()
			.uri("/actuator/taskflow/workflows/" + UUID.randomUUID() + "/retry")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void prometheusShowsTheMetricsOfAKnownSetOfJobs() {
		String queue = queue();
		List<JobId> ok = this.taskFlow.enqueueAll(List.of(JobRequest.of("actuate.echo", Map.of()).queue(queue),
				JobRequest.of("actuate.echo", Map.of()).queue(queue),
				JobRequest.of("actuate.echo", Map.of()).queue(queue)));
		List<JobId> failed = this.taskFlow.enqueueAll(List.of(JobRequest.of("actuate.fail").queue(queue).maxAttempts(1),
				JobRequest.of("actuate.fail").queue(queue).maxAttempts(1)));
		this.taskFlow
			.enqueueAll(List.of(JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1)),
					JobRequest.of("actuate.echo", Map.of()).queue(queue).delay(Duration.ofHours(1))));
		ok.forEach((id) -> awaitStatus(id, JobStatus.SUCCEEDED));
		failed.forEach((id) -> awaitStatus(id, JobStatus.FAILED));
		await().atMost(FINISH_WITHIN).untilAsserted(() -> {
			String scrape = this.client.get()
				.uri("/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(metric(scrape, "taskflow_jobs_enqueued_total", "queue", queue, "handler", "actuate.echo"))
				.isEqualTo(5.0);
			assertThat(metric(scrape, "taskflow_jobs_enqueued_total", "queue", queue, "handler", "actuate.fail"))
				.isEqualTo(2.0);
			assertThat(metric(scrape, "taskflow_jobs_completed_total", "queue", queue, "handler", "actuate.echo",
					"outcome", "succeeded"))
				.isEqualTo(3.0);
			assertThat(metric(scrape, "taskflow_jobs_completed_total", "queue", queue, "handler", "actuate.fail",
					"outcome", "failed"))
				.isEqualTo(2.0);
			assertThat(metric(scrape, "taskflow_job_duration_seconds_count", "queue", queue, "handler", "actuate.echo",
					"outcome", "succeeded"))
				.isEqualTo(3.0);
			assertThat(metric(scrape, "taskflow_job_wait_seconds_count", "queue", queue, "handler", "actuate.echo"))
				.isEqualTo(3.0);
			// deprecated: the execution observation's own timer, kept for one release
			assertThat(metric(scrape, "taskflow_job_execution_seconds_count", "taskflow_queue", queue,
					"taskflow_handler", "actuate.echo", "error", "none"))
				.isEqualTo(3.0);
			assertThat(metric(scrape, "taskflow_job_execution_seconds_count", "taskflow_queue", queue,
					"taskflow_handler", "actuate.fail", "error", "IllegalStateException"))
				.isEqualTo(2.0);
			assertThat(metric(scrape, "taskflow_queue_depth", "queue", queue, "status", "PENDING")).isEqualTo(2.0);
			assertThat(metric(scrape, "taskflow_workers_busy")).isNotNull();
		});
	}

	/**
	 * A queue name of this test's own.
	 * @return the name
	 */
	static String queue() {
		return "q-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * The id of the node that answers, as the summary marks it.
	 * @return the id
	 */
	String localNodeId() {
		return list(get("/actuator/taskflow").get("nodes")).stream()
			.filter((node) -> Boolean.TRUE.equals(node.get("local")))
			.map((node) -> (String) node.get("id"))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void eachNodeShowsTheThreadsOfItsQueuePoolsAsOfItsLatestHeartbeat() {
		String local = localNodeId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> node(local).get("queueThreads"), (threads) -> Map.of("actuate-pooled", 2).equals(threads));
	}

	Map<String, Object> node(String id) {
		return list(get("/actuator/taskflow").get("nodes")).stream()
			.filter((node) -> id.equals(node.get("id")))
			.findFirst()
			.orElseThrow();
	}

	void awaitStatus(JobId id, JobStatus status) {
		await().atMost(FINISH_WITHIN)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(this.taskFlow.find(id))
				.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(status)));
	}

	void awaitWorkflow(WorkflowId id, WorkflowStatus status) {
		await().atMost(FINISH_WITHIN)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(this.taskFlow.workflows().find(id))
				.hasValueSatisfying((workflow) -> assertThat(workflow.status()).isEqualTo(status)));
	}

	Map<String, Object> get(String uri) {
		return this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> post(String uri, int status) {
		return this.client.post()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> delete(String uri, int status) {
		return this.client.delete()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private String badRequest(String uri) {
		return badRequest(uri, "GET");
	}

	private String badRequest(String uri, String method) {
		RestTestClient.RequestHeadersSpec<?> request = switch (method) {
			case "POST" -> this.client.post().uri(uri);
			case "DELETE" -> this.client.delete().uri(uri);
			default -> this.client.get().uri(uri);
		};
		Map<String, Object> body = request.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(body).containsEntry("status", 400);
		return (String) body.get("message");
	}

	/**
	 * The value of one sample of a scrape.
	 * @param scrape the scrape in Prometheus' text format
	 * @param name the sample's name
	 * @param labels label names and values the sample has (among others)
	 * @return the value, or {@code null} if there is no such sample
	 */
	static Double metric(String scrape, String name, String... labels) {
		Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$", Pattern.MULTILINE);
		Matcher matcher = line.matcher(scrape);
		while (matcher.find()) {
			String found = (matcher.group(1) != null) ? matcher.group(1) : "";
			boolean all = true;
			for (int i = 0; i < labels.length; i += 2) {
				all &= found.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
			}
			if (all) {
				return Double.valueOf(matcher.group(2));
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

}
