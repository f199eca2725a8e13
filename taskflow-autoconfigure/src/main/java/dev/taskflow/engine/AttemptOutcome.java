package dev.taskflow.engine;

import java.util.function.Consumer;

import dev.taskflow.store.Completion;

/**
 * The outcome of an attempt, and how to tell of it once it is stored: an outcome the
 * store rejects (a newer attempt owns the job) is never told, and one the database
 * refuses is told as the failure of its job.
 *
 * @param completion the outcome to write
 * @param announcement tells the listeners and the log of failed jobs
 * @param failureAnnouncement tells them that the job failed instead, given why the
 * database refused the outcome
 * @param failure what the handler threw, or {@code null} when it returned
 * @author TaskFlow
 */
record AttemptOutcome(Completion completion, Runnable announcement, Consumer<String> failureAnnouncement,
		Throwable failure) {

	AttemptOutcome(Completion completion, Runnable announcement, Consumer<String> failureAnnouncement) {
		this(completion, announcement, failureAnnouncement, null);
	}

}
