package dev.taskflow.schedule;

import java.time.Duration;

import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;

/**
 * A schedule as declared in {@code spring.taskflow.schedules.<name>.*}: every field may
 * be missing, to be filled from a {@code @TaskHandler(cron = ...)} of the same name or
 * from the defaults.
 *
 * @param name the schedule's name
 * @param cron the cron expression, or {@code null}
 * @param every the interval, or {@code null}
 * @param zone the zone id, or {@code null}
 * @param handler the handler, or {@code null}
 * @param payload the payload as JSON text, or {@code null}
 * @param queue the queue, or {@code null}
 * @param priority the priority, or {@code null}
 * @param misfire the misfire policy, or {@code null}
 * @param overlap the overlap policy, or {@code null}
 * @param enabled whether the schedule exists at all
 * @author TaskFlow
 */
public record ScheduleDeclaration(String name, String cron, Duration every, String zone, String handler, String payload,
		String queue, Integer priority, MisfirePolicy misfire, OverlapPolicy overlap, boolean enabled) {

}
