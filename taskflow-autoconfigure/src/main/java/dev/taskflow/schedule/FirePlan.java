package dev.taskflow.schedule;

import java.time.Instant;
import java.util.List;

/**
 * What a due schedule does now: the fire times to enqueue, those it skips and why, and
 * its next fire time.
 *
 * @param fire the fire times to enqueue, oldest first
 * @param skipped how many fire times do not run
 * @param lastSkipped the latest of them, or {@code null}
 * @param skipReason why they do not run, or {@code null}
 * @param next the first fire time after now, or {@code null} if there is none
 * @author TaskFlow
 */
record FirePlan(List<Instant> fire, long skipped, Instant lastSkipped, String skipReason, Instant next) {

	/**
	 * This plan with every fire time skipped for the given reason.
	 * @param reason why
	 * @return the changed plan
	 */
	public FirePlan skipAll(String reason) {
		if (this.fire.isEmpty()) {
			return this;
		}
		Instant latest = this.fire.get(this.fire.size() - 1);
		Instant lastSkipped = (this.lastSkipped == null || latest.isAfter(this.lastSkipped)) ? latest
				: this.lastSkipped;
		return new FirePlan(List.of(), this.skipped + this.fire.size(), lastSkipped, reason, this.next);
	}

}
