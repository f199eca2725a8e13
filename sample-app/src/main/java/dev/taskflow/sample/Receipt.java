package dev.taskflow.sample;

import java.time.Instant;

/**
 * The result of an {@code email.send} job.
 *
 * @param messageId the id the (pretend) mail server gave the message
 * @param to the recipient
 * @param sentAt when it was sent
 * @author TaskFlow
 */
public record Receipt(String messageId, String to, Instant sentAt) {

}
