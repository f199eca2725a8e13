package dev.taskflow.sample;

/**
 * A sign-up form.
 *
 * @param email the new user's e-mail address
 * @param name the new user's name
 * @author TaskFlow
 */
public record Signup(String email, String name) {

}
