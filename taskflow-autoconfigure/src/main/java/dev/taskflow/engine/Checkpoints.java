package dev.taskflow.engine;

import java.util.UUID;

/**
 * Where the checkpoints of running jobs are read from and stored through: the store, and
 * the renewal of the node's leases.
 *
 * @author TaskFlow
 */
interface Checkpoints {

	/**
	 * Checkpoints kept nowhere: for a job run outside a node (a context built by hand).
	 */
	Checkpoints NONE = new Checkpoints() {

		@Override
		public String load(UUID job) {
			return null;
		}

		@Override
		public void saveNow(UUID job) {
		}

	};

	/**
	 * The checkpoint document a job kept, as stored.
	 * @param job the job
	 * @return the document (JSON), or {@code null}
	 */
	String load(UUID job);

	/**
	 * Store what the job reported (its checkpoint with it) now, and return once it is
	 * stored.
	 * @param job the job
	 * @throws IllegalStateException if it could not be stored: the attempt no longer
	 * holds the job, or the database did not answer
	 */
	void saveNow(UUID job);

}
