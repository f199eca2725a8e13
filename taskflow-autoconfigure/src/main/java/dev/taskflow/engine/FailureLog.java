package dev.taskflow.engine;

import java.time.Duration;

import org.apache.commons.logging.Log;

import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Logs a recurring failure once per outage, not once per attempt: a warning when it
 * starts, an info line when it ends, details at debug level in between.
 *
 * @author TaskFlow
 */
public final class FailureLog {

	private final Log logger;

	private final String activity;

	private boolean failing;

	/**
	 * Create a log of one recurring activity.
	 * @param logger where to log
	 * @param activity what fails, as in "TaskFlow could not {activity}"
	 */
	public FailureLog(Log logger, String activity) {
		this.logger = logger;
		this.activity = activity;
	}

	/**
	 * The activity failed.
	 * @param ex why
	 */
	public synchronized void failed(Throwable ex) {
		if (ex instanceof PessimisticLockingFailureException) {
			// a lock conflict (a deadlock's victim, a lock wait timeout) is no outage:
			// the next attempt goes through
			this.logger.debug("TaskFlow met a lock conflict and will try again to " + this.activity, ex);
			return;
		}
		if (!this.failing) {
			this.failing = true;
			this.logger.warn("TaskFlow could not " + this.activity + ", will keep trying: " + ex.getMessage());
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug("TaskFlow still cannot " + this.activity, ex);
		}
	}

	/**
	 * The activity succeeded.
	 */
	public synchronized void succeeded() {
		if (this.failing) {
			this.failing = false;
			this.logger.info("TaskFlow can " + this.activity + " again");
		}
	}

	synchronized boolean isFailing() {
		return this.failing;
	}

	/**
	 * The next wait after another failure: twice the last one, at most {@code max}.
	 * @param last the last wait
	 * @param max the longest wait
	 * @return the next wait
	 */
	public static Duration doubled(Duration last, Duration max) {
		Duration next = last.multipliedBy(2);
		return (next.compareTo(max) < 0) ? next : max;
	}

}
