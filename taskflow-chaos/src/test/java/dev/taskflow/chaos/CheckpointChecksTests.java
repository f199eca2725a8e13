package dev.taskflow.chaos;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.taskflow.chaos.CheckpointChecks.Job;
import dev.taskflow.chaos.CheckpointChecks.StepRow;
import dev.taskflow.chaos.Checks.Result;
import dev.taskflow.chaos.Checks.Row;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CheckpointChecks}: both rows pass on checkpointing jobs that kept
 * their promises (a step stored once is handed back, never run again) and fail on the
 * violation each is there to find. The rows are written by hand, as the harness reads
 * them from {@code chaos_step} at the end of a run (times in microseconds).
 *
 * @author TaskFlow
 */
class CheckpointChecksTests {

	private static final long S = 1_000_000;

	private static final long LEASE = 3 * S;

	private static final String JOB = "job-1";

	private final CheckpointChecks checks = new CheckpointChecks(LEASE, 3 * S);

	@Test
	void aJobThatRanEachStepOnceAndGotTheStoredResultsBackPasses() {
		// attempt 1 on node-1 completes extract and transform, is killed in load
		List<String> firstValues = completeSteps(1, "node-1", 0, 2);
		body(1, "node-1", "load", 103 * S, null, null);
		this.checks.nodeEnded("node-1", true, 104 * S);
		// attempt 2 on node-2 gets both back, resumes the cursor, runs load and publish
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String step = CheckpointedJob.STEPS.get(i);
			returned(2, "node-2", step, "stored", firstValues.get(i), 200 * S + i);
			values.add(firstValues.get(i));
		}
		cursor(2, "node-2", 12);
		values.addAll(completeSteps(2, "node-2", 2, 4));
		this.checks.add(new Job(JOB, "SUCCEEDED", 2, "\"" + CheckpointedJob.result(values, 20) + "\"", null));
		List<Row> rows = this.checks.rows();
		assertThat(rows).hasSize(2)
			.allSatisfy((row) -> assertThat(row.result()).as(row.toString()).isEqualTo(Result.PASS));
		assertThat(rows.get(0).detail()).contains("1 checkpointed job(s), 4 step(s) completed")
			.contains("2 stored result(s) handed back")
			.contains("1 step(s) whose body was cut off by a kill and ran again")
			.contains("1 attempt(s) resumed from a stored cursor > 0");
	}

	@Test
	void aStepWhoseResultWasStoredButWhoseBodyRanAgainFailsTheRow() {
		List<String> firstValues = completeSteps(1, "node-1", 0, 4);
		this.checks.nodeEnded("node-1", false, 130 * S);
		// attempt 2 runs extract again though attempt 1 got it back from step()
		String again = "extract@node-2#a2#beef";
		body(2, "node-2", "extract", 240 * S, 241 * S, again);
		returned(2, "node-2", "extract", "fresh", again, 241 * S + 1);
		List<String> values = new ArrayList<>(firstValues);
		values.set(0, again);
		this.checks.add(new Job(JOB, "SUCCEEDED", 2, "\"" + CheckpointedJob.result(values, 20) + "\"", null));
		Row row = this.checks.rows().get(0);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("RAN TWICE: 1")
			.contains("job-1 step extract completed in attempt 1 on node-1 and again in attempt 2 on node-2")
			.contains("step returned its result to attempt 1 (stored), yet its body ran again");
	}

	@Test
	void aBodyThatCompletedTwiceWithoutAReasonFailsTheRow() {
		// attempt 1 completed extract, never got it back, and nothing happened to its
		// node
		body(1, "node-1", "extract", 1 * S, 2 * S, "extract@node-1#a1#1");
		List<String> values = completeSteps(2, "node-2", 0, 4);
		this.checks.add(new Job(JOB, "SUCCEEDED", 2, "\"" + CheckpointedJob.result(values, 20) + "\"", null));
		Row row = this.checks.rows().get(0);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("neither got the step back nor was told it could not be stored");
	}

	@Test
	void aBodyThatCompletedTwiceBecauseItsResultCouldNotBeStoredPasses() {
		body(1, "node-1", "extract", 1 * S, 2 * S, "extract@node-1#a1#1");
		this.checks.add(new StepRow(JOB, 1, "node-1", "extract", CheckpointedJob.SAVE_FAILED, 2 * S + 5, null, null,
				"extract@node-1#a1#1"));
		body(2, "node-2", "extract", 5 * S, 6 * S, "extract@node-2#a2#2");
		returned(2, "node-2", "extract", "fresh", "extract@node-2#a2#2", 6 * S + 1);
		// attempt 3: the others, killed right after a body completed in attempt 2 is
		// also fine
		List<String> values = new ArrayList<>(List.of("extract@node-2#a2#2"));
		body(2, "node-2", "transform", 7 * S, 8 * S, "transform@node-2#a2#3");
		this.checks.nodeEnded("node-2", true, 8 * S + 200_000);
		returned(3, "node-3", "extract", "stored", "extract@node-2#a2#2", 20 * S);
		values.addAll(completeSteps(3, "node-3", 1, 4));
		this.checks.add(new Job(JOB, "SUCCEEDED", 3, "\"" + CheckpointedJob.result(values, 20) + "\"", null));
		List<Row> rows = this.checks.rows();
		assertThat(rows).allSatisfy((row) -> assertThat(row.result()).as(row.toString()).isEqualTo(Result.PASS));
		assertThat(rows.get(0).detail()).contains("2 completed twice because the first result could not be stored")
			.contains("SIGKILL right after=1")
			.contains("TaskFlow could not store it=1");
	}

	@Test
	void aJobWhoseResultIsNotItsStepsResultsFailsTheJobRow() {
		List<String> values = completeSteps(1, "node-1", 0, 4);
		values.set(2, "load@node-9#a1#0");
		this.checks.add(new Job(JOB, "SUCCEEDED", 1, "\"" + CheckpointedJob.result(values, 20) + "\"", null));
		Row row = this.checks.rows().get(1);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("job-1 returned");
	}

	@Test
	void aStoredResultNoBodyReturnedFailsTheJobRow() {
		List<String> values = completeSteps(1, "node-1", 0, 4);
		returned(2, "node-2", "extract", "stored", "extract@node-0#a0#0", 30 * S);
		for (int i = 1; i < 4; i++) {
			returned(2, "node-2", CheckpointedJob.STEPS.get(i), "stored", values.get(i), 30 * S + i);
		}
		values.set(0, "extract@node-0#a0#0");
		this.checks.add(new Job(JOB, "SUCCEEDED", 2, "\"" + CheckpointedJob.result(values, 20) + "\"", null));
		Row row = this.checks.rows().get(1);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("handed back extract@node-0#a0#0, which no run of its body returned");
	}

	@Test
	void aJobThatFailedFailsTheJobRow() {
		completeSteps(1, "node-1", 0, 1);
		this.checks.add(new Job(JOB, "FAILED", 1, null, CheckpointedJob.MISMATCH));
		Row row = this.checks.rows().get(1);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("job-1 FAILED at attempt 1");
	}

	@Test
	void noCheckpointedJobFailsBothRows() {
		assertThat(this.checks.rows()).allSatisfy((row) -> assertThat(row.result()).isEqualTo(Result.FAIL));
	}

	// the steps from..to of an attempt, each body run and handed back fresh
	private List<String> completeSteps(int attempt, String node, int from, int to) {
		List<String> values = new ArrayList<>();
		for (int i = from; i < to; i++) {
			String step = CheckpointedJob.STEPS.get(i);
			long start = attempt * 100 * S + i * S;
			String value = step + "@" + node + "#a" + attempt + "#" + i;
			body(attempt, node, step, start, start + S / 2, value);
			returned(attempt, node, step, "fresh", value, start + S / 2 + 1);
			values.add(value);
		}
		return values;
	}

	private void body(int attempt, String node, String step, long start, Long end, String value) {
		this.checks.add(new StepRow(JOB, attempt, node, step, CheckpointedJob.BODY, start, end,
				(end != null) ? "completed" : null, value));
	}

	private void returned(int attempt, String node, String step, String how, String value, long at) {
		this.checks.add(new StepRow(JOB, attempt, node, step, CheckpointedJob.RETURNED, at, null, how, value));
	}

	private void cursor(int attempt, String node, int from) {
		this.checks.add(new StepRow(JOB, attempt, node, CheckpointedJob.CURSOR_STEP, CheckpointedJob.CURSOR, 0, null,
				null, String.valueOf(from)));
	}

}
