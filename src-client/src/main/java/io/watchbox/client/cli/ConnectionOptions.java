package io.watchbox.client.cli;

import io.watchbox.client.WatchboxClient;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of {@code sub} and {@code pub} that say where to connect and as whom: the server's
 * URL, the token, the uid, and whom {@code wss://} trusts.
 */
final class ConnectionOptions {
    static final String TOKEN_VARIABLE = "WATCHBOX_TOKEN";
    static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:9080/watchbox");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--url", paramLabel = "URL", converter = WebSocketUrl.class, order = 10,
            description = {"the server's endpoint, ws:// or wss://", "(default ${DEFAULT-VALUE})"})
    URI url = DEFAULT_URL;

    @Option(names = "--token", paramLabel = "TOKEN", order = 11,
            description = "credential for the server (a JWT); or set " + TOKEN_VARIABLE
                + " in the environment, which keeps it out of the shell history")
    String token;

    @Option(names = {"-i", "--uid"}, paramLabel = "UID", order = 12,
            description = "the session's uid, 1-64 of [A-Za-z0-9_-] (default: one the server makes); "
                + "a uid whose session is live is taken only with a --token of the same user")
    String uid;

    @Option(names = "--cacert", paramLabel = "FILE", order = 13,
            description = "for wss://, trust the certificates in this PEM file instead of the JDK's "
                + "(the bundled server's: liberty/target/dev-keys/tls.pem)")
    Path cacert;

    @Option(names = "--truststore", paramLabel = "FILE", order = 14,
            description = "for wss://, trust the certificates of this PKCS12 or JKS trust store instead")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", order = 15,
            description = "the trust store's password")
    String truststorePassword;

    /** The token of the option, else of the environment; null for none. */
    String token(Map<String, String> environment) {
        return token != null ? token : environment.get(TOKEN_VARIABLE);
    }

    /** @throws ParameterException when the trust options contradict each other */
    TrustOptions trust() {
        if (cacert != null && truststore != null) {
            throw new ParameterException(command.commandLine(), "--cacert and --truststore exclude each other");
        }
        if (truststorePassword != null && truststore == null) {
            throw new ParameterException(command.commandLine(), "--truststore-password goes with --truststore");
        }
        return new TrustOptions(cacert, truststore, truststorePassword);
    }

    /**
     * A client builder for these options.
     *
     * @throws ParameterException when the options make no valid client
     * @throws CommandFailure when the trusted certificates cannot be read
     */
    WatchboxClient.Builder builder(Map<String, String> environment) throws CommandFailure {
        TrustOptions trust = trust();
        WatchboxClient.Builder builder = WatchboxClient.builder(url).token(token(environment));
        try {
            builder.uid(uid);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--uid: " + e.getMessage());
        }
        try {
            trust.sslContext().ifPresent(builder::sslContext);
        } catch (IOException | GeneralSecurityException e) {
            throw new CommandFailure("cannot use " + trust.source() + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        return builder;
    }

    /** Takes a ws:// or wss:// URL with a host, and nothing else. */
    static final class WebSocketUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            URI url;
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                throw new TypeConversionException("not a valid URL: " + text);
            }
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))
                    || url.getHost() == null) {
                throw new TypeConversionException("must be a ws:// or wss:// URL with a host: " + text);
            }
            return url;
        }
    }
}
