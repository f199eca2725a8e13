package dev.taskflow.sample;

import java.sql.PreparedStatement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;

/**
 * Signs users up: the user row and the welcome e-mail job are written in one transaction,
 * so there is never a user without a welcome e-mail nor an e-mail for a user that was
 * rolled back.
 *
 * @author TaskFlow
 */
@Service
public class SignupService {

	private final JdbcTemplate jdbcTemplate;

	private final TaskFlow taskFlow;

	public SignupService(JdbcTemplate jdbcTemplate, TaskFlow taskFlow) {
		this.jdbcTemplate = jdbcTemplate;
		this.taskFlow = taskFlow;
	}

	/**
	 * Sign a user up and enqueue the welcome e-mail.
	 * @param signup the form
	 * @param simulateFailure whether to fail after both writes, to show that the
	 * transaction takes the job with it
	 * @return the new user and the welcome job
	 */
	@Transactional
	public SignupResult signUp(Signup signup, boolean simulateFailure) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbcTemplate.update((connection) -> {
			PreparedStatement statement = connection
				.prepareStatement("INSERT INTO sample_user (email, name) VALUES (?, ?)", new String[] { "id" });
			statement.setString(1, signup.email());
			statement.setString(2, signup.name());
			return statement;
		}, keys);
		long userId = keys.getKeyAs(Number.class).longValue();
		JobId welcome = this.taskFlow.enqueue(JobRequest.of("email.send",
				new Email(signup.email(), "Welcome, " + signup.name() + "!", "Thanks for signing up.")));
		if (simulateFailure) {
			throw new SignupFailedException(welcome);
		}
		return new SignupResult(userId, signup.email(), welcome.toString());
	}

	/**
	 * The outcome of a sign-up.
	 *
	 * @param userId the new user's id
	 * @param email the new user's e-mail address
	 * @param welcomeJobId the id of the welcome e-mail job
	 */
	public record SignupResult(long userId, String email, String welcomeJobId) {

	}

	/**
	 * Thrown by a sign-up told to fail; it rolls the transaction back.
	 */
	public static class SignupFailedException extends RuntimeException {

		private final JobId rolledBackJob;

		SignupFailedException(JobId rolledBackJob) {
			super("Sign-up failed on purpose; welcome job " + rolledBackJob + " was rolled back with the user");
			this.rolledBackJob = rolledBackJob;
		}

		/**
		 * The id of the welcome job that was enqueued and then rolled back.
		 * @return the job id
		 */
		public JobId getRolledBackJob() {
			return this.rolledBackJob;
		}

	}

}
