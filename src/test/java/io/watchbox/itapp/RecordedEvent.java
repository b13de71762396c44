package io.watchbox.itapp;

/** One CDI event as an observer in the deployment saw it. */
public record RecordedEvent(String observer, String kind, String uid, String user, String group, String msg,
                            String reason, String time) {
}
