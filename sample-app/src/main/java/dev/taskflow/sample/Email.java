package dev.taskflow.sample;

/**
 * The payload of an {@code email.send} job.
 *
 * @param to the recipient
 * @param subject the subject line
 * @param body the text
 * @author TaskFlow
 */
public record Email(String to, String subject, String body) {

}
