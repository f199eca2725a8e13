package dev.taskflow.sample;

/**
 * The result of a {@code payment.refund} job, the compensation of a checkout's
 * {@code charge}.
 *
 * @param orderId the order refunded
 * @param amountCents the amount, in cents
 * @param transactionId the charge's transaction that was refunded
 * @author TaskFlow
 */
public record Refund(String orderId, long amountCents, String transactionId) {

}
