package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.JobStore;

/**
 * Once per heartbeat interval: extends the leases of the jobs this node holds (one
 * statement), then hands back jobs whose lease expired anywhere in the cluster.
 *
 * @author TaskFlow
 */
final class LeaseHeartbeat implements Runnable {

	private static final Log logger = LogFactory.getLog(LeaseHeartbeat.class);

	private final JobStore store;

	private final WorkerSettings settings;

	private final Supplier<List<UUID>> heldJobs;

	private final Runnable afterRescue;

	private final FailureLog failures = new FailureLog(logger, "renew job leases");

	LeaseHeartbeat(JobStore store, WorkerSettings settings, Supplier<List<UUID>> heldJobs, Runnable afterRescue) {
		this.store = store;
		this.settings = settings;
		this.heldJobs = heldJobs;
		this.afterRescue = afterRescue;
	}

	@Override
	public void run() {
		try {
			List<UUID> held = new ArrayList<>(this.heldJobs.get());
			if (!held.isEmpty()) {
				int extended = this.store.extendLeases(this.settings.nodeId(), held, this.settings.lease());
				if (extended < held.size()) {
					logger.debug((held.size() - extended) + " lease(s) of node " + this.settings.nodeId()
							+ " had expired or finished and were not extended");
				}
			}
			int rescued = this.store.rescueExpired();
			if (rescued > 0) {
				logger.info("TaskFlow rescued " + rescued + " job(s) whose lease had expired");
				this.afterRescue.run();
			}
			this.failures.succeeded();
		}
		catch (RuntimeException ex) {
			this.failures.failed(ex);
		}
	}

}
