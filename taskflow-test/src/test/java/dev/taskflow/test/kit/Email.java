package dev.taskflow.test.kit;

/**
 * A mail to send.
 *
 * @param to the address
 * @param subject the subject
 */
public record Email(String to, String subject) {

}
