package dev.taskflow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Find, count, wait for and manage jobs: {@code taskFlow.jobs()}.
 *
 * <pre class="code">
 * Jobs jobs = taskFlow.jobs();
 * JobPage failed = jobs.list(JobQuery.all().status(JobStatus.FAILED).queue("mail"));
 * Map&lt;JobStatus, Long&gt; byStatus = jobs.countByStatus(JobQuery.all().handler("email.send"));
 * int retried = jobs.retryAll(JobQuery.all().status(JobStatus.FAILED).correlationId("order-42"));
 * int moved = jobs.move(JobQuery.all().queue("mail").handler("digest"), "mail-slow");
 * JobView done = jobs.whenFinished(id).get(1, TimeUnit.MINUTES);
 * </pre> Reads run in the caller's transaction when there is one. Lists and counts by
 * status, queue or handler, alone or with a time range, are meant to be cheap; other
 * filters, {@link JobQuery#text(String) text} above all, may scan, and every list or
 * count is cut off after {@code spring.taskflow.query.timeout} (2 seconds by default)
 * with a {@link org.springframework.dao.QueryTimeoutException} that says so.
 *
 * @author TaskFlow
 */
public interface Jobs {

	/**
	 * A page of the jobs that match, newest first (by creation time, then id).
	 * @param query which jobs, how many, and after which cursor
	 * @return the page, with the cursor of the next one when more jobs match
	 * @throws org.springframework.dao.QueryTimeoutException if the query took longer than
	 * {@code spring.taskflow.query.timeout}
	 */
	JobPage list(JobQuery query);

	/**
	 * Count the jobs that match (the query's limit and cursor are ignored).
	 * @param query which jobs
	 * @return their number
	 * @throws org.springframework.dao.QueryTimeoutException if the query took longer than
	 * {@code spring.taskflow.query.timeout}
	 */
	long count(JobQuery query);

	/**
	 * Count the jobs that match by status, in one query.
	 * @param query which jobs
	 * @return the number for every status, in the order of {@link JobStatus}, 0 where
	 * none match
	 * @throws org.springframework.dao.QueryTimeoutException if the query took longer than
	 * {@code spring.taskflow.query.timeout}
	 */
	Map<JobStatus, Long> countByStatus(JobQuery query);

	/**
	 * Count the jobs that match, but read no more than {@code limit} of them in any
	 * status: its cost is set by the limit, not by the size of the table, so it suits a
	 * confirmation ("more than 10,000 jobs") or a badge on a table of any history, where
	 * {@link #count(JobQuery)} reads every job that matches.
	 * @param query which jobs (the query's limit and cursor are ignored)
	 * @param limit the most counted, positive; ask for one more than you show to tell
	 * "exactly n" from "more than n"
	 * @return their number, or {@code limit} when at least that many match
	 * @throws org.springframework.dao.QueryTimeoutException if the query took longer than
	 * {@code spring.taskflow.query.timeout}
	 */
	long count(JobQuery query, long limit);

	/**
	 * Count the jobs that match by status, in one query, each status read no further than
	 * {@code limit} jobs: through the index of its status, so that the cost is set by the
	 * limit and the filter, not by the size of the table.
	 * @param query which jobs (the query's limit and cursor are ignored)
	 * @param limit the most counted in each status, positive
	 * @return the number for every status, in the order of {@link JobStatus}, 0 where
	 * none match and {@code limit} where at least that many do
	 * @throws org.springframework.dao.QueryTimeoutException if the query took longer than
	 * {@code spring.taskflow.query.timeout}
	 */
	Map<JobStatus, Long> countByStatus(JobQuery query, long limit);

	/**
	 * Read the given jobs as stored now, in one round trip (per 1,000 ids).
	 * @param ids the job ids
	 * @return the jobs that exist, in the order of the ids; missing ones are left out
	 */
	List<JobView> findAll(List<JobId> ids);

	/**
	 * A future that completes when the job reaches a final status ({@code SUCCEEDED},
	 * {@code FAILED} or {@code CANCELLED}), with the job as stored then; at once when it
	 * is final already. No query runs per future: a job finished on this node completes
	 * its futures as its outcome is stored, one finished elsewhere through one poll of
	 * this node for all the jobs it awaits (every 500 ms). Cancelling the future stops
	 * waiting, nothing else.
	 * <p>
	 * The future completes exceptionally with a {@link java.util.NoSuchElementException}
	 * if there is no such job (or it is deleted while awaited), and with an
	 * {@link IllegalStateException} if the application stops first. Call it after the
	 * transaction that enqueued the job commits.
	 * @param id the job id
	 * @return the future
	 */
	CompletableFuture<JobView> whenFinished(JobId id);

	/**
	 * {@link TaskFlow#retry(JobId) Retry} every {@code FAILED} or {@code CANCELLED} job
	 * that matches (other statuses the query admits are left alone), in batches of a few
	 * hundred jobs, each batch a transaction of its own. Each retried job is told to
	 * listeners and metrics as enqueued, as a single retry is. A job whose unique key
	 * another active job holds by now stays as it is.
	 * @param query which jobs (its limit and cursor are ignored)
	 * @return the number of jobs retried
	 */
	int retryAll(JobQuery query);

	/**
	 * {@link TaskFlow#cancel(JobId) Cancel} every {@code PENDING} job that matches (other
	 * statuses the query admits are left alone; a job that starts meanwhile is not
	 * cancelled), in batches of a few hundred jobs. Each cancelled job is told to
	 * listeners and metrics, as a single cancel is.
	 * @param query which jobs (its limit and cursor are ignored)
	 * @return the number of jobs cancelled
	 */
	int cancelAll(JobQuery query);

	/**
	 * Move every {@code PENDING} job that matches to another queue (other statuses the
	 * query admits are left alone: a job that starts meanwhile runs on in the queue it
	 * was claimed from, and a {@link JobStatus#BLOCKED blocked} workflow step stays where
	 * it is), in batches of a few hundred jobs, each batch a transaction of its own. A
	 * job keeps its due time, priority and attempts; jobs in {@code toQueue} already are
	 * not counted. Another move undoes it, such as
	 * {@code move(JobQuery.all().queue("mail-slow"), "mail")} (which takes any job
	 * enqueued on {@code mail-slow} meanwhile too). Due jobs start without waiting for
	 * the poll of this node and, on PostgreSQL, of every node; elsewhere other nodes find
	 * them at their next poll. The pause and limits of {@code toQueue} apply to them.
	 * @param query which jobs (its limit and cursor are ignored)
	 * @param toQueue the queue to move them to, at most
	 * {@value JobRequest#MAX_QUEUE_LENGTH} characters, as for
	 * {@link JobRequest#queue(String)}
	 * @return the number of jobs moved
	 * @throws IllegalArgumentException if {@code toQueue} is empty, too long or holds
	 * control characters
	 */
	int move(JobQuery query, String toQueue);

	/**
	 * Delete the finished jobs that match, with their attempts, in batches of a few
	 * hundred jobs. A job retried meanwhile (pending again) is not deleted.
	 * @param query which jobs: it must admit only final statuses, by its
	 * {@link JobQuery#status status} filter or a
	 * {@link JobQuery#finishedBefore(java.time.Instant) finishedBefore} filter (its limit
	 * and cursor are ignored)
	 * @return the number of jobs deleted
	 * @throws IllegalArgumentException if the query admits {@code PENDING} or
	 * {@code RUNNING} jobs
	 */
	int deleteAll(JobQuery query);

}
