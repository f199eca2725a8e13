package dev.taskflow.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.springframework.util.ClassUtils;

import dev.taskflow.handler.PayloadCodec;

/**
 * The checkpoint of one running attempt: the results of the steps the job completed (in
 * this attempt or an earlier one) and its cursor, read from the database at first use and
 * written back as one JSON document, {@code {"cursor": ..., "steps": {"name": {"type":
 * ..., "value": ...}}}}. A step's result is stored before the step returns; the cursor
 * with the next progress write.
 *
 * @author TaskFlow
 */
final class JobCheckpoint {

	private final UUID job;

	private final int attempt;

	private final PayloadCodec codec;

	private final JobReports reports;

	private final Checkpoints checkpoints;

	private boolean loaded;

	private Object cursor;

	private Map<String, Object> steps = new LinkedHashMap<>();

	JobCheckpoint(UUID job, int attempt, PayloadCodec codec, JobReports reports, Checkpoints checkpoints) {
		this.job = job;
		this.attempt = attempt;
		this.codec = codec;
		this.reports = reports;
		this.checkpoints = checkpoints;
	}

	// held while a body runs: a step inside a step, or a cursor saved from one, comes in
	// on the same thread
	synchronized <T> T step(String name, Class<T> type, Callable<T> body) throws Exception {
		load();
		if (this.steps.get(name) instanceof Map<?, ?> stored) {
			Object value = stored.get("value");
			Class<?> storedType = (type != null) ? type : typeNamed((String) stored.get("type"), name);
			@SuppressWarnings("unchecked")
			T result = (T) read(value, storedType);
			return result;
		}
		T result = body.call();
		Map<String, Object> step = new LinkedHashMap<>();
		step.put("type", (result != null) ? result.getClass().getName() : null);
		step.put("value", result);
		this.steps.put(name, step);
		this.reports.checkpoint(this.job, document());
		this.checkpoints.saveNow(this.job);
		return result;
	}

	synchronized <T> Optional<T> cursor(Class<T> type) {
		load();
		return Optional.ofNullable(type.cast(read(this.cursor, type)));
	}

	synchronized void saveCursor(Object cursor) {
		load();
		this.cursor = cursor;
		// written now: the caller may change the object once this returns
		this.reports.checkpoint(this.job, document());
	}

	private String document() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("cursor", this.cursor);
		document.put("steps", this.steps);
		return this.codec.write(document);
	}

	@SuppressWarnings("unchecked")
	private void load() {
		if (this.loaded) {
			return;
		}
		// a first attempt finds nothing stored: only an attempt that ran keeps a
		// checkpoint, and every later start of the job is a later attempt (a release
		// gives the number back only for an attempt that never started)
		String json = (this.attempt > 1) ? this.checkpoints.load(this.job) : null;
		if (json != null) {
			Map<String, Object> document = this.codec.read(json, Map.class);
			this.cursor = document.get("cursor");
			if (document.get("steps") instanceof Map<?, ?> steps) {
				this.steps = new LinkedHashMap<>((Map<String, Object>) steps);
			}
		}
		this.loaded = true;
	}

	// a value of this attempt is the object itself; one read back is a JSON tree
	private Object read(Object value, Class<?> type) {
		if (value == null || type.isInstance(value)) {
			return value;
		}
		return this.codec.read(this.codec.write(value), ClassUtils.resolvePrimitiveIfNecessary(type));
	}

	private static Class<?> typeNamed(String name, String step) {
		if (name == null) {
			return Object.class;
		}
		try {
			return ClassUtils.forName(name, Thread.currentThread().getContextClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalStateException(
					"Step '" + step + "' stored a result of type " + name
							+ ", which this application no longer has: read it with context.step(name, type, body)",
					ex);
		}
	}

}
