package dev.taskflow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How far a job got, as its handler last reported it with
 * {@link TaskContext#progress(long, long)} and {@link TaskContext#progress(String)}, and
 * when that was stored. A handler's reports are stored at most once per
 * {@code spring.taskflow.progress.interval}, with the renewal of its lease, so this may
 * lag the handler by that long; it stays on the job once it has finished, and a new
 * attempt starts from it until it reports again.
 *
 * @author TaskFlow
 */
public final class JobProgress {

	private final long done;

	private final long total;

	private final String message;

	private final Instant updatedAt;

	/**
	 * Progress as stored.
	 * @param done the units done
	 * @param total the units in all, or 0 when not known
	 * @param message the last message, or {@code null}
	 * @param updatedAt when it was stored
	 */
	public JobProgress(long done, long total, String message, Instant updatedAt) {
		this.done = done;
		this.total = total;
		this.message = message;
		this.updatedAt = Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
	}

	/**
	 * The units of work done.
	 * @return the units done, 0 until the handler reports any
	 */
	public long done() {
		return this.done;
	}

	/**
	 * The units of work in all.
	 * @return the units in all, 0 when the handler did not say
	 */
	public long total() {
		return this.total;
	}

	/**
	 * The share done.
	 * @return {@code done / total}, at most 1, or empty when the total is not known
	 */
	public OptionalDouble fraction() {
		return (this.total > 0) ? OptionalDouble.of(Math.min(1.0, (double) this.done / this.total))
				: OptionalDouble.empty();
	}

	/**
	 * The last message the handler reported.
	 * @return the message, or empty
	 */
	public Optional<String> message() {
		return Optional.ofNullable(this.message);
	}

	/**
	 * When this progress was stored (the database's clock).
	 * @return the time
	 */
	public Instant updatedAt() {
		return this.updatedAt;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof JobProgress that && this.done == that.done && this.total == that.total
				&& Objects.equals(this.message, that.message) && this.updatedAt.equals(that.updatedAt);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.done, this.total, this.message, this.updatedAt);
	}

	@Override
	public String toString() {
		return "JobProgress[" + this.done + "/" + this.total + ((this.message != null) ? ", " + this.message : "")
				+ " at " + this.updatedAt + "]";
	}

}
