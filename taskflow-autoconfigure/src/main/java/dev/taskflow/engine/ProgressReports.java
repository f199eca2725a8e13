package dev.taskflow.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.taskflow.store.ProgressUpdate;

/**
 * The progress the jobs running on this node reported, kept until the next renewal of
 * their leases stores it: a handler may report at every unit of work, and only the latest
 * report of each job reaches the database, at most once per progress interval.
 *
 * @author TaskFlow
 */
final class ProgressReports {

	private final Map<UUID, Report> reports = new ConcurrentHashMap<>();

	void report(UUID job, long done, long total) {
		this.reports.computeIfAbsent(job, (id) -> new Report()).counts(done, total);
	}

	void report(UUID job, String message) {
		String cut = (message.length() > ProgressUpdate.MAX_MESSAGE_LENGTH)
				? message.substring(0, ProgressUpdate.MAX_MESSAGE_LENGTH) : message;
		this.reports.computeIfAbsent(job, (id) -> new Report()).message(cut);
	}

	/**
	 * The reports not stored yet, each with the version it was taken at.
	 * @return the reports
	 */
	Unsaved unsaved() {
		Map<UUID, ProgressUpdate> updates = new LinkedHashMap<>();
		Map<UUID, Long> versions = new LinkedHashMap<>();
		this.reports.forEach((job, report) -> report.unsaved(job, updates, versions));
		return new Unsaved(updates, versions);
	}

	/**
	 * Mark reports stored, unless the job reported again since they were taken.
	 * @param unsaved what was stored
	 */
	void saved(Unsaved unsaved) {
		unsaved.versions().forEach((job, version) -> {
			Report report = this.reports.get(job);
			if (report != null) {
				report.saved(version);
			}
		});
	}

	/**
	 * Forget a job that ended on this node (what it reported last and was not stored yet
	 * is dropped with it).
	 * @param job the job
	 */
	void forget(UUID job) {
		this.reports.remove(job);
	}

	/**
	 * Reports taken to be stored.
	 *
	 * @param updates the latest report of each job
	 * @param versions the version of each report
	 */
	record Unsaved(Map<UUID, ProgressUpdate> updates, Map<UUID, Long> versions) {

		static final Unsaved NONE = new Unsaved(Map.of(), Map.of());

		boolean isEmpty() {
			return this.updates.isEmpty();
		}

	}

	private static final class Report {

		private long done;

		private long total;

		private String message;

		private long version;

		private long savedVersion;

		synchronized void counts(long done, long total) {
			this.done = done;
			this.total = total;
			this.version++;
		}

		synchronized void message(String message) {
			this.message = message;
			this.version++;
		}

		synchronized void unsaved(UUID job, Map<UUID, ProgressUpdate> updates, Map<UUID, Long> versions) {
			if (this.version != this.savedVersion) {
				updates.put(job, new ProgressUpdate(this.done, this.total, this.message));
				versions.put(job, this.version);
			}
		}

		synchronized void saved(long version) {
			this.savedVersion = Math.max(this.savedVersion, version);
		}

	}

}
