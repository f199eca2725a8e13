package dev.taskflow.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Handlers of a drain: short jobs, and long ones that keep a cursor and stop when asked.
 *
 * @author TaskFlow
 */
class DrainTestHandlers {

	/**
	 * The units each long job processed, over all its attempts, by key.
	 */
	static final Map<String, List<Integer>> processed = new ConcurrentHashMap<>();

	static void reset() {
		processed.clear();
	}

	@TaskHandler("drain.short")
	void shortJob(int millis) throws InterruptedException {
		Thread.sleep(millis);
	}

	/**
	 * Processes {@code units} units of 50 ms from its cursor; stops (returns) when asked.
	 */
	@TaskHandler("drain.long")
	void longJob(LongJob job, TaskContext context) throws InterruptedException {
		List<Integer> units = processed.computeIfAbsent(job.key(), (key) -> new CopyOnWriteArrayList<>());
		for (int unit = context.checkpoint(Integer.class).orElse(0); unit < job.units(); unit++) {
			if (context.isCancellationRequested()) {
				return;
			}
			Thread.sleep(50);
			units.add(unit);
			context.saveCheckpoint(unit + 1);
			context.progress(unit + 1, job.units());
		}
	}

	record LongJob(String key, int units) {
	}

}
