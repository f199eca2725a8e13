package dev.taskflow.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Handlers that keep checkpoints: steps that must run once per job, and cursors.
 *
 * @author TaskFlow
 */
class CheckpointTestHandlers {

	/**
	 * How many times each step body ran, by {@code key.step}.
	 */
	static final Map<String, AtomicInteger> bodyRuns = new ConcurrentHashMap<>();

	/**
	 * The units a cursor handler processed, in order, over all its attempts.
	 */
	static final List<Long> processed = new CopyOnWriteArrayList<>();

	/**
	 * What a cursor handler's {@code context.checkpoint()} returned: at the start of each
	 * attempt, and after it saved its first cursor.
	 */
	static final List<java.util.Optional<Object>> untypedCursors = new CopyOnWriteArrayList<>();

	/**
	 * Counted down once a first attempt is where the test stops it.
	 */
	static volatile CountDownLatch inside = new CountDownLatch(1);

	/**
	 * Held closed while a first attempt must wait.
	 */
	static volatile CountDownLatch gate = new CountDownLatch(1);

	/**
	 * The attempts of a job running at this moment, and the most that ever ran at once.
	 */
	static final AtomicInteger attemptsRunning = new AtomicInteger();

	static final AtomicInteger mostAttemptsAtOnce = new AtomicInteger();

	static void reset() {
		attemptsRunning.set(0);
		mostAttemptsAtOnce.set(0);
		bodyRuns.clear();
		processed.clear();
		untypedCursors.clear();
		inside = new CountDownLatch(1);
		gate = new CountDownLatch(1);
	}

	static int runs(String key) {
		AtomicInteger runs = bodyRuns.get(key);
		return (runs != null) ? runs.get() : 0;
	}

	private static void ran(String key) {
		bodyRuns.computeIfAbsent(key, (name) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Two steps, then a failure in the first attempt only.
	 */
	@TaskHandler("checkpoint.failOnce")
	String failOnce(String key, TaskContext context) throws Exception {
		String rows = context.step("load", () -> {
			ran(key + ".load");
			return "rows of attempt " + context.attempt();
		});
		Integer sent = context.step("send", Integer.class, () -> {
			ran(key + ".send");
			return 42;
		});
		List<?> ids = context.step("ids", List.class, () -> List.of(1L, 2L));
		if (context.attempt() == 1) {
			throw new IllegalStateException("the first attempt fails after its steps");
		}
		return rows + ", sent " + sent + ", ids " + ids;
	}

	/**
	 * A step, then (in the first attempt) a wait the test ends by crashing the node.
	 */
	@TaskHandler("checkpoint.crash")
	String crash(String key, TaskContext context) throws Exception {
		String rows = context.step("load", () -> {
			ran(key + ".load");
			return "rows of attempt " + context.attempt();
		});
		if (context.attempt() == 1) {
			inside.countDown();
			gate.await(60, TimeUnit.SECONDS);
		}
		return rows;
	}

	/**
	 * A step, then (in the first attempt) a wait while the test lets its lease run out
	 * and its node claims it again, then a second step; counts the attempts running at
	 * once.
	 */
	@TaskHandler("checkpoint.reclaimed")
	String reclaimed(String key, TaskContext context) throws Exception {
		mostAttemptsAtOnce.accumulateAndGet(attemptsRunning.incrementAndGet(), Math::max);
		try {
			String extracted = context.step("extract", () -> {
				ran(key + ".extract");
				return "extracted by attempt " + context.attempt();
			});
			if (context.attempt() == 1) {
				inside.countDown();
				gate.await(60, TimeUnit.SECONDS);
			}
			String loaded = context.step("load", () -> {
				ran(key + ".load");
				return "loaded by attempt " + context.attempt();
			});
			return extracted + ", " + loaded;
		}
		finally {
			attemptsRunning.decrementAndGet();
		}
	}

	/**
	 * Processes units 0 to {@code total - 1} from its cursor, saving it after each; the
	 * first attempt waits half-way.
	 */
	@TaskHandler("checkpoint.cursor")
	long cursor(int total, TaskContext context) throws InterruptedException {
		untypedCursors.add(context.checkpoint());
		long unit = context.checkpoint(Long.class).orElse(0L);
		for (; unit < total; unit++) {
			processed.add(unit);
			context.saveCheckpoint(unit + 1);
			if (unit == 0) {
				untypedCursors.add(context.checkpoint());
			}
			if (unit == total / 2 && context.attempt() == 1) {
				inside.countDown();
				gate.await(60, TimeUnit.SECONDS);
			}
		}
		return unit;
	}

}
