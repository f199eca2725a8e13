package dev.taskflow.sample;

/**
 * An order to check out: the payload of every step of the {@code checkout} workflow and
 * of its compensations.
 *
 * @param orderId the order's id
 * @param email where the confirmation goes
 * @param sku the article ordered
 * @param quantity how many
 * @param amountCents the amount to charge, in cents
 * @param undeliverable a demo flag: when {@code true} the carrier refuses the order's
 * address, so its shipment fails for good and the checkout is compensated; may be left
 * out (a {@code Boolean}, so that JSON without it reads)
 * @author TaskFlow
 */
public record Order(String orderId, String email, String sku, int quantity, long amountCents, Boolean undeliverable) {

}
