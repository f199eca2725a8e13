package dev.taskflow.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.taskflow.store.JobReport;
import dev.taskflow.store.ProgressUpdate;

/**
 * What the jobs running on this node reported (progress, checkpoints), kept until the
 * next renewal of their leases stores it: a handler may report at every unit of work, and
 * only the latest report of each job reaches the database, at most once per progress
 * interval.
 *
 * @author TaskFlow
 */
final class JobReports {

	private final Map<UUID, Report> reports = new ConcurrentHashMap<>();

	void progress(UUID job, long done, long total) {
		report(job).counts(done, total);
	}

	void progress(UUID job, String message) {
		String cut = (message.length() > ProgressUpdate.MAX_MESSAGE_LENGTH)
				? message.substring(0, ProgressUpdate.MAX_MESSAGE_LENGTH) : message;
		report(job).message(cut);
	}

	void checkpoint(UUID job, String document) {
		report(job).checkpoint(document);
	}

	private Report report(UUID job) {
		return this.reports.computeIfAbsent(job, (id) -> new Report());
	}

	/**
	 * The reports not stored yet, each with the version it was taken at.
	 * @return the reports
	 */
	Unsaved unsaved() {
		Map<UUID, JobReport> updates = new LinkedHashMap<>();
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
	record Unsaved(Map<UUID, JobReport> updates, Map<UUID, Long> versions) {

		static final Unsaved NONE = new Unsaved(Map.of(), Map.of());

		boolean isEmpty() {
			return this.updates.isEmpty();
		}

	}

	// versions count the reports: a report newer than the one stored stays unsaved
	private static final class Report {

		private long done;

		private long total;

		private String message;

		private long progressVersion;

		private String checkpoint;

		private long checkpointVersion;

		private long savedProgress;

		private long savedCheckpoint;

		private long version;

		synchronized void counts(long done, long total) {
			this.done = done;
			this.total = total;
			this.progressVersion = ++this.version;
		}

		synchronized void message(String message) {
			this.message = message;
			this.progressVersion = ++this.version;
		}

		synchronized void checkpoint(String document) {
			this.checkpoint = document;
			this.checkpointVersion = ++this.version;
		}

		synchronized void unsaved(UUID job, Map<UUID, JobReport> updates, Map<UUID, Long> versions) {
			boolean progress = this.progressVersion > this.savedProgress;
			boolean checkpoint = this.checkpointVersion > this.savedCheckpoint;
			if (progress || checkpoint) {
				updates.put(job,
						new JobReport(progress ? new ProgressUpdate(this.done, this.total, this.message) : null,
								checkpoint ? this.checkpoint : null));
				versions.put(job, this.version);
			}
		}

		synchronized void saved(long version) {
			if (this.progressVersion <= version) {
				this.savedProgress = Math.max(this.savedProgress, this.progressVersion);
			}
			if (this.checkpointVersion <= version) {
				this.savedCheckpoint = Math.max(this.savedCheckpoint, this.checkpointVersion);
			}
		}

	}

}
