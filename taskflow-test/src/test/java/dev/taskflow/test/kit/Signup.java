package dev.taskflow.test.kit;

import org.springframework.stereotype.Service;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;

/**
 * Registers a user and enqueues the welcome mail.
 *
 * @author TaskFlow
 */
@Service
public class Signup {

	private final TaskFlow taskFlow;

	Signup(TaskFlow taskFlow) {
		this.taskFlow = taskFlow;
	}

	/**
	 * Register a user.
	 * @param address the user's mail address
	 */
	public void register(String address) {
		this.taskFlow.enqueue(JobRequest.of("email.send", new Email(address, "Welcome")).queue("mail"));
	}

}
