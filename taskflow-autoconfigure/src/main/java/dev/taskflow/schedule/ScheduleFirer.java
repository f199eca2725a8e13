package dev.taskflow.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.store.Occurrence;
import dev.taskflow.store.ScheduleRecord;
import dev.taskflow.store.ScheduleStore;

/**
 * Fires the due schedules: in one transaction, locks them (skipping those another node is
 * firing), enqueues their occurrences and advances their next fire time. A node that dies
 * mid-way rolls everything back and another node fires the same fire times; the unique
 * index on {@code (schedule_name, fire_time)} refuses a second job for one fire time
 * whatever happens.
 *
 * @author TaskFlow
 */
final class ScheduleFirer {

	private static final Log logger = LogFactory.getLog(ScheduleFirer.class);

	/**
	 * The most schedules one transaction fires.
	 */
	static final int BATCH = 50;

	private final ScheduleStore store;

	private final FirePlanner planner;

	private final OccurrenceFactory occurrences;

	/**
	 * Create a firer.
	 * @param store the schedule store
	 * @param planner the planner of due fire times
	 * @param occurrences makes the job of a fire time
	 */
	public ScheduleFirer(ScheduleStore store, FirePlanner planner, OccurrenceFactory occurrences) {
		this.store = store;
		this.planner = planner;
		this.occurrences = occurrences;
	}

	/**
	 * Fire the schedules due at the given time.
	 * @param now the current time
	 * @return what was done
	 */
	public Result fireDue(Instant now) {
		return this.store.inTransaction(() -> {
			List<ScheduleRecord> due = this.store.lockDue(now, BATCH);
			List<Occurrence> enqueued = new ArrayList<>();
			for (ScheduleRecord schedule : due) {
				enqueued.addAll(fire(schedule, now));
			}
			return new Result(due.size(), enqueued);
		});
	}

	private List<Occurrence> fire(ScheduleRecord schedule, Instant now) {
		Recurrence recurrence;
		try {
			recurrence = Recurrence.of(schedule.kind(), schedule.expression(), schedule.zone());
		}
		catch (RuntimeException ex) {
			// written by another version or by hand: stop it visibly rather than retry it
			// at every poll
			logger.error("Schedule '" + schedule.name() + "' cannot be read (" + ex.getMessage()
					+ "); it is paused until registered again");
			this.store.update(withState(schedule, true, schedule.nextFireAt(), schedule.lastFireAt(), 0, null,
					"cannot be read: " + ex.getMessage()));
			return List.of();
		}
		FirePlan plan = this.planner.plan(recurrence, schedule.nextFireAt(), now,
				MisfirePolicy.valueOf(schedule.misfire()));
		if (!plan.fire().isEmpty() && OverlapPolicy.SKIP_IF_RUNNING.name().equals(schedule.overlap())) {
			plan = avoidOverlap(schedule, plan);
		}
		List<Occurrence> jobs = new ArrayList<>(plan.fire().size());
		for (Instant fireTime : plan.fire()) {
			jobs.add(this.occurrences.occurrence(schedule, fireTime));
		}
		Set<UUID> inserted = this.store.insertOccurrences(jobs);
		Instant lastFire = plan.fire().isEmpty() ? schedule.lastFireAt() : plan.fire().get(plan.fire().size() - 1);
		if (plan.skipped() > 0) {
			logger.info("Schedule '" + schedule.name() + "' skipped " + plan.skipped() + " fire time(s), the latest "
					+ plan.lastSkipped() + ": " + plan.skipReason());
		}
		this.store.update(withState(schedule, false, plan.next(), lastFire, plan.skipped(), plan.lastSkipped(),
				plan.skipReason()));
		return jobs.stream().filter((job) -> inserted.contains(job.id())).toList();
	}

	private FirePlan avoidOverlap(ScheduleRecord schedule, FirePlan plan) {
		String reason = "an earlier occurrence was still pending or running (overlap SKIP_IF_RUNNING)";
		if (this.store.hasActiveOccurrence(schedule.name())) {
			return plan.skipAll(reason);
		}
		if (plan.fire().size() == 1) {
			return plan;
		}
		// a catch-up of several fire times would overlap itself: only the latest runs
		List<Instant> fire = plan.fire();
		Instant latest = fire.get(fire.size() - 1);
		Instant lastSkipped = fire.get(fire.size() - 2);
		return new FirePlan(List.of(latest), plan.skipped() + fire.size() - 1, lastSkipped, reason, plan.next());
	}

	private static ScheduleRecord withState(ScheduleRecord schedule, boolean paused, Instant next, Instant lastFire,
			long skipped, Instant lastSkipped, String reason) {
		boolean skippedNow = skipped > 0 || (paused && reason != null);
		return schedule.withState(paused || schedule.paused(), next, lastFire, schedule.skippedCount() + skipped,
				skippedNow && lastSkipped != null ? lastSkipped : schedule.lastSkippedAt(),
				skippedNow ? reason : schedule.lastSkipReason());
	}

	/**
	 * What one pass did.
	 *
	 * @param schedules the schedules fired
	 * @param enqueued the jobs enqueued
	 */
	public record Result(int schedules, List<Occurrence> enqueued) {

		/**
		 * Whether more schedules may be due than one pass fires.
		 * @return {@code true} if the pass was full
		 */
		public boolean full() {
			return this.schedules == BATCH;
		}

	}

}
