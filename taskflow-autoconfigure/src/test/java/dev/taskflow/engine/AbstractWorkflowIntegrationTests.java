package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskflow.FailurePolicy;
import dev.taskflow.InvalidWorkflowException;
import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowPage;
import dev.taskflow.WorkflowQuery;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workflows on a real database: every shape, results passed downstream, every failure
 * policy, validation before anything is stored, cancel.
 *
 * @author TaskFlow
 */
abstract class AbstractWorkflowIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepare() {
		this.nodes = new TestNodes(database());
		WorkflowTestHandlers.reset();
		ReleaseCrash.reset();
	}

	@AfterEach
	void stopNodes() {
		ReleaseCrash.reset();
		WorkflowTestHandlers.gate.countDown();
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode startNode(String... properties) {
		return this.nodes.start(List.of(WorkflowTestHandlers.class), null, properties);
	}

	private static WorkflowView finished(TaskFlow taskFlow, WorkflowId id) throws Exception {
		return taskFlow.workflows().whenFinished(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	private static JobRequest step(String name) {
		return JobRequest.of("wf.step", name);
	}

	private static Object result(TaskFlow taskFlow, WorkflowView workflow, String step) {
		JobView job = taskFlow.find(workflow.step(step).orElseThrow().jobId().orElseThrow()).orElseThrow();
		return job.result(Object.class).orElse(null);
	}

	private static void assertBefore(String first, String then) {
		long[] a = WorkflowTestHandlers.spans.get(first);
		long[] b = WorkflowTestHandlers.spans.get(then);
		assertThat(a).as(first + " ran").isNotNull();
		assertThat(b).as(then + " ran").isNotNull();
		assertThat(a[1]).as(first + " ended before " + then + " started").isLessThan(b[0]);
	}

	@Test
	void chainRunsEachStepAfterTheOneBefore() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows().start(Workflow.chain("chain", step("a"), step("b"), step("c")));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(workflow.finishedAt()).isNotNull();
		assertThat(workflow.steps()).extracting(WorkflowView.StepView::name).containsExactly("1", "2", "3");
		assertThat(workflow.steps()).allSatisfy((step) -> assertThat(step.status()).isEqualTo(JobStatus.SUCCEEDED));
		assertThat(workflow.step("2").orElseThrow().after()).containsExactly("1");
		assertBefore("a", "b");
		assertBefore("b", "c");
	}

	@Test
	void workflowStartedInTheCallersTransactionIsStoredOnlyWhenItCommits() throws Exception {
		TestNode node = startNode();
		TaskFlow taskFlow = node.taskFlow();
		TransactionTemplate transaction = new TransactionTemplate(
				node.context().getBean(PlatformTransactionManager.class));
		List<WorkflowId> rolledBack = new ArrayList<>();
		transaction.executeWithoutResult((status) -> {
			rolledBack.add(taskFlow.workflows().start(Workflow.chain("rolled-back", step("x1"), step("x2"))));
			// and one whose first step is a group of no jobs: final as it is stored
			rolledBack.add(taskFlow.workflows()
				.start(Workflow.named("rolled-back-empty")
					.step(Step.group("none", List.of()))
					.step(Step.of("after", step("x3")).after("none"))));
			status.setRollbackOnly();
		});
		WorkflowId committed = transaction
			.execute((status) -> taskFlow.workflows().start(Workflow.chain("committed", step("c1"), step("c2"))));
		assertThat(finished(taskFlow, committed).status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(rolledBack).allSatisfy((id) -> assertThat(taskFlow.workflows().find(id)).isEmpty());
		assertThat(taskFlow.jobs().list(JobQuery.all()).jobs()).extracting(JobView::workflowId)
			.containsOnly(Optional.of(committed));
		assertThat(WorkflowTestHandlers.spans).doesNotContainKeys("x1", "x2", "x3");
	}

	@Test
	void diamondJoinsBothBranchesAndReadsTheirResults() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("diamond")
				.step(Step.of("a", step("a")))
				.step(Step.of("b", step("b")).after("a"))
				.step(Step.of("c", step("c")).after("a"))
				.step(Step.of("d", JobRequest.of("wf.join", "d")).after("b", "c")));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(result(taskFlow, workflow, "d")).isEqualTo("b+c");
		assertThat(workflow.step("d").orElseThrow().after()).containsExactly("b", "c");
		assertThat(workflow.cancelRequested()).isFalse();
		assertBefore("a", "b");
		assertBefore("a", "c");
		assertBefore("b", "d");
		assertBefore("c", "d");
	}

	@Test
	void groupRunsInParallelAndTheStepAfterReadsEveryResultInOrder() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		List<JobRequest> squares = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			squares.add(JobRequest.of("wf.square", i));
		}
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("group")
				.step(Step.group("squares", squares))
				.step(Step.of("collect", JobRequest.of("wf.collect", "squares")).after("squares")));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(workflow.step("squares").orElseThrow().jobIds()).hasSize(20);
		List<Integer> expected = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			expected.add(i * i);
		}
		assertThat(result(taskFlow, workflow, "collect")).isEqualTo(expected);
	}

	@Test
	void emptyGroupFinishesAtOnceAndReleasesWhatComesAfter() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("empty")
				.step(Step.group("nothing", List.of()))
				.step(Step.of("after", step("after")).after("nothing")));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(WorkflowTestHandlers.started).containsExactly("after");
	}

	@Test
	void spawnOfNoneOneAndAThousandFinishesTheStepWhenAllSpawnedJobsHave() throws Exception {
		TaskFlow taskFlow = startNode("spring.taskflow.worker.threads=8").taskFlow();
		for (int count : new int[] { 0, 1, 1000 }) {
			WorkflowId id = taskFlow.workflows()
				.start(Workflow.named("spawn")
					.step(Step.of("split", JobRequest.of("wf.split", count)))
					.step(Step.of("sum", JobRequest.of("wf.sum", "split")).after("split")));
			WorkflowView workflow = finished(taskFlow, id);
			assertThat(workflow.status()).as("spawn of %d", count).isEqualTo(WorkflowStatus.SUCCEEDED);
			long expected = 0;
			for (int i = 1; i <= count; i++) {
				expected += (long) i * i;
			}
			assertThat(((Number) result(taskFlow, workflow, "sum")).longValue()).as("spawn of %d", count)
				.isEqualTo(expected);
			assertThat(workflow.step("split").orElseThrow().spawnedJobs()).isEqualTo(count);
		}
	}

	@Test
	void nestedFanOutCountsEveryGeneration() throws Exception {
		TaskFlow taskFlow = startNode("spring.taskflow.worker.threads=4").taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("nested")
				.step(Step.of("fan", JobRequest.of("wf.nested", 10)))
				.step(Step.of("after", step("after")).after("fan")));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		// 10 splits, each of 3 squares
		assertThat(workflow.step("fan").orElseThrow().spawnedJobs()).isEqualTo(40);
		Integer squares = startNodeJdbcCount(taskFlow, id);
		assertThat(squares).isEqualTo(30);
	}

	private Integer startNodeJdbcCount(TaskFlow taskFlow, WorkflowId id) {
		return (int) taskFlow.jobs()
			.count(dev.taskflow.JobQuery.all().handler("wf.square").status(JobStatus.SUCCEEDED));
	}

	@Test
	void cancelDownstreamCancelsEveryDependentAndLetsIndependentBranchesRun() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("downstream")
				.step(Step.of("a", step("a")))
				.step(Step.of("b", JobRequest.of("wf.fail", "b")).after("a"))
				.step(Step.of("c", step("c")).after("b"))
				.step(Step.of("d", step("d")).after("c"))
				.step(Step.of("x", step("x")).after("a")));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.FAILED);
		assertThat(workflow.step("b").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
		assertThat(workflow.step("c").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(workflow.step("d").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(workflow.step("d").orElseThrow().unfinishedJobs()).as("its job is final").isZero();
		assertThat(workflow.step("x").orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		JobView c = taskFlow.find(workflow.step("c").orElseThrow().jobId().orElseThrow()).orElseThrow();
		assertThat(c.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(c.lastError()).contains("'b'").contains("failed");
		assertThat(WorkflowTestHandlers.started).doesNotContain("c", "d");
	}

	@Test
	void continueRunsDependentsWithoutTheFailedParentsResult() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("continue")
				.step(Step.of("b", step("b")))
				.step(Step.of("c", JobRequest.of("wf.fail", "c")))
				.step(Step.of("d", JobRequest.of("wf.join", "d")).after("b", "c"))
				.onFailure(FailurePolicy.CONTINUE));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.FAILED);
		assertThat(workflow.step("d").orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(result(taskFlow, workflow, "d")).isEqualTo("b+none");
		assertThat(WorkflowTestHandlers.failedParents.get("d")).containsExactly("c");
	}

	@Test
	void stepPolicyOverridesTheWorkflows() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("override")
				.step(Step.of("a", JobRequest.of("wf.fail", "a")).onFailure(FailurePolicy.CONTINUE))
				.step(Step.of("b", step("b")).after("a")));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.step("b").orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(workflow.step("a").orElseThrow().failurePolicy()).isEqualTo(FailurePolicy.CONTINUE);
	}

	@Test
	void compensateRunsTheCompensationsOfSucceededStepsInReverseOrder() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("checkout")
				.step(Step.of("charge", step("charge")).compensateWith(step("refund")))
				.step(Step.of("reserve", step("reserve")).after("charge").compensateWith(step("release")))
				.step(Step.of("label", step("label")).after("reserve"))
				.step(Step.of("ship", JobRequest.of("wf.fail", "ship")).after("label"))
				.step(Step.of("mail", step("mail")).after("ship").compensateWith(step("unmail")))
				.onFailure(FailurePolicy.COMPENSATE));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.COMPENSATED);
		assertThat(WorkflowTestHandlers.started).containsExactly("charge", "reserve", "label", "ship", "release",
				"refund");
		assertBefore("release", "refund");
		assertThat(workflow.step("mail").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(workflow.steps()).allSatisfy((step) -> assertThat(step.unfinishedJobs()).isZero());
		assertThat(workflow.step("charge").orElseThrow().compensationStatus()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(workflow.step("mail").orElseThrow().compensationJobId()).isNull();
	}

	@Test
	void compensationThatFailsForGoodFailsTheWorkflowAfterTheOthersRan() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("checkout")
				.step(Step.of("charge", step("charge")).compensateWith(step("refund")))
				.step(Step.of("reserve", step("reserve"))
					.after("charge")
					.compensateWith(JobRequest.of("wf.fail", "release")))
				.step(Step.of("ship", JobRequest.of("wf.fail", "ship")).after("reserve"))
				.onFailure(FailurePolicy.COMPENSATE));
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.FAILED);
		assertThat(WorkflowTestHandlers.started).containsExactly("charge", "reserve", "ship", "release", "refund");
	}

	@Test
	void invalidWorkflowsAreRefusedBeforeAnythingIsStored() {
		TestNode node = startNode();
		TaskFlow taskFlow = node.taskFlow();
		assertThatThrownBy(() -> taskFlow.workflows().start(Workflow.named("empty")))
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("has no steps");
		assertThatThrownBy(() -> taskFlow.workflows()
			.start(Workflow.named("twice").step(Step.of("a", step("a"))).step(Step.of("a", step("b")))))
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("two steps named 'a'");
		assertThatThrownBy(() -> taskFlow.workflows()
			.start(Workflow.named("unknown").step(Step.of("a", step("a")).after("nowhere"))))
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("'nowhere'");
		assertThatThrownBy(() -> taskFlow.workflows()
			.start(Workflow.named("cycle")
				.step(Step.of("a", step("a")).after("c"))
				.step(Step.of("b", step("b")).after("a"))
				.step(Step.of("c", step("c")).after("b"))))
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("cycle")
			.hasMessageContaining("a -> b -> c -> a");
		assertThatThrownBy(() -> taskFlow.workflows()
			.start(Workflow.named("handler").step(Step.of("a", JobRequest.of("no.such.handler", "x")))))
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("no.such.handler");
		assertThatThrownBy(
				() -> taskFlow.workflows().start(Workflow.named("keyed").step(Step.of("a", step("a").uniqueKey("k")))))
			.isInstanceOf(InvalidWorkflowException.class)
			.hasMessageContaining("unique key");
		assertThat(node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_workflow", Integer.class)).isZero();
		assertThat(node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_step", Integer.class)).isZero();
		assertThat(node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job", Integer.class)).isZero();
	}

	@Test
	void cancelStopsWhatWaitsAndEndsCancelledOnceRunningStepsFinish() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowTestHandlers.gate = new CountDownLatch(1);
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("cancel")
				.step(Step.of("a", JobRequest.of("wf.gated", "a")))
				.step(Step.of("b", step("b")).after("a")));
		Awaitility.await().atMost(TIMEOUT).until(() -> WorkflowTestHandlers.started.contains("a"));
		assertThat(taskFlow.workflows().find(id).orElseThrow().step("a").orElseThrow().status())
			.isEqualTo(JobStatus.RUNNING);
		assertThat(taskFlow.workflows().cancel(id)).isTrue();
		assertThat(taskFlow.workflows().cancel(id)).isFalse();
		WorkflowView cancelling = taskFlow.workflows().find(id).orElseThrow();
		assertThat(cancelling.status()).isEqualTo(WorkflowStatus.RUNNING);
		assertThat(cancelling.cancelRequested()).isTrue();
		assertThat(cancelling.step("b").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		WorkflowTestHandlers.gate.countDown();
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.CANCELLED);
		assertThat(WorkflowTestHandlers.started).containsExactly("a");
	}

	@Test
	void listPagesNewestFirstAndFiltersByStatusAndName() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		List<WorkflowId> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(taskFlow.workflows().start(Workflow.chain((i % 2 == 0) ? "even" : "odd", step("s" + i))));
		}
		for (WorkflowId id : ids) {
			finished(taskFlow, id);
		}
		WorkflowPage first = taskFlow.workflows().list(WorkflowQuery.all().limit(2));
		assertThat(first.workflows()).extracting(WorkflowView::id).containsExactly(ids.get(4), ids.get(3));
		WorkflowPage second = taskFlow.workflows()
			.list(WorkflowQuery.all().limit(2).after(first.nextCursor().orElseThrow()));
		assertThat(second.workflows()).extracting(WorkflowView::id).containsExactly(ids.get(2), ids.get(1));
		assertThat(taskFlow.workflows().list(WorkflowQuery.all().name("even")).workflows()).hasSize(3);
		assertThat(taskFlow.workflows().list(WorkflowQuery.all().status(WorkflowStatus.FAILED)).workflows()).isEmpty();
		assertThat(taskFlow.workflows().list(WorkflowQuery.all().status(WorkflowStatus.SUCCEEDED)).workflows())
			.hasSize(5);
	}

	@Test
	void cancelAsksARunningStepToStopAndItEndsCancelled() throws Exception {
		TaskFlow taskFlow = startNode("spring.taskflow.worker.heartbeat-interval=100ms").taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("cooperative")
				.step(Step.of("a", JobRequest.of("wf.cooperative", "a")))
				.step(Step.of("b", step("b")).after("a")));
		Awaitility.await().atMost(TIMEOUT).until(() -> WorkflowTestHandlers.started.contains("a"));
		assertThat(taskFlow.workflows().cancel(id)).isTrue();
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.CANCELLED);
		JobView a = taskFlow.find(workflow.step("a").orElseThrow().jobId().orElseThrow()).orElseThrow();
		assertThat(a.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(a.lastError()).contains("Cancelled on request while it ran");
		assertThat(WorkflowTestHandlers.started).containsExactly("a");
	}

	@Test
	void cancelOfARunningJobThatIgnoresItInterruptsItAfterTheGrace() {
		TaskFlow taskFlow = startNode("spring.taskflow.worker.heartbeat-interval=100ms",
				"spring.taskflow.workflow.cancel-grace=200ms")
			.taskFlow();
		dev.taskflow.JobId id = taskFlow.enqueue(JobRequest.of("wf.stubborn", "plain"));
		Awaitility.await().atMost(TIMEOUT).until(() -> WorkflowTestHandlers.started.contains("plain"));
		assertThat(taskFlow.cancel(id)).isTrue();
		assertThat(taskFlow.cancel(id)).as("asked once").isFalse();
		Awaitility.await().atMost(TIMEOUT).until(() -> taskFlow.find(id).orElseThrow().status() == JobStatus.CANCELLED);
		assertThat(taskFlow.find(id).orElseThrow().lastError()).contains("Cancelled on request while it ran")
			.contains("Interrupted");
		assertThat(WorkflowTestHandlers.spans.get("plain")[1]).isNotEqualTo(Long.MAX_VALUE);
	}

	@Test
	void retryRunsWhatFailedAndWhatItBlockedAndKeepsWhatSucceeded() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("retry")
				.step(Step.of("a", step("a")))
				.step(Step.of("b", JobRequest.of("wf.flaky", "b")).after("a"))
				.step(Step.of("c", step("c")).after("b")));
		WorkflowView failed = finished(taskFlow, id);
		assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
		assertThat(taskFlow.retry(failed.step("b").orElseThrow().jobId().orElseThrow()))
			.as("a step's job is retried with its workflow")
			.isFalse();
		WorkflowTestHandlers.flakyFails = false;
		assertThat(taskFlow.workflows().retry(id)).isTrue();
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(WorkflowTestHandlers.started).containsExactly("a", "b", "b", "c");
		assertThat(taskFlow.workflows().retry(id)).as("nothing to retry").isFalse();
	}

	@Test
	void cancellingABlockedStepsJobFailsItsStepUnderThePolicy() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowTestHandlers.gate = new CountDownLatch(1);
		WorkflowId id = taskFlow.workflows()
			.start(Workflow.named("blocked")
				.step(Step.of("a", JobRequest.of("wf.gated", "a")))
				.step(Step.of("b", step("b")).after("a"))
				.step(Step.of("c", step("c")).after("b")));
		WorkflowView running = taskFlow.workflows().find(id).orElseThrow();
		dev.taskflow.JobId b = running.step("b").orElseThrow().jobId().orElseThrow();
		assertThat(taskFlow.find(b).orElseThrow().status()).isEqualTo(JobStatus.BLOCKED);
		assertThat(taskFlow.jobs().list(dev.taskflow.JobQuery.all().status(JobStatus.BLOCKED)).jobs())
			.extracting(JobView::id)
			.contains(b);
		assertThat(taskFlow.cancel(b)).isTrue();
		WorkflowTestHandlers.gate.countDown();
		WorkflowView workflow = finished(taskFlow, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.FAILED);
		assertThat(workflow.step("b").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(workflow.step("c").orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(WorkflowTestHandlers.started).containsExactly("a");
	}

	@Test
	void aNodeThatDiesBetweenTheLastParentsOutcomeAndTheReleaseLosesNothing() throws Exception {
		String[] shortLease = { "spring.taskflow.worker.lease=1s", "spring.taskflow.worker.heartbeat-interval=200ms" };
		TestNode dying = this.nodes.start(List.of(WorkflowTestHandlers.class, ReleaseCrash.class), null, shortLease);
		ReleaseCrash.armed.set(true);
		WorkflowId id = dying.taskFlow()
			.workflows()
			.start(Workflow.named("crash").step(Step.of("a", step("a"))).step(Step.of("b", step("b")).after("a")));
		Awaitility.await().atMost(TIMEOUT).until(() -> ReleaseCrash.crashes.get() > 0);
		dying.crash();
		this.nodes.stop(dying);
		assertThat(WorkflowTestHandlers.started).containsExactly("a");
		TaskFlow survivor = startNode(shortLease).taskFlow();
		WorkflowView workflow = finished(survivor, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		// the outcome rolled back with the release: a ran again, then b once
		assertThat(WorkflowTestHandlers.started).containsExactly("a", "a", "b");
	}

	@Test
	void twoNodesRacingOnTheJoinOfAThousandParentsReleaseItOnce() throws Exception {
		TaskFlow first = startNode("spring.taskflow.worker.threads=8").taskFlow();
		startNode("spring.taskflow.worker.threads=8");
		List<JobRequest> parents = new ArrayList<>();
		for (int i = 1; i <= 1000; i++) {
			parents.add(JobRequest.of("wf.square", i));
		}
		WorkflowId id = first.workflows()
			.start(Workflow.named("race")
				.step(Step.group("parents", parents))
				.step(Step.of("sum", JobRequest.of("wf.sum", "parents")).after("parents")));
		WorkflowView workflow = finished(first, id);
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		long expected = 0;
		for (int i = 1; i <= 1000; i++) {
			expected += (long) i * i;
		}
		assertThat(((Number) result(first, workflow, "sum")).longValue()).isEqualTo(expected);
		assertThat(WorkflowTestHandlers.started).containsExactly("sum");
	}

	@Test
	void listenersHearEachWorkflowStartAndFinishOnce() throws Exception {
		TaskFlow taskFlow = startNode().taskFlow();
		WorkflowId ok = taskFlow.workflows().start(Workflow.chain("fine", step("a"), step("b")));
		WorkflowId broken = taskFlow.workflows()
			.start(Workflow.named("broken").step(Step.of("x", JobRequest.of("wf.fail", "x"))));
		finished(taskFlow, ok);
		finished(taskFlow, broken);
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(WorkflowTestHandlers.workflowEvents).containsExactlyInAnyOrder(
					"started fine", "started broken", "finished fine SUCCEEDED", "finished broken FAILED"));
	}

	@Test
	void retentionPurgesAWorkflowAsOneUnitOnceItIsFinal() throws Exception {
		TestNode node = startNode("spring.taskflow.retention.succeeded=1h", "spring.taskflow.retention.failed=1h");
		TaskFlow taskFlow = node.taskFlow();
		WorkflowTestHandlers.gate = new CountDownLatch(1);
		WorkflowId old = taskFlow.workflows().start(Workflow.chain("old", step("a"), step("b")));
		WorkflowId running = taskFlow.workflows()
			.start(Workflow.named("running")
				.step(Step.of("r", step("r")))
				.step(Step.of("g", JobRequest.of("wf.gated", "g")).after("r"))
				.step(Step.of("h", step("h")).after("g")));
		finished(taskFlow, old);
		Awaitility.await().atMost(TIMEOUT).until(() -> WorkflowTestHandlers.started.contains("g"));
		// the old workflow and its jobs finished long ago; a job of the running one too
		backdateWorkflow(node, old);
		node.jdbc()
			.update("UPDATE taskflow_job SET finished_at = created_at - INTERVAL '1' DAY WHERE status = 'SUCCEEDED'");
		JobId purge = taskFlow.schedules().trigger(dev.taskflow.retention.RetentionHandler.NAME);
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(purge).map((job) -> job.status() == JobStatus.SUCCEEDED).orElse(false));
		assertThat(taskFlow.workflows().find(old)).isEmpty();
		assertThat(node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE step_name IN ('1', '2')", Integer.class)).isZero();
		assertThat(taskFlow.workflows().find(running)).isPresent();
		JobId r = taskFlow.workflows().find(running).orElseThrow().step("r").orElseThrow().jobId().orElseThrow();
		assertThat(taskFlow.find(r)).as("a finished step of a running workflow stays").isPresent();
		assertThat(taskFlow.workflows().find(running).orElseThrow().step("h").orElseThrow().status())
			.isEqualTo(JobStatus.BLOCKED);
		WorkflowTestHandlers.gate.countDown();
		assertThat(finished(taskFlow, running).status()).isEqualTo(WorkflowStatus.SUCCEEDED);
	}

	private void backdateWorkflow(TestNode node, WorkflowId id) {
		java.time.Instant at = java.time.Instant.now().minus(Duration.ofDays(2));
		Object timestamp = (database() == TestDatabase.MARIADB)
				? java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC)
				: at.atOffset(java.time.ZoneOffset.UTC);
		assertThat(
				node.jdbc().update("UPDATE taskflow_workflow SET finished_at = ? WHERE id = '" + id + "'", timestamp))
			.isOne();
	}

}
