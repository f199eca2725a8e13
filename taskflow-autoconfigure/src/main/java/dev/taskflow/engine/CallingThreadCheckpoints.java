package dev.taskflow.engine;

import java.util.List;
import java.util.UUID;

import dev.taskflow.store.JobStore;
import dev.taskflow.store.LeaseRenewal;

/**
 * The checkpoints and progress of jobs run on the calling thread (the test kit), stored
 * as a node stores them: by a renewal of the job's lease that carries what it reported,
 * here made on the calling thread, since no heartbeat runs.
 *
 * @author TaskFlow
 */
final class CallingThreadCheckpoints implements Checkpoints {

	private final JobStore store;

	private final JobReports reports;

	private final WorkerSettings settings;

	CallingThreadCheckpoints(JobStore store, JobReports reports, WorkerSettings settings) {
		this.store = store;
		this.reports = reports;
		this.settings = settings;
	}

	@Override
	public String load(UUID job) {
		return this.store.checkpoint(job);
	}

	@Override
	public void saveNow(UUID job) {
		if (!save(job)) {
			throw new IllegalStateException(
					"TaskFlow could not store the checkpoint of job " + job + ": this attempt no longer holds the job");
		}
	}

	/**
	 * Store what the job reported and was not stored yet.
	 * @param job the job, which the calling thread holds
	 * @return whether it was stored
	 */
	boolean save(UUID job) {
		JobReports.Unsaved unsaved = this.reports.unsaved();
		LeaseRenewal renewal = this.store.renewLeases(this.settings.nodeId(), List.of(job), (id) -> true,
				this.settings.lease(), unsaved.updates());
		this.reports.saved(unsaved);
		return renewal.extended().contains(job);
	}

}
