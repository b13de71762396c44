package io.watchbox.client;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's keytool, which makes the development keys in the build too. */
public final class Keytool {

    private Keytool() {
    }

    public static void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/keytool").getPath()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
