package io.watchbox.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Copies files of one pinned npm package into the integration tests' WAR, for the build
 * (exec-maven-plugin): {@code npm pack NAME@VERSION} fetches the package's tarball (from npm's cache
 * when it has it), the tarball's SHA-512 must be the one pinned in the pom, and the files named are
 * taken out of it. So the same bytes reach the test page on every machine, or the build stops and
 * says why. No WebJar of MQTT.js is on Maven Central, which is how uPlot comes in instead.
 *
 * <p>Arguments: the package ({@code mqtt@5.16.0}), its integrity ({@code sha512-...} as npm lists
 * it), a folder to keep the tarball in, the folder to write the files to, then the files, as paths
 * inside the package ({@code dist/mqtt.min.js}).
 */
public final class NpmPackage {

    private static final int TAR_BLOCK = 512;

    private NpmPackage() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 5) {
            throw new IllegalArgumentException(
                    "usage: NpmPackage <name@version> <sha512-integrity> <tarball folder> <output folder> <file>...");
        }
        String spec = args[0];
        String integrity = args[1];
        Path cache = Path.of(args[2]);
        Path output = Path.of(args[3]);
        List<String> files = List.of(args).subList(4, args.length);
        Path tarball = cache.resolve(spec.replace('@', '-').replace('/', '_') + ".tgz");
        if (!Files.isRegularFile(tarball) || !integrity.equals(integrityOf(tarball))) {
            pack(spec, cache, tarball);
        }
        String actual = integrityOf(tarball);
        if (!integrity.equals(actual)) {
            throw new IllegalStateException("npm served " + spec + " with integrity " + actual + ", not the " + integrity
                    + " pinned in src/pom.xml: check the version and pin its integrity (npm view " + spec + " dist.integrity)");
        }
        extract(tarball, output, files);
        System.out.println("[INFO] " + spec + ": " + String.join(", ", files) + " copied into " + output);
    }

    private static void pack(String spec, Path cache, Path tarball) throws IOException, InterruptedException {
        Path npm = ExecutableOnPath.find("npm").orElseThrow(() -> new IllegalStateException("npm not found on the PATH: "
                + "the MQTT.js browser test (MqttJsIT) needs " + spec + " from npm (Debian package npm), or build with -DskipTests"));
        Path work = Files.createDirectories(cache).resolve("pack");
        Files.createDirectories(work);
        // --prefer-offline: a package in npm's cache is taken from there, so a rebuild needs no network.
        Process process = new ProcessBuilder(npm.toString(), "pack", spec, "--prefer-offline", "--silent",
                "--pack-destination", work.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("npm pack " + spec + " exited with " + exit
                    + ": the MQTT.js browser test (MqttJsIT) needs it from the npm registry");
        }
        try (var packed = Files.list(work)) {
            Path file = packed.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("npm pack " + spec + " wrote no tarball into " + work));
            Files.move(file, tarball, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The tarball's hash as npm writes it in {@code dist.integrity}. */
    private static String integrityOf(Path file) throws IOException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file));
            return "sha512-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-512", e);
        }
    }

    /**
     * Writes the wanted files of an npm tarball (a gzipped ustar archive whose paths start with
     * {@code package/}) flat into the output folder. Fails naming any file the package lacks.
     */
    private static void extract(Path tarball, Path output, List<String> wanted) throws IOException {
        Set<String> missing = new HashSet<>(wanted);
        Files.createDirectories(output);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
            byte[] header = new byte[TAR_BLOCK];
            while (in.readNBytes(header, 0, TAR_BLOCK) == TAR_BLOCK && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK);
                String inPackage = path.startsWith("package/") ? path.substring("package/".length()) : path;
                if (header[156] == '0' || header[156] == 0) {
                    if (missing.remove(inPackage)) {
                        Files.write(output.resolve(Path.of(inPackage).getFileName()), body);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(tarball.getFileName() + " has no " + missing);
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
