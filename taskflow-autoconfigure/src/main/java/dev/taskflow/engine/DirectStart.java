package dev.taskflow.engine;

import java.time.Duration;

import dev.taskflow.store.ClaimedJob;

/**
 * Starts a job enqueued on this node at once, without a claim: when the node has an idle
 * thread for it, the job is inserted already {@code RUNNING} under this node's lease (the
 * insert is the claim) and handed to that thread as soon as the insert has committed. It
 * saves the enqueue-to-start latency of a claim round trip and the claim itself. Only for
 * jobs whose claim would take them at once anyway: due now, of a handler this node runs,
 * with no limit or reserved thread that a claim would have to weigh, while the node has
 * no backlog of due jobs waiting (which would otherwise be overtaken) and is not
 * saturated.
 *
 * @author TaskFlow
 */
@FunctionalInterface
public interface DirectStart {

	/**
	 * Never starts directly.
	 */
	DirectStart NONE = (handler, queue) -> null;

	/**
	 * Take a thread for a job of this handler and queue, if one may start at once.
	 * @param handler the job's handler
	 * @param queue the job's queue
	 * @return the slot, to {@link Slot#start start} or {@link Slot#cancel cancel} exactly
	 * once, or {@code null} if the job must be enqueued as usual
	 */
	Slot reserve(String handler, String queue);

	/**
	 * A thread taken for one job.
	 */
	interface Slot {

		/**
		 * The node whose lease the job is inserted under.
		 * @return the node id
		 */
		String nodeId();

		/**
		 * The lease the job is inserted with.
		 * @return the lease
		 */
		Duration lease();

		/**
		 * The job was inserted as running under this node's lease and committed: run it.
		 * @param job the job
		 * @param insertSent when its insert was sent ({@link System#nanoTime()}): its
		 * lease counts from then
		 */
		void start(ClaimedJob job, long insertSent);

		/**
		 * The job was not inserted as running: give the thread back.
		 */
		void cancel();

	}

}
