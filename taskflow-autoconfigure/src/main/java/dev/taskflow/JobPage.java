package dev.taskflow;

import java.util.List;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * A page of jobs from {@link Jobs#list(JobQuery)}, newest first, with the cursor of the
 * page after it.
 *
 * @author TaskFlow
 */
public final class JobPage {

	private final List<JobView> jobs;

	private final String nextCursor;

	private JobPage(List<JobView> jobs, String nextCursor) {
		this.jobs = jobs;
		this.nextCursor = nextCursor;
	}

	/**
	 * A page of the given jobs.
	 * @param jobs the jobs, newest first (by creation time, then id)
	 * @param more whether more jobs follow the last of them
	 * @return the page, whose next cursor points after its last job when more follow
	 */
	public static JobPage of(List<? extends JobView> jobs, boolean more) {
		Assert.notNull(jobs, "'jobs' must not be null");
		Assert.isTrue(!more || !jobs.isEmpty(), "An empty page cannot be followed by more jobs");
		String next = null;
		if (more) {
			JobView last = jobs.get(jobs.size() - 1);
			next = new JobCursor(last.createdAt(), last.id()).toString();
		}
		return new JobPage(List.copyOf(jobs), next);
	}

	/**
	 * The jobs of this page, newest first.
	 * @return the jobs
	 */
	public List<JobView> jobs() {
		return this.jobs;
	}

	/**
	 * The cursor of the next page, to pass to {@link JobQuery#after(String)}.
	 * @return the cursor, or empty on the last page
	 */
	public Optional<String> nextCursor() {
		return Optional.ofNullable(this.nextCursor);
	}

	@Override
	public String toString() {
		return "JobPage[" + this.jobs.size() + " job(s)" + ((this.nextCursor != null) ? ", more" : "") + "]";
	}

}
