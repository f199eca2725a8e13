package dev.taskflow.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.taskflow.store.Completion.Outcome;

/**
 * Writes the outcomes of attempts in one transaction per batch. Each write is fenced: it
 * applies only while the job is still {@code RUNNING} in the same attempt, so the outcome
 * of an attempt whose job was rescued and run again is rejected.
 *
 * @author TaskFlow
 */
final class JobCompleter {

	private static final String FENCE = " WHERE id = ? AND attempt = ? AND status = 'RUNNING'";

	private final StoreSupport store;

	private final Map<Outcome, String> sqlByOutcome = new EnumMap<>(Outcome.class);

	JobCompleter(StoreSupport store) {
		this.store = store;
		SqlDialect dialect = store.dialect();
		String released = ", owner_node = NULL, lease_until = NULL";
		this.sqlByOutcome.put(Outcome.SUCCEEDED,
				"UPDATE taskflow_job SET status = 'SUCCEEDED', result = " + dialect.jsonParameter() + ", finished_at = "
						+ dialect.now() + ", unique_key = NULL" + released + FENCE);
		this.sqlByOutcome.put(Outcome.RETRY, "UPDATE taskflow_job SET status = 'PENDING', last_error = ?, run_at = "
				+ dialect.nowPlusMicros() + released + FENCE);
		this.sqlByOutcome.put(Outcome.FAILED,
				"UPDATE taskflow_job SET status = 'FAILED', last_error = ?, finished_at = " + dialect.now()
						+ ", unique_key = NULL" + released + FENCE);
	}

	/**
	 * Write the completions.
	 * @param completions the outcomes of attempts
	 * @return the completions that were rejected because their attempt no longer owns its
	 * job
	 */
	List<Completion> complete(List<Completion> completions) {
		if (completions.isEmpty()) {
			return List.of();
		}
		Map<Outcome, List<Completion>> byOutcome = new EnumMap<>(Outcome.class);
		for (Completion completion : completions) {
			byOutcome.computeIfAbsent(completion.outcome(), (outcome) -> new ArrayList<>()).add(completion);
		}
		return this.store.inTransaction(() -> {
			List<Completion> rejected = new ArrayList<>();
			byOutcome.forEach((outcome, batch) -> rejected.addAll(write(outcome, batch)));
			return rejected;
		});
	}

	private List<Completion> write(Outcome outcome, List<Completion> batch) {
		SqlDialect dialect = this.store.dialect();
		int[][] counts = this.store.jdbc()
			.batchUpdate(this.sqlByOutcome.get(outcome), batch, batch.size(), (ps, completion) -> {
				int index = 1;
				switch (outcome) {
					case SUCCEEDED -> ps.setString(index++, completion.result());
					case RETRY -> {
						ps.setString(index++, completion.error());
						ps.setLong(index++, completion.retryDelayMicros());
					}
					case FAILED -> ps.setString(index++, completion.error());
				}
				dialect.setId(ps, index++, completion.id());
				ps.setInt(index, completion.attempt());
			});
		List<Completion> rejected = new ArrayList<>();
		int[] updated = counts[0];
		for (int i = 0; i < batch.size(); i++) {
			// SUCCESS_NO_INFO (-2) when a driver rewrites the batch: treat as accepted
			if (updated[i] == 0) {
				rejected.add(batch.get(i));
			}
		}
		return rejected;
	}

}
