package dev.taskflow.store;

/**
 * What a running job reported since its last write, to store with the renewal of its
 * lease: its progress, its checkpoint, or both.
 *
 * @param progress its latest progress, or {@code null} if it did not change
 * @param checkpoint its checkpoint document (JSON), or {@code null} if it did not change
 * @author TaskFlow
 */
public record JobReport(ProgressUpdate progress, String checkpoint) {

}
