package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import brave.handler.MutableSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.RowCallbackHandler;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces joined across enqueue and execution, on one node and across nodes, and
 * correlation ids, on a real database. The tracer is Micrometer Tracing over Brave with
 * W3C propagation, wired as Spring Boot wires it.
 *
 * @author TaskFlow
 */
abstract class AbstractTracingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepare() {
		this.nodes = new TestNodes(database());
		TracingTestConfiguration.reset();
		TracingTestHandlers.reset();
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode startTracedNode(String nodeId, String... properties) {
		return startNode(nodeId, List.of(TracingTestHandlers.class, TracingTestConfiguration.class), properties);
	}

	private TestNode startUntracedNode(String nodeId, String... properties) {
		return startNode(nodeId, List.of(TracingTestHandlers.class), properties);
	}

	private TestNode startNode(String nodeId, List<Class<?>> configurations, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.taskflow.worker.node-id=" + nodeId);
		return this.nodes.start(configurations, null, all.toArray(String[]::new));
	}

	@Test
	void executionContinuesTheTraceOfTheEnqueueingSpan() {
		TestNode node = startTracedNode("node-a");
		Traced<JobId> request = inRequestSpan(node, () -> node.taskFlow().enqueue(JobRequest.of("trace.work")));
		JobId id = request.result();
		awaitSucceeded(node, id);
		MutableSpan enqueue = awaitSpan("enqueue of " + id, producerOf(id));
		MutableSpan execution = awaitSpan("execution of " + id, consumerOf(id));
		MutableSpan handlerSpan = awaitSpan("the handler's span",
				(span) -> "handler.work".equals(span.name()) && execution.id().equals(span.parentId()));
		assertThat(enqueue.traceId()).isEqualTo(request.traceId());
		assertThat(enqueue.parentId()).as("enqueue is a child of the request").isEqualTo(request.spanId());
		assertThat(enqueue.name()).isEqualTo("enqueue trace.work");
		assertThat(enqueue.tags()).containsEntry("taskflow.handler", "trace.work")
			.containsEntry("taskflow.queue", "default")
			.containsEntry("taskflow.job.id", id.toString());
		assertThat(execution.traceId()).as("one trace from request to execution").isEqualTo(request.traceId());
		assertThat(execution.parentId()).as("execution is a child of the enqueue").isEqualTo(enqueue.id());
		assertThat(execution.name()).isEqualTo("execute trace.work");
		assertThat(execution.tags()).containsEntry("taskflow.handler", "trace.work")
			.containsEntry("taskflow.queue", "default")
			.containsEntry("taskflow.attempt", "1");
		assertThat(handlerSpan.traceId()).isEqualTo(request.traceId());
		assertThat(TracingTestHandlers.seen.get(id.value()).spanId()).as("the handler runs in the execution's scope")
			.isEqualTo(execution.id());
		assertThat(storedTraceParent(node, id)).isEqualTo("00-" + request.traceId() + "-" + enqueue.id() + "-01");
	}

	@Test
	void traceCrossesToAJobRunOnAnotherNode() {
		TestNode enqueuer = startTracedNode("node-a", "spring.taskflow.worker.enabled=false");
		startTracedNode("node-b");
		Traced<JobId> request = inRequestSpan(enqueuer, () -> enqueuer.taskFlow().enqueue(JobRequest.of("trace.work")));
		JobId id = request.result();
		awaitSucceeded(enqueuer, id);
		MutableSpan enqueue = awaitSpan("enqueue of " + id, producerOf(id));
		MutableSpan execution = awaitSpan("execution of " + id, consumerOf(id));
		assertThat(enqueue.localServiceName()).isEqualTo("node-a");
		assertThat(execution.localServiceName()).as("run by the other node").isEqualTo("node-b");
		assertThat(execution.traceId()).isEqualTo(request.traceId());
		assertThat(execution.parentId()).isEqualTo(enqueue.id());
		assertThat(enqueue.parentId()).isEqualTo(request.spanId());
	}

	@Test
	void jobEnqueuedWithoutACurrentSpanRunsInTheTraceItsEnqueueStarts() {
		TestNode node = startTracedNode("node-a");
		JobId id = node.taskFlow().enqueue(JobRequest.of("trace.work"));
		awaitSucceeded(node, id);
		MutableSpan enqueue = awaitSpan("enqueue of " + id, producerOf(id));
		MutableSpan execution = awaitSpan("execution of " + id, consumerOf(id));
		assertThat(enqueue.parentId()).as("a new trace").isNull();
		assertThat(execution.traceId()).isEqualTo(enqueue.traceId());
		assertThat(execution.parentId()).isEqualTo(enqueue.id());
	}

	@Test
	void jobStoredWithoutATraceParentRunsInANewTrace() {
		TestNode enqueuer = startUntracedNode("node-a", "spring.taskflow.worker.enabled=false");
		TestNode worker = startTracedNode("node-b");
		JobId id = enqueuer.taskFlow().enqueue(JobRequest.of("trace.work"));
		awaitSucceeded(worker, id);
		assertThat(storedTraceParent(worker, id)).isNull();
		MutableSpan execution = awaitSpan("execution of " + id, consumerOf(id));
		assertThat(execution.parentId()).isNull();
		assertThat(execution.traceId()).isNotBlank();
		assertThat(TracingTestHandlers.seen.get(id.value()).traceId()).isEqualTo(execution.traceId());
	}

	@Test
	void everyJobOfABatchCarriesTheTraceOfItsOneEnqueue() {
		TestNode node = startTracedNode("node-a");
		Traced<List<JobId>> request = inRequestSpan(node,
				() -> node.taskFlow()
					.enqueueAll(List.of(JobRequest.of("trace.work"), JobRequest.of("trace.work"),
							JobRequest.of("trace.work").queue("other"))));
		request.result().forEach((id) -> awaitSucceeded(node, id));
		MutableSpan enqueue = awaitSpan("the batch's enqueue",
				(span) -> span.kind() == brave.Span.Kind.PRODUCER && "3".equals(span.tag("taskflow.job.count")));
		assertThat(enqueue.tags()).containsEntry("taskflow.handler", "trace.work")
			.containsEntry("taskflow.queue", "mixed")
			.doesNotContainKey("taskflow.job.id");
		assertThat(enqueue.parentId()).isEqualTo(request.spanId());
		for (JobId id : request.result()) {
			assertThat(storedTraceParent(node, id)).isEqualTo("00-" + request.traceId() + "-" + enqueue.id() + "-01");
			MutableSpan execution = awaitSpan("execution of " + id, consumerOf(id));
			assertThat(execution.traceId()).isEqualTo(request.traceId());
			assertThat(execution.parentId()).isEqualTo(enqueue.id());
		}
		assertThat(TracingTestConfiguration.spans.stream().filter((span) -> span.kind() == brave.Span.Kind.PRODUCER))
			.as("one enqueue span for the batch")
			.hasSize(1);
	}

	@Test
	void everyStepOfAWorkflowRunsInTheTraceOfTheSpanThatStartedIt() throws Exception {
		TestNode node = startTracedNode("node-a");
		Traced<dev.taskflow.WorkflowId> request = inRequestSpan(node, () -> node.taskFlow()
			.workflows()
			.start(dev.taskflow.Workflow.named("traced")
				.step(dev.taskflow.Step.of("first", JobRequest.of("trace.work")))
				.step(dev.taskflow.Step.group("many", List.of(JobRequest.of("trace.work"), JobRequest.of("trace.work")))
					.after("first"))
				.step(dev.taskflow.Step.of("last", JobRequest.of("trace.work")).after("many"))));
		dev.taskflow.WorkflowView workflow = node.taskFlow()
			.workflows()
			.whenFinished(request.result())
			.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
		assertThat(workflow.status()).isEqualTo(dev.taskflow.WorkflowStatus.SUCCEEDED);
		List<JobId> jobs = workflow.steps().stream().flatMap((step) -> step.jobIds().stream()).toList();
		assertThat(jobs).hasSize(4);
		for (JobId id : jobs) {
			MutableSpan execution = awaitSpan("execution of " + id, consumerOf(id));
			assertThat(execution.traceId()).as("step job %s", id).isEqualTo(request.traceId());
		}
	}

	@Test
	void jobsAHandlerEnqueuesContinueItsTraceAndInheritItsCorrelationId() {
		TestNode node = startTracedNode("node-a");
		Traced<JobId> request = inRequestSpan(node,
				() -> node.taskFlow().enqueue(JobRequest.of("trace.fanout", "other-7").correlationId("order-42")));
		JobId parent = request.result();
		awaitSucceeded(node, parent);
		List<JobId> children = TracingTestHandlers.seen.get(parent.value()).enqueued();
		assertThat(children).hasSize(2);
		children.forEach((child) -> awaitSucceeded(node, child));
		JobId inheriting = children.get(0);
		JobId overriding = children.get(1);
		assertThat(node.taskFlow().find(inheriting).orElseThrow().correlationId()).isEqualTo("order-42");
		assertThat(TracingTestHandlers.seen.get(inheriting.value()).correlationId()).isEqualTo("order-42");
		assertThat(TracingTestHandlers.seen.get(inheriting.value()).mdcCorrelationId()).isEqualTo("order-42");
		assertThat(node.taskFlow().find(overriding).orElseThrow().correlationId()).isEqualTo("other-7");
		assertThat(TracingTestHandlers.seen.get(overriding.value()).mdcCorrelationId()).isEqualTo("other-7");
		MutableSpan parentExecution = awaitSpan("execution of " + parent, consumerOf(parent));
		MutableSpan childEnqueue = awaitSpan("enqueue of " + inheriting, producerOf(inheriting));
		MutableSpan childExecution = awaitSpan("execution of " + inheriting, consumerOf(inheriting));
		assertThat(parentExecution.tags()).containsEntry("taskflow.correlation.id", "order-42");
		assertThat(childEnqueue.parentId()).as("enqueued within the parent's execution")
			.isEqualTo(parentExecution.id());
		assertThat(childExecution.parentId()).isEqualTo(childEnqueue.id());
		assertThat(childExecution.traceId()).as("still the request's trace").isEqualTo(request.traceId());
	}

	@Test
	void correlationIdIsStoredAndVisibleInTheViewTheTaskContextAndTheMdc() {
		// one worker thread: the second job runs where the first ran
		TestNode node = startUntracedNode("node-a", "spring.taskflow.worker.threads=1");
		JobId correlated = node.taskFlow().enqueue(JobRequest.of("trace.work").correlationId("order-42"));
		awaitSucceeded(node, correlated);
		JobId plain = node.taskFlow().enqueue(JobRequest.of("trace.work"));
		awaitSucceeded(node, plain);
		JobView view = node.taskFlow().find(correlated).orElseThrow();
		assertThat(view.correlationId()).isEqualTo("order-42");
		assertThat(storedColumn(node, correlated, "correlation_id")).isEqualTo("order-42");
		assertThat(TracingTestHandlers.seen.get(correlated.value()).correlationId()).isEqualTo("order-42");
		assertThat(TracingTestHandlers.seen.get(correlated.value()).mdcCorrelationId()).isEqualTo("order-42");
		assertThat(node.taskFlow().find(plain).orElseThrow().correlationId()).as("nothing to inherit outside a handler")
			.isNull();
		assertThat(TracingTestHandlers.seen.get(plain.value()).correlationId()).isNull();
		assertThat(TracingTestHandlers.seen.get(plain.value()).mdcCorrelationId()).as("cleared after the first job")
			.isNull();
	}

	@Test
	void withoutAnObservationRegistryJobsRunAndStoreNoTraceParent() {
		TestNode node = startUntracedNode("node-a");
		assertThat(node.context().getBeansOfType(ObservationRegistry.class)).isEmpty();
		JobId parent = node.taskFlow().enqueue(JobRequest.of("trace.fanout").correlationId("order-42"));
		awaitSucceeded(node, parent);
		JobId child = TracingTestHandlers.seen.get(parent.value()).enqueued().get(0);
		awaitSucceeded(node, child);
		assertThat(storedTraceParent(node, parent)).isNull();
		assertThat(storedTraceParent(node, child)).isNull();
		assertThat(node.taskFlow().find(child).orElseThrow().correlationId()).isEqualTo("order-42");
	}

	private static <T> Traced<T> inRequestSpan(TestNode node, Supplier<T> action) {
		ObservationRegistry registry = node.context().getBean(ObservationRegistry.class);
		Tracer tracer = node.context().getBean(Tracer.class);
		return Observation.createNotStarted("http.request", registry).observe(() -> {
			Span span = tracer.currentSpan();
			assertThat(span).as("the request's span").isNotNull();
			return new Traced<>(action.get(), span.context().traceId(), span.context().spanId());
		});
	}

	private static void awaitSucceeded(TestNode node, JobId id) {
		Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(node.taskFlow().find(id)).hasValueSatisfying(
					(job) -> assertThat(job.status()).as(job.toString()).isEqualTo(JobStatus.SUCCEEDED)));
	}

	// the execution's span ends just after the outcome is handed on: wait for it
	private static MutableSpan awaitSpan(String description, Predicate<MutableSpan> matching) {
		return Awaitility.await(description)
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> TracingTestConfiguration.spans.stream().filter(matching).findFirst().orElse(null),
					(span) -> span != null);
	}

	private static Predicate<MutableSpan> producerOf(JobId id) {
		return (span) -> span.kind() == brave.Span.Kind.PRODUCER && id.toString().equals(span.tag("taskflow.job.id"));
	}

	private static Predicate<MutableSpan> consumerOf(JobId id) {
		return (span) -> span.kind() == brave.Span.Kind.CONSUMER && id.toString().equals(span.tag("taskflow.job.id"));
	}

	private static String storedTraceParent(TestNode node, JobId id) {
		return storedColumn(node, id, "trace_parent");
	}

	// ids are UUID, CHAR or UUID-as-text depending on the database: compare as text
	private static String storedColumn(TestNode node, JobId id, String column) {
		Map<String, String> byId = new HashMap<>();
		RowCallbackHandler rows = (rs) -> byId.put(String.valueOf(rs.getObject("id")), rs.getString(column));
		node.jdbc().query("SELECT id, " + column + " FROM taskflow_job", rows);
		assertThat(byId).as("job " + id).containsKey(id.toString());
		return byId.get(id.toString());
	}

	private record Traced<T>(T result, String traceId, String spanId) {
	}

}
