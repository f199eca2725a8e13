package dev.taskflow.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.engine.JobIds;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.Occurrence;
import dev.taskflow.store.ScheduleStore;

/**
 * Schedules on one node: at start-up writes the schedules declared in code and properties
 * to the database, then (on worker nodes) runs the loop that fires due schedules.
 *
 * @author TaskFlow
 */
public class ScheduleNode implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ScheduleNode.class);

	private final ScheduleStore store;

	private final ScheduleWriter writer;

	private final ScheduleFirer firer;

	private final ScheduleTime time;

	private final DeclaredSchedules declared;

	private final Settings settings;

	private final Consumer<List<Occurrence>> jobsEnqueued;

	private volatile ScheduleLoop loop;

	private volatile Thread loopThread;

	private volatile boolean running;

	private volatile boolean fireInBackground = true;

	/**
	 * Create the schedules of a node.
	 * @param store the job store
	 * @param registry this node's handlers
	 * @param policies the handlers' policies
	 * @param codec the payload codec
	 * @param declarations the schedules declared in properties, by name
	 * @param time the time schedules fire by
	 * @param settings how this node handles schedules
	 * @param jobsEnqueued wakes this node's dispatcher
	 * @param listener told of each job a schedule enqueues, once it is committed
	 */
	public ScheduleNode(JobStore store, HandlerRegistry registry, HandlerPolicies policies, PayloadCodec codec,
			Map<String, ScheduleDeclaration> declarations, ScheduleTime time, Settings settings, Runnable jobsEnqueued,
			TaskFlowListener listener) {
		this.store = store.schedules();
		ToIntFunction<String> maxAttempts = (handler) -> policies.maxAttempts(registry.find(handler).orElse(null),
				handler);
		OccurrenceFactory occurrences = new OccurrenceFactory(maxAttempts, JobIds::next);
		this.writer = new ScheduleWriter(this.store, time, occurrences);
		this.firer = new ScheduleFirer(this.store, new FirePlanner(settings.misfireThreshold(), settings.maxCatchUp()),
				occurrences);
		this.time = time;
		this.declared = new DeclaredSchedules(registry, declarations, codec, settings.validateHandlers(),
				settings.defaultZone());
		this.settings = settings;
		// told before the wake-up, so a listener hears of a job before it starts here
		this.jobsEnqueued = (enqueued) -> {
			for (Occurrence job : enqueued) {
				listener.enqueued(JobEvent.of(JobId.of(job.id()), job.handler(), job.queue(), job.priority(), 0));
			}
			jobsEnqueued.run();
		};
	}

	/**
	 * What writes schedules to the database for this node, for the client's
	 * {@code Schedules}.
	 * @return the writer
	 */
	public ScheduleWriter writer() {
		return this.writer;
	}

	/**
	 * How this node handles schedules.
	 * @return the settings
	 */
	public Settings settings() {
		return this.settings;
	}

	/**
	 * Tell of jobs a schedule enqueued, once they are committed: the listeners hear of
	 * each, then this node's dispatcher wakes up.
	 * @param jobs the jobs
	 */
	public void jobsEnqueued(List<Occurrence> jobs) {
		this.jobsEnqueued.accept(jobs);
	}

	/**
	 * Look at the schedules now: one was registered or resumed on this node.
	 */
	public void wakeUp() {
		ScheduleLoop current = this.loop;
		if (current != null) {
			current.wakeUp();
		}
	}

	/**
	 * Whether this node fires due schedules on a thread of its own once it starts
	 * ({@code true} unless set otherwise before it starts). The test kit's manual and
	 * inline modes fire them when the test moves the clock or runs jobs
	 * ({@link #fireDue()}).
	 * @param fireInBackground whether to fire schedules in the background
	 */
	public void setFireInBackground(boolean fireInBackground) {
		this.fireInBackground = fireInBackground;
	}

	/**
	 * Leave out the declared schedules whose handler this application lacks, rather than
	 * fail at start: for a test slice that holds some of an application's handlers only.
	 * @param skipMissingHandlers whether to leave them out
	 */
	public void setSkipSchedulesOfMissingHandlers(boolean skipMissingHandlers) {
		this.declared.setSkipMissingHandlers(skipMissingHandlers);
	}

	/**
	 * Fire every schedule that is due now, on the calling thread, and tell of the jobs
	 * enqueued once they are committed.
	 * @return the jobs enqueued
	 */
	public List<Occurrence> fireDue() {
		List<Occurrence> enqueued = new ArrayList<>();
		if (!this.settings.fire()) {
			return enqueued;
		}
		ScheduleFirer.Result result;
		do {
			result = this.firer.fireDue(this.time.now());
			if (!result.enqueued().isEmpty()) {
				this.jobsEnqueued.accept(result.enqueued());
				enqueued.addAll(result.enqueued());
			}
		}
		while (result.full());
		return enqueued;
	}

	/**
	 * Write the schedules this application declares again, from their first fire time on:
	 * after a test kit cleared the schedule table.
	 */
	public void declareAgain() {
		if (this.settings.enabled()) {
			this.writer.writeDeclared(this.declared.definitions(), this.declared.disabledNames(), this.settings.fire());
		}
	}

	@Override
	public void start() {
		if (!this.settings.enabled()) {
			this.running = true;
			return;
		}
		List<ScheduleDefinition> definitions = this.declared.definitions();
		this.writer.writeDeclared(definitions, this.declared.disabledNames(), this.settings.fire());
		if (!definitions.isEmpty()) {
			logger.info("TaskFlow schedules declared: " + definitions.stream().map(ScheduleDefinition::name).toList());
		}
		if (this.settings.fire() && this.fireInBackground) {
			ScheduleLoop loop = new ScheduleLoop(this.store, this.firer, this.time, this.settings.pollInterval(),
					this.settings.refreshInterval(), this.jobsEnqueued);
			Thread thread = new Thread(loop, "taskflow-schedules");
			thread.setDaemon(true);
			this.loop = loop;
			this.loopThread = thread;
			thread.start();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		ScheduleLoop current = this.loop;
		if (current != null) {
			current.stop();
			this.loop = null;
			// a firing in progress commits or rolls back before the data source closes
			join(this.loopThread, Duration.ofSeconds(10));
			this.loopThread = null;
		}
		this.running = false;
	}

	private static void join(Thread thread, Duration timeout) {
		try {
			thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Whether this running node should fire schedules but its loop has stopped: while it
	 * has, no schedule fires here (the {@code taskflow} health is {@code DOWN}).
	 * @return {@code true} when the loop should run and does not
	 */
	public boolean hasStoppedFiring() {
		Thread thread = this.loopThread;
		return this.running && thread != null && !thread.isAlive();
	}

	@Override
	public int getPhase() {
		// start after the worker node, stop before it
		return WorkerNode.PHASE + 1;
	}

	/**
	 * How a node handles schedules.
	 *
	 * @param enabled whether this node writes its declared schedules at start-up
	 * @param fire whether this node fires due schedules
	 * @param validateHandlers whether a schedule must name a handler of this node
	 * @param defaultZone the zone of cron schedules that name none, and whether it is
	 * configured or this node's JVM zone
	 * @param misfireThreshold how late a fire time may run and still be on time
	 * @param maxCatchUp the most missed fire times {@code FIRE_ALL} runs
	 * @param pollInterval how often a node following a TaskFlowClock looks for due
	 * schedules
	 * @param refreshInterval how often a node reads the schedule table for changes made
	 * elsewhere
	 */
	public record Settings(boolean enabled, boolean fire, boolean validateHandlers, DefaultZone defaultZone,
			Duration misfireThreshold, int maxCatchUp, Duration pollInterval, Duration refreshInterval) {

		/**
		 * Check the settings.
		 */
		public Settings {
			Assert.notNull(defaultZone, "'defaultZone' must not be null");
			Assert.isTrue(misfireThreshold != null && !misfireThreshold.isNegative(),
					() -> "spring.taskflow.schedule.misfire-threshold must not be negative, was " + misfireThreshold);
			Assert.isTrue(maxCatchUp >= 1,
					() -> "spring.taskflow.schedule.max-catch-up must be at least 1, was " + maxCatchUp);
			Assert.isTrue(pollInterval != null && pollInterval.toMillis() >= 1,
					() -> "spring.taskflow.schedule.poll-interval must be at least 1ms, was " + pollInterval);
			Assert.isTrue(refreshInterval != null && refreshInterval.toMillis() >= 1,
					() -> "spring.taskflow.schedule.refresh-interval must be at least 1ms, was " + refreshInterval);
		}

	}

}
