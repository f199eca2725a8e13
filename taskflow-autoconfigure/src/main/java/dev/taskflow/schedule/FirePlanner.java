package dev.taskflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.taskflow.MisfirePolicy;

/**
 * Decides which due fire times of a schedule run. When a node gets to a schedule within
 * the misfire threshold of its oldest due fire time, every due fire time runs (a node
 * that was a little late, say by a poll). Later than that, no node could fire the
 * schedule for a while (downtime, an unreachable database): its fire times were missed,
 * and the schedule's {@link MisfirePolicy} says which of them run.
 *
 * @author TaskFlow
 */
final class FirePlanner {

	// past this many due fire times (a per-second cron after days of downtime), jump
	// ahead rather than walk every one
	private static final int MAX_WALK = 100_000;

	private final Duration misfireThreshold;

	private final int maxCatchUp;

	/**
	 * Create a planner.
	 * @param misfireThreshold how late a schedule may be fired and still be on time
	 * @param maxCatchUp the most missed fire times {@link MisfirePolicy#FIRE_ALL} runs
	 */
	public FirePlanner(Duration misfireThreshold, int maxCatchUp) {
		this.misfireThreshold = misfireThreshold;
		this.maxCatchUp = maxCatchUp;
	}

	/**
	 * Plan a schedule whose next fire time has come.
	 * @param recurrence its fire times
	 * @param nextFireAt its stored next fire time, not after now
	 * @param now the current time
	 * @param misfire its misfire policy
	 * @return the plan
	 */
	public FirePlan plan(Recurrence recurrence, Instant nextFireAt, Instant now, MisfirePolicy misfire) {
		boolean missed = nextFireAt.isBefore(now.minus(this.misfireThreshold));
		int keep = !missed ? Integer.MAX_VALUE : (misfire == MisfirePolicy.FIRE_ALL) ? this.maxCatchUp : 1;
		Deque<Instant> latest = new ArrayDeque<>();
		long due = 0;
		Instant evicted = null;
		Instant previous = null;
		Instant tick = nextFireAt;
		while (tick != null && !tick.isAfter(now)) {
			due++;
			if (latest.size() == keep) {
				evicted = latest.removeFirst();
			}
			latest.addLast(tick);
			if (due % MAX_WALK == 0 && previous != null) {
				Duration gap = Duration.between(previous, tick);
				Instant ahead = jumpAhead(recurrence, gap, tick, now, Math.min(keep, MAX_WALK));
				if (ahead != null) {
					// the fire times jumped over are counted, not walked
					due += Duration.between(tick, ahead).toNanos() / Math.max(1, gap.toNanos());
					evicted = latest.getLast();
					latest.clear();
					previous = null;
					tick = recurrence.next(ahead);
					continue;
				}
			}
			previous = tick;
			tick = recurrence.next(tick);
		}
		Instant next = tick;
		if (!missed || latest.isEmpty()) {
			return new FirePlan(List.copyOf(latest), 0, null, null, next);
		}
		List<Instant> fire = new ArrayList<>(latest);
		String reason = switch (misfire) {
			case FIRE_ALL -> "missed while no node could fire it, beyond spring.taskflow.schedule.max-catch-up="
					+ this.maxCatchUp + " (misfire FIRE_ALL)";
			case FIRE_ONCE -> "missed while no node could fire it; ran once instead (misfire FIRE_ONCE)";
			case SKIP -> "missed while no node could fire it (misfire SKIP)";
		};
		Instant lastSkipped = evicted;
		if (misfire == MisfirePolicy.SKIP) {
			lastSkipped = fire.get(fire.size() - 1);
			fire.clear();
		}
		long skipped = due - fire.size();
		return new FirePlan(List.copyOf(fire), skipped, (skipped > 0) ? lastSkipped : null,
				(skipped > 0) ? reason : null, next);
	}

	// the latest instant after tick from which keep fire times remain until now, or null
	// if there is none (then walking on is as short as jumping): a cron that fires only
	// part of the day can have no fire time at all just before now, so the window widens
	// until it holds enough of them
	private static Instant jumpAhead(Recurrence recurrence, Duration gap, Instant tick, Instant now, int keep) {
		Duration window = gap.multipliedBy(keep + 2L);
		while (true) {
			Instant ahead = now.minus(window);
			if (!ahead.isAfter(tick)) {
				return null;
			}
			if (countUntil(recurrence, ahead, now, keep) >= keep) {
				return ahead;
			}
			window = window.multipliedBy(2);
		}
	}

	private static int countUntil(Recurrence recurrence, Instant after, Instant now, int limit) {
		int count = 0;
		for (Instant t = recurrence.next(after); t != null && !t.isAfter(now)
				&& count < limit; t = recurrence.next(t)) {
			count++;
		}
		return count;
	}

}
