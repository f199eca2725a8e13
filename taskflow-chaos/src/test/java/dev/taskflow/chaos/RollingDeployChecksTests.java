package dev.taskflow.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.taskflow.chaos.Checks.Result;
import dev.taskflow.chaos.Checks.Row;
import dev.taskflow.chaos.RollingDeployChecks.Activity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RollingDeployChecks}: the row passes on a deploy that drained every
 * node in turn and fails when a drained node claimed or started a job after it saw its
 * drain, when a drain did not complete, or when a node was left out (times in
 * microseconds, the database's clock).
 *
 * @author TaskFlow
 */
class RollingDeployChecksTests {

	private static final long S = 1_000_000;

	private final List<ChaosRun.Drain> drains = new ArrayList<>();

	private final List<Activity> executions = new ArrayList<>();

	private final List<Activity> attempts = new ArrayList<>();

	private final Map<String, String[]> statuses = new HashMap<>();

	@Test
	void aDeployThatDrainedEveryNodeInTurnPasses() {
		deploy();
		Row row = row(3);
		assertThat(row.result()).as(row.toString()).isEqualTo(Result.PASS);
		assertThat(row.detail()).contains("1 deploy(s), 3 node(s) drained in turn")
			.contains("node-1 drained in 4000 ms (2 held: 1 finished, 1 released at a checkpoint")
			.contains("replaced by node-4");
	}

	@Test
	void aDrainedNodeThatClaimedAJobAfterItsDrainWasSeenFailsTheRow() {
		deploy();
		// node-2 saw its drain at 21 s
		this.attempts.add(new Activity("node-2", "late", 1, 22 * S, 23 * S, "SUCCEEDED"));
		Row row = row(3);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("node-2 claimed job late (attempt 1) 1000 ms after it saw its drain");
	}

	@Test
	void aDrainedNodeThatStartedAJobAfterItsDrainWasSeenFailsTheRow() {
		deploy();
		this.executions.add(new Activity("node-3", "late", 2, 33 * S, null, null));
		Row row = row(3);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("node-3 started job late (attempt 2) 2000 ms after it saw its drain");
	}

	@Test
	void aDrainThatDidNotCompleteFailsTheRow() {
		deploy();
		ChaosRun.Drain first = this.drains.get(0);
		this.drains.set(0,
				new ChaosRun.Drain(first.node(), first.requestedAt(), true, first.seenAt(), null, 17_000, null,
						first.held(), first.stoppedAt(), first.exitedMicros(), first.leftRunning(), first.replacement(),
						first.replacementReadyAt()));
		Row row = row(3);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("node-1 drained in NEVER").contains("node-1's drain did not complete");
	}

	@Test
	void aJobHeldAtADrainThatEndedWrongFailsTheRow() {
		deploy();
		this.statuses.put("held-1", new String[] { "FAILED", "SUCCEEDED" });
		Row row = row(3);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("held-1 FAILED (expected SUCCEEDED)");
	}

	@Test
	void aNodeLeftOutOfTheDeployFailsTheRow() {
		deploy();
		Row row = row(4);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("3 node(s) drained of the 4 up when the deploys began");
	}

	@Test
	void aDeployThatBeganWithANodeMissingFailsTheRow() {
		deploy();
		this.drains.remove(2);
		Row row = row(2);
		assertThat(row.result()).isEqualTo(Result.FAIL);
		assertThat(row.detail()).contains("a deploy began with 2 node(s) up or starting of the 3 the run keeps");
	}

	@Test
	void noDeployFailsTheRow() {
		assertThat(new RollingDeployChecks(List.of(), List.of(), 3).row(List.of(), List.of(), Map.of()).result())
			.isEqualTo(Result.FAIL);
	}

	private Row row(int nodesUp) {
		return new RollingDeployChecks(this.drains, List.of(nodesUp), 3).row(this.executions, this.attempts,
				this.statuses);
	}

	// node-1 at 10 s, node-2 at 20 s, node-3 at 30 s: each seen a second after the
	// request, drained 4 s after it, stopped, replaced
	private void deploy() {
		for (int n = 1; n <= 3; n++) {
			long at = n * 10 * S;
			String node = "node-" + n;
			List<String> held = (n == 1) ? List.of("held-1", "held-2") : List.of();
			this.drains.add(new ChaosRun.Drain(node, at, true, at + S, at + 4 * S, 17_000, (n == 1) ? 1 : 0, held,
					at + 4 * S, 800_000, 0, "node-" + (n + 3), at + 9 * S));
			// it ran jobs until its drain: claimed and started before it saw it
			this.attempts.add(new Activity(node, "before-" + n, 1, at - 2 * S, at - S, "SUCCEEDED"));
			this.executions.add(new Activity(node, "before-" + n, 1, at - 2 * S, null, null));
			// the replacement runs jobs after
			this.executions.add(new Activity("node-" + (n + 3), "after-" + n, 1, at + 9 * S, null, null));
		}
		// what node-1 held: one finished within the await, one handed back
		this.attempts.add(new Activity("node-1", "held-1", 1, 9 * S, 12 * S, "SUCCEEDED"));
		this.attempts.add(new Activity("node-1", "held-2", 1, 9 * S, 13 * S, "RELEASED"));
		// the released one ran again on another node
		this.attempts.add(new Activity("node-2", "held-2", 2, 14 * S, 16 * S, "SUCCEEDED"));
		this.statuses.put("held-1", new String[] { "SUCCEEDED", "SUCCEEDED" });
		this.statuses.put("held-2", new String[] { "SUCCEEDED", "SUCCEEDED" });
	}

}
