package dev.taskflow.sample;

import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Captures payments at a flaky provider that fails about half of all calls, so that
 * retries and, now and then, a job that runs out of attempts can be seen. Its retry
 * policy (five attempts, short backoff) is set in {@code application.yml}.
 *
 * @author TaskFlow
 */
@Component
public class PaymentGateway {

	private static final Log logger = LogFactory.getLog(PaymentGateway.class);

	private final double failureRate;

	public PaymentGateway(@Value("${sample.payment.failure-rate:0.5}") double failureRate) {
		this.failureRate = failureRate;
	}

	@TaskHandler("payment.capture")
	public Capture capture(Payment payment, TaskContext context) {
		if (ThreadLocalRandom.current().nextDouble() < this.failureRate) {
			logger.info("Capture of order " + payment.orderId() + " failed on attempt " + context.attempt() + "/"
					+ context.maxAttempts() + (context.isLastAttempt() ? ", giving up" : ", will retry"));
			throw new IllegalStateException("Payment provider unavailable (503) for order " + payment.orderId());
		}
		logger.info("Captured " + payment.amountCents() + " cents for order " + payment.orderId() + " on attempt "
				+ context.attempt() + "/" + context.maxAttempts());
		// the attempt id makes the provider charge once even if this attempt's outcome is
		// lost
		return new Capture(payment.orderId(), payment.amountCents(), "tx-" + context.attemptId(), context.attempt());
	}

}
