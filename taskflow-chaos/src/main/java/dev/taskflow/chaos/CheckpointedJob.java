package dev.taskflow.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.taskflow.NonRetryableException;
import dev.taskflow.TaskContext;

/**
 * The long checkpointing job ({@link ChaosHandlers#CHECKPOINTED}): named steps
 * ({@link TaskContext#step(String, Class, java.util.concurrent.Callable)}) around a
 * cursor it iterates ({@link TaskContext#saveCheckpoint(Object)}), long enough that
 * kills, stops and drains land inside it. It writes to {@code chaos_step}, each write a
 * transaction of its own:
 * <ul>
 * <li>{@value #BODY}: a run of a step's body, when it started, and, as the last thing the
 * body does, that it completed and what it returned ({@code outcome} {@code completed});
 * a body cut off by a kill has no end, one interrupted by a stop ends
 * {@code interrupted};</li>
 * <li>{@value #RETURNED}: {@code step} returned to the handler, with the value, fresh
 * (the body ran in this attempt) or stored (it did not);</li>
 * <li>{@value #SAVE_FAILED}: the body completed but {@code step} threw (its result could
 * not be stored): a later attempt runs the body again, rightly;</li>
 * <li>{@value #CURSOR}: the cursor the attempt started from.</li>
 * </ul>
 * A stored result handed back that no run of its body returned fails the job for good
 * ({@link #MISMATCH}). The job returns its steps' results and the items done, joined, so
 * that the checks can tell that the results were handed back.
 *
 * @author TaskFlow
 */
final class CheckpointedJob {

	static final String BODY = "BODY";

	static final String RETURNED = "RETURNED";

	static final String SAVE_FAILED = "SAVE_FAILED";

	static final String CURSOR = "CURSOR";

	/**
	 * The step name of a {@link #CURSOR} row.
	 */
	static final String CURSOR_STEP = "#cursor";

	/**
	 * The steps, in order: the first two before the cursor's items, the others after.
	 */
	static final List<String> STEPS = List.of("extract", "transform", "load", "publish");

	static final int ITEMS = 20;

	static final String MISMATCH = "chaos: a step handed back a stored result that no run of its body returned";

	static final String ASKED_TO_STOP = "chaos: asked to stop; handed back at its checkpoint";

	private final ExecutionLog log;

	CheckpointedJob(ExecutionLog log) {
		this.log = log;
	}

	/**
	 * The result a job returns: its steps' results, in order, and the items it iterated.
	 * @param values the steps' results
	 * @param items the items
	 * @return the result
	 */
	static String result(List<String> values, int items) {
		return String.join("|", values) + "|items=" + items;
	}

	String run(ChaosHandlers.CheckpointWork work, TaskContext context) throws InterruptedException {
		int from = context.checkpoint(Integer.class).orElse(0);
		insert(context, CURSOR_STEP, CURSOR, null, String.valueOf(from), null);
		List<String> values = new ArrayList<>();
		for (int i = 0; i < STEPS.size(); i++) {
			if (i == 2) {
				for (int item = from; item < work.items(); item++) {
					stopIfAsked(context);
					Thread.sleep(work.itemMillis());
					context.saveCheckpoint(item + 1);
					context.progress(item + 1, work.items());
				}
			}
			stopIfAsked(context);
			values.add(step(context, STEPS.get(i), work.stepMillis().get(i)));
		}
		return result(values, work.items());
	}

	private static void stopIfAsked(TaskContext context) {
		// a draining node asks its running jobs to stop once its await is over; the node
		// hands the job back at its checkpoint, whatever this attempt ends in
		if (context.isCancellationRequested()) {
			throw new IllegalStateException(ASKED_TO_STOP);
		}
	}

	private String step(TaskContext context, String name, long millis) throws InterruptedException {
		String[] fresh = new String[1];
		String value;
		try {
			value = context.step(name, String.class, () -> {
				String row = insert(context, name, BODY, null, null, null);
				try {
					Thread.sleep(millis);
				}
				catch (InterruptedException ex) {
					this.log.write("UPDATE chaos_step SET ended_at = " + this.log.nowMicros()
							+ ", outcome = 'interrupted' WHERE row_id = ?", row);
					throw ex;
				}
				String result = name + "@" + this.log.nodeId() + "#a" + context.attempt() + "#"
						+ Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
				// the last thing the body does: a body cut off before this ran no end
				this.log.write("UPDATE chaos_step SET ended_at = " + this.log.nowMicros()
						+ ", outcome = 'completed', step_value = ? WHERE row_id = ?", result, row);
				fresh[0] = result;
				return result;
			});
		}
		catch (InterruptedException | RuntimeException ex) {
			saveFailed(context, name, fresh[0], ex);
			throw ex;
		}
		catch (Exception ex) {
			saveFailed(context, name, fresh[0], ex);
			throw new IllegalStateException("chaos: step " + name + " failed: " + ex, ex);
		}
		insert(context, name, RETURNED, (fresh[0] != null) ? "fresh" : "stored", value, null);
		if (fresh[0] != null) {
			if (!fresh[0].equals(value)) {
				throw new NonRetryableException(MISMATCH + ": step " + name + " returned " + value
						+ " though its body returned " + fresh[0] + " in this attempt");
			}
			return value;
		}
		List<String> completed = this.log.jdbc()
			.queryForList("SELECT step_value FROM chaos_step WHERE job_id = ? AND step_name = ? AND kind = '" + BODY
					+ "' AND outcome = 'completed'", String.class, context.jobId().toString(), name);
		if (!completed.contains(value)) {
			throw new NonRetryableException(
					MISMATCH + ": step " + name + " handed back " + value + ", its bodies returned " + completed);
		}
		return value;
	}

	private void saveFailed(TaskContext context, String name, String fresh, Exception ex) throws InterruptedException {
		if (fresh == null) {
			return;
		}
		boolean interrupted = Thread.interrupted();
		try {
			String note = String.valueOf(ex);
			insert(context, name, SAVE_FAILED, null, fresh, note.substring(0, Math.min(note.length(), 900)));
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private String insert(TaskContext context, String step, String kind, String outcome, String value, String note)
			throws InterruptedException {
		String row = UUID.randomUUID().toString();
		this.log.write("INSERT INTO chaos_step (row_id, job_id, attempt, node_id, step_name, kind, started_at,"
				+ " outcome, step_value, note) VALUES (?, ?, ?, ?, ?, ?, " + this.log.nowMicros() + ", ?, ?, ?)", row,
				context.jobId().toString(), context.attempt(), this.log.nodeId(), step, kind, outcome, value, note);
		return row;
	}

}
