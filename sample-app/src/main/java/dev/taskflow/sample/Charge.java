package dev.taskflow.sample;

/**
 * The result of a {@code payment.charge} job: the step {@code charge} of a checkout.
 *
 * @param orderId the order charged
 * @param amountCents the amount, in cents
 * @param transactionId the provider's transaction, which a refund names
 * @author TaskFlow
 */
public record Charge(String orderId, long amountCents, String transactionId) {

}
