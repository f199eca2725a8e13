package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.LeaseRenewal;
import dev.taskflow.store.NodeRecord;
import dev.taskflow.store.NodeStore;
import dev.taskflow.store.RescuedJob;

/**
 * Once per heartbeat interval, on two threads: one extends the leases of the jobs this
 * node holds, confirming the attempts its workers started (one statement), and does
 * nothing else, so that no slow query or lock can hold it up past the lease (the jobs
 * would be rescued and run twice); the other renews the node's own row in the node table,
 * removes nodes whose heartbeat stopped, then hands back jobs whose lease expired
 * anywhere in the cluster.
 *
 * @author TaskFlow
 */
final class LeaseHeartbeat {

	private static final Log logger = LogFactory.getLog(LeaseHeartbeat.class);

	private final JobStore store;

	private final WorkerSettings settings;

	private final Supplier<List<UUID>> heldJobs;

	private final Predicate<UUID> started;

	private final Runnable afterRescue;

	private final Runnable register;

	private final BiConsumer<List<UUID>, Long> extended;

	private final TaskFlowListener listener;

	private final FailedJobLog failedJobs;

	private final IntSupplier busyThreads;

	private volatile Consumer<List<UUID>> cancelRequested = (ids) -> {
	};

	private volatile JobReports progress = new JobReports();

	private volatile Duration progressInterval = Duration.ofSeconds(1);

	// written by the renewal thread (and by a stopping node once that thread ended)
	private volatile long progressSavedAt = System.nanoTime();

	private volatile Drain drain = Drain.NONE;

	private volatile Supplier<String> queueThreads = () -> null;

	private volatile boolean suspended;

	private final FailureLog failures = new FailureLog(logger, "renew job leases");

	private final FailureLog housekeepingFailures = new FailureLog(logger,
			"renew its node's heartbeat and rescue expired jobs");

	LeaseHeartbeat(JobStore store, WorkerSettings settings, Supplier<List<UUID>> heldJobs, Predicate<UUID> started,
			Runnable afterRescue, Runnable register, BiConsumer<List<UUID>, Long> extended, TaskFlowListener listener,
			FailedJobLog failedJobs, IntSupplier busyThreads) {
		this.failedJobs = failedJobs;
		this.busyThreads = busyThreads;
		this.store = store;
		this.settings = settings;
		this.heldJobs = heldJobs;
		this.started = started;
		this.afterRescue = afterRescue;
		this.register = register;
		this.extended = extended;
		this.listener = listener;
	}

	/**
	 * Skip heartbeats while suspended, as a node cut off from its database would: for
	 * tests.
	 * @param suspended whether to skip them
	 */
	void suspend(boolean suspended) {
		this.suspended = suspended;
	}

	/**
	 * Extend the leases of the jobs this node holds.
	 */
	void renewLeases() {
		renewLeases(false);
	}

	/**
	 * Store the progress the running jobs reported since the last renewal, if they
	 * reported any, with a renewal of every lease (the same statement).
	 */
	void saveProgress() {
		renewLeases(true);
	}

	/**
	 * Store every report of the running jobs now, whatever the progress interval, with a
	 * renewal of every lease: for a step's result, which must be stored before the step
	 * returns, and for the checkpoints of jobs released at shutdown.
	 * @param job the job whose report must be stored, or {@code null}
	 * @return whether that job's report was stored (its lease was extended): always
	 * {@code true} when no job is named
	 * @throws RuntimeException if the database could not be reached
	 */
	boolean saveReportsNow(UUID job) {
		JobReports.Unsaved reports = this.progress.unsaved();
		this.progressSavedAt = System.nanoTime();
		LeaseRenewal renewal = renew(reports);
		return job == null || (renewal != null && renewal.extended().contains(job));
	}

	private void renewLeases(boolean onlyWithProgress) {
		if (this.suspended) {
			return;
		}
		try {
			// at most once per progress interval, whichever renewal comes first
			long now = System.nanoTime();
			boolean progressDue = now - this.progressSavedAt >= this.progressInterval.toNanos();
			JobReports.Unsaved progress = progressDue ? this.progress.unsaved() : JobReports.Unsaved.NONE;
			if (onlyWithProgress && progress.isEmpty()) {
				return;
			}
			if (!progress.isEmpty()) {
				this.progressSavedAt = now;
			}
			renew(progress);
			this.failures.succeeded();
		}
		catch (RuntimeException | Error ex) {
			// thrown out of a scheduled task, it would cancel every later renewal
			this.failures.failed(ex);
		}
	}

	private LeaseRenewal renew(JobReports.Unsaved reports) {
		List<UUID> held = new ArrayList<>(this.heldJobs.get());
		if (held.isEmpty()) {
			return null;
		}
		long sent = System.nanoTime();
		LeaseRenewal renewal = this.store.renewLeases(this.settings.nodeId(), held, this.started, this.settings.lease(),
				reports.updates());
		this.progress.saved(reports);
		List<UUID> extended = renewal.extended();
		if (!renewal.cancelRequested().isEmpty()) {
			this.cancelRequested.accept(renewal.cancelRequested());
		}
		// only the leases the database extended last longer here too
		this.extended.accept(extended, sent);
		if (extended.size() < held.size()) {
			logger.debug((held.size() - extended.size()) + " lease(s) of node " + this.settings.nodeId()
					+ " had expired or finished and were not extended");
		}
		return renewal;
	}

	/**
	 * Tell the node when its heartbeat finds that someone asked it to drain, or to claim
	 * again.
	 * @param drain the node's drain
	 */
	void setDrain(Drain drain) {
		this.drain = drain;
	}

	/**
	 * Have each heartbeat store the threads of the node's queue pools.
	 * @param queueThreads supplies them as a JSON object, or {@code null}
	 */
	void setQueueThreads(Supplier<String> queueThreads) {
		this.queueThreads = queueThreads;
	}

	/**
	 * A node's drain, as its heartbeat sees it.
	 */
	interface Drain {

		/**
		 * No drain: a node that cannot drain.
		 */
		Drain NONE = new Drain() {

			@Override
			public boolean draining() {
				return false;
			}

			@Override
			public void requested(boolean drain) {
			}

		};

		/**
		 * Whether the node drains (or has drained).
		 * @return whether it does
		 */
		boolean draining();

		/**
		 * Someone asked the node to drain, or to claim again.
		 * @param drain whether to drain
		 */
		void requested(boolean drain);

	}

	/**
	 * Store the progress of running jobs from these reports, at most once per interval.
	 * @param progress the reports
	 * @param interval the interval
	 */
	void setJobReports(JobReports progress, Duration interval) {
		this.progress = progress;
		this.progressInterval = interval;
	}

	/**
	 * Tell this of the held jobs someone asked to stop, as each renewal finds them.
	 * @param cancelRequested told of the jobs
	 */
	void setCancelRequested(Consumer<List<UUID>> cancelRequested) {
		this.cancelRequested = cancelRequested;
	}

	/**
	 * Renew the node's row, remove dead nodes and rescue expired jobs: in batches, for at
	 * most a heartbeat interval, so that a big backlog of expired jobs is rescued over
	 * several rounds rather than in one statement too long to finish.
	 */
	void keepHouse() {
		if (this.suspended) {
			return;
		}
		try {
			beat();
			long start = System.nanoTime();
			List<RescuedJob> rescued;
			do {
				rescued = this.store.rescueExpiredJobs(this.settings.housekeepingTimeout());
				reportRescued(rescued);
			}
			while (rescued.size() >= JobStore.RESCUE_BATCH
					&& System.nanoTime() - start < this.settings.heartbeatInterval().toNanos());
			this.housekeepingFailures.succeeded();
		}
		catch (RuntimeException | Error ex) {
			// thrown out of a scheduled task, it would cancel every later heartbeat
			this.housekeepingFailures.failed(ex);
		}
	}

	private void reportRescued(List<RescuedJob> rescued) {
		if (rescued.isEmpty()) {
			return;
		}
		logger.info("TaskFlow rescued " + rescued.size() + " job(s) whose lease had expired");
		// told before this node is woken to run them again: a listener hears of the
		// rescue
		// before the next start (another node may still be quicker)
		for (RescuedJob job : rescued) {
			// no node stores an outcome of these attempts: this one logs them
			this.failedJobs.rescued(job);
			this.listener.rescued(
					JobEvent.of(JobId.of(job.id()), job.handler(), job.queue(), job.priority(), job.attempt()),
					job.failed());
		}
		this.afterRescue.run();
	}

	private void beat() {
		NodeStore nodes = this.store.nodes();
		Duration timeout = this.settings.housekeepingTimeout();
		boolean draining = this.drain.draining();
		NodeStore.Heartbeat heartbeat = nodes.heartbeat(this.settings.nodeId(), this.settings.lease(), timeout,
				this.busyThreads.getAsInt(), draining, this.queueThreads.get());
		if (heartbeat != NodeStore.Heartbeat.GONE && (heartbeat == NodeStore.Heartbeat.DRAIN) != draining) {
			this.drain.requested(heartbeat == NodeStore.Heartbeat.DRAIN);
		}
		if (heartbeat == NodeStore.Heartbeat.GONE) {
			logger.warn("TaskFlow node " + this.settings.nodeId() + " had been presumed dead by another node (no"
					+ " heartbeat within its lease of " + this.settings.lease().toMillis()
					+ " ms); it registers again and carries on");
			this.register.run();
		}
		for (NodeRecord dead : nodes.removeExpired(timeout)) {
			logger.warn("TaskFlow node " + dead.id() + " on " + dead.host() + " stopped sending heartbeats (last at "
					+ dead.heartbeatAt() + ") and is presumed dead; its jobs run again once their leases expire");
		}
	}

}
