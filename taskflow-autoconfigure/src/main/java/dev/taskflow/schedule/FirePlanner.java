package dev.taskflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.taskflow.MisfirePolicy;

/**
 * Decides which due fire times of a schedule run. A fire time within the misfire
 * threshold of now is on time and always runs; older ones were missed while no node could
 * fire them, and the schedule's {@link MisfirePolicy} says what becomes of them.
 *
 * @author TaskFlow
 */
public final class FirePlanner {

	// past this many missed fire times (a per-second cron after days of downtime), jump
	// ahead rather than walk every one
	private static final int MAX_WALK = 100_000;

	private final Duration misfireThreshold;

	private final int maxCatchUp;

	/**
	 * Create a planner.
	 * @param misfireThreshold how late a fire time may run and still be on time
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
		Instant cutoff = now.minus(this.misfireThreshold);
		int keep = (misfire == MisfirePolicy.FIRE_ALL) ? this.maxCatchUp : 1;
		Deque<Instant> latestMissed = new ArrayDeque<>();
		long missed = 0;
		Instant tick = nextFireAt;
		Instant previous = null;
		Instant lastEvicted = null;
		while (tick != null && tick.isBefore(cutoff)) {
			missed++;
			if (keep > 0) {
				if (latestMissed.size() == keep) {
					lastEvicted = latestMissed.removeFirst();
				}
				latestMissed.addLast(tick);
			}
			if (missed % MAX_WALK == 0 && previous != null) {
				Instant ahead = jumpAhead(previous, tick, cutoff, keep);
				if (ahead.isAfter(tick)) {
					missed += Duration.between(tick, ahead).toMillis() / Math.max(1, between(previous, tick));
					lastEvicted = (latestMissed.isEmpty()) ? tick : latestMissed.getLast();
					latestMissed.clear();
					tick = recurrence.next(ahead);
					previous = null;
					continue;
				}
			}
			previous = tick;
			tick = recurrence.next(tick);
		}
		List<Instant> onTime = new ArrayList<>();
		while (tick != null && !tick.isAfter(now)) {
			onTime.add(tick);
			tick = recurrence.next(tick);
		}
		Instant next = tick;
		if (missed == 0) {
			return new FirePlan(onTime, 0, null, null, next);
		}
		List<Instant> fire = new ArrayList<>();
		String reason;
		switch (misfire) {
			case FIRE_ALL -> {
				fire.addAll(latestMissed);
				reason = "missed while no node could fire it, beyond spring.taskflow.schedule.max-catch-up="
						+ this.maxCatchUp + " (misfire FIRE_ALL)";
			}
			case FIRE_ONCE -> {
				if (onTime.isEmpty()) {
					fire.add(latestMissed.getLast());
				}
				reason = "missed while no node could fire it; ran once instead (misfire FIRE_ONCE)";
			}
			default -> reason = "missed while no node could fire it (misfire SKIP)";
		}
		fire.addAll(onTime);
		long skipped = missed - (fire.size() - onTime.size());
		Instant lastSkipped = (skipped > 0) ? lastSkipped(latestMissed, fire, lastEvicted) : null;
		return new FirePlan(List.copyOf(fire), skipped, lastSkipped, (skipped > 0) ? reason : null, next);
	}

	private static Instant lastSkipped(Deque<Instant> latestMissed, List<Instant> fire, Instant lastEvicted) {
		Instant latest = lastEvicted;
		for (Instant missed : latestMissed) {
			if (!fire.contains(missed)) {
				latest = missed;
			}
		}
		return latest;
	}

	private static long between(Instant earlier, Instant later) {
		return Duration.between(earlier, later).toMillis();
	}

	private static Instant jumpAhead(Instant previous, Instant tick, Instant cutoff, int keep) {
		Duration gap = Duration.between(previous, tick);
		return cutoff.minus(gap.multipliedBy(keep + 2L));
	}

}
