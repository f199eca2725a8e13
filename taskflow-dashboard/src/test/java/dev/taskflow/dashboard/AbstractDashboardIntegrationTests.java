package dev.taskflow.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

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
import dev.taskflow.WorkflowView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's REST API and pages over real HTTP against a started application, run by
 * one subclass per database. Each test works on queues of its own.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.taskflow.worker.poll-interval=100ms", "spring.taskflow.shutdown.await=1s",
				"spring.taskflow.logs.capture=true", "spring.taskflow.retry.backoff.initial=100ms",
				"spring.taskflow.schedules[dashboard.hourly].every=1h",
				"spring.taskflow.schedules[dashboard.hourly].handler=dashboard.echo",
				"spring.taskflow.schedules[dashboard.nightly].cron=0 30 2 * * *",
				"spring.taskflow.schedules[dashboard.nightly].zone=Europe/Paris",
				"spring.taskflow.schedules[dashboard.nightly].handler=dashboard.echo",
				"spring.taskflow.schedules[dashboard.nightly].queue=nightly",
				"spring.taskflow.dashboard.live-interval=200ms", "spring.taskflow.progress.interval=100ms",
				"spring.taskflow.queues.dashboard-pooled.threads=2", "spring.taskflow.worker.heartbeat-interval=1s",
				"spring.taskflow.queues.dash-configured.concurrency.global=4" })
abstract class AbstractDashboardIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration FINISH_WITHIN = Duration.ofSeconds(30);

	private static final String OPENAPI_BASE = "/taskflow/api/v1";

	@LocalServerPort
	int port;

	@Autowired
	TaskFlow taskFlow;

	@Autowired
	TaskFlowDashboard dashboard;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void jobsAreFilteredAndPagedByCursor() {
		String queue = queue();
		List<JobId> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(this.taskFlow.enqueue(JobRequest.of("dashboard.echo", Map.of("n", i))
				.queue(queue)
				.correlationId("order-" + i % 2)
				.delay(Duration.ofHours(1))));
		}
		JsonNode first = get("/taskflow/api/v1/jobs?queue=" + queue + "&limit=2").json();
		assertThat(ids(first)).containsExactly(ids.get(4), ids.get(3));
		assertThat(first.get("jobs").get(0).get("status").asString()).isEqualTo("PENDING");
		assertThat(first.get("jobs").get(0).get("queue").asString()).isEqualTo(queue);
		String cursor = first.get("nextCursor").asString();
		JsonNode second = get("/taskflow/api/v1/jobs?queue=" + queue + "&limit=2&after=" + cursor).json();
		assertThat(ids(second)).containsExactly(ids.get(2), ids.get(1));
		JsonNode third = get(
				"/taskflow/api/v1/jobs?queue=" + queue + "&limit=2&after=" + second.get("nextCursor").asString())
			.json();
		assertThat(ids(third)).containsExactly(ids.get(0));
		assertThat(third.get("nextCursor").isNull()).isTrue();
		assertThat(ids(get("/taskflow/api/v1/jobs?queue=" + queue + "&correlationId=order-1").json()))
			.containsExactly(ids.get(3), ids.get(1));
		assertThat(ids(get("/taskflow/api/v1/jobs?queue=" + queue + "&status=FAILED&status=CANCELLED").json()))
			.isEmpty();
		JsonNode count = get("/taskflow/api/v1/jobs/count?queue=" + queue + "&status=PENDING").json();
		assertThat(count.get("count").asLong()).isEqualTo(5);
		assertThat(count.get("exact").asBoolean()).isTrue();
		String after = Instant.now().plusSeconds(3600).toString();
		assertThat(ids(get("/taskflow/api/v1/jobs?queue=" + queue + "&createdAfter=" + after).json())).isEmpty();
	}

	@Test
	void countsPastTheLimitSayMoreThanAndBulkActionsStillTakeEveryJob() {
		String queue = queue();
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i <= 10_000; i++) {
			requests.add(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		}
		this.taskFlow.enqueueAll(requests);
		JsonNode count = get("/taskflow/api/v1/jobs/count?queue=" + queue).json();
		assertThat(count.get("count").asLong()).isEqualTo(1_000);
		assertThat(count.get("exact").asBoolean()).isFalse();
		// pending jobs are counted exactly, per queue and in all
		JsonNode overview = get("/taskflow/api/v1/overview").json();
		assertThat(overview.get("counts").get("PENDING").asLong()).isGreaterThanOrEqualTo(10_001);
		JsonNode ours = find(overview.get("queues"), queue);
		assertThat(ours.get("counts").get("PENDING").asLong()).isEqualTo(10_001);
		assertThat(ours.get("due").asLong()).isZero();
		assertThat(post("/taskflow/api/v1/jobs/cancel", Map.of("filter", Map.of("queue", queue))).json()
			.get("affected")
			.asLong()).isEqualTo(10_001);
		// finished jobs are counted up to the limit
		JsonNode cancelled = get("/taskflow/api/v1/overview").json();
		assertThat(cancelled.get("counts").get("CANCELLED").asLong()).isEqualTo(10_000);
		assertThat(cancelled.get("countsOver").toString()).isEqualTo("[\"CANCELLED\"]");
		assertThat(post("/taskflow/api/v1/jobs/delete",
				Map.of("filter", Map.of("queue", queue, "status", List.of("CANCELLED"))))
			.json()
			.get("affected")
			.asLong()).isEqualTo(10_001);
		assertThat(get("/taskflow/api/v1/overview").json().get("countsOver").isEmpty()).isTrue();
	}

	@Test
	void badFiltersAreProblemsThatSayWhatIsWrong() {
		Response status = get("/taskflow/api/v1/jobs?status=LOST");
		assertThat(status.status()).isEqualTo(400);
		assertThat(status.contentType()).startsWith("application/problem+json");
		assertThat(status.json().get("detail").asString()).startsWith("'LOST' is not a job status");
		assertThat(status.json().get("status").asInt()).isEqualTo(400);
		assertThat(get("/taskflow/api/v1/jobs?createdAfter=yesterday").json().get("detail").asString())
			.contains("ISO-8601");
		assertThat(get("/taskflow/api/v1/jobs?limit=5000").json().get("detail").asString()).contains("from 1 to 1000");
		assertThat(get("/taskflow/api/v1/jobs?after=nonsense").status()).isEqualTo(400);
		Response missing = get("/taskflow/api/v1/jobs/" + UUID.randomUUID());
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("detail").asString()).startsWith("There is no job");
		assertThat(get("/taskflow/api/v1/jobs/not-a-uuid").status()).isEqualTo(400);
		Response unknown = get("/taskflow/api/v1/nothing/here");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("detail").asString())
			.isEqualTo("No such operation: GET /taskflow/api/v1/nothing/here");
	}

	@Test
	void aJobShowsItsAttemptsValuesAndLogs() {
		String queue = queue();
		JobId id = this.taskFlow.enqueue(JobRequest.of("dashboard.echo", Map.of("to", "ada")).queue(queue));
		awaitStatus(id, JobStatus.SUCCEEDED);
		JsonNode job = get("/taskflow/api/v1/jobs/" + id).json();
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		// a local request without Spring Security sees the values
		assertThat(job.get("valuesHidden").asBoolean()).isFalse();
		assertThat(job.get("payload").get("to").asString()).isEqualTo("ada");
		assertThat(job.get("result").get("echo").get("to").asString()).isEqualTo("ada");
		JsonNode attempt = job.get("attempts").get(0);
		assertThat(attempt.get("outcome").asString()).isEqualTo("SUCCEEDED");
		assertThat(attempt.get("durationMs").asLong()).isNotNegative();
		assertThat(attempt.get("logs").get(0).asString()).contains("echoing attempt 1");
		assertThat(job.get("actions").get("retry").asBoolean()).isFalse();
		assertThat(job.get("actions").get("delete").asBoolean()).isTrue();
	}

	@Test
	void aJobIsRetriedCancelledAndDeleted() {
		String queue = queue();
		JobId failed = this.taskFlow.enqueue(JobRequest.of("dashboard.fail").queue(queue).maxAttempts(1));
		awaitStatus(failed, JobStatus.FAILED);
		JsonNode details = get("/taskflow/api/v1/jobs/" + failed).json();
		assertThat(details.get("lastError").asString()).contains("dashboard boom");
		assertThat(details.get("attempts").get(0).get("error").asString()).contains("IllegalStateException");
		assertThat(details.get("actions").get("retry").asBoolean()).isTrue();
		Response retried = post("/taskflow/api/v1/jobs/" + failed + "/retry", null);
		assertThat(retried.status()).isEqualTo(200);
		// failed again, after a fresh budget of attempts
		awaitStatus(failed, JobStatus.FAILED);
		assertThat(this.taskFlow.attempts(failed)).hasSizeGreaterThan(1);
		JobId pending = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		Response refused = post("/taskflow/api/v1/jobs/" + pending + "/retry", null);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("detail").asString())
			.isEqualTo("Job " + pending + " is PENDING: only FAILED or CANCELLED jobs can be retried");
		assertThat(delete("/taskflow/api/v1/jobs/" + pending).status()).isEqualTo(409);
		Response cancelled = post("/taskflow/api/v1/jobs/" + pending + "/cancel", null);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(post("/taskflow/api/v1/jobs/" + pending + "/cancel", null).status()).isEqualTo(409);
		assertThat(delete("/taskflow/api/v1/jobs/" + pending).status()).isEqualTo(204);
		assertThat(this.taskFlow.find(pending)).isEmpty();
		assertThat(delete("/taskflow/api/v1/jobs/" + pending).status()).isEqualTo(404);
	}

	@Test
	void selectedJobsOrAllMatchingAFilterAreActedOnInBulk() {
		String queue = queue();
		List<JobId> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1))));
		}
		Response selected = post("/taskflow/api/v1/jobs/cancel",
				Map.of("ids", List.of(ids.get(0).toString(), ids.get(1).toString())));
		assertThat(selected.json().get("affected").asInt()).isEqualTo(2);
		assertThat(selected.json().get("action").asString()).isEqualTo("cancel");
		Response all = post("/taskflow/api/v1/jobs/cancel", Map.of("filter", Map.of("queue", queue)));
		assertThat(all.json().get("affected").asInt()).isEqualTo(2);
		Response retried = post("/taskflow/api/v1/jobs/retry",
				Map.of("filter", Map.of("queue", queue, "status", List.of("CANCELLED"))));
		assertThat(retried.json().get("affected").asInt()).isEqualTo(4);
		awaitStatus(ids.get(3), JobStatus.SUCCEEDED);
		await().atMost(FINISH_WITHIN)
			.until(() -> this.taskFlow.jobs().count(JobQuery.all().queue(queue).status(JobStatus.SUCCEEDED)) == 4);
		Response refused = post("/taskflow/api/v1/jobs/delete", Map.of("filter", Map.of("queue", queue)));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).startsWith("Only finished jobs can be deleted");
		Response deleted = post("/taskflow/api/v1/jobs/delete",
				Map.of("filter", Map.of("queue", queue, "status", List.of("SUCCEEDED"))));
		assertThat(deleted.json().get("affected").asInt()).isEqualTo(4);
		assertThat(post("/taskflow/api/v1/jobs/retry", Map.of()).status()).isEqualTo(400);
		assertThat(post("/taskflow/api/v1/jobs/retry", Map.of("ids", List.of())).status()).isEqualTo(400);
	}

	@Test
	void pendingJobsOfASelectionOrAFilterAreMovedToAnotherQueueAndBack() {
		String queue = queue();
		String other = queue();
		List<JobId> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1))));
		}
		JobId done = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue));
		awaitStatus(done, JobStatus.SUCCEEDED);
		Response selected = post("/taskflow/api/v1/jobs/move",
				Map.of("ids", List.of(ids.get(0).toString(), done.toString()), "toQueue", other));
		assertThat(selected.status()).isEqualTo(200);
		assertThat(selected.json().get("action").asString()).isEqualTo("move");
		assertThat(selected.json().get("affected").asInt()).isEqualTo(1);
		assertThat(this.taskFlow.find(ids.get(0)).orElseThrow().queue()).isEqualTo(other);
		assertThat(this.taskFlow.find(done).orElseThrow().queue()).isEqualTo(queue);
		Response all = post("/taskflow/api/v1/jobs/move", Map.of("filter", Map.of("queue", queue), "toQueue", other));
		assertThat(all.json().get("affected").asInt()).isEqualTo(2);
		assertThat(ids(get("/taskflow/api/v1/jobs?queue=" + other).json())).containsExactlyInAnyOrderElementsOf(ids);
		// undone by another move; only pending jobs move, whatever the filter's status
		assertThat(post("/taskflow/api/v1/jobs/move",
				Map.of("filter", Map.of("queue", other, "status", List.of("SUCCEEDED")), "toQueue", queue))
			.json()
			.get("affected")
			.asInt()).isZero();
		assertThat(post("/taskflow/api/v1/jobs/move", Map.of("filter", Map.of("queue", other), "toQueue", queue)).json()
			.get("affected")
			.asInt()).isEqualTo(3);
		assertThat(this.taskFlow.jobs().count(JobQuery.all().queue(queue).status(JobStatus.PENDING))).isEqualTo(3);
		// the queue as a parameter instead
		assertThat(post("/taskflow/api/v1/jobs/move?toQueue=" + other, Map.of("ids", List.of(ids.get(2).toString())))
			.json()
			.get("affected")
			.asInt()).isOne();
		assertThat(this.taskFlow.find(ids.get(2)).orElseThrow().queue()).isEqualTo(other);
		Response twice = post("/taskflow/api/v1/jobs/move?toQueue=" + queue,
				Map.of("ids", List.of(ids.get(2).toString()), "toQueue", other + "-x"));
		assertThat(twice.status()).isEqualTo(400);
		assertThat(twice.json().get("detail").asString()).startsWith("'toQueue' is given twice");
		assertThat(post("/taskflow/api/v1/jobs/move?toQueue=" + queue, Map.of("ids", List.of(ids.get(2).toString())))
			.json()
			.get("affected")
			.asInt()).isOne();
		Response missing = post("/taskflow/api/v1/jobs/move", Map.of("filter", Map.of("queue", queue)));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("detail").asString())
			.isEqualTo("'toQueue' is missing: name the queue to move the jobs to, in the body or as a parameter");
		Response blank = post("/taskflow/api/v1/jobs/move", Map.of("filter", Map.of("queue", queue), "toQueue", " "));
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.json().get("detail").asString()).startsWith("'toQueue' must not be empty");
		Response tooLong = post("/taskflow/api/v1/jobs/move",
				Map.of("ids", List.of(ids.get(0).toString()), "toQueue", "q".repeat(101)));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.json().get("detail").asString()).contains("at most 100 characters");
		assertThat(post("/taskflow/api/v1/jobs/move", Map.of("toQueue", other)).status()).isEqualTo(400);
		assertThat(this.taskFlow.jobs().count(JobQuery.all().queue(other))).isZero();
	}

	@Test
	void aJobIsEnqueuedForAKnownHandlerOnly() {
		String queue = queue();
		Response created = post("/taskflow/api/v1/jobs", Map.of("handler", "dashboard.echo", "payload",
				Map.of("to", "grace"), "queue", queue, "priority", 5, "correlationId", "signup-7"));
		assertThat(created.status()).isEqualTo(201);
		JobId id = JobId.parse(created.json().get("id").asString());
		JobView job = awaitStatus(id, JobStatus.SUCCEEDED);
		assertThat(job.queue()).isEqualTo(queue);
		assertThat(job.priority()).isEqualTo(5);
		assertThat(job.correlationId()).isEqualTo("signup-7");
		assertThat(job.payload(Map.class)).hasValue(Map.of("to", "grace"));
		Response unknown = post("/taskflow/api/v1/jobs", Map.of("handler", "dashboard.nope"));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("detail").asString())
			.startsWith("No live node runs a handler named 'dashboard.nope'");
		Response notJson = send(HttpRequest.newBuilder(uri("/taskflow/api/v1/jobs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"handler\": ")));
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.json().get("detail").asString()).startsWith("The request body is not valid JSON");
		// a payload that the handler could not read is refused before it is stored
		Response badPayload = post("/taskflow/api/v1/jobs",
				Map.of("handler", "dashboard.echo", "payload", List.of(1, 2), "queue", queue()));
		assertThat(badPayload.status()).isEqualTo(400);
		assertThat(badPayload.json().get("detail").asString())
			.startsWith("The payload of a job for handler 'dashboard.echo' does not read as its parameter type"
					+ " java.util.Map<java.lang.String, java.lang.Object>: ");
		Response badPriority = post("/taskflow/api/v1/jobs", Map.of("handler", "dashboard.echo", "priority", "high"));
		assertThat(badPriority.json().get("detail").asString())
			.isEqualTo("'priority' must be a whole number, was \"high\"");
		JsonNode handlers = get("/taskflow/api/v1/handlers").json();
		assertThat(handlers.findValuesAsString("name")).contains("dashboard.echo", "dashboard.fail");
	}

	@Test
	void aJobsProgressIsInItsDetailsAndInTheList() {
		String queue = queue();
		String name = "progress-" + queue;
		JobId id = this.taskFlow.enqueue(JobRequest.of("dashboard.progress", name).queue(queue));
		try {
			await().atMost(FINISH_WITHIN)
				.until(() -> this.taskFlow.find(id)
					.flatMap(JobView::progress)
					.filter((progress) -> progress.message().isPresent())
					.isPresent());
			JsonNode progress = get("/taskflow/api/v1/jobs/" + id).json().get("progress");
			assertThat(progress.get("done").asLong()).isEqualTo(30);
			assertThat(progress.get("total").asLong()).isEqualTo(100);
			assertThat(progress.get("fraction").asDouble()).isEqualTo(0.3);
			assertThat(progress.get("message").asString()).isEqualTo("copying " + name);
			assertThat(progress.get("updatedAt").asString()).isNotBlank();
			JsonNode listed = get("/taskflow/api/v1/jobs?queue=" + queue).json().get("jobs").get(0);
			assertThat(listed.get("status").asString()).isEqualTo("RUNNING");
			assertThat(listed.get("progress").get("done").asLong()).isEqualTo(30);
		}
		finally {
			DashboardTestApplication.Handlers.release(name);
		}
		awaitStatus(id, JobStatus.SUCCEEDED);
		// it stays once the job has finished
		assertThat(get("/taskflow/api/v1/jobs/" + id).json().get("progress").get("done").asLong()).isEqualTo(30);
		JobId none = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		assertThat(get("/taskflow/api/v1/jobs/" + none).json().has("progress")).isFalse();
	}

	@Test
	void eachNodeShowsItsQueuePoolsAsOfItsLatestHeartbeat() {
		String local = localNodeId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> find(get("/taskflow/api/v1/nodes").json(), local, "id").get("queueThreads"),
					(threads) -> threads != null && threads.path("dashboard-pooled").asInt() == 2);
	}

	@Test
	void aLiveNodeIsDrainedAndUndrained() {
		String local = localNodeId();
		try {
			JsonNode drained = post("/taskflow/api/v1/nodes/" + local + "/drain", null).json();
			assertThat(drained.get("id").asString()).isEqualTo(local);
			assertThat(drained.get("draining").asBoolean()).isTrue();
			assertThat(this.taskFlow.nodes()).filteredOn((node) -> node.id().equals(local))
				.singleElement()
				.satisfies((node) -> assertThat(node.draining()).isTrue());
			assertThat(
					find(get("/taskflow/api/v1/overview").json().get("nodes"), local, "id").get("draining").asBoolean())
				.isTrue();
		}
		finally {
			Response undrained = post("/taskflow/api/v1/nodes/" + local + "/undrain", null);
			assertThat(undrained.status()).isEqualTo(200);
			assertThat(undrained.json().get("draining").asBoolean()).isFalse();
		}
		assertThat(find(get("/taskflow/api/v1/nodes").json(), local, "id").get("draining").asBoolean()).isFalse();
		// and it runs jobs again
		awaitStatus(this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue())), JobStatus.SUCCEEDED);
		Response unknown = post("/taskflow/api/v1/nodes/no-such-node/drain", null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("detail").asString()).contains("There is no live node 'no-such-node'");
		assertThat(post("/taskflow/api/v1/nodes/no-such-node/undrain", null).status()).isEqualTo(404);
	}

	@Test
	void queuesArePausedAndResumed() {
		String queue = queue();
		this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		JsonNode ours = find(get("/taskflow/api/v1/queues").json(), queue);
		assertThat(ours.get("paused").asBoolean()).isFalse();
		assertThat(ours.get("counts").get("PENDING").asInt()).isEqualTo(1);
		assertThat(post("/taskflow/api/v1/queues/" + queue + "/pause", null).json().get("paused").asBoolean()).isTrue();
		assertThat(this.taskFlow.queues().isPaused(queue)).isTrue();
		JobId held = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue));
		assertThat(post("/taskflow/api/v1/queues/" + queue + "/resume", null).json().get("paused").asBoolean())
			.isFalse();
		awaitStatus(held, JobStatus.SUCCEEDED);
		String empty = queue();
		assertThat(
				post("/taskflow/api/v1/queues/" + empty + "/resume", null).json().get("counts").get("PENDING").asInt())
			.isZero();
	}

	@Test
	void aQueueIsLimitedAtRunTimeAndBackToItsConfiguredLimits() {
		String queue = queue();
		this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		JsonNode limited = put("/taskflow/api/v1/queues/" + queue + "/limits",
				Map.of("concurrency", 2, "ratePerSecond", 10))
			.json();
		assertThat(limited.get("concurrency").get("override").asInt()).isEqualTo(2);
		assertThat(limited.get("rate").get("override").asString()).isEqualTo("10/1s");
		assertThat(this.taskFlow.queues().limits()).containsEntry(queue,
				QueueLimits.concurrency(2).withRate(10, Duration.ofSeconds(1)));
		assertThat(put("/taskflow/api/v1/queues/" + queue + "/limits", Map.of("ratePerSecond", 0.5)).json()
			.get("rate")
			.get("override")
			.asString()).isEqualTo("1/2s");
		Response bad = put("/taskflow/api/v1/queues/" + queue + "/limits", Map.of("concurrency", 0));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("detail").asString()).startsWith("'concurrency' must be at least 1");
		JsonNode cleared = delete("/taskflow/api/v1/queues/" + queue + "/limits").json();
		assertThat(cleared.get("concurrency").get("override").isNull()).isTrue();
		assertThat(this.taskFlow.queues().limits()).doesNotContainKey(queue);
		// a queue of the configuration shows its configured limit
		this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue("dash-configured").delay(Duration.ofHours(1)));
		JsonNode configured = find(get("/taskflow/api/v1/queues").json(), "dash-configured");
		assertThat(configured.get("concurrency").get("configured").asInt()).isEqualTo(4);
	}

	@Test
	void schedulesShowTheirNextFireTimesAndAreOperated() {
		JsonNode nightly = find(get("/taskflow/api/v1/schedules").json(), "dashboard.nightly");
		assertThat(nightly.get("description").asString()).isEqualTo("at 02:30 every day");
		assertThat(nightly.get("zone").asString()).isEqualTo("Europe/Paris");
		assertThat(nightly.get("nextFireTimes")).hasSize(5);
		Instant first = Instant.parse(nightly.get("nextFireTimes").get(0).asString());
		Instant second = Instant.parse(nightly.get("nextFireTimes").get(1).asString());
		assertThat(Duration.between(first, second)).isBetween(Duration.ofHours(23), Duration.ofHours(25));
		JsonNode hourly = get("/taskflow/api/v1/schedules/dashboard.hourly").json();
		assertThat(hourly.get("description").asString()).isEqualTo("every hour");
		assertThat(hourly.get("interval").asBoolean()).isTrue();
		JobId triggered = JobId
			.parse(post("/taskflow/api/v1/schedules/dashboard.nightly/trigger", null).json().get("id").asString());
		awaitStatus(triggered, JobStatus.SUCCEEDED);
		JsonNode after = get("/taskflow/api/v1/schedules/dashboard.nightly").json();
		assertThat(after.get("lastRuns").findValuesAsString("id")).contains(triggered.toString());
		assertThat(post("/taskflow/api/v1/schedules/dashboard.nightly/pause", null).json().get("paused").asBoolean())
			.isTrue();
		assertThat(post("/taskflow/api/v1/schedules/dashboard.nightly/resume", null).json().get("paused").asBoolean())
			.isFalse();
		// a window of its own: every test of the class shares the schedule
		Instant to = Instant.now().minus(Duration.ofHours(10));
		JsonNode backfilled = post("/taskflow/api/v1/schedules/dashboard.hourly/backfill",
				Map.of("from", to.minus(Duration.ofHours(3)).toString(), "to", to.toString()))
			.json();
		assertThat(backfilled.get("count").asInt()).isBetween(2, 4);
		assertThat(post("/taskflow/api/v1/schedules/dashboard.none/trigger", null).status()).isEqualTo(404);
		assertThat(post("/taskflow/api/v1/schedules/dashboard.hourly/backfill", Map.of("from", "x")).status())
			.isEqualTo(400);
	}

	@Test
	void overviewCountsJobsAndListsNodesAndWhatNeedsAttention() {
		String queue = queue();
		JobId failed = this.taskFlow.enqueue(JobRequest.of("dashboard.fail").queue(queue).maxAttempts(1));
		awaitStatus(failed, JobStatus.FAILED);
		String waiting = queue();
		this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(waiting).delay(Duration.ofHours(1)));
		JsonNode overview = get("/taskflow/api/v1/overview").json();
		assertThat(overview.get("counts").get("FAILED").asLong()).isPositive();
		assertThat(overview.get("countsOver").isEmpty()).isTrue();
		JsonNode queueOfWaiting = find(overview.get("queues"), waiting);
		assertThat(queueOfWaiting.get("counts").get("PENDING").asInt()).isOne();
		assertThat(queueOfWaiting.get("due").asInt()).isZero();
		assertThat(overview.get("attention").findValuesAsString("kind")).contains("FAILED_JOBS");
		JsonNode nodes = get("/taskflow/api/v1/nodes").json();
		assertThat(nodes).anySatisfy((node) -> {
			assertThat(node.get("local").asBoolean()).isTrue();
			assertThat(node.get("alive").asBoolean()).isTrue();
			assertThat(node.get("handlers").toString()).contains("dashboard.echo");
			assertThat(node.get("threads").asInt()).isPositive();
			assertThat(node.get("busyThreads").isNumber()).isTrue();
			assertThat(node.get("version").asString()).isNotBlank();
		});
	}

	@Test
	void chartsReadTheStatisticsInPointsOfTheirRange() {
		JsonNode hour = get("/taskflow/api/v1/stats").json();
		assertThat(hour.get("range").asString()).isEqualTo("1h");
		assertThat(hour.get("bucketSeconds").asInt()).isEqualTo(60);
		assertThat(hour.get("points")).hasSize(60);
		JsonNode day = get("/taskflow/api/v1/stats?range=24h&queue=" + queue()).json();
		assertThat(day.get("bucketSeconds").asInt()).isEqualTo(900);
		assertThat(day.get("points")).hasSize(96);
		assertThat(day.get("points").get(0).get("succeeded").asLong()).isZero();
		assertThat(day.get("points").get(0).get("runP95Ms").isNull()).isTrue();
		assertThat(get("/taskflow/api/v1/stats?range=7d").json().get("points")).hasSize(168);
		Response bad = get("/taskflow/api/v1/stats?range=1y");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("detail").asString()).isEqualTo("'range' must be one of 1h, 24h or 7d, was '1y'");
	}

	@Test
	void everyPageIsTheDashboardWithItsPathAndTheAssetsAreServed() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue()).delay(Duration.ofHours(1)));
		WorkflowId workflow = this.taskFlow.workflows().start(Workflow.chain(workflowName(), later()));
		for (String page : List.of("/taskflow", "/taskflow/", "/taskflow/jobs", "/taskflow/jobs/" + id,
				"/taskflow/workflows", "/taskflow/workflows/" + workflow, "/taskflow/queues", "/taskflow/schedules",
				"/taskflow/nodes", "/taskflow/enqueue")) {
			Response response = get(page);
			assertThat(response.status()).as(page).isEqualTo(200);
			assertThat(response.contentType()).as(page).startsWith("text/html");
			assertThat(response.body()).contains("<meta name=\"taskflow-base\" content=\"/taskflow\">")
				.contains("<meta name=\"taskflow-can-write\" content=\"true\">")
				.doesNotContain("{{");
		}
		assertThat(get("/taskflow/assets/app.js").status()).isEqualTo(200);
		Response uplot = get("/taskflow/assets/vendor/uplot/uPlot.iife.min.js");
		assertThat(uplot.status()).isEqualTo(200);
		assertThat(uplot.body()).contains("uPlot");
		assertThat(get("/taskflow/assets/nothing.js").status()).isEqualTo(404);
		assertThat(get("/taskflow/elsewhere").status()).isEqualTo(404);
		this.taskFlow.workflows().cancel(workflow);
	}

	@Test
	void aWriteFromAnotherSiteIsRefused() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue()).delay(Duration.ofHours(1)));
		Response crossSite = send(HttpRequest.newBuilder(uri("/taskflow/api/v1/jobs/" + id + "/cancel"))
			.header("Sec-Fetch-Site", "cross-site")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(crossSite.status()).isEqualTo(403);
		assertThat(crossSite.json().get("detail").asString()).startsWith("A write from another site is refused");
		Response otherOrigin = send(HttpRequest.newBuilder(uri("/taskflow/api/v1/jobs/" + id + "/cancel"))
			.header("Origin", "https://evil.example")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(otherOrigin.status()).isEqualTo(403);
		assertThat(this.taskFlow.find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
		Response sameOrigin = send(HttpRequest.newBuilder(uri("/taskflow/api/v1/jobs/" + id + "/cancel"))
			.header("Origin", "http://localhost:" + this.port)
			.header("Sec-Fetch-Site", "same-origin")
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(sameOrigin.status()).isEqualTo(200);
	}

	@Test
	void workflowsAreFilteredByStatusAndNameAndPagedByCursor() throws Exception {
		String name = workflowName();
		List<WorkflowId> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.taskFlow.workflows()
				.start(Workflow.chain(name, JobRequest.of("dashboard.echo", Map.of("n", i)).queue(queue()))));
		}
		for (WorkflowId id : ids) {
			finished(id);
		}
		WorkflowId waiting = this.taskFlow.workflows()
			.start(Workflow.named(name).step(Step.of("later", later())).step(Step.of("then", echo()).after("later")));
		JsonNode first = get("/taskflow/api/v1/workflows?name=" + name + "&limit=2").json();
		assertThat(workflowIds(first)).containsExactly(waiting, ids.get(2));
		JsonNode running = first.get("workflows").get(0);
		assertThat(running.get("name").asString()).isEqualTo(name);
		assertThat(running.get("status").asString()).isEqualTo("RUNNING");
		assertThat(running.get("failurePolicy").asString()).isEqualTo("CANCEL_DOWNSTREAM");
		assertThat(running.get("createdAt").isString()).isTrue();
		assertThat(running.get("finishedAt").isNull()).isTrue();
		assertThat(running.get("stepCount").asInt()).isEqualTo(2);
		assertThat(running.get("stepCounts").get("PENDING").asInt()).isOne();
		assertThat(running.get("stepCounts").get("BLOCKED").asInt()).isOne();
		assertThat(running.get("stepCounts").get("SUCCEEDED").asInt()).isZero();
		assertThat(running.has("steps")).isFalse();
		JsonNode succeeded = first.get("workflows").get(1);
		assertThat(succeeded.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(succeeded.get("finishedAt").isString()).isTrue();
		assertThat(succeeded.get("stepCounts").get("SUCCEEDED").asInt()).isOne();
		JsonNode second = get(
				"/taskflow/api/v1/workflows?name=" + name + "&limit=2&after=" + first.get("nextCursor").asString())
			.json();
		assertThat(workflowIds(second)).containsExactly(ids.get(1), ids.get(0));
		assertThat(second.get("nextCursor").isNull()).isTrue();
		assertThat(workflowIds(get("/taskflow/api/v1/workflows?name=" + name + "&status=SUCCEEDED").json()))
			.containsExactly(ids.get(2), ids.get(1), ids.get(0));
		assertThat(workflowIds(get("/taskflow/api/v1/workflows?name=" + name + "&status=running,failed").json()))
			.containsExactly(waiting);
		assertThat(workflowIds(
				get("/taskflow/api/v1/workflows?name=" + name + "&status=FAILED&status=COMPENSATED").json()))
			.isEmpty();
		assertThat(workflowIds(get("/taskflow/api/v1/workflows?name=" + workflowName()).json())).isEmpty();
		Response status = get("/taskflow/api/v1/workflows?status=LOST");
		assertThat(status.status()).isEqualTo(400);
		assertThat(status.contentType()).startsWith("application/problem+json");
		assertThat(status.json().get("detail").asString()).isEqualTo("'LOST' is not a workflow status: use one of"
				+ " [RUNNING, SUCCEEDED, FAILED, COMPENSATING, COMPENSATED, CANCELLED]");
		assertThat(get("/taskflow/api/v1/workflows?limit=5000").json().get("detail").asString())
			.contains("between 1 and 1000");
		assertThat(get("/taskflow/api/v1/workflows?limit=many").json().get("detail").asString())
			.isEqualTo("'limit' must be a number, was 'many'");
		assertThat(get("/taskflow/api/v1/workflows?after=nonsense").status()).isEqualTo(400);
		this.taskFlow.workflows().cancel(waiting);
	}

	@Test
	void aWorkflowShowsItsStepsWithTheirJobsAsTheyRun() throws Exception {
		String queue = queue();
		String hold = "hold-" + UUID.randomUUID();
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named(workflowName())
				.step(Step.of("charge", echo()).compensateWith(echo()))
				.step(Step.group("stock", List.of(echo(), echo(), echo())).after("charge"))
				.step(Step.of("split", JobRequest.of("dashboard.spawn", 4)).after("charge"))
				.step(Step.of("ship", JobRequest.of("dashboard.hold", hold)).after("stock", "split"))
				.step(Step.of("notify", JobRequest.of("dashboard.echo").queue(queue))
					.after("ship")
					.onFailure(FailurePolicy.CONTINUE)));
		try {
			await().atMost(FINISH_WITHIN)
				.until(() -> this.taskFlow.workflows().find(id).orElseThrow().step("ship").orElseThrow().status(),
						(status) -> status == JobStatus.RUNNING);
			JsonNode workflow = get("/taskflow/api/v1/workflows/" + id).json();
			assertThat(workflow.get("id").asString()).isEqualTo(id.toString());
			assertThat(workflow.get("status").asString()).isEqualTo("RUNNING");
			assertThat(workflow.get("stepCount").asInt()).isEqualTo(5);
			assertThat(workflow.get("actions").get("cancel").asBoolean()).isTrue();
			assertThat(workflow.get("actions").get("retry").asBoolean()).isFalse();
			JsonNode steps = workflow.get("steps");
			assertThat(steps.findValuesAsString("name")).containsExactly("charge", "stock", "split", "ship", "notify");
			assertThat(steps.findValuesAsString("status")).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED",
					"RUNNING", "BLOCKED");
			JsonNode charge = steps.get(0);
			assertThat(charge.get("after")).isEmpty();
			assertThat(charge.get("failurePolicy").isNull()).isTrue();
			assertThat(charge.get("jobIds")).hasSize(1);
			assertThat(charge.get("compensationJobId").isNull()).isTrue();
			assertThat(charge.get("compensationStatus").isNull()).isTrue();
			assertThat(this.taskFlow.find(JobId.parse(charge.get("jobIds").get(0).asString())).orElseThrow().status())
				.isEqualTo(JobStatus.SUCCEEDED);
			assertThat(steps.get(1).get("jobIds")).hasSize(3);
			assertThat(steps.get(1).get("after").toString()).isEqualTo("[\"charge\"]");
			assertThat(steps.get(2).get("spawnedJobs").asInt()).isEqualTo(4);
			assertThat(steps.get(2).get("unfinishedJobs").asInt()).isZero();
			assertThat(steps.get(3).get("after").valueStream().map(JsonNode::asString))
				.containsExactlyInAnyOrder("stock", "split");
			assertThat(steps.get(3).get("unfinishedJobs").asInt()).isOne();
			JsonNode notify = steps.get(4);
			assertThat(notify.get("failurePolicy").asString()).isEqualTo("CONTINUE");
			assertThat(workflow.get("stepCounts").get("SUCCEEDED").asInt()).isEqualTo(3);
			assertThat(workflow.get("stepCounts").get("RUNNING").asInt()).isOne();
			assertThat(workflow.get("stepCounts").get("BLOCKED").asInt()).isOne();
			// a blocked step's job: found by its status, and none of the job actions
			// applies to it
			String blocked = notify.get("jobIds").get(0).asString();
			assertThat(ids(get("/taskflow/api/v1/jobs?queue=" + queue + "&status=BLOCKED").json()))
				.containsExactly(JobId.parse(blocked));
			JsonNode blockedJob = get("/taskflow/api/v1/jobs/" + blocked).json();
			assertThat(blockedJob.get("status").asString()).isEqualTo("BLOCKED");
			assertThat(blockedJob.get("workflowId").asString()).isEqualTo(id.toString());
			assertThat(blockedJob.get("stepName").asString()).isEqualTo("notify");
			assertThat(blockedJob.get("actions").get("cancel").asBoolean()).isFalse();
			assertThat(blockedJob.get("actions").get("retry").asBoolean()).isFalse();
			assertThat(blockedJob.get("actions").get("delete").asBoolean()).isFalse();
			Response refused = post("/taskflow/api/v1/jobs/delete",
					Map.of("filter", Map.of("queue", queue, "status", List.of("BLOCKED"))));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.json().get("detail").asString()).startsWith("Only finished jobs can be deleted");
			assertThat(this.taskFlow.find(JobId.parse(blocked))).isPresent();
		}
		finally {
			DashboardTestApplication.Handlers.release(hold);
		}
		assertThat(finished(id).status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		JsonNode done = get("/taskflow/api/v1/workflows/" + id).json();
		assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("finishedAt").isString()).isTrue();
		assertThat(done.get("actions").get("cancel").asBoolean()).isFalse();
		assertThat(done.get("actions").get("retry").asBoolean()).isFalse();
	}

	@Test
	void aCompensatedWorkflowShowsItsCompensations() throws Exception {
		WorkflowId id = this.taskFlow.workflows()
			.start(Workflow.named(workflowName())
				.step(Step.of("pay", echo()).compensateWith(echo()))
				.step(Step.of("book", JobRequest.of("dashboard.fail").maxAttempts(1)).after("pay"))
				.onFailure(FailurePolicy.COMPENSATE));
		assertThat(finished(id).status()).isEqualTo(WorkflowStatus.COMPENSATED);
		JsonNode workflow = get("/taskflow/api/v1/workflows/" + id).json();
		assertThat(workflow.get("status").asString()).isEqualTo("COMPENSATED");
		assertThat(workflow.get("failurePolicy").asString()).isEqualTo("COMPENSATE");
		JsonNode pay = workflow.get("steps").get(0);
		assertThat(pay.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(pay.get("compensationStatus").asString()).isEqualTo("SUCCEEDED");
		JobId compensation = JobId.parse(pay.get("compensationJobId").asString());
		assertThat(this.taskFlow.find(compensation).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(workflow.get("steps").get(1).get("status").asString()).isEqualTo("FAILED");
		assertThat(workflow.get("actions").get("cancel").asBoolean()).isFalse();
	}

	@Test
	void aRunningWorkflowIsCancelledOnceAndAnUnknownOneIsNotFound() throws Exception {
		WorkflowId waiting = this.taskFlow.workflows()
			.start(Workflow.named(workflowName())
				.step(Step.of("later", later()))
				.step(Step.of("then", echo()).after("later")));
		Response cancelled = post("/taskflow/api/v1/workflows/" + waiting + "/cancel", null);
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.json().get("steps").findValuesAsString("status")).containsExactly("CANCELLED",
				"CANCELLED");
		assertThat(cancelled.json().get("actions").get("cancel").asBoolean()).isFalse();
		assertThat(this.taskFlow.workflows().find(waiting).orElseThrow().status()).isEqualTo(WorkflowStatus.CANCELLED);
		Response again = post("/taskflow/api/v1/workflows/" + waiting + "/cancel", null);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.json().get("detail").asString())
			.isEqualTo("Workflow " + waiting + " is CANCELLED: only RUNNING workflows can be cancelled");
		// a running step is asked to stop: the workflow is cancelled once it has
		String hold = "hold-" + UUID.randomUUID();
		WorkflowId running = this.taskFlow.workflows()
			.start(Workflow.named(workflowName())
				.step(Step.of("hold", JobRequest.of("dashboard.hold", hold)))
				.step(Step.of("then", echo()).after("hold")));
		try {
			await().atMost(FINISH_WITHIN)
				.until(() -> this.taskFlow.workflows().find(running).orElseThrow().step("hold").orElseThrow().status(),
						(status) -> status == JobStatus.RUNNING);
			JsonNode cancelling = post("/taskflow/api/v1/workflows/" + running + "/cancel", null).json();
			assertThat(cancelling.get("status").asString()).isEqualTo("RUNNING");
			assertThat(cancelling.get("steps").get(1).get("status").asString()).isEqualTo("CANCELLED");
			assertThat(post("/taskflow/api/v1/workflows/" + running + "/cancel", null).json().get("detail").asString())
				.isEqualTo("Workflow " + running
						+ " is being cancelled already: it ends CANCELLED once its running steps stop");
		}
		finally {
			DashboardTestApplication.Handlers.release(hold);
		}
		assertThat(finished(running).status()).isEqualTo(WorkflowStatus.CANCELLED);
		String unknown = UUID.randomUUID().toString();
		for (Response missing : List.of(get("/taskflow/api/v1/workflows/" + unknown),
				post("/taskflow/api/v1/workflows/" + unknown + "/cancel", null))) {
			assertThat(missing.status()).isEqualTo(404);
			assertThat(missing.json().get("detail").asString()).isEqualTo("There is no workflow " + unknown);
		}
		Response malformed = get("/taskflow/api/v1/workflows/not-a-uuid");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("detail").asString())
			.isEqualTo("'not-a-uuid' is not a workflow id: a workflow id is a UUID");
	}

	@Test
	void aFailedWorkflowIsRetriedAndOthersAreNot() throws Exception {
		WorkflowId failed = this.taskFlow.workflows()
			.start(Workflow.named(workflowName())
				.step(Step.of("a", echo()))
				.step(Step.of("b", JobRequest.of("dashboard.fail").maxAttempts(1)).after("a")));
		assertThat(finished(failed).status()).isEqualTo(WorkflowStatus.FAILED);
		JsonNode before = get("/taskflow/api/v1/workflows/" + failed).json();
		assertThat(before.get("actions").get("retry").asBoolean()).isTrue();
		assertThat(before.get("actions").get("cancel").asBoolean()).isFalse();
		JobId b = JobId.parse(before.get("steps").get(1).get("jobIds").get(0).asString());
		Response retried = post("/taskflow/api/v1/workflows/" + failed + "/retry", null);
		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.json().get("id").asString()).isEqualTo(failed.toString());
		// the failed step ran again, and failed again
		await().atMost(FINISH_WITHIN).until(() -> this.taskFlow.attempts(b).size() > 1);
		assertThat(finished(failed).status()).isEqualTo(WorkflowStatus.FAILED);
		WorkflowId succeeded = this.taskFlow.workflows().start(Workflow.chain(workflowName(), echo()));
		finished(succeeded);
		Response refused = post("/taskflow/api/v1/workflows/" + succeeded + "/retry", null);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("detail").asString())
			.isEqualTo("Workflow " + succeeded + " is SUCCEEDED: only FAILED or CANCELLED workflows can be retried");
		String unknown = UUID.randomUUID().toString();
		Response missing = post("/taskflow/api/v1/workflows/" + unknown + "/retry", null);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("detail").asString()).isEqualTo("There is no workflow " + unknown);
	}

	@Test
	void twentyOpenDashboardsAreUpdatedFromOneReadPerInterval() throws Exception {
		List<LiveStream> streams = new ArrayList<>();
		try {
			long readsBefore = this.dashboard.liveReads();
			for (int i = 0; i < 20; i++) {
				streams.add(LiveStream.open(this.http, uri("/taskflow/api/v1/events")));
			}
			await().atMost(FINISH_WITHIN).until(() -> streams.stream().allMatch((stream) -> stream.snapshots() >= 3));
			long reads = this.dashboard.liveReads() - readsBefore;
			int slowest = streams.stream().mapToInt(LiveStream::snapshots).min().orElseThrow();
			int fastest = streams.stream().mapToInt(LiveStream::snapshots).max().orElseThrow();
			// each read went to every stream: as many reads as one stream got snapshots
			// (give or take the one a late stream got from the cache), not twenty times
			assertThat(reads).isBetween((long) slowest - 1, (long) fastest + 1);
			assertThat(streams.get(0).lastData()).contains("\"counts\"");
		}
		finally {
			streams.forEach(LiveStream::close);
		}
		// nobody watches: the reads stop
		await().atMost(FINISH_WITHIN).until(() -> {
			long reads = this.dashboard.liveReads();
			TimeUnit.MILLISECONDS.sleep(600);
			return this.dashboard.liveReads() == reads;
		});
	}

	@Test
	void everyRouteOfTheApiIsDocumented() {
		JsonNode document = get(OPENAPI_BASE + "/openapi.json").json();
		assertThat(document.get("openapi").asString()).startsWith("3.");
		assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo(OPENAPI_BASE);
		Set<String> documented = new TreeSet<>();
		document.get("paths").properties().forEach((path) -> path.getValue().propertyNames().forEach((method) -> {
			if (!method.equals("parameters")) {
				documented.add(method.toUpperCase() + " " + OPENAPI_BASE + path.getKey());
			}
		}));
		Set<String> routed = new TreeSet<>(ApiRoutes.of(this.dashboard.routes()));
		routed.removeIf((route) -> !route.contains(OPENAPI_BASE));
		assertThat(routed).isNotEmpty().isEqualTo(documented);
	}

	@Test
	void everyDocumentedOperationAnswersAsDocumented() throws Exception {
		JsonNode document = get(OPENAPI_BASE + "/openapi.json").json();
		String queue = queue();
		JobId failed = this.taskFlow.enqueue(JobRequest.of("dashboard.fail").queue(queue).maxAttempts(1));
		JobId cancelled = this.taskFlow
			.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		JobId pending = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)));
		JobId done = this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue));
		this.taskFlow.cancel(cancelled);
		awaitStatus(failed, JobStatus.FAILED);
		awaitStatus(done, JobStatus.SUCCEEDED);
		String workflowName = workflowName();
		WorkflowId runningWorkflow = this.taskFlow.workflows()
			.start(Workflow.named(workflowName).step(Step.of("later", later())));
		WorkflowId failedWorkflow = this.taskFlow.workflows()
			.start(Workflow.named(workflowName).step(Step.of("fail", JobRequest.of("dashboard.fail").maxAttempts(1))));
		finished(failedWorkflow);
		Instant now = Instant.now();
		Map<String, Function<JsonNode, Response>> calls = new LinkedHashMap<>();
		calls.put("getOpenApi", (op) -> get(OPENAPI_BASE + "/openapi.json"));
		calls.put("getOverview", (op) -> get(OPENAPI_BASE + "/overview"));
		calls.put("streamEvents", (op) -> {
			try (LiveStream stream = LiveStream.open(this.http, uri(OPENAPI_BASE + "/events"))) {
				await().atMost(FINISH_WITHIN).until(() -> stream.snapshots() > 0);
				return new Response(200, "text/event-stream", "");
			}
		});
		calls.put("getStats", (op) -> get(OPENAPI_BASE + "/stats?range=24h"));
		calls.put("listNodes", (op) -> get(OPENAPI_BASE + "/nodes"));
		String local = localNodeId();
		calls.put("drainNode", (op) -> post(OPENAPI_BASE + "/nodes/" + local + "/drain", null));
		calls.put("undrainNode", (op) -> post(OPENAPI_BASE + "/nodes/" + local + "/undrain", null));
		calls.put("listHandlers", (op) -> get(OPENAPI_BASE + "/handlers"));
		calls.put("listJobs", (op) -> get(OPENAPI_BASE + "/jobs?queue=" + queue + "&status=FAILED&limit=10"));
		calls.put("enqueueJob",
				(op) -> post(OPENAPI_BASE + "/jobs", Map.of("handler", "dashboard.echo", "queue", queue)));
		calls.put("countJobs", (op) -> get(OPENAPI_BASE + "/jobs/count?queue=" + queue));
		calls.put("retryJobs", (op) -> post(OPENAPI_BASE + "/jobs/retry", Map.of("ids", List.of(failed.toString()))));
		calls.put("cancelJobs",
				(op) -> post(OPENAPI_BASE + "/jobs/cancel", Map.of("ids", List.of(pending.toString()))));
		calls.put("moveJobs", (op) -> post(OPENAPI_BASE + "/jobs/move",
				Map.of("filter", Map.of("queue", queue), "toQueue", queue + "-moved")));
		calls.put("deleteJobs", (op) -> post(OPENAPI_BASE + "/jobs/delete",
				Map.of("filter", Map.of("queue", queue, "status", List.of("SUCCEEDED")))));
		calls.put("getJob", (op) -> get(OPENAPI_BASE + "/jobs/" + cancelled));
		calls.put("deleteJob", (op) -> delete(OPENAPI_BASE + "/jobs/" + cancelled));
		calls.put("retryJob",
				(op) -> post(OPENAPI_BASE + "/jobs/" + awaitStatus(failed, JobStatus.FAILED).id() + "/retry", null));
		calls.put("cancelJob",
				(op) -> post(OPENAPI_BASE + "/jobs/"
						+ this.taskFlow.enqueue(JobRequest.of("dashboard.echo").queue(queue).delay(Duration.ofHours(1)))
						+ "/cancel", null));
		calls.put("listWorkflows",
				(op) -> get(OPENAPI_BASE + "/workflows?name=" + workflowName + "&status=RUNNING,FAILED&limit=10"));
		calls.put("getWorkflow", (op) -> get(OPENAPI_BASE + "/workflows/" + runningWorkflow));
		calls.put("cancelWorkflow", (op) -> post(OPENAPI_BASE + "/workflows/" + runningWorkflow + "/cancel", null));
		calls.put("retryWorkflow", (op) -> post(OPENAPI_BASE + "/workflows/" + failedWorkflow + "/retry", null));
		calls.put("listQueues", (op) -> get(OPENAPI_BASE + "/queues"));
		calls.put("pauseQueue", (op) -> post(OPENAPI_BASE + "/queues/" + queue + "/pause", null));
		calls.put("resumeQueue", (op) -> post(OPENAPI_BASE + "/queues/" + queue + "/resume", null));
		calls.put("setQueueLimits",
				(op) -> put(OPENAPI_BASE + "/queues/" + queue + "/limits", Map.of("concurrency", 2)));
		calls.put("clearQueueLimits", (op) -> delete(OPENAPI_BASE + "/queues/" + queue + "/limits"));
		calls.put("listSchedules", (op) -> get(OPENAPI_BASE + "/schedules"));
		calls.put("getSchedule", (op) -> get(OPENAPI_BASE + "/schedules/dashboard.nightly"));
		calls.put("triggerSchedule", (op) -> post(OPENAPI_BASE + "/schedules/dashboard.nightly/trigger", null));
		calls.put("pauseSchedule", (op) -> post(OPENAPI_BASE + "/schedules/dashboard.nightly/pause", null));
		calls.put("resumeSchedule", (op) -> post(OPENAPI_BASE + "/schedules/dashboard.nightly/resume", null));
		calls.put("backfillSchedule", (op) -> post(OPENAPI_BASE + "/schedules/dashboard.hourly/backfill", Map.of("from",
				now.minus(Duration.ofHours(22)).toString(), "to", now.minus(Duration.ofHours(20)).toString())));
		Map<String, JsonNode> operations = new LinkedHashMap<>();
		document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((method) -> {
			operations.put(method.getValue().get("operationId").asString(), method.getValue());
		}));
		assertThat(calls.keySet()).as("operations called by this test").isEqualTo(operations.keySet());
		operations.forEach((id, operation) -> {
			Response response = calls.get(id).apply(operation);
			JsonNode documented = operation.get("responses").get(Integer.toString(response.status()));
			assertThat(documented).as(id + " answered " + response.status() + " " + response.body()).isNotNull();
			assertThat(response.status()).as(id + " answered " + response.body()).isBetween(200, 299);
			JsonNode content = documented.get("content");
			if (content != null && content.has("application/json")) {
				assertThat(response.contentType()).as(id).startsWith("application/json");
				assertMatches(document, content.get("application/json").get("schema"), response.json(), id);
			}
		});
	}

	// the required properties of the documented schema are there, and nothing it does
	// not name; one level down into arrays
	private static void assertMatches(JsonNode document, JsonNode schema, JsonNode value, String where) {
		JsonNode resolved = resolve(document, schema);
		if (resolved.has("items") && value.isArray()) {
			value.forEach((item) -> assertMatches(document, resolved.get("items"), item, where + "[]"));
			return;
		}
		List<JsonNode> parts = new ArrayList<>();
		if (resolved.has("allOf")) {
			resolved.get("allOf").forEach((part) -> parts.add(resolve(document, part)));
		}
		else {
			parts.add(resolved);
		}
		Set<String> named = new TreeSet<>();
		for (JsonNode part : parts) {
			if (part.has("required")) {
				part.get("required")
					.forEach((name) -> assertThat(value.has(name.asString()))
						.as(where + " lacks the required " + name.asString() + ": " + value)
						.isTrue());
			}
			if (part.has("properties")) {
				named.addAll(part.get("properties").propertyNames());
			}
		}
		if (!named.isEmpty() && value.isObject()) {
			value.propertyNames()
				.forEach((name) -> assertThat(named).as(where + " answers " + name + ", which is not documented")
					.contains(name));
		}
	}

	private static JsonNode resolve(JsonNode document, JsonNode schema) {
		if (schema.has("$ref")) {
			String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
			return document.get("components").get("schemas").get(name);
		}
		return schema;
	}

	JobView awaitStatus(JobId id, JobStatus status) {
		await().atMost(FINISH_WITHIN)
			.until(() -> this.taskFlow.find(id).map(JobView::status).orElse(null), (actual) -> actual == status);
		return this.taskFlow.find(id).orElseThrow();
	}

	WorkflowView finished(WorkflowId id) throws Exception {
		return this.taskFlow.workflows().whenFinished(id).get(FINISH_WITHIN.toSeconds(), TimeUnit.SECONDS);
	}

	static JobRequest echo() {
		return JobRequest.of("dashboard.echo");
	}

	// a step that stays pending for the length of any test
	static JobRequest later() {
		return JobRequest.of("dashboard.echo").delay(Duration.ofHours(1));
	}

	static String workflowName() {
		return "dash-wf-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static List<WorkflowId> workflowIds(JsonNode page) {
		List<WorkflowId> ids = new ArrayList<>();
		page.get("workflows").forEach((workflow) -> ids.add(WorkflowId.parse(workflow.get("id").asString())));
		return ids;
	}

	static String queue() {
		return "dash-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static List<JobId> ids(JsonNode page) {
		List<JobId> ids = new ArrayList<>();
		page.get("jobs").forEach((job) -> ids.add(JobId.parse(job.get("id").asString())));
		return ids;
	}

	static JsonNode find(JsonNode array, String name) {
		return find(array, name, "name");
	}

	static JsonNode find(JsonNode array, String value, String property) {
		for (JsonNode entry : array) {
			if (value.equals(entry.get(property).asString())) {
				return entry;
			}
		}
		throw new AssertionError("No entry of " + property + " " + value + " in " + array);
	}

	String localNodeId() {
		for (JsonNode node : get("/taskflow/api/v1/nodes").json()) {
			if (node.get("local").asBoolean()) {
				return node.get("id").asString();
			}
		}
		throw new AssertionError("No local node");
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	Response put(String path, Object body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
	}

	Response post(String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (body == null) {
			return send(request.POST(HttpRequest.BodyPublishers.noBody()));
		}
		return send(request.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
	}

	Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String contentType, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
