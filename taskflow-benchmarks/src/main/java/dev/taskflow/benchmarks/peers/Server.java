package dev.taskflow.benchmarks.peers;

/**
 * The PostgreSQL server of the comparison: TaskFlow's benchmark database on it, and a
 * database of their own for each peer.
 *
 * @param url the JDBC URL of TaskFlow's benchmark database
 * @param username the user, who may create databases
 * @param password the password
 * @author TaskFlow
 */
public record Server(String url, String username, String password) {

}
