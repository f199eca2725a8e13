package dev.taskflow.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import javax.sql.DataSource;

/**
 * TaskFlow's job table, read and written with plain JDBC on the application's data
 * source. JDBC rather than JPA entities: the hot path is a handful of set-based
 * statements, and TaskFlow's tables stay out of the application's persistence unit, so
 * Hibernate's {@code ddl-auto} or an {@code @EnableJpaRepositories} of the application
 * never meets them.
 *
 * @author TaskFlow
 */
public class JobStore {

	/**
	 * The most jobs one {@link #rescueExpiredJobs(Duration) rescue} hands back.
	 */
	public static final int RESCUE_BATCH = JobLeases.RESCUE_BATCH;

	private final StoreSupport store;

	private final JobInserter inserter;

	private final JobCompleter completer;

	private final JobLeases leases;

	private final JobRecords records;

	private final AttemptHistory history;

	private final InsertingSessions insertingSessions = new InsertingSessions();

	private final ScheduleStore schedules;

	private final NodeStore nodes;

	private final QueueStore queues;

	private final LimitedClaimer limitedClaimer;

	private final JobSearch search;

	private final JobBulk bulk;

	private final StorableResults storableResults;

	private final JobRetention retention;

	private final StatisticsStore statistics;

	private final WorkflowStore workflows;

	private final List<WorkflowSignals> signalTargets = new CopyOnWriteArrayList<>();

	private final WorkflowSignals workflowSignals = (finished) -> this.signalTargets
		.forEach((target) -> target.workflowsChanged(finished));

	/**
	 * Create a store on the given data source.
	 * @param dataSource the application's data source
	 * @param dialect the dialect of its database
	 */
	public JobStore(DataSource dataSource, SqlDialect dialect) {
		this.store = new StoreSupport(dataSource, dialect);
		this.inserter = new JobInserter(this.store, this.insertingSessions);
		WorkflowJoin join = new WorkflowJoin(this.store, this.inserter);
		this.completer = new JobCompleter(this.store, join, this.workflowSignals);
		this.workflows = new WorkflowStore(this.store, this.inserter, join);
		this.leases = new JobLeases(this.store);
		this.leases.joinWorkflows(join, this.workflowSignals);
		this.records = new JobRecords(this.store);
		this.records.joinWorkflows(join, this.workflowSignals);
		this.history = new AttemptHistory(this.store);
		this.schedules = new ScheduleStore(this.store, this.insertingSessions);
		this.nodes = new NodeStore(this.store);
		this.queues = new QueueStore(this.store);
		this.limitedClaimer = new LimitedClaimer(this.store);
		this.search = new JobSearch(this.store);
		this.bulk = new JobBulk(this.store, this.records);
		this.storableResults = new StorableResults(this.store);
		this.retention = new JobRetention(this.store);
		this.statistics = new StatisticsStore(this.store);
	}

	/**
	 * The workflow tables.
	 * @return the workflows
	 */
	public WorkflowStore workflows() {
		return this.workflows;
	}

	/**
	 * Be told after each transaction that finished jobs of workflow steps.
	 * @param signals what to tell
	 */
	public void addWorkflowSignals(WorkflowSignals signals) {
		this.signalTargets.add(signals);
	}

	/**
	 * The reads of the public query API: pages, counts, jobs by id.
	 * @return the search
	 */
	public JobSearch search() {
		return this.search;
	}

	/**
	 * The bulk operations of the public query API: retry, cancel and delete by query.
	 * @return the bulk operations
	 */
	public JobBulk bulk() {
		return this.bulk;
	}

	/**
	 * The purge of finished jobs by retention, in bounded batches, deleting or archiving.
	 * @return the retention store
	 */
	public JobRetention retention() {
		return this.retention;
	}

	/**
	 * The per-minute statistics of every node, for charts.
	 * @return the statistics store
	 */
	public StatisticsStore statistics() {
		return this.statistics;
	}

	/**
	 * Check that TaskFlow's tables exist.
	 * @throws TaskFlowSchemaMissingException if they do not
	 */
	public void verifySchema() {
		try {
			this.store.jdbc().queryForList("SELECT id FROM taskflow_job WHERE 1 = 0");
		}
		catch (org.springframework.dao.DataAccessException ex) {
			throw new TaskFlowSchemaMissingException(ex);
		}
	}

	/**
	 * Whether the database answers now: tells a statement it refuses (whose retry would
	 * fail again) from an outage (whose retry goes through once it is over).
	 * @return {@code true} if a trivial query succeeds
	 */
	public boolean answers() {
		try {
			this.store.jdbc().queryForObject("SELECT 1", Integer.class);
			return true;
		}
		catch (org.springframework.dao.DataAccessException ex) {
			return false;
		}
	}

	/**
	 * The dialect in use.
	 * @return the dialect
	 */
	public SqlDialect dialect() {
		return this.store.dialect();
	}

	/**
	 * The data source the store works on: for a connection of its own, such as one that
	 * listens for PostgreSQL notifications.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.store.dataSource();
	}

	/**
	 * The live nodes.
	 * @return the node store
	 */
	public NodeStore nodes() {
		return this.nodes;
	}

	/**
	 * The paused queues.
	 * @return the queue store
	 */
	public QueueStore queues() {
		return this.queues;
	}

	/**
	 * The schedules and their occurrences.
	 * @return the schedule store
	 */
	public ScheduleStore schedules() {
		return this.schedules;
	}

	/**
	 * The database sessions through which this store inserted jobs lately.
	 * @return the sessions
	 */
	public InsertingSessions insertingSessions() {
		return this.insertingSessions;
	}

	/**
	 * Insert jobs in one batch, in the caller's transaction when there is one.
	 * @param jobs the jobs
	 * @return for each job, in order, its id or the id of the active job holding its
	 * unique key
	 */
	public List<UUID> insert(List<NewJob> jobs) {
		return this.inserter.insert(jobs);
	}

	/**
	 * Insert a job already running under a node's lease, as a claim would leave it (its
	 * first attempt begun), and commit it, unless its queue is paused: for a job its node
	 * starts at once. Never in a caller's transaction.
	 * @param job the job, due now and without a unique key
	 * @param nodeId the node that runs it
	 * @param lease its lease
	 * @return whether it was inserted (not, when its queue is paused: insert it as usual)
	 */
	public boolean insertRunning(NewJob job, String nodeId, Duration lease) {
		return this.inserter.insertRunning(job, nodeId, lease);
	}

	/**
	 * A claimer for the given handlers: one statement per claim, for jobs no limit
	 * applies to.
	 * @param handlers the handler names a node can run
	 * @param excludedQueues queues whose jobs it leaves alone
	 * @return the claimer
	 */
	public Claimer claimer(Collection<String> handlers, Collection<String> excludedQueues) {
		JobClaimer claimer = new JobClaimer(this.store, handlers, excludedQueues);
		return claimer::claim;
	}

	/**
	 * Claim one pending job by its id (a test runs it now).
	 * @param nodeId the claiming node
	 * @param id the job
	 * @param lease the lease
	 * @param onlyIfDue whether only a job that is due and not in a paused queue may be
	 * claimed, rather than any pending job
	 * @return the claimed job, or empty if it is not pending (or not due)
	 */
	public Optional<ClaimedJob> claimById(String nodeId, UUID id, Duration lease, boolean onlyIfDue) {
		return JobClaimer.claimById(this.store, nodeId, id, lease, onlyIfDue);
	}

	/**
	 * Claim jobs under limits, cluster-wide ones included, in one transaction.
	 * @param nodeId the node
	 * @param lease the lease
	 * @param claim decides what to claim
	 * @return the claimed jobs
	 */
	public List<ClaimedJob> claimLimited(String nodeId, Duration lease, LimitedClaim claim) {
		return this.limitedClaimer.claim(nodeId, lease, claim);
	}

	/**
	 * Create the permit rows of cluster-wide limits where they are missing.
	 * @param limits the limits
	 */
	public void ensurePermits(List<ClusterLimit> limits) {
		this.limitedClaimer.ensurePermits(limits);
	}

	/**
	 * Write the outcomes of attempts, fenced by attempt.
	 * @param completions the outcomes
	 * @return the rejected completions (their attempt no longer owns the job)
	 */
	public List<Completion> complete(List<Completion> completions) {
		return this.completer.complete(completions);
	}

	/**
	 * Why the database would refuse to store the given outcome, if it is known to before
	 * it is sent (a result too large for a statement, one with a character the JSON
	 * column cannot hold).
	 * @param completion the outcome
	 * @return why, naming the limit and the fix, or {@code null} if it is not known to be
	 * refused
	 */
	public String refusalOf(Completion completion) {
		return this.storableResults.refusalOf(completion.result());
	}

	/**
	 * Extend this node's leases on the jobs it holds, and confirm the attempts its
	 * workers started; expired leases are not revived.
	 * @param nodeId the node
	 * @param jobIds the jobs it holds
	 * @param started which of them a worker started
	 * @param lease the lease from now
	 * @return the jobs whose leases were extended
	 */
	public List<UUID> extendLeases(String nodeId, List<UUID> jobIds, Predicate<UUID> started, Duration lease) {
		return renewLeases(nodeId, jobIds, started, lease).extended();
	}

	/**
	 * Extend this node's leases as {@link #extendLeases} does, and tell which of the jobs
	 * someone asked to stop.
	 * @param nodeId the node
	 * @param jobIds the jobs it holds
	 * @param started which of them a worker started
	 * @param lease the lease from now
	 * @return the jobs whose leases were extended, and those asked to stop
	 */
	public LeaseRenewal renewLeases(String nodeId, List<UUID> jobIds, Predicate<UUID> started, Duration lease) {
		return renewLeases(nodeId, jobIds, started, lease, Map.of());
	}

	/**
	 * Extend this node's leases as {@link #extendLeases} does, store what its jobs
	 * reported in the same statement, and tell which of the jobs someone asked to stop.
	 * @param nodeId the node
	 * @param jobIds the jobs it holds
	 * @param started which of them a worker started
	 * @param lease the lease from now
	 * @param reports what some of them reported (progress, checkpoints), to store
	 * @return the jobs whose leases were extended (and reports stored), and those asked
	 * to stop
	 */
	public LeaseRenewal renewLeases(String nodeId, List<UUID> jobIds, Predicate<UUID> started, Duration lease,
			Map<UUID, JobReport> reports) {
		return this.leases.extend(nodeId, jobIds, started, lease, reports);
	}

	/**
	 * How many jobs of a queue are due and wait for a thread, counted up to a bound.
	 * @param queue the queue
	 * @param limit the most counted
	 * @return the due jobs, at most {@code limit}
	 */
	public long countDue(String queue, int limit) {
		SqlDialect dialect = this.store.dialect();
		Long due = this.store.jdbc()
			.queryForObject(
					"SELECT COUNT(*) FROM (SELECT 1 AS one FROM taskflow_job WHERE queue = ? AND "
							+ "status = 'PENDING' AND run_at <= " + dialect.now() + dialect.limitParameter() + ") due",
					Long.class, queue, limit);
		return (due != null) ? due : 0;
	}

	/**
	 * The checkpoint document a job's handler kept across attempts.
	 * @param jobId the job
	 * @return the document (JSON), or {@code null} if it kept none
	 */
	public String checkpoint(UUID jobId) {
		return this.store.jdbc()
			.query("SELECT checkpoint FROM taskflow_job WHERE id = ?", (ps) -> this.store.dialect().setId(ps, 1, jobId),
					(rs) -> rs.next() ? rs.getString(1) : null);
	}

	/**
	 * Return jobs whose lease expired to {@code PENDING}, or {@code FAILED} when out of
	 * attempts, telling which; at most {@link #RESCUE_BATCH} at a time.
	 * @param timeout how long each statement may take before the database cuts it off
	 * (rounded up to whole seconds)
	 * @return the jobs rescued
	 */
	public List<RescuedJob> rescueExpiredJobs(Duration timeout) {
		return this.leases.rescueExpired(timeout);
	}

	/**
	 * Count the active jobs by queue and status, with the age of the oldest, in one
	 * grouped query.
	 * @return one entry per queue and status that has jobs
	 */
	public List<QueueStatistics> queueStatistics() {
		return this.records.queueStatistics(null);
	}

	/**
	 * Count the active jobs by queue and status, with the age of the oldest, in one
	 * grouped query that is cut off after the given time: for a health check, which must
	 * tell a store that does not answer.
	 * @param timeout how long the query may take (rounded up to whole seconds)
	 * @return one entry per queue and status that has jobs
	 */
	public List<QueueStatistics> queueStatistics(Duration timeout) {
		return this.records.queueStatistics(timeout);
	}

	/**
	 * Release claimed jobs that never started at once for another node; their attempts do
	 * not count and their numbers are given back.
	 * @param nodeId the node that holds them
	 * @param jobs the jobs with the attempts held
	 * @return the number released
	 */
	public int release(String nodeId, List<ClaimedJob> jobs) {
		return this.leases.release(nodeId, jobs, false);
	}

	/**
	 * Release claimed jobs whose attempts started but did not reach a stored outcome (a
	 * stopping node interrupted them, or could not write their outcomes): they run again
	 * under new attempt numbers, so that no two executions ever share one, and each gets
	 * one more attempt in all, so that the interrupted one does not count.
	 * @param nodeId the node that holds them
	 * @param jobs the jobs with the attempts held
	 * @return the number released
	 */
	public int releaseStarted(String nodeId, List<ClaimedJob> jobs) {
		return this.leases.release(nodeId, jobs, true);
	}

	/**
	 * Read a job.
	 * @param id the id
	 * @return the job, if it exists
	 */
	public Optional<JobRecord> find(UUID id) {
		return this.records.find(id);
	}

	/**
	 * Cancel a pending (or blocked) job, or ask a running one to stop.
	 * @param id the id
	 * @return {@code true} if it was waiting and is now cancelled, {@code false} if it
	 * was asked to stop or nothing happened
	 */
	public boolean cancel(UUID id) {
		return this.records.cancel(id) == JobRecords.Cancel.CANCELLED;
	}

	/**
	 * Cancel a pending (or blocked) job, or ask a running one to stop: it ends
	 * {@code CANCELLED} once it has.
	 * @param id the id
	 * @return {@code CANCELLED}, {@code ASKED_TO_STOP} or {@code NONE}
	 */
	public String cancelOrAskToStop(UUID id) {
		return this.records.cancel(id).name();
	}

	/**
	 * Make a failed or cancelled job pending again, due now. Its attempt numbers go on
	 * from where they are (the history keeps the earlier ones) and it gets a fresh
	 * budget: {@code max_attempts} becomes its current attempt plus the given attempts.
	 * It takes back the unique key it was enqueued with, if any. Runs in the caller's
	 * transaction when there is one, which a refused retry leaves usable.
	 * @param id the id
	 * @param attempts the attempts it gets from now on
	 * @return whether it was failed or cancelled and is now pending
	 * @throws dev.taskflow.UniqueKeyConflictException if another active job holds its
	 * unique key (then nothing changed)
	 */
	public boolean retry(UUID id, int attempts) {
		return this.records.retry(id, attempts);
	}

	/**
	 * The attempts of a job, oldest first: those that ended, from the history, and the
	 * running one, from the job row.
	 * @param id the job id
	 * @return its attempts; empty if it has none or does not exist
	 */
	public List<AttemptRecord> attempts(UUID id) {
		return this.history.attempts(id);
	}

	/**
	 * The reads and the clean-up for watching jobs (Actuator endpoint, health).
	 * @return the queries
	 */
	public JobQueries queries() {
		return new JobQueries(this.store, this.retention);
	}

	/**
	 * Claims due jobs for one node.
	 */
	@FunctionalInterface
	public interface Claimer {

		/**
		 * Claim up to {@code limit} due jobs.
		 * @param nodeId the node
		 * @param limit the most jobs to claim
		 * @param lease the lease
		 * @param abovePriority only jobs of a higher priority than this
		 * ({@link CandidateQuery#ALL_PRIORITIES} for all)
		 * @return the claimed jobs
		 */
		List<ClaimedJob> claim(String nodeId, int limit, Duration lease, int abovePriority);

	}

}
