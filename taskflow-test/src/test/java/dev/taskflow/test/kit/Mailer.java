package dev.taskflow.test.kit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import dev.taskflow.TaskHandler;

/**
 * Sends mails, failing the first attempts to an address that asks for it.
 *
 * @author TaskFlow
 */
@Component
public class Mailer {

	/**
	 * The mails sent, in order.
	 */
	public static final List<Email> sent = new CopyOnWriteArrayList<>();

	/**
	 * The threads the mails were sent on.
	 */
	public static final List<Thread> threads = new CopyOnWriteArrayList<>();

	/**
	 * How many more attempts to {@code flaky@example.com} fail.
	 */
	public static final AtomicInteger failuresLeft = new AtomicInteger();

	/**
	 * Forget what was sent.
	 */
	public static void reset() {
		sent.clear();
		threads.clear();
		failuresLeft.set(0);
	}

	@TaskHandler("email.send")
	void send(Email mail) {
		threads.add(Thread.currentThread());
		if (mail.to().startsWith("flaky") && failuresLeft.getAndDecrement() > 0) {
			throw new IllegalStateException("mail server down for " + mail.to());
		}
		if (mail.to().startsWith("broken")) {
			throw new IllegalArgumentException("no such mailbox: " + mail.to());
		}
		sent.add(mail);
	}

}
