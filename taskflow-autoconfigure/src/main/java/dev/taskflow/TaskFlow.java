package dev.taskflow;

import java.util.List;
import java.util.Optional;

/**
 * The TaskFlow client: enqueue durable jobs and look after them. Inject it anywhere.
 * <p>
 * Enqueueing joins the caller's transaction when there is one: a job enqueued in a
 * {@code @Transactional} method exists exactly when that transaction commits.
 *
 * @author TaskFlow
 */
public interface TaskFlow {

	/**
	 * Enqueue a job for a handler, due now, on the default queue.
	 * @param handler the {@link TaskHandler} name
	 * @param payload the payload, any value Jackson can write (may be {@code null})
	 * @return the id of the new job
	 * @throws UnknownHandlerException if handler validation is on and no handler has the
	 * name
	 */
	default JobId enqueue(String handler, Object payload) {
		return enqueue(JobRequest.of(handler, payload));
	}

	/**
	 * Enqueue a job for the handler a method reference points at, due now, on the default
	 * queue; the compiler checks the payload's type. The job is the same as one enqueued
	 * with the method's {@link TaskHandler#value() handler name}.
	 *
	 * <pre class="code">
	 * taskFlow.enqueue(Mailer::send, email);  // &#64;TaskHandler("email.send") Receipt send(Email email)
	 * </pre>
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param <R> the handler's result type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the id of the new job
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 * @see HandlerReference
	 */
	default <H, P, R> JobId enqueue(HandlerReference.Returning<H, P, R> handler, P payload) {
		return enqueue(JobRequest.of(handler, payload));
	}

	/**
	 * Enqueue a job for the handler a method reference points at, for a handler method
	 * that returns nothing. See {@link #enqueue(HandlerReference.Returning, Object)}.
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the id of the new job
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 */
	default <H, P> JobId enqueue(HandlerReference.Consuming<H, P> handler, P payload) {
		return enqueue(JobRequest.of(handler, payload));
	}

	/**
	 * Enqueue a job for the handler a method reference points at, for a handler method
	 * that takes a payload and a {@link TaskContext}. See
	 * {@link #enqueue(HandlerReference.Returning, Object)}.
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param <R> the handler's result type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload and a {@code TaskContext}, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the id of the new job
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 */
	default <H, P, R> JobId enqueue(HandlerReference.ReturningWithContext<H, P, R> handler, P payload) {
		return enqueue(JobRequest.of(handler, payload));
	}

	/**
	 * Enqueue a job for the handler a method reference points at, for a handler method
	 * that takes a payload and a {@link TaskContext} and returns nothing. See
	 * {@link #enqueue(HandlerReference.Returning, Object)}.
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param handler a method reference to a {@code @TaskHandler} method taking the
	 * payload and a {@code TaskContext}, such as {@code Mailer::send}
	 * @param payload the payload (may be {@code null})
	 * @return the id of the new job
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 */
	default <H, P> JobId enqueue(HandlerReference.ConsumingWithContext<H, P> handler, P payload) {
		return enqueue(JobRequest.of(handler, payload));
	}

	/**
	 * Enqueue a job.
	 * @param request what to run and how
	 * @return the id of the new job, or of the active job holding the request's unique
	 * key
	 * @throws UnknownHandlerException if handler validation is on and no handler has the
	 * name
	 */
	JobId enqueue(JobRequest request);

	/**
	 * Enqueue many jobs in one database round trip per batch.
	 * @param requests the jobs
	 * @return their ids, in the order of the requests
	 * @throws UnknownHandlerException if handler validation is on and a handler is
	 * unknown (then nothing is enqueued)
	 */
	List<JobId> enqueueAll(List<JobRequest> requests);

	/**
	 * Read a job as stored now.
	 * @param id the job id
	 * @return the job, or empty if there is none with this id
	 */
	Optional<JobView> find(JobId id);

	/**
	 * Read a job's history: every attempt made so far, oldest first. Each attempt that
	 * ended is kept with its node, start and end, outcome, error (with a bounded stack
	 * trace) and, with {@code spring.taskflow.logs.capture=true}, the log lines its
	 * handler wrote; the attempt running now is listed as
	 * {@link JobAttempt.Outcome#RUNNING}. The history goes when the job is deleted.
	 * @param id the job id
	 * @return its attempts; empty if it has not started or does not exist
	 */
	List<JobAttempt> attempts(JobId id);

	/**
	 * Cancel a job. A {@link JobStatus#PENDING} (or {@link JobStatus#BLOCKED}) job is
	 * {@link JobStatus#CANCELLED} at once. A {@link JobStatus#RUNNING} job is asked to
	 * stop: its handler sees {@link TaskContext#isCancellationRequested()} within a lease
	 * renewal ({@code spring.taskflow.worker.heartbeat-interval}), its thread is
	 * interrupted after {@code spring.taskflow.workflow.cancel-grace} (10 seconds by
	 * default), and the job ends {@link JobStatus#CANCELLED} once the handler has
	 * returned or thrown. A job of a workflow step that is cancelled counts as a failed
	 * step (its workflow's {@link FailurePolicy} applies).
	 * @param id the job id
	 * @return {@code true} if the job was waiting and is now cancelled, or was running
	 * and has been asked to stop; {@code false} if it is finished, already asked, or does
	 * not exist
	 */
	boolean cancel(JobId id);

	/**
	 * Run a failed or cancelled job again: it becomes pending, due now, with a fresh
	 * budget of as many attempts as its handler allows. Attempt numbers go on from the
	 * last one (the history keeps the earlier attempts), so its maximum becomes its
	 * current attempt plus that budget.
	 * <p>
	 * A job enqueued with a {@link JobRequest#uniqueKey(String) unique key} takes its key
	 * back: while it is pending or running again, enqueueing that key returns its id. If
	 * another active job holds the key by then (one enqueued with it after this job
	 * finished), the retry is refused with a {@link UniqueKeyConflictException} naming
	 * that job, and nothing changes: a key never has two active jobs. In a transaction,
	 * the refusal leaves the transaction usable.
	 * @param id the job id
	 * @return {@code true} if the job was failed or cancelled and is now pending;
	 * {@code false} if there is no such job, it is not failed or cancelled, or it is a
	 * workflow step (retry its workflow with {@link Workflows#retry(WorkflowId)})
	 * @throws UniqueKeyConflictException if the job's unique key is held by another
	 * pending or running job
	 */
	boolean retry(JobId id);

	/**
	 * Find, count, wait for and manage jobs: lists by filter with cursor paging, counts,
	 * bulk retry, cancel and delete.
	 * @return the jobs
	 */
	Jobs jobs();

	/**
	 * The live worker nodes sharing this database, as last heard of, and the commands
	 * that drain them.
	 * @return the nodes, by id
	 */
	Nodes nodes();

	/**
	 * The worker nodes that left within the last hour, stopped or lost (no heartbeat
	 * within their lease), the latest first: what an operator looks for after a crash or
	 * a deploy.
	 * @return the nodes, with {@link NodeView#departedAt()} and
	 * {@link NodeView#departure()}
	 */
	List<NodeView> departedNodes();

	/**
	 * Recurring jobs: register, pause, resume, trigger, remove, list and backfill
	 * schedules.
	 * @return the schedules
	 */
	Schedules schedules();

	/**
	 * Queues: pause and resume them across every node, and see what they hold.
	 * @return the queues
	 */
	Queues queues();

	/**
	 * Statistics of jobs per minute, for charts: counts of enqueued, succeeded, failed,
	 * retried and cancelled jobs and wait and run time percentiles, of all queues or one,
	 * read from the per-minute table each node writes (never counted over the job table).
	 * The current minute is not in them yet.
	 * @return the statistics
	 */
	Statistics statistics();

	/**
	 * Workflows: start graphs of steps that pass their results downstream (chains,
	 * fan-out and fan-in, failure policies, saga compensation), and find, list, cancel,
	 * retry and wait for them.
	 * @return the workflows
	 */
	Workflows workflows();

}
