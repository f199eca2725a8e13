package dev.taskflow.dashboard;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule's expression in words, for the common shapes ("every 5 minutes", "at 02:30
 * every day"); {@code null} for the others, which the dashboard shows as written.
 *
 * @author TaskFlow
 */
final class CronWords {

	private static final Map<String, String> MACROS = Map.of("@yearly", "at midnight on 1 January", "@annually",
			"at midnight on 1 January", "@monthly", "at midnight on the 1st of every month", "@weekly",
			"at midnight every Sunday", "@daily", "at midnight every day", "@midnight", "at midnight every day",
			"@hourly", "at the start of every hour");

	private static final Map<String, String> DAYS = Map.of("MON-FRI", "on weekdays", "1-5", "on weekdays", "SAT,SUN",
			"on weekends", "SUN,SAT", "on weekends", "0,6", "on weekends", "6,0", "on weekends");

	private CronWords() {
	}

	static String interval(Duration interval) {
		long seconds = interval.toSeconds();
		if (seconds % 86400 == 0) {
			return every(seconds / 86400, "day");
		}
		if (seconds % 3600 == 0) {
			return every(seconds / 3600, "hour");
		}
		if (seconds % 60 == 0) {
			return every(seconds / 60, "minute");
		}
		return (seconds > 0) ? every(seconds, "second") : "every " + interval.toMillis() + " ms";
	}

	static String cron(String expression) {
		String macro = MACROS.get(expression.trim().toLowerCase(Locale.ROOT));
		if (macro != null) {
			return macro;
		}
		String[] fields = expression.trim().split("\\s+");
		if (fields.length != 6) {
			return null;
		}
		String second = fields[0];
		String minute = fields[1];
		String hour = fields[2];
		String dayOfMonth = fields[3];
		String month = fields[4];
		String dayOfWeek = fields[5].toUpperCase(Locale.ROOT);
		boolean everyDay = isAny(dayOfMonth) && isAny(month);
		if (!everyDay) {
			return null;
		}
		String days = isAny(dayOfWeek) ? "every day" : DAYS.getOrDefault(dayOfWeek, "on " + dayOfWeek);
		if (isNumber(second) && isNumber(minute) && isNumber(hour)) {
			String time = "%02d:%02d".formatted(Integer.parseInt(hour), Integer.parseInt(minute))
					+ ((Integer.parseInt(second) != 0) ? ":%02d".formatted(Integer.parseInt(second)) : "");
			return "at " + time + " " + days;
		}
		String when = isAny(dayOfWeek) ? "" : " " + days;
		if (second.equals("0") && minute.equals("0") && isStep(hour)) {
			return every(step(hour), "hour") + when;
		}
		if (second.equals("0") && isNumber(minute) && hour.equals("*")) {
			return "at minute " + Integer.parseInt(minute) + " of every hour" + when;
		}
		if (second.equals("0") && isStep(minute) && hour.equals("*")) {
			return every(step(minute), "minute") + when;
		}
		if (second.equals("0") && minute.equals("*") && hour.equals("*")) {
			return "every minute" + when;
		}
		if (isStep(second) && minute.equals("*") && hour.equals("*")) {
			return every(step(second), "second") + when;
		}
		return null;
	}

	private static String every(long count, String unit) {
		return (count == 1) ? "every " + unit : "every " + count + " " + unit + "s";
	}

	private static boolean isAny(String field) {
		return field.equals("*") || field.equals("?");
	}

	private static boolean isNumber(String field) {
		return field.matches("\\d{1,2}");
	}

	private static boolean isStep(String field) {
		return field.matches("(\\*|0)/\\d{1,2}");
	}

	private static long step(String field) {
		return Long.parseLong(field.substring(field.indexOf('/') + 1));
	}

}
