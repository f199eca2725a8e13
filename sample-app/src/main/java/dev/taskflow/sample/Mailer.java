package dev.taskflow.sample;

import java.time.Instant;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.taskflow.NonRetryableException;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Sends e-mail, or pretends to: enough to show a handler with a payload, a result and a
 * {@link TaskContext}.
 *
 * @author TaskFlow
 */
@Component
public class Mailer {

	private static final Log logger = LogFactory.getLog(Mailer.class);

	@TaskHandler("email.send")
	public Receipt send(Email email, TaskContext context) throws InterruptedException {
		if (email == null || email.to() == null || !email.to().contains("@")) {
			// retrying cannot fix a bad address: fail the job at once
			throw new NonRetryableException("not an e-mail address: " + ((email != null) ? email.to() : null));
		}
		Thread.sleep(50);
		// a real mail API would take the attempt id as its idempotency key
		String messageId = UUID.nameUUIDFromBytes(context.attemptId().getBytes()).toString();
		logger.info("Sent '" + email.subject() + "' to " + email.to() + " (job " + context.jobId() + ", attempt "
				+ context.attempt() + "/" + context.maxAttempts() + ")");
		return new Receipt(messageId, email.to(), Instant.now());
	}

}
