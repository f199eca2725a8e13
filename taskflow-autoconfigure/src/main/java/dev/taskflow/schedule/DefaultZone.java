package dev.taskflow.schedule;

import java.time.ZoneId;

import org.springframework.util.Assert;

/**
 * The zone of this node's cron schedules that name none.
 * <p>
 * When it is configured ({@code spring.taskflow.schedule.zone}) it is a choice, written
 * like a zone a schedule names. Otherwise it is this node's JVM zone (or its
 * {@code TaskFlowClock}'s), a fallback that can differ from node to node: a schedule
 * stored in one such zone keeps it when a node whose zone differs writes the same
 * declaration, so that nodes never rewrite each other's schedules at every start.
 *
 * @param zone the zone
 * @param configured whether it is configured rather than this node's JVM zone
 * @author TaskFlow
 */
public record DefaultZone(ZoneId zone, boolean configured) {

	/**
	 * Check the zone.
	 */
	public DefaultZone {
		Assert.notNull(zone, "'zone' must not be null");
	}

}
