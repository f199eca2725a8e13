package dev.taskflow.dashboard;

import java.time.Duration;

/**
 * Durations as people read them: "3 min", "2 h 5 min".
 *
 * @author TaskFlow
 */
final class Durations {

	private Durations() {
	}

	static String words(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min";
		}
		if (seconds < 86400) {
			long minutes = (seconds % 3600) / 60;
			return (seconds / 3600) + " h" + ((minutes > 0) ? " " + minutes + " min" : "");
		}
		long hours = (seconds % 86400) / 3600;
		return (seconds / 86400) + " d" + ((hours > 0) ? " " + hours + " h" : "");
	}

}
