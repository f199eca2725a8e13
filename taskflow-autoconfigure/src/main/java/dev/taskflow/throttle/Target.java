package dev.taskflow.throttle;

/**
 * The jobs a limit applies to: all of them, those of a queue, or those of a handler.
 *
 * @param kind which jobs
 * @param name the queue or handler name, {@code null} for all jobs
 * @author TaskFlow
 */
public record Target(Kind kind, String name) {

	/**
	 * Every job.
	 */
	public static final Target ALL = new Target(Kind.ALL, null);

	/**
	 * The jobs of a queue.
	 * @param queue the queue
	 * @return the target
	 */
	public static Target queue(String queue) {
		return new Target(Kind.QUEUE, queue);
	}

	/**
	 * The jobs of a handler.
	 * @param handler the handler
	 * @return the target
	 */
	public static Target handler(String handler) {
		return new Target(Kind.HANDLER, handler);
	}

	/**
	 * Whether a job is one of these.
	 * @param handler the job's handler
	 * @param queue the job's queue
	 * @return whether the limit applies to it
	 */
	public boolean matches(String handler, String queue) {
		return switch (this.kind) {
			case ALL -> true;
			case QUEUE -> this.name.equals(queue);
			case HANDLER -> this.name.equals(handler);
		};
	}

	/**
	 * The job column that tells these jobs, or {@code null} for all.
	 * @return the column
	 */
	public String column() {
		return switch (this.kind) {
			case ALL -> null;
			case QUEUE -> "queue";
			case HANDLER -> "handler";
		};
	}

	/**
	 * A short name for tags and permit rows: {@code all}, {@code queue:mail},
	 * {@code handler:email.send}.
	 * @return the tag
	 */
	public String tag() {
		return (this.kind == Kind.ALL) ? "all" : this.kind.name().toLowerCase() + ":" + this.name;
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case ALL -> "all jobs";
			case QUEUE -> "queue '" + this.name + "'";
			case HANDLER -> "handler '" + this.name + "'";
		};
	}

	/**
	 * Which jobs.
	 */
	public enum Kind {

		/**
		 * Every job.
		 */
		ALL,

		/**
		 * The jobs of one queue.
		 */
		QUEUE,

		/**
		 * The jobs of one handler.
		 */
		HANDLER

	}

}
