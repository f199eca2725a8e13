package dev.taskflow.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.engine.FailureLogging;
import dev.taskflow.retry.BackoffStrategy;
import dev.taskflow.throttle.Scope;

/**
 * Configuration properties of TaskFlow. They validate themselves as they are bound: an
 * invalid value fails the start, naming the property and the fix.
 *
 * @author TaskFlow
 */
@ConfigurationProperties("spring.taskflow")
public class TaskFlowProperties implements Validator {

	/**
	 * Whether TaskFlow is enabled.
	 */
	private boolean enabled = true;

	private final Worker worker = new Worker();

	private final Enqueue enqueue = new Enqueue();

	private final Store store = new Store();

	private final Retry retry = new Retry();

	private final Shutdown shutdown = new Shutdown();

	private final Scheduling schedule = new Scheduling();

	private final Metrics metrics = new Metrics();

	private final Logs logs = new Logs();

	private final Query query = new Query();

	private final Workflow workflow = new Workflow();

	private final Progress progress = new Progress();

	private final Retention retention = new Retention();

	private final Statistics statistics = new Statistics();

	/**
	 * Schedules declared in configuration, by name. A name with dots may be written as it
	 * is or in brackets (spring.taskflow.schedules[report.nightly].cron).
	 */
	private final Map<String, ScheduleProperties> schedules = new LinkedHashMap<>();

	/**
	 * Settings per handler, by handler name; they win over @TaskHandler attributes.
	 */
	private final Map<String, Handler> handlers = new LinkedHashMap<>();

	/**
	 * Rate limit of all jobs together.
	 */
	private final RateLimit rateLimit = new RateLimit();

	/**
	 * Settings per queue, by queue name: rate and concurrency limits, threads of its own.
	 */
	private final Map<String, Queue> queues = new LinkedHashMap<>();

	// Boot asks a properties object that is a Validator about each group it binds
	@Override
	public boolean supports(Class<?> type) {
		return TaskFlowPropertiesValidator.INSTANCE.supports(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TaskFlowPropertiesValidator.INSTANCE.validate(target, errors);
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Map<String, Queue> getQueues() {
		return this.queues;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Enqueue getEnqueue() {
		return this.enqueue;
	}

	public Store getStore() {
		return this.store;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Workflow getWorkflow() {
		return this.workflow;
	}

	public Progress getProgress() {
		return this.progress;
	}

	public Query getQuery() {
		return this.query;
	}

	public Retention getRetention() {
		return this.retention;
	}

	public Statistics getStatistics() {
		return this.statistics;
	}

	public Logs getLogs() {
		return this.logs;
	}

	public Scheduling getSchedule() {
		return this.schedule;
	}

	public Map<String, ScheduleProperties> getSchedules() {
		return this.schedules;
	}

	public Map<String, Handler> getHandlers() {
		return this.handlers;
	}

	/**
	 * How this node runs jobs.
	 */
	public static class Worker {

		/**
		 * Whether this node runs jobs. Off for enqueue-only nodes.
		 */
		private boolean enabled = true;

		/**
		 * Number of jobs this node runs at once.
		 */
		private int threads = 10;

		/**
		 * Number of claimed jobs a node may hold beyond its threads, waiting for a free
		 * thread under a lease: each claim then carries a batch instead of one job.
		 */
		private int prefetch = 10;

		/**
		 * Number of claimed jobs a node may hold beyond its threads while its jobs are
		 * short: the prefetch grows from 'prefetch' up to this while the jobs that wait
		 * amount to less than about 100 ms of work, so that a claim of short jobs carries
		 * a bigger batch. A job that waits and was never started keeps its attempt even
		 * if the node dies. Set it to 'prefetch' or less to keep the prefetch fixed.
		 */
		private int maxPrefetch = 200;

		/**
		 * How often the node looks for due jobs when nothing wakes it: jobs stored before
		 * it started, and delayed jobs or retries it has not heard of (on MariaDB, MySQL
		 * and H2, those another node enqueued or ran).
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How long a claim on a running job holds without a heartbeat; after that, the
		 * job is rescued and runs again elsewhere.
		 */
		private Duration lease = Duration.ofSeconds(30);

		/**
		 * How often the node extends its leases and rescues jobs whose lease expired.
		 * Must be shorter than the lease. Each statement of the rescue and of the node's
		 * own heartbeat is cut off after half of the lease minus this interval (at least
		 * 1s), so that a locked table cannot stop the node's heartbeat.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(10);

		/**
		 * Id of this node, stored as the owner of the jobs it runs. Generated from host
		 * name and process id when not set.
		 */
		private String nodeId;

		/**
		 * Whether to wake up on PostgreSQL notifications when jobs are enqueued by any
		 * node, instead of waiting for the next poll, and when the delayed jobs they
		 * announce become due; and to complete whenFinished futures on notifications of
		 * jobs other nodes finish. Holds one pooled connection on a worker, and one more
		 * from the first whenFinished on.
		 */
		private boolean notifications = true;

		/**
		 * Whether a job enqueued on this node starts at once on an idle worker thread,
		 * inserted already running under this node's lease, instead of waiting for a
		 * claim: one round trip less from enqueue to start. Only outside a transaction,
		 * for jobs due now without a unique or concurrency key, of handlers and queues
		 * without limits, while the node has no backlog of due jobs.
		 */
		private boolean directStart = true;

		/**
		 * Jobs with a priority above this may use threads that lower-priority jobs never
		 * take, so a flood of low-priority work cannot delay them. Unset: no threads are
		 * reserved.
		 */
		private Integer reservedForPriorityAbove;

		/**
		 * How many threads are reserved for jobs above reserved-for-priority-above.
		 * Defaults to a fifth of the threads, at least 1.
		 */
		private Integer reservedThreads;

		private final Backpressure backpressure = new Backpressure();

		public boolean isDirectStart() {
			return this.directStart;
		}

		public void setDirectStart(boolean directStart) {
			this.directStart = directStart;
		}

		public Integer getReservedForPriorityAbove() {
			return this.reservedForPriorityAbove;
		}

		public void setReservedForPriorityAbove(Integer reservedForPriorityAbove) {
			this.reservedForPriorityAbove = reservedForPriorityAbove;
		}

		public Integer getReservedThreads() {
			return this.reservedThreads;
		}

		public void setReservedThreads(Integer reservedThreads) {
			this.reservedThreads = reservedThreads;
		}

		public Backpressure getBackpressure() {
			return this.backpressure;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getPrefetch() {
			return this.prefetch;
		}

		public void setPrefetch(int prefetch) {
			this.prefetch = prefetch;
		}

		public int getMaxPrefetch() {
			return this.maxPrefetch;
		}

		public void setMaxPrefetch(int maxPrefetch) {
			this.maxPrefetch = maxPrefetch;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public String getNodeId() {
			return this.nodeId;
		}

		public void setNodeId(String nodeId) {
			this.nodeId = nodeId;
		}

		public boolean isNotifications() {
			return this.notifications;
		}

		public void setNotifications(boolean notifications) {
			this.notifications = notifications;
		}

	}

	/**
	 * How jobs are enqueued.
	 */
	public static class Enqueue {

		/**
		 * Whether enqueueing a handler name this node does not know fails at once.
		 * Applies only to nodes that run workers; turn off when another service runs the
		 * handler.
		 */
		private boolean validateHandlers = true;

		/**
		 * Largest payload a job may carry, as JSON in UTF-8; an enqueue with a larger one
		 * fails at once. Large data belongs elsewhere (a table, a file, object storage),
		 * the job carrying its id.
		 */
		private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

		public DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

		public boolean isValidateHandlers() {
			return this.validateHandlers;
		}

		public void setValidateHandlers(boolean validateHandlers) {
			this.validateHandlers = validateHandlers;
		}

	}

	/**
	 * Queries of the public API ({@code taskFlow.jobs()}).
	 */
	/**
	 * Workflows, and stopping running jobs on request.
	 */
	public static class Workflow {

		/**
		 * How long a running job asked to stop (a cancelled workflow's step, or
		 * TaskFlow.cancel on a running job) may take to stop on its own, checking
		 * TaskContext.isCancellationRequested(), before its thread is interrupted.
		 */
		private Duration cancelGrace = Duration.ofSeconds(10);

		public Duration getCancelGrace() {
			return this.cancelGrace;
		}

		public void setCancelGrace(Duration cancelGrace) {
			this.cancelGrace = cancelGrace;
		}

	}

	public static class Progress {

		/**
		 * How often, at most, the progress a running job reports (TaskContext.progress)
		 * is stored; each write is a renewal of the node's leases, one statement for all
		 * its jobs.
		 */
		private Duration interval = Duration.ofSeconds(1);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	public static class Query {

		/**
		 * How long a list or count of jobs may run before the database cuts it off
		 * (rounded up to whole seconds); filters that no index serves, such as text, scan
		 * the job table.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Retention: how long finished jobs are kept before the built-in schedule
	 * 'taskflow.retention' purges them, once per interval across the cluster. Each period
	 * is a duration (such as 1d, 12h or PT30M), or keep (or 0) to keep the jobs for ever.
	 */
	public static class Retention {

		/**
		 * Whether finished jobs are purged. Off, or with every period set to keep, worker
		 * nodes do not declare the retention schedule and remove it at start-up: finished
		 * jobs and their attempts are then kept for ever.
		 */
		private boolean enabled = true;

		/**
		 * How long SUCCEEDED jobs are kept after they finished; keep (or 0) keeps them
		 * for ever.
		 */
		@KeepOrDuration
		private Duration succeeded = Duration.ofDays(1);

		/**
		 * How long FAILED jobs are kept after they failed for good, for inspection and
		 * retry; keep (or 0) keeps them for ever.
		 */
		@KeepOrDuration
		private Duration failed = Duration.ofDays(14);

		/**
		 * How long CANCELLED jobs are kept after they were cancelled; keep (or 0) keeps
		 * them for ever.
		 */
		@KeepOrDuration
		private Duration cancelled = Duration.ofDays(14);

		/**
		 * How often the purge runs: the interval of the retention schedule, counted from
		 * the epoch, fired by one node per occurrence.
		 */
		private Duration interval = Duration.ofMinutes(10);

		/**
		 * The most jobs one batch of the purge removes, each batch a short transaction of
		 * its own, so that the purge never holds a long lock on the job table.
		 */
		private int batchSize = 1000;

		/**
		 * Whether to move purged jobs, with their attempts, to taskflow_job_archive and
		 * taskflow_attempt_archive instead of deleting them. TaskFlow never reads nor
		 * purges the archive.
		 */
		private boolean archive = false;

		/**
		 * Periods per queue, by queue name; they win over the defaults, and a handler's
		 * win over them.
		 */
		private final Map<String, RetentionPeriods> queues = new LinkedHashMap<>();

		/**
		 * Periods per handler, by handler name; they win over the queue's and the
		 * defaults.
		 */
		private final Map<String, RetentionPeriods> handlers = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getSucceeded() {
			return this.succeeded;
		}

		public void setSucceeded(Duration succeeded) {
			this.succeeded = succeeded;
		}

		public Duration getFailed() {
			return this.failed;
		}

		public void setFailed(Duration failed) {
			this.failed = failed;
		}

		public Duration getCancelled() {
			return this.cancelled;
		}

		public void setCancelled(Duration cancelled) {
			this.cancelled = cancelled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public boolean isArchive() {
			return this.archive;
		}

		public void setArchive(boolean archive) {
			this.archive = archive;
		}

		public Map<String, RetentionPeriods> getQueues() {
			return this.queues;
		}

		public Map<String, RetentionPeriods> getHandlers() {
			return this.handlers;
		}

	}

	/**
	 * Retention periods of one queue or handler; those not set fall back to the queue's
	 * (for a handler) and the defaults.
	 */
	public static class RetentionPeriods {

		/**
		 * How long SUCCEEDED jobs are kept; keep (or 0) keeps them for ever.
		 */
		@KeepOrDuration
		private Duration succeeded;

		/**
		 * How long FAILED jobs are kept; keep (or 0) keeps them for ever.
		 */
		@KeepOrDuration
		private Duration failed;

		/**
		 * How long CANCELLED jobs are kept; keep (or 0) keeps them for ever.
		 */
		@KeepOrDuration
		private Duration cancelled;

		public Duration getSucceeded() {
			return this.succeeded;
		}

		public void setSucceeded(Duration succeeded) {
			this.succeeded = succeeded;
		}

		public Duration getFailed() {
			return this.failed;
		}

		public void setFailed(Duration failed) {
			this.failed = failed;
		}

		public Duration getCancelled() {
			return this.cancelled;
		}

		public void setCancelled(Duration cancelled) {
			this.cancelled = cancelled;
		}

	}

	/**
	 * The job store.
	 */
	public static class Store {

		/**
		 * When to create and update TaskFlow's tables with its own Liquibase changelog:
		 * always, only for embedded databases, or never (the application applies
		 * db/changelog/taskflow/db.changelog-taskflow.xml itself).
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.ALWAYS;

		public DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

	}

	/**
	 * Default retry policy of all handlers.
	 */
	public static class Retry {

		/**
		 * Number of attempts in all, including the first.
		 */
		private int maxAttempts = 3;

		private final Backoff backoff = new Backoff();

		/**
		 * Exception types that are retried (with their subclasses). Empty means all.
		 */
		private List<Class<? extends Throwable>> retryOn = new ArrayList<>();

		/**
		 * Exception types that fail a job at once (with their subclasses).
		 */
		private List<Class<? extends Throwable>> noRetryOn = new ArrayList<>();

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Backoff getBackoff() {
			return this.backoff;
		}

		public List<Class<? extends Throwable>> getRetryOn() {
			return this.retryOn;
		}

		public void setRetryOn(List<Class<? extends Throwable>> retryOn) {
			this.retryOn = retryOn;
		}

		public List<Class<? extends Throwable>> getNoRetryOn() {
			return this.noRetryOn;
		}

		public void setNoRetryOn(List<Class<? extends Throwable>> noRetryOn) {
			this.noRetryOn = noRetryOn;
		}

	}

	/**
	 * Delay between attempts.
	 */
	public static class Backoff {

		/**
		 * How the delay grows from one attempt to the next.
		 */
		private BackoffStrategy strategy = BackoffStrategy.EXPONENTIAL;

		/**
		 * Delay after the first failed attempt.
		 */
		private Duration initial = Duration.ofSeconds(1);

		/**
		 * Growth factor of the exponential strategy.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest delay.
		 */
		private Duration max = Duration.ofMinutes(10);

		/**
		 * Random spread of each delay, from 0 (none) to below 1 (up to plus or minus
		 * 100%).
		 */
		private double jitter = 0.2;

		public BackoffStrategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(BackoffStrategy strategy) {
			this.strategy = strategy;
		}

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * Graceful shutdown.
	 */
	public static class Shutdown {

		/**
		 * How long a stopping node waits for running jobs before releasing them to other
		 * nodes.
		 */
		private Duration await = Duration.ofSeconds(30);

		public Duration getAwait() {
			return this.await;
		}

		public void setAwait(Duration await) {
			this.await = await;
		}

	}

	/**
	 * Statistics for charts (taskFlow.statistics()): each node counts its jobs per
	 * minute, queue and handler in memory and writes each minute to taskflow_statistics
	 * once it is over, in one statement.
	 */
	public static class Statistics {

		/**
		 * Whether this node counts its jobs and writes the statistics. Off, it writes
		 * none (its jobs are missing from the charts) but may still read those of other
		 * nodes.
		 */
		private boolean enabled = true;

		/**
		 * How long the statistics are kept; older rows are deleted once an hour by each
		 * node that writes them. 8 days keeps a chart of the last 7 days whole.
		 */
		private Duration retention = Duration.ofDays(8);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

	}

	/**
	 * Micrometer metrics.
	 */
	public static class Metrics {

		/**
		 * How often each node reads the queue gauges (taskflow.queue.depth,
		 * taskflow.queue.oldest.age) from the database, with one grouped query; scrapes
		 * in between read the last values.
		 */
		private Duration queueRefreshInterval = Duration.ofSeconds(10);

		public Duration getQueueRefreshInterval() {
			return this.queueRefreshInterval;
		}

		public void setQueueRefreshInterval(Duration queueRefreshInterval) {
			this.queueRefreshInterval = queueRefreshInterval;
		}

	}

	/**
	 * Logs: the lines TaskFlow writes about failed jobs, and the capture of the lines
	 * jobs write, kept with each attempt.
	 */
	public static class Logs {

		/**
		 * Which job failures each worker node logs, under the logger
		 * dev.taskflow.FailedJobs, once the outcome is stored: 'failed' logs one WARN
		 * line per job that ends FAILED (handler, job id, attempt, queue and the error's
		 * first line, never the payload) and each retry at DEBUG; 'all' also logs each
		 * retry at INFO; 'off' logs neither.
		 */
		private FailureLogging failures = FailureLogging.FAILED;

		/**
		 * Whether to keep the log lines that a job's handler writes on its thread
		 * (through SLF4J, Logback or Commons Logging, with Logback as the logging system)
		 * with the attempt, in its history. Off, no appender is attached at all.
		 */
		private boolean capture = false;

		/**
		 * The lowest level of the lines captured; the loggers' own levels still apply.
		 */
		private LogLevel level = LogLevel.INFO;

		/**
		 * The most lines kept per attempt; further lines are dropped and counted in a
		 * last "... N more lines" line.
		 */
		private int maxLinesPerJob = 200;

		public FailureLogging getFailures() {
			return this.failures;
		}

		public void setFailures(FailureLogging failures) {
			this.failures = failures;
		}

		public boolean isCapture() {
			return this.capture;
		}

		public void setCapture(boolean capture) {
			this.capture = capture;
		}

		public LogLevel getLevel() {
			return this.level;
		}

		public void setLevel(LogLevel level) {
			this.level = level;
		}

		public int getMaxLinesPerJob() {
			return this.maxLinesPerJob;
		}

		public void setMaxLinesPerJob(int maxLinesPerJob) {
			this.maxLinesPerJob = maxLinesPerJob;
		}

	}

	/**
	 * How nodes fire schedules.
	 */
	public static class Scheduling {

		/**
		 * Whether this node writes its declared schedules at start-up and (if it is a
		 * worker) fires due schedules.
		 */
		private boolean enabled = true;

		/**
		 * The most fire times a FIRE_ALL schedule catches up on after downtime; the older
		 * ones are skipped.
		 */
		private int maxCatchUp = 100;

		/**
		 * How late after its oldest due fire time a schedule may be fired and still be on
		 * time (all due fire times run); later, its fire times count as missed and its
		 * misfire policy applies.
		 */
		private Duration misfireThreshold = Duration.ofSeconds(10);

		/**
		 * How often a node reads the schedule table when none is due, so that schedules
		 * registered, paused or removed on other nodes are seen.
		 */
		private Duration refreshInterval = Duration.ofSeconds(10);

		/**
		 * How often a node looks for due schedules when the application defines a
		 * TaskFlowClock bean (which schedules then follow); otherwise a node sleeps until
		 * the next fire time by the database's clock.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * Time zone of cron schedules that name none, the same on every node that sets
		 * it. Default: the JVM's zone, as with Scheduled; then a schedule keeps the zone
		 * of the node that stored it, whatever the zones of the nodes that start later.
		 */
		private ZoneId zone;

		public ZoneId getZone() {
			return this.zone;
		}

		public void setZone(ZoneId zone) {
			this.zone = zone;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxCatchUp() {
			return this.maxCatchUp;
		}

		public void setMaxCatchUp(int maxCatchUp) {
			this.maxCatchUp = maxCatchUp;
		}

		public Duration getMisfireThreshold() {
			return this.misfireThreshold;
		}

		public void setMisfireThreshold(Duration misfireThreshold) {
			this.misfireThreshold = misfireThreshold;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * One schedule declared in configuration. Set either cron or every.
	 */
	public static class ScheduleProperties {

		/**
		 * Cron expression: six fields (second minute hour day-of-month month day-of-week)
		 * or a macro such as @daily.
		 */
		private String cron;

		/**
		 * Fixed-rate interval, counted from the epoch (15m fires at :00, :15, :30, :45).
		 */
		private Duration every;

		/**
		 * Time zone id the cron expression is read in. Default: the JVM's zone.
		 */
		private String zone;

		/**
		 * Handler each occurrence runs. Default: the handler named like the schedule.
		 */
		private String handler;

		/**
		 * Payload of each occurrence, as JSON text.
		 */
		private String payload;

		/**
		 * Queue of each occurrence. Default: "default".
		 */
		private String queue;

		/**
		 * Priority of each occurrence; higher runs first. Default: 0.
		 */
		private Integer priority;

		/**
		 * What to do with fire times missed while no node could fire them. Default:
		 * fire-once.
		 */
		private MisfirePolicy misfire;

		/**
		 * What to do when a fire time comes while the previous occurrence has not
		 * finished. Default: allow.
		 */
		private OverlapPolicy overlap;

		/**
		 * Whether the schedule exists; false leaves it out (also a cron declared with
		 * @TaskHandler of the same name).
		 */
		private boolean enabled = true;

		public String getCron() {
			return this.cron;
		}

		public void setCron(String cron) {
			this.cron = cron;
		}

		public Duration getEvery() {
			return this.every;
		}

		public void setEvery(Duration every) {
			this.every = every;
		}

		public String getZone() {
			return this.zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public String getHandler() {
			return this.handler;
		}

		public void setHandler(String handler) {
			this.handler = handler;
		}

		public String getPayload() {
			return this.payload;
		}

		public void setPayload(String payload) {
			this.payload = payload;
		}

		public String getQueue() {
			return this.queue;
		}

		public void setQueue(String queue) {
			this.queue = queue;
		}

		public Integer getPriority() {
			return this.priority;
		}

		public void setPriority(Integer priority) {
			this.priority = priority;
		}

		public MisfirePolicy getMisfire() {
			return this.misfire;
		}

		public void setMisfire(MisfirePolicy misfire) {
			this.misfire = misfire;
		}

		public OverlapPolicy getOverlap() {
			return this.overlap;
		}

		public void setOverlap(OverlapPolicy overlap) {
			this.overlap = overlap;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Back-pressure: a node stops claiming while it is saturated, and resumes on its own.
	 */
	public static class Backpressure {

		/**
		 * CPU load of the machine (0 to 1, such as 0.9) at or above which the node stops
		 * claiming. Unset: CPU load is not watched.
		 */
		private Double cpuThreshold;

		/**
		 * Share of the heap in use (0 to 1, such as 0.9) at or above which the node stops
		 * claiming. Unset: heap use is not watched.
		 */
		private Double heapThreshold;

		/**
		 * How often the load is read.
		 */
		private Duration checkInterval = Duration.ofSeconds(1);

		public Double getCpuThreshold() {
			return this.cpuThreshold;
		}

		public void setCpuThreshold(Double cpuThreshold) {
			this.cpuThreshold = cpuThreshold;
		}

		public Double getHeapThreshold() {
			return this.heapThreshold;
		}

		public void setHeapThreshold(Double heapThreshold) {
			this.heapThreshold = heapThreshold;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

	/**
	 * A rate limit: at most limit-for-period jobs start in any window of
	 * limit-refresh-period.
	 */
	public static class RateLimit {

		/**
		 * The jobs that may start per period. Unset: no rate limit.
		 */
		private Integer limitForPeriod;

		/**
		 * The period.
		 */
		private Duration limitRefreshPeriod = Duration.ofSeconds(1);

		/**
		 * Where the limit holds: node (each node on its own) or cluster (all nodes
		 * together, through the database).
		 */
		private Scope scope = Scope.NODE;

		public Integer getLimitForPeriod() {
			return this.limitForPeriod;
		}

		public void setLimitForPeriod(Integer limitForPeriod) {
			this.limitForPeriod = limitForPeriod;
		}

		public Duration getLimitRefreshPeriod() {
			return this.limitRefreshPeriod;
		}

		public void setLimitRefreshPeriod(Duration limitRefreshPeriod) {
			this.limitRefreshPeriod = limitRefreshPeriod;
		}

		public Scope getScope() {
			return this.scope;
		}

		public void setScope(Scope scope) {
			this.scope = scope;
		}

	}

	/**
	 * Settings of one queue.
	 */
	public static class Queue {

		private final RateLimit rateLimit = new RateLimit();

		/**
		 * Name of a Resilience4j rate limiter of the application
		 * (resilience4j.ratelimiter.instances.<name>.*) to limit this queue with, instead
		 * of rate-limit.limit-for-period.
		 */
		private String rateLimiter;

		/**
		 * Worker threads of the queue's own: its jobs run only on them, and take none of
		 * the node's other threads. A number (threads=4), or bounds the pool grows and
		 * shrinks within from the queue's due jobs (threads.min=1, threads.max=20). All
		 * scaling queues together grow no further than the connection pool's maximum size
		 * less 4.
		 */
		private QueueThreads threads;

		/**
		 * Due jobs waiting at or above which a scaling queue's pool grows (to twice its
		 * threads, at most threads.max).
		 */
		private int scaleUpThreshold = 1;

		/**
		 * Due jobs waiting at or below which a scaling queue's pool shrinks to the
		 * threads it keeps busy (at least threads.min).
		 */
		private int scaleDownThreshold = 0;

		/**
		 * The least time after a change of a scaling queue's pool before it grows again.
		 */
		private Duration scaleUpCooldown = Duration.ofSeconds(2);

		/**
		 * The least time after a change of a scaling queue's pool before it shrinks.
		 */
		private Duration scaleDownCooldown = Duration.ofSeconds(30);

		public int getScaleUpThreshold() {
			return this.scaleUpThreshold;
		}

		public void setScaleUpThreshold(int scaleUpThreshold) {
			this.scaleUpThreshold = scaleUpThreshold;
		}

		public int getScaleDownThreshold() {
			return this.scaleDownThreshold;
		}

		public void setScaleDownThreshold(int scaleDownThreshold) {
			this.scaleDownThreshold = scaleDownThreshold;
		}

		public Duration getScaleUpCooldown() {
			return this.scaleUpCooldown;
		}

		public void setScaleUpCooldown(Duration scaleUpCooldown) {
			this.scaleUpCooldown = scaleUpCooldown;
		}

		public Duration getScaleDownCooldown() {
			return this.scaleDownCooldown;
		}

		public void setScaleDownCooldown(Duration scaleDownCooldown) {
			this.scaleDownCooldown = scaleDownCooldown;
		}

		private final QueueConcurrency concurrency = new QueueConcurrency();

		public RateLimit getRateLimit() {
			return this.rateLimit;
		}

		public String getRateLimiter() {
			return this.rateLimiter;
		}

		public void setRateLimiter(String rateLimiter) {
			this.rateLimiter = rateLimiter;
		}

		public QueueThreads getThreads() {
			return this.threads;
		}

		public void setThreads(QueueThreads threads) {
			this.threads = threads;
		}

		public QueueConcurrency getConcurrency() {
			return this.concurrency;
		}

	}

	/**
	 * A queue's own worker threads: a fixed number (bound from {@code threads=4}), or the
	 * bounds its pool scales within.
	 */
	public static class QueueThreads {

		/**
		 * The fewest threads of the queue's pool, and how many it starts with.
		 */
		private Integer min;

		/**
		 * The most threads of the queue's pool.
		 */
		private Integer max;

		public QueueThreads() {
		}

		QueueThreads(Integer min, Integer max) {
			this.min = min;
			this.max = max;
		}

		public Integer getMin() {
			return this.min;
		}

		public void setMin(Integer min) {
			this.min = min;
		}

		public Integer getMax() {
			return this.max;
		}

		public void setMax(Integer max) {
			this.max = max;
		}

		/**
		 * The threads the pool starts with: its min, else its max.
		 * @return the threads, or {@code null} if neither is set
		 */
		public Integer initial() {
			return (this.min != null) ? this.min : this.max;
		}

		/**
		 * Whether the pool scales: a min below its max.
		 * @return whether it does
		 */
		public boolean scales() {
			return this.min != null && this.max != null && this.min < this.max;
		}

	}

	/**
	 * How many jobs of a queue run at once.
	 */
	public static class QueueConcurrency {

		/**
		 * The most jobs of the queue running at once on each node.
		 */
		private Integer perNode;

		/**
		 * The most jobs of the queue running at once across all nodes.
		 */
		private Integer global;

		public Integer getPerNode() {
			return this.perNode;
		}

		public void setPerNode(Integer perNode) {
			this.perNode = perNode;
		}

		public Integer getGlobal() {
			return this.global;
		}

		public void setGlobal(Integer global) {
			this.global = global;
		}

	}

	/**
	 * How many jobs of a handler run at once.
	 */
	public static class HandlerConcurrency extends QueueConcurrency {

		/**
		 * The most jobs of the handler with the same concurrency key
		 * (JobRequest.concurrencyKey) running at once across all nodes.
		 */
		private Integer perKey;

		public Integer getPerKey() {
			return this.perKey;
		}

		public void setPerKey(Integer perKey) {
			this.perKey = perKey;
		}

	}

	/**
	 * Settings of one handler.
	 */
	public static class Handler {

		/**
		 * How long one attempt may run before it is interrupted and failed.
		 */
		private Duration timeout;

		private final HandlerRetry retry = new HandlerRetry();

		private final RateLimit rateLimit = new RateLimit();

		/**
		 * Name of a Resilience4j rate limiter of the application
		 * (resilience4j.ratelimiter.instances.<name>.*) to limit this handler with,
		 * instead of rate-limit.limit-for-period; wins over @TaskHandler(rateLimiter).
		 */
		private String rateLimiter;

		private final HandlerConcurrency concurrency = new HandlerConcurrency();

		public RateLimit getRateLimit() {
			return this.rateLimit;
		}

		public String getRateLimiter() {
			return this.rateLimiter;
		}

		public void setRateLimiter(String rateLimiter) {
			this.rateLimiter = rateLimiter;
		}

		public HandlerConcurrency getConcurrency() {
			return this.concurrency;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public HandlerRetry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Retry policy of one handler; unset values fall back to the defaults.
	 */
	public static class HandlerRetry {

		/**
		 * Number of attempts in all, including the first.
		 */
		private Integer maxAttempts;

		private final HandlerBackoff backoff = new HandlerBackoff();

		/**
		 * Exception types that are retried (with their subclasses).
		 */
		private List<Class<? extends Throwable>> retryOn;

		/**
		 * Exception types that fail a job at once, added to the defaults.
		 */
		private List<Class<? extends Throwable>> noRetryOn;

		/**
		 * Name of a Resilience4j RetryConfig to use for this handler instead: a
		 * RetryConfig bean, or a configuration or instance of the application's
		 * RetryRegistry.
		 */
		private String config;

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public HandlerBackoff getBackoff() {
			return this.backoff;
		}

		public List<Class<? extends Throwable>> getRetryOn() {
			return this.retryOn;
		}

		public void setRetryOn(List<Class<? extends Throwable>> retryOn) {
			this.retryOn = retryOn;
		}

		public List<Class<? extends Throwable>> getNoRetryOn() {
			return this.noRetryOn;
		}

		public void setNoRetryOn(List<Class<? extends Throwable>> noRetryOn) {
			this.noRetryOn = noRetryOn;
		}

		public String getConfig() {
			return this.config;
		}

		public void setConfig(String config) {
			this.config = config;
		}

	}

	/**
	 * Backoff of one handler; unset values fall back to the defaults.
	 */
	public static class HandlerBackoff {

		/**
		 * How the delay grows from one attempt to the next.
		 */
		private BackoffStrategy strategy;

		/**
		 * Delay after the first failed attempt.
		 */
		private Duration initial;

		/**
		 * Growth factor of the exponential strategy.
		 */
		private Double multiplier;

		/**
		 * Longest delay.
		 */
		private Duration max;

		/**
		 * Random spread of each delay, from 0 to below 1.
		 */
		private Double jitter;

		public BackoffStrategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(BackoffStrategy strategy) {
			this.strategy = strategy;
		}

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(Double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

		public Double getJitter() {
			return this.jitter;
		}

		public void setJitter(Double jitter) {
			this.jitter = jitter;
		}

	}

}
