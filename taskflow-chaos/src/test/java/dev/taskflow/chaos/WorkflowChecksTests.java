package dev.taskflow.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.taskflow.chaos.Checks.Result;
import dev.taskflow.chaos.Checks.Row;
import dev.taskflow.chaos.WorkflowChecks.Flow;
import dev.taskflow.chaos.WorkflowChecks.Run;
import dev.taskflow.chaos.WorkflowChecks.StepJob;
import dev.taskflow.chaos.WorkflowChecks.StepRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkflowChecks}: each row passes on workflows that kept their promises
 * and fails on the violation it is there to find, so that a chaos run that passes says
 * something. The workflows are written by hand, as the harness reads them from the
 * database at the end of a run (times in microseconds).
 *
 * @author TaskFlow
 */
class WorkflowChecksTests {

	private static final long S = 1_000_000;

	private static final int FINAL_STATUS = 0;

	private static final int ORDER = 1;

	private static final int COMPENSATION = 2;

	private static final int LEFT_BEHIND = 3;

	private final Map<String, WorkflowShape> started = new HashMap<>();

	// by workflow|step|role
	private final Map<String, String> jobIds = new HashMap<>();

	private final WorkflowChecks checks = new WorkflowChecks(null, null, this.started, 0, true, 0,
			Duration.ofSeconds(60));

	@Test
	void workflowsThatKeptTheirPromisesPassEveryRow() {
		diamond(7 * S, "2");
		failing("CANCELLED", "CANCELLED");
		compensate("COMPENSATED", 10 * S);
		List<Row> rows = this.checks.rows();
		assertThat(rows).hasSize(4)
			.allSatisfy((row) -> assertThat(row.result()).as(row.toString()).isEqualTo(Result.PASS));
	}

	@Test
	void aStepThatStartedBeforeTheJobsItsParentSpawnedHadFinishedFailsTheOrderRow() {
		diamond(5 * S + 500_000, "2");
		failing("CANCELLED", "CANCELLED");
		compensate("COMPENSATED", 10 * S);
		Row row = this.checks.rows().get(ORDER);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("step d started 500 ms before its parent b had finished");
	}

	@Test
	void aCompensationOutsideACompensatingWorkflowFailsTheCompensationRow() {
		diamond(7 * S, "2");
		String failing = failing("CANCELLED", "CANCELLED");
		compensate("COMPENSATED", 10 * S);
		job(failing, "a", "COMPENSATION", ChaosHandlers.COMPENSATE, "SUCCEEDED", 7 * S, 8 * S);
		Row row = this.checks.rows().get(COMPENSATION);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("compensation of step a though the policy is CANCEL_DOWNSTREAM");
	}

	@Test
	void aCompensationThatStartedBeforeThoseOfTheStepsAfterItFailsTheCompensationRow() {
		diamond(7 * S, "2");
		failing("CANCELLED", "CANCELLED");
		compensate("COMPENSATED", 8 * S + 500_000);
		Row row = this.checks.rows().get(COMPENSATION);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("compensation of step a started before that of step c");
	}

	@Test
	void aCompensationAttemptThatRanTwiceFailsTheCompensationRow() {
		diamond(7 * S, "2");
		failing("CANCELLED", "CANCELLED");
		String workflow = compensate("COMPENSATED", 10 * S);
		String compensation = jobId(workflow, "b", "COMPENSATION");
		this.checks
			.add(new Run(compensation, 1, "node-2", 7 * S + 100, 8 * S, ChaosHandlers.COMPENSATE, workflow, "b"));
		Row row = this.checks.rows().get(COMPENSATION);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("compensation of step b attempt 1 ran 2 times");
	}

	@Test
	void aStepLeftBlockedAfterItsParentsFinishedFailsTheLeftBehindRow() {
		diamond(7 * S, "2");
		failing("BLOCKED", "BLOCKED");
		compensate("COMPENSATED", 10 * S);
		List<Row> rows = this.checks.rows();
		assertThat(rows.get(LEFT_BEHIND).result()).isEqualTo(Result.FAIL);
		assertThat(rows.get(LEFT_BEHIND).detail()).contains("step d BLOCKED though its parents [b, c] are final")
			.contains("FAILED with STEP job");
	}

	@Test
	void aCancelledStepThatRanFailsTheLeftBehindRow() {
		diamond(7 * S, "2");
		String failing = failing("CANCELLED", "CANCELLED");
		compensate("COMPENSATED", 10 * S);
		String cancelled = jobId(failing, "d", "STEP");
		this.checks.add(new Run(cancelled, 1, "node-1", 6 * S, 6 * S, ChaosHandlers.NEVER, failing, "d"));
		Row row = this.checks.rows().get(LEFT_BEHIND);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("CANCELLED, but ran 1 time(s)");
	}

	@Test
	void aWorkflowStillCompensatingFailsTheFinalStatusRow() {
		diamond(7 * S, "2");
		failing("CANCELLED", "CANCELLED");
		compensate("COMPENSATING", 10 * S);
		Row row = this.checks.rows().get(FINAL_STATUS);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("chaos.compensate still COMPENSATING")
			.contains("no chaos.compensate workflow reached COMPENSATED");
	}

	@Test
	void spawnedJobsOtherThanTheSpawningStepReturnedFailTheFinalStatusRow() {
		diamond(7 * S, "3");
		failing("CANCELLED", "CANCELLED");
		compensate("COMPENSATED", 10 * S);
		Row row = this.checks.rows().get(FINAL_STATUS);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("step b returned 3, 2 spawned job(s) stored");
	}

	// a, then b (spawns two jobs) and c, then d
	private String diamond(long joinStart, String spawnerResult) {
		String id = workflow(WorkflowShape.DIAMOND, "SUCCEEDED", "CANCEL_DOWNSTREAM");
		step(id, "a", "SUCCEEDED", 0, false);
		step(id, "b", "SUCCEEDED", 2, false, "a");
		step(id, "c", "SUCCEEDED", 0, false, "a");
		step(id, "d", "SUCCEEDED", 0, false, "b", "c");
		job(id, "a", "STEP", ChaosHandlers.STEP, "SUCCEEDED", 1 * S, 2 * S);
		this.checks.add(new StepJob(UUID.randomUUID().toString(), ChaosHandlers.SPAWN, "SUCCEEDED", id, "b", "STEP",
				3 * S, 4 * S, spawnerResult));
		job(id, "b", "SPAWNED", ChaosHandlers.SPAWNED, "SUCCEEDED", 5 * S, 6 * S);
		job(id, "b", "SPAWNED", ChaosHandlers.SPAWNED, "SUCCEEDED", 5 * S, 6 * S);
		job(id, "c", "STEP", ChaosHandlers.STEP, "SUCCEEDED", 3 * S, 4 * S);
		job(id, "d", "STEP", ChaosHandlers.JOIN, "SUCCEEDED", joinStart, joinStart + S);
		return id;
	}

	// a, then b (fails) and c, then d (cancelled: or left behind)
	private String failing(String lastStepStatus, String lastJobStatus) {
		String id = workflow(WorkflowShape.FAILING, "FAILED", "CANCEL_DOWNSTREAM");
		step(id, "a", "SUCCEEDED", 0, true);
		step(id, "b", "FAILED", 0, false, "a");
		step(id, "c", "SUCCEEDED", 0, true, "a");
		step(id, "d", lastStepStatus, 0, false, "b", "c");
		job(id, "a", "STEP", ChaosHandlers.STEP, "SUCCEEDED", 1 * S, 2 * S);
		job(id, "b", "STEP", ChaosHandlers.STEP_FAIL, "FAILED", 3 * S, 4 * S);
		job(id, "c", "STEP", ChaosHandlers.STEP, "SUCCEEDED", 3 * S, 5 * S);
		job(id, "d", "STEP", ChaosHandlers.NEVER, lastJobStatus, null,
				lastJobStatus.equals("CANCELLED") ? 4 * S : null);
		return id;
	}

	// a, then b and c, then d (fails), then e (cancelled); the compensations of b and
	// c, then a's
	private String compensate(String status, long compensationOfAStart) {
		String id = workflow(WorkflowShape.COMPENSATE_ON_FAILURE, status, "COMPENSATE");
		step(id, "a", "SUCCEEDED", 0, true);
		step(id, "b", "SUCCEEDED", 0, true, "a");
		step(id, "c", "SUCCEEDED", 0, true, "a");
		step(id, "d", "FAILED", 0, true, "b", "c");
		step(id, "e", "CANCELLED", 0, true, "d");
		job(id, "a", "STEP", ChaosHandlers.STEP, "SUCCEEDED", 1 * S, 2 * S);
		job(id, "b", "STEP", ChaosHandlers.STEP, "SUCCEEDED", 3 * S, 4 * S);
		job(id, "c", "STEP", ChaosHandlers.STEP, "SUCCEEDED", 3 * S, 4 * S);
		job(id, "d", "STEP", ChaosHandlers.STEP_FAIL, "FAILED", 5 * S, 6 * S);
		job(id, "e", "STEP", ChaosHandlers.NEVER, "CANCELLED", null, 6 * S);
		job(id, "b", "COMPENSATION", ChaosHandlers.COMPENSATE, "SUCCEEDED", 7 * S, 8 * S);
		job(id, "c", "COMPENSATION", ChaosHandlers.COMPENSATE, "SUCCEEDED", 7 * S, 9 * S);
		job(id, "a", "COMPENSATION", ChaosHandlers.COMPENSATE, "SUCCEEDED", compensationOfAStart,
				compensationOfAStart + S);
		return id;
	}

	private String workflow(WorkflowShape shape, String status, String policy) {
		String id = UUID.randomUUID().toString();
		this.started.put(id, shape);
		boolean done = !status.equals("RUNNING") && !status.equals("COMPENSATING");
		this.checks.add(new Flow(id, shape.workflowName(), status, policy, done ? 0 : 1, done ? 20 * S : null));
		return id;
	}

	private String jobId(String workflowId, String step, String role) {
		return this.jobIds.get(workflowId + "|" + step + "|" + role);
	}

	private void step(String workflowId, String name, String status, int spawned, boolean compensated,
			String... after) {
		this.checks.add(new StepRow(workflowId, name, status, spawned, compensated));
		for (String parent : after) {
			this.checks.addEdge(workflowId, parent, name);
		}
	}

	// a job, and the execution its handler recorded when it started
	private void job(String workflowId, String step, String role, String handler, String status, Long start, Long end) {
		String id = UUID.randomUUID().toString();
		this.jobIds.put(workflowId + "|" + step + "|" + role, id);
		this.checks.add(new StepJob(id, handler, status, workflowId, step, role, start, end, null));
		if (start != null) {
			this.checks.add(new Run(id, 1, "node-1", start, end, handler, workflowId, step));
		}
	}

}
