package dev.taskflow;

/**
 * Thrown by {@link TaskFlow#retry(JobId)} when the job to retry was enqueued with a
 * {@link JobRequest#uniqueKey(String) unique key} that another active (pending or
 * running) job holds now: the retry would make two active jobs with one key, so it
 * changes nothing. Retry it once that job has finished, or cancel that job first.
 *
 * @author TaskFlow
 */
public class UniqueKeyConflictException extends IllegalStateException {

	private final JobId jobId;

	private final String uniqueKey;

	private final JobId activeJobId;

	/**
	 * Create an exception for a retry refused because of its unique key.
	 * @param jobId the job that was to be retried
	 * @param uniqueKey its unique key
	 * @param activeJobId the active job that holds the key
	 */
	public UniqueKeyConflictException(JobId jobId, String uniqueKey, JobId activeJobId) {
		super("Job " + jobId + " was not retried: its unique key '" + uniqueKey + "' is held by active job "
				+ activeJobId + ". Retry it once that job has finished, or cancel that job first");
		this.jobId = jobId;
		this.uniqueKey = uniqueKey;
		this.activeJobId = activeJobId;
	}

	/**
	 * The job that was to be retried; it is unchanged.
	 * @return the job id
	 */
	public JobId getJobId() {
		return this.jobId;
	}

	/**
	 * The unique key the job was enqueued with.
	 * @return the key
	 */
	public String getUniqueKey() {
		return this.uniqueKey;
	}

	/**
	 * The pending or running job that holds the key.
	 * @return its id
	 */
	public JobId getActiveJobId() {
		return this.activeJobId;
	}

}
