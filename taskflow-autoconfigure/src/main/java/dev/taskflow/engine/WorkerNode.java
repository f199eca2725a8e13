package dev.taskflow.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.Completion;
import dev.taskflow.store.JobStore;
import dev.taskflow.throttle.Throttles;

/**
 * One worker node: claims due jobs of the handlers it has, runs them on a private bounded
 * pool, writes their outcomes in batches, keeps their leases and rescues expired ones. It
 * starts after the context is refreshed; on stop it claims nothing more, lets running
 * jobs finish within the shutdown await, and releases the rest at once for other nodes.
 *
 * @author TaskFlow
 */
public class WorkerNode implements SmartLifecycle, DisposableBean {

	/**
	 * The phase of the node: it stops before the web server and the data source go.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(WorkerNode.class);

	private static final long LONGEST_DELAY_MICROS = JobRequest.MAX_DELAY.toNanos() / 1000;

	private final JobStore store;

	private final DataSource dataSource;

	private final HandlerRegistry registry;

	private final HandlerPolicies policies;

	private final PayloadCodec codec;

	private final BeanFactory beanFactory;

	private final WorkerSettings settings;

	private final boolean listenForNotifications;

	private final Throttling throttling;

	private final TaskFlowListener jobListener;

	private final Map<UUID, ClaimedJob> held = new ConcurrentHashMap<>();

	// held jobs whose attempt a worker started: released at shutdown, they keep its
	// number
	private final Set<UUID> started = ConcurrentHashMap.newKeySet();

	// never two attempts of one job at once here, should the node claim again a job
	// whose lease it lost while running it
	private final AttemptsHere attemptsHere = new AttemptsHere();

	// announcements of outcomes waiting for their write: a rejected outcome is never told
	private final Map<Completion, AttemptOutcome> announcements = new ConcurrentHashMap<>();

	private final AtomicInteger busy = new AtomicInteger();

	private final LeaseDeadlines leaseDeadlines;

	private volatile WorkflowSteps workflowSteps = WorkflowSteps.NONE;

	private volatile Duration cancelGrace = Duration.ofSeconds(10);

	private volatile Duration progressInterval = Duration.ofSeconds(1);

	// how often the pools of scaling queues are sized from their due jobs
	static final long SCALE_CHECK_MILLIS = 1000;

	private volatile List<QueueScaling> queueScaling = List.of();

	private volatile int scalingThreadBudget = Integer.MAX_VALUE;

	private volatile QueueScaler queueScaler;

	private volatile List<String> configuredQueuePools = List.of();

	private volatile CancelRequests cancelRequests;

	private final Object drainLock = new Object();

	private volatile boolean draining;

	// running jobs a drain asked to stop, until their attempts end
	private final Set<UUID> stopRequested = ConcurrentHashMap.newKeySet();

	// jobs whose attempts ended after a drain asked them to stop: to hand back
	private final Set<UUID> stoppedByDrain = ConcurrentHashMap.newKeySet();

	private final JobReports jobReports = new JobReports();

	private volatile LeaseHeartbeat heartbeat;

	private JobLogCapture logCapture = JobLogCapture.NONE;

	private FailureLogging failureLogging = FailureLogging.FAILED;

	private volatile boolean running;

	// set when shutdown interrupts running jobs: their outcomes are dropped and the jobs
	// released at once instead of being rescheduled as failures
	private volatile boolean releasingRunningJobs;

	private volatile Dispatcher dispatcher;

	private Thread dispatcherThread;

	// how long a stop waits for a claim in progress; one that ends later finds no worker
	// to take its jobs and releases them (submit)
	private Duration dispatcherJoin = Duration.ofSeconds(10);

	private Duration waitingJobsInterval = WaitingJobsCheck.INTERVAL;

	// the node's housekeeping timeout unless a test sets one
	private Duration waitingJobsTimeout;

	private volatile ClaimPlanner planner;

	// its worker threads: the node's and those of queues with threads of their own
	private volatile int threads;

	private volatile JobRunner runner;

	private boolean directStart = true;

	private volatile boolean autoStartup = true;

	private Clock clock = Clock.systemUTC();

	private CallingThreadWorker callingThreadWorker;

	// lease renewal has its thread to itself: nothing slow may delay it past a lease
	private ThreadPoolTaskScheduler leases;

	private ThreadPoolTaskScheduler housekeeping;

	private ThreadPoolTaskScheduler queueLimits;

	private volatile QueueLimitsWatch queueLimitsWatch;

	private volatile ScheduledFuture<?> leaseRenewal;

	private volatile ScheduledFuture<?> nodeHeartbeat;

	private ThreadPoolTaskScheduler timeouts;

	private CompletionBuffer completions;

	private volatile JobWaiters jobWaiters;

	private volatile PostgresWakeUpListener listener;

	private final JobObservations observations;

	/**
	 * Create a node.
	 * @param store the job store
	 * @param dataSource the data source, for PostgreSQL notifications
	 * @param registry the handlers
	 * @param policies the handlers' policies
	 * @param codec the payload codec
	 * @param beanFactory where handler beans are looked up when a job runs
	 * @param settings how the node runs
	 * @param listenForNotifications whether to listen for PostgreSQL notifications
	 * @param throttling its limits and back-pressure
	 * @param listener told of the jobs this node starts, completes and rescues
	 * @param observations observes each attempt this node runs
	 */
	public WorkerNode(JobStore store, DataSource dataSource, HandlerRegistry registry, HandlerPolicies policies,
			PayloadCodec codec, BeanFactory beanFactory, WorkerSettings settings, boolean listenForNotifications,
			Throttling throttling, TaskFlowListener listener, JobObservations observations) {
		this.observations = observations;
		this.jobListener = TaskFlowListeners.of(listener);
		this.throttling = throttling;
		this.store = store;
		this.dataSource = dataSource;
		this.registry = registry;
		this.policies = policies;
		this.codec = codec;
		this.beanFactory = beanFactory;
		this.settings = settings;
		this.listenForNotifications = listenForNotifications;
		this.leaseDeadlines = new LeaseDeadlines(settings.lease());
	}

	/**
	 * Capture the log lines that handlers write, with each attempt
	 * ({@code spring.taskflow.logs.capture}); set before the node starts.
	 * @param logCapture the capture, or {@code null} for none
	 */
	public void setLogCapture(JobLogCapture logCapture) {
		this.logCapture = (logCapture != null) ? logCapture : JobLogCapture.NONE;
	}

	/**
	 * Log the jobs that fail and, if asked, their retries
	 * ({@code spring.taskflow.logs.failures}); set before the node starts.
	 * @param failureLogging which failures to log, or {@code null} for the default,
	 * {@link FailureLogging#FAILED}
	 */
	public void setFailureLogging(FailureLogging failureLogging) {
		this.failureLogging = (failureLogging != null) ? failureLogging : FailureLogging.FAILED;
	}

	/**
	 * Tell these waiters of the jobs this node finishes, so that their futures complete
	 * as the outcomes are stored; set before the node starts.
	 * @param jobWaiters the waiters, or {@code null} for none
	 */
	public void setJobWaiters(JobWaiters jobWaiters) {
		this.jobWaiters = jobWaiters;
	}

	/**
	 * How long a running job asked to stop may take to stop on its own before its thread
	 * is interrupted ({@code spring.taskflow.workflow.cancel-grace}); set before the node
	 * starts.
	 * @param cancelGrace the grace
	 */
	public void setCancelGrace(Duration cancelGrace) {
		this.cancelGrace = (cancelGrace != null) ? cancelGrace : Duration.ofSeconds(10);
	}

	/**
	 * The queues whose pools grow and shrink with their due jobs; set before the node
	 * starts.
	 * @param queueScaling how each scales
	 */
	public void setQueueScaling(List<QueueScaling> queueScaling) {
		this.queueScaling = List.copyOf(queueScaling);
	}

	/**
	 * The most threads the scaling queues' pools may hold together, from the size of the
	 * connection pool ({@link QueueScaling#threadBudget(Integer)}); set before the node
	 * starts.
	 * @param scalingThreadBudget the threads, {@link Integer#MAX_VALUE} if unbounded
	 */
	public void setScalingThreadBudget(int scalingThreadBudget) {
		this.scalingThreadBudget = scalingThreadBudget;
	}

	private void warnIfTheConnectionPoolBoundsScaling(Collection<QueueScaling> scaled) {
		int budget = this.scalingThreadBudget;
		int most = scaled.stream().mapToInt(QueueScaling::max).sum();
		if (budget != Integer.MAX_VALUE && most > budget) {
			logger.warn("TaskFlow's scaling queues " + scaled.stream().map(QueueScaling::queue).toList()
					+ " could grow to " + most + " thread(s) together, but the connection pool serves only " + budget
					+ " (its maximum size less " + QueueScaling.TASKFLOW_CONNECTIONS
					+ " for TaskFlow's own threads): they stop growing there. Raise the pool's maximum size"
					+ " (spring.datasource.hikari.maximum-pool-size) or lower spring.taskflow.queues.<name>.threads.max");
		}
	}

	/**
	 * The threads of each queue's own pool now (those that scale change).
	 * @return the threads by queue
	 */
	public Map<String, Integer> queueThreads() {
		ClaimPlanner planner = this.planner;
		Map<String, Integer> threads = new LinkedHashMap<>();
		if (planner != null) {
			for (String queue : this.configuredQueuePools) {
				WorkerPool pool = planner.queuePool(queue);
				if (pool != null) {
					threads.put(queue, pool.threads());
				}
			}
		}
		return threads;
	}

	/**
	 * How often the progress running jobs report is stored, at most
	 * ({@code spring.taskflow.progress.interval}); set before the node starts.
	 * @param progressInterval the interval
	 */
	public void setProgressInterval(Duration progressInterval) {
		this.progressInterval = (progressInterval != null) ? progressInterval : Duration.ofSeconds(1);
	}

	/**
	 * What workflow steps read and spawn through their context; set before the node
	 * starts.
	 * @param workflowSteps the workflows' support, or {@code null} for none
	 */
	public void setWorkflowSteps(WorkflowSteps workflowSteps) {
		this.workflowSteps = (workflowSteps != null) ? workflowSteps : WorkflowSteps.NONE;
	}

	/**
	 * The clock each attempt's wait (from its due time to its start) is measured on, as
	 * listeners and metrics see it: the JVM's unless a {@link dev.taskflow.TaskFlowClock}
	 * (a test clock) stands in for it; set before the node starts.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.clock = (clock != null) ? clock : Clock.systemUTC();
	}

	/**
	 * Whether the node starts with the application context; {@code true} unless set
	 * otherwise. The test kit's manual and inline modes keep it stopped and run jobs on
	 * the test's thread ({@link #callingThreadWorker()}).
	 * @param autoStartup whether to start with the context
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	// the calling-thread worker's timeout thread goes with the context
	@Override
	public synchronized void destroy() {
		if (this.callingThreadWorker != null) {
			this.callingThreadWorker.close();
		}
	}

	/**
	 * A worker that runs this node's jobs on the calling thread, for the test kit: made
	 * once, with this node's handlers, settings, listeners and observations.
	 * @return the worker
	 */
	public synchronized CallingThreadWorker callingThreadWorker() {
		if (this.callingThreadWorker == null) {
			this.callingThreadWorker = new CallingThreadWorker(this.store, this.settings, this.registry, this.policies,
					this.codec, this.beanFactory, this.jobListener, this.observations, () -> this.logCapture,
					() -> this.failureLogging, () -> this.jobWaiters, this.clock, () -> this.workflowSteps);
		}
		return this.callingThreadWorker;
	}

	/**
	 * Wake the dispatcher because jobs may have become due.
	 */
	public void wakeUp() {
		Dispatcher current = this.dispatcher;
		if (current != null) {
			current.wakeUp();
		}
	}

	/**
	 * Wake the dispatcher when jobs become due at the given moment, rather than at its
	 * next poll: jobs this node stored with a delay, a due time another node announced.
	 * Only the database decides whether a job is due, so a moment a little early costs an
	 * empty claim, never an early start.
	 * @param dueAt the moment, on this JVM's monotonic clock ({@link System#nanoTime()})
	 */
	public void wakeUpAt(long dueAt) {
		Dispatcher current = this.dispatcher;
		if (current != null) {
			current.wakeUpAt(dueAt);
		}
	}

	/**
	 * Jobs this node stored become due at the given moment: wake the dispatcher then.
	 * While the node listens for PostgreSQL's notifications it learns every due time from
	 * them, its own included, and this does nothing: two wake-ups a moment apart would
	 * cost an empty claim.
	 * @param dueAt the moment, on this JVM's monotonic clock ({@link System#nanoTime()})
	 */
	public void storedJobsDueAt(long dueAt) {
		// with a listener that listens, the insert's notification says when: before it
		// listens (a node just started, or reconnecting) the node would not hear of it,
		// and the job would wait for a poll
		PostgresWakeUpListener listener = this.listener;
		if (listener == null || !listener.isListening()) {
			wakeUpAt(dueAt);
		}
	}

	// a delay longer than any a request may have (about 100 years) is not worth waking
	// for, and would not count in nanoseconds
	private void wakeUpAfter(long from, long delayMicros) {
		if (delayMicros <= LONGEST_DELAY_MICROS) {
			wakeUpAt(from + Math.max(0, delayMicros) * 1000);
		}
	}

	/**
	 * The number of this node's worker threads running a job right now.
	 * @return the busy worker threads
	 */
	public int busyWorkers() {
		return this.busy.get();
	}

	/**
	 * This node's id, stored as the owner of the jobs it runs.
	 * @return the node id
	 */
	public String nodeId() {
		return this.settings.nodeId();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		Set<String> unmatched = this.policies.unmatchedOverrides(this.registry.names());
		if (!unmatched.isEmpty()) {
			logger.warn("spring.taskflow.handlers has settings for " + unmatched + " but this node has no such handler;"
					+ " write names with dots in brackets, for example spring.taskflow.handlers[email.send].timeout");
		}
		Throttles throttles = this.throttling.throttles().apply(this.registry.names());
		this.threads = this.settings.threads()
				+ throttles.queueThreads().values().stream().mapToInt(Integer::intValue).sum();
		this.configuredQueuePools = List.copyOf(throttles.queueThreads().keySet());
		register();
		this.completions = new CompletionBuffer(this.store, this::written, this::outcomesCaughtUp);
		this.completions.start("taskflow-completions");
		this.leases = scheduler("taskflow-leases-");
		this.leases.initialize();
		ThreadPoolTaskScheduler timeouts = scheduler("taskflow-timeouts-");
		// most attempts end before their timeout, which would otherwise stay queued
		// until it was due, holding its attempt and the job's payload
		timeouts.setRemoveOnCancelPolicy(true);
		timeouts.initialize();
		this.releasingRunningJobs = false;
		FailedJobLog failedJobs = new FailedJobLog(this.failureLogging);
		JobRunner runner = new JobRunner(this.registry, this.policies, this.codec, this.beanFactory,
				timeouts.getScheduledExecutor(), this::completed, this.jobListener, this.observations, this.logCapture,
				failedJobs, this.clock);
		runner.setWorkflowSteps(this.workflowSteps);
		CancelRequests cancelRequests = new CancelRequests(timeouts.getScheduledExecutor(), this.cancelGrace);
		this.cancelRequests = cancelRequests;
		runner.setCancelRequests(cancelRequests);
		runner.setJobReports(this.jobReports);
		this.runner = runner;
		this.planner = new ClaimPlanner(this.store, this.settings, throttles, this.registry.names(),
				new ThrottleReport(this.settings.nodeId(), this.throttling.listener()),
				(job, claimSent, startBy) -> submit(runner, job, claimSent, startBy));
		this.planner.preparePermits();
		this.dispatcher = new Dispatcher(this.planner, this.settings, this.throttling.load(),
				() -> this.draining || this.completions.isBackedUp());
		this.heartbeat = new LeaseHeartbeat(this.store, this.settings, () -> new ArrayList<>(this.held.keySet()),
				this.started::contains, this::wakeUp, this::register, this.leaseDeadlines::extended, this.jobListener,
				failedJobs, this::busyThreads);
		this.heartbeat.setCancelRequested(cancelRequests::requested);
		this.heartbeat.setQueueThreads(() -> {
			Map<String, Integer> threads = queueThreads();
			return threads.isEmpty() ? null : this.codec.write(threads);
		});
		long heartbeatMillis = this.settings.heartbeatInterval().toMillis();
		this.heartbeat.setJobReports(this.jobReports, this.progressInterval);
		this.heartbeat.setDrain(new LeaseHeartbeat.Drain() {

			@Override
			public boolean draining() {
				return WorkerNode.this.draining;
			}

			@Override
			public void requested(boolean drain) {
				drain(drain);
			}

		});
		runner.setCheckpoints(new RenewalCheckpoints(this.store, this.leases, this.heartbeat, this.settings.lease()));
		this.leaseRenewal = repeat(this.leases, this.heartbeat::renewLeases, heartbeatMillis);
		// on the renewal's thread: a progress write is a renewal, never at once with one
		repeat(this.leases, this.heartbeat::saveProgress, this.progressInterval.toMillis());
		this.housekeeping = scheduler("taskflow-housekeeping-");
		this.housekeeping.initialize();
		this.nodeHeartbeat = repeat(this.housekeeping, this.heartbeat::keepHouse, heartbeatMillis);
		WaitingJobsCheck waitingJobs = new WaitingJobsCheck(this.store.nodes(), this.codec, this.settings.nodeId(),
				WaitingJobsCheck.INTERVAL,
				(this.waitingJobsTimeout != null) ? this.waitingJobsTimeout : this.settings.housekeepingTimeout());
		repeat(this.housekeeping, waitingJobs, this.waitingJobsInterval.toMillis());
		QueueLimitsWatch queueLimitsWatch = new QueueLimitsWatch(this.store.queues(), () -> this.planner, this::wakeUp,
				this.settings.nodeId(), () -> !this.held.isEmpty(), this.settings.heartbeatInterval());
		// the limits set before this node started hold from its first claim
		queueLimitsWatch.read();
		this.queueLimitsWatch = queueLimitsWatch;
		this.queueLimits = scheduler("taskflow-queue-limits-");
		this.queueLimits.initialize();
		repeat(this.queueLimits, queueLimitsWatch, QueueLimitsWatch.INTERVAL_MILLIS);
		Map<QueueScaling, WorkerPool> scaled = new LinkedHashMap<>();
		for (QueueScaling scaling : this.queueScaling) {
			WorkerPool pool = this.planner.queuePool(scaling.queue());
			if (pool != null) {
				scaled.put(scaling, pool);
			}
		}
		if (!scaled.isEmpty()) {
			warnIfTheConnectionPoolBoundsScaling(scaled.keySet());
			this.queueScaler = new QueueScaler(this.store, scaled, this.scalingThreadBudget, this::wakeUp,
					System::nanoTime);
			repeat(this.queueLimits, this.queueScaler, SCALE_CHECK_MILLIS);
		}
		this.timeouts = timeouts;
		// the dispatcher and the listener keep threads of their own, not a scheduler's:
		// each is one loop that lasts as long as the node and blocks in between (the
		// dispatcher waits for a wake-up, the listener for notifications on its
		// connection), and isDispatching() is whether the dispatcher's thread is alive
		this.dispatcherThread = new Thread(this.dispatcher, "taskflow-dispatcher");
		this.dispatcherThread.setDaemon(true);
		this.dispatcherThread.start();
		if (this.listenForNotifications && this.store.dialect().supportsNotifications()
				&& PostgresWakeUpListener.isAvailable()) {
			this.listener = new PostgresWakeUpListener(this.dataSource, this::wakeUp, this::wakeUpAt,
					this.store.insertingSessions()::insertedLately, this::queueLimitsChanged);
			Thread listenerThread = new Thread(this.listener, "taskflow-listener");
			listenerThread.setDaemon(true);
			listenerThread.start();
		}
		this.running = true;
		logger.info("TaskFlow node " + this.settings.nodeId() + " started on " + this.store.dialect().name() + " with "
				+ this.settings.threads() + " worker thread(s) (prefetch " + this.settings.prefetch()
				+ ((this.settings.maxPrefetch() > this.settings.prefetch())
						? ", up to " + this.settings.maxPrefetch() + " for short jobs" : "")
				+ ") for handlers " + this.registry.names() + describe(throttles));
	}

	// one thread each (the default pool size). What escapes a task ends it, as on a
	// plain executor, instead of being logged and run again (Spring's default for
	// repeated tasks): a loop that stopped is then reported by stoppedLoops(), and so
	// by the health
	static ThreadPoolTaskScheduler scheduler(String threadNamePrefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix(threadNamePrefix);
		scheduler.setErrorHandler(ReflectionUtils::rethrowRuntimeException);
		return scheduler;
	}

	// runs the task every interval after the previous run ended, the first time one
	// interval from now (scheduleWithFixedDelay without a start time runs it at once)
	static ScheduledFuture<?> repeat(ThreadPoolTaskScheduler scheduler, Runnable task, long intervalMillis) {
		Duration interval = Duration.ofMillis(intervalMillis);
		return scheduler.scheduleWithFixedDelay(task, scheduler.getClock().instant().plus(interval), interval);
	}

	private String describe(Throttles throttles) {
		if (throttles.isEmpty() && throttles.reservedAbove() == null) {
			return "";
		}
		List<String> limits = new ArrayList<>();
		throttles.nodeLimits().forEach((limit) -> limits.add(limit.toString()));
		throttles.clusterLimits().forEach((limit) -> limits.add(limit.description()));
		throttles.queueThreads()
			.forEach((queue,
					threads) -> limits.add(threads + " thread(s) of its own for queue '" + queue + "'"
							+ this.queueScaling.stream()
								.filter((scaling) -> scaling.queue().equals(queue))
								.map((scaling) -> " (scaling from " + scaling.min() + " to " + scaling.max() + ")")
								.findFirst()
								.orElse("")));
		if (throttles.reservedAbove() != null) {
			limits.add(throttles.reservedThreads() + " thread(s) reserved for priority above "
					+ throttles.reservedAbove());
		}
		return ", with " + String.join("; ", limits);
	}

	/**
	 * Whether a job enqueued on this node may start at once on an idle thread, inserted
	 * already running (see {@link DirectStart}). On by default.
	 * @param directStart whether jobs start directly
	 */
	public void setDirectStart(boolean directStart) {
		this.directStart = directStart;
	}

	/**
	 * This node's {@link DirectStart}.
	 * @return takes a thread for a job enqueued here, when one may start at once
	 */
	public DirectStart directStart() {
		return this::reserveDirectStart;
	}

	private DirectStart.Slot reserveDirectStart(String handler, String queue) {
		ClaimPlanner planner = this.planner;
		JobRunner runner = this.runner;
		if (!this.directStart || !this.running || this.releasingRunningJobs || this.draining || planner == null
				|| runner == null || this.throttling.load().saturated() || this.completions.isBackedUp()) {
			return null;
		}
		WorkerPool pool = planner.reserveDirectStart(handler, queue);
		if (pool == null) {
			return null;
		}
		return new DirectStart.Slot() {

			@Override
			public String nodeId() {
				return WorkerNode.this.settings.nodeId();
			}

			@Override
			public Duration lease() {
				return WorkerNode.this.settings.lease();
			}

			@Override
			public void start(ClaimedJob job, long insertSent) {
				submitReserved(runner, pool, job, insertSent);
			}

			@Override
			public void cancel() {
				pool.unreserve();
			}

		};
	}

	// a job inserted running under this node's lease, its thread taken: held and run as
	// a claimed one, from here on the same way
	private void submitReserved(JobRunner runner, WorkerPool pool, ClaimedJob job, long insertSent) {
		this.held.put(job.id(), job);
		this.leaseDeadlines.claimed(job.id(), insertSent);
		try {
			pool.executeReserved(job, () -> runHeld(runner, job, Long.MAX_VALUE));
		}
		catch (Throwable ex) {
			if (this.running) {
				logger.error("TaskFlow node " + this.settings.nodeId() + " could not hand job " + job.id()
						+ " to a worker; it goes back for any node to run", ex);
			}
			else {
				// enqueued as the node stopped: an ordinary race, not a fault
				logger.info("TaskFlow node " + this.settings.nodeId() + " stopped as job " + job.id()
						+ " was enqueued to start on it; it goes back for any node to run");
			}
			release(job, "it could not be handed to a worker");
			this.dispatcher.finished(job);
		}
	}

	private void submit(JobRunner runner, ClaimedJob job, long claimSent, long startBy) {
		ClaimedJob earlier = this.held.put(job.id(), job);
		this.leaseDeadlines.claimed(job.id(), claimSent);
		if (earlier != null && earlier.attempt() != job.attempt()) {
			claimedAgain(earlier, job);
		}
		try {
			this.planner.poolOf(job).execute(job, () -> runHeld(runner, job, startBy));
		}
		catch (Throwable ex) {
			logger.error("TaskFlow node " + this.settings.nodeId() + " could not hand job " + job.id()
					+ " to a worker; it goes back for any node to run", ex);
			release(job, "it could not be handed to a worker");
			this.dispatcher.finished(job);
		}
	}

	// the node lost the lease of an attempt it held (it could not reach the database for
	// longer than the lease), the job was rescued, and the node claimed it again
	private void claimedAgain(ClaimedJob earlier, ClaimedJob job) {
		// the new attempt has not started, whatever the old one did
		this.started.remove(job.id());
		if (this.attemptsHere.runs(job.id())) {
			logger.warn("TaskFlow node " + this.settings.nodeId() + " claimed job " + job.id() + " again (attempt "
					+ job.attempt() + ") while attempt " + earlier.attempt() + " still runs here: that attempt's"
					+ " lease ran out while the node could not reach the database. Attempt " + earlier.attempt()
					+ " is asked to stop (its outcome would not be stored); attempt " + job.attempt()
					+ " starts once it has ended, with the steps it completed");
			// as a drain does: a handler that checks stops at its next unit, the rest
			// are interrupted after the grace, so the job does not wait on a lost attempt
			CancelRequests cancels = this.cancelRequests;
			if (cancels != null) {
				cancels.requested(List.of(job.id()));
			}
		}
	}

	private void runHeld(JobRunner runner, ClaimedJob job, long startBy) {
		AttemptsHere.Running entered = null;
		try {
			entered = this.attemptsHere.enter(job, this.held::get);
			if (entered == null) {
				// the node released this claim (a drain, a stop: said where it happened),
				// or claimed the job again after this claim's lease ran out
				if (this.held.containsKey(job.id())) {
					logger.info("TaskFlow node " + this.settings.nodeId() + " did not start attempt " + job.attempt()
							+ " of job " + job.id() + ": its lease ran out before it started, and the node has"
							+ " claimed the job again since");
				}
			}
			else if (this.draining) {
				// prefetched before the drain: back for another node, never started here
				release(job, "its node drains");
			}
			else if (!this.leaseDeadlines.mayStart(job.id())) {
				abandon(job);
			}
			else if (startBy != Long.MAX_VALUE && System.nanoTime() - startBy > 0) {
				// a rate-limited job that could not start soon after its claim:
				// starting it now could put two starts of one permit too close
				release(job, "no thread started it soon enough after its claim");
			}
			else {
				this.started.add(job.id());
				this.busy.incrementAndGet();
				try {
					// ends the attempt in exactly one outcome, whatever throws
					runner.run(job);
				}
				finally {
					this.busy.decrementAndGet();
				}
			}
		}
		catch (Throwable ex) {
			if (ex instanceof InterruptedException) {
				// interrupted while an earlier attempt of the job ran here: the node
				// stops
				Thread.currentThread().interrupt();
			}
			if (!this.started.contains(job.id()) && this.held.get(job.id()) == job) {
				logger.error("TaskFlow node " + this.settings.nodeId() + " could not start job " + job.id()
						+ "; it goes back for any node to run", ex);
				release(job, "it could not be started");
			}
		}
		finally {
			if (entered != null) {
				this.attemptsHere.ended(entered);
			}
			this.dispatcher.finished(job);
		}
	}

	// its lease may be over: another node may have it by now, so it must not run here.
	// Released all the same, at once and with its attempt number given back: the release
	// is fenced by attempt and owner, so it changes nothing once the job was rescued
	private void abandon(ClaimedJob job) {
		logger.warn("TaskFlow node " + this.settings.nodeId() + " did not start job " + job.id() + " (attempt "
				+ job.attempt() + "): its lease may have run out while the node could not reach the database");
		release(job, "its lease may have run out before it could start");
	}

	private void outcomesCaughtUp() {
		Dispatcher dispatcher = this.dispatcher;
		if (dispatcher != null) {
			dispatcher.outcomesCaughtUp();
		}
	}

	// a claimed job that never started goes back at once, its attempt not counted
	private void release(ClaimedJob job, String reason) {
		forget(job.id());
		try {
			this.store.release(this.settings.nodeId(), List.of(job));
			logger.debug("TaskFlow released job " + job.id() + ": " + reason);
		}
		catch (RuntimeException ex) {
			logger.warn("TaskFlow could not release job " + job.id() + " (" + reason + "); it runs again once its"
					+ " lease expires: " + ex.getMessage());
		}
	}

	/**
	 * Skip lease heartbeats while suspended, as a node cut off from its database would:
	 * for tests.
	 * @param suspended whether to skip them
	 */
	void suspendHeartbeats(boolean suspended) {
		this.heartbeat.suspend(suspended);
	}

	private void completed(AttemptOutcome outcome) {
		if (this.stopRequested.remove(outcome.completion().id())) {
			// asked to stop by a drain: handed back at its checkpoint, whatever it ended
			// in
			this.stoppedByDrain.add(outcome.completion().id());
			return;
		}
		if (!this.releasingRunningJobs) {
			// the attempt's history names the node that ran it
			Completion completion = outcome.completion().ranOn(this.settings.nodeId());
			this.announcements.put(completion, outcome);
			this.completions.add(completion);
		}
	}

	private void written(List<Completion> batch, List<Completion> rejected, Map<Completion, String> unstorable) {
		// the database set each retry's due time by its clock, before this
		long writtenAt = System.nanoTime();
		Set<Completion> refused = rejected.isEmpty() ? Set.of() : new HashSet<>(rejected);
		JobWaiters waiters = this.jobWaiters;
		if (waiters != null) {
			List<UUID> finished = new ArrayList<>();
			for (Completion completion : batch) {
				if (!refused.contains(completion)
						&& (completion.outcome() != Completion.Outcome.RETRY || unstorable.containsKey(completion))) {
					finished.add(completion.id());
				}
			}
			waiters.finished(finished);
		}
		for (Completion completion : batch) {
			if (completion.outcome() == Completion.Outcome.RETRY && !refused.contains(completion)
					&& !unstorable.containsKey(completion)) {
				wakeUpAfter(writtenAt, completion.retryDelayMicros());
			}
			AttemptOutcome outcome = this.announcements.remove(completion);
			if (outcome != null && !refused.contains(completion)) {
				String unstored = unstorable.get(completion);
				if (unstored != null) {
					outcome.failureAnnouncement().accept(unstored);
				}
				else {
					outcome.announcement().run();
				}
			}
			ClaimedJob left = this.held.computeIfPresent(completion.id(),
					(id, job) -> (job.attempt() == completion.attempt()) ? null : job);
			if (left == null) {
				this.leaseDeadlines.forget(completion.id());
				this.started.remove(completion.id());
				this.jobReports.forget(completion.id());
			}
		}
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.dispatcher.stop();
		join(this.dispatcherThread, this.dispatcherJoin);
		if (this.listener != null) {
			this.listener.stop();
		}
		// prefetched jobs that never started go straight back to the database
		List<Runnable> neverStarted = new ArrayList<>();
		List<WorkerPool> pools = this.planner.pools();
		for (WorkerPool pool : pools) {
			pool.drainWaiting(neverStarted);
			pool.executor().shutdown();
		}
		long deadline = System.nanoTime() + this.settings.shutdownAwait().toNanos();
		boolean finished = true;
		for (WorkerPool pool : pools) {
			finished &= awaitTermination(pool.executor(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
		if (!finished) {
			this.releasingRunningJobs = true;
			pools.forEach((pool) -> pool.executor().shutdownNow());
		}
		this.timeouts.shutdown();
		this.completions.stop(Duration.ofSeconds(10));
		// shutdown() interrupts the task running, drops the queued ones and returns at
		// once: both loops are told to stop before either is waited for
		this.leases.shutdown();
		this.housekeeping.shutdown();
		this.queueLimits.shutdown();
		// a heartbeat still running would find the node gone from the node table and
		// register it again
		awaitTermination(this.leases.getScheduledExecutor(), Duration.ofSeconds(10));
		awaitTermination(this.housekeeping.getScheduledExecutor(), Duration.ofSeconds(10));
		if (!finished) {
			saveReportsBeforeRelease();
		}
		releaseHeldJobs(finished);
		leaveNodeTable();
		logger.info("TaskFlow node " + this.settings.nodeId() + " stopped");
	}

	// told by a notification (PostgreSQL): read the new limits on their own thread
	private void queueLimitsChanged() {
		QueueLimitsWatch watch = this.queueLimitsWatch;
		ThreadPoolTaskScheduler scheduler = this.queueLimits;
		if (watch != null && scheduler != null && this.running) {
			scheduler.execute(watch::read);
		}
	}

	private void register() {
		this.store.nodes()
			.register(this.settings.nodeId(), host(), this.codec.write(this.registry.names()), this.settings.lease(),
					this.threads, TaskFlowVersion.get(), this.draining);
	}

	private int busyThreads() {
		ClaimPlanner planner = this.planner;
		return (planner != null) ? planner.pools().stream().mapToInt(WorkerPool::busy).sum() : 0;
	}

	private void leaveNodeTable() {
		try {
			this.store.nodes().remove(this.settings.nodeId());
		}
		catch (RuntimeException ex) {
			logger.warn("TaskFlow node " + this.settings.nodeId() + " could not remove itself from the node table;"
					+ " other nodes remove it once its lease expires: " + ex.getMessage());
		}
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

	private void forget(UUID id) {
		this.jobReports.forget(id);
		this.held.remove(id);
		this.leaseDeadlines.forget(id);
		this.started.remove(id);
	}

	// the cursors the released jobs saved since the last renewal: their next attempts
	// resume from them (the renewal thread has ended)
	private void saveReportsBeforeRelease() {
		try {
			this.heartbeat.saveReportsNow(null);
		}
		catch (RuntimeException ex) {
			logger.warn("TaskFlow node " + this.settings.nodeId() + " could not store the checkpoints of the jobs it"
					+ " releases; they resume from their last stored ones: " + ex.getMessage());
		}
	}

	/**
	 * Drain this node, or have it claim again: a draining node claims nothing, hands its
	 * prefetched jobs back at once, lets its running jobs finish within
	 * {@code spring.taskflow.shutdown.await}, then asks the rest to stop (as a cancel
	 * does, interrupting them after {@code spring.taskflow.workflow.cancel-grace}) and
	 * hands them back at their last checkpoint, whatever their attempts end in. It stays
	 * up, idle, until it is told to claim again.
	 * @param drain whether to drain
	 */
	public void drain(boolean drain) {
		synchronized (this.drainLock) {
			if (drain == this.draining || !this.running) {
				return;
			}
			this.draining = drain;
			if (drain) {
				Thread thread = new Thread(this::drainJobs, "taskflow-drain");
				thread.setDaemon(true);
				thread.start();
			}
			else {
				logger.info("TaskFlow node " + this.settings.nodeId() + " claims jobs again");
				wakeUp();
			}
		}
	}

	/**
	 * Drain the node if the request names it.
	 * @param nodeId the node asked to drain, or to claim again
	 * @param drain whether to drain
	 */
	public void drainRequested(String nodeId, boolean drain) {
		if (this.settings.nodeId().equals(nodeId)) {
			drain(drain);
		}
	}

	/**
	 * Whether the node drains, or has drained.
	 * @return whether it does
	 */
	public boolean isDraining() {
		return this.draining;
	}

	private void drainJobs() {
		logger.info("TaskFlow node " + this.settings.nodeId() + " drains: it claims no more jobs and lets its "
				+ this.held.size() + " job(s) finish within " + this.settings.shutdownAwait().toMillis()
				+ " ms (spring.taskflow.shutdown.await), then hands the rest back");
		try {
			List<Runnable> prefetched = new ArrayList<>();
			for (WorkerPool pool : this.planner.pools()) {
				pool.drainWaiting(prefetched);
			}
			// each sees the drain and hands its job back instead of starting it
			prefetched.forEach(Runnable::run);
			if (awaitHeld(this.settings.shutdownAwait(), this.held::isEmpty, true)) {
				logger.info("TaskFlow node " + this.settings.nodeId() + " drained: its jobs finished");
				return;
			}
			Set<UUID> running = Set.copyOf(this.held.keySet());
			this.stopRequested.addAll(running);
			this.cancelRequests.requested(running);
			// asked to stop, they are handed back even if the drain is called off
			// meanwhile
			awaitHeld(this.cancelGrace.plusSeconds(2), () -> this.stoppedByDrain.containsAll(this.held.keySet()),
					false);
			handBackStopped();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.warn("TaskFlow node " + this.settings.nodeId() + " could not hand back all its jobs while draining;"
					+ " they run again once their leases expire: " + ex.getMessage());
		}
	}

	// true once done holds; false when the time is up or the drain was called off
	private boolean awaitHeld(Duration within, BooleanSupplier done, boolean unlessUndrained)
			throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (!done.getAsBoolean()) {
			if ((unlessUndrained && !this.draining) || !this.running || System.nanoTime() - deadline > 0) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

	// the jobs still held, at their last checkpoint: a handler still running past the
	// grace is a zombie whose outcome the fence refuses
	private void handBackStopped() {
		List<ClaimedJob> stopped = new ArrayList<>(this.held.values());
		this.heartbeat.saveReportsNow(null);
		List<ClaimedJob> started = stopped.stream().filter((job) -> this.started.contains(job.id())).toList();
		List<ClaimedJob> neverStarted = stopped.stream().filter((job) -> !this.started.contains(job.id())).toList();
		stopped.forEach((job) -> forget(job.id()));
		int released = this.store.releaseStarted(this.settings.nodeId(), started)
				+ this.store.release(this.settings.nodeId(), neverStarted);
		this.stoppedByDrain.removeAll(stopped.stream().map(ClaimedJob::id).toList());
		logger.info("TaskFlow node " + this.settings.nodeId() + " drained: it handed " + released
				+ " job(s) back at their last checkpoint");
	}

	private void releaseHeldJobs(boolean finished) {
		List<ClaimedJob> neverStarted = new ArrayList<>();
		List<ClaimedJob> interrupted = new ArrayList<>();
		for (ClaimedJob job : this.held.values()) {
			(this.started.contains(job.id()) ? interrupted : neverStarted).add(job);
		}
		List<ClaimedJob> unfinished = new ArrayList<>(this.held.values());
		unfinished.forEach((job) -> this.jobReports.forget(job.id()));
		this.held.clear();
		this.leaseDeadlines.clear();
		this.started.clear();
		if (unfinished.isEmpty()) {
			return;
		}
		try {
			// an attempt that ran (even to an outcome this node could not write) keeps
			// its
			// number: a second execution under it would be indistinguishable from the
			// first
			int released = this.store.release(this.settings.nodeId(), neverStarted)
					+ this.store.releaseStarted(this.settings.nodeId(), interrupted);
			logger.info("TaskFlow node " + this.settings.nodeId() + " released " + released
					+ " unfinished job(s) for other nodes" + (finished ? "" : " after waiting "
							+ this.settings.shutdownAwait().toMillis() + " ms (spring.taskflow.shutdown.await)"));
		}
		catch (RuntimeException ex) {
			logger.warn("TaskFlow node " + this.settings.nodeId() + " could not release " + unfinished.size()
					+ " job(s); they run again once their lease expires: " + ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Whether this node is running and its dispatcher thread is alive, that is whether it
	 * still claims jobs.
	 * @return {@code true} while the dispatcher runs
	 */
	public boolean isDispatching() {
		Thread dispatcher = this.dispatcherThread;
		return this.running && dispatcher != null && dispatcher.isAlive();
	}

	/**
	 * The loops of this running node that have stopped although they should run: while
	 * any has, the node cannot be trusted with jobs (the {@code taskflow} health is
	 * {@code DOWN}).
	 * @return the names of the stopped loops, empty when all run or the node is stopped
	 */
	public List<String> stoppedLoops() {
		if (!this.running) {
			return List.of();
		}
		List<String> stopped = new ArrayList<>();
		if (!isDispatching()) {
			stopped.add("dispatcher");
		}
		if (!this.completions.isRunning()) {
			stopped.add("outcome writer");
		}
		if (this.leaseRenewal == null || this.leaseRenewal.isDone()) {
			stopped.add("lease renewal");
		}
		if (this.nodeHeartbeat == null || this.nodeHeartbeat.isDone()) {
			stopped.add("node heartbeat and rescue");
		}
		return stopped;
	}

	/**
	 * Wait no longer than this for a claim in progress when the node stops: for tests of
	 * a claim that ends after the stop.
	 * @param timeout the longest wait
	 */
	void setDispatcherJoin(Duration timeout) {
		this.dispatcherJoin = timeout;
	}

	/**
	 * Look for jobs that wait for a handler this often, and cut the scan off after the
	 * given time, from the next start on: for tests.
	 * @param interval how often to look
	 * @param timeout how long the scan may take
	 */
	void setWaitingJobsCheck(Duration interval, Duration timeout) {
		this.waitingJobsInterval = interval;
		this.waitingJobsTimeout = timeout;
	}

	/**
	 * The timeouts waiting to fire: for tests.
	 * @return the number of timeouts queued
	 */
	int pendingTimeouts() {
		return this.timeouts.getScheduledThreadPoolExecutor().getQueue().size();
	}

	/**
	 * Stop the outcome writer as a fatal failure would: for tests of the health.
	 */
	void stopOutcomeWriterForTests() {
		this.completions.abandon();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Stop every thread at once without releasing anything, as a crash would: for tests
	 * of what other nodes do when one dies.
	 */
	void halt() {
		this.running = false;
		// first: a crashed node writes nothing more, not even the outcomes of interrupted
		// jobs
		this.releasingRunningJobs = true;
		this.completions.abandon();
		if (this.dispatcher != null) {
			this.dispatcher.stop();
		}
		if (this.listener != null) {
			this.listener.stop();
		}
		this.leases.shutdown();
		this.housekeeping.shutdown();
		this.queueLimits.shutdown();
		this.timeouts.shutdown();
		this.planner.pools().forEach((pool) -> pool.executor().shutdownNow());
		this.held.clear();
		this.leaseDeadlines.clear();
		this.started.clear();
	}

	private static boolean awaitTermination(ExecutorService executor, Duration timeout) {
		try {
			return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void join(Thread thread, Duration timeout) {
		try {
			thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
