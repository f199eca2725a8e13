package dev.taskflow.sample;

import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.taskflow.StepResult;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Captures payments at a flaky provider that fails about half of all calls, so that
 * retries and, now and then, a job that runs out of attempts can be seen. Its retry
 * policy (five attempts, short backoff) is set in {@code application.yml}.
 * <p>
 * It also charges and refunds the orders of the {@code checkout} workflow
 * ({@link CheckoutService}), at a provider that does not fail: the checkout's flaky step
 * is its shipment.
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

	/**
	 * The step {@code charge} of a checkout.
	 * @param order the order
	 * @param context the running job
	 * @return the charge, which the steps after it and the refund read
	 */
	@TaskHandler("payment.charge")
	public Charge charge(Order order, TaskContext context) {
		logger.info("Charged " + order.amountCents() + " cents for order " + order.orderId());
		// as for a capture, the attempt id makes the provider charge once
		return new Charge(order.orderId(), order.amountCents(), "ch-" + context.attemptId());
	}

	/**
	 * The compensation of the step {@code charge}: it runs only when the charge succeeded
	 * and the checkout failed later, and refunds that very transaction.
	 * @param order the order
	 * @param charge the result of the step {@code charge}
	 * @return the refund
	 */
	@TaskHandler("payment.refund")
	public Refund refund(Order order, @StepResult("charge") Charge charge) {
		logger.info("Refunded " + charge.amountCents() + " cents of " + charge.transactionId() + " for order "
				+ order.orderId());
		return new Refund(order.orderId(), charge.amountCents(), charge.transactionId());
	}

}
