package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchbox.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** watchbox.cluster.truststore read at start-up: what it trusts, and a bad file named by its key. */
class RedisTrustTest {

    @TempDir
    static Path keys;
    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.make(keys);
    }

    private static String trustedSubject(String location, String password) {
        X509TrustManager manager = (X509TrustManager) RedisTrust.load(location, password).getTrustManagers()[0];
        X509Certificate[] issuers = manager.getAcceptedIssuers();
        assertEquals(1, issuers.length);
        return issuers[0].getSubjectX500Principal().getName();
    }

    @Test
    void aPemFileOrAPkcs12StoreIsTrustedAndNothingElse() throws Exception {
        assertEquals("CN=Watchbox test CA", trustedSubject(certificates.caPem.toString(), null));
        Path store = certificates.caTrustStore(keys.resolve("trust.p12"), "trust-pass");
        assertEquals("CN=Watchbox test CA", trustedSubject(store.toString(), "trust-pass"));
    }

    @Test
    void aFileThatCannotBeUsedFailsNamingTheKey() throws Exception {
        Path text = Files.writeString(keys.resolve("notes.txt"), "not a certificate");
        Path brokenPem = Files.writeString(keys.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        for (String bad : new String[] {keys.resolve("missing.pem").toString(), keys.toString(), text.toString(),
                brokenPem.toString(), certificates.serverKeyPem.toString()}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RedisTrust.load(bad, null), bad);
            assertTrue(e.getMessage().startsWith("Watchbox setting " + ClusterSettings.TRUSTSTORE + "=" + bad + " "),
                    e.getMessage());
        }
    }

    @Test
    void aStoreWithoutItsPasswordOrWithAWrongOneFailsAndThePasswordIsNotRepeated() throws Exception {
        Path store = certificates.caTrustStore(keys.resolve("locked.p12"), "trust-pass");

        InvalidSettingException wrong = assertThrows(InvalidSettingException.class,
                () -> RedisTrust.load(store.toString(), "guessed-pass"));
        assertTrue(wrong.getMessage().contains(ClusterSettings.TRUSTSTORE_PASSWORD), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("guessed-pass"), wrong.getMessage());

        InvalidSettingException none = assertThrows(InvalidSettingException.class, () -> RedisTrust.load(store.toString(), null));
        assertTrue(none.getMessage().contains("read with its password"), none.getMessage());
    }
}
