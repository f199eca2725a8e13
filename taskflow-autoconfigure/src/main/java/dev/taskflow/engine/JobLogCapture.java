package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.List;

import org.springframework.util.Assert;

/**
 * Collects the log lines written on a worker thread while a job's handler runs
 * ({@code spring.taskflow.logs.capture=true}): the engine opens a buffer on the thread
 * around the handler call and closes it into the attempt's outcome; a logging appender
 * ({@link LogbackJobLogAppender}) adds the lines of that thread, and of no other, while
 * it is open. Without capture there is neither a buffer nor an appender.
 *
 * @author TaskFlow
 */
public final class JobLogCapture {

	/**
	 * No capture: opens nothing.
	 */
	static final JobLogCapture NONE = new JobLogCapture(1);

	/**
	 * The longest line kept, in characters.
	 */
	static final int MAX_LINE_LENGTH = 2000;

	private static final ThreadLocal<Lines> current = new ThreadLocal<>();

	private final int maxLines;

	/**
	 * Create a capture.
	 * @param maxLines the most lines kept per attempt; further lines are counted and
	 * dropped
	 */
	public JobLogCapture(int maxLines) {
		Assert.isTrue(maxLines >= 1, () -> "spring.taskflow.logs.max-lines-per-job must be at least 1, was " + maxLines
				+ "; turn capture off with spring.taskflow.logs.capture=false instead");
		this.maxLines = maxLines;
	}

	/**
	 * Whether a buffer of this capture is open on the calling thread: an appender asks
	 * before it formats anything.
	 * @return whether lines logged now are captured
	 */
	public boolean isCapturing() {
		Lines lines = current.get();
		return lines != null && lines.owner == this;
	}

	/**
	 * Add a line to the buffer open on the calling thread, if any.
	 * @param line the formatted line
	 */
	public void append(String line) {
		Lines lines = current.get();
		if (lines != null && lines.owner == this) {
			lines.add(line);
		}
	}

	/**
	 * Open a buffer on the calling thread.
	 * @return the buffer, or {@code null} without capture
	 */
	Lines open() {
		if (this == NONE) {
			return null;
		}
		Lines lines = new Lines(this, current.get());
		current.set(lines);
		return lines;
	}

	/**
	 * Close a buffer opened on the calling thread.
	 * @param lines the buffer, or {@code null}
	 */
	void close(Lines lines) {
		if (lines == null) {
			return;
		}
		if (lines.previous != null) {
			current.set(lines.previous);
		}
		else {
			current.remove();
		}
	}

	/**
	 * The lines of one attempt. Read by the thread that writes the attempt's outcome,
	 * which is another one when the attempt times out.
	 */
	static final class Lines {

		private final JobLogCapture owner;

		private final Lines previous;

		private final List<String> lines = new ArrayList<>();

		private int dropped;

		private Lines(JobLogCapture owner, Lines previous) {
			this.owner = owner;
			this.previous = previous;
		}

		synchronized void add(String line) {
			if (this.lines.size() >= this.owner.maxLines) {
				this.dropped++;
				return;
			}
			this.lines.add((line.length() <= MAX_LINE_LENGTH) ? line : line.substring(0, MAX_LINE_LENGTH - 3) + "...");
		}

		/**
		 * The lines so far, with a last line telling how many were dropped.
		 * @return the lines, oldest first
		 */
		synchronized List<String> lines() {
			List<String> all = new ArrayList<>(this.lines);
			if (this.dropped > 0) {
				all.add("... " + this.dropped + " more lines");
			}
			return all;
		}

	}

}
